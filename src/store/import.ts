/**
 * The import: archive folder -> parsed, cached, threaded store that the site reads.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { indexArchive, type ArchiveIndex, type ArchiveInput } from '../lib/archive.ts';
import { readListConfig, type ListConfig } from '../lib/list-config.ts';
import type { WarningKind } from '../lib/message.ts';
import type { MboxMessage } from '../lib/mbox.ts';
import {
  CACHE_VERSION,
  CHUNK_BYTES,
  CHUNK_MESSAGES,
  MetaWriter,
  cacheIsValid,
  cacheKey,
  openCacheEntry,
  readCachedMetas,
  toIndexMeta,
  type CacheStamp,
  type IndexMeta,
} from './cache.ts';
import { ParsePool, defaultJobs } from './parse-pool.ts';
import type { ChunkRequest, ChunkResult } from './parse-batch.ts';
import { MboxFileError, readMboxFile } from './read-mbox.ts';
import { listFolders, walkFiles } from './walk.ts';
import { bundleParseWorker } from './worker-bundle.ts';

/** At most this many warnings are kept in full in the report; all are counted. */
export const MAX_REPORTED_WARNINGS = 500;

/** Thrown for problems the admin must fix (missing or empty archive, bad list.json). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Options of `importArchive`. */
export interface ImportOptions {
  /** The archive folder: one sub-folder per list. */
  archiveDir: string;
  /** Where the cache and store go (e.g. `.threadline`). */
  storeDir: string;
  /** Parse workers; default one per core (0 parses in this thread). */
  jobs?: number;
  /** Called now and then with progress figures. */
  onProgress?: (progress: ImportProgress) => void;
  /** Called once the archive and its list.json files have been read and found usable. */
  onPlanned?: () => void;
}

/** Progress of a running import. */
export interface ImportProgress {
  list: string;
  file: string;
  messages: number;
  /** Bytes read from disk so far, of files that had to be parsed. */
  bytesRead: number;
  /** Bytes of all files that have to be parsed. */
  bytesToRead: number;
  elapsedMs: number;
}

/** One warning, with enough context to find the message. */
export interface WarningRecord {
  list: string;
  file: string;
  index: number;
  messageId: string;
  kind: WarningKind | 'not-mbox' | 'empty-file' | 'truncated-file';
  detail: string;
}

/** What happened to one mbox file. */
export interface FileReport {
  file: string;
  bytes: number;
  messages: number;
  /** True when the file was unchanged and its cache was used. */
  cached: boolean;
  /** Set when the file could not be read as an mbox (it is skipped). */
  error?: string;
}

/** The import's figures for one list. */
export interface ListReport {
  files: number;
  bytes: number;
  messages: number;
  duplicates: number;
  ghosts: number;
  threads: number;
  inferredLinks: number;
  warnings: Partial<Record<WarningRecord['kind'], number>>;
  fileReports: FileReport[];
}

/** The import's report, written to `<storeDir>/report.json`. */
export interface ImportReport {
  lists: Record<string, ListReport>;
  parsedMessages: number;
  cachedMessages: number;
  elapsedMs: number;
  peakRssBytes: number;
  jobs: number;
  warnings: WarningRecord[];
}

/** Where a message's bodies are: the cache entry (index into `files`), chunk and position. */
export type BodyLocation = [file: number, chunk: number, index: number, rawOffset: number, rawLength: number];

/** The store of one list, as the site reads it from `<storeDir>/store/<list>/index.json`. */
export interface ListStore {
  config: ListConfig;
  /** Cache entry folders, relative to the store folder. */
  files: string[];
  /** The mbox file of each cache entry, relative to the archive folder. */
  sources: string[];
  index: ArchiveIndex;
  /** Body location of each message, in date order. */
  bodies: BodyLocation[];
  /** Content types of each message's attachments, in date order (empty for most). */
  attachments: string[][];
  /** Where each message's attachments are in its raw chunk file (offset, length), in date order. */
  attachmentSpans: [offset: number, length: number][][];
}

/** A list's summary, for the home page (`<storeDir>/store/lists.json`). */
export interface ListSummary {
  config: ListConfig;
  messages: number;
  threads: number;
  firstMs: number;
  lastMs: number;
}

