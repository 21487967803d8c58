/**
 * `threadline build`: the phases after the import, each handing the next explicit data.
 *
 *   import + index (src/import)  → every list's index and per-message columns
 *   enrich                       → each list's minutes (found per thread, cached between builds)
 *   plan                         → every file of the site with its key: a hash of what it shows
 *   render + write               → only the files whose key is not what the site folder holds,
 *                                  rendered on worker threads, each task a whole thread or a set
 *                                  of pages; files that no longer belong are removed
 *
 * The site folder is updated in place: a file is written only when its key changed, through a
 * temporary name, and recorded in a journal as it is, so a killed build leaves a folder and a
 * record the next build completes. The same archive gives the same files, cold or incremental.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { THREADLINE_ROOT, sourcesKey } from '../compiled.ts';
import { SITEMAP_URLS, sitemapIndexXml, sitemapXml } from '../lib/sitemap.ts';
import { href, paths } from '../lib/urls.ts';
import { importArchive, type ImportReport } from '../import/archive-import.ts';
import type { ImportProgress } from '../import/import.ts';
import { defaultJobs } from '../import/parse-pool.ts';
import { STORE_VERSION, Store, type ListData, type ListSummary } from '../store/store.ts';
import { kindOf, type FileCounts } from './file-kinds.ts';
import { compileSite, siteKey, type CompiledSite } from './compile.ts';
import type { MeetingNotice, ThreadMeetings } from '../lib/meetings.ts';
import { listMeetings, minutesJson } from './minutes-models.ts';
import { findListMinutes, listMinutesOf, type ListMinutes, type MinutesEntry } from './minutes-data.ts';
import { listAuthors } from '../lib/authors.ts';
import { REDIRECT_MAP_FILE, REDIRECT_RULES, RedirectMapError, netlifyRedirects, nginxRedirectMap, readRedirectMap, redirectPageHtml, resolveRedirects, type Redirect } from '../lib/redirects.ts';
import { removalReason } from '../lib/removal.ts';
import { relativeHref } from '../lib/relative-links.ts';
import { MBOX_WRITER } from './downloads.ts';
import { isRemoved, listDownloads, listPages, localPositions, sitePages, slugsById, threadBars, threadDownloads, threadInput, threadParts, threadUnit, type DownloadContext, type DownloadModel, type KeyedDownload, type ListContext, type PageModel, type ThreadParts, type ThreadUnit } from './models.ts';
import { lostFeedXml, patchFilterData, patchListPage, patchLostPage, patchMboxes, type PatchMboxModel } from './patch-models.ts';
import { listPatchesOf } from './patches-data.ts';
import { RenderPool, TASKS_IN_FLIGHT } from './render-pool.ts';
import { SiteWriter, TEMP_DIR, keyOf, outputFile, type Written } from './writer.ts';
import { searchMessages } from './search-build.ts';
import { readSavedSearch, startSearchIndex, threadCpuMs, type SavedSearch, type SearchJob, type SearchRun } from './search-worker.ts';
import { bundleSearchWorker } from '../import/worker-bundle.ts';
import { isInside } from '../import/walk.ts';
import { checkStoreFolder } from '../import/import.ts';
import { loadSiteSettings } from './settings.ts';
import { collectGarbage, collectGarbageAbove, heapUsed } from './memory.ts';

/** Options of `buildSite`. */
export interface BuildOptions {
  archiveDir: string;
  storeDir: string;
  outDir: string;
  /** The path the site is served under, e.g. `/` or `/archives/`. */
  base: string;
  /** The public origin (`https://lists.example.org`), for absolute URLs in sitemap.xml. */
  site?: string | undefined;
  /** The site's settings file; default `threadline.config.json` beside the archive folder (see settings.ts). */
  config?: string | undefined;
  /** Pages with relative links, for a site opened from a folder or a USB stick (`file://`). */
  relative?: boolean;
  /** Parse and render workers; default one per core. */
  jobs?: number;
  /** Empty the site folder and write every file. */
  clean?: boolean;
  /** Make the search index before the pages, not beside them; by default, above `SEARCH_ALONE_MESSAGES` messages unless the last index is updated (see there). */
  searchAlone?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Called once the archive has been read and found usable. */
  onPlanned?: () => void;
  /**
   * Called after each task's files are written and journaled, with the number written so far:
   * tests stop a build here to check that a killed build is completed by the next.
   */
  onWritten?: (count: number) => void;
  /**
   * Called as each phase of the report ends, with its name: tests stop a build here, at a point
   * no task count marks (after the search index's old parts are removed, before the build waits
   * for the render). A throw ends the build as a failure does: tasks in flight are awaited and
   * journaled, caches flushed. 'finish' ends after the manifest and the lists of changes are
   * written: a throw there fails a build that is complete.
   */
  onPhase?: (name: string) => void;
  /**
   * Make every thread's files' keys, and fail when a thread whose input is unchanged has other
   * keys than last time: tests check with it that `threadInput` holds all a thread shows.
   */
  checkPlan?: boolean;
}

/**
 * What the plan of a list keeps between builds: the key of the list's index; the files and pages
 * of the list besides its threads; and each thread's files and pages, in thread order, by the key
 * of its input (see `threadInput`).
 */
interface PlanCache {
  planKey: string;
  /** The token of the build that made it (see `SiteManifest.plans`). */
  made: string;
  files: [path: string, key: string][];
  pages: string[];
  threads: [input: string, [files: [path: string, key: string][], pages: string[]]][];
}

/** The site part of report.json. */
export interface SiteReport {
  outDir: string;
  base: string;
  site: string | undefined;
  /** Whether the folder was emptied and every file written. */
  clean: boolean;
  elapsedMs: number;
  /** Files the site has, by kind. */
  files: FileCounts;
  written: number;
  unchanged: number;
  removed: number;
  /** Lists of the files written and removed (site paths, one per line), for a deploy step. */
  writtenList: string;
  removedList: string;
  /** Per mbox file: messages in the store and message pages in the site. */
  sources: { list: string; file: string; messages: number; pages: number }[];
  /** Time of each phase after the import. */
  phases: Record<string, number>;
  peakRssBytes: number;
  /** Render worker threads the build started (0: it rendered in its own thread, or nothing). */
  renderWorkers: number;
  /**
   * The search index: kept as it was, updated from the last build's (messages analysed: those
   * new or changed), or built from every message.
   */
  search: {
    index: 'kept' | 'updated' | 'built';
    messages: number;
    analysed: number;
    /**
     * CPU time of the thread that made it, in ms (a thread of its own unless `jobs` is 0, so no
     * phase shows it); for an index kept as it was, the build thread's time to check it.
     */
    ms: number;
  };
  /** Redirects from an old archive's URLs (see migrate-mhonarc): written, led to a list's home (not in the archive), skipped. */
  redirects: { written: number; unresolved: number; skipped: string[] };
}

/** Thrown for a bad site option; the message says what to pass instead. */
export class SiteOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SiteOptionError';
  }
}

/**
 * Check a base path: it must be an absolute URL path. Returns it with a trailing slash.
 *
 * @param base the base path given by the user
 */
