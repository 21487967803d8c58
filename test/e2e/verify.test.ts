/**
 * Every internal link and resource of a built site resolves to a file: 0 broken links.
 * The sample site always; the blinux-list corpus too when ../shared/corpora is present.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SITES, buildWithCli } from './sites.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BLINUX = join(ROOT, '..', 'shared', 'corpora', 'blinux-list');

function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) stack.push(join(d, e.name));
      else if (e.name.endsWith('.html')) out.push(join(d, e.name));
    }
  }
  return out;
}

/** Broken internal links of a site built under `base`: [page, target] pairs. */
export function brokenLinks(out: string, base: string): [string, string][] {
  const broken: [string, string][] = [];
  const seen = new Map<string, boolean>();
  for (const file of htmlFiles(out)) {
    const html = readFileSync(file, 'utf8');
    // Attributes of real tags only: escaped mail text such as `&#x3C;a href="/x">` is not a link.
    for (const match of html.matchAll(/<[a-z][a-z0-9-]*\s[^<>]*?\b(?:href|src|action)="([^"]*)"/g)) {
      const raw = match[1]!.replace(/&#x26;|&amp;/g, '&');
      if (/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(raw)) continue; // external, or an anchor on the page
      const path = decodeURIComponent(raw.split(/[?#]/)[0]!);
      if (!path.startsWith(base)) {
        broken.push([relative(out, file), raw]);
        continue;
      }
      const target = join(out, path.slice(base.length));
      let ok = seen.get(target);
      if (ok === undefined) {
        ok = path.endsWith('/') ? existsSync(join(target, 'index.html')) : existsSync(target);
        seen.set(target, ok);
      }
      if (!ok) broken.push([relative(out, file).split(sep).join('/'), raw]);
    }
  }
  return broken;
}

describe('internal links', () => {
  it('reports a broken link, and not escaped text that looks like one', () => {
    const dir = join(ROOT, 'test-results', 'e2e', 'broken-fixture');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'a'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<a href="/a/">ok</a><a href="/missing/">no</a><p>&#x3C;a href="/text/"></p><img src="/a/x.png">');
    writeFileSync(join(dir, 'a', 'index.html'), '<a href="/">home</a>');
    expect(brokenLinks(dir, '/')).toEqual([['index.html', '/missing/'], ['index.html', '/a/x.png']]);
  });

  for (const [name, site] of Object.entries(SITES)) {
    it(`has no broken links in the sample site (${name}, base ${site.base})`, () => {
      expect(htmlFiles(site.out).length).toBeGreaterThan(40);
      expect(brokenLinks(site.out, site.base)).toEqual([]);
    });
  }

  it.skipIf(!existsSync(BLINUX))('has no broken links in the blinux-list site', () => {
    const work = join(ROOT, 'test-results', 'e2e', 'blinux');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(join(work, 'archive', 'blinux-list'), { recursive: true });
    for (const f of readdirSync(BLINUX).filter((f) => f.endsWith('.mbox'))) symlinkSync(join(BLINUX, f), join(work, 'archive', 'blinux-list', f));
    buildWithCli(['--archive', join(work, 'archive'), '--store', join(work, 'store'), '--out', join(work, 'dist')]);
    const broken = brokenLinks(join(work, 'dist'), '/');
    expect(broken.slice(0, 20)).toEqual([]);
    expect(htmlFiles(join(work, 'dist')).length).toBeGreaterThan(6000);
  }, 600_000);
});
