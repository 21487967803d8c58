/**
 * The store (`.threadline/` by default): everything the import, the index and the site build
 * keep between builds. This module owns its format: the types, the one writer and the one reader
 * of every file in it. Nothing else reads or writes store files.
 *
 *   sources/<list>/<entry>/state.json      what an mbox file looked like when it was read (written last)
 *   sources/<list>/<entry>/meta-NNN.bin    metadata of the messages one read added (a segment), by column
 *   sources/<list>/<entry>/chunk-NNNNN.body  whole parsed messages of up to 96 messages, gzip'd JSON
 *   sources/<list>/<entry>/chunk-NNNNN.raw   their original bytes, then their attachments' bytes
 *   lists/<list>.bin                       a list after the index phase: config, index, per-message columns
 *   lists.json                             the lists' summaries
 *   caches/<name>.bin                      results the build keeps between builds (minutes, search terms)
 *   sites/<site>/manifest.json             what a build wrote into a site folder, with each file's key
 *   sites/<site>/journal                   files written since the manifest, by a build that did not finish,
 *                                          and files it began to write (key `?`)
 *   sites/<site>/cleared.txt               files of the last build a clean build emptied, until it finishes
 *   sites/<site>/written.txt, removed.txt  the files the last build wrote and removed, for a deploy step
 *   report.json                            the last import's and build's report
 *   lock                                   the process that builds or imports with the store now
 *   lock.break                             a build taking over a stale lock, for a moment (see `breakLock`)
 *
 * Metadata is binary and by column (`v8.serialize` of arrays): a list of 160,000 messages loads in
 * a fraction of a second, where a JSON document per message took several. Parsed bodies are
 * compressed (they are read a chunk at a time, when a page is rendered); raw bytes are not, as
 * compressing them doubled the parse workers' time. linux-btrfs 2020 (105 MB of mail) makes a
 * store of 137 MB.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip, gzipSync, constants as zlib } from 'node:zlib';
import type { ArchiveIndex, IndexedMessage, IndexedThread } from '../lib/archive.ts';
import type { ListConfig } from '../lib/list-config.ts';
import type { Address, Message, Warning, WarningKind } from '../lib/message.ts';
import { hash64 } from '../lib/urls.ts';

/**
 * Bump when any file's shape changes, or what a message parses to (the mbox splitter, the
 * parser's reading of headers, charsets, multiparts or dates, or what the parse phase records of
 * patches: trailers, "applied"): a store of another version is read again from the mail, so an
 * archive upgraded in place gets what a new store would. (At 7, the trailers a reply gives a
 * patch are read past Mutt's forward marker and the separators around a writer's own text.) A
 * list file marks its layout itself (`PACKED_LIST_VERSION`): a list is indexed again from the
 * stored metadata, which needs no mail read again.
 */
export const STORE_VERSION = 7;
/** Characters of whole lines the journal takes in one write (see `Store.journal`). */
const JOURNAL_WRITE_CHARS = 64 * 1024;
/** A file's key in the journal from when a build begins to write it until it records it written. */
const WRITING = '?';

/** One line of a site's journal: a file's path and key. */
function journalLine(path: string, key: string): string {
  return `${path}\t${key}\n`;
}

/** Records the files a writer is about to write (see `Store.writingJournal`). */
export interface WritingJournal {
  /** Record that this file is about to be written. */
  writing(path: string): void;
  close(): void;
}
/** Messages per body chunk: a page reads one chunk, and a chunk is a parse worker's unit of work. */
export const CHUNK_MESSAGES = 96;
/** A chunk is closed early once its raw bytes pass this size. */
export const CHUNK_BYTES = 1024 * 1024;
/** Decompressed chunks a reader keeps; pages of one thread read a few chunks, over and over. */
export const CHUNK_CACHE_SIZE = 32;
/** Bytes before the end of what was read whose hash tells an appended file from a changed one. */
export const TAIL_WINDOW_BYTES = 4096;

// Bodies are compressed fast rather than small: the parse workers compress every message.
const GZIP = { level: zlib.Z_BEST_SPEED };
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Thrown when the store cannot be used as it is; the message says what to do. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** A short content hash (hex), for keys of bodies, raw bytes and files. */
export function contentHash(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex').slice(0, 24);
}

// ---------------------------------------------------------------------------------------------
// Sources: one entry per mbox file.

/** What one read of an mbox file added: its messages, from byte `start` to byte `end`. */
export interface Segment {
  /** The segment's number; its metadata is `meta-NNN.bin`. */
  n: number;
  /** Logical (decompressed) byte range of the file the segment read. */
  start: number;
  end: number;
  messages: number;
}

/** The hash of a range of a file's bytes on disk: `start` to `end`. */
export interface ByteDigest {
  start: number;
  end: number;
  hash: string;
}

/** What an mbox file looked like when it was read, and where its messages are. */
export interface SourceState {
  version: number;
  /** The mbox path relative to the archive folder. */
  file: string;
  size: number;
  mtimeMs: number;
  gzip: boolean;
  /** Logical bytes read: the decompressed length for a gzip file. */
  logicalBytes: number;
  /**
   * Where a later read of a plain file that grew starts: the envelope line of its last message
   * (read again, as new bytes may belong to it), and a hash of the `TAIL_WINDOW_BYTES` before it,
   * which must be unchanged. Undefined for a gzip file, which is read again in full. `rawHash`
   * is that message's (see `MessageMeta.rawHash`), to tell whether reading it again found it
   * changed, and `readBeforeKey` its Message-ID and a hash of its warnings, to tell whether it
   * then has anything new to say; a store written before they were kept has none.
   */
  resume: { offset: number; index: number; hash: string; rawHash?: string; readBeforeKey?: string } | undefined;
  /** Messages in the entry, and chunks written. */
  messages: number;
  chunks: number;
  segments: Segment[];
  /**
   * Hashes of the file's bytes on disk (compressed, for a gzip file), one per read: a full read
   * hashes the whole file, a read from the old end the bytes it read (from the last message read
   * before, so ranges overlap there). Together they cover the file. A file whose time changed but
   * whose size did not (copied, checked out, restored) is hashed again and, when every range
   * matches, not read. Undefined when a read did not reach the file's end, or when the file was
   * last read in full by an older store.
   */
  digests?: ByteDigest[];
  /** When the file stopped being mbox part-way, the problem (the messages before it are kept). */
  readError?: string;
}