export function normalizeBase(base: string): string {
  if (!base.startsWith('/') || /[?#\s\\]|\/\.\.?(?:\/|$)/.test(base)) {
    throw new SiteOptionError(`--base must be an absolute URL path such as "/" or "/archives/", not ${JSON.stringify(base)}`);
  }
  return base.endsWith('/') ? base : `${base}/`;
}

/** The file that tells GitHub Pages to serve the folder as it is (see where it is written). */
const NO_JEKYLL = '.nojekyll';

/** Series mboxes per render task: a task's files are written one after another. */
const MBOX_TASK_FILES = 200;
/** Threads' downloads per render task sent before the plan (see `earlyDownloads`): written one after another. */
const EARLY_TASK_FILES = 32;
/**
 * A render task of pages holds at most this many, or about this many bytes of models: a worker
 * keeps a task's models and pages until it ends (a list's months, authors and series in one task
 * took 92 MB of models and 500 MB of a worker's heap on a 121k-message archive).
 */
const PAGE_TASK_PAGES = 100;
const PAGE_TASK_BYTES = 2_000_000;
/**
 * Above this many messages the search index is made before the pages are, not beside them. On
 * linux-btrfs at 121,845 messages, made beside the render workers, the index's thread held about
 * 0.9 GB and the rest of the build 1.3 GB: a cold build peaked at 2.35 GB. Made before them, it
 * peaked at 1.56 GB (`npm run bench -- scale`); the index's analysis then has one core to itself.
 * On smaller sites the overlap saves time, and the peak is lower (1.4 GB at 24k messages).
 *
 * An update that updates the last index (at most a quarter of this many messages parsed, and
 * the folder holding the index saved for these lists' settings: see `searchUpdated`) makes it
 * beside the pages at any size: there, it analyses little and holds less. At 121,845 messages
 * on tmpfs, made alone, adding a day of mail (30 messages) waited 1.2–1.5 s for it; beside the
 * pages, that update took 10.4–11.2 s against 12.6 s before, and adding a month (694) 13.7–14.7 s
 * against 15.5 s. The peaks rose from 0.95–1.09 GB to 1.30–1.39 GB.
 */
export const SEARCH_ALONE_MESSAGES = 60_000;
/**
 * The full collections after the import and after finding minutes lower the peak of what comes
 * next. A phase that made nothing (an import that indexed no list, minutes kept from the last
 * build) skips its collection; so does one that parsed fewer messages than this on a heap under
 * GARBAGE_HEAP_BYTES: adding December to linux-btrfs 2020 + January–November 2021 (24k messages,
 * a heap of 119 and 145 MB there) on tmpfs, four runs each in turn, 3.96–4.51 s without the two
 * collections against 4.27–4.87 s with them, 5.34–6.07 s of user CPU against 5.72–6.69 s, the
 * peak 611–654 MB against 593–607 MB. Larger imports and archives whose heap passes
 * GARBAGE_HEAP_BYTES collect as before.
 */
const GARBAGE_MESSAGES = 2_000;
const GARBAGE_HEAP_BYTES = 256 * 1024 * 1024;

/** A full collection after a phase that parsed this many messages (see GARBAGE_MESSAGES). */
function collectBetweenPhases(parsed: number): void {
  if (parsed >= GARBAGE_MESSAGES || heapUsed() >= GARBAGE_HEAP_BYTES) collectGarbage();
}

/** The heap size at which finding minutes collects the bodies it parsed (see `collectGarbageAbove`). */
const MINUTES_HEAP_BYTES = 512 * 1024 * 1024;
/** The heap size at which the plan collects the models and keys it made. */
const PLAN_HEAP_BYTES = 512 * 1024 * 1024;

/**
 * Refuse a site folder that holds the store, the archive or Threadline itself (a clean build empties it).
 *
 * @param outDir the site folder
 * @param keep folders that must not be inside it, by what they are
 */
function checkSiteFolder(outDir: string, keep: Record<string, string>): void {
  for (const [what, path] of Object.entries(keep)) {
    if (isInside(outDir, resolve(path))) {
      throw new SiteOptionError(`--out ${outDir} holds ${what} (${path}), which building would delete: choose a folder of its own, such as "dist"`);
    }
  }
}

/**
 * What a clean build leaves in the site folder: names that start with a dot (`.git`, `.nojekyll`,
 * `.well-known`, `.htaccess`) and a GitHub Pages `CNAME`, which hosts and deploys put there and
 * the site never writes. Only the temporary folder of a killed build goes.
 */
function keptInSite(name: string): boolean {
  return (name.startsWith('.') && name !== TEMP_DIR) || name === 'CNAME';
}

async function emptyFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(dir)) if (!keptInSite(entry)) await rm(join(dir, entry), { recursive: true, force: true });
}

/**
 * Refuse to empty a folder that holds files no Threadline build wrote: `--out` pointed at the
 * wrong folder (a home folder, another site) would lose them. A folder is taken as a site when
 * the store has a record of building it, or its home or 404 page says Threadline made it.
 *
 * @param outDir the site folder
 * @param known whether the store has a record of building into it
 */
function checkForeignFolder(outDir: string, known: boolean): void {
  if (known) return;
  let entries: string[];
  try {
    entries = readdirSync(outDir).filter((name) => !keptInSite(name));
  } catch {
    return;
  }
  if (entries.length === 0) return;
  for (const page of ['index.html', '404.html']) {
    const file = join(outDir, page);
    if (existsSync(file) && readFileSync(file, 'utf8').includes('<meta name="generator" content="Threadline"')) return;
  }
  const shown = entries.sort().slice(0, 3).join(', ');
  throw new SiteOptionError(
    `--out ${outDir} holds files Threadline did not write (${shown}${entries.length > 3 ? ', …' : ''}), which building would delete: choose an empty or new folder, such as "dist", or empty it first`,
  );
}

/** Batches journal entries so a build records what it wrote as it goes, without a write per file. */
class Journal {
  private entries: Written[] = [];
  private flushing: Promise<void> = Promise.resolve();
  constructor(
    private readonly store: Store,
    private readonly outDir: string,
  ) {}
  add(entries: readonly Written[]): Promise<void> {
    for (const e of entries) this.entries.push(e);
    const batch = this.entries;
    this.entries = [];
    this.flushing = this.flushing.then(() => this.store.journal(this.outDir, batch));
    return this.flushing;
  }
  /** Record one file with the next batch, written once 256 wait (a failure shows at the next `add`, which this chain leads to). */
  defer(entry: Written): void {
    this.entries.push(entry);
    if (this.entries.length >= 256) this.add([]).catch(() => {});
  }
}

/**
 * Build the site: import, index, find minutes, then render and write what changed.
 *
 * @param options the archive, store, site folder and options
 */
