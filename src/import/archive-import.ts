/**
 * `threadline import`, and the first two phases of a build: read what is new in the archive
 * (import phase), then index each list (index phase), and say what was done.
 */
import { join } from 'node:path';
import type { ListSummary, ListData, Store, WarningRecord, ListReport } from '../store/store.ts';
import { archivePath, bytesToRead, checkStoreFolder, discoverLists, filesOutsideLists, importSources, planImport, type ImportProgress, type ReadPlan } from './import.ts';
import { indexList } from './index-lists.ts';
import { MAX_REPORTED_WARNINGS, fileReportsOf, keptWarnings, storedMessages, warnedThisTime } from './report.ts';
import { ParsePool, defaultJobs } from './parse-pool.ts';
import { bundleParseWorker } from './worker-bundle.ts';

/**
 * Bytes of mail each parse worker is started for. A worker takes 0.15–0.25 s of CPU to load its
 * code and parses about 15 MB/s (linux-btrfs 2020: 105 MB in about 3.5 s on two). Adding a month
 * of linux-btrfs (6.4 MB, 694 messages) to 24k messages on tmpfs, with one worker instead of two,
 * five runs each in turn: 4.05–4.56 s against 4.01–4.58 s (means 4.26 and 4.32 s), 7.1 s of CPU
 * against 7.3 s. One and two tie there; a second starts just above.
 */
export const BYTES_PER_PARSE_WORKER = 8 * 2 ** 20;

/** How much more mail a gzip file holds than its size on disk (linux-btrfs 2020: 31 MB, 105 MB). */
const GZIP_EXPANSION = 3.4;

/** Options of `importArchive`. */
export interface ImportOptions {
  /** The archive folder: one sub-folder per list. */
  archiveDir: string;
  store: Store;
  /** Parse workers at most; default the cores, up to 4 (0 parses in this thread). */
  jobs?: number;
  /** Bytes of mail to read for each parse worker started (default `BYTES_PER_PARSE_WORKER`). */
  bytesPerWorker?: number;
  /** Called now and then with progress figures. */
  onProgress?: (progress: ImportProgress) => void;
  /** Called once the archive and its list.json files have been read and found usable. */
  onPlanned?: () => void;
  /** Called once parse workers have started, when there is mail to parse: this thread waits for them from then on. */
  onParsing?: () => void;
}

/** The import's figures for one list: its index's report without the warnings in full, and its file count. */
export interface ListImportReport extends Omit<ListReport, 'warningsKept'> {
  files: number;
}

/** The import's report (part of `<store>/report.json`). */
export interface ImportReport {
  lists: Record<string, ListImportReport>;
  parsedMessages: number;
  cachedMessages: number;
  /** Lists indexed anew (the others were unchanged and loaded). */
  indexedLists: string[];
  elapsedMs: number;
  /** Time of the index phase alone. */
  indexMs: number;
  peakRssBytes: number;
  /** Parse workers it could start (`ImportOptions.jobs`). */
  jobs: number;
  /** Parse workers this import started (see `parseWorkers`). */
  parseWorkers: number;
  warnings: WarningRecord[];
}

/**
 * Import an archive folder: parse what is new or changed (on worker threads), index each list,
 * save the lists and their summaries.
 *
 * @param options where to read, the store, how many workers
 * @returns the report, and every list's data for the phases that follow
 */
export async function importArchive(options: ImportOptions): Promise<{ report: ImportReport; lists: ListData[] }> {
  const started = performance.now();
  const store = options.store;
  checkStoreFolder(options.archiveDir, store.dir);
  const listSources = await discoverLists(options.archiveDir);
  await store.removeOldLayout();
  const plans = await planImport(store, options.archiveDir, listSources);
  options.onPlanned?.();
  const jobs = options.jobs ?? defaultJobs();
  const workers = parseWorkers(plans, jobs, options.bytesPerWorker);
  // A list with a new or changed file is indexed again from every file's stored metadata: the
  // first such list's, as the last build stored it, is read while the workers parse (a file read
  // whole is stored anew). One list: the lists are indexed one after another, and each list's
  // metadata is held from its read to its index.
  const first = plans.find((p) => p.how !== 'unchanged')?.list;
  for (const p of plans) if (p.list === first && p.how !== 'full' && p.previous) store.readSourceMetasAhead(p.entry, p.previous);
  try {
    const pool = new ParsePool(workers, workers > 0 ? await bundleParseWorker() : undefined);
    if (workers > 0) options.onParsing?.();
    let sources: Awaited<ReturnType<typeof importSources>>;
    try {
      sources = await importSources(store, plans, pool, (p) => options.onProgress?.({ ...p, elapsedMs: performance.now() - started }));
      for (const list of listSources) {
        for (const folder of list.unreadable) {
          const file = archivePath(options.archiveDir, folder.path);
          const detail = `is a folder that cannot be read (${folder.code}); check its permissions. The messages read from its files before are kept until it can be read again.`;
          sources.warnings.push({ list: list.config.name, file, index: -1, messageId: '', kind: 'unreadable-file', detail });
        }
      }
    } finally {
      await pool.close();
    }
    const indexed = await indexLists(store, listSources, sources, { jobs, workers, started });
    const outside = filesOutsideLists(options.archiveDir).map((file): WarningRecord => ({
      list: '',
      file,
      index: -1,
      messageId: '',
      kind: 'outside-list',
      detail: `is in the archive folder itself, where no list reads it: move it into a list's folder, such as ${join(options.archiveDir, 'my-list', file)}`,
    }));
    indexed.report.warnings.unshift(...outside);
    return indexed;
  } finally {
    store.forgetReadAhead();
  }
}

