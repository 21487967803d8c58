import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SiteOptionError, buildSite, earlyDownloads, normalizeBase, type BuildOptions, type SiteReport } from '../src/site/build.ts';
import { RenderPool } from '../src/site/render-pool.ts';
import { verifySite } from '../src/site/verify.ts';
import { splitMbox } from '../src/lib/mbox.ts';
import { Store, contentHash } from '../src/store/store.ts';
import { gunzipSync, gzipSync } from 'node:zlib';
import { atomProblems } from './atom-schema.ts';
import { tree } from './site-files.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'threadline-build-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Mail {
  id: string;
  day: string;
  subject: string;
  from?: string;
  replyTo?: string;
  body?: string;
}

function mbox(mails: readonly Mail[]): string {
  return mails
    .map((m) =>
      [
        `From ${m.from ?? 'ann'}@example.org Mon Jan  6 10:00:00 2025`,
        `From: ${m.from ?? 'Ann'} <${m.from ?? 'ann'}@example.org>`,
        `Date: ${m.day}`,
        `Subject: ${m.subject}`,
        `Message-ID: <${m.id}@example.org>`,
        ...(m.replyTo ? [`In-Reply-To: <${m.replyTo}@example.org>`, `References: <${m.replyTo}@example.org>`] : []),
        '',
        m.body ?? `Text of ${m.id}, see <${m.replyTo ?? 'nothing'}@example.org>.`,
        '',
        '',
      ].join('\n'),
    )
    .join('');
}

/** A patch's body as git format-patch writes it, adding one line to a.c. */
function patchBody(title: string): string {
  return `${title}.\n\nSigned-off-by: Ann <ann@example.org>\n---\n a.c | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n int a;\n+int b;\n`;
}

const JAN: Mail[] = [
  { id: 'a1', day: 'Mon, 06 Jan 2025 10:00:00 +0000', subject: 'Release plan' },
  { id: 'a2', day: 'Tue, 07 Jan 2025 10:00:00 +0000', subject: 'Re: Release plan', from: 'bob', replyTo: 'a1' },
  { id: 'b1', day: 'Wed, 08 Jan 2025 10:00:00 +0000', subject: 'Build broken', from: 'carol' },
];
const FEB: Mail[] = [
  { id: 'c1', day: 'Mon, 03 Feb 2025 10:00:00 +0000', subject: 'Meeting minutes', body: 'Minutes of the weekly meeting\n\n= Release =\n[ACTION]: Ann to tag 2.0\n' },
];

/** Write an archive: `dev` with January and February, `users` with one file. */
function makeArchive(dir: string): string {
  const archive = join(dir, 'archive');
  mkdirSync(join(archive, 'dev'), { recursive: true });
  mkdirSync(join(archive, 'users'), { recursive: true });
  writeFileSync(join(archive, 'dev', '2025-01.mbox'), mbox(JAN));
  writeFileSync(join(archive, 'dev', '2025-02.mbox'), mbox(FEB));
  writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Dev list' }));
  writeFileSync(join(archive, 'users', 'all.mbox'), mbox([{ id: 'u1', day: 'Fri, 10 Jan 2025 10:00:00 +0000', subject: 'Hello' }]));
  return archive;
}

function mtimes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const path of tree(dir).keys()) out.set(path, statSync(join(dir, path)).mtimeMs);
  return out;
}

function options(dir: string, archive: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { archiveDir: archive, storeDir: join(dir, 'store'), outDir: join(dir, 'dist'), base: '/', jobs: 0, checkPlan: true, ...extra };
}

/** Expect two site folders to hold the same files with the same bytes. */
function expectSameSite(siteDir: string, coldDir: string): void {
  const a = tree(siteDir);
  const b = tree(coldDir);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [path, bytes] of b) expect(a.get(path), path).toBe(bytes);
}

/**
 * Keep a mirror of a site by a build's lists, as the README's deploy step does: every file the
 * lists remove must be in the mirror.
 */
function deploy(site: { writtenList: string; removedList: string }, dist: string, mirror: string): void {
  for (const path of readFileSync(site.removedList, 'utf8').split('\n').filter(Boolean)) rmSync(join(mirror, path));
  for (const path of readFileSync(site.writtenList, 'utf8').split('\n').filter(Boolean)) cpSync(join(dist, path), join(mirror, path));
}

/** Build the archive incrementally in `dir`, then cold in a fresh folder, and compare the two sites. */
async function expectSameAsCold(dir: string, archive: string): Promise<Pick<SiteReport, 'written' | 'removed' | 'search'>> {
  const incremental = await buildSite(options(dir, archive));
  const cold = join(dir, `cold-${Math.random().toString(36).slice(2)}`);
  await buildSite(options(cold, archive));
  expectSameSite(join(dir, 'dist'), join(cold, 'dist'));
  return { written: incremental.site.written, removed: incremental.site.removed, search: incremental.site.search };
}

