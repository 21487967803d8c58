/**
 * Streaming an mbox file from disk into the pure splitter, gzip or not.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { MboxSplitter, NotMboxError, type MboxMessage } from '../lib/mbox.ts';
import type { ByteDigest } from '../store/store.ts';

/** Bytes read from disk at a time. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Thrown when a file cannot be read as an mbox; the message names the file and what to do. */
export class MboxFileError extends Error {
  readonly file: string;
  /** What is wrong, without the file name. */
  readonly problem: string;
  /** The file could not be read at all (its permissions, a missing file), as opposed to read and found not to be mbox. */
  readonly unreadable: boolean;
  constructor(file: string, problem: string, unreadable = false) {
    super(`${file}: ${problem}`);
    this.name = 'MboxFileError';
    this.file = file;
    this.problem = problem;
    this.unreadable = unreadable;
  }
}

/**
 * Whether a file is gzip-compressed, judged by its magic bytes rather than its name.
 *
 * @param file path of the file
 */
async function isGzipFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Why a file cannot be read (its first bytes, as a read starts), or undefined when it can.
 *
 * @param file path of the file
 */
export async function readProblem(file: string): Promise<string | undefined> {
  try {
    await isGzipFile(file);
    return undefined;
  } catch (error) {
    return cannotRead((error as NodeJS.ErrnoException).code ?? 'error');
  }
}

/** The problem of a file the system would not let us read. */
function cannotRead(code: string): string {
  return `cannot be read (${code}); check that it exists and is readable.`;
}

/** Where to start reading a plain file that was read before and has grown since. */
export interface ReadFrom {
  /** Byte offset to start at: the envelope line of the last message read before. */
  offset: number;
  /** That message's position in the file. */
  index: number;
}

/** What a read learnt of its file besides the messages, set when the read ends. */
export interface ReadSummary {
  /** Whether the file is gzip (set before the first message). */
  gzip?: boolean;
  /** The logical (decompressed) length of the file. */
  logicalBytes?: number;
  /** With the option `digest`, the hash of the bytes read from disk and their range. */
  digest?: ByteDigest;
}

/**
 * Read an mbox file (plain or gzip) and yield its messages in batches, in bounded memory. With
 * `from`, a plain file is read from that offset on, positions continuing from there.
 *
 * @param file path of the mbox
 * @param options `onBytes` for progress displays; `from` to resume a plain file; `digest` to hash
 *   the bytes read from disk
 * @param summary receives what the read learnt of the file
 */
export async function* readMboxFile(
  file: string,
  options: { onBytes?: (n: number) => void; from?: ReadFrom; digest?: boolean } = {},
  summary: ReadSummary = {},
): AsyncGenerator<MboxMessage[]> {
  let gzip: boolean;
  try {
    gzip = await isGzipFile(file);
  } catch (error) {
    throw readError(file, error);
  }
  summary.gzip = gzip;
  const from = gzip ? undefined : options.from;
  const start = from?.offset ?? 0;
  const disk = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES, start });
  // The bytes on disk from `start` to the end, hashed as they pass.
  const digest = options.digest ? createHash('sha1') : undefined;
  let diskAt = start;
  disk.on('data', (chunk) => {
    const bytes = chunk as Buffer;
    digest?.update(bytes);
    diskAt += bytes.length;
    options.onBytes?.(bytes.length);
  });
  const input = gzip ? disk.pipe(createGunzip({ chunkSize: READ_CHUNK_BYTES })) : disk;
  if (gzip) disk.on('error', (error) => input.destroy(error));
  const splitter = new MboxSplitter();
  let at = start;
  const shift = (m: MboxMessage): MboxMessage => ({ ...m, index: m.index + (from?.index ?? 0), offset: m.offset + start });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      at += chunk.length;
      const batch = splitter.push(chunk);
      if (batch.length > 0) yield from ? batch.map(shift) : batch;
    }
    const last = splitter.end();
    if (last.length > 0) yield from ? last.map(shift) : last;
    summary.logicalBytes = at;
    if (digest) summary.digest = { start, end: diskAt, hash: digest.digest('hex') };
  } catch (error) {
    disk.destroy();
    throw readError(file, error);
  }
}

/** An error of reading `file` as an `MboxFileError` that says what to do, when it is one of those. */
function readError(file: string, error: unknown): unknown {
  if (error instanceof NotMboxError) {
    return new MboxFileError(file, `${error.message}. Put only mbox files (or .gz of them) in the archive folder.`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
    return new MboxFileError(file, `the gzip data is corrupt (${(error as Error).message}); re-download or recompress the file.`);
  }
  if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOENT') {
    return new MboxFileError(file, cannotRead(code), true);
  }
  return error;
}
