/**
 * `threadline verify` on built sites: every message has its page and raw file, every internal
 * link and resource resolves, every index lists each message once. The sample site always; the
 * blinux-list corpus too when ../shared/corpora is present.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../../src/import/walk.ts';
import { brokenLinks, verifySite } from '../../src/site/verify.ts';
import { Store } from '../../src/store/store.ts';
import { SITES, buildWithCli } from './sites.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BLINUX = join(ROOT, '..', 'shared', 'corpora', 'blinux-list');

describe('internal links', () => {
  it('reports a broken link, and not escaped text that looks like one', async () => {
    const dir = join(ROOT, 'test-results', 'e2e', 'broken-fixture');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'a'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<a href="/a/">ok</a><a href="/missing/">no</a><p>&#x3C;a href="/text/"></p><img src="/a/x.png">');
    writeFileSync(join(dir, 'a', 'index.html'), '<a href="/">home</a>');
    expect((await brokenLinks(dir, '/')).broken).toEqual([['index.html', '/missing/'], ['index.html', '/a/x.png']]);
  });

  for (const [name, site] of Object.entries(SITES)) {
    it(`verifies the sample site (${name}, base ${site.base})`, async () => {
      const result = await verifySite({ store: new Store(site.store), outDir: site.out, base: site.base });
      expect(result.problems).toEqual([]);
      expect(result.messages).toBe(44);
      expect(result.pages).toBeGreaterThan(40);
      expect(result.links).toBeGreaterThan(500);
    });
  }

  it.skipIf(!existsSync(BLINUX))('verifies the blinux-list site', async () => {
    const work = join(ROOT, 'test-results', 'e2e', 'blinux');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(join(work, 'archive', 'blinux-list'), { recursive: true });
    for (const f of readdirSync(BLINUX).filter((f) => f.endsWith('.mbox'))) symlinkSync(join(BLINUX, f), join(work, 'archive', 'blinux-list', f));
    buildWithCli(['--archive', join(work, 'archive'), '--store', join(work, 'store'), '--out', join(work, 'dist')]);
    const result = await verifySite({ store: new Store(join(work, 'store')), outDir: join(work, 'dist'), base: '/' });
    expect(result.problems.slice(0, 20)).toEqual([]);
    expect(result.pages).toBeGreaterThan(6000);
  }, 600_000);
});

describe('threadline verify', () => {
  it('names a missing page, a short raw file, a missing index and a broken link', async () => {
    const site = SITES.root;
    const copy = join(ROOT, 'test-results', 'e2e', 'verify-damaged');
    rmSync(copy, { recursive: true, force: true });
    cpSync(site.out, copy, { recursive: true });
    rmSync(join(copy, 'lumen-devel', 'm', 'alice-2@alice.example.org'), { recursive: true });
    const raw = join(copy, 'lumen-devel', 'm', 'carol-1@carol.example.org', 'raw.txt');
    writeFileSync(raw, readFileSync(raw).subarray(0, 10));
    rmSync(join(copy, 'lumen-devel', '2025-02', 'threads'), { recursive: true });
    const result = await verifySite({ store: new Store(site.store), outDir: copy, base: site.base });
    const has = (pattern: RegExp) => expect(result.problems.some((p) => pattern.test(p)), `${pattern} in ${result.problems.join('\n')}`).toBe(true);
    has(/^lumen-devel: message <alice-2@alice\.example\.org> from lumen-devel\/2025-01\.mbox has no page/);
    has(/^lumen-devel: message <carol-1@carol\.example\.org> .*raw file has 10 bytes, the store holds \d+/);
    has(/^lumen-devel: the thread index of 2025-02 is missing/);
    has(/^lumen-devel: lumen-devel\/2025-01\.mbox has 8 messages but 7 message pages$/);
    has(/: link \/lumen-devel\/m\/alice-2@alice\.example\.org\/ leads nowhere$/);
    has(/: link \/lumen-devel\/2025-02\/threads\/ leads nowhere$/);
  });

  it('exits non-zero from the command line and prints the problems', () => {
    const copy = join(ROOT, 'test-results', 'e2e', 'verify-damaged');
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'threadline.mjs'), 'verify', copy, '--store', SITES.root.store], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/NOT verified: 44 messages from 4 files/);
    const ok = spawnSync(process.execPath, [join(ROOT, 'scripts', 'threadline.mjs'), 'verify', SITES.based.out, '--store', SITES.based.store], { encoding: 'utf8' });
    expect(ok.stdout).toMatch(/^verified: 44 messages from 4 files, \d+ pages, \d+ internal links; 0 problems$/m);
    expect(ok.status).toBe(0);
  });
});

describe('the build report', () => {
  it('counts every file of the site once, by kind, and a page for every message of every mbox file', async () => {
    const site = SITES.root;
    const report = JSON.parse(readFileSync(join(site.store, 'report.json'), 'utf8')) as {
      site: { files: Record<string, number>; written: number; unchanged: number; sources: { file: string; messages: number; pages: number }[] };
    };
    // Every file but what a walk leaves out (names starting with a dot): the site's .nojekyll.
    const files = [...(await walkFiles(site.out)).map((f) => f.slice(site.out.length + 1)), ...readdirSync(site.out).filter((name) => name === '.nojekyll')];
    const inMessageFolders = files.filter((f) => /^[^/]+\/m\/[^/]+\/[^/]+$/.test(f));
    const counts = report.site.files;
    expect(counts['message']).toBe(inMessageFolders.filter((f) => f.endsWith('/index.html')).length);
    expect(counts['raw']).toBe(inMessageFolders.filter((f) => f.endsWith('/raw.txt')).length);
    expect(counts['attachment']).toBe(inMessageFolders.length - counts['message']! - counts['raw']!);
    expect(counts['message']).toBe(44);
    expect(counts['attachment']).toBeGreaterThan(0);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(files.length);
    expect(report.site.written + report.site.unchanged).toBe(files.length);
    expect(report.site.sources.map((f) => [f.file, f.messages === f.pages])).toEqual([
      ['lumen-devel/2025-01.mbox', true],
      ['lumen-devel/2025-02.mbox', true],
      ['lumen-devel/2025-03.mbox.gz', true],
      ['lumen-users/2025.mbox', true],
    ]);
  });
});