describe('buildSite', () => {
  it('writes nothing when nothing changed, and leaves every file as it was', async () => {
    const dir = join(work, 'noop');
    const archive = makeArchive(dir);
    const first = await buildSite(options(dir, archive));
    expect(first.site.clean).toBe(true);
    const before = mtimes(join(dir, 'dist'));
    const again = await buildSite(options(dir, archive));
    expect(again.site.clean).toBe(false);
    expect(again.site.written).toBe(0);
    expect(again.site.removed).toBe(0);
    expect(again.import.parsedMessages).toBe(0);
    expect(mtimes(join(dir, 'dist'))).toEqual(before);
    const verified = await verifySite({ store: new Store(join(dir, 'store')), outDir: join(dir, 'dist'), base: '/' });
    expect(verified.problems).toEqual([]);
  });

  it('links minutes only on a list that has them, and leaves no build leftovers in the site root', async () => {
    const site = tree(join(work, 'noop', 'dist'));
    expect(site.get('dev/index.html')).toContain('<a href="/dev/minutes/">Meeting minutes</a>');
    expect(site.get('users/index.html')).not.toContain('minutes/');
    expect([...site.keys()].filter((p) => p.startsWith('users/minutes'))).toEqual([]);
    expect(site.get('users/index.html')).toContain('1 message in 1 thread from 2025-01-10 to 2025-01-10.');
    // The site root holds the site's own files only (an `astro build` left content-*.mjs there).
    expect([...site.keys()].filter((p) => !p.includes('/')).sort()).toEqual(['.nojekyll', '404.html', 'favicon.svg', 'index.html', 'sitemap-1.xml', 'sitemap.xml']);
  });

  it("gives the cold build's site after a new mbox file, and rewrites only what the new mail touches", async () => {
    const dir = join(work, 'newfile');
    const archive = makeArchive(dir);
    const first = await buildSite(options(dir, archive));
    expect(first.site.search.index).toBe('built');
    expect(first.site.search.analysed).toBe(first.site.search.messages);
    writeFileSync(join(archive, 'dev', '2025-03.mbox'), mbox([{ id: 'd1', day: 'Mon, 03 Mar 2025 10:00:00 +0000', subject: 'Spring cleaning', from: 'dave' }]));
    const { written } = await expectSameAsCold(dir, archive);
    // The search index is updated from the last one: only the new message is analysed.
    const report = (await new Store(join(dir, 'store')).readReport<{ site: SiteReport }>())!.site;
    expect(report.search).toMatchObject({ index: 'updated', messages: first.site.search.messages + 1, analysed: 1 });
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(first.site.written / 2);
    const changes = readFileSync((await new Store(join(dir, 'store')).readReport<{ site: { writtenList: string } }>())!.site.writtenList, 'utf8');
    expect(changes).toContain('dev/m/d1@example.org/index.html');
    expect(changes).toContain('dev/m/d1@example.org/raw.txt');
    // The month before gains a "next month" link; an unrelated list's pages are untouched.
    expect(changes).toContain('dev/2025-02/index.html');
    expect(changes).not.toContain('users/m/u1@example.org/index.html');
  });

  it('gives the same site with the search index made on its own thread, beside the pages or before them', async () => {
    const dir = join(work, 'search-thread');
    const archive = makeArchive(dir);
    // On the build's thread (jobs 0), on a worker beside the render workers, and on a worker before them.
    const builds = [{}, { jobs: 2, searchAlone: false }, { jobs: 2, searchAlone: true }];
    const sites: Map<string, string>[] = [];
    for (const [k, extra] of builds.entries()) {
      const at = join(dir, String(k));
      const first = await buildSite(options(at, archive, extra));
      expect(first.site.search).toMatchObject({ index: 'built', analysed: first.site.search.messages });
      // A clean build starts all its render workers; with jobs 0 it renders in its own thread.
      expect(first.site.renderWorkers).toBe(k === 0 ? 0 : 2);
      sites.push(tree(join(at, 'dist')));
    }
    for (const site of sites.slice(1)) {
      expect([...site.keys()].sort()).toEqual([...sites[0]!.keys()].sort());
      for (const [path, bytes] of sites[0]!) expect(site.get(path), path).toBe(bytes);
    }
    // An update on the worker analyses only the new message and gives the cold build's site.
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'a4', day: 'Wed, 05 Feb 2025 10:00:00 +0000', subject: 'Re: Release plan', from: 'eve', replyTo: 'a1' }]));
    const at = join(dir, '2');
    const updated = await buildSite(options(at, archive, { jobs: 2, searchAlone: true }));
    expect(updated.site.search).toMatchObject({ index: 'updated', analysed: 1 });
    // An update this small renders on one worker.
    expect(updated.site.renderWorkers).toBe(1);
    const cold = join(dir, 'cold');
    await buildSite(options(cold, archive));
    expectSameSite(join(at, 'dist'), join(cold, 'dist'));
  });

  it('keeps the excerpts of documents moved a display chunk or more by older mail, without analysing them again', async () => {
    const dir = join(work, 'older');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    // Nine messages before all others: every kept document moves past the chunk (8 documents)
    // this build writes over the one that held its excerpt.
    const older = Array.from({ length: 9 }, (_, k) => ({ id: `o${k}`, day: `Mon, 0${k + 1} Dec 2024 09:00:00 +0000`, subject: `Older ${k}`, from: 'olga' }));
    writeFileSync(join(archive, 'dev', '2025-00.mbox'), mbox(older));
    const result = await buildSite(options(dir, archive));
    expect(result.site.search).toMatchObject({ index: 'updated', analysed: 9 });
    await expectSameAsCold(dir, archive);
  });

  it('gives the cold build site after mail appended to a file, a reply to an earlier month and a new next thread', async () => {
    const dir = join(work, 'append');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    // A reply in February to January's thread, and a new thread at the end of January.
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'a3', day: 'Tue, 04 Feb 2025 10:00:00 +0000', subject: 'Re: Release plan', from: 'eve', replyTo: 'a2' }]));
    appendFileSync(join(archive, 'dev', '2025-01.mbox'), mbox([{ id: 'e1', day: 'Fri, 31 Jan 2025 10:00:00 +0000', subject: 'Late thread', from: 'eve' }]));
    const result = await buildSite(options(dir, archive));
    expect(result.import.lists['dev']!.fileReports.filter((f) => f.read === 'appended').map((f) => f.file)).toEqual(['dev/2025-01.mbox', 'dev/2025-02.mbox']);
    // The late thread moves the later documents of the index: their excerpts are still read from
    // the last index's display chunks (before they are written over), not analysed again.
    expect(result.site.search).toMatchObject({ index: 'updated', analysed: 2 });
    const { written } = await expectSameAsCold(dir, archive);
    expect(written).toBe(0);
    // The January thread's first message now lists the reply in its tree.
    expect(readFileSync(join(dir, 'dist', 'dev', 'm', 'a1@example.org', 'index.html'), 'utf8')).toContain('a3@example.org');
  });

  it("gives each of two site folders sharing a store the cold build's site, as mail arrives", async () => {
    const dir = join(work, 'two-folders');
    const archive = makeArchive(dir);
    const second = { outDir: join(dir, 'dist2') };
    await buildSite(options(dir, archive));
    await buildSite(options(dir, archive, second));
    const store = new Store(join(dir, 'store'));
    // Each folder's manifest names the plans its files come from: each clean build made its own,
    // and the store's cache holds the last (the second folder's).
    const plans = (await store.readManifest(join(dir, 'dist2')))?.plans;
    expect(Object.keys(plans ?? {}).sort()).toEqual(['dev', 'users']);
    expect((await store.readManifest(join(dir, 'dist')))?.plans?.['dev']).not.toBe(plans?.['dev']);
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'a4', day: 'Wed, 05 Feb 2025 10:00:00 +0000', subject: 'Re: Release plan', from: 'eve', replyTo: 'a1' }]));
    await buildSite(options(dir, archive));
    // The second folder's manifest names the plans of before, not those the first folder's update
    // cached: its files are looked up one by one (and `checkPlan` fails on a plan taken wrongly).
    const update = await buildSite(options(dir, archive, second));
    expect(update.site.written).toBeGreaterThan(0);
    const devPlan = (await store.readManifest(join(dir, 'dist2')))?.plans?.['dev'];
    expect(devPlan).not.toBe(plans?.['dev']);
    const cold = join(dir, 'cold');
    await buildSite(options(cold, archive));
    expectSameSite(join(dir, 'dist2'), join(cold, 'dist'));
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'a5', day: 'Thu, 06 Feb 2025 10:00:00 +0000', subject: 'Re: Release plan', from: 'bob', replyTo: 'a4' }]));
    await expectSameAsCold(dir, archive);
  });

  it('removes the pages of a deleted mbox file, and follows a changed list.json', async () => {
    const dir = join(work, 'delete');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    rmSync(join(archive, 'users', 'all.mbox'));
    writeFileSync(join(archive, 'users', 'other.mbox'), mbox([{ id: 'u2', day: 'Sat, 11 Jan 2025 10:00:00 +0000', subject: 'Hi again' }]));
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Development', obfuscation: 'none' }));
    const { removed } = await expectSameAsCold(dir, archive);
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(() => statSync(join(dir, 'dist', 'users', 'm', 'u1@example.org'))).toThrow();
    expect(readFileSync(join(dir, 'dist', 'dev', 'index.html'), 'utf8')).toContain('Development');
  });

  it("completes a build that was killed part-way: the next build gives the cold build's site", async () => {
    const dir = join(work, 'killed');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Renamed' }));
    const stop = new Error('killed');
    await expect(
      buildSite(
        options(dir, archive, {
          onWritten: (count) => {
            if (count >= 3) throw stop;
          },
        }),
      ),
    ).rejects.toThrow('killed');
    await expectSameAsCold(dir, archive);
    const verified = await verifySite({ store: new Store(join(dir, 'store')), outDir: join(dir, 'dist'), base: '/' });
    expect(verified.problems).toEqual([]);
  });

  it("completes a build stopped after it removed the search index's old parts, before the render ended", async () => {
    const dir = join(work, 'killed-search');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive, { jobs: 1 }));
    const parts = join(dir, 'dist', 'search', 'p');
    const before = readdirSync(parts);
    const feb = join(archive, 'dev', '2025-02.mbox');
    const original = readFileSync(feb);
    // Words no other message has: the part that holds them gets new bytes, so a new name.
    appendFileSync(feb, mbox([{ id: 'k1', day: 'Tue, 04 Feb 2025 10:00:00 +0000', subject: 'Re: Meeting minutes', from: 'bob', replyTo: 'c1', body: 'Quokka wombat numbat: tagged.' }]));
    let gone: string[] = [];
    await expect(
      buildSite(
        options(dir, archive, {
          jobs: 1,
          onPhase: (name) => {
            if (name !== 'remove') return;
            gone = before.filter((f) => !existsSync(join(parts, f)));
            throw new Error('killed');
          },
        }),
      ),
    ).rejects.toThrow('killed');
    // The stop came after old parts were removed, not before: the case under test. The journal
    // holds them as begun (key `?`), not as the last finished build's manifest has them.
    expect(gone.length).toBeGreaterThan(0);
    const store = new Store(join(dir, 'store'));
    const files = (await store.readManifest(join(dir, 'dist')))!.files;
    for (const f of gone) expect(files[`search/p/${f}`], f).toBe('?');
    // The mail taken back: the next index is made of the removed parts again. It is updated from
    // the index the stopped build kept (which does not name them), not made from every message.
    writeFileSync(feb, original);
    const { search } = await expectSameAsCold(dir, archive);
    expect(search.index).toBe('updated');
    expect(gone.every((f) => existsSync(join(parts, f)))).toBe(true);
    appendFileSync(feb, mbox([{ id: 'k2', day: 'Wed, 05 Feb 2025 10:00:00 +0000', subject: 'Re: Meeting minutes', from: 'carol', replyTo: 'c1', body: 'Numbat quokka.' }]));
    await expectSameAsCold(dir, archive);
    const verified = await verifySite({ store, outDir: join(dir, 'dist'), base: '/' });
    expect(verified.problems).toEqual([]);
  });

  it('lists every file changed since the last build that finished, after builds killed part-way', async () => {
    const dir = join(work, 'killed-lists');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    // The deployed copy, kept by the lists of what changed, as the README's deploy step keeps it.
    const deployed = join(dir, 'deployed');
    cpSync(join(dir, 'dist'), deployed, { recursive: true });
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Renamed' }));
    rmSync(join(archive, 'dev', '2025-02.mbox'));
    const killed = (at: number) =>
      buildSite(
        options(dir, archive, {
          onWritten: (count) => {
            if (count >= at) throw new Error('killed');
          },
        }),
      );
    await expect(killed(3)).rejects.toThrow('killed');
    // The next build finishes what the killed one began; its lists name what both changed.
    const last = await buildSite(options(dir, archive));
    deploy(last.site, join(dir, 'dist'), deployed);
    expectSameSite(deployed, join(dir, 'dist'));
    // A killed build that wrote a new message's files, which the next build removes: the mirror
    // never got them, and the lists do not name them (the mirror has each file they remove).
    writeFileSync(join(archive, 'dev', 'extra.mbox'), mbox([{ id: 'x1', day: 'Mon, 10 Mar 2025 10:00:00 +0000', subject: 'Extra' }]));
    await expect(killed(8)).rejects.toThrow('killed');
    expect(existsSync(join(dir, 'dist', 'dev', 'm', 'x1@example.org'))).toBe(true);
    rmSync(join(archive, 'dev', 'extra.mbox'));
    deploy((await buildSite(options(dir, archive))).site, join(dir, 'dist'), deployed);
    expectSameSite(deployed, join(dir, 'dist'));
  });

  it("lists an older version's site files that a build after an upgrade no longer has", async () => {
    const dir = join(work, 'upgrade-lists');
    const archive = makeArchive(dir);
    const first = await buildSite(options(dir, archive));
    const deployed = join(dir, 'deployed');
    cpSync(join(dir, 'dist'), deployed, { recursive: true });
    // The manifest as an older Threadline wrote it: the build starts clean.
    const manifestFile = join(dirname(first.site.writtenList), 'manifest.json');
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace(/"version":\d+/, '"version":1'));
    rmSync(join(archive, 'dev', '2025-02.mbox'));
    const again = await buildSite(options(dir, archive));
    expect(again.site.clean).toBe(true);
    expect(readFileSync(again.site.removedList, 'utf8')).toContain('dev/2025-02/index.html\n');
    deploy(again.site, join(dir, 'dist'), deployed);
    expectSameSite(deployed, join(dir, 'dist'));
  });

  it('writes again the files of a task that failed part-way, when the next build wants them as they were before', async () => {
    const dir = join(work, 'failed-task');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    // A thread's task writes its message pages, then its thread page: a folder in the thread
    // page's place makes the task fail after the message pages were written with the new title.
    const threadPage = join(dir, 'dist', 'dev', 't', 'a1@example.org', 'index.html');
    const firstPage = join(dir, 'dist', 'dev', 'm', 'a1@example.org', 'index.html');
    expect(readFileSync(threadPage, 'utf8')).toContain('Dev list');
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Renamed' }));
    rmSync(threadPage);
    mkdirSync(threadPage);
    await expect(buildSite(options(dir, archive))).rejects.toThrow(/EISDIR/);
    expect(readFileSync(firstPage, 'utf8')).toContain('Renamed');
    // Back to the first settings: the next build wants the first build's files, which the
    // manifest lists, but these two are not what it lists.
    rmSync(threadPage, { recursive: true });
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Dev list' }));
    await buildSite(options(dir, archive));
    expect(readFileSync(firstPage, 'utf8')).not.toContain('Renamed');
    expect(readFileSync(threadPage, 'utf8')).toContain('Dev list');
    await expectSameAsCold(dir, archive);
  });

  it('puts back the files of a removal that stopped part-way, when the next build wants them', async () => {
    const dir = join(work, 'failed-removal');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    // February's file goes: its pages are removed at the end of the next build. A folder in the
    // place of one of them makes the removal fail after others went.
    const february = readFileSync(join(archive, 'dev', '2025-02.mbox'));
    rmSync(join(archive, 'dev', '2025-02.mbox'));
    const feed = join(dir, 'dist', 'dev', 't', 'c1@example.org', 'atom.xml');
    rmSync(feed);
    mkdirSync(feed);
    await expect(buildSite(options(dir, archive))).rejects.toThrow();
    // Recorded as begun before any went: none keeps the key of the file it was.
    const manifest = await new Store(join(dir, 'store')).readManifest(join(dir, 'dist'));
    expect(manifest?.files['dev/m/c1@example.org/']).toBe('?');
    expect(manifest?.files['dev/2025-02/']).toBe('?');
    rmSync(feed, { recursive: true });
    writeFileSync(join(archive, 'dev', '2025-02.mbox'), february);
    await buildSite(options(dir, archive));
    expect(existsSync(join(dir, 'dist', 'dev', 'm', 'c1@example.org', 'index.html'))).toBe(true);
    await expectSameAsCold(dir, archive);
  });

  it('builds a killed first build clean again', async () => {
    const dir = join(work, 'killed-first');
    const archive = makeArchive(dir);
    await expect(
      buildSite(
        options(dir, archive, {
          onWritten: (count) => {
            if (count >= 2) throw new Error('killed');
          },
        }),
      ),
    ).rejects.toThrow('killed');
    // Killed before it wrote the home and 404 pages, which say Threadline made the folder: the
    // store's record of the clean build is what lets the next build go on.
    for (const page of ['index.html', '404.html']) rmSync(join(dir, 'dist', page), { force: true });
    expect(readdirSync(join(dir, 'dist')).length).toBeGreaterThan(0);
    const again = await buildSite(options(dir, archive));
    expect(again.site.clean).toBe(true);
    await expectSameAsCold(dir, archive);
  });

  it("gives the cold build's site when a new version of a series and its review arrive", async () => {
    const dir = join(work, 'patches');
    const archive = makeArchive(dir);
    const diff = patchBody;
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'p1', day: 'Tue, 04 Feb 2025 10:00:00 +0000', subject: '[PATCH] a: add b', body: diff('a: add b') }]));
    const first = await buildSite(options(dir, archive));
    expect(first.site.files.patches).toBe(6);
    const v1Page = join(dir, 'dist', 'dev', 'patches', 'p1@example.org', 'index.html');
    expect(readFileSync(v1Page, 'utf8')).toContain('>new<');
    appendFileSync(
      join(archive, 'dev', '2025-02.mbox'),
      mbox([
        { id: 'p2', day: 'Wed, 05 Feb 2025 10:00:00 +0000', subject: '[PATCH v2] a: add b', body: diff('a: add b') },
        { id: 'r2', day: 'Thu, 06 Feb 2025 10:00:00 +0000', subject: 'Re: [PATCH v2] a: add b', from: 'bob', replyTo: 'p2', body: 'Reviewed-by: Bob <bob@example.org>\n' },
      ]),
    );
    await expectSameAsCold(dir, archive);
    // The first version's page and message now say it was superseded; the new one carries Bob's tag in its mbox.
    expect(readFileSync(v1Page, 'utf8')).toContain('superseded');
    expect(readFileSync(join(dir, 'dist', 'dev', 'm', 'p1@example.org', 'index.html'), 'utf8')).toMatch(/versions: <strong aria-current="page">v1<\/strong> <a href="\/dev\/patches\/p2@example.org\/">v2<\/a>/);
    expect(readFileSync(join(dir, 'dist', 'dev', 'patches', 'p2@example.org', 'v2.mbox'), 'utf8')).toContain('Signed-off-by: Ann <ann@example.org>\nReviewed-by: Bob <bob@example.org>\n---\n');
  });

  it('writes only what older mail changes: no later page for its date position, no series page for its anchors', async () => {
    const dir = join(work, 'late');
    const archive = makeArchive(dir);
    const diff = (title: string) => `${title}.\n\nSigned-off-by: Ann <ann@example.org>\n---\n a.c | 1 +\n\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n int a;\n+int b;\n`;
    appendFileSync(
      join(archive, 'dev', '2025-02.mbox'),
      mbox([
        { id: 'p1', day: 'Tue, 04 Feb 2025 10:00:00 +0000', subject: '[PATCH] a: add b', body: diff('a: add b') },
        { id: 'p2', day: 'Wed, 05 Feb 2025 10:00:00 +0000', subject: '[PATCH v2] a: add b', body: diff('a: add b') },
      ]),
    );
    await buildSite(options(dir, archive));
    const series = join(dir, 'dist', 'dev', 'patches', 'p2@example.org', 'index.html');
    expect(readFileSync(series, 'utf8')).toContain('<section id="v-p1@example.org" class="version"');
    // Arriving now, dated before every message: a patch of its own series, and a new thread. It
    // moves every message and series after it one position on.
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'late', day: 'Sun, 05 Jan 2025 10:00:00 +0000', subject: '[PATCH] c: fix d', from: 'dave', body: diff('c: fix d') }]));
    await expectSameAsCold(dir, archive);
    const changes = readFileSync((await new Store(join(dir, 'store')).readReport<{ site: { writtenList: string } }>())!.site.writtenList, 'utf8').split('\n');
    // Its own page, and a1's, whose "date previous" it is now.
    expect(changes).toContain('dev/m/late@example.org/index.html');
    expect(changes).toContain('dev/m/a1@example.org/index.html');
    // Later messages show nothing new, nor does the family of the later series.
    for (const id of ['a2', 'b1', 'c1', 'p1', 'p2']) expect(changes).not.toContain(`dev/m/${id}@example.org/index.html`);
    expect(changes).not.toContain('dev/t/b1@example.org/index.html');
    expect(changes).not.toContain('dev/patches/p2@example.org/index.html');
    expect(readFileSync(series, 'utf8')).toContain('<a href="#v-p1@example.org">v1</a>');
  });

  it("gives the cold build's site after a late reply within a thread and a late copy of a Message-ID", async () => {
    const dir = join(work, 'late-within');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    // Both arrive in February's file: a reply placed between a1 and a2, and a message that
    // reuses b1's Message-ID, sent before b1, so that it takes b1's slug and b1 the next.
    appendFileSync(
      join(archive, 'dev', '2025-02.mbox'),
      mbox([
        { id: 'a3', day: 'Mon, 06 Jan 2025 12:00:00 +0000', subject: 'Re: Release plan', from: 'dave', replyTo: 'a1' },
        { id: 'b1', day: 'Tue, 07 Jan 2025 12:00:00 +0000', subject: 'Build broken (sent first)', from: 'erin' },
      ]),
    );
    await expectSameAsCold(dir, archive);
  });

  it('makes a thread again when later mail changes what it shows but not its messages or neighbours', async () => {
    const dir = join(work, 'kept-threads');
    const archive = makeArchive(dir);
    const patch = '[PATCH] a: add b';
    const diff = 'a: add b.\n\nSigned-off-by: Ann <ann@example.org>\n---\n a.c | 1 +\n\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n int a;\n+int b;\n';
    appendFileSync(join(archive, 'dev', '2025-01.mbox'), mbox([{ id: 'p1', day: 'Thu, 09 Jan 2025 10:00:00 +0000', subject: patch, body: diff }]));
    await buildSite(options(dir, archive));
    const b1 = join(dir, 'dist', 'dev', 'm', 'b1@example.org', 'index.html');
    const p1 = join(dir, 'dist', 'dev', 'm', 'p1@example.org', 'index.html');
    expect(readFileSync(b1, 'utf8')).not.toContain('href="/dev/m/nothing@example.org/"');
    // In March: the message b1 names, and a second version of p1. Neither is a neighbour of b1
    // or p1 in date or thread order, nor in their threads: only their views and series bar change.
    writeFileSync(
      join(archive, 'dev', '2025-03.mbox'),
      mbox([
        { id: 'p2', day: 'Mon, 03 Mar 2025 10:00:00 +0000', subject: '[PATCH v2] a: add b', body: diff },
        { id: 'nothing', day: 'Tue, 04 Mar 2025 10:00:00 +0000', subject: 'Named before', from: 'dave' },
      ]),
    );
    await expectSameAsCold(dir, archive);
    expect(readFileSync(b1, 'utf8')).toContain('href="/dev/m/nothing@example.org/"');
    expect(readFileSync(p1, 'utf8')).toContain('href="/dev/patches/p2@example.org/">v2</a>');
  });

  it("makes a thread again when a neighbour in another thread is edited in place: its bar shows the neighbour's subject", async () => {
    const dir = join(work, 'edited-neighbour');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    const a2 = join(dir, 'dist', 'dev', 'm', 'a2@example.org', 'index.html');
    expect(readFileSync(a2, 'utf8')).toContain('Build broken');
    // b1, a2's next message by date and the next thread after a1's, gets another subject: a1's
    // thread has the same messages, but shows b1's subject (the build checks kept threads).
    writeFileSync(join(archive, 'dev', '2025-01.mbox'), mbox(JAN.map((m) => (m.id === 'b1' ? { ...m, subject: 'Build fixed' } : m))));
    await expectSameAsCold(dir, archive);
    expect(readFileSync(a2, 'utf8')).toContain('Build fixed');
    expect(readFileSync(a2, 'utf8')).not.toContain('Build broken');
  });

  it('refuses a site folder that holds the store, before deleting anything', async () => {
    const dir = join(work, 'refuse');
    const archive = makeArchive(dir);
    writeFileSync(join(dir, 'keep.txt'), 'not ours');
    const build = buildSite({ archiveDir: archive, storeDir: join(dir, 'store'), outDir: dir, base: '/', jobs: 0 });
    await expect(build).rejects.toThrow(SiteOptionError);
    await expect(build).rejects.toThrow(/holds the store .* choose a folder of its own/);
    expect(readdirSync(dir).sort()).toEqual(['archive', 'keep.txt']);
  });

  it('refuses a site folder in the archive or holding it, and one with files it did not write', async () => {
    const dir = join(work, 'refuse-archive');
    const archive = makeArchive(dir);
    const mail = readdirSync(join(archive, 'dev')).sort();
    for (const outDir of [archive, dir, join(archive, 'dev')]) {
      const build = buildSite({ ...options(dir, archive), outDir });
      await expect(build, outDir).rejects.toThrow(SiteOptionError);
    }
    await expect(buildSite({ ...options(dir, archive), outDir: join(archive, 'dev', 'site') })).rejects.toThrow(/inside the archive folder .* choose a folder outside it/);
    await expect(buildSite({ ...options(dir, archive), storeDir: join(archive, 'store') })).rejects.toThrow(/--store .* is inside the archive folder .* choose a folder outside it/);
    expect(existsSync(join(archive, 'store'))).toBe(false);
    expect(readdirSync(join(archive, 'dev')).sort()).toEqual(mail);
    // A folder of someone else's files: nothing is deleted.
    const other = join(dir, 'www');
    mkdirSync(other);
    writeFileSync(join(other, 'robots.txt'), 'User-agent: *\n');
    await expect(buildSite({ ...options(dir, archive), outDir: other })).rejects.toThrow(/holds files Threadline did not write \(robots\.txt\).*choose an empty or new folder/);
    await expect(buildSite({ ...options(dir, archive), outDir: other, clean: true })).rejects.toThrow(SiteOptionError);
    expect(readdirSync(other)).toEqual(['robots.txt']);
    // A site this build made, whose store is gone (a CI cache lost): built again from scratch,
    // keeping what hosts put there.
    await buildSite(options(dir, archive));
    writeFileSync(join(dir, 'dist', 'CNAME'), 'lists.example.org\n');
    rmSync(join(dir, 'store'), { recursive: true });
    const again = await buildSite(options(dir, archive));
    expect(again.site.clean).toBe(true);
    expect(readFileSync(join(dir, 'dist', 'CNAME'), 'utf8')).toBe('lists.example.org\n');
    expect(readFileSync(join(dir, 'dist', '.nojekyll'), 'utf8')).toBe('');
  });

  it("rewrites no file when an mbox file is renamed or gzip'd: its messages are the same", async () => {
    const dir = join(work, 'renamed');
    const archive = makeArchive(dir);
    // A series with a review: its mbox for git am is made from where the store keeps the patch.
    appendFileSync(
      join(archive, 'dev', '2025-01.mbox'),
      mbox([
        { id: 'rp1', day: 'Tue, 07 Jan 2025 10:00:00 +0000', subject: '[PATCH] a: add b', body: patchBody('a: add b') },
        { id: 'rr1', day: 'Wed, 08 Jan 2025 10:00:00 +0000', subject: 'Re: [PATCH] a: add b', from: 'bob', replyTo: 'rp1', body: 'Reviewed-by: Bob <bob@example.org>\n' },
      ]),
    );
    await buildSite(options(dir, archive));
    expect(readdirSync(join(dir, 'dist', 'dev', 'patches'), { recursive: true }).some((path) => String(path).endsWith('.mbox'))).toBe(true);
    const file = join(archive, 'dev', '2025-01.mbox');
    writeFileSync(join(archive, 'dev', 'january.mbox.gz'), gzipSync(readFileSync(file)));
    rmSync(file);
    const { written, removed } = await expectSameAsCold(dir, archive);
    expect([written, removed]).toEqual([0, 0]);
  });

  it('refuses a second build on a store in use, and takes over the lock of a build that is gone', async () => {
    const dir = join(work, 'locked');
    const archive = makeArchive(dir);
    mkdirSync(join(dir, 'store'), { recursive: true });
    const lock = join(dir, 'store', 'lock');
    // A build running in another process: the parent of this test's process stands for it.
    writeFileSync(lock, `${process.ppid} ${hostname()} token\n`);
    await expect(buildSite(options(dir, archive))).rejects.toThrow(new RegExp(`another Threadline build or import \\(process ${process.ppid} on ${hostname()}\\) is using the store .*: wait for it to end; if none is running, remove .*lock`));
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    // A lock of another machine sharing the store cannot be checked: it holds.
    writeFileSync(lock, `${gone} another-host token\n`);
    await expect(buildSite(options(dir, archive))).rejects.toThrow(/process \d+ on another-host/);
    // A build on this machine killed outright left its lock: its process is gone.
    writeFileSync(lock, `${gone} ${hostname()} token\n`);
    const built = await buildSite(options(dir, archive));
    expect(built.site.written).toBeGreaterThan(0);
    expect(existsSync(lock)).toBe(false);
    // A build that fails gives the store back too.
    await expect(buildSite(options(dir, join(dir, 'no-archive')))).rejects.toThrow(/does not exist/);
    expect(existsSync(lock)).toBe(false);
  });

  it('lists the files a clean build emptied that the site no longer has, for the deploy step', async () => {
    const dir = join(work, 'clean-removed');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Dev list', remove: { 'b1@example.org': 'asked by its author' } }));
    rmSync(join(archive, 'users'), { recursive: true });
    const report = await buildSite(options(dir, archive, { clean: true }));
    const removed = readFileSync(report.site.removedList, 'utf8').split('\n').filter((p) => p !== '');
    expect(removed).toContain('dev/m/b1@example.org/raw.txt');
    expect(removed).toContain('users/index.html');
    expect(removed.some((p) => p.startsWith('users/m/u1@example.org/'))).toBe(true);
    expect(removed.filter((p) => existsSync(join(dir, 'dist', p)))).toEqual([]);
    expect(report.site.removed).toBe(removed.length);
    // What the site still has is not listed.
    expect(removed).not.toContain('dev/index.html');
    // Listed once: the next build, clean or not, has nothing more to remove.
    const next = await buildSite(options(dir, archive, { clean: true }));
    expect(readFileSync(next.site.removedList, 'utf8')).toBe('');
  });

  it('accepts absolute base paths only', () => {
    expect(normalizeBase('/archives')).toBe('/archives/');
    expect(() => normalizeBase('archives/')).toThrow(SiteOptionError);
    expect(() => normalizeBase('/a/../b/')).toThrow(SiteOptionError);
  });

  it('writes relative links for a site opened from a folder, which verify follows; a switch back rewrites the pages', async () => {
    const dir = join(work, 'relative');
    const archive = makeArchive(dir);
    const built = await buildSite(options(dir, archive, { relative: true }));
    const site = tree(join(dir, 'dist'));
    const message = site.get('dev/m/a2@example.org/index.html')!;
    expect(message).toMatch(/<link rel="stylesheet" href="\.\.\/\.\.\/\.\.\/_astro\/site\.[A-Z0-9]+\.css">/);
    expect(message).toContain('<a href="../../../dev/2025-01/index.html#a2@example.org" title="messages of 2025-01 by date">[Date Index]</a>');
    expect(site.get('index.html')).toContain('<a href="./dev/index.html"><strong>Dev list</strong></a>');
    // No page links into the site by an absolute path, but the 404 page: a server shows it at
    // any depth, where links from the page's own folder would lead nowhere.
    for (const [path, html] of site) if (path.endsWith('.html') && path !== '404.html') expect(html, path).not.toMatch(/(?:href|src|action|data-base)="\/(?!\/)/);
    expect(site.get('404.html')).toMatch(/<link rel="stylesheet" href="\/_astro\/site\.[A-Z0-9]+\.css">/);
    const verified = await verifySite({ store: new Store(join(dir, 'store')), outDir: join(dir, 'dist'), base: '/' });
    expect(verified.problems).toEqual([]);
    expect(verified.links).toBeGreaterThan(100);
    const back = await buildSite(options(dir, archive));
    // Every page is written again (raw files and attachments are the same bytes either way).
    const pages = [...site.keys()].filter((p) => p.endsWith('.html')).length;
    expect(back.site.written).toBeGreaterThanOrEqual(pages);
    expect(back.site.written).toBeLessThan(built.site.written);
    expect(tree(join(dir, 'dist')).get('dev/m/a2@example.org/index.html')).toContain('<a href="/dev/2025-01/#a2@example.org" title="messages of 2025-01 by date">[Date Index]</a>');
  });

  it('notices a relative link that leads nowhere', async () => {
    const dir = join(work, 'relative');
    writeFileSync(join(dir, 'dist', 'dev', 'index.html'), '<a href="../dev/2031-01/index.html">x</a><a href="./2025-01/">y</a>');
    const verified = await verifySite({ store: new Store(join(dir, 'store')), outDir: join(dir, 'dist'), base: '/' });
    expect(verified.problems).toContain('dev/index.html: link ../dev/2031-01/index.html leads nowhere');
    expect(verified.problems.some((p) => p.includes('./2025-01/'))).toBe(false);
  });

  it('rewrites only the mbox files and feeds new mail touches, each holding its messages exact bytes', async () => {
    const dir = join(work, 'downloads');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive));
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'a4', day: 'Wed, 05 Feb 2025 10:00:00 +0000', subject: 'Re: Release plan', from: 'eve', replyTo: 'a1', body: 'From the start\n>From quoted\n' }]));
    await expectSameAsCold(dir, archive);
    const changes = readFileSync((await new Store(join(dir, 'store')).readReport<{ site: { writtenList: string } }>())!.site.writtenList, 'utf8').split('\n');
    expect(changes).toContain('dev/t/a1@example.org/thread.mbox.gz');
    expect(changes).toContain('dev/2025-02/2025-02.mbox.gz');
    expect(changes).toContain('dev/t/a1@example.org/atom.xml');
    expect(changes).toContain('dev/atom.xml');
    expect(changes).not.toContain('dev/2025-01/2025-01.mbox.gz');
    expect(changes).not.toContain('dev/t/b1@example.org/thread.mbox.gz');
    const data = (await new Store(join(dir, 'store')).readList('dev'))!;
    const thread = splitMbox(gunzipSync(readFileSync(join(dir, 'dist', 'dev', 't', 'a1@example.org', 'thread.mbox.gz'))));
    const ids = ['a1', 'a2', 'a4'].map((id) => data.index.messages.find((m) => m.messageId === `${id}@example.org`)!.n);
    expect(thread.map((m) => contentHash(m.raw))).toEqual(ids.map((n) => data.columns.rawHash[n]));
    // The import read `>From quoted` as mboxrd, so the stored bytes, and the download's, say `From quoted`.
    expect(thread[2]!.raw.toString('latin1')).toContain('\nFrom the start\nFrom quoted\n');
  });

  it('sends early the downloads of the list and of threads that hold a message new to the folder, where their keys changed', async () => {
    const dir = join(work, 'early');
    const archive = makeArchive(dir);
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'a4', day: 'Wed, 05 Feb 2025 10:00:00 +0000', subject: 'Re: Release plan', from: 'eve', replyTo: 'a1' }]));
    await buildSite(options(dir, archive));
    const data = (await new Store(join(dir, 'store')).readList('dev'))!;
    const ctx = { data, origin: '/' };
    const threadFiles = ['a1', 'b1', 'c1'].flatMap((id) => [`dev/t/${id}@example.org/thread.mbox.gz`, `dev/t/${id}@example.org/atom.xml`]);
    const listFiles = ['dev/atom.xml', 'dev/threads.atom', 'dev/2025-01/2025-01.mbox.gz', 'dev/2025-02/2025-02.mbox.gz'];
    // A folder with no page: every thread holds a new message, and all their downloads are sent.
    const all = earlyDownloads(ctx, 'site', {});
    expect(all.list.map((d) => d.model.path).sort()).toEqual([...listFiles].sort());
    expect(all.threads.map((d) => d.model.path).sort()).toEqual([...threadFiles].sort());
    // A folder that has every page and download as they would be made: no thread's.
    const held: Record<string, string> = Object.fromEntries([...all.list, ...all.threads].map((d) => [d.model.path, d.key]));
    for (const m of data.index.messages) held[`dev/m/${m.slug}/`] = 'page';
    const none = earlyDownloads(ctx, 'site', held);
    expect(none.threads).toEqual([]);
    expect(none.list.filter((d) => held[d.model.path] !== d.key)).toEqual([]);
    // The reply's page is new, and its thread's mbox file was another: that file alone. The other
    // threads hold no new message, so theirs are not looked at, changed or not.
    delete held['dev/m/a4@example.org/'];
    held['dev/t/a1@example.org/thread.mbox.gz'] = 'older';
    held['dev/t/b1@example.org/thread.mbox.gz'] = 'older';
    expect(earlyDownloads(ctx, 'site', held).threads.map((d) => d.model.path)).toEqual(['dev/t/a1@example.org/thread.mbox.gz']);
  });

  it('plans last the new threads the render worker has no room for, and gives the cold build its site', async () => {
    const dir = join(work, 'no-room');
    const archive = makeArchive(dir);
    // Forty threads that each get a reply: more units than a worker holds at once (TASKS_IN_FLIGHT).
    const roots = Array.from({ length: 40 }, (_, k) => ({ id: `r${k}`, day: `Mon, 10 Mar 2025 10:${String(k).padStart(2, '0')}:00 +0000`, subject: `Topic ${k}`, from: 'rita' }));
    writeFileSync(join(archive, 'dev', '2025-03.mbox'), mbox(roots));
    const withWorker = options(dir, archive, { jobs: 1, searchAlone: false });
    await buildSite(withWorker);
    const replies = roots.map((r, k) => ({ id: `s${k}`, day: `Tue, 11 Mar 2025 10:${String(k).padStart(2, '0')}:00 +0000`, subject: `Re: ${r.subject}`, from: 'sam', replyTo: r.id }));
    appendFileSync(join(archive, 'dev', '2025-03.mbox'), mbox(replies));
    const full = vi.spyOn(RenderPool.prototype, 'full', 'get');
    try {
      const updated = await buildSite(withWorker);
      expect(updated.site.renderWorkers).toBe(1);
      // The plan found the worker without room (only it asks; `ready` does not): threads waited
      // while the others were looked up.
      expect(full.mock.results.some((r) => r.value === true)).toBe(true);
    } finally {
      full.mockRestore();
    }
    const cold = join(dir, 'cold');
    await buildSite(options(cold, archive));
    expectSameSite(join(dir, 'dist'), join(cold, 'dist'));
    // The plan kept, in thread order, is the next update's: one more reply, then nothing new.
    appendFileSync(join(archive, 'dev', '2025-03.mbox'), mbox([{ id: 's99', day: 'Wed, 12 Mar 2025 10:00:00 +0000', subject: 'Re: Topic 3', from: 'sam', replyTo: 'r3' }]));
    const next = await buildSite(withWorker);
    const again = join(dir, 'cold-again');
    await buildSite(options(again, archive));
    expectSameSite(join(dir, 'dist'), join(again, 'dist'));
    expect(next.site.written).toBeLessThan(60);
    expect((await buildSite(withWorker)).site.written).toBe(0);
  });

  it('writes feeds valid against the Atom schema, with absolute URLs under --site and dates from the mail', async () => {
    const dir = join(work, 'feeds');
    const archive = makeArchive(dir);
    await buildSite(options(dir, archive, { site: 'https://lists.example.org', base: '/archives/' }));
    for (const path of ['dev/atom.xml', 'dev/threads.atom', 'dev/t/a1@example.org/atom.xml', 'users/atom.xml']) {
      const xml = readFileSync(join(dir, 'dist', path), 'utf8');
      expect(await atomProblems(xml), path).toEqual([]);
      expect(xml).toContain('<link rel="self" type="application/atom+xml" href="https://lists.example.org/archives/');
    }
    const list = readFileSync(join(dir, 'dist', 'dev', 'atom.xml'), 'utf8');
    expect(list).toContain('<updated>2025-02-03T10:00:00Z</updated>');
    expect([...list.matchAll(/<id>(mid:[^<]*)<\/id>/g)].map((m) => m[1])).toEqual(['mid:c1@example.org', 'mid:b1@example.org', 'mid:a2@example.org', 'mid:a1@example.org']);
    expect(readFileSync(join(dir, 'dist', 'dev', 'threads.atom'), 'utf8')).toContain('href="https://lists.example.org/archives/dev/t/a1@example.org/"');
    const page = readFileSync(join(dir, 'dist', 'dev', 'index.html'), 'utf8');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Dev list: newest messages" href="/archives/dev/atom.xml">');
  });

  it("removes a message named in list.json: its page says why, its bytes, attachments, search and feed entries go, its thread stays", async () => {
    const dir = join(work, 'remove');
    const archive = makeArchive(dir);
    // A patch to remove too: its series, its page in the series list and its mbox must go with it.
    const diff = 'Add b.\n\nSigned-off-by: Ann <ann@example.org>\n---\n a.c | 1 +\n\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n int a;\n+int b;\n';
    appendFileSync(join(archive, 'dev', '2025-02.mbox'), mbox([{ id: 'p9', day: 'Tue, 04 Feb 2025 10:00:00 +0000', subject: '[PATCH] secret: add b', body: diff }]));
    await buildSite(options(dir, archive));
    expect(readFileSync(join(dir, 'dist', 'dev', 'patches', 'index.html'), 'utf8')).toContain('secret: add b');
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Dev list', remove: { '<a2@example.org>': 'privacy request', '<p9@example.org>': 'spam' } }));
    await expectSameAsCold(dir, archive);
    const dist = join(dir, 'dist', 'dev');
    for (const [path, content] of tree(dist)) expect(content, path).not.toContain('secret: add b');
    const page = readFileSync(join(dist, 'm', 'a2@example.org', 'index.html'), 'utf8');
    expect(page).toContain('This message was removed from the archive: privacy request');
    expect(page).not.toContain('Text of a2');
    expect(page).not.toContain('bob');
    expect(() => statSync(join(dist, 'm', 'a2@example.org', 'raw.txt'))).toThrow();
    // The thread keeps its shape: the root still lists the removed reply in its tree.
    expect(readFileSync(join(dist, 't', 'a1@example.org', 'index.html'), 'utf8')).toContain('href="#a2@example.org"');
    expect(readFileSync(join(dist, 'atom.xml'), 'utf8')).not.toContain('a2@example.org');
    expect(splitMbox(gunzipSync(readFileSync(join(dist, 't', 'a1@example.org', 'thread.mbox.gz')))).map((m) => m.raw.toString('latin1'))).toHaveLength(1);
    const search = tree(join(dir, 'dist', 'search'));
    expect([...search.values()].some((content) => content.includes('a2@example.org'))).toBe(false);
    expect(readFileSync(join(dist, 'authors', 'authors.json'), 'utf8')).not.toContain('bob');
    const verified = await verifySite({ store: new Store(join(dir, 'store')), outDir: join(dir, 'dist'), base: '/' });
    expect(verified.problems).toEqual([]);
  });
});