export async function buildSite(options: BuildOptions): Promise<{ import: ImportReport; site: SiteReport }> {
  const started = performance.now();
  const base = normalizeBase(options.base);
  if (options.site !== undefined && !/^https?:\/\/[^/?#\s]+\/?$/.test(options.site)) {
    throw new SiteOptionError(`--site must be an origin such as "https://lists.example.org", not ${JSON.stringify(options.site)}`);
  }
  const site = options.site?.replace(/\/$/, '');
  // What absolute links start with: the site's origin and base, or the base alone without --site.
  const origin = site === undefined ? base : `${site}${base}`;
  const outDir = resolve(options.outDir);
  const storeDir = resolve(options.storeDir);
  checkSiteFolder(outDir, { 'Threadline itself': THREADLINE_ROOT, 'the store': storeDir, 'the archive': options.archiveDir });
  if (isInside(resolve(options.archiveDir), outDir)) {
    throw new SiteOptionError(`--out ${outDir} is inside the archive folder ${options.archiveDir}, where the site's files would be read as mail: choose a folder outside it, such as "dist"`);
  }
  // Before the lock makes the store's folder.
  checkStoreFolder(options.archiveDir, storeDir);
  const store = new Store(storeDir);
  checkForeignFolder(outDir, store.knowsSite(outDir));
  const jobs = options.jobs ?? defaultJobs();
  const phases: Record<string, number> = {};
  const phase = (name: string, since: number): void => {
    phases[name] = Math.round(performance.now() - since);
    options.onPhase?.(name);
  };

  // The settings are read first: a mistake in them stops the build before a long import.
  const { settings, logoFile } = loadSiteSettings({ archiveDir: options.archiveDir, configFile: options.config });
  // The templates compile (when Threadline or the settings changed) while the archive is read.
  const siteOptions = { base, site, settings, logoFile };
  const relative = options.relative === true;
  // Relative links are written into every page after rendering: the same compiled site, other pages.
  const key = relative ? keyOf(siteKey(siteOptions), 'relative') : siteKey(siteOptions);
  let compiled: Promise<CompiledSite> | undefined;
  const compiledSite = () => (compiled ??= compileSite(siteOptions));
  void compiledSite().catch(() => {});

  // One build at a time on a store (see `Store.lock`), until its last write: given back in the
  // `finally` below, or by `locked` when what comes before that fails.
  const unlock = store.lock();
  const locked = async <T>(step: Promise<T>): Promise<T> => {
    try {
      return await step;
    } catch (error) {
      unlock();
      throw error;
    }
  };
  // What the site folder holds, by the manifest of the last build into it: read and parsed (40–60
  // ms of this thread at 24k messages) while the import waits for its parse workers, if it has any.
  let manifestRead: ReturnType<Store['readManifest']> | undefined;
  const imported = await locked(
    importArchive({
      archiveDir: options.archiveDir,
      store,
      jobs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onPlanned ? { onPlanned: options.onPlanned } : {}),
      onParsing: () => {
        manifestRead = store.readManifest(outDir);
        // Awaited after the import; an import that fails leaves it unread.
        manifestRead.catch(() => {});
      },
    }),
  );
  const lists = imported.lists;
  // The import's garbage (parsed metadata, batches) goes before the phases that hold more.
  // An import that indexed no list made little: a full collection of the lists it read took 40
  // ms. Nor one that parsed few messages, on a small heap (see GARBAGE_MESSAGES).
  if (imported.report.indexedLists.length > 0) collectBetweenPhases(imported.report.parsedMessages);

  let manifest = await (manifestRead ?? store.readManifest(outDir));
  const clean = options.clean === true || manifest === undefined || manifest.base !== base || manifest.site !== site || !existsSync(outputFile(outDir, ''));
  // What a mirror kept by the lists of what changed holds: the folder as the last build that
  // finished left it. Builds stopped since changed files the lists must name too. (A clean build
  // lists every file it writes, and what it emptied: see `cleared`.)
  const finished = clean ? undefined : manifest?.finished;
  let poolMade: Promise<RenderPool> | undefined;
  // The pool, once made.
  let running: RenderPool | undefined;
  const startPool = (): Promise<RenderPool> =>
    // An update starts with one worker, and more as the files it sends pass FILES_PER_WORKER per
    // worker: on 2 cores a second one cost a month's update CPU and memory and saved no time.
    (poolMade ??= compiledSite().then((c) => (running = new RenderPool(c.renderModule, { storeDir, outDir, base, direct: clean, relative }, jobs, clean ? jobs : 1))));
  // When there is mail to render, the render workers load the compiled site while this thread
  // finds minutes and plans: they take no task before the folder is ready (see `SiteWriter`):
  // an update's downloads once its temporary folder is cleared, the rest when the plan sends
  // them. Not on a site whose search index is made alone first (see SEARCH_ALONE_MESSAGES): they
  // would hold their memory meanwhile.
  const messageCount = lists.reduce((sum, data) => sum + data.index.messages.length, 0);
  // The last build's index, read once: to decide here, and to start from (see `startSearch`).
  const savedSearch = readSavedSearch(store, sourcesKey());
  // An update that updates the last index needs no core or memory of its own for it (at 121,845
  // messages, adding a day of mail waited 1.2 s for it): one that analyses few messages, so one
  // that parsed few, whose lists have the settings the index was made with (the address
  // obfuscation is in every document), and whose folder holds that index as written (another
  // folder's, or a stopped build's, is made again from every message).
  const searchUpdated = async (): Promise<boolean> => {
    if (clean || imported.report.parsedMessages > SEARCH_ALONE_MESSAGES / 4) return false;
    const saved = await savedSearch;
    return searchHeld(saved, manifest!.files) && JSON.stringify(saved.settings) === JSON.stringify(listSettings(lists));
  };
  const searchAlone = options.searchAlone ?? (messageCount > SEARCH_ALONE_MESSAGES && !(await locked(searchUpdated())));
  if ((clean || imported.report.indexedLists.length > 0) && !searchAlone) startPool().catch(() => {});
  // Each list's plan from the last build is read and decompressed (on zlib's threads) meanwhile;
  // not when the index is made alone first, whose peak it would add to.
  const planCache = (list: string) => `plan-${list}`;
  const readPlan = (list: string) => store.readCache<PlanCache>(planCache(list));
  const savedPlans = new Map(searchAlone ? [] : lists.map((data) => [data.config.name, readPlan(data.config.name)]));
  // The render tasks a build sends, each ending with its files journaled.
  const tasks: Promise<void>[] = [];
  try {
    return await buildPhases();
  } finally {
    // A build that fails before its plan waits for the tasks it sent early: no journal line comes
    // after the lock is given back.
    await Promise.allSettled(tasks);
    await poolMade?.then((p) => p.close(), () => {});
    // A build that failed leaves no cache write going on (another build on the same store, in this
    // process, would write the same files); its caches are optional, so their failure is not its.
    await store.flushCaches().catch(() => {});
    unlock();
  }

  async function buildPhases(): Promise<{ import: ImportReport; site: SiteReport }> {
    // Render tasks, from here on: each one's files are journaled as it ends (`tasks`, awaited
    // below, or where the build ends, whatever ends it).
    let written = 0;
    const journal = new Journal(store, outDir);
    let failure: unknown;
    const record = (done: Promise<Written[]>): void => {
      tasks.push(
        done
          .then(async (files) => {
            await journal.add(files);
            written += files.length;
            options.onWritten?.(written);
          })
          .catch((error: unknown) => {
            failure ??= error;
          }),
      );
    };
    const getPool = async (): Promise<RenderPool> => {
      const made = await startPool();
      await made.ready();
      return made;
    };
    // An update's downloads go to the render worker first, while this thread finds minutes and
    // series, which they do not show (see `earlyDownloads`): those of the lists the import indexed
    // again (the others' plans are kept whole). Not in a clean build, whose folder is emptied when
    // the plan begins, nor when the worker has not started. At most as many tasks as the plan
    // keeps in flight, for they are sent without waiting: the rest go with the plan.
    const early = new Map<string, string>();
    const earlyLists = new Map<string, KeyedDownload[]>();
    let tempCleared = false;
    if (!clean && poolMade !== undefined) {
      await rm(join(outDir, TEMP_DIR), { recursive: true, force: true });
      tempCleared = true;
      let sent = 0;
      const send = (files: KeyedDownload[]): void => {
        for (const f of files) early.set(f.model.path, f.key);
        record(startPool().then((pool) => pool.run({ kind: 'downloads', files })));
        sent++;
      };
      for (const data of lists) {
        if (!imported.report.indexedLists.includes(data.config.name)) continue;
        const made = earlyDownloads({ data, origin }, key, manifest!.files);
        earlyLists.set(data.config.name, made.list);
        // One per task, as the plan sends them: a month's mbox is made in memory.
        for (const d of made.list) if (manifest!.files[d.model.path] !== d.key && sent < TASKS_IN_FLIGHT) send([d]);
        for (let i = 0; i < made.threads.length && sent < TASKS_IN_FLIGHT; i += EARLY_TASK_FILES) send(made.threads.slice(i, i + EARLY_TASK_FILES));
      }
    }

    // Enrich: minutes, per thread, from the store's bodies only where a thread changed.
    let since = performance.now();
    const found: Omit<ListContext, 'patches'>[] = [];
    const code = sourcesKey();
    let bodiesRead = 0;
    for (const data of lists) {
      // Kept by a hash of each thread, for this Threadline's sources: another version finds them again.
      const cacheName = `minutes-${data.config.name}`;
      const usable = await store.readCache<{ inputsKey: string; threads: [string, ThreadMeetings][]; entries: MinutesEntry[]; notices: MeetingNotice[] }>(cacheName, code);
      // A list whose index did not change has the minutes found last time: they depend on nothing else.
      let minutes: ListMinutes;
      if (usable?.inputsKey === data.inputsKey) {
        minutes = listMinutesOf(usable.entries, usable.notices);
      } else {
        const cache = new Map(usable?.threads ?? []);
        minutes = findListMinutes(
          data,
          (n) => {
            collectGarbageAbove(MINUTES_HEAP_BYTES);
            bodiesRead++;
            return readText(store, data, n);
          },
          cache,
        );
        store.keepCache(cacheName, { inputsKey: data.inputsKey, threads: [...cache], entries: minutes.entries, notices: minutes.notices }, code);
      }
      const authors = listAuthors(data.index, data.columns.analysis, (n) => isRemoved({ data }, n));
      found.push({ data, minutes, meetings: listMeetings(data, minutes), authors, origin });
    }
    phase('minutes', since);

    // Enrich: patch series, from metadata and what the parse phase recorded (no body is read).
    since = performance.now();
    const contexts: ListContext[] = [];
    for (const ctx of found) contexts.push({ ...ctx, patches: await listPatchesOf(store, ctx.data) });
    phase('patches', since);
    // Finding minutes parsed message bodies: their garbage goes before the plan and the search
    // index peak (minutes kept from the last build parsed none; the collection took 70 ms).
    if (bodiesRead > 0) collectBetweenPhases(bodiesRead);

    // Plan: every file with its key, against what the folder holds.
    since = performance.now();
    // The files of the last build into the folder that a clean build empties: the deploy step's
    // list of removed files names those the new site does not have (a message removed, an mbox
    // file deleted), so a server that mirrors the folder drops them too. Recorded before the
    // manifest is forgotten, so a clean build killed part-way hands them to the next.
    let cleared: string[] = [];
    if (clean) {
      // What a mirror may hold: the last manifest's files (a killed update's too, and those of the
      // last build that finished), or an older Threadline's manifest's, and what a killed clean build left.
      const held = manifest === undefined ? await store.readManifestPaths(outDir) : [...Object.keys(manifest.files), ...Object.keys(manifest.finished ?? {})];
      cleared = [...new Set([...held, ...(await store.readCleared(outDir))])].sort();
      await store.forgetSite(outDir);
      await store.writeCleared(outDir, cleared);
      await emptyFolder(outDir);
      manifest = { version: STORE_VERSION, outDir, base, site, files: {} };
    }
    // A temporary folder a killed build left (cleared before the downloads sent early, if any).
    if (!tempCleared) await rm(join(outDir, TEMP_DIR), { recursive: true, force: true });
    const previous = manifest!.files;
    // The plans whose files the folder holds, by the manifest (see `SiteManifest.plans`); those
    // whose files the manifest this build writes will hold; and this build's token.
    const heldPlans = manifest!.plans ?? {};
    const plans: Record<string, string> = {};
    const made = randomUUID();
    const outputs = new Map<string, string>();
    const pagePaths: string[] = [paths.home()];
    const planKeys: string[] = [];
    let renderWorkers = 0;
    const summaries: ListSummary[] = lists.map((data) => {
      const messages = data.index.messages;
      return { config: data.config, messages: messages.length, threads: data.index.threads.length, firstMs: messages[0]?.dateMs ?? 0, lastMs: messages[messages.length - 1]?.dateMs ?? 0 };
    });
    // Filled once every file is planned (see 'remove').
    const removed: string[] = [];
    const folders = new Set<string>();
    const removeFiles = async (files: readonly string[]): Promise<void> => {
      // Recorded first: a build stopped part-way would leave the manifest's keys for files it
      // removed, and one that wants them back would take them as there.
      await store.journalRemoving(outDir, files);
      // A few at a time.
      for (let i = 0; i < files.length; i += 64) {
        await Promise.all(
          files.slice(i, i + 64).map((path) => {
            const file = outputFile(outDir, path);
            folders.add(dirname(file));
            return rm(file, { force: true });
          }),
        );
      }
    };
    const writtenPaths: string[] = [];
    const counts: FileCounts = { message: 0, thread: 0, raw: 0, attachment: 0, month: 0, monthThreads: 0, list: 0, minutes: 0, patches: 0, search: 0, mbox: 0, feed: 0, author: 0, redirect: 0, other: 0 };
    const sources: SiteReport['sources'] = [];
    let redirects: SiteReport['redirects'] = { written: 0, unresolved: 0, skipped: [] };
    let search: SiteReport['search'] = { index: 'kept', messages: 0, analysed: 0, ms: 0 };
    // Whether a file is to be sent: not in the folder as planned, nor already sent with that key.
    const toSend = (path: string, k: string): boolean => previous[path] !== k && early.get(path) !== k;
    const dirtyOf = (files: readonly [string, string][]): [string, string][] => files.filter(([path, k]) => toSend(path, k));
    const renderPages = async (pages: { model: PageModel; key: string }[]): Promise<void> => {
      if (pages.length > 0) record((await getPool()).run({ kind: 'pages', pages }));
    };
    // Files this thread writes: the compiled assets, the sitemap, redirects and small data files.
    const writer = new SiteWriter(outDir, clean ? undefined : { name: `main-${process.pid}`, journal: store.writingJournal(outDir) });
    const direct: Written[] = [];
    const put = (path: string, k: string, content: () => string | Uint8Array): void => {
      outputs.set(path, k);
      if (previous[path] === k) return;
      writer.write(path, content());
      direct.push([path, k]);
    };
    // Made on a thread of its own while this one plans; its files are journaled as they are written,
    // so a build killed meanwhile leaves no file the next build does not know of. Started before
    // the plan (a site whose index is made alone first, before the pages).
    let searchStarted: Promise<SearchOutcome> | undefined;
    const beginSearch = (): Promise<SearchOutcome> =>
      (searchStarted ??= startSearch(store, outDir, contexts, previous, savedSearch, { clean, jobs }, (files) => {
        for (const f of files) journal.defer(f);
        written += files.length;
      }));
    // A large site's index is made before the pages: the index's thread and the render workers
    // would hold the most memory at once (see SEARCH_ALONE_MESSAGES).
    const first = searchAlone ? await beginSearch() : undefined;
    const searchFirst = first?.index === 'made' ? first.run : undefined;
    // Before the plan: a clean build's index is its longest task (started later, a cold build of
    // 24k messages waited 0.6 s for it at the end, in one bench run of three), and an update's
    // rewrites the index's newest part whatever the new mail is, so this thread would wait for it
    // at the end. Starting it costs this thread the messages' inputs and their copy to the
    // index's thread, which makes their keys (see `searchKey`). Adding one message to 24k
    // messages on tmpfs, eight runs each in turn, with the keys made there and the smaller thread
    // inputs: 2.46–2.68 s (median 2.52 s) against 2.48–2.74 s (2.59 s) on 3bf5bad, where the
    // build's thread made the keys and started the index after the first list's pages.
    try {
      await beginSearch();
      if (searchFirst) {
        const planned = performance.now() - since;
        since = performance.now();
        // The messages were handed to the index (copied, when it has a thread of its own): what
        // this thread made of them is garbage, and its heap would stay that size while it waits.
        collectGarbage();
        await searchFirst.done;
        phase('search', since);
        collectGarbage();
        since = performance.now() - planned;
      }
      for (const ctx of contexts) {
        // A list whose index did not change has the files it had: the models need not be made again.
        const planKey = keyOf(key, ctx.data.inputsKey);
        planKeys.push(planKey);
        const cacheName = planCache(ctx.data.config.name);
        const saved = await (savedPlans.get(ctx.data.config.name) ?? readPlan(ctx.data.config.name));
        savedPlans.delete(ctx.data.config.name);
        // The files of the plan the manifest holds are in place: they need not be looked up one by
        // one (`checkPlan` looks them up all the same, and fails where one is not).
        const held = typeof saved?.made === 'string' && heldPlans[ctx.data.config.name] === saved.made;
        const lookUp = (files: [string, string][]) => files.every(([path, k]) => previous[path] === k);
        const inPlace = (files: [string, string][]) => {
          if (!held) return lookUp(files);
          if (options.checkPlan && !lookUp(files)) throw new Error(`buildSite: the manifest names the plan of ${ctx.data.config.name}, but not all its files are as it recorded`);
          return true;
        };
        const take = (plan: Omit<PlanCache, 'planKey' | 'made'>) => {
          for (const [files, pages] of [[plan.files, plan.pages] as const, ...plan.threads.map(([, unit]) => unit)]) {
            for (const [path, k] of files) outputs.set(path, k);
            for (const p of pages) pagePaths.push(p);
          }
        };
        if (saved?.planKey === planKey && inPlace(saved.files) && saved.threads.every(([, [files]]) => inPlace(files))) {
          take(saved);
          plans[ctx.data.config.name] = saved.made;
          continue;
        }
        const listFiles: [string, string][] = [];
        const listPagePaths: string[] = [];
        const slugs = slugsById(ctx.data);
        // A thread whose input is what it was (see `threadInput`) has the files it had, when they
        // are in place: its unit is not made again, nor its pages hashed.
        const threadKeys = new Map(saved?.threads ?? []);
        const all = ctx.data.index.threads;
        // Each thread's input and files, by its place in the list's thread order.
        // Dense (not `new Array(n)`): a sparse array is saved in V8's sparse form, larger and slower to read.
        const threads = Array.from({ length: all.length }) as PlanCache['threads'];
        const listKey = keyOf(key, JSON.stringify(ctx.data.config), ctx.origin);
        const planUnit = async (t: number, bars: ThreadParts['bars'], input: string): Promise<void> => {
          const unit = threadUnit(ctx, all[t]!.n, threadParts(ctx, all[t]!.n, slugs, bars));
          const keys = unitKeys(key, unit);
          threads[t] = [input, [keys, unit.pages.map((page) => page.path)]];
          const dirty = dirtyOf(keys);
          if (dirty.length > 0) record((await getPool()).run({ kind: 'thread', unit, dirty }));
        };
        const planThreads = async (): Promise<void> => {
          // In an update, a thread whose unit the render workers have no room for waits here,
          // while this thread goes on to look up the others: the look-ups of the unchanged threads
          // would otherwise come after the last unit, while the workers end (see `full`).
          const waiting: [t: number, bars: ThreadParts['bars'], input: string][] = [];
          // Newest first: new mail is in the last threads, so the render workers have work while
          // this thread goes on to the older ones.
          for (let i = all.length - 1; i >= 0; i--) {
            const t = all[i]!;
            if (failure) throw failure;
            collectGarbageAbove(PLAN_HEAP_BYTES);
            const bars = threadBars(ctx, t.n);
            const input = keyOf(listKey, threadInput(ctx, t.n, slugs, bars));
            const was = threadKeys.get(input);
            if (was && inPlace(was[0])) {
              if (options.checkPlan) checkThread(was, unitKeys(key, threadUnit(ctx, t.n, threadParts(ctx, t.n, slugs, bars))));
              threads[i] = [input, was];
              continue;
            }
            if (!clean && running?.full) waiting.push([i, bars, input]);
            else await planUnit(i, bars, input);
          }
          for (const [i, bars, input] of waiting) {
            if (failure) throw failure;
            collectGarbageAbove(PLAN_HEAP_BYTES);
            await planUnit(i, bars, input);
          }
        };
        // The list's pages, downloads and series mbox files.
        const planPages = async (): Promise<void> => {
          let standalone: { model: PageModel; key: string }[] = [];
          let batchBytes = 0;
          const familyKeys = new Map<unknown, FamilyKey>();
          for (const model of listPages(ctx)) {
            const { key: k, bytes } = pageKey(key, model, familyKeys);
            listFiles.push([model.path, k]);
            listPagePaths.push(model.path);
            // The authors page writes its data file with it, under the same key.
            if (model.kind === 'authors') listFiles.push([model.data, k]);
            if (previous[model.path] !== k || (model.kind === 'authors' && previous[model.data] !== k)) {
              standalone.push({ model, key: k });
              batchBytes += bytes;
            }
            // Sent a few at a time: a task's models and pages are held by its worker until it ends.
            if (batchBytes >= PAGE_TASK_BYTES || standalone.length >= PAGE_TASK_PAGES) {
              await renderPages(standalone);
              standalone = [];
              batchBytes = 0;
            }
          }
          await renderPages(standalone);
          const made = earlyLists.get(ctx.data.config.name) ?? keyedListDownloads(ctx, key);
          earlyLists.delete(ctx.data.config.name);
          for (const { model, key: k } of made) {
            listFiles.push([model.path, k]);
            // One per task: a month's mbox is made in memory.
            if (toSend(model.path, k)) record((await getPool()).run({ kind: 'downloads', files: [{ model, key: k }] }));
          }
          // Each series as an mbox for `git am`: its key is its patches' hashes and the trailers added.
          const mboxes: PatchMboxModel[] = [];
          const mboxDirty: [string, string][] = [];
          for (const model of patchMboxes(ctx.data, ctx.patches)) {
            const k = patchMboxKey(key, model);
            listFiles.push([model.path, k]);
            if (previous[model.path] === k) continue;
            mboxes.push(model);
            mboxDirty.push([model.path, k]);
          }
          for (let i = 0; i < mboxes.length; i += MBOX_TASK_FILES) {
            record((await getPool()).run({ kind: 'mbox', files: mboxes.slice(i, i + MBOX_TASK_FILES), dirty: mboxDirty.slice(i, i + MBOX_TASK_FILES) }));
          }
        };
        // Planned before the threads: the render worker starts on the pages new mail changes
        // (months, authors, series, the month's mbox) while this thread walks the threads, where it
        // would otherwise wait for the worker, and the worker, at the end, for the pages. Adding
        // December at 24k messages on tmpfs, six runs each in turn: 4.48–4.85 s against 4.44–5.51
        // s, 0.26 s less on average, with the peak 630–650 MB against 550–580 MB. A clean build too:
        // planned after the threads, its heaviest tasks (months' pages and mbox files) came last,
        // each given to a worker when sent, and one worker rendered alone for about a second at
        // the end. A clean build of linux-btrfs 2020 on tmpfs, six runs each in turn: 12.63–13.14 s
        // against 13.02–13.27 s (the first run of each left out), peak 40–90 MB lower.
        await planPages();
        await planThreads();
        if (failure) throw failure;
        take({ files: listFiles, pages: listPagePaths, threads });
        store.keepCache(cacheName, { planKey, made, files: listFiles, pages: listPagePaths, threads } satisfies PlanCache);
        plans[ctx.data.config.name] = made;
      }
      const standalone: { model: PageModel; key: string }[] = [];
      for (const model of sitePages(summaries)) {
        const k = keyOf(key, JSON.stringify(model));
        outputs.set(model.path, k);
        if (previous[model.path] !== k) standalone.push({ model, key: k });
      }
      await renderPages(standalone);
      // A file sent early is one the plan gives the same key, or the folder would hold a file the
      // manifest does not describe.
      for (const [path, k] of early) {
        if (outputs.get(path) !== k) throw new Error(`buildSite: ${path} was sent to render before the plan, under a key the plan does not give it (a fault in Threadline: build with --clean)`);
      }
      phase('plan', since);

      // Files written here: the compiled assets, the sitemap and the search index.
      since = performance.now();
      // Assets change only with the compiled site: one the folder has under this site's key is kept.
      const assetKey = `asset:${key}`;
      for (const asset of (await compiledSite()).assets) put(asset.path, assetKey, () => readFileSync(asset.file));
      // GitHub Pages, deployed from a branch, runs Jekyll, which leaves out folders whose name
      // starts with `_`: the site's styles and scripts in `_astro/`. This empty file turns it off.
      put(NO_JEKYLL, 'empty', () => '');
      // The sitemap lists every page: it changes when the pages of a list do.
      const sitemapKey = keyOf(key, ...planKeys);
      const savedSitemap = await store.readCache<{ key: string; files: [string, string][] }>('sitemap');
      if (savedSitemap?.key === sitemapKey && savedSitemap.files.every(([path, k]) => previous[path] === k)) {
        for (const [path, k] of savedSitemap.files) outputs.set(path, k);
      } else {
        const sitemapCount = Math.max(1, Math.ceil(pagePaths.length / SITEMAP_URLS));
        const files: [string, string][] = [];
        for (let i = 0; i < sitemapCount; i++) {
          const xml = sitemapXml(pagePaths.slice(i * SITEMAP_URLS, (i + 1) * SITEMAP_URLS).map((p) => href(origin, p)));
          files.push([`sitemap-${i + 1}.xml`, keyOf(xml)]);
          put(`sitemap-${i + 1}.xml`, keyOf(xml), () => xml);
        }
        const index = sitemapIndexXml(Array.from({ length: sitemapCount }, (_, i) => href(origin, `sitemap-${i + 1}.xml`)));
        put('sitemap.xml', keyOf(index), () => index);
        files.push(['sitemap.xml', keyOf(index)]);
        store.keepCache('sitemap', { key: sitemapKey, files });
      }
      phase('sitemap', since);

      // The patch list's filter data and the lost series' feed: small, made again each build.
      since = performance.now();
      for (const ctx of contexts) {
        if (ctx.patches.series.length === 0) continue;
        const json = JSON.stringify(patchFilterData(patchListPage(ctx.data, ctx.patches)));
        put(paths.patchesData(ctx.data.config.name), keyOf(json), () => json);
        const atom = lostFeedXml(patchLostPage(ctx.data, ctx.patches), (p) => href(origin, p));
        put(paths.patchesLostFeed(ctx.data.config.name), keyOf(atom), () => atom);
      }
      phase('patch files', since);

      // Each list's minutes as data, for dashboards and bots: small, made again each build.
      for (const ctx of contexts) {
        if (ctx.minutes.entries.length === 0) continue;
        const json = `${JSON.stringify(minutesJson(ctx.data, ctx.minutes, ctx.meetings, (p) => href(origin, p)), null, 1)}\n`;
        put(paths.minutesJson(ctx.data.config.name), keyOf(json), () => json);
      }

      since = performance.now();
      redirects = await writeRedirects({ archiveDir: options.archiveDir, contexts, siteKey: key, base, origin: site === undefined ? undefined : origin, relative, planKeys }, store, previous, put, outputs);
      phase('redirects', since);

      since = performance.now();
      // Written as it was made; recorded here, after the plan's files, in the order made.
      search = await finishSearch(await beginSearch(), outputs);
      if (!searchFirst) phase('search', since);
      await journal.add(direct);
      written += direct.length;

      // Every file is planned: those that no longer belong are found, and what the report counts
      // is counted, while the render workers end. The search index's old parts (a thousand or
      // more in an update) are removed now: the index that names them is replaced. The others
      // (a removed message's raw file, a month gone) once the pages that link to them are.
      if (failure) throw failure;
      since = performance.now();
      for (const path in previous) if (!outputs.has(path)) removed.push(path);
      // Sorted: the manifest holds paths in the order some earlier build made them.
      removed.sort();
      await removeFiles(removed.filter((path) => kindOf(path) === 'search'));
      // Files changed since the last build that finished: this build's, and a stopped one's.
      const changedFrom = finished ?? previous;
      for (const [path, k] of outputs) if (changedFrom[path] !== k) writtenPaths.push(path);
      for (const path of outputs.keys()) counts[kindOf(path)]++;
      for (const data of lists) {
        const perFile = data.sources.map((file) => ({ list: data.config.name, file, messages: 0, pages: 0 }));
        for (const m of data.index.messages) {
          const f = perFile[data.columns.body[m.n]!.source]!;
          f.messages++;
          if (outputs.has(`${data.config.name}/m/${m.slug}/`)) f.pages++;
        }
        sources.push(...perFile);
      }
      phase('remove', since);

      since = performance.now();
      await Promise.all(tasks);
      if (failure) throw failure;
      phase('render', since);
    } finally {
      writer.close();
      const searching = await searchStarted?.catch(() => undefined);
      if (searching?.index === 'made') await searching.run.stop();
      await Promise.allSettled(tasks);
      await poolMade?.then(
        (p) => {
          renderWorkers = p.workers;
          return p.close();
        },
        () => {},
      );
      poolMade = undefined;
    }

    // The other files that no longer belong, then the folders the removed files left empty (a
    // message's folder), deepest first, up to the site folder: once the render workers have
    // ended, for a folder they write in may be empty a moment before.
    since = performance.now();
    await removeFiles(removed.filter((path) => kindOf(path) !== 'search'));
    for (const folder of [...folders].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))) {
      for (let dir = folder; dir.startsWith(`${outDir}${sep}`); dir = dirname(dir)) {
        if (!(await rmdir(dir).then(() => true, () => false))) break;
      }
    }
    await journal.add(removed.map((p) => [p, '-']));
    await rm(join(outDir, TEMP_DIR), { recursive: true, force: true });
    // The caches this build kept (minutes, patch series, plans, sitemap, redirects), written meanwhile.
    await store.flushCaches();
    // A build that wrote and removed nothing, and planned no list again, leaves the manifest as it is.
    const plansChanged = Object.keys(plans).length !== Object.keys(heldPlans).length || Object.entries(plans).some(([list, token]) => heldPlans[list] !== token);
    if (clean || writtenPaths.length > 0 || removed.length > 0 || plansChanged) {
      await store.writeManifest({ version: STORE_VERSION, outDir, base, site, files: outputs, plans });
    }
    // A clean build removed the files it emptied that the site no longer has.
    // Files a mirror holds that the site no longer has: those this build removed, or a clean one
    // emptied; after a killed update, those of the last build that finished (not those only the
    // killed one wrote, which no mirror got).
    const mirrored = finished ? Object.keys(finished) : [...removed, ...cleared];
    const gone = [...new Set(mirrored.filter((path) => !outputs.has(path)))].sort();
    const lists_ = await store.writeChanges(outDir, writtenPaths, gone);
    await store.forgetCleared(outDir);
    phase('finish', since);

    const report: SiteReport = {
      outDir,
      base,
      site,
      clean,
      elapsedMs: Math.round(performance.now() - started),
      files: counts,
      written: writtenPaths.length,
      unchanged: outputs.size - writtenPaths.length,
      removed: gone.length,
      writtenList: lists_.written,
      removedList: lists_.removed,
      sources,
      phases,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      renderWorkers,
      search,
      redirects,
    };
    await store.writeReport({ ...imported.report, site: report });
    return { import: imported.report, site: report };
  }
}