// Names that live in a list folder but are not mail.
const NOT_MAIL = /^(?:list\.json|readme(?:\..*)?|\..*)$/i;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function discover(archiveDir: string): Promise<{ config: ListConfig; files: string[] }[]> {
  const info = await stat(archiveDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ImportError(
      `archive folder "${archiveDir}" does not exist. Create it with one sub-folder per list holding its mbox files (archive/<list>/*.mbox), or pass --archive DIR.`,
    );
  }
  const lists: { config: ListConfig; files: string[] }[] = [];
  for (const name of await listFolders(archiveDir)) {
    const dir = join(archiveDir, name);
    const configPath = join(dir, 'list.json');
    let raw: unknown;
    if (await exists(configPath)) {
      try {
        raw = JSON.parse(await readFile(configPath, 'utf8'));
      } catch (error) {
        throw new ImportError(`${configPath}: not valid JSON (${(error as Error).message}); fix the file or remove it to use defaults.`);
      }
    }
    const config = readListConfig(name, raw, configPath);
    const files = (await walkFiles(dir)).filter((f) => !NOT_MAIL.test(basename(f)));
    if (files.length > 0) lists.push({ config, files });
  }
  if (lists.length === 0) {
    throw new ImportError(
      `archive folder "${archiveDir}" holds no lists: put each list's mbox files in a sub-folder, e.g. ${join(archiveDir, 'my-list', '2024.mbox')}.`,
    );
  }
  return lists;
}

/** What the index needs of one message, kept in memory for the whole list: no bodies, no recipients. */
export interface IndexRecord extends ArchiveInput {
  body: BodyLocation;
  /** Content types of the message's attachments (usually none). */
  attachmentTypes: string[];
  /** Where the attachments are in the raw chunk file. */
  attachmentSpans: [offset: number, length: number][];
}

/**
 * Strings that recur across messages (Message-IDs in References, sender names) are stored once:
 * a reply chain names its ancestors in every message, and without sharing, References alone
 * would dominate the import's memory on a large list.
 */
class Interner {
  private readonly table = new Map<string, string>();
  get(value: string): string {
    const known = this.table.get(value);
    if (known !== undefined) return known;
    this.table.set(value, value);
    return value;
  }
}

function toRecord(m: IndexMeta, file: number, intern: Interner): IndexRecord {
  return {
    messageId: intern.get(m.messageId),
    references: m.references.map((id) => intern.get(id)),
    inReplyTo: m.inReplyTo.map((id) => intern.get(id)),
    subject: m.subject,
    from: m.from ? { name: intern.get(m.from.name), address: intern.get(m.from.address) } : undefined,
    dateMs: m.date.ms,
    offsetMinutes: m.date.offsetMinutes,
    stableKey: `${m.source.file}\u0000${String(m.source.index).padStart(9, '0')}`,
    body: [file, m.body.chunk, m.body.index, m.body.rawOffset, m.body.rawLength],
    attachmentTypes: m.attachmentTypes.map((t) => intern.get(t)),
    attachmentSpans: m.body.attachments ?? [],
  };
}

/**
 * Import an archive folder: parse new or changed mbox files (on worker threads), reuse the cache
 * for the rest, thread and index each list, and write the store and `report.json`.
 *
 * @param options where to read and write, and how many workers
 */
