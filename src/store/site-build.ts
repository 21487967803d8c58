/**
 * Building the static site with Astro from an imported store.
 */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SearchJob } from './search-worker.ts';
import { writeMessageFiles } from './site-files.ts';
import { bundleSearchWorker } from './worker-bundle.ts';

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

/**
 * Build the site into `outDir`.
 *
 * @param options store, output folder and base path
 */
export async function buildSite(options: SiteOptions): Promise<{ searchMs: number; raw: number; attachments: number }> {
  const base = normalizeBase(options.base);
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(options.storeDir, 'store', 'lists.json'))) {
    throw new SiteOptionError(`no store in ${options.storeDir}: run "threadline import" first, or use "threadline build", which imports`);
  }
  process.env['THREADLINE_STORE'] = options.storeDir;
  process.env['THREADLINE_OUT'] = options.outDir;
  process.env['THREADLINE_BASE'] = base;
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  // Vite reads import.meta.env.BASE_URL from the environment when it is set there (test runners set
  // it); the base given here must win.
  delete process.env['BASE_URL'];
  if (options.site !== undefined) {
    if (!/^https?:\/\/[^/?#\s]+\/?$/.test(options.site)) {
      throw new SiteOptionError(`--site must be an origin such as "https://lists.example.org", not ${JSON.stringify(options.site)}`);
    }
    process.env['THREADLINE_SITE'] = options.site;
  }
  // The search index is built on a worker thread, on the other core, while Astro renders pages.
  const searchDir = join(options.storeDir, 'search');
  const search = runSearchWorker(await bundleSearchWorker(join(options.storeDir, 'worker')), { storeDir: options.storeDir, outDir: searchDir });
  // Rejections are awaited below; this keeps an early failure from being reported as unhandled.
  search.catch(() => {});
  const { build } = await import('astro');
  const root = fileURLToPath(new URL('../../', import.meta.url));
  await build({ root, outDir: options.outDir, base, logLevel: 'warn' });
  const files = await writeMessageFiles(options.outDir);
  const { ms } = await search;
  await cp(searchDir, join(options.outDir, 'search'), { recursive: true });
  return { searchMs: ms, ...files };
}

function runSearchWorker(file: string, job: SearchJob): Promise<{ ms: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: job });
    worker.once('message', (reply: { result?: { ms: number }; error?: string }) => {
      void worker.terminate();
      if (reply.result) resolve(reply.result);
      else reject(new Error(`search index build failed: ${reply.error}`));
    });
    worker.once('error', reject);
  });
}