/** Where a message's bodies and bytes are in its source entry. */
export interface BodyRef {
  /** The source entry, as an index into the list's `sources`. */
  source: number;
  chunk: number;
  /** Position in the chunk. */
  slot: number;
}

/** One message's metadata as the import records it: everything but its bodies. */
export interface MessageMeta {
  messageId: string;
  syntheticId: boolean;
  references: string[];
  inReplyTo: string[];
  subject: string;
  from: Address | undefined;
  dateMs: number;
  offsetMinutes: number;
  dateSource: Message['dateSource'];
  /** Position in the mbox file, byte offset and length of the message there. */
  index: number;
  offset: number;
  length: number;
  chunk: number;
  slot: number;
  /** Where the original bytes are in the chunk's raw file (decompressed). */
  rawSpan: [offset: number, length: number];
  /** Each attachment's content type and where its bytes are in the chunk's raw file. */
  attachments: [type: string, offset: number, length: number][];
  /** Hash of the parsed message (text, HTML, headers shown): what a view of it depends on. */
  bodyHash: string;
  /** Hash of the original bytes. */
  rawHash: string;
  /** Message-IDs the text or headers name (`<id@host>`), which pages link when archived. */
  mentions: string[];
  warnings: Warning[];
  /** What later phases read of the message's text without reading it again (see lib/analysis.ts). */
  analysis: Record<string, unknown> | undefined;
}

/** A chunk's message as stored: the parsed message, where its bytes are. */
export interface StoredBody {
  message: Message;
  raw: [offset: number, length: number];
  attachments: [offset: number, length: number][];
}

/** A parsed message on its way into a chunk, with its bytes. */
export interface ChunkInput {
  message: Message;
  raw: Uint8Array;
  attachmentData: readonly Uint8Array[];
  mentions: string[];
  analysis: Record<string, unknown> | undefined;
}

const META_FIELDS = [
  'messageId', 'syntheticId', 'references', 'inReplyTo', 'subject', 'from', 'dateMs', 'offsetMinutes', 'dateSource',
  'index', 'offset', 'length', 'chunk', 'slot', 'rawSpan', 'attachments', 'bodyHash', 'rawHash', 'mentions', 'warnings', 'analysis',
] as const satisfies readonly (keyof MessageMeta)[];

type Columns<T> = { [K in keyof T]: T[K][] };

function toColumns<T extends object>(rows: readonly T[], fields: readonly (keyof T)[]): Columns<T> {
  const columns = {} as Columns<T>;
  for (const f of fields) columns[f] = rows.map((r) => r[f]);
  return columns;
}

function fromColumns<T extends object>(columns: Columns<T>, fields: readonly (keyof T)[], count: number): T[] {
  const rows: T[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const row = {} as T;
    for (const f of fields) row[f] = columns[f][i]!;
    rows[i] = row;
  }
  return rows;
}

/**
 * The version a list file saved with packed columns holds: not `STORE_VERSION` alone, so that a
 * Threadline of the same store version from before reads it as a list of another version and
 * indexes the list again (its `verify` asks for a build), rather than reading the columns wrong.
 * Packing needs no store version of its own: a list is indexed from the stored metadata, so a
 * bump would read all the mail again for nothing. An older Threadline then loses, as with any
 * bump, what only the saved list tells: the files it keeps from a folder it cannot list, until
 * the folder can be listed again.
 */
const PACKED_LIST_VERSION = `${STORE_VERSION}+packed`;

/**
 * A list's columns as its file holds them: the raw spans, body references and positions in the
 * file as typed arrays rather than a small array or object per message. At 121,845 messages
 * these took 0.12 s of the 0.57 s to serialize the list and 0.29 s of the 0.91 s to read it;
 * packed, about 0.01 and 0.03 s (a script over the list file, one run each).
 */
type PackedColumns = Omit<ListColumns, 'body' | 'rawSpan' | 'sourceIndex'> & {
  packed: { source: Int32Array; chunk: Int32Array; slot: Int32Array; spanOffset: Float64Array; spanLength: Float64Array; sourceIndex: Float64Array };
};

function packColumns(columns: ListColumns): PackedColumns {
  const { body, rawSpan, sourceIndex, ...rest } = columns;
  const n = body.length;
  const packed = { source: new Int32Array(n), chunk: new Int32Array(n), slot: new Int32Array(n), spanOffset: new Float64Array(n), spanLength: new Float64Array(n), sourceIndex: Float64Array.from(sourceIndex) };
  for (let i = 0; i < n; i++) {
    const b = body[i]!;
    packed.source[i] = b.source;
    packed.chunk[i] = b.chunk;
    packed.slot[i] = b.slot;
    const [offset, length] = rawSpan[i]!;
    packed.spanOffset[i] = offset;
    packed.spanLength[i] = length;
  }
  return { ...rest, packed };
}

function unpackColumns(columns: PackedColumns): ListColumns {
  const { packed, attachments, bodyHash, rawHash, mentions, analysis } = columns;
  const n = packed.source.length;
  const body: BodyRef[] = new Array(n);
  const rawSpan: [number, number][] = new Array(n);
  for (let i = 0; i < n; i++) {
    body[i] = { source: packed.source[i]!, chunk: packed.chunk[i]!, slot: packed.slot[i]! };
    rawSpan[i] = [packed.spanOffset[i]!, packed.spanLength[i]!];
  }
  // In the order the index phase makes them, so a list read back is the list saved.
  return { body, rawSpan, attachments, bodyHash, rawHash, mentions, analysis, sourceIndex: Array.from(packed.sourceIndex) };
}

function chunkFile(dir: string, chunk: number, kind: 'body' | 'raw'): string {
  return join(dir, `chunk-${String(chunk).padStart(5, '0')}.${kind}`);
}

/**
 * The entry folder name of an mbox file: readable, and unique per path.
 *
 * @param relativeFile the mbox path relative to the archive folder
 */
export function sourceKey(relativeFile: string): string {
  const base = relativeFile.split('/').pop()!.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').slice(0, 48);
  return `${base}-${hash64(relativeFile).slice(0, 8)}`;
}