/**
 * How many parse workers an import starts: none when no file changed (or `jobs` is 0), else one
 * for each `BYTES_PER_PARSE_WORKER` of mail to read, up to `jobs`. A gzip file (as the last read
 * found it, else by its name) counts `GZIP_EXPANSION` times its bytes.
 *
 * @param plans how each file will be read
 * @param jobs the most workers
 * @param perWorker bytes to read for each worker
 */
export function parseWorkers(plans: readonly ReadPlan[], jobs: number, perWorker = BYTES_PER_PARSE_WORKER): number {
  if (jobs === 0 || plans.every((p) => p.how === 'unchanged')) return 0;
  let bytes = 0;
  for (const p of plans) bytes += ((p.previous?.gzip ?? p.path.endsWith('.gz')) ? GZIP_EXPANSION : 1) * bytesToRead(p);
  return Math.max(1, Math.min(jobs, Math.ceil(bytes / perWorker)));
}

/**
 * The index phase: index each list (or load it, unchanged), drop what the archive no longer
 * has, save the lists' summaries, and report.
 *
 * @param store the store
 * @param listSources the archive's lists
 * @param sources what the import phase read of their files, and its warnings
 * @param run the import's workers and when it started
 */
async function indexLists(
  store: Store,
  listSources: Awaited<ReturnType<typeof discoverLists>>,
  sources: Awaited<ReturnType<typeof importSources>>,
  run: { jobs: number; workers: number; started: number },
): Promise<{ report: ImportReport; lists: ListData[] }> {
  const { jobs, workers, started } = run;
  const indexStarted = performance.now();
  const report: ImportReport = { lists: {}, parsedMessages: sources.parsedMessages, cachedMessages: 0, indexedLists: [], elapsedMs: 0, indexMs: 0, peakRssBytes: 0, jobs, parseWorkers: workers, warnings: [] };
  const lists: ListData[] = [];
  const summaries: ListSummary[] = [];
  for (const list of listSources) {
    const name = list.config.name;
    const listFiles = sources.sources.get(name) ?? [];
    const { data, indexed } = await indexList(store, list.config, listFiles, sources.warnings.filter((w) => w.list === name));
    if (indexed) report.indexedLists.push(name);
    const r = data.report;
    const { warningsKept: _kept, ...figures } = r;
    report.lists[name] = { files: r.fileReports.length, ...figures };
    report.warnings.push(...r.warningsKept);
    lists.push(data);
    const messages = data.index.messages;
    summaries.push({ config: data.config, messages: messages.length, threads: data.index.threads.length, firstMs: messages[0]?.dateMs ?? 0, lastMs: messages[messages.length - 1]?.dateMs ?? 0 });
  }
  // This time's warnings first: the report keeps the first MAX_REPORTED_WARNINGS.
  const files = fileReportsOf(report);
  report.warnings = keptWarnings(report.warnings, (w) => warnedThisTime(w, files), MAX_REPORTED_WARNINGS);
  // Every message the files hold, a copy the site leaves out (`identical-copy`) too.
  report.cachedMessages = Object.values(report.lists).reduce((sum, list) => sum + storedMessages(list.fileReports), 0) - report.parsedMessages;
  await store.pruneLists(new Set(listSources.map((l) => l.config.name)));
  for (const list of listSources) {
    await store.pruneSources(list.config.name, new Set((sources.sources.get(list.config.name) ?? []).map((s) => s.entry)));
  }
  await store.writeSummaries(summaries);
  report.indexMs = Math.round(performance.now() - indexStarted);
  report.elapsedMs = Math.round(performance.now() - started);
  report.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  return { report, lists };
}
