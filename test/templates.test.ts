import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSiteSettings } from '../src/lib/site-settings.ts';
import { compileSite, siteKey } from '../src/site/compile.ts';
import type { FeedLink } from '../src/site/models.ts';
import type { Templates } from '../src/site/render.ts';

interface RenderModule {
  CONTAINER_RENDERS: number;
  createTemplates(): Promise<Templates>;
  renderMessagePageDirectly(title: string, main: string, feeds: readonly [FeedLink, FeedLink]): Promise<string>;
}

let render: RenderModule;
let templates: Templates;

beforeAll(async () => {
  const compiled = await compileSite({ base: '/archives/', site: undefined });
  render = (await import(pathToFileURL(compiled.renderModule).href)) as RenderModule;
  templates = await render.createTemplates();
}, 120_000);

describe('compiled templates', () => {
  it('fill the message page shell exactly as Astro renders the page, for any title and feeds', async () => {
    // Feed titles are never empty (they name the list or thread), which Astro would write as a bare attribute.
    const feed = fc.record({ title: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), path: fc.string({ unit: 'binary', maxLength: 30 }) });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('<p>body</p>', '', '<article id="x">&amp;</article>'), feed, feed, async (title, main, f0, f1) => {
        expect(templates.messageShell(title, main, [f0, f1])).toBe(await render.renderMessagePageDirectly(title, main, [f0, f1]));
      }),
      { numRuns: 200 },
    );
  });

  it('announce the feeds of a message page in its head, under the base path', () => {
    const page = templates.messageShell('t', '', [
      { title: 'dev: newest messages', path: 'dev/atom.xml' },
      { title: 'Thread: "a" & b', path: 'dev/t/a@x/atom.xml' },
    ]);
    const head = page.slice(0, page.indexOf('</head>'));
    expect(head).toContain('<link rel="alternate" type="application/atom+xml" title="dev: newest messages" href="/archives/dev/atom.xml">');
    expect(head).toContain('<link rel="alternate" type="application/atom+xml" title="Thread: &#34;a&#34; &#38; b" href="/archives/dev/t/a@x/atom.xml">');
  });

  it('escape what a title holds, link the stylesheet and the key script under the base path', () => {
    const page = templates.messageShell('<script>alert(1)</script> & "q"', '<main-part></main-part>', [
      { title: 'a', path: 'a.xml' },
      { title: 'b', path: 'b.xml' },
    ]);
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</title>');
    expect(page).toMatch(/<link rel="stylesheet" href="\/archives\/_astro\/site\.[A-Z0-9]+\.css">/);
    expect(page).toMatch(/<script type="module" src="\/archives\/_astro\/KeyNav\.[A-Z0-9]+\.js"><\/script>/);
    expect(page).toContain('<main-part></main-part>');
  });

  it('render a page of every kind from its model', async () => {
    const lists = [{ name: 'dev', title: 'Dev <list>', description: 'A & B', messages: 2, threads: 1, firstMs: 0, lastMs: 86_400_000 }];
    const home = await templates.page({ kind: 'home', path: '', lists }, {});
    expect(home).toContain('<a href="/archives/dev/"><strong>Dev &lt;list&gt;</strong></a>');
    expect(home).toContain('<td>1970-01-01</td> <td>1970-01-02</td>');
    // A list whose only file holds no message yet has no dates to show.
    const empty = await templates.page({ kind: 'home', path: '', lists: [{ ...lists[0]!, messages: 0, threads: 0, lastMs: 0 }] }, {});
    expect(empty).not.toContain('1970');
    expect(empty).toContain('<td>—</td> <td>—</td>');
    const search = await templates.page({ kind: 'search', path: 'search/', lists }, {});
    expect(search).toMatch(/<script type="module" src="\/archives\/_astro\/Search\.[A-Z0-9]+\.js"><\/script>/);
    const lookup = await templates.page({ kind: 'lookup', path: 'id/', lists }, {});
    expect(lookup).toContain('data-lists="dev"');
  });

  it('render the same bytes before and after a renewal of the Astro container', async () => {
    const fresh = await render.createTemplates();
    const lists = [{ name: 'dev', title: 'Dev', description: '', messages: 1, threads: 1, firstMs: 0, lastMs: 0 }];
    const search = { kind: 'search', path: 'search/', lists } as const;
    const first = await fresh.page(search, {});
    expect(first).toMatch(/<script type="module" src="\/archives\/_astro\/Search\.[A-Z0-9]+\.js"><\/script>/);
    for (let i = 0; i < render.CONTAINER_RENDERS; i++) await fresh.page({ kind: 'notFound', path: '404.html', lists: [{ name: 'dev', title: 'Dev' }] }, {});
    expect(await fresh.page(search, {})).toBe(first);
  });

  it('render the authors, author and thread pages with participants and downloads (file snapshots)', async () => {
    const feeds = [{ title: 'dev: newest messages', path: 'dev/atom.xml' }];
    const authors = await templates.page(
      {
        kind: 'authors',
        path: 'dev/authors/',
        list: 'dev',
        listTitle: 'Dev <list>',
        data: 'dev/authors/authors.json',
        authors: [
          { slug: 'ann-0123456789ab', path: 'dev/authors/ann-0123456789ab/', name: 'Ann <b>', messages: 3, firstMs: 0, lastMs: 86_400_000, threadsStarted: 1, search: 'search/?q=%2Bfrom%3Aann' },
          { slug: 'bob-0123456789ab', path: 'dev/authors/bob-0123456789ab/', name: 'Bob', messages: 1, firstMs: 0, lastMs: 0, threadsStarted: 0, search: 'search/?q=%2Bfrom%3Abob' },
        ],
        feeds,
      },
      {},
    );
    await expect(authors.replace(/_astro\/[^"]+/g, '_astro/…')).toMatchFileSnapshot('./__snapshots__/pages/authors.html');
    const author = await templates.page(
      { kind: 'author', path: 'dev/authors/ann-0123456789ab/', list: 'dev', listTitle: 'Dev', name: 'Ann', messages: 1, threadsStarted: 1, firstMs: 0, lastMs: 0, search: 'search/?q=%2Bfrom%3Aann', months: [{ month: '1970-01', messages: [{ path: 'dev/m/a@x/', subject: 'Hello <there>', dateMs: 0, offsetMinutes: 60 }] }], feeds },
      {},
    );
    await expect(author.replace(/_astro\/[^"]+/g, '_astro/…')).toMatchFileSnapshot('./__snapshots__/pages/author.html');
    const thread = await templates.page(
      {
        kind: 'thread',
        path: 'dev/t/a@x/',
        list: 'dev',
        listTitle: 'Dev',
        subject: 'Plan',
        count: 3,
        firstMs: 0,
        lastMs: 86_400_000,
        latest: { slug: 'c@x', onPage: true },
        shown: [0, 1, 2],
        open: 3,
        participants: [
          { name: 'Ann', path: 'dev/authors/ann-0123456789ab/', count: 2 },
          { name: 'Bob & co', path: 'dev/authors/bob-0123456789ab/', count: 1 },
        ],
        downloads: { mbox: 'dev/t/a@x/thread.mbox.gz', feed: 'dev/t/a@x/atom.xml' },
        feeds: [{ title: 'Thread: Plan', path: 'dev/t/a@x/atom.xml' }, ...feeds],
      },
      { tree: '<ul class="tree"></ul>', messages: '' },
    );
    await expect(thread.replace(/_astro\/[^"]+/g, '_astro/…')).toMatchFileSnapshot('./__snapshots__/pages/thread-participants.html');
    expect(thread).toContain('<a href="/archives/dev/authors/bob-0123456789ab/">Bob &amp; co</a> (1)');
  });
});

describe('site settings in the compiled templates', () => {
  it('brand every page: title, logo, home link, footer, language and accent colour', async () => {
    const work = mkdtempSync(join(tmpdir(), 'threadline-brand-'));
    try {
      const logoFile = join(work, 'logo.svg');
      writeFileSync(logoFile, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
      const settings = readSiteSettings(
        { title: 'Example <lists>', description: 'Our lists.', logo: 'logo.svg', home: { url: 'https://example.org/', label: 'Example.org' }, footer: 'Hosted by Example.org.', accent: '#8a1538', language: 'de' },
        join(work, 'threadline.config.json'),
      );
      const options = { base: '/', site: undefined, settings, logoFile };
      // Settings are part of the compiled site's key, as the base is: a change re-renders every page.
      expect(siteKey(options)).not.toBe(siteKey({ base: '/', site: undefined }));
      writeFileSync(logoFile, '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12"/>');
      expect(siteKey(options)).not.toBe(siteKey({ ...options, logoFile: undefined }));
      const compiled = await compileSite(options);
      const branded = (await import(pathToFileURL(compiled.renderModule).href)) as RenderModule;
      const pages = await branded.createTemplates();
      const lists = [{ name: 'dev', title: 'Dev', description: '', messages: 1, threads: 1, firstMs: 0, lastMs: 0 }];
      const home = await pages.page({ kind: 'home', path: '', lists }, {});
      expect(home).toContain('<html lang="de">');
      expect(home).toContain('<title>Example &lt;lists&gt;</title>');
      expect(home).toContain('<h1>Example &lt;lists&gt;</h1>');
      expect(home).toContain('<meta name="description" content="Our lists.">');
      expect(home).toMatch(/<a class="home-link" href="https:\/\/example.org\/">Example.org<\/a> <a class="brand" href="\/"><img class="logo" src="\/_astro\/logo\.[0-9a-f]{8}\.svg" alt="">Example &lt;lists&gt;<\/a>/);
      expect(home).toContain('<footer class="site">Hosted by Example.org.</footer>');
      expect(home).toContain('<th>Liste</th>');
      expect(pages.strings.allLists).toBe('Alle Listen');
      const logo = compiled.assets.find((a) => /^_astro\/logo\.[0-9a-f]{8}\.svg$/.test(a.path))!;
      expect(readFileSync(logo.file, 'utf8')).toContain('width="12"');
      const css = compiled.assets.find((a) => /^_astro\/site\.[A-Z0-9]+\.css$/.test(a.path))!;
      expect(readFileSync(css.file, 'utf8')).toMatch(/@media ?\(prefers-color-scheme: ?light\) ?\{:root ?\{--link: ?#8a1538;--brand: ?#8a1538\}\}/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
