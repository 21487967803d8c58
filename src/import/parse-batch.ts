/**
 * Parsing one chunk of raw messages into a source entry of the store. Several parses run at once:
 * mailparser yields to the event loop between stream steps, and overlapping parses keep the core busy.
 */
import { analyzeMessage } from '../lib/analysis.ts';
import { parseMessage, type MessageSource } from '../lib/message.ts';
import { writeChunk, type MessageMeta } from '../store/store.ts';

/** Parses in flight at once within one thread. */
export const PARSES_IN_FLIGHT = 8;

/** One chunk of work: raw messages concatenated in one buffer (one transfer between threads). */
export interface ChunkRequest {
  /** The source entry's folder (absolute) to write into. */
  dir: string;
  chunk: number;
  bytes: Uint8Array;
  items: { start: number; length: number; envelope: string; source: MessageSource }[];
}

/**
 * Parse a chunk of messages and write it to the source entry.
 *
 * @param request the chunk
 * @returns the messages' metadata, in input order
 */
export async function parseChunk(request: ChunkRequest): Promise<MessageMeta[]> {
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
  const metas = writeChunk(
    request.dir,
    request.chunk,
    parsed.map((p, i) => ({ message: p.message, raw: raws[i]!, attachmentData: p.attachmentData, ...analyzeMessage(p.message, p.attachmentData) })),
  );
  return metas.map((m, i) => {
    const source = request.items[i]!.source;
    return { ...m, index: source.index, offset: source.offset, length: source.length };
  });
}
