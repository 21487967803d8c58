/**
 * Parsing one chunk of raw messages into a cache entry. Several parses run at once: mailparser
 * yields to the event loop between stream steps, and overlapping parses keep the core busy.
 */
import { parseMessage, type MessageSource } from '../lib/message.ts';
import { toIndexMeta, writeChunk, type IndexMeta } from './cache.ts';

/** A parsed chunk as the import receives it. */
export interface ChunkResult {
  /** The messages' cached metadata as JSON lines, for `messages.ndjson`. */
  lines: string;
  /** What indexing needs of each message, in file order. */
  metas: IndexMeta[];
}

/** Parses in flight at once within one thread. */
export const PARSES_IN_FLIGHT = 8;

/** One chunk of work: raw messages concatenated in one buffer (one transfer between threads). */
export interface ChunkRequest {
  /** The cache entry folder to write into. */
  dir: string;
  chunk: number;
  bytes: Uint8Array;
  items: { start: number; length: number; envelope: string; source: MessageSource }[];
}

/**
 * Parse a chunk of messages and write it to the cache entry.
 *
 * @param request the chunk
 * @returns the messages' metadata, in input order
 */
export async function parseChunk(request: ChunkRequest): Promise<ChunkResult> {
  const all = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  const parsed: Awaited<ReturnType<typeof parseMessage>>[] = new Array(request.items.length);
  const raws: Buffer[] = request.items.map((item) => all.subarray(item.start, item.start + item.length));
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < request.items.length) {
      const i = next++;
      const item = request.items[i]!;
      parsed[i] = await parseMessage(raws[i]!, item.envelope, item.source);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARSES_IN_FLIGHT, request.items.length) }, lane));
  const metas = await writeChunk(
    request.dir,
    request.chunk,
    parsed.map((p, i) => ({ message: p.message, raw: raws[i]!, attachmentData: p.attachmentData })),
  );
  // Serialised here, on the worker's core; the import thread only appends the text and keeps the
  // small part it indexes.
  return { lines: metas.map((m) => `${JSON.stringify(m)}\n`).join(''), metas: metas.map(toIndexMeta) };
}