export async function importArchive(options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const lists = await discover(options.archiveDir);
  const jobs = options.jobs ?? defaultJobs();
  const report: ImportReport = { lists: {}, parsedMessages: 0, cachedMessages: 0, elapsedMs: 0, peakRssBytes: 0, jobs, warnings: [] };
  const storeDir = options.storeDir;
  await mkdir(join(storeDir, 'store'), { recursive: true });

  // Stat every file first so progress can show an ETA over the bytes that need parsing.
  const plan: { list: (typeof lists)[number]; file: string; rel: string; dir: string; stamp: Omit<CacheStamp, 'messages'>; cached: boolean }[] = [];
  for (const list of lists) {
    for (const file of list.files) {
      const info = await stat(file);
      const rel = relative(options.archiveDir, file).split('\\').join('/');
      const dir = join(storeDir, 'cache', list.config.name, cacheKey(rel));
      const stamp = { version: CACHE_VERSION, file: rel, size: info.size, mtimeMs: info.mtimeMs };
      plan.push({ list, file, rel, dir, stamp, cached: await cacheIsValid(dir, stamp) });
    }
  }
  options.onPlanned?.();
  const bytesToRead = plan.reduce((sum, p) => sum + (p.cached ? 0 : p.stamp.size), 0);
  let bytesRead = 0;
  let parsedSoFar = 0;
  const workers = plan.some((p) => !p.cached) ? jobs : 0;
  const pool = new ParsePool(workers, workers > 0 ? await bundleParseWorker(join(storeDir, 'worker')) : undefined);
  const summaries: ListSummary[] = [];

  try {
    for (const list of lists) {
      const name = list.config.name;
      const listReport: ListReport = { files: 0, bytes: 0, messages: 0, duplicates: 0, ghosts: 0, threads: 0, inferredLinks: 0, warnings: {}, fileReports: [] };
      report.lists[name] = listReport;
      const warn = (w: WarningRecord): void => {
        listReport.warnings[w.kind] = (listReport.warnings[w.kind] ?? 0) + 1;
        if (report.warnings.length < MAX_REPORTED_WARNINGS) report.warnings.push(w);
      };
      const intern = new Interner();
      const records: IndexRecord[] = [];
      const dirs: string[] = [];
      const sources: string[] = [];

      for (const item of plan.filter((p) => p.list === list)) {
        listReport.files++;
        listReport.bytes += item.stamp.size;
        const fileReport: FileReport = { file: item.rel, bytes: item.stamp.size, messages: 0, cached: item.cached };
        listReport.fileReports.push(fileReport);
        const fileIndex = dirs.length;
        let count = 0;
        let lastDate: IndexMeta['date'] | undefined;
        const collect = (m: IndexMeta): void => {
          count++;
          // No date anywhere: take the previous message's, so the message sorts where it was filed.
          if (m.dateSource === 'none' && lastDate) m.date = lastDate;
          lastDate = m.date;
          records.push(toRecord(m, fileIndex, intern));
          for (const w of m.warnings) warn({ list: name, file: item.rel, index: m.source.index, messageId: m.messageId, ...w });
        };
        if (item.cached) {
          for await (const m of readCachedMetas(item.dir)) collect(toIndexMeta(m));
          report.cachedMessages += count;
        } else {
          try {
            const { readError } = await parseFile(item.file, item.stamp, item.dir, pool, collect, {
              onBytes: (n) => {
                bytesRead += n;
              },
              onMessages: (n) => {
                parsedSoFar += n;
                options.onProgress?.({ list: name, file: item.rel, messages: parsedSoFar, bytesRead, bytesToRead, elapsedMs: performance.now() - started });
              },
            });
            if (readError) {
              fileReport.error = readError.message;
              warn({ list: name, file: item.rel, index: count, messageId: '', kind: 'truncated-file', detail: `${readError.problem}; the ${count} messages before the break are imported` });
            }
          } catch (error) {
            if (!(error instanceof MboxFileError)) throw error;
            // Not mbox from its first line: nothing was read, and the file is reported.
            records.length -= count;
            fileReport.error = error.message;
            warn({ list: name, file: item.rel, index: -1, messageId: '', kind: 'not-mbox', detail: error.problem });
            continue;
          }
          report.parsedMessages += count;
        }
        if (count === 0) warn({ list: name, file: item.rel, index: -1, messageId: '', kind: 'empty-file', detail: 'the file holds no messages' });
        dirs.push(item.dir);
        sources.push(item.rel);
        fileReport.messages = count;
        listReport.messages += count;
      }
      await removeStaleEntries(join(storeDir, 'cache', name), new Set(plan.filter((p) => p.list === list).map((p) => basename(p.dir))));

      const store = buildListStore(list.config, storeDir, dirs, sources, records);
      records.length = 0;
      listReport.duplicates = store.index.duplicates;
      listReport.ghosts = store.index.ghosts.length;
      listReport.threads = store.index.threads.length;
      listReport.inferredLinks = store.index.inferredLinks;
      await mkdir(join(storeDir, 'store', name), { recursive: true });
      await writeListStore(join(storeDir, 'store', name, 'index.json'), store);
      const first = store.index.messages[0];
      const last = store.index.messages[store.index.messages.length - 1];
      summaries.push({ config: list.config, messages: store.index.messages.length, threads: store.index.threads.length, firstMs: first?.dateMs ?? 0, lastMs: last?.dateMs ?? 0 });
    }
  } finally {
    await pool.close();
  }
  await writeFile(join(storeDir, 'store', 'lists.json'), JSON.stringify(summaries));
  report.elapsedMs = Math.round(performance.now() - started);
  report.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  await writeFile(join(storeDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

async function removeStaleEntries(listCacheDir: string, keep: Set<string>): Promise<void> {
  const present = await readdir(listCacheDir).catch(() => [] as string[]);
  for (const name of present) if (!keep.has(name)) await rm(join(listCacheDir, name), { recursive: true, force: true });
}

/**
 * Parse one mbox file through the pool into a fresh cache entry, a chunk per work item, keeping
 * file order; each message's metadata goes to the entry and to `collect`.
 */
async function parseFile(
  file: string,
  stamp: Omit<CacheStamp, 'messages'>,
  dir: string,
  pool: ParsePool,
  collect: (message: IndexMeta) => void,
  hooks: { onBytes: (n: number) => void; onMessages: (n: number) => void },
): Promise<{ readError?: MboxFileError }> {
  await openCacheEntry(dir);
  const metas = new MetaWriter(dir);
  // Chunks in flight, oldest first. Results are consumed in file order, but a worker gets new work
  // as soon as any chunk finishes: waiting for the oldest one would leave the other worker idle.
  const inFlight: { done: boolean; result: Promise<ChunkResult> }[] = [];
  const limit = Math.max(2, pool.size * 4);
  let unfinished = 0;
  let wake: (() => void) | undefined;
  let pending: MboxMessage[] = [];
  let pendingBytes = 0;
  let chunk = 0;

  const consume = async ({ lines, metas: chunkMetas }: ChunkResult): Promise<void> => {
    await metas.writeLines(lines, chunkMetas.length);
    for (const m of chunkMetas) collect(m);
    hooks.onMessages(chunkMetas.length);
  };
  const send = async (): Promise<void> => {
    if (pending.length === 0) return;
    const bytes = Buffer.allocUnsafeSlow(pendingBytes);
    let start = 0;
    const items: ChunkRequest['items'] = [];
    for (const m of pending) {
      bytes.set(m.raw, start);
      items.push({ start, length: m.raw.byteLength, envelope: m.envelope, source: { file: stamp.file, index: m.index, offset: m.offset, length: m.length } });
      start += m.raw.byteLength;
    }
    unfinished++;
    const job = { done: false, result: pool.parse({ dir, chunk: chunk++, bytes, items }) };
    const settle = (): void => {
      job.done = true;
      unfinished--;
      wake?.();
    };
    job.result.then(settle, settle);
    inFlight.push(job);
    pending = [];
    pendingBytes = 0;
    for (;;) {
      // Consume the finished chunks at the head, in file order; a failed chunk rejects here.
      while (inFlight[0]?.done) await consume(await inFlight.shift()!.result);
      // Room for more work, and not too many finished chunks waiting behind a slow one.
      if (unfinished < limit && inFlight.length < limit * 8) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  };

  let read = 0;
  let readError: MboxFileError | undefined;
  try {
    for await (const messages of readMboxFile(file, hooks.onBytes)) {
      for (const m of messages) {
        read++;
        pending.push(m);
        pendingBytes += m.raw.byteLength;
        if (pending.length >= CHUNK_MESSAGES || pendingBytes >= CHUNK_BYTES) await send();
      }
    }
  } catch (error) {
    // A file that is not mbox at all is skipped; one that breaks part-way (a truncated or
    // corrupt .gz) keeps every message read before the break.
    if (!(error instanceof MboxFileError) || read === 0) throw error;
    readError = error;
  }
  await send();
  while (inFlight.length > 0) await consume(await inFlight.shift()!.result);
  await metas.close(stamp);
  return readError === undefined ? {} : { readError };
}

/**
 * Index a list's messages into the store the site reads.
 *
 * @param config the list's settings
 * @param storeDir the store folder
 * @param dirs cache entry folders of the list's files, in file order
 * @param sources the mbox file of each entry, relative to the archive folder
 * @param records the list's messages, with body locations into `dirs`
 */
export function buildListStore(config: ListConfig, storeDir: string, dirs: string[], sources: string[], records: IndexRecord[]): ListStore {
  const index = indexArchive(records);
  return {
    config,
    files: dirs.map((d) => relative(storeDir, d).split('\\').join('/')),
    sources,
    index,
    bodies: index.messages.map((m) => records[m.input]!.body),
    attachments: index.messages.map((m) => records[m.input]!.attachmentTypes),
    attachmentSpans: index.messages.map((m) => records[m.input]!.attachmentSpans),
  };
}

/**
 * Write a list's store as JSON, one array element at a time: the whole document as one string
 * would need hundreds of megabytes on a large list.
 *
 * @param path the file to write
 * @param store the list's store
 */
export async function writeListStore(path: string, store: ListStore): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const writeArray = async (items: readonly unknown[]): Promise<void> => {
    await write('[');
    for (let i = 0; i < items.length; i++) await write(`${i > 0 ? ',' : ''}${JSON.stringify(items[i])}`);
    await write(']');
  };
  const { messages, threads, ...restOfIndex } = store.index;
  await write(`{"config":${JSON.stringify(store.config)},"files":${JSON.stringify(store.files)},"sources":${JSON.stringify(store.sources)},"index":{"messages":`);
  await writeArray(messages);
  await write(',"threads":');
  await writeArray(threads);
  for (const [key, value] of Object.entries(restOfIndex)) await write(`,${JSON.stringify(key)}:${JSON.stringify(value)}`);
  await write('},"bodies":');
  await writeArray(store.bodies);
  await write(',"attachments":');
  await writeArray(store.attachments);
  await write(',"attachmentSpans":');
  await writeArray(store.attachmentSpans);
  await write('}');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
