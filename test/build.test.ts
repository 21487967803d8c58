import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteOptionError, buildSite, normalizeBase, type BuildOptions } from '../src/site/build.ts';
import { verifySite } from '../src/site/verify.ts';
import { Store } from '../src/store/store.ts';

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

/** Every file of a folder, by relative path, with its bytes. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) stack.push(path);
      else out.set(relative(dir, path), readFileSync(path, 'latin1'));
    }
  }
  return out;
}

function mtimes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const path of tree(dir).keys()) out.set(path, statSync(join(dir, path)).mtimeMs);
  return out;
}

function options(dir: string, archive: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { archiveDir: archive, storeDir: join(dir, 'store'), outDir: join(dir, 'dist'), base: '/', jobs: 0, ...extra };
}

/** Build the archive incrementally in `dir`, then cold in a fresh folder, and compare the two sites. */
async function expectSameAsCold(dir: string, archive: string): Promise<{ written: number; removed: number }> {
  const incremental = await buildSite(options(dir, archive));
  const cold = join(dir, `cold-${Math.random().toString(36).slice(2)}`);
  await buildSite(options(cold, archive));
  const a = tree(join(dir, 'dist'));
  const b = tree(join(cold, 'dist'));
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [path, bytes] of b) expect(a.get(path), path).toBe(bytes);
  return { written: incremental.site.written, removed: incremental.site.removed };
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

  it("gives the cold build's site after a new mbox file, and rewrites only what the new mail touches", async () => {
    const dir = join(work, 'newfile');
    const archive = makeArchive(dir);
    const first = await buildSite(options(dir, archive));
    writeFileSync(join(archive, 'dev', '2025-03.mbox'), mbox([{ id: 'd1', day: 'Mon, 03 Mar 2025 10:00:00 +0000', subject: 'Spring cleaning', from: 'dave' }]));
    const { written } = await expectSameAsCold(dir, archive);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(first.site.written / 2);
    const changes = readFileSync((await new Store(join(dir, 'store')).readReport<{ site: { writtenList: string } }>())!.site.writtenList, 'utf8');
    expect(changes).toContain('dev/m/d1@example.org/index.html');
    expect(changes).toContain('dev/m/d1@example.org/raw.txt');
    // The month before gains a "next month" link; an unrelated list's pages are untouched.
    expect(changes).toContain('dev/2025-02/index.html');
    expect(changes).not.toContain('users/m/u1@example.org/index.html');
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
    const { written } = await expectSameAsCold(dir, archive);
    expect(written).toBe(0);
    // The January thread's first message now lists the reply in its tree.
    expect(readFileSync(join(dir, 'dist', 'dev', 'm', 'a1@example.org', 'index.html'), 'utf8')).toContain('a3@example.org');
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
    const again = await buildSite(options(dir, archive));
    expect(again.site.clean).toBe(true);
    await expectSameAsCold(dir, archive);
  });

  it("gives the cold build's site when a new version of a series and its review arrive", async () => {
    const dir = join(work, 'patches');
    const archive = makeArchive(dir);
    const diff = (title: string) => `${title}.\n\nSigned-off-by: Ann <ann@example.org>\n---\n a.c | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n int a;\n+int b;\n`;
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

  it('refuses a site folder that holds the store, before deleting anything', async () => {
    const dir = join(work, 'refuse');
    const archive = makeArchive(dir);
    writeFileSync(join(dir, 'keep.txt'), 'not ours');
    const build = buildSite({ archiveDir: archive, storeDir: join(dir, 'store'), outDir: dir, base: '/', jobs: 0 });
    await expect(build).rejects.toThrow(SiteOptionError);
    await expect(build).rejects.toThrow(/holds the store .* choose a folder of its own/);
    expect(readdirSync(dir).sort()).toEqual(['archive', 'keep.txt']);
  });

  it('accepts absolute base paths only', () => {
    expect(normalizeBase('/archives')).toBe('/archives/');
    expect(() => normalizeBase('archives/')).toThrow(SiteOptionError);
    expect(() => normalizeBase('/a/../b/')).toThrow(SiteOptionError);
  });
});
