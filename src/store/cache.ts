/**
 * The per-mbox cache: parsed messages of one mbox file, reused while the file is unchanged.
 *
 * Layout of one entry, `.threadline/cache/<list>/<file-key>/`:
 *   messages.ndjson     metadata of every message (no bodies), one JSON line each, in file order
 *   chunk-NNNNN.json    whole messages (bodies included) of up to CHUNK_MESSAGES messages
 *   chunk-NNNNN.raw     their raw bytes, concatenated, then their attachments' bytes
 *   entry.json          written last: what file state the entry belongs to
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Message } from '../lib/message.ts';
import { hash64 } from '../lib/urls.ts';

/** Bump when the cached shape, or what parsing gives, changes, so old caches are re-parsed instead of misread. */
export const CACHE_VERSION = 7;
/** Messages per body chunk: a page reads one chunk, so chunks stay small. A chunk is also the
 * unit of work a parse worker gets. */
export const CHUNK_MESSAGES = 96;
/** A chunk is closed early once its raw bytes pass this size. */
export const CHUNK_BYTES = 1024 * 1024;

/** A message's metadata as cached: the message without its bodies, plus where the bodies are. */
export interface CachedMessage extends Omit<Message, 'text' | 'html'> {
  body: {
    chunk: number;
    index: number;
    rawOffset: number;
    rawLength: number;
    /** Offset and length of each attachment's bytes in the chunk's raw file. */
    attachments?: [number, number][];
  };
  hasHtml: boolean;
  textLength: number;
}

/** The part of a message's metadata that indexing reads: what crosses from a worker to the import. */
export interface IndexMeta extends Pick<CachedMessage, 'messageId' | 'references' | 'inReplyTo' | 'subject' | 'from' | 'date' | 'dateSource' | 'warnings' | 'body'> {
  source: { file: string; index: number };
  attachmentTypes: string[];
}

/**
 * The indexing part of a cached message.
 *
 * @param m the cached metadata
 */
export function toIndexMeta(m: CachedMessage): IndexMeta {
  return {
    messageId: m.messageId,
    references: m.references,
    inReplyTo: m.inReplyTo,
    subject: m.subject,
    from: m.from,
    date: m.date,
    dateSource: m.dateSource,
    warnings: m.warnings,
    body: m.body,
    source: { file: m.source.file, index: m.source.index },
    attachmentTypes: m.attachments.map((a) => a.contentType),
  };
}

/** A chunk holds whole messages, bodies included: a message page reads one chunk and nothing else. */
export interface CachedBody {
  message: Message;
  /** Offset and length of the raw message in the chunk's raw file. */
  raw: [number, number];
  /** Offset and length of each attachment's bytes in the chunk's raw file. */
  attachments: [number, number][];
}

/** What an entry was made from; an entry is valid while the file still matches it. */
export interface CacheStamp {
  version: number;
  file: string;
  size: number;
  mtimeMs: number;
  messages: number;
}

/**
 * The cache folder name of an mbox file: readable, and unique per path.
 *
 * @param relativeFile the mbox path relative to the archive folder
 */
export function cacheKey(relativeFile: string): string {
  const base = relativeFile.split('/').pop()!.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').slice(0, 48);
  return `${base}-${hash64(relativeFile).slice(0, 8)}`;
}

/**
 * Whether an entry was made from the file as it is now (same size and mtime, same cache version)
 * and was finished.
 *
 * @param dir the entry's folder
 * @param stamp what the file looks like now
 */
export async function cacheIsValid(dir: string, stamp: Omit<CacheStamp, 'messages'>): Promise<boolean> {
  try {
    const saved = JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8')) as CacheStamp;
    await access(join(dir, 'messages.ndjson'));
    return saved.version === stamp.version && saved.file === stamp.file && saved.size === stamp.size && saved.mtimeMs === stamp.mtimeMs;
  } catch {
    return false;
  }
}

/**
 * The metadata of an entry's messages, one at a time, in file order (`messages.ndjson` is read as a
 * stream: an entry can hold hundreds of thousands of messages).
 *
 * @param dir the entry's folder
 */
