/**
 * Building the static site with Astro from an imported store.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createBuildShare, publishBuildShare } from './build-share.ts';
import type { ListSummary } from './import.ts';
import { writePagesSynchronously } from './page-writes.ts';
import type { SiteJob, SiteJobResult } from './site-worker.ts';
import { bundleSiteWorker } from './worker-bundle.ts';

/** Options of `buildSite`. */
export interface SiteOptions {
  /** The store written by the import. */
  storeDir: string;
  /** Where the site goes. */
  outDir: string;
  /** The path the site is served under, e.g. `/` or `/archives/`. */
  base: string;
  /** The public origin (`https://lists.example.org`), for absolute URLs in sitemap.xml. */
  site?: string;
  /**
   * Settles when the store is written, for a build that starts while the import runs: Astro
   * compiles the site meanwhile and renders pages once the store is there.
   */
  storeReady?: Promise<unknown>;
}

/**
 * Where the Astro integration in astro.config.mjs finds what to call before pages render (waits
 * for the store) and after.
 */
const PAGES_HOOKS = Symbol.for('threadline.pages');

/** What the integration calls. */
interface PagesHooks {
  start(): Promise<unknown>;
  done(): void;
}

/**
 * The site workers' young generation. Rendering a message makes many short-lived objects (its
 * syntax trees); with V8's default, collecting them took a tenth of the workers' time. On
 * linux-btrfs 2020 this made the build about a second faster, for about 60 MB more peak RSS.
 */
export const WORKER_YOUNG_GENERATION_MB = 96;

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

/**
 * Build the site into `outDir`.
 *
 * @param options store, output folder and base path
 */
export async function buildSite(options: SiteOptions): Promise<SiteJobResult> {
  const base = normalizeBase(options.base);
  if (options.site !== undefined && !/^https?:\/\/[^/?#\s]+\/?$/.test(options.site)) {
    throw new SiteOptionError(`--site must be an origin such as "https://lists.example.org", not ${JSON.stringify(options.site)}`);
  }
  const root = fileURLToPath(new URL('../../', import.meta.url));
  await emptySiteFolder(options.outDir, { 'Threadline itself': root, 'the store': options.storeDir });
  const workDir = join(options.storeDir, 'worker');
  const workerFile = bundleSiteWorker(workDir);
  // Pages wait for this: the store, then two worker threads (see site-worker.ts) that render
  // messages ahead of the pages and write the search index, raw files and attachments while Astro
  // renders pages. Astro leaves the folder as it is (emptyOutDir is off when THREADLINE_OUT is
  // set), so all can write into it from the start.
  const ready = (async () => {
    await options.storeReady;
    if (!existsSync(join(options.storeDir, 'store', 'lists.json'))) {
      throw new SiteOptionError(`no store in ${options.storeDir}: run "threadline import" first, or use "threadline build", which imports`);
    }
    const lists = JSON.parse(await readFile(join(options.storeDir, 'store', 'lists.json'), 'utf8')) as ListSummary[];
    const share = createBuildShare(workDir, lists.map((l) => ({ name: l.config.name, messages: l.messages })));
    const file = await workerFile;
    const tasks = ['messages', 'files'] as const;
    const workers = tasks.map(
      (task) =>
        new Worker(file, {
          workerData: { task, storeDir: options.storeDir, outDir: options.outDir, base, share } satisfies SiteJob,
          resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
        }),
    );
    const done = Promise.all(workers.map((worker, k) => siteWorkerResult(worker, tasks[k]!))).then((parts) => Object.assign({ searchMs: 0, searchCpuMs: 0, raw: 0, attachments: 0 }, ...parts) as SiteJobResult);
    // Rejections are awaited below; this keeps an early failure from being reported as unhandled.
    done.catch(() => {});
    publishBuildShare(share);
    return { share, workers, done };
  })();
  ready.catch(() => {});
  process.env['THREADLINE_STORE'] = options.storeDir;
  process.env['THREADLINE_OUT'] = options.outDir;
  process.env['THREADLINE_BASE'] = base;
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  // Vite reads import.meta.env.BASE_URL from the environment when it is set there (test runners set
  // it); the base given here must win.
  delete process.env['BASE_URL'];
  if (options.site !== undefined) process.env['THREADLINE_SITE'] = options.site;
  let restoreWrites: (() => void) | undefined;
  const restore = () => {
    restoreWrites?.();
    restoreWrites = undefined;
  };
  const hooks: PagesHooks = {
    start: async () => {
      await ready;
      restoreWrites ??= writePagesSynchronously();
    },
    done: restore,
  };
  (globalThis as Record<symbol, unknown>)[PAGES_HOOKS] = hooks;
  try {
    const { build } = await import('astro');
    const building = build({ root, outDir: options.outDir, base, logLevel: 'warn' });
    building.catch(() => {});
    // An import that fails fails the build with its own error, not with Astro's report of it.
    const { done } = await ready.catch(async (error: unknown) => {
      await building.catch(() => {});
      throw error;
    });
    await building;
    return await done;
  } catch (error) {
    await ready.then(({ workers }) => Promise.all(workers.map((w) => w.terminate()))).catch(() => {});
    throw error;
  } finally {
    restore();
    (globalThis as Record<symbol, unknown>)[PAGES_HOOKS] = undefined;
    publishBuildShare(undefined);
    const share = await ready.then(({ share }) => share).catch(() => undefined);
    if (share) await Promise.all([share.messagesPath, ...share.lists.map((l) => l.minutesPath)].map((path) => rm(path, { force: true })));
  }
}

/**
 * Empty the site folder before a build (keeping `.git`, as Astro does), refusing a folder that
 * holds the store or Threadline itself: those would be deleted with the old site.
 */
async function emptySiteFolder(outDir: string, keep: Record<string, string>): Promise<void> {
  const out = resolve(outDir);
  for (const [what, path] of Object.entries(keep)) {
    const rel = relative(out, resolve(path));
    if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) {
      throw new SiteOptionError(`--out ${outDir} holds ${what} (${path}), which building would delete: choose a folder of its own, such as "dist"`);
    }
  }
  await mkdir(out, { recursive: true });
  for (const entry of await readdir(out)) {
    if (entry !== '.git') await rm(join(out, entry), { recursive: true, force: true });
  }
}

function siteWorkerResult(worker: Worker, task: SiteJob['task']): Promise<Partial<SiteJobResult>> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: { result?: Partial<SiteJobResult>; error?: string }) => {
      void worker.terminate();
      if (reply.result) resolve(reply.result);
      else reject(new Error(task === 'messages' ? `rendering messages failed: ${reply.error}` : `writing raw files or the search index failed: ${reply.error}`));
    });
    worker.once('error', reject);
  });
}