/**
 * Fail when a thread kept by its input would have other files (`BuildOptions.checkPlan`).
 *
 * @param kept its files and pages recorded under its input
 * @param keys its files' keys made again
 */
function checkThread(kept: [[string, string][], string[]], keys: [string, string][]): void {
  if (JSON.stringify(kept[0]) !== JSON.stringify(keys)) {
    const differ = keys.find(([path, k], i) => kept[0][i]?.[0] !== path || kept[0][i]?.[1] !== k) ?? kept[0][keys.length];
    throw new Error(`buildSite: a thread has the input it had, but ${differ?.[0]} changed: threadInput misses something it shows`);
  }
}

/** A patch series family's part of its pages' keys (see `pageKey`). */
export interface FamilyKey {
  grid: unknown;
  key: string;
  bytes: number;
}

/**
 * The key of a list's page: a hash of its model. Every page of a patch series' family shows the
 * whole family (its versions and their grid, one object shared by the family's pages), so that
 * part is hashed once per family: on linux-btrfs at 24k messages the series pages' models are 28
 * MB of JSON, their families 7.4 MB, and hashing each page whole took 0.2 s of every build that
 * plans the list.
 *
 * @param siteKey the compiled site's key
 * @param model the page
 * @param families the keys of the families hashed so far, by their shared versions (and grid)
 * @returns its key, and about how many bytes of JSON its model is
 */
