/**
 * Findability: the frozen known-item questions of bench/eval/search-queries.jsonl typed into the
 * real search page of a site built from three real lists, in headless Chromium, scored as
 * bench/eval/README.md says (an answer among the top 3 results once the page has settled). And a
 * scale run: one-word and three-word queries on a site of 120k+ messages, with the bytes fetched
 * and the share of the build's CPU the search index took.
 *
 *   npm run bench -- findability [--site DIR] [--keep] [--only b01,l12]
 *   npm run bench -- findability-scale [--site DIR] [--keep]
 *
 * `--site DIR` reuses a work folder (DIR/store, DIR/dist) built by an earlier run with `--keep`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { paths } from '../src/lib/urls.ts';
import { Store } from '../src/store/store.ts';
import { CORPORA, makeScaleInput, table, type Row } from './run.ts';
import { timed } from './timed.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'scripts', 'threadline.mjs');
const QUESTIONS = join(ROOT, 'bench', 'eval', 'search-queries.jsonl');

/** The three lists of the known-item set, as folder name and mbox files. */
const LISTS: [string, string[]][] = [
  ['blinux-list', ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026'].map((y) => join(CORPORA, 'blinux-list', `${y}.mbox`))],
  ['linux-btrfs', ['2020', '2021'].map((y) => join(CORPORA, 'linux-btrfs', `${y}.mbox.gz`))],
  ['minutes', [join(CORPORA, 'minutes', 'openbmc-meetings-2019-2020.mbox')]],
];

/** How long a query may take to settle before the bench gives up on it. */
const SETTLE_TIMEOUT_MS = 120_000;

interface Question {
  id: string;
  list: string;
  query: string;
  answers: string[];
  kind: string;
}

/** What one query in the browser gave. */
interface Outcome {
  /** Result links in page order (base removed). */
  paths: string[];
  status: string;
  ms: number;
  /** CPU time of the page's main thread (Chromium's ThreadTime): what the search cost the reader's machine, whatever else runs. */
  cpuMs: number;
  /** Bytes of every response of the page load and the search, and of the search index alone. */
  bytes: number;
  indexBytes: number;
  requests: number;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `threadline build` in a child process under /usr/bin/time: wall seconds and CPU seconds (user + system). */
function build(work: string): { seconds: number; cpuSeconds: number } {
  return timed(process.execPath, [CLI, 'build', '--archive', join(work, 'archive'), '--store', join(work, 'store'), '--out', join(work, 'dist')]);
}

/** Message-ID of every message page, by path (`<list>/m/<slug>/`), from the store the site was built from. */
async function pathsToIds(storeDir: string): Promise<Map<string, string>> {
  const store = new Store(storeDir);
  const out = new Map<string, string>();
  for (const summary of await store.readSummaries()) {
    const data = await store.readList(summary.config.name);
    for (const m of data?.index.messages ?? []) out.set(paths.message(summary.config.name, m.slug), m.messageId);
  }
  return out;
}

/**
 * Type a query into the search page in a fresh browser context (nothing cached: every byte
 * counted) and wait until the page says it has settled (`data-state="done"`).
 */
async function runQuery(browser: Browser, origin: string, query: string, sent: () => number): Promise<Outcome> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let indexBytes = 0;
  let requests = 0;
  page.on('response', (response) => {
    requests++;
    const path = new URL(response.url()).pathname;
    if (/^\/search\/./.test(path) && !path.endsWith('.html')) indexBytes += Number(response.headers()['content-length'] ?? 0);
  });
  const before = sent();
  const started = performance.now();
  await page.goto(`${origin}/search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => document.querySelector('search-page')?.getAttribute('data-state') === 'done', undefined, { timeout: SETTLE_TIMEOUT_MS, polling: 10 });
  const ms = performance.now() - started;
  const { metrics } = await cdp.send('Performance.getMetrics');
  const cpuMs = (metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
  const paths = await page.locator('.results > li').evaluateAll((items) => items.map((li) => li.querySelector('a')?.getAttribute('href') ?? ''));
  const status = (await page.locator('.status').textContent()) ?? '';
  // Responses are counted by the server: what a static host would send, uncompressed.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const bytes = sent() - before;
  await context.close();
  return { paths: paths.map((p) => p.replace(/^\//, '')), status, ms, cpuMs, bytes, indexBytes, requests };
}

function linkLists(work: string, lists: [string, string[]][]): void {
  for (const [name, files] of lists) {
    mkdirSync(join(work, 'archive', name), { recursive: true });
    for (const f of files) symlinkSync(f, join(work, 'archive', name, f.split('/').pop()!));
  }
}

/** Bytes and file count of the site's search index. */
function indexSize(dist: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const stack = [join(dist, 'search')];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.name !== 'index.html') {
        files++;
        bytes += statSync(path).size;
      }
    }
  }
  return { files, bytes };
}

/**
 * The search index's time, from the build's report: the build thread's CPU time in its steps
 * (it runs between the plan's, while render workers use the cores too).
 */
function searchCpuMs(storeDir: string): number | undefined {
  const report = JSON.parse(readFileSync(join(storeDir, 'report.json'), 'utf8')) as { site?: { search?: { ms?: number } } };
  return report.site?.search?.ms;
}

async function withSite<T>(args: string[], prefix: string, prepare: (work: string) => Promise<void>, use: (work: string, built: { seconds: number; cpuSeconds: number } | undefined) => Promise<T>): Promise<T> {
  const reuse = option(args, '--site');
  const work = reuse ?? mkdtempSync(join(tmpdir(), prefix));
  let built: { seconds: number; cpuSeconds: number } | undefined;
  try {
    if (!reuse || !existsSync(join(work, 'dist', 'search'))) {
      if (!existsSync(join(work, 'archive'))) await prepare(work);
      built = build(work);
    }
    return await use(work, built);
  } finally {
    if (!reuse && !args.includes('--keep')) rmSync(work, { recursive: true, force: true });
    else console.log(`\n(site kept in ${work}: pass --site ${work} to reuse it)`);
  }
}

/** The known-item questions in Chromium, scored at top 1, 3 and 10. */
export async function benchFindability(args: string[]): Promise<void> {
  console.log('\n## Findability: the frozen known-item set typed into the search page in Chromium\n');
  if (!LISTS.every(([, files]) => files.every(existsSync))) {
    console.log('(skipped: blinux-list, linux-btrfs or minutes not in ../shared/corpora)');
    return;
  }
  const { hasBrowser, launchBrowser } = await import('../test/e2e/browser.ts');
  if (!hasBrowser) {
    console.log('(skipped: no Chromium at /usr/bin/chromium)');
    return;
  }
  const { serveStatic } = await import('../test/e2e/static-server.ts');
  const text = readFileSync(QUESTIONS, 'utf8');
  const only = option(args, '--only')?.split(',');
  const questions = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Question)
    .filter((q) => !only || only.includes(q.id));
  console.log(`questions: ${QUESTIONS.slice(ROOT.length)} (sha256 ${createHash('sha256').update(text).digest('hex')}), ${questions.length} asked`);

  await withSite(args, 'threadline-findability-', async (work) => linkLists(work, LISTS), async (work, built) => {
    const ids = await pathsToIds(join(work, 'store'));
    const size = indexSize(join(work, 'dist'));
    const cpu = searchCpuMs(join(work, 'store'));
    console.log(`site: ${ids.size} messages; search index ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB${built ? `; build ${built.seconds.toFixed(0)} s wall, ${built.cpuSeconds.toFixed(0)} s CPU` : ''}${built && cpu !== undefined ? `, search index ${(cpu / 1000).toFixed(1)} s CPU (${Math.round((cpu / 1000 / built.cpuSeconds) * 100)}%)` : ''}`);
    const server = await serveStatic(join(work, 'dist'), '/');
    const browser = await launchBrowser();
    const scored: { q: Question; rank: number; outcome: Outcome }[] = [];
    try {
      for (const q of questions) {
        const outcome = await runQuery(browser, server.origin, q.query, server.bytesSent);
        const answers = new Set(q.answers.map((a) => a.toLowerCase()));
        // A section of minutes (`…/m/<slug>/#s-…`) counts as its message.
        const rank = outcome.paths.findIndex((p) => answers.has((ids.get(p.replace(/#.*$/, '')) ?? '').toLowerCase()));
        scored.push({ q, rank, outcome });
      }
    } finally {
      await browser.close();
      await server.close();
    }
    const share = (subset: typeof scored, k: number) => subset.filter((s) => s.rank >= 0 && s.rank < k).length;
    const row = (name: string, subset: typeof scored): Row => ({
      questions: name,
      n: subset.length,
      'top 1': `${share(subset, 1)} (${Math.round((share(subset, 1) / subset.length) * 100)}%)`,
      'top 3': `${share(subset, 3)} (${Math.round((share(subset, 3) / subset.length) * 100)}%)`,
      'top 10': `${share(subset, 10)} (${Math.round((share(subset, 10) / subset.length) * 100)}%)`,
      'median ms': Math.round(median(subset.map((s) => s.outcome.ms))),
      'worst ms': Math.round(Math.max(...subset.map((s) => s.outcome.ms))),
      'median CPU ms': Math.round(median(subset.map((s) => s.outcome.cpuMs))),
      'median KB': Math.round(median(subset.map((s) => s.outcome.bytes)) / 1000),
      'worst KB': Math.round(Math.max(...subset.map((s) => s.outcome.bytes)) / 1000),
      'median index KB': Math.round(median(subset.map((s) => s.outcome.indexBytes)) / 1000),
    });
    const rows: Row[] = [row('all', scored)];
    for (const list of [...new Set(scored.map((s) => s.q.list))]) rows.push(row(`list ${list}`, scored.filter((s) => s.q.list === list)));
    for (const kind of [...new Set(scored.map((s) => s.q.kind))]) rows.push(row(`kind ${kind}`, scored.filter((s) => s.q.kind === kind)));
    console.log(`\n${table(rows)}\n`);
    console.log(`(KB: every response of the page load and the search, uncompressed, counted by the server; index KB: files under search/ only; CPU ms: the page's main thread, load and search; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end)\n`);
    const misses = scored.filter((s) => s.rank < 0 || s.rank >= 3);
    console.log(`Not in the top 3 (${misses.length}):`);
    for (const s of misses) console.log(`  ${s.q.id} ${JSON.stringify(s.q.query)}: ${s.rank < 0 ? `not in the ${s.outcome.paths.length} results shown` : `rank ${s.rank + 1}`}; ${s.outcome.status.slice(0, 160)}`);
  });
}

/** One-word and three-word queries on a site of 120k+ messages: time to settle, bytes, and the index's share of build CPU. */
export async function benchFindabilityScale(args: string[]): Promise<void> {
  console.log('\n## Findability at scale: linux-btrfs 2020+2021 ×5 (ids rewritten per copy), queries in Chromium\n');
  if (!existsSync(join(CORPORA, 'linux-btrfs', '2021.mbox.gz'))) {
    console.log('(skipped: linux-btrfs not in ../shared/corpora)');
    return;
  }
  const { hasBrowser, launchBrowser } = await import('../test/e2e/browser.ts');
  const { serveStatic } = await import('../test/e2e/static-server.ts');
  await withSite(
    args,
    'threadline-findability-scale-',
    async (work) => {
      mkdirSync(join(work, 'archive', 'linux-btrfs'), { recursive: true });
      await makeScaleInput(5, join(work, 'archive', 'linux-btrfs', 'btrfs-x5.mbox'));
    },
    async (work, built) => {
      const ids = await pathsToIds(join(work, 'store'));
      const size = indexSize(join(work, 'dist'));
      const cpu = searchCpuMs(join(work, 'store'));
      console.log(`site: ${ids.size} messages; search index ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB`);
      if (built) console.log(`build: ${built.seconds.toFixed(0)} s wall, ${built.cpuSeconds.toFixed(0)} s CPU (user + system)${cpu !== undefined ? `; search index ${(cpu / 1000).toFixed(1)} s CPU = ${Math.round((cpu / 1000 / built.cpuSeconds) * 100)}% of the build's CPU` : ''}`);
      if (!hasBrowser) return;
      const server = await serveStatic(join(work, 'dist'), '/');
      const browser = await launchBrowser();
      const rows: Row[] = [];
      try {
        const oneWord = ['btrfs', 'balance', 'scrub', 'qgroup', 'corruption', 'zstd', 'deadlock', 'from:josef'];
        const threeWords = ['raid5 write hole', 'scrub found errors', 'send receive incremental', 'balance hangs kernel', 'btrfs check repair', 'free space tree'];
        for (const query of [...oneWord, ...threeWords]) {
          // Once to warm the server's file cache, then measured.
          await runQuery(browser, server.origin, query, server.bytesSent);
          const o = await runQuery(browser, server.origin, query, server.bytesSent);
          rows.push({ query, words: query.split(' ').length, 'settled ms': Math.round(o.ms), 'page CPU ms': Math.round(o.cpuMs), 'KB fetched': Math.round(o.bytes / 1000), 'index KB': Math.round(o.indexBytes / 1000), requests: o.requests, status: o.status.slice(0, 90) });
        }
      } finally {
        await browser.close();
        await server.close();
      }
      console.log(`\n${table(rows)}\n\n(KB: every response of the page load and the search, uncompressed; a fresh browser context per query; page CPU ms: the page's main thread; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end)`);
    },
  );
}
