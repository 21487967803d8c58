/**
 * The import: archive folder -> parsed, cached, threaded store that the site reads.
 */
import { readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { indexArchive, type ArchiveIndex } from '../lib/archive.ts';
import { readListConfig, type ListConfig } from '../lib/list-config.ts';
import type { Message, WarningKind } from '../lib/message.ts';
import type { MboxMessage } from '../lib/mbox.ts';
import {
  CACHE_VERSION,
  CHUNK_BYTES,
  CHUNK_MESSAGES,
  cacheKey,
  closeCacheEntry,
  openCacheEntry,
  readCacheEntry,
  type CacheStamp,
  type CachedMessage,
} from './cache.ts';
import { ParsePool, defaultJobs } from './parse-pool.ts';
import type { ChunkRequest } from './parse-batch.ts';
import { MboxFileError, readMboxFile } from './read-mbox.ts';
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
  kind: WarningKind | 'not-mbox' | 'empty-file';
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
  index: ArchiveIndex;
  /** Body location of each message, in date order. */
  bodies: BodyLocation[];
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
  const entries = (await readdir(archiveDir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(archiveDir, entry.name);
    const configPath = join(dir, 'list.json');
    let raw: unknown;
    if (await exists(configPath)) {
      try {
        raw = JSON.parse(await readFile(configPath, 'utf8'));
      } catch (error) {
        throw new ImportError(`${configPath}: not valid JSON (${(error as Error).message}); fix the file or remove it to use defaults.`);
      }
    }
    const config = readListConfig(entry.name, raw, configPath);
    const files: string[] = [];
    const stack = [dir];
    // Sub-folders (e.g. one per year) are walked with a stack.
    while (stack.length > 0) {
      const current = stack.pop()!;
      for (const item of await readdir(current, { withFileTypes: true })) {
        const path = join(current, item.name);
        // Symbolic links are followed: admins link mbox files in from where the MTA writes them.
        const kind = item.isSymbolicLink() ? await stat(path).catch(() => undefined) : item;
        if (kind?.isDirectory() && !item.name.startsWith('.')) stack.push(path);
        else if (kind?.isFile() && !NOT_MAIL.test(item.name)) files.push(path);
      }
    }
    files.sort();
    if (files.length > 0) lists.push({ config, files });
  }
  if (lists.length === 0) {
    throw new ImportError(
      `archive folder "${archiveDir}" holds no lists: put each list's mbox files in a sub-folder, e.g. ${join(archiveDir, 'my-list', '2024.mbox')}.`,
    );
  }
  return lists;
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
  const plan: { list: (typeof lists)[number]; file: string; rel: string; size: number; mtimeMs: number; cached: CachedMessage[] | undefined }[] = [];
  for (const list of lists) {
    for (const file of list.files) {
      const info = await stat(file);
      const rel = relative(options.archiveDir, file).split('\\').join('/');
      const dir = join(storeDir, 'cache', list.config.name, cacheKey(rel));
      const cached = await readCacheEntry(dir, { version: CACHE_VERSION, file: rel, size: info.size, mtimeMs: info.mtimeMs });
      plan.push({ list, file, rel, size: info.size, mtimeMs: info.mtimeMs, cached });
    }
  }
  const bytesToRead = plan.reduce((sum, p) => sum + (p.cached ? 0 : p.size), 0);
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
      const entries: { dir: string; messages: CachedMessage[] }[] = [];
      const keep = new Set<string>();

      for (const item of plan.filter((p) => p.list === list)) {
        const dir = join(storeDir, 'cache', name, cacheKey(item.rel));
        keep.add(cacheKey(item.rel));
        listReport.files++;
        listReport.bytes += item.size;
        const fileReport: FileReport = { file: item.rel, bytes: item.size, messages: 0, cached: item.cached !== undefined };
        listReport.fileReports.push(fileReport);
        let messages = item.cached;
        if (messages) {
          report.cachedMessages += messages.length;
          for (const m of messages) {
            for (const w of m.warnings) warn({ list: name, file: item.rel, index: m.source.index, messageId: m.messageId, ...w });
          }
        } else {
          try {
            messages = await parseFile(item.file, { version: CACHE_VERSION, file: item.rel, size: item.size, mtimeMs: item.mtimeMs }, dir, pool, {
              onBytes: (n) => {
                bytesRead += n;
              },
              onMessages: (n) => {
                parsedSoFar += n;
                options.onProgress?.({ list: name, file: item.rel, messages: parsedSoFar, bytesRead, bytesToRead, elapsedMs: performance.now() - started });
              },
            });
          } catch (error) {
            if (!(error instanceof MboxFileError)) throw error;
            fileReport.error = error.message;
            warn({ list: name, file: item.rel, index: -1, messageId: '', kind: 'not-mbox', detail: error.problem });
            continue;
          }
          report.parsedMessages += messages.length;
          for (const m of messages) {
            for (const w of m.warnings) warn({ list: name, file: item.rel, index: m.source.index, messageId: m.messageId, ...w });
          }
        }
        if (messages.length === 0) warn({ list: name, file: item.rel, index: -1, messageId: '', kind: 'empty-file', detail: 'the file holds no messages' });
        fileReport.messages = messages.length;
        listReport.messages += messages.length;
        entries.push({ dir, messages });
      }
      await removeStaleEntries(join(storeDir, 'cache', name), keep);

      const store = buildListStore(list.config, storeDir, entries);
      listReport.duplicates = store.index.duplicates;
      listReport.ghosts = store.index.ghosts.length;
      listReport.threads = store.index.threads.length;
      listReport.inferredLinks = store.index.inferredLinks;
      await mkdir(join(storeDir, 'store', name), { recursive: true });
      await writeFile(join(storeDir, 'store', name, 'index.json'), JSON.stringify(store));
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
 * file order.
 */
async function parseFile(
  file: string,
  stamp: Omit<CacheStamp, 'messages'>,
  dir: string,
  pool: ParsePool,
  hooks: { onBytes: (n: number) => void; onMessages: (n: number) => void },
): Promise<CachedMessage[]> {
  await openCacheEntry(dir);
  const inFlight: Promise<CachedMessage[]>[] = [];
  // Enough chunks queued to keep every worker busy while this thread reads and splits.
  const limit = Math.max(2, pool.size * 3);
  const metas: CachedMessage[] = [];
  let lastDate: Message['date'] | undefined;
  let pending: MboxMessage[] = [];
  let pendingBytes = 0;
  let chunk = 0;

  const consume = (messages: CachedMessage[]): void => {
    for (const m of messages) {
      // No date anywhere: take the previous message's, so the message sorts where it was filed.
      if (m.dateSource === 'none' && lastDate) m.date = lastDate;
      lastDate = m.date;
      metas.push(m);
    }
    hooks.onMessages(messages.length);
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
    inFlight.push(pool.parse({ dir, chunk: chunk++, bytes, items }));
    pending = [];
    pendingBytes = 0;
    while (inFlight.length >= limit) consume(await inFlight.shift()!);
  };

  for await (const messages of readMboxFile(file, hooks.onBytes)) {
    for (const m of messages) {
      pending.push(m);
      pendingBytes += m.raw.byteLength;
      if (pending.length >= CHUNK_MESSAGES || pendingBytes >= CHUNK_BYTES) await send();
    }
  }
  await send();
  while (inFlight.length > 0) consume(await inFlight.shift()!);
  await closeCacheEntry(dir, stamp, metas);
  return metas;
}

/**
 * Index a list's cached messages into the store the site reads.
 *
 * @param config the list's settings
 * @param storeDir the store folder
 * @param entries cache entries of the list's files, in file order
 */
export function buildListStore(config: ListConfig, storeDir: string, entries: { dir: string; messages: CachedMessage[] }[]): ListStore {
  const inputs: Parameters<typeof indexArchive>[0][number][] = [];
  const where: BodyLocation[] = [];
  entries.forEach((entry, f) => {
    for (const m of entry.messages) {
      inputs.push({
        messageId: m.messageId,
        references: m.references,
        inReplyTo: m.inReplyTo,
        subject: m.subject,
        from: m.from,
        dateMs: m.date.ms,
        offsetMinutes: m.date.offsetMinutes,
        stableKey: `${m.source.file}\u0000${String(m.source.index).padStart(9, '0')}`,
      });
      where.push([f, m.body.chunk, m.body.index, m.body.rawOffset, m.body.rawLength]);
    }
  });
  const index = indexArchive(inputs);
  return {
    config,
    files: entries.map((e) => relative(storeDir, e.dir).split('\\').join('/')),
    index,
    bodies: index.messages.map((m) => where[m.input]!),
  };
}
