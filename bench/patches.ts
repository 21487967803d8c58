/**
 * Patch tracking on linux-btrfs: what recognising patches (parse time) and grouping series (build
 * time) cost beside a cold build of 2020, what the patch pages and mboxes cost to write, and the
 * counts on 2020–2021 (series, versions linked, patches with tags, applied, lost).
 *
 *   npm run bench -- patches
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { amMessage } from '../src/lib/patch-mbox.ts';
import type { ListPatches } from '../src/lib/patch-series.ts';
import { analyzePatch, isPatchAttachment } from '../src/lib/patches.ts';
import type { SiteReport } from '../src/site/build.ts';
import { compileSite } from '../src/site/compile.ts';
import { patchMboxes, patchPages } from '../src/site/patch-models.ts';
import { findListPatches } from '../src/site/patches-data.ts';
import type { Templates } from '../src/site/render.ts';
import { Store, type ListData } from '../src/store/store.ts';
import { timed } from './timed.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// THREADLINE_CORPORA points a checkout elsewhere (a git worktree) at the corpora.
const CORPORA = process.env['THREADLINE_CORPORA'] ?? join(ROOT, '..', 'shared', 'corpora');
const CLI = join(ROOT, 'scripts', 'threadline.mjs');
const LIST = 'linux-btrfs';

/** Run the command line under /usr/bin/time: wall seconds and CPU seconds (user + system, workers included). */
function run(args: string[]): { seconds: number; cpuSeconds: number } {
  return timed(process.execPath, [CLI, ...args]);
}

function archiveOf(work: string, files: readonly string[]): string {
  const dir = join(work, 'archive', LIST);
  mkdirSync(dir, { recursive: true });
  for (const f of files) symlinkSync(f, join(dir, basename(f)));
  return join(work, 'archive');
}