/**
 * Write one chunk of parsed messages into a source entry: the messages as JSON, their raw bytes
 * and attachments back to back, each file compressed. Runs in the parse workers, so bodies never
 * cross threads.
 *
 * @param dir the entry's folder
 * @param chunk the chunk's number
 * @param parsed the chunk's messages with their bytes, in file order
 * @returns the messages' metadata, without their position in the file (the caller knows it)
 */
export function writeChunk(dir: string, chunk: number, parsed: readonly ChunkInput[]): Omit<MessageMeta, 'index' | 'offset' | 'length'>[] {
  const blobs: Uint8Array[] = [];
  let at = 0;
  const stored: StoredBody[] = [];
  for (const p of parsed) {
    stored.push({ message: p.message, raw: [at, p.raw.byteLength], attachments: [] });
    blobs.push(p.raw);
    at += p.raw.byteLength;
  }
  // Attachments follow the raw messages in the same file: one file per chunk, not per attachment.
  parsed.forEach((p, k) => {
    for (const data of p.attachmentData) {
      stored[k]!.attachments.push([at, data.byteLength]);
      blobs.push(data);
      at += data.byteLength;
    }
  });
  // A message's hash is of what its pages can show: not where it was read from (`source`, the
  // file's name and the message's place in it), so a file renamed, moved or gzip'd rewrites no
  // page.
  const shown = parsed.map(({ message: { source: _source, ...rest } }) => JSON.stringify(rest));
  const messages = parsed.map((p, k) => `${shown[k]!.slice(0, -1)}${shown[k] === '{}' ? '' : ','}"source":${JSON.stringify(p.message.source)}}`);
  const bodies = stored.map((s, k) => `{"message":${messages[k]},"raw":${JSON.stringify(s.raw)},"attachments":${JSON.stringify(s.attachments)}}`);
  writeFileSyncAtomic(chunkFile(dir, chunk, 'body'), gzipSync(`[${bodies.join(',')}]`, GZIP));
  writeFileSyncAtomic(chunkFile(dir, chunk, 'raw'), Buffer.concat(blobs));
  return parsed.map((p, slot) => {
    const m = p.message;
    const s = stored[slot]!;
    return {
      messageId: m.messageId,
      syntheticId: m.syntheticId,
      references: m.references,
      inReplyTo: m.inReplyTo,
      subject: m.subject,
      from: m.from,
      dateMs: m.date.ms,
      offsetMinutes: m.date.offsetMinutes,
      dateSource: m.dateSource,
      chunk,
      slot,
      rawSpan: s.raw,
      attachments: m.attachments.map((a, k) => [a.contentType, ...(s.attachments[k] ?? [0, 0])] as [string, number, number]),
      bodyHash: contentHash(shown[slot]!),
      rawHash: contentHash(p.raw),
      mentions: p.mentions,
      warnings: m.warnings,
      analysis: p.analysis,
    };
  });
}

// A crash leaves no half-written file under a chunk's name.
function writeFileSyncAtomic(path: string, data: Uint8Array): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

// ---------------------------------------------------------------------------------------------
// Lists: the index phase's output.

/** Per-message data of a list in date order, beside its index. */
export interface ListColumns {
  body: BodyRef[];
  rawSpan: [number, number][];
  attachments: MessageMeta['attachments'][];
  bodyHash: string[];
  rawHash: string[];
  mentions: string[][];
  analysis: (Record<string, unknown> | undefined)[];
  /** Position in the mbox file, for warnings and reports. */
  sourceIndex: number[];
}

/** One warning, with enough context to find the message. */
export interface WarningRecord {
  list: string;
  file: string;
  /** The message's position in its file, or -1 for the file as a whole. */
  index: number;
  messageId: string;
  kind: WarningKind | 'not-mbox' | 'empty-file' | 'truncated-file' | 'changed-file' | 'unreadable-file' | 'unmatched-removal' | 'unmatched-minutes-force' | 'outside-list' | 'identical-copy';
  detail: string;
  /**
   * Of an `identical-copy`: the files holding the messages the site shows instead, each with the
   * last one's position in it (from 0, as `index`).
   */
  shown?: { file: string; index: number }[];
  /**
   * Of a message read again that was read before with the same Message-ID and warnings (see
   * `ImportedSource.readBefore`), as the import that indexed the list found it: its warning is
   * not this time's.
   */
  readBefore?: true;
}

/** What happened to one mbox file. */
export interface FileReport {
  file: string;
  bytes: number;
  messages: number;
  /** How the file was read: not at all (unchanged), from its old end (appended), or in full. */
  read: 'unchanged' | 'appended' | 'full';
  /** Unchanged, but its time had changed: its bytes were hashed and found as they were. */
  checked?: boolean;
  /** Messages parsed this time. */
  parsed: number;
  /**
   * The first message new this time, in a file read from where it ended: the last message
   * imported before, read again, when that read found it changed (new bytes went on with it);
   * otherwise the one after it.
   */
  newFrom?: number;
  /** Set when the file could not be read as an mbox (it is skipped), or broke off part-way. */
  error?: string;
}

/** The import's figures for one list, kept with its index. */
export interface ListReport {
  fileReports: FileReport[];
  bytes: number;
  /** Messages the site shows: those of the files but the copies. */
  messages: number;
  /** Messages left out as copies of others, byte for byte (see `identical-copy`); absent in a list indexed before there were any. */
  copies?: number;
  duplicates: number;
  ghosts: number;
  threads: number;
  inferredLinks: number;
  /** Warnings by kind. */
  warnings: Partial<Record<WarningRecord['kind'], number>>;
  /**
   * The first warnings in full: those about what the import read this time (see
   * `warnedThisTime`) before those about mail read before.
   */
  warningsKept: WarningRecord[];
  /** Of the warnings, those about what the import read this time (absent in a list indexed before they were counted). */
  newWarnings?: number;
}

/** One list after the index phase: what every later phase reads. */
export interface ListData {
  config: ListConfig;
  /** A hash of everything the index was computed from; equal inputs need no new index. */
  inputsKey: string;
  /** Source entry folders (relative to the store) and their mbox files (relative to the archive). */
  entries: string[];
  sources: string[];
  index: ArchiveIndex;
  columns: ListColumns;
  report: ListReport;
}

/** A list's summary, for the site's home page and the CLI. */
export interface ListSummary {
  config: ListConfig;
  messages: number;
  threads: number;
  firstMs: number;
  lastMs: number;
}