export function pageKey(siteKey: string, model: PageModel, families: Map<unknown, FamilyKey>): { key: string; bytes: number } {
  if (model.kind === 'patchSeries') {
    let family = families.get(model.versions);
    if (family?.grid !== model.grid) {
      const json = JSON.stringify([model.versions, model.grid]);
      family = { grid: model.grid, key: keyOf(json), bytes: json.length };
      families.set(model.versions, family);
    }
    const { versions: _versions, grid: _grid, ...page } = model;
    const json = JSON.stringify(page);
    return { key: keyOf(siteKey, json, family.key), bytes: json.length + family.bytes };
  }
  const json = JSON.stringify(model);
  return { key: keyOf(siteKey, json), bytes: json.length };
}

/**
 * The keys of a thread's files. A page's key covers its model, the views it shows and the
 * thread's tree (every page of a thread shows it); a raw file's key is its bytes' hash.
 *
 * @param siteKey the compiled site's key
 * @param unit the thread's unit
 */
export function unitKeys(siteKey: string, unit: ThreadUnit): [path: string, key: string][] {
  // Positions are the thread's own, in date order (see `localPositions`).
  const at = localPositions(Object.keys(unit.messages).map(Number));
  const tree = keyOf(JSON.stringify(unit.rows.map((r) => ({ ...r, n: at(r.n) }))), JSON.stringify(Object.values(unit.messages)), unit.threadPath);
  const views = new Map<number, string>();
  const viewKey = (n: number) => {
    let k = views.get(n);
    if (k === undefined) {
      const { body, ...rest } = unit.views[n]!;
      k = keyOf(JSON.stringify(rest), body.hash);
      views.set(n, k);
    }
    return k;
  };
  const out: [string, string][] = [];
  for (const page of unit.pages) {
    if (page.kind === 'message') out.push([page.path, keyOf(siteKey, JSON.stringify({ ...page, n: at(page.n) }), viewKey(page.n), tree)]);
    else out.push([page.path, keyOf(siteKey, JSON.stringify({ ...page, shown: page.shown.map(at) }), tree, ...page.shown.map(viewKey))]);
  }
  for (const f of unit.files) out.push([f.path, `raw:${f.hash}`]);
  for (const d of unit.downloads) out.push([d.path, downloadKey(siteKey, d)]);
  return out;
}