export async function* readCachedMetas(dir: string): AsyncGenerator<CachedMessage> {
  let rest = '';
  for await (const chunk of createReadStream(join(dir, 'messages.ndjson'), { encoding: 'utf8', highWaterMark: 1024 * 1024 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line !== '') yield JSON.parse(line) as CachedMessage;
  }
  if (rest !== '') yield JSON.parse(rest) as CachedMessage;
}

/**
 * Empty (or create) a cache entry's folder before its chunks are written.
 *
 * @param dir the entry's folder
 */
export async function openCacheEntry(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

/**
 * Write one chunk of parsed messages: whole messages as JSON; raw bytes and attachment bytes
 * concatenated in one file. Runs in the parse workers, so bodies never travel between threads.
 *
 * @param dir the entry's folder
 * @param chunk the chunk's number
 * @param parsed the chunk's messages with their raw and attachment bytes, in file order
 * @returns the messages' metadata, bodies left out
 */
export async function writeChunk(
  dir: string,
  chunk: number,
  parsed: readonly { message: Message; raw: Uint8Array; attachmentData: readonly Uint8Array[] }[],
): Promise<CachedMessage[]> {
  const metas: CachedMessage[] = [];
  const blobs: Uint8Array[] = [];
  let rawOffset = 0;
  for (const [index, { message, raw }] of parsed.entries()) {
    const { text, html, ...meta } = message;
    metas.push({
      ...meta,
      body: { chunk, index, rawOffset, rawLength: raw.byteLength },
      hasHtml: html !== undefined,
      textLength: text.length,
    });
    blobs.push(raw);
    rawOffset += raw.byteLength;
  }
  // Attachments follow the raw messages in the same file: one file per chunk, not per attachment.
  for (const [index, { attachmentData }] of parsed.entries()) {
    const offsets: [number, number][] = [];
    for (const data of attachmentData) {
      offsets.push([rawOffset, data.byteLength]);
      blobs.push(data);
      rawOffset += data.byteLength;
    }
    metas[index]!.body.attachments = offsets;
  }
  const stored: CachedBody[] = parsed.map((p, index) => ({
    message: p.message,
    raw: [metas[index]!.body.rawOffset, metas[index]!.body.rawLength],
    attachments: metas[index]!.body.attachments ?? [],
  }));
  await writeFile(chunkPath(dir, chunk, 'json'), JSON.stringify(stored));
  await writeFile(chunkPath(dir, chunk, 'raw'), Buffer.concat(blobs));
  return metas;
}

/** Appends messages' metadata to an entry's `messages.ndjson` as they are parsed, then stamps it. */
export class MetaWriter {
  private readonly dir: string;
  private readonly out: WriteStream;
  private count = 0;

  /**
   * @param dir the entry's folder (already opened with `openCacheEntry`)
   */
  constructor(dir: string) {
    this.dir = dir;
    this.out = createWriteStream(join(dir, 'messages.ndjson'));
  }

  /**
   * Append the metadata of a chunk's messages, already serialised as JSON lines by a worker.
   *
   * @param lines one JSON document per line, each ending in a newline
   * @param count how many messages the lines hold
   */
  async writeLines(lines: string, count: number): Promise<void> {
    this.count += count;
    if (!this.out.write(lines)) await once(this.out, 'drain');
  }

  /**
   * Finish the entry: close the metadata, then write the stamp (last, so a crash leaves an entry
   * that is never reused).
   *
   * @param stamp the file's state
   */
  async close(stamp: Omit<CacheStamp, 'messages'>): Promise<void> {
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const tmp = join(this.dir, 'entry.json.tmp');
    await writeFile(tmp, JSON.stringify({ ...stamp, messages: this.count } satisfies CacheStamp));
    await rename(tmp, join(this.dir, 'entry.json'));
  }
}

/**
 * The path of a body chunk or raw chunk of an entry.
 *
 * @param dir the entry's folder
 * @param chunk the chunk number
 * @param kind `json` for bodies, `raw` for raw bytes
 */
export function chunkPath(dir: string, chunk: number, kind: 'json' | 'raw'): string {
  return join(dir, `chunk-${String(chunk).padStart(5, '0')}.${kind}`);
}