const MESSAGE_FIELDS = [
  'n', 'input', 'slug', 'messageId', 'subject', 'fromName', 'fromAddress', 'dateMs', 'offsetMinutes', 'month', 'parent', 'ghostParent',
  'inferred', 'children', 'thread', 'depth', 'datePrev', 'dateNext', 'threadPrev', 'threadNext', 'duplicate',
] as const satisfies readonly (keyof IndexedMessage)[];
const THREAD_FIELDS = ['n', 'root', 'ghostRoot', 'messages', 'months', 'firstMs', 'lastMs'] as const satisfies readonly (keyof IndexedThread)[];

// ---------------------------------------------------------------------------------------------
// Sites: what a build wrote into a site folder.

/** What a build wrote into a site folder: each file's path (relative, `/`) and key. */
export interface SiteManifest {
  version: number;
  /** The folder the site was written to, and the options it was built with. */
  outDir: string;
  base: string;
  site: string | undefined;
  files: Record<string, string>;
  /**
   * For each list, the plan (the build's cache of its files and their keys) whose files this
   * manifest holds, by the token of the build that made it: a build that finds the same token on
   * the list's cached plan knows those files are here with those keys, without a lookup per file.
   * Absent when the journal holds entries: a build stopped part-way changed files since. This
   * holds because a build that updates a folder journals each file before it writes or removes
   * it, and a clean build forgets the folder's manifest first.
   */
  plans?: Record<string, string>;
}

/**
 * A site manifest as `manifest.json` holds it: the files' paths and keys as two arrays, in the
 * same order. Making and writing an object of the 71k files of a site of 24k messages took
 * several times as long as the two arrays, in an update's last, single-threaded phase; reading
 * either takes about as long, and is done while the import parses. A manifest of an earlier
 * version holds the files as an object, `files`, and is read as well; this version writes an
 * empty one beside the arrays, so that an earlier version reads a manifest of no files and
 * writes every file again, where it would fail on a manifest without them.
 */
type SavedManifest = Omit<SiteManifest, 'files'> & { paths?: string[]; keys?: string[]; files?: Record<string, string> };

/**
 * The files a saved manifest names, with their keys; undefined when it is not a manifest (arrays
 * that do not pair up, or neither arrays nor an object of files).
 *
 * @param saved the parsed `manifest.json`
 */
function manifestFiles(saved: Partial<SavedManifest>): Record<string, string> | undefined {
  const { paths, keys } = saved;
  if (paths === undefined && keys === undefined) return typeof saved.files === 'object' && saved.files !== null ? saved.files : undefined;
  if (!Array.isArray(paths) || !Array.isArray(keys) || paths.length !== keys.length) return undefined;
  const files: Record<string, string> = {};
  for (let i = 0; i < paths.length; i++) setFile(files, paths[i]!, keys[i]!);
  return files;
}

/**
 * Record a file's key among a manifest's files.
 *
 * @param files the files, by site path
 * @param path the file's site path
 * @param key its key
 */
function setFile(files: Record<string, string>, path: string, key: string): void {
  // An own property, as JSON.parse makes one, where an assignment would set the prototype.
  if (path === '__proto__') Object.defineProperty(files, path, { value: key, enumerable: true, writable: true, configurable: true });
  else files[path] = key;
}

// ---------------------------------------------------------------------------------------------

/** A small file's text, or undefined when it cannot be read (gone meanwhile). */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Whether a process of this machine runs (signal 0 checks without sending one). A zombie, killed
 * but not yet reaped by its parent (a container whose first process reaps slowly, or never), runs
 * no more: on Linux its state in /proc says so.
 */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readText(`/proc/${pid}/stat`);
  // `pid (command) state …`: the command may hold spaces and parentheses, the state follows the last ")".
  return stat === undefined || stat[stat.lastIndexOf(')') + 2] !== 'Z';
}

/** The store in one folder: its readers and writers. */
export class Store {
  /** The store folder. */
  readonly dir: string;
  private readonly chunks = new Map<string, { bodies?: StoredBody[]; raw?: Buffer }>();
  /** Cache writes started by `keepCache`. */
  private readonly cacheWrites: Promise<void>[] = [];
  /** Segments' metadata read ahead (see `readSourceMetasAhead`), by file. */
  private readonly metasAhead = new Map<string, Promise<Columns<MessageMeta> | undefined>>();
  private readingAhead: Promise<void> = Promise.resolve();