/**
 * The key of a download. An mbox file's follows its messages' bytes and dates (the hash of their
 * raw hashes) and the writer (`MBOX_WRITER`: its format, gzip level and zlib), so it is rewritten
 * only when a message of it is added, changed or removed, or the writer changed, not when a
 * template or the rest of Threadline changes; a feed's is its model's, with the compiled site's.
 *
 * @param siteKey the compiled site's key
 * @param model the download
 */
export function downloadKey(siteKey: string, model: DownloadModel): string {
  if (model.kind === 'mbox') return `mbox:${keyOf(MBOX_WRITER, ...model.messages.map((m) => `${m.hash}\u0001${m.dateMs}`))}`;
  // A feed shows its entries' text: its key holds their hashes, not where the store keeps them.
  return keyOf(siteKey, JSON.stringify({ ...model, entries: model.entries.map(({ body, ...entry }) => ({ ...entry, body: body.hash })) }));
}

/**
 * A list's downloads (feeds, months' mbox files) with their keys.
 *
 * @param ctx the list
 * @param siteKey the compiled site's key
 */
function keyedListDownloads(ctx: DownloadContext, siteKey: string): KeyedDownload[] {
  return listDownloads(ctx).map((model) => ({ model, key: downloadKey(siteKey, model) }));
}

