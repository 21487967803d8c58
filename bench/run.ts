/**
 * Benchmarks on real mail from ../shared/corpora (skipped when absent). Every figure is printed
 * with a baseline measured in the same run, because this machine's speed varies between runs.
 *
 *   npm run bench                 all sections
 *   npm run bench -- import       one section (import, build, incremental, search, scale, verify, patches)
 *   npm run bench -- findability  the known-item set in Chromium (also findability-scale); see findability.ts
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, statfsSync, symlinkSync, utimesSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import type { ImportReport } from '../src/import/archive-import.ts';
import { readMboxFile } from '../src/import/read-mbox.ts';
import type { SiteReport } from '../src/site/build.ts';
import { benchMinutes } from './minutes.ts';
import { benchPatches } from './patches.ts';
import { timed } from './timed.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The corpora: `../shared/corpora`, or `THREADLINE_CORPORA` (for a checkout that sits elsewhere, e.g. a git worktree). */
export const CORPORA = process.env['THREADLINE_CORPORA'] ?? join(ROOT, '..', 'shared', 'corpora');
const CLI = join(ROOT, 'scripts', 'threadline.mjs');

export interface Row {
  [column: string]: string | number;
}

/** Rows as a plain-text table, columns padded. */
export function table(rows: Row[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join('\n');
}

/** An archive folder `work/archive/list/` holding links to the given mbox files. */
function linkArchive(work: string, files: string[]): void {
  mkdirSync(join(work, 'archive', 'list'), { recursive: true });
  for (const f of files) symlinkSync(f, join(work, 'archive', 'list', basename(f)));
}

/** A cold `threadline build` of the given mbox files in a fresh folder: time, memory and report. */
interface ColdBuild {
  work: string;
  seconds: number;
  peakRssMb: number;
  systemSeconds: number;
  report: ImportReport & { site: SiteReport };
}

function buildCold(files: string[], prefix: string, under = tmpdir()): ColdBuild {
  const work = mkdtempSync(join(under, prefix));
  linkArchive(work, files);
  const { seconds, peakRssMb, systemSeconds } = timed(process.execPath, [CLI, 'build', '--archive', join(work, 'archive'), '--store', join(work, 'store'), '--out', join(work, 'dist')]);
  const report = JSON.parse(readFileSync(join(work, 'store', 'report.json'), 'utf8')) as ColdBuild['report'];
  return { work, seconds, peakRssMb, systemSeconds, report };
}

/** Run `threadline import` cold in a fresh process (so peak RSS is its own) and read its report. */
function importCold(files: string[], jobs?: number): ImportReport {
  const work = mkdtempSync(join(tmpdir(), 'threadline-bench-'));
  try {
    linkArchive(work, files);
    const args = [CLI, 'import', '--archive', join(work, 'archive'), '--store', join(work, 'store')];
    if (jobs !== undefined) args.push('--jobs', String(jobs));
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    return JSON.parse(readFileSync(join(work, 'store', 'report.json'), 'utf8')) as ImportReport;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Baselines on the same input: splitting alone, and mailparser's simpleParser alone on one core. */
async function baselines(file: string, parseLimit: number): Promise<{ splitMsPerMsg: number; simpleParserMsgPerS: number; bytes: number; messages: number }> {
  const started = performance.now();
  let messages = 0;
  let bytes = 0;
  const sample: Buffer[] = [];
  for await (const batch of readMboxFile(file)) {
    for (const m of batch) {
      messages++;
      bytes += m.length;
      if (sample.length < parseLimit) sample.push(m.raw);
    }
  }
  const splitMs = performance.now() - started;
  const t = performance.now();
  for (const raw of sample) await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const parseMs = performance.now() - t;
  return { splitMsPerMsg: splitMs / messages, simpleParserMsgPerS: (sample.length / parseMs) * 1000, bytes, messages };
}

async function benchImport(): Promise<void> {
  console.log('\n## Import (cold: empty store, fresh process per run)\n');
  const inputs: [string, string[]][] = [
    ['linux-btrfs 2020', [join(CORPORA, 'linux-btrfs', '2020.mbox.gz')]],
    ['blinux-list', ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026'].map((y) => join(CORPORA, 'blinux-list', `${y}.mbox`))],
  ];
  const rows: Row[] = [];
  for (const [name, files] of inputs) {
    if (!files.every(existsSync)) {
      console.log(`(skipped ${name}: not in ../shared/corpora)`);
      continue;
    }
    const base = await baselines(files[0]!, 3000);
    const report = importCold(files);
    const list = report.lists['list']!;
    const seconds = report.elapsedMs / 1000;
    const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
    rows.push({
      input: name,
      messages: list.messages,
      'import s': seconds.toFixed(2),
      'msg/s': Math.round(list.messages / seconds),
      'MB/s (on disk)': (bytes / 1e6 / seconds).toFixed(1),
      'peak RSS MB': Math.round(report.peakRssBytes / 1e6),
      workers: report.parseWorkers,
      'baseline simpleParser msg/s (1 core)': Math.round(base.simpleParserMsgPerS),
      'ratio to baseline': ((list.messages / seconds) / base.simpleParserMsgPerS).toFixed(2),
    });
  }
  console.log(table(rows));
}

/**
 * Write a 100k+ message mbox by repeating linux-btrfs with every id rewritten per copy: copies
 * `first` to `first + copies - 1`, the messages whose Date header `pick` accepts (`yyyy-mm`).
 */
export async function makeScaleInput(copies: number, out: string, first = 0, pick: (month: string) => boolean = () => true): Promise<number> {
  const { parseMailDate, monthKey } = await import('../src/lib/dates.ts');
  const sources = ['2020', '2021'].map((y) => join(CORPORA, 'linux-btrfs', `${y}.mbox.gz`));
  const stream = createWriteStream(out);
  let messages = 0;
  const write = (chunk: Buffer | string) => new Promise<void>((resolve) => (stream.write(chunk) ? resolve() : stream.once('drain', resolve)));
  for (let copy = first; copy < first + copies; copy++) {
    for (const source of sources) {
      for await (const batch of readMboxFile(source)) {
        for (const m of batch) {
          const raw = m.raw.toString('latin1');
          const end = raw.search(/\r?\n\r?\n/);
          const head = end < 0 ? raw : raw.slice(0, end);
          const ms = parseMailDate(/^date:([^\n]*)/im.exec(head)?.[1])?.ms;
          if (!pick(ms === undefined ? '' : monthKey(ms))) continue;
          // Ids in Message-ID, In-Reply-To and References get a per-copy suffix, so copies thread
          // among themselves and never collide.
          const rewritten = head.replace(/^(message-id|in-reply-to|references):[^\n]*(?:\n[ \t][^\n]*)*/gim, (h) => h.replace(/<([^<>@\s]+)@/g, `<$1.copy${copy}@`));
          const body = end < 0 ? '' : raw.slice(end);
          // mboxrd: escape body lines that would read as envelopes.
          await write(`From ${m.envelope}\n${(rewritten + body).replace(/^(>*From )/gm, '>$1')}\n`);
          messages++;
        }
      }
    }
  }
  await new Promise<void>((resolve) => stream.end(resolve));
  return messages;
}

/** Messages of the scale bench's first update: about a day's mail on linux-btrfs (694 in December 2021), all dated December 1. */
const DAY_MESSAGES = 25;

async function benchScale(): Promise<void> {
  console.log('\n## Scale: 120k+ messages (linux-btrfs 2020+2021 repeated, ids rewritten per copy): cold, add a day, add the rest of the month, nothing new\n');
  if (!existsSync(join(CORPORA, 'linux-btrfs', '2021.mbox.gz'))) {
    console.log('(skipped: linux-btrfs not in ../shared/corpora)');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'threadline-scale-'));
  try {
    // Five copies in one file, and a sixth copy's December 2021 appended to it later.
    mkdirSync(join(work, 'archive', 'btrfs'), { recursive: true });
    const file = join(work, 'archive', 'btrfs', 'btrfs-x5.mbox');
    const messages = await makeScaleInput(5, file);
    const extra = join(work, 'extra.mbox');
    const added = await makeScaleInput(1, extra, 5, (month) => month === '2021-12');
    const mailBytes = statSync(file).size;
    const build = () => {
      const t = timed(process.execPath, [CLI, 'build', '--archive', join(work, 'archive'), '--store', join(work, 'store'), '--out', join(work, 'dist')]);
      const report = JSON.parse(readFileSync(join(work, 'store', 'report.json'), 'utf8')) as ImportReport & { site: SiteReport };
      return { ...t, report };
    };
    const cold = build();
    const storeBytes = Number(execFileSync('du', ['-sb', join(work, 'store')]).toString().split('\t')[0]);
    const { appendFileSync } = await import('node:fs');
    // The month comes in two steps, as to an archive updated daily: its first `DAY_MESSAGES`
    // messages, then the rest. Messages start at "From " lines (bodies are mboxrd-escaped), and
    // latin1 keeps string offsets equal to byte offsets.
    const mail = readFileSync(extra);
    const starts = [...mail.toString('latin1').matchAll(/^From /gm)].map((m) => m.index);
    const cut = starts[DAY_MESSAGES] ?? mail.length;
    appendFileSync(file, mail.subarray(0, cut));
    const addDay = build();
    appendFileSync(file, mail.subarray(cut));
    const addRest = build();
    const noop = build();
    const row = (name: string, r: typeof cold): Row => ({
      build: name,
      seconds: r.seconds.toFixed(1),
      'of cold': `${Math.round((r.seconds / cold.seconds) * 100)}%`,
      'CPU s': r.cpuSeconds.toFixed(1),
      'parsed msgs': r.report.parsedMessages,
      'files written': r.report.site.written,
      'index phase ms': r.report.indexMs,
      'peak RSS MB': r.peakRssMb,
    });
    const day = Math.min(DAY_MESSAGES, added);
    console.log(`messages: ${messages} (${Math.round(mailBytes / 1e6)} MB of mbox), then ${added} appended, ${day} and ${added - day}; store after the cold build: ${Math.round(storeBytes / 1e6)} MB (${(storeBytes / mailBytes).toFixed(2)}× the mbox)\n`);
    console.log(table([row('cold', cold), row(`add ${day} (a day)`, addDay), row(`add ${added - day} (the rest of the month)`, addRest), row('nothing new', noop)]));
  } finally {
    removeAtEnd(work);
  }
}

/** Where the build benchmark works: the temporary folder, and a tmpfs (`/dev/shm`) when there is one. */
function benchFileSystems(): { name: string; dir: string }[] {
  const TMPFS_MAGIC = 0x01021994;
  const places = [{ name: 'disk', dir: tmpdir() }];
  if (existsSync('/dev/shm') && statfsSync('/dev/shm').type === TMPFS_MAGIC && statfsSync(tmpdir()).type !== TMPFS_MAGIC) places.push({ name: 'tmpfs', dir: '/dev/shm' });
  return places;
}

/** Work folders of sites built, removed when every section has run (see `removeAtEnd`). */
const leftovers: string[] = [];

/**
 * Remove a work folder when every section has run, not now. This machine's ext4 has no journal,
 * and such a file system passes over inodes freed in the last minute (six while their inode
 * table is being written) each time it creates a file: right after a section removed a work
 * folder of about 150,000 files, a cold build of linux-btrfs 2020 on disk took 21.2 s of kernel
 * CPU and 28.4 s in all; after a wait of seven minutes, 4.0 s and 17.3 s. So no section's timings
 * on disk pay for another's removals. (A bench run right after another, or after removing a site,
 * still pays for those: leave it a few minutes.)
 *
 * @param work the folder
 */
function removeAtEnd(work: string): void {
  leftovers.push(work);
}

/** Remove the work folders `removeAtEnd` was given. */
function removeLeftovers(): void {
  for (const work of leftovers.splice(0)) rmSync(work, { recursive: true, force: true });
}

/** The end-to-end build (import included, cold) beside MHonArc on the same mbox, in one run. */
async function benchBuild(): Promise<void> {
  console.log('\n## End-to-end build (threadline build, cold) vs MHonArc on the same mbox\n');
  const hasMhonarc = existsSync('/usr/bin/mhonarc');
  if (!hasMhonarc) console.log('(MHonArc not installed: apt-get install -y mhonarc)');
  const inputs: [string, string[]][] = [
    ['blinux-list', ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026'].map((y) => join(CORPORA, 'blinux-list', `${y}.mbox`))],
    ['linux-btrfs 2020', [join(CORPORA, 'linux-btrfs', '2020.mbox.gz')]],
  ];
  const rows: Row[] = [];
  const places = benchFileSystems();
  for (const [name, files] of inputs) {
    if (!files.every(existsSync)) continue;
    for (const place of places) {
      const build = buildCold(files, 'threadline-build-', place.dir);
      const { work, report } = build;
      removeAtEnd(work);
      const messages = report.lists['list']!.messages;
      const row: Row = {
        input: name,
        'file system': place.name,
        messages,
        'threadline s': build.seconds.toFixed(1),
        'threadline msg/s': Math.round(messages / build.seconds),
        'of which import s': (report.elapsedMs / 1000).toFixed(1),
        'site s after import': ((report.site.elapsedMs - report.elapsedMs) / 1000).toFixed(1),
        'search index s': (report.site.search.ms / 1000).toFixed(1),
        'threadline kernel CPU s': build.systemSeconds.toFixed(1),
        'threadline peak RSS MB': build.peakRssMb,
        'message pages': report.site.files.message,
        'thread pages': report.site.files.thread,
      };
      if (hasMhonarc) {
        // MHonArc reads plain mbox: decompress first, outside the timing.
        const plain = join(work, 'input.mbox');
        execFileSync('sh', ['-c', `zcat -f ${files.map((f) => `'${f}'`).join(' ')} > '${plain}'`]);
        mkdirSync(join(work, 'mhonarc'));
        const mh = timed('mhonarc', ['-quiet', '-outdir', join(work, 'mhonarc'), plain]);
        row['MHonArc s'] = mh.seconds.toFixed(1);
        row['MHonArc msg/s'] = Math.round(messages / mh.seconds);
        row['ratio'] = (mh.seconds / build.seconds).toFixed(2);
        row['MHonArc kernel CPU s'] = mh.systemSeconds.toFixed(1);
        row['MHonArc peak RSS MB'] = mh.peakRssMb;
      }
      rows.push(row);
    }
  }
  console.log(table(rows));
  if (places.length > 1) {
    console.log(
      `\nEach input is built on ${places.map((p) => `${p.name} (${p.dir})`).join(' and on ')}, MHonArc beside each build. ` +
        'On a disk, creating tens of thousands of files costs kernel time that depends on what the machine deleted ' +
        'in the minutes before (ext4 without a journal skips recently freed inodes; the bench removes its own work folders at the end); tmpfs shows the tools alone.',
    );
  }
}

/** Search: index size per message, build time beside the whole build, and queries in Chromium. */
async function benchSearch(): Promise<void> {
  console.log('\n## Search: index size, build time, queries in headless Chromium (see also: findability)\n');
  const inputs: [string, string[]][] = [
    ['blinux-list', ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026'].map((y) => join(CORPORA, 'blinux-list', `${y}.mbox`))],
    ['linux-btrfs 2020+2021', ['2020', '2021'].map((y) => join(CORPORA, 'linux-btrfs', `${y}.mbox.gz`))],
  ];
  const { gzipSync } = await import('node:zlib');
  const { serveStatic } = await import('../test/e2e/static-server.ts');
  const { hasBrowser, launchBrowser } = await import('../test/e2e/browser.ts');
  const sizeRows: Row[] = [];
  const queryRows: Row[] = [];
  for (const [name, files] of inputs) {
    if (!files.every(existsSync)) continue;
    const build = buildCold(files, 'threadline-search-');
    const { work, report } = build;
    try {
      const messages = report.lists['list']!.messages;
      const shardFiles = readdirSync(join(work, 'dist', 'search')).filter((f) => f.endsWith('.json'));
      let bytes = 0;
      let gz = 0;
      let largestGz = 0;
      for (const f of shardFiles) {
        const data = readFileSync(join(work, 'dist', 'search', f));
        bytes += data.length;
        const g = gzipSync(data).length;
        gz += g;
        largestGz = Math.max(largestGz, g);
      }
      sizeRows.push({
        input: name,
        messages,
        'index files': shardFiles.length,
        'index MB': (bytes / 1e6).toFixed(1),
        'index MB gz': (gz / 1e6).toFixed(1),
        'bytes/msg': Math.round(bytes / messages),
        'gz bytes/msg': Math.round(gz / messages),
        'largest file KB gz': Math.round(largestGz / 1000),
        'index build s': ((report.site.phases['search'] ?? 0) / 1000).toFixed(1),
        'whole build s': build.seconds.toFixed(1),
      });
      if (!hasBrowser) continue;
      const server = await serveStatic(join(work, 'dist'), '/');
      const browser = await launchBrowser();
      try {
        const queries = ['balance', 'scrub', 'raid5 corruption', 'send receive', 'from:josef', 'subject:qgroup', 'snapshot after:2021-06', 'balance before:2020-03', 'compress*', 'degraded list:list'];
        for (const q of queries) {
          // A fresh context per query: nothing cached, every byte counted.
          const context = await browser.newContext();
          const page = await context.newPage();
          let transferred = 0;
          let firstBytes = 0;
          page.on('response', (r) => {
            transferred += Number(r.headers()['content-length'] ?? 0);
          });
          const started = Date.now();
          await page.goto(`${server.origin}/search/?q=${encodeURIComponent(q)}`);
          // The page ranks the whole archive before it settles: there is no second round.
          await page.waitForFunction(() => document.querySelector('search-page')?.getAttribute('data-state') === 'done', undefined, { timeout: 120_000 });
          const settled = Date.now() - started;
          firstBytes = transferred;
          const shown = await page.locator('ol.results > li').count();
          queryRows.push({ input: name, query: q, 'settled ms': settled, 'KB fetched': Math.round(firstBytes / 1000), 'threads shown': shown, status: ((await page.locator('.status').textContent()) ?? '').slice(0, 80) });
          await context.close();
        }
      } finally {
        await browser.close();
        await server.close();
      }
    } finally {
      removeAtEnd(work);
    }
  }
  console.log(table(sizeRows));
  console.log('\n(the static server sends files uncompressed; a host that gzips would send about the "gz" share)\n');
  console.log(table(queryRows));
}

/**
 * `threadline build` and `threadline verify` on every corpus: nothing lost, no broken link. The
 * fixture folders are one list each, as an admin would drop them in.
 */
async function benchVerify(): Promise<void> {
  const { verifySite } = await import('../src/site/verify.ts');
  const { Store } = await import('../src/store/store.ts');
  const corpora: [string, [string, string][]][] = [
    ['blinux-list', [['blinux-list', join(CORPORA, 'blinux-list')]]],
    ['linux-btrfs', [['linux-btrfs', join(CORPORA, 'linux-btrfs')]]],
    ['minutes', [['minutes', join(CORPORA, 'minutes')]]],
    ['fixtures', readdirSync(join(CORPORA, 'fixtures')).map((d) => [d.toLowerCase(), join(CORPORA, 'fixtures', d)] as [string, string])],
  ];
  const rows: Row[] = [];
  for (const [name, lists] of corpora) {
    const work = mkdtempSync(join(tmpdir(), 'threadline-verify-'));
    try {
      mkdirSync(join(work, 'archive'), { recursive: true });
      for (const [list, dir] of lists) symlinkSync(dir, join(work, 'archive', list));
      const { seconds } = timed(process.execPath, [CLI, 'build', '--archive', join(work, 'archive'), '--store', join(work, 'store'), '--out', join(work, 'dist')]);
      const started = performance.now();
      const result = await verifySite({ store: new Store(join(work, 'store')), outDir: join(work, 'dist'), base: '/' });
      const report = JSON.parse(readFileSync(join(work, 'store', 'report.json'), 'utf8')) as ImportReport & { site: SiteReport };
      const sum = (k: 'messages' | 'pages') => report.site.sources.reduce((a, f) => a + f[k], 0);
      rows.push({
        corpus: name,
        'mbox files': report.site.sources.length,
        messages: sum('messages'),
        'message pages': sum('pages'),
        pages: result.pages,
        'links checked': result.links,
        problems: result.problems.length,
        'build s': seconds.toFixed(1),
        'verify s': ((performance.now() - started) / 1000).toFixed(1),
      });
      for (const problem of result.problems.slice(0, 10)) console.log(`  ${name}: ${problem}`);
    } finally {
      removeAtEnd(work);
    }
  }
  console.log(`\n## verify: every corpus built and checked with threadline verify\n\n${table(rows)}`);
}

/**
 * Write mbox files split by month from the given files: messages whose Date (UTC) is in a month
 * `pick` accepts go to `out`, mboxrd-escaped as they were read. `pick` also gets how many
 * messages of that month came before, in file order.
 */
async function writeMonths(files: string[], out: string, pick: (month: string, k: number) => boolean): Promise<number> {
  const { parseMailDate, monthKey } = await import('../src/lib/dates.ts');
  const stream = createWriteStream(out);
  // Latin-1 both ways: the messages' bytes as they were read (8-bit mail included).
  const write = (chunk: string) => new Promise<void>((resolve) => (stream.write(chunk, 'latin1') ? resolve() : stream.once('drain', resolve)));
  let count = 0;
  const seen = new Map<string, number>();
  for (const file of files) {
    for await (const batch of readMboxFile(file)) {
      for (const m of batch) {
        const raw = m.raw.toString('latin1');
        const date = /^date:([^\n]*)/im.exec(raw.slice(0, raw.search(/\r?\n\r?\n/) + 1))?.[1];
        const ms = parseMailDate(date)?.ms;
        if (ms === undefined) continue;
        const month = monthKey(ms);
        const k = seen.get(month) ?? 0;
        seen.set(month, k + 1);
        if (!pick(month, k)) continue;
        await write(`From ${m.envelope}\n${raw.replace(/^(>*From )/gm, '>$1')}\n`);
        count++;
      }
    }
  }
  await new Promise<void>((resolve) => stream.end(resolve));
  return count;
}

/** Files of a folder by relative path, for comparing two sites byte for byte. */
function differingFiles(a: string, b: string): string[] {
  const list = (root: string): string[] => {
    const out: string[] = [];
    const stack = [''];
    while (stack.length > 0) {
      const rel = stack.pop()!;
      for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
        const path = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) stack.push(path);
        else out.push(path);
      }
    }
    return out.sort();
  };
  const left = list(a);
  const right = new Set(list(b));
  const differ = left.filter((f) => !right.has(f) || !readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
  for (const f of right) if (!left.includes(f)) differ.push(f);
  return differ;
}

/** The late mail of the incremental bench: March 2021's messages from the 101st, in file order. */
const LATE_FROM = 100;
const LATE_MESSAGES = 5;

/**
 * Keeping an archive current: a cold build of linux-btrfs 2020 + January–November 2021, then
 * December 2021 appended to the 2021 file and built again, then a build with nothing new; the
 * result is compared byte for byte with a cold build of the final files.
 * The files then get new times (as a copy or a checkout gives them) and the site is built again.
 * Last, five March messages held back from the first build arrive: mail dated nine months before
 * the newest, which moves the date position of every later message.
 * Then MHonArc, when installed, archives the same months and adds December with `-add`.
 */
async function benchIncremental(): Promise<void> {
  console.log('\n## Incremental: cold build, add a month of mail, build with nothing new (linux-btrfs)\n');
  const sources = ['2020', '2021'].map((y) => join(CORPORA, 'linux-btrfs', `${y}.mbox.gz`));
  if (!sources.every(existsSync)) {
    console.log('(skipped: linux-btrfs not in ../shared/corpora)');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'threadline-incremental-'));
  try {
    mkdirSync(join(work, 'archive', 'linux-btrfs'), { recursive: true });
    // A copy, not a link: the bench gives the archive's files new times.
    copyFileSync(sources[0]!, join(work, 'archive', 'linux-btrfs', '2020.mbox.gz'));
    const file2021 = join(work, 'archive', 'linux-btrfs', '2021.mbox');
    const december = join(work, 'december.mbox');
    const held = (m: string, k: number) => m === '2021-03' && k >= LATE_FROM && k < LATE_FROM + LATE_MESSAGES;
    const janNov = await writeMonths([sources[1]!], file2021, (m, k) => m.startsWith('2021-') && m < '2021-12' && !held(m, k));
    const dec = await writeMonths([sources[1]!], december, (m) => m === '2021-12');
    const lateFile = join(work, 'late.mbox');
    const late = await writeMonths([sources[1]!], lateFile, held);
    const build = (store: string, out: string) => {
      const t = timed(process.execPath, [CLI, 'build', '--archive', join(work, 'archive'), '--store', join(work, store), '--out', join(work, out)]);
      const report = JSON.parse(readFileSync(join(work, store, 'report.json'), 'utf8')) as ImportReport & { site: SiteReport };
      return { ...t, report };
    };
    const janNovBytes = statSync(file2021).size;
    const cold = build('store', 'dist');
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file2021, readFileSync(december));
    const add = build('store', 'dist');
    const noop = build('store', 'dist');
    // As a copy, a checkout or a restore leaves the files: new times, the same bytes.
    const later = new Date(Date.now() + 60_000);
    for (const f of ['2020.mbox.gz', '2021.mbox']) utimesSync(join(work, 'archive', 'linux-btrfs', f), later, later);
    const touched = build('store', 'dist');
    appendFileSync(file2021, readFileSync(lateFile));
    const lateAdd = build('store', 'dist');
    const reference = build('store-cold', 'dist-cold');
    const differ = differingFiles(join(work, 'dist'), join(work, 'dist-cold'));
    const row = (name: string, r: typeof cold): Row => ({
      build: name,
      seconds: r.seconds.toFixed(1),
      'of cold': `${Math.round((r.seconds / cold.seconds) * 100)}%`,
      'CPU s': r.cpuSeconds.toFixed(1),
      'parsed msgs': r.report.parsedMessages,
      'files written': r.report.site.written,
      unchanged: r.report.site.unchanged,
      removed: r.report.site.removed,
      'index ms': r.report.indexMs,
      'peak RSS MB': r.peakRssMb,
      'phases ms': Object.entries(r.report.site.phases).map(([k, v]) => `${k} ${v}`).join(', '),
    });
    console.log(
      `messages: 2020 + January–November 2021 but ${late} of March: ${cold.report.lists['linux-btrfs']!.messages}; December 2021 added: ${dec} (${janNov} in the 2021 file before); then the ${late} of March\n`,
    );
    console.log(
      table([
        row('cold', cold),
        row('add December', add),
        row('nothing new', noop),
        row('nothing new, new file times', touched),
        row(`add ${late} of March, late`, lateAdd),
        row('cold, final files', reference),
      ]),
    );
    console.log(`\nsite after the additions vs a cold build of the same files: ${differ.length === 0 ? 'byte-identical' : `${differ.length} files differ, e.g. ${differ.slice(0, 5).join(', ')}`}`);
    if (existsSync('/usr/bin/mhonarc')) {
      // What an admin coming from MHonArc knows: its archive of the same mail, then `-add` of
      // December. It reads plain mbox: 2020 decompressed and 2021 up to December, made untimed.
      const mhonarcBase = join(work, 'mhonarc-base.mbox');
      execFileSync('sh', ['-c', `zcat -f '${sources[0]}' > '${mhonarcBase}' && head -c ${janNovBytes} '${file2021}' >> '${mhonarcBase}'`]);
      mkdirSync(join(work, 'mhonarc'));
      const mhCold = timed('mhonarc', ['-quiet', '-outdir', join(work, 'mhonarc'), mhonarcBase]);
      const mhAdd = timed('mhonarc', ['-quiet', '-add', '-outdir', join(work, 'mhonarc'), december]);
      const mhRow = (name: string, r: { seconds: number; peakRssMb: number }, of: number, threadline: number): Row => ({
        build: name,
        'MHonArc s': r.seconds.toFixed(1),
        'of its cold': `${Math.round((r.seconds / of) * 100)}%`,
        'MHonArc peak RSS MB': r.peakRssMb,
        'Threadline s': threadline.toFixed(1),
        'MHonArc / Threadline': (r.seconds / threadline).toFixed(2),
      });
      console.log('\nMHonArc on the same mail, in the same run (its archive of the same months, then `mhonarc -add` of December):\n');
      console.log(table([mhRow('cold', mhCold, mhCold.seconds, cold.seconds), mhRow('add December', mhAdd, mhCold.seconds, add.seconds)]));
    }
  } finally {
    removeAtEnd(work);
  }
}

/**
 * Run the benchmarks.
 *
 * @param args section names to run; all when empty
 */
export async function main(args: string[]): Promise<number> {
  console.log(`# Threadline benchmarks\n\nmachine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  if (!existsSync(CORPORA)) {
    console.log('\n../shared/corpora is absent: nothing to measure.');
    return 0;
  }
  const sections: Record<string, () => Promise<void>> = {
    import: benchImport,
    build: benchBuild,
    incremental: benchIncremental,
    search: benchSearch,
    scale: benchScale,
    verify: benchVerify,
    minutes: benchMinutes,
    patches: benchPatches,
  };
  // Findability builds sites of its own and drives Chromium for minutes: only when asked for.
  const asked: Record<string, () => Promise<void>> = {
    findability: async () => (await import('./findability.ts')).benchFindability(args),
    'findability-scale': async () => (await import('./findability.ts')).benchFindabilityScale(args),
  };
  // An interrupted bench removes its folders too (its sections' child processes get the signal).
  const interrupted = () => {
    removeLeftovers();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    for (const [name, run] of Object.entries(sections)) if (args.length === 0 || args.includes(name)) await run();
    for (const [name, run] of Object.entries(asked)) if (args.includes(name)) await run();
  } finally {
    process.off('SIGINT', interrupted);
    removeLeftovers();
  }
  return 0;
}