  /**
   * @param dir the store folder (created when written to)
   */
  constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * Take the store for one build or import: two at once (cron starting the next while the last
   * still runs) would write the same files. The lock is a file naming the process that holds
   * it; one left by a process that is gone (a build killed outright) is taken over.
   *
   * @returns the function that gives the store back
   */
  lock(): () => void {
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, 'lock');
    // Written whole under a name of its own, then linked into place: no reader sees a half lock.
    const mine = `${process.pid} ${hostname()} ${randomUUID()}\n`;
    const draft = `${file}.${process.pid}.${randomUUID()}`;
    writeFileSync(draft, mine);
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.linkLock(draft, file)) {
          return () => {
            // Only this build's lock: one taken over meanwhile is not given back by it.
            if (readText(file) === mine) rmSync(file, { force: true });
          };
        }
        const held = readText(file);
        const [pid, host] = (held ?? '').split(' ');
        const holder = Number.parseInt(pid ?? '', 10);
        // A lock of this machine whose process is gone (a build killed outright) is taken over,
        // once; one of another machine, or of a process that runs, is not.
        const stale = held !== undefined && host === hostname() && Number.isInteger(holder) && !processRuns(holder);
        if (held !== undefined && (!stale || attempt > 0)) {
          throw new StoreError(`another Threadline build or import (process ${pid} on ${host}) is using the store ${this.dir}: wait for it to end; if none is running, remove ${file}`);
        }
        if (held !== undefined) this.breakLock(held, draft);
      }
    } finally {
      rmSync(draft, { force: true });
    }
  }

  /**
   * Remove a lock found stale (see `lock`), if it is still the one found. Two builds started
   * together on a store whose last build was killed both find it stale; removing what the lock
   * file holds by then would remove the lock the first of them took. So the removal is made under
   * a second lock, `lock.break`, held for a read and a removal: the second build then finds the
   * first one's lock, not the stale one, and stops.
   *
   * @param stale the stale lock's content, as found
   * @param draft a file of this build's to link as the second lock
   */
  breakLock(stale: string, draft: string): void {
    const file = join(this.dir, 'lock');
    const breaker = `${file}.break`;
    if (!this.linkLock(draft, breaker)) {
      // Held for microseconds: another build is taking over the same lock (or one was killed
      // while it did, which leaves this file until someone removes it).
      throw new StoreError(`another Threadline build or import is taking over the lock of the store ${this.dir}, left by a build that is gone: wait for it to end; if none is running, remove ${breaker}`);
    }
    try {
      if (readText(file) === stale) rmSync(file, { force: true });
    } finally {
      rmSync(breaker, { force: true });
    }
  }

  /** Link a lock file into place: false when one is there already. */
  private linkLock(draft: string, target: string): boolean {
    try {
      linkSync(draft, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      throw new StoreError(`cannot lock the store ${this.dir} (${code}); check its permissions`);
    }
  }

  // Sources -------------------------------------------------------------------------------------

  /**
   * A source entry's folder, relative to the store.
   *
   * @param list the list's name
   * @param file the mbox path relative to the archive folder
   */
  entryOf(list: string, file: string): string {
    return `sources/${list}/${sourceKey(file)}`;
  }

  /**
   * What the mbox file looked like when it was last read, or undefined when it was never read
   * (or by another version of Threadline).
   *
   * @param entry the entry folder, relative to the store
   */
  async readSourceState(entry: string): Promise<SourceState | undefined> {
    try {
      const state = JSON.parse(await readFile(join(this.dir, entry, 'state.json'), 'utf8')) as SourceState;
      return state.version === STORE_VERSION ? state : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Start reading a file from scratch: the entry's old files are removed.
   *
   * @param entry the entry folder, relative to the store
   */
  async resetSource(entry: string): Promise<void> {
    await rm(join(this.dir, entry), { recursive: true, force: true });
    await mkdir(join(this.dir, entry), { recursive: true });
  }

  /**
   * The absolute folder of an entry, where parse workers write its chunks.
   *
   * @param entry the entry folder, relative to the store
   */
  entryPath(entry: string): string {
    return join(this.dir, entry);
  }

  /**
   * Add a segment's metadata to an entry and record the file's new state; the state is written
   * last, so an interrupted read leaves the entry as it was before it.
   *
   * @param entry the entry folder, relative to the store
   * @param added the new segment and its messages, in file order (undefined when the read added none)
   * @param state the file's state after the read (its `segments` listing the new one)
   */
  async commitSegment(entry: string, added: { segment: Segment; metas: readonly MessageMeta[] } | undefined, state: SourceState): Promise<void> {
    if (added) {
      const file = this.metaFile(entry, added.segment.n);
      // A read ahead of this file (a file read again whole writes its segments anew) is stale.
      this.metasAhead.delete(file);
      await writeFile(file, serialize(toColumns(added.metas, META_FIELDS)));
    }
    const tmp = join(this.dir, entry, 'state.json.tmp');
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, join(this.dir, entry, 'state.json'));
  }

  /**
   * Start reading the metadata of an entry's segments for a `readSourceMetas` to come: the import
   * reads those of a list it will index again while its workers parse the new mail (at 24k
   * messages, 0.2 s of the build's thread that the other core waited for). A segment written
   * meanwhile (`commitSegment`) is read again; `forgetReadAhead` drops what was not asked for.
   *
   * @param entry the entry folder, relative to the store
   * @param state its state as the last build left it
   */
  readSourceMetasAhead(entry: string, state: SourceState): void {
    for (const segment of state.segments) {
      const file = this.metaFile(entry, segment.n);
      if (this.metasAhead.has(file)) continue;
      // One after another: a list of many files, or a file grown many times, has many segments,
      // and the import's own reads should not wait behind them all.
      // One dropped meanwhile (written again, or forgotten) is not read.
      const read: Promise<Columns<MessageMeta> | undefined> = this.readingAhead.then(async () => (this.metasAhead.get(file) === read ? (deserialize(await readFile(file)) as Columns<MessageMeta>) : undefined));
      this.readingAhead = read.then(
        () => {},
        () => {},
      );
      this.metasAhead.set(file, read);
    }
  }

  /** Drop the segments read ahead that no `readSourceMetas` took. */
  forgetReadAhead(): void {
    this.metasAhead.clear();
  }

  private metaFile(entry: string, n: number): string {
    return join(this.dir, entry, `meta-${String(n).padStart(3, '0')}.bin`);
  }

  /**
   * The metadata of every message of an entry, in file order. A segment read from where the file
   * had grown starts at the last message of the one before, which it read again: messages from
   * its start on are taken from it.
   *
   * @param entry the entry folder, relative to the store
   * @param state its state
   */
  async readSourceMetas(entry: string, state: SourceState): Promise<MessageMeta[]> {
    const out: MessageMeta[] = [];
    for (const [k, segment] of state.segments.entries()) {
      const limit = Math.min(Infinity, ...state.segments.slice(k + 1).map((s) => s.start));
      const file = this.metaFile(entry, segment.n);
      const ahead = this.metasAhead.get(file);
      this.metasAhead.delete(file);
      // A read ahead that failed is tried again here, where its error is the caller's.
      const columns = (await ahead?.catch(() => undefined)) ?? (deserialize(await readFile(file)) as Columns<MessageMeta>);
      for (const m of fromColumns(columns, META_FIELDS, segment.messages)) if (m.offset < limit) out.push(m);
    }
    return out;
  }

  /**
   * Remove the entries of mbox files that are no longer in the archive.
   *
   * @param list the list's name
   * @param keep the entries still in use, relative to the store
   */
  async pruneSources(list: string, keep: ReadonlySet<string>): Promise<void> {
    const dir = join(this.dir, 'sources', list);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!keep.has(`sources/${list}/${name}`)) await rm(join(dir, name), { recursive: true, force: true });
    }
  }

  /**
   * Remove the data of lists that are no longer in the archive.
   *
   * @param keep the names of the lists still there
   */
  async pruneLists(keep: ReadonlySet<string>): Promise<void> {
    for (const name of await readdir(join(this.dir, 'sources')).catch(() => [] as string[])) {
      if (!keep.has(name)) await rm(join(this.dir, 'sources', name), { recursive: true, force: true });
    }
    for (const name of await readdir(join(this.dir, 'lists')).catch(() => [] as string[])) {
      if (name.endsWith('.bin') && !keep.has(name.slice(0, -4))) await rm(join(this.dir, 'lists', name), { force: true });
    }
  }

  // Bodies ---------------------------------------------------------------------------------------

  private chunk(entry: string, chunk: number): { bodies?: StoredBody[]; raw?: Buffer } {
    const key = `${entry}#${chunk}`;
    let cached = this.chunks.get(key);
    if (cached) {
      this.chunks.delete(key);
    } else {
      cached = {};
      if (this.chunks.size >= CHUNK_CACHE_SIZE) this.chunks.delete(this.chunks.keys().next().value!);
    }
    this.chunks.set(key, cached);
    return cached;
  }

  /**
   * A whole stored message (bodies included).
   *
   * @param entry the message's source entry, relative to the store
   * @param chunk its chunk
   * @param slot its position in the chunk
   */
  readBody(entry: string, chunk: number, slot: number): StoredBody {
    const cached = this.chunk(entry, chunk);
    cached.bodies ??= JSON.parse(gunzipSync(readFileSync(chunkFile(join(this.dir, entry), chunk, 'body'))).toString('utf8')) as StoredBody[];
    const body = cached.bodies[slot];
    if (!body) throw new StoreError(`the store has no message ${slot} in ${entry} chunk ${chunk}: run "threadline build --clean"`);
    return body;
  }

  /**
   * The bytes of a chunk's raw file: original messages, then attachments (see `writeChunk`).
   *
   * @param entry the source entry, relative to the store
   * @param chunk the chunk
   */
  readRaw(entry: string, chunk: number): Buffer {
    const cached = this.chunk(entry, chunk);
    cached.raw ??= readFileSync(chunkFile(join(this.dir, entry), chunk, 'raw'));
    return cached.raw;
  }

  // Lists ----------------------------------------------------------------------------------------

  /**
   * Save a list after the index phase.
   *
   * @param data the list
   */
  async writeList(data: ListData): Promise<void> {
    const { index, columns, ...rest } = data;
    const { messages, threads, ...restOfIndex } = index;
    const payload = {
      version: PACKED_LIST_VERSION,
      ...rest,
      index: { ...restOfIndex, count: messages.length, threadCount: threads.length, messages: toColumns(messages, MESSAGE_FIELDS), threads: toColumns(threads, THREAD_FIELDS) },
      columns: packColumns(columns),
    };
    await mkdir(join(this.dir, 'lists'), { recursive: true });
    const path = join(this.dir, 'lists', `${data.config.name}.bin`);
    // The inputs' key first, as a value of its own: a build whose list changed reads it alone (see
    // `readListKey`). An older Threadline reads the key as the whole list, finds no version in it,
    // and indexes the list again.
    await writeFile(`${path}.tmp`, [serialize(data.inputsKey), serialize(payload)]);
    await rename(`${path}.tmp`, path);
  }

  /**
   * The inputs' key a list was saved with, read without the rest of it (24k messages take 0.2 s
   * to load, and a build that indexes the list again needs none of it); undefined when there is
   * no list, or one saved before lists had the key first.
   *
   * @param name the list's name
   */
  async readListKey(name: string): Promise<string | undefined> {
    const head = Buffer.alloc(256);
    try {
      const handle = await open(join(this.dir, 'lists', `${name}.bin`), 'r');
      let length: number;
      try {
        ({ bytesRead: length } = await handle.read(head, 0, head.length, 0));
      } finally {
        await handle.close();
      }
      // A list saved before the key came first begins with the list itself, cut here: not a string.
      const key: unknown = deserialize(head.subarray(0, length));
      return typeof key === 'string' ? key : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * A list as the index phase saved it, or undefined when there is none (of this version; saved
   * with its columns packed or, by this store version before, not).
   *
   * @param name the list's name
   */
  async readList(name: string): Promise<ListData | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.dir, 'lists', `${name}.bin`));
    } catch {
      return undefined;
    }
    let payload: Omit<ListData, 'index' | 'columns'> & {
      version: number | string;
      columns: PackedColumns | ListColumns;
      index: Omit<ArchiveIndex, 'messages' | 'threads'> & { count: number; threadCount: number; messages: Columns<IndexedMessage>; threads: Columns<IndexedThread> };
    };
    try {
      // The key, then the list; a list saved before the key came first is the list alone.
      const first: unknown = deserialize(bytes);
      const start = typeof first === 'string' ? serialize(first).length : 0;
      // The list begins with a serialiser's header, as the key did.
      if (start > 0 && bytes[start] !== bytes[0]) return undefined;
      payload = (start > 0 ? deserialize(bytes.subarray(start)) : first) as typeof payload;
    } catch {
      // Cut short or damaged: the list is indexed again.
      return undefined;
    }
    // Saved packed, or before the columns were packed (the same store version): a build keeps its
    // files from folders it cannot list by the list's sources, so an older list stays readable.
    if (payload?.version !== PACKED_LIST_VERSION && payload?.version !== STORE_VERSION) return undefined;
    const { version: _version, index, columns, ...rest } = payload;
    const { count, threadCount, messages, threads, ...restOfIndex } = index;
    return {
      ...rest,
      columns: payload.version === PACKED_LIST_VERSION ? unpackColumns(columns as PackedColumns) : (columns as ListColumns),
      index: { ...restOfIndex, messages: fromColumns(messages, MESSAGE_FIELDS, count), threads: fromColumns(threads, THREAD_FIELDS, threadCount) },
    };
  }

  /**
   * Save the lists' summaries.
   *
   * @param lists the summaries, in name order
   */
  async writeSummaries(lists: readonly ListSummary[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, 'lists.json'), JSON.stringify({ version: STORE_VERSION, lists }));
  }

  /** The lists' summaries, in name order; throws when nothing was imported into this store. */
  async readSummaries(): Promise<ListSummary[]> {
    try {
      const saved = JSON.parse(await readFile(join(this.dir, 'lists.json'), 'utf8')) as { version: number; lists: ListSummary[] };
      if (saved.version === STORE_VERSION) return saved.lists;
    } catch {
      // Reported below.
    }
    throw new StoreError(`no store of this version of Threadline in ${this.dir}: run "threadline import" (or "threadline build", which imports)`);
  }

  // Caches ---------------------------------------------------------------------------------------

  /**
   * A value a build kept for the next (minutes found, search terms), or undefined. The file holds
   * its version and tag ahead of the value, so a value kept for something else (another list
   * state, other sources) is not decompressed and deserialised to be thrown away: a list's patch
   * series at 24k messages took 54 ms.
   *
   * @param name the cache's name (a file name)
   * @param tag what the value is valid for (Threadline's sources, say): another tag reads as none
   */
  async readCache<T>(name: string, tag = ''): Promise<T | undefined> {
    try {
      const file = await readFile(join(this.dir, 'caches', `${name}.bin`));
      const headLength = file.readUInt32LE(0);
      const head = deserialize(file.subarray(4, 4 + headLength)) as { version: number; tag: string };
      if (head.version !== STORE_VERSION || head.tag !== tag) return undefined;
      return deserialize(await gunzipAsync(file.subarray(4 + headLength))) as T;
    } catch {
      return undefined;
    }
  }

  /**
   * Keep a value for the next build.
   *
   * @param name the cache's name (a file name)
   * @param value any value `v8.serialize` takes
   * @param tag what the value is valid for (see `readCache`)
   */
  async writeCache(name: string, value: unknown, tag = ''): Promise<void> {
    await this.writeCacheBytes(name, serialize(value), tag);
  }

  /**
   * Keep a value for the next build without waiting for it: it is serialised now (the caller may
   * change it after), compressed and written on zlib's and libuv's threads meanwhile.
   * `flushCaches` waits for every such write and throws the first failure.
   *
   * @param name the cache's name (a file name), written once per build
   * @param value any value `v8.serialize` takes
   * @param tag what the value is valid for (see `readCache`)
   */
  keepCache(name: string, value: unknown, tag = ''): void {
    const written = this.writeCacheBytes(name, serialize(value), tag);
    written.catch(() => {});
    this.cacheWrites.push(written);
  }

  /** Wait for the writes `keepCache` started. */
  async flushCaches(): Promise<void> {
    const writes = this.cacheWrites.splice(0);
    await Promise.all(writes);
  }

  private async writeCacheBytes(name: string, bytes: Buffer, tag: string): Promise<void> {
    await mkdir(join(this.dir, 'caches'), { recursive: true });
    const path = join(this.dir, 'caches', `${name}.bin`);
    const head = serialize({ version: STORE_VERSION, tag });
    const headLength = Buffer.alloc(4);
    headLength.writeUInt32LE(head.length);
    // Compressed, on zlib's threads: the search index's state (mostly excerpt text) of a 24k-message
    // list goes from 24 MB to 8 MB for half a second of CPU.
    await writeFile(`${path}.tmp`, [headLength, head, await gzipAsync(bytes, GZIP)]);
    await rename(`${path}.tmp`, path);
  }

  /**
   * Remove the caches whose names start with `prefix`, but those in `keep`.
   *
   * @param prefix a name prefix (`search-`)
   * @param keep names to keep
   */
  async removeCaches(prefix: string, keep: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(join(this.dir, 'caches'));
    } catch {
      return;
    }
    for (const file of names) {
      const name = file.slice(0, -'.bin'.length);
      if (file.endsWith('.bin') && name.startsWith(prefix) && !keep.has(name)) await rm(join(this.dir, 'caches', file), { force: true });
    }
  }

  // Sites ----------------------------------------------------------------------------------------

  private siteDir(outDir: string): string {
    return join(this.dir, 'sites', hash64(outDir));
  }

  /**
   * What the last build wrote into a site folder, with the files a later, unfinished build wrote
   * (its journal) applied; undefined when no build of this store wrote there. When builds were
   * stopped since, `finished` holds the files as the last one that finished left them: what a
   * mirror of the folder, kept by the lists of what changed, holds.
   *
   * @param outDir the site folder (absolute)
   */
  async readManifest(outDir: string): Promise<(SiteManifest & { finished?: Record<string, string> }) | undefined> {
    const dir = this.siteDir(outDir);
    let manifest: SiteManifest & { finished?: Record<string, string> };
    try {
      const saved = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as SavedManifest;
      const files = manifestFiles(saved);
      if (files === undefined) return undefined;
      const { paths: _paths, keys: _keys, ...rest } = saved;
      manifest = { ...rest, files } as SiteManifest;
    } catch {
      return undefined;
    }
    if (manifest.version !== STORE_VERSION || manifest.outDir !== outDir) return undefined;
    const journal = await readFile(join(dir, 'journal'), 'utf8').catch(() => '');
    if (journal !== '') {
      delete manifest.plans;
      // The files as the last build that finished left them, before the builds stopped since.
      manifest.finished = { ...manifest.files };
    }
    for (const line of journal.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const path = line.slice(0, tab);
      const key = line.slice(tab + 1);
      if (key === '-') delete manifest.files[path];
      else setFile(manifest.files, path, key);
    }
    return manifest;
  }

  /**
   * The files a site folder's manifest names, whatever Threadline version wrote it: after an
   * upgrade that reads the archive again (`STORE_VERSION`), the clean build lists the old site's
   * files it does not have for the deploy step. Empty when there is no such manifest.
   *
   * @param outDir the site folder (absolute)
   */
  async readManifestPaths(outDir: string): Promise<string[]> {
    try {
      const manifest = JSON.parse(await readFile(join(this.siteDir(outDir), 'manifest.json'), 'utf8')) as Partial<SavedManifest>;
      return manifest.outDir === outDir ? Object.keys(manifestFiles(manifest) ?? {}) : [];
    } catch {
      return [];
    }
  }

  /**
   * Record files written (path and key) or removed (key `-`) in the site's journal, so that a
   * build that is killed leaves a record of what it did.
   *
   * Writers on other threads append to the journal meanwhile (see `writingJournal`). Each append
   * is one write of whole lines, so that no line of theirs lands inside one of these: `appendFile`
   * writes a large text in pieces of 512 KiB, cut anywhere.
   *
   * @param outDir the site folder (absolute)
   * @param entries the files
   */
  async journal(outDir: string, entries: readonly [path: string, key: string][]): Promise<void> {
    if (entries.length === 0) return;
    const dir = this.siteDir(outDir);
    await mkdir(dir, { recursive: true });
    const handle = await open(join(dir, 'journal'), 'a');
    try {
      let piece = '';
      const flush = async () => {
        const bytes = Buffer.from(piece);
        const { bytesWritten } = await handle.write(bytes);
        if (bytesWritten !== bytes.length) throw new StoreError(`the journal in ${dir} took ${bytesWritten} of ${bytes.length} bytes; check the disk's free space`);
        piece = '';
      };
      for (const [p, k] of entries) {
        piece += journalLine(p, k);
        if (piece.length >= JOURNAL_WRITE_CHARS) await flush();
      }
      if (piece.length > 0) await flush();
    } finally {
      await handle.close();
    }
  }

  /**
   * Record files a build is about to remove, before the first goes: one stopped part-way leaves
   * them with key `?`, so a build that wants them back writes them again (see `writingJournal`).
   *
   * @param outDir the site folder (absolute)
   * @param paths the files
   */
  journalRemoving(outDir: string, paths: readonly string[]): Promise<void> {
    return this.journal(outDir, paths.map((p) => [p, WRITING]));
  }

  /**
   * Where a writer records each file it is about to put in place, before it writes a byte of it
   * (one thread's writer each; they append to the site's journal). A file whose build stops
   * before the build records it as written keeps key `?`, which matches no file's key, so the
   * next build writes it again, or removes it when the site no longer has it.
   *
   * @param outDir the site folder (absolute)
   */
  writingJournal(outDir: string): WritingJournal {
    const file = join(this.siteDir(outDir), 'journal');
    let fd: number | undefined;
    return {
      writing: (path) => {
        if (fd === undefined) {
          mkdirSync(dirname(file), { recursive: true });
          fd = openSync(file, 'a');
        }
        writeSync(fd, journalLine(path, WRITING));
      },
      close: () => {
        if (fd !== undefined) closeSync(fd);
        fd = undefined;
      },
    };
  }

  /**
   * Save what a finished build wrote, and start a new journal.
   *
   * @param manifest every file of the site and its key, in the order the build made them:
   *   nothing reads it in order (sorting 74k paths took 40 ms of every update)
   */
  async writeManifest(manifest: Omit<SiteManifest, 'files'> & { files: ReadonlyMap<string, string> | Readonly<Record<string, string>> }): Promise<void> {
    const dir = this.siteDir(manifest.outDir);
    await mkdir(dir, { recursive: true });
    const { files, ...rest } = manifest;
    const byMap = files instanceof Map;
    const saved: SavedManifest = { ...rest, files: {}, paths: byMap ? [...files.keys()] : Object.keys(files), keys: byMap ? [...files.values()] : Object.values(files) };
    await writeFile(join(dir, 'manifest.json.tmp'), JSON.stringify(saved));
    await rename(join(dir, 'manifest.json.tmp'), join(dir, 'manifest.json'));
    await rm(join(dir, 'journal'), { force: true });
  }

  /**
   * Write the lists of files a build wrote and removed (site paths, one per line), for a deploy
   * step (`rsync --files-from`, an object-store sync).
   *
   * @param outDir the site folder (absolute)
   * @param written paths written
   * @param removed paths removed
   * @returns the two lists' paths
   */
  async writeChanges(outDir: string, written: readonly string[], removed: readonly string[]): Promise<{ written: string; removed: string }> {
    const dir = this.siteDir(outDir);
    await mkdir(dir, { recursive: true });
    const paths = { written: join(dir, 'written.txt'), removed: join(dir, 'removed.txt') };
    const toFile = (p: string) => (p === '' || p.endsWith('/') ? `${p}index.html` : p);
    await writeFile(paths.written, written.map((p) => `${toFile(p)}\n`).join(''));
    await writeFile(paths.removed, removed.map((p) => `${toFile(p)}\n`).join(''));
    return paths;
  }

  /**
   * Whether a build of this store wrote into a site folder (it has a record of it).
   *
   * @param outDir the site folder (absolute)
   */
  knowsSite(outDir: string): boolean {
    const dir = this.siteDir(outDir);
    // A clean build records `cleared.txt` before it empties the folder: one killed part-way
    // leaves a folder of its files, no manifest, and that record.
    return existsSync(join(dir, 'manifest.json')) || existsSync(join(dir, 'cleared.txt'));
  }

  /**
   * The files a clean build emptied from a site folder that the last build had written, for the
   * deploy step's list of removed files (see `writeCleared`); empty when there are none.
   *
   * @param outDir the site folder (absolute)
   */
  async readCleared(outDir: string): Promise<string[]> {
    const text = await readFile(join(this.siteDir(outDir), 'cleared.txt'), 'utf8').catch(() => '');
    return text.split('\n').filter((line) => line !== '');
  }

  /**
   * Record the files a clean build empties from a site folder, before it does: a clean build
   * forgets the site's manifest first, and one killed part-way leaves this record to the next,
   * so the files it emptied still reach a deploy's removed list, and the folder is known as a
   * site (see `knowsSite`).
   *
   * @param outDir the site folder (absolute)
   * @param paths site paths
   */
  async writeCleared(outDir: string, paths: readonly string[]): Promise<void> {
    const file = join(this.siteDir(outDir), 'cleared.txt');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, paths.map((p) => `${p}\n`).join(''));
  }

  /**
   * Drop the record of `writeCleared`, once the clean build's manifest is written.
   *
   * @param outDir the site folder (absolute)
   */
  async forgetCleared(outDir: string): Promise<void> {
    await rm(join(this.siteDir(outDir), 'cleared.txt'), { force: true });
  }

  /**
   * Forget what was built into a site folder (a clean build starts over).
   *
   * @param outDir the site folder (absolute)
   */
  async forgetSite(outDir: string): Promise<void> {
    await rm(this.siteDir(outDir), { recursive: true, force: true });
  }

  // Report ---------------------------------------------------------------------------------------

  /**
   * Save the report of the last run.
   *
   * @param report any JSON value
   */
  async writeReport(report: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  }

  /** The report of the last run, or undefined. */
  async readReport<T>(): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, 'report.json'), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /**
   * Remove what an earlier layout of the store left (`cache/`, `store/`, `worker/`): its mail is
   * read again into this one.
   */
  async removeOldLayout(): Promise<void> {
    for (const name of ['cache', 'store', 'worker']) await rm(join(this.dir, name), { recursive: true, force: true });
  }

  /** Whether a store of this version is in the folder. */
  exists(): boolean {
    return existsSync(join(this.dir, 'lists.json'));
  }
}