/**
 * An update's downloads that can be rendered before the minutes and series are found: each list's
 * (its feeds and months' mbox files), and those of each thread that holds a message whose page the
 * folder does not have (its mbox file and feed change with the message). They follow from the
 * index alone (see `threadDownloads`), and mbox files are most of what an update compresses: the
 * render worker, idle until the plan, makes them meanwhile. Adding December to 24k messages, in a
 * profile: the threads' downloads took 0.22 s of the worker's time, the list's 0.15 s.
 *
 * @param ctx the list
 * @param siteKey the compiled site's key
 * @param previous the folder's files and their keys, by the manifest
 * @returns every download of the list with its key, and the threads' downloads whose key the folder does not have
 */
export function earlyDownloads(ctx: DownloadContext, siteKey: string, previous: Readonly<Record<string, string>>): { list: KeyedDownload[]; threads: KeyedDownload[] } {
  const list = keyedListDownloads(ctx, siteKey);
  const { index, config } = ctx.data;
  const touched = new Set<number>();
  for (const m of index.messages) if (previous[paths.message(config.name, m.slug)] === undefined) touched.add(m.thread);
  const threads: KeyedDownload[] = [];
  for (const t of [...touched].sort((a, b) => b - a)) {
    for (const model of threadDownloads(ctx, t)) {
      const key = downloadKey(siteKey, model);
      if (previous[model.path] !== key) threads.push({ model, key });
    }
  }
  return { list, threads };
}

/**
 * A series mbox's key: its patches' bytes and parsed text (by hash) and the trailers added, not
 * where the store keeps them, so renaming or gzipping an mbox file rewrites none.
 *
 * @param siteKey the compiled site's key
 * @param model the series mbox
 */
export function patchMboxKey(siteKey: string, model: PatchMboxModel): string {
  return keyOf(siteKey, JSON.stringify([model.path, model.patches.map((p) => [p.rawHash, p.bodyHash, p.trailers])]));
}

function readText(store: Store, data: ListData, n: number): string {
  // A removed message's text is read by nothing: no minutes, no search entry.
  if (removalReason(data.config.remove, data.index.messages[n]!.messageId) !== undefined) return '';
  const ref = data.columns.body[n]!;
  return store.readBody(data.entries[ref.source]!, ref.chunk, ref.slot).message.text;
}

/**
 * The redirects from old archives' URLs: each list's redirect map (written by migrate-mhonarc)
 * resolved against its index, as static pages at the old paths plus `_redirects` and an nginx
 * map. Rebuilt when a map or a list changed, else the files of the last build are kept.
 */
