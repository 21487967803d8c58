import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSite } from '../src/site/compile.ts';
import type { FeedLink } from '../src/site/models.ts';
import type { Templates } from '../src/site/render.ts';

interface RenderModule {
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
    const search = await templates.page({ kind: 'search', path: 'search/', lists }, {});
    expect(search).toMatch(/<script type="module" src="\/archives\/_astro\/Search\.[A-Z0-9]+\.js"><\/script>/);
    const lookup = await templates.page({ kind: 'lookup', path: 'id/', lists }, {});
    expect(lookup).toContain('data-lists="dev"');
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
        title: 'Plan (thread) — Dev',
        listTitle: 'Dev',
        subject: 'Plan',
        count: 3,
        shown: [0, 1, 2],
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