/** CPU milliseconds of the fastest of `runs` calls (the machine is shared: the fastest is the least disturbed). */
function cpuMs(runs: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

async function cpuMsAsync(f: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The counts the note reports. */
function counts(data: ListData, patches: ListPatches): Record<string, number | string> {
  const s = patches.series;
  const tagged = s.reduce((n, x) => n + x.patches.filter((p) => p.tags.some((t) => !t.carried)).length, 0);
  const byState = (state: string) => s.filter((x) => x.state === state).length;
  return {
    messages: data.index.messages.length,
    'patch and cover messages': patches.members.size,
    series: s.length,
    'with cover letter': s.filter((x) => x.covers.length > 0).length,
    'series linked to an earlier version': s.filter((x) => x.previous !== undefined).length,
    'families of 2+ versions': patches.families.filter((f) => f.length > 1).length,
    patches: s.reduce((n, x) => n + x.patches.length, 0),
    'patches with tags from replies': tagged,
    applied: byState('applied'),
    reviewed: byState('reviewed'),
    'changes requested': byState('changes-requested'),
    superseded: byState('superseded'),
    new: byState('new'),
    'lost: unanswered': s.filter((x) => x.lost?.kind === 'unanswered').length,
    'lost: reviewed, not applied': s.filter((x) => x.lost?.kind === 'unapplied').length,
    'series with patches missing': s.filter((x) => x.missing.length > 0).length,
    'newest message': new Date(patches.newestMs).toISOString().slice(0, 10),
  };
}

/** Run the section. */
export async function benchPatches(): Promise<void> {
  console.log('\n## Patch series (linux-btrfs)\n');
  const y2020 = join(CORPORA, LIST, '2020.mbox.gz');
  const y2021 = join(CORPORA, LIST, '2021.mbox.gz');
  if (!existsSync(y2020)) {
    console.log('(skipped: ../shared/corpora/linux-btrfs is absent)');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'threadline-patches-'));
  try {
    // 1. A cold build of 2020, and what patch tracking costs within it.
    const build = run(['build', '--archive', archiveOf(join(work, 'a'), [y2020]), '--store', join(work, 'a', 'store'), '--out', join(work, 'a', 'dist')]);
    const report = JSON.parse(readFileSync(join(work, 'a', 'store', 'report.json'), 'utf8')) as { site: SiteReport };
    const store = new Store(join(work, 'a', 'store'));
    const data = (await store.readList(LIST))!;
    // Recognition runs in the parse workers on each message's text: timed here on the same texts, read first.
    const inputs = data.index.messages.map((m) => {
      const ref = data.columns.body[m.n]!;
      const stored = store.readBody(data.entries[ref.source]!, ref.chunk, ref.slot);
      const raw = store.readRaw(data.entries[ref.source]!, ref.chunk);
      const attached = stored.message.attachments.flatMap((a, k) => (isPatchAttachment(a.contentType, a.filename) && stored.attachments[k] ? [raw.subarray(stored.attachments[k][0], stored.attachments[k][0] + stored.attachments[k][1]).toString('utf8')] : []));
      return { subject: stored.message.subject, text: stored.message.text, attached };
    });
    const recognise = cpuMs(3, () => {
      for (const i of inputs) analyzePatch(i.subject, i.text, i.attached);
    });
    let patches = findListPatches(data);
    const group = cpuMs(5, () => {
      patches = findListPatches(data);
    });
    const compiled = await compileSite({ base: '/', site: undefined });
    const templates = await ((await import(pathToFileURL(compiled.renderModule).href)) as { createTemplates(): Promise<Templates> }).createTemplates();
    const models = patchPages(data, patches);
    const pages = await cpuMsAsync(async () => {
      for (const model of patchPages(data, patches)) await templates.page(model, {});
    });
    const mboxModels = patchMboxes(data, patches);
    let mboxBytes = 0;
    const mboxes = cpuMs(1, () => {
      for (const f of mboxModels) {
        for (const p of f.patches) {
          const raw = store.readRaw(p.entry, p.chunk);
          mboxBytes += amMessage(raw.subarray(p.span[0], p.span[0] + p.span[1]), store.readBody(p.entry, p.chunk, p.slot).message.text, p.trailers).length;
        }
      }
    });
    const buildCpuMs = build.cpuSeconds * 1000;
    const share = (ms: number) => `${((ms / buildCpuMs) * 100).toFixed(1)}%`;
    console.log(`linux-btrfs 2020: ${data.index.messages.length} messages; cold build ${build.seconds.toFixed(1)} s wall, ${build.cpuSeconds.toFixed(1)} s CPU (all threads); phases: ${Object.entries(report.site.phases).map(([k, v]) => `${k} ${v} ms`).join(', ')}\n`);
    const rows: [string, string, string][] = [
      ['recognising patches (parse time, every message)', `${Math.round(recognise)} ms`, share(recognise)],
      ['grouping series, versions, state, lost (build time)', `${Math.round(group)} ms`, share(group)],
      ['recognising + grouping', `${Math.round(recognise + group)} ms`, share(recognise + group)],
      [`rendering ${models.length} patch pages (one thread)`, `${Math.round(pages)} ms`, share(pages)],
      [`writing ${mboxModels.length} series mboxes (${(mboxBytes / 1e6).toFixed(1)} MB, one thread)`, `${Math.round(mboxes)} ms`, share(mboxes)],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`${'work'.padEnd(width)}  CPU ms     of the build's CPU`);
    for (const [what, ms, pct] of rows) console.log(`${what.padEnd(width)}  ${ms.padStart(9)}  ${pct.padStart(6)}`);
    console.log(`\n(site files of patch tracking: ${report.site.files.patches}; the 'patches' phase of the build, cached by the list's inputs, took ${report.site.phases['patches']} ms)`);

    // 2. The counts on 2020–2021.
    if (existsSync(y2021)) {
      run(['import', '--archive', archiveOf(join(work, 'b'), [y2020, y2021]), '--store', join(work, 'b', 'store')]);
      const both = (await new Store(join(work, 'b', 'store')).readList(LIST))!;
      const found = findListPatches(both);
      console.log('\nlinux-btrfs 2020–2021:');
      for (const [k, v] of Object.entries(counts(both, found))) console.log(`  ${k}: ${v}`);
      const waited = found.series.filter((s) => s.lost).map((s) => s.lost!.days);
      if (waited.length > 0) console.log(`  lost series waited ${Math.min(...waited)}–${Math.max(...waited)} days (median ${waited.sort((a, b) => a - b)[Math.floor(waited.length / 2)]}) to ${new Date(found.newestMs).toISOString().slice(0, 10)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