async function writeRedirects(
  options: { archiveDir: string; contexts: readonly ListContext[]; siteKey: string; base: string; origin: string | undefined; relative: boolean; planKeys: readonly string[] },
  store: Store,
  previous: Record<string, string>,
  put: (path: string, key: string, content: () => string) => void,
  outputs: Map<string, string>,
): Promise<SiteReport['redirects']> {
  const maps: [ListContext, string, string][] = [];
  for (const ctx of options.contexts) {
    const file = join(options.archiveDir, ctx.data.config.name, REDIRECT_MAP_FILE);
    const text = existsSync(file) ? await readFile(file, 'utf8') : undefined;
    if (text !== undefined) maps.push([ctx, file, text]);
  }
  const inputsKey = keyOf(options.siteKey, ...options.planKeys, ...maps.map(([, file, text]) => `${file}\u0000${text}`));
  const saved = await store.readCache<{ inputsKey: string; files: [string, string][]; report: SiteReport['redirects'] }>('redirects');
  if (saved?.inputsKey === inputsKey && saved.files.every(([path, k]) => previous[path] === k)) {
    for (const [path, k] of saved.files) outputs.set(path, k);
    return saved.report;
  }
  const report: SiteReport['redirects'] = { written: 0, unresolved: 0, skipped: [] };
  // Every file of the site, by the path a redirect would take: gathered only for a map.
  const taken = new Set<string>();
  if (maps.length > 0) for (const p of outputs.keys()) taken.add(p === '' || p.endsWith('/') ? `${p}index.html` : p);
  const all: Redirect[] = [];
  for (const [ctx, file, text] of maps) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new RedirectMapError(`${file}: not valid JSON (${(error as Error).message}); write it again with "threadline migrate-mhonarc"`);
    }
    for (const r of resolveRedirects(readRedirectMap(raw, file), ctx.data.config.name, ctx.data.index, slugsById(ctx.data))) {
      // A page of the site (or another list's redirect) at the old path wins: the site's URLs are its contract.
      if (taken.has(r.from)) {
        report.skipped.push(`${r.from}: a file of the site is there (${file})`);
        continue;
      }
      taken.add(r.from);
      all.push(r);
      if (r.unresolved) report.unresolved++;
    }
  }
  const files: [string, string][] = [];
  const write = (path: string, content: string) => {
    const k = keyOf(content);
    put(path, k, () => content);
    files.push([path, k]);
  };
  // A site opened from a folder (`--relative`) has each page lead on by a path from its own
  // folder, to a page's index.html, as its links do (see relative-links.ts).
  const local = (from: string, to: string) => (options.relative ? relativeHref(from, to) : `${options.base}${to}`);
  for (const r of all) write(r.from, redirectPageHtml(local(r.from, r.to), `${options.origin ?? options.base}${r.to}`, local(r.from, 'favicon.svg')));
  if (all.length > 0) {
    write(REDIRECT_RULES.netlify, netlifyRedirects(all, options.base));
    write(REDIRECT_RULES.nginx, nginxRedirectMap(all, options.base));
  }
  report.written = all.length;
  store.keepCache('redirects', { inputsKey, files, report });
  return report;
}

/** The search index as `startSearch` left it: kept as the last build wrote it, or being made. */
type SearchOutcome = { index: 'kept'; files: [string, string][]; messages: number; ms: number } | { index: 'made'; run: SearchRun };

/**
 * Make the search index: kept when no list's messages or minutes changed and Threadline is the
 * same; else updated from the last build's (its state in the store, its parts in the site folder,
 * each checked against the key the manifest has for it), or built from every message when there
 * is none. It is made on a thread of its own (see search-worker.ts) while this one plans; each
 * file goes to the folder as it is made, so the index's files are never all held at once, and
 * `written` takes them for the journal. `finishSearch` records what it wrote.
 *
 * @param store the store
 * @param outDir the site folder
 * @param contexts the site's lists
 * @param previous the key of each file the site folder holds
 * @param savedSearch what the last build kept of its index (`readSavedSearch`)
 * @param options a clean build (files written under their own names) and the build's workers
 * @param written takes the index's files as they are written
 */
async function startSearch(
  store: Store,
  outDir: string,
  contexts: readonly ListContext[],
  previous: Record<string, string>,
  savedSearch: Promise<SavedSearch | undefined>,
  options: { clean: boolean; jobs: number },
  written: (files: Written[]) => void,
): Promise<SearchOutcome> {
  const cpuStart = threadCpuMs();
  const sources = sourcesKey();
  const settings = listSettings(contexts.map((c) => c.data));
  const inputs = createHash('sha1').update(sources);
  for (const [i, { data, minutes }] of contexts.entries()) {
    inputs.update(`\u0000${data.config.name}\u0000${settings[i]}`);
    // One update per list: one per message took 0.1-0.2 s at 121,845 messages (the same bytes).
    const parts: string[] = [];
    for (const m of data.index.messages) parts.push(`\u0000${m.slug}\u0000${data.columns.bodyHash[m.n]}`);
    inputs.update(parts.join(''));
    inputs.update(JSON.stringify(minutes.entries));
  }
  const inputsKey = inputs.digest('hex');
  const saved = await savedSearch;
  const intact = searchHeld(saved, previous);
  if (intact && saved.inputsKey === inputsKey) return { index: 'kept', files: saved.files, messages: saved.messages, ms: Math.round(threadCpuMs() - cpuStart) };
  // The last index's files the folder holds, with their keys, looked up one by one (5,516 at 24k
  // messages) rather than found among the folder's 71k: a file under search/ that another build
  // wrote, stopped before its index was kept, is written again if the index makes it again.
  const present: Record<string, string> = {};
  for (const [path] of saved?.files ?? []) {
    const k = previous[path];
    if (k !== undefined) present[path] = k;
  }
  const job: SearchJob = {
    storeDir: store.dir,
    outDir,
    direct: options.clean,
    name: `search-${process.pid}`,
    sources,
    inputsKey,
    lists: contexts.map((c) => c.data.config.name),
    settings,
    present,
    last: intact ? { files: saved.files, inputsKey: saved.inputsKey } : undefined,
  };
  const messages = searchMessages(contexts.map(({ data, minutes, patches }) => ({ data, minutes: minutes.entries, patches })));
  return { index: 'made', run: startSearchIndex(job, messages, options.jobs > 0 ? await bundleSearchWorker() : undefined, written) };
}

/**
 * Whether a site folder holds the last search index's files as it wrote them.
 *
 * @param saved what the last build kept of its index
 * @param files the key of each file the folder holds (its manifest)
 */
function searchHeld(saved: SavedSearch | undefined, files: Readonly<Record<string, string>>): saved is SavedSearch {
  return saved?.files.every(([path, k]) => files[path] === k) === true;
}

/**
 * The lists' settings as the search index records them (`SearchJob.settings`).
 *
 * @param lists the site's lists, in order
 */
function listSettings(lists: readonly Pick<ListData, 'config'>[]): string[] {
  return lists.map((data) => JSON.stringify(data.config));
}

/** Record the search index `startSearch` kept or made (waiting for it to be made). */
async function finishSearch(outcome: SearchOutcome, outputs: Map<string, string>): Promise<SiteReport['search']> {
  if (outcome.index === 'kept') {
    for (const [path, k] of outcome.files) outputs.set(path, k);
    return { index: 'kept', messages: outcome.messages, analysed: 0, ms: outcome.ms };
  }
  const made = await outcome.run.done;
  for (const [path, k] of made.files) outputs.set(path, k);
  return { index: made.index, messages: made.messages, analysed: made.analysed, ms: made.ms };
}
