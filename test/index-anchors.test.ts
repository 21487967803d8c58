import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { indexEntryId, messageBar } from '../src/lib/navigation.ts';
import { treeItemsHtml } from '../src/lib/tree-html.ts';
import { duplicateSlug, slugForMessageId } from '../src/lib/urls.ts';
import { threadRows } from '../src/lib/views.ts';
import { buildSite } from '../src/site/build.ts';
import { verifySite } from '../src/site/verify.ts';
import { Store } from '../src/store/store.ts';
import { fixtureMbox } from './mbox-fixture.ts';
import { tree } from './site-files.ts';

// What an id must be to be both an HTML id and a URL fragment written as it is: no space, quote,
// `#`, `<`, `&` or `%`.
const SAFE_ID = /^[a-z0-9][a-z0-9._+=@_-]*$/;

const input = (id: string, hour: number, opts: Partial<ArchiveInput> = {}): ArchiveInput => ({
  subject: id, from: { name: '', address: 'ann@example.org' }, dateMs: Date.UTC(2021, 6, 1, hour), offsetMinutes: 0, stableKey: `${id}-${hour}`, inReplyTo: [], references: [], ...opts,
  messageId: id,
});

describe('the id of a message on its month indexes', () => {
  it('is a safe id, different for every message, for plain, hashed and reused Message-IDs', () => {
    const ids = ['a@x', 'A Long <Weird> "id" with spaces & #hash@Example.ORG', `${'x'.repeat(90)}@x`, '@', '']
      .map(slugForMessageId)
      .flatMap((slug) => [slug, duplicateSlug(slug, 2)])
      .map(indexEntryId);
    for (const id of ids) expect(id).toMatch(SAFE_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is where [Date Index] and [Thread Index] of the message lead', () => {
    const index = indexArchive([input('a@x', 1), input('b@x', 2, { references: ['a@x'] }), input('a@x', 3)]);
    index.messages.forEach((m, n) => {
      const bar = messageBar('dev', index, n);
      expect(bar.find((l) => l.kind === 'dateIndex')!.path).toBe(`dev/2021-07/#${indexEntryId(m.slug)}`);
      expect(bar.find((l) => l.kind === 'threadIndex')!.path).toBe(`dev/2021-07/threads/#${indexEntryId(m.slug)}`);
    });
    // A reused Message-ID keeps an entry, and an id, of its own.
    expect(new Set(index.messages.map((m) => indexEntryId(m.slug))).size).toBe(3);
  });

  it('is written on a thread index item, escaped, beside the mark of the current row', () => {
    const index = indexArchive([input('a@x', 1), input('b@x', 2, { references: ['a@x'] })]);
    const rows = threadRows(index, 0);
    expect(treeItemsHtml(rows, ['A', 'B'], 1, ['a@x', 'b@x'])).toBe('<li id="a@x">A<ul><li id="b@x" class="here">B</li></ul></li>');
    expect(treeItemsHtml(rows, ['A', 'B'], -1, ['x"><script>', undefined])).toBe('<li id="x&#x22;><script>">A<ul><li>B</li></ul></li>');
    expect(treeItemsHtml(rows, ['A', 'B'])).toBe('<li>A<ul><li>B</li></ul></li>');
  });
});

// A built site: July 2021 with a thread, a reused Message-ID, a long one (hashed slug), a ghost
// parent, and senders in zones on either side of UTC; June for a month to come back from.
const MAILS = [
  { id: 'june@example.org', date: 'Wed, 30 Jun 2021 23:10:00 +0000', subject: 'June' },
  { id: 'root@example.org', date: 'Thu, 01 Jul 2021 02:19:00 +0900', subject: 'Plan' },
  { id: 'reply@example.org', date: 'Wed, 30 Jun 2021 21:30:00 -0700', subject: 'Re: Plan', refs: 'root@example.org' },
  { id: 'reply@example.org', date: 'Thu, 01 Jul 2021 06:00:00 +0200', subject: 'Re: Plan (again)', refs: 'root@example.org' },
  { id: `Long.ID.${'X'.repeat(80)}@Example.org`, date: 'Fri, 02 Jul 2021 10:00:00 +0000', subject: 'Long id' },
  { id: 'orphan@example.org', date: 'Sat, 03 Jul 2021 10:00:00 -0300', subject: 'Re: Lost', refs: 'lost@example.org' },
];


let work: string;
let site: Map<string, string>;
let store: Store;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'threadline-anchors-'));
  mkdirSync(join(work, 'archive', 'dev'), { recursive: true });
  writeFileSync(join(work, 'archive', 'dev', 'all.mbox'), fixtureMbox(MAILS, 'ann@example.org Thu Jul  1 10:00:00 2021'));
  store = new Store(join(work, 'store'));
  await buildSite({ archiveDir: join(work, 'archive'), storeDir: join(work, 'store'), outDir: join(work, 'dist'), base: '/', jobs: 0 });
  site = tree(join(work, 'dist'));
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The values of an attribute on a page, entities decoded as far as this site writes them. */
const values = (html: string, attribute: string): string[] => [...html.matchAll(new RegExp(`\\s${attribute}="([^"]*)"`, 'g'))].map((m) => m[1]!.replaceAll('&#x26;', '&').replaceAll('&amp;', '&'));

describe('a built site', () => {
  it("leads a message's [Date Index] and [Thread Index] to its own entry, once on each page", () => {
    const pages = [...site.keys()].filter((p) => /^dev\/m\/[^/]+\/index\.html$/.test(p));
    expect(pages).toHaveLength(MAILS.length);
    for (const page of pages) {
      const slug = page.split('/')[2]!;
      const html = site.get(page)!;
      for (const label of ['Date Index', 'Thread Index']) {
        const links = [...html.matchAll(new RegExp(`<a href="([^"]*)"[^>]*>\\[${label}\\]</a>`, 'g'))].map((m) => m[1]!);
        // The bar is at the top and at the bottom of the page.
        expect(links, `${page} ${label}`).toHaveLength(2);
        const [path, fragment] = links[0]!.split('#');
        expect(fragment, `${page} ${label}`).toBe(indexEntryId(slug));
        expect(path).toMatch(label === 'Date Index' ? /^\/dev\/2021-0[67]\/$/ : /^\/dev\/2021-0[67]\/threads\/$/);
        const target = site.get(`${path!.slice(1)}index.html`)!;
        expect(values(target, 'id').filter((id) => id === fragment), `${links[0]} on its page`).toHaveLength(1);
        // The entry with that id is the message's own: its link follows the id in the same item.
        const at = target.indexOf(`id="${fragment}"`);
        expect(target.slice(at, target.indexOf('</a>', at))).toContain(`href="/dev/m/${slug}/"`);
      }
    }
  });

  it('gives every entry of a month index an id no other element of the page has', () => {
    for (const [path, html] of site) {
      if (!/^dev\/2021-0[67]\/(?:threads\/)?index\.html$/.test(path)) continue;
      const ids = values(html, 'id');
      expect(new Set(ids).size, path).toBe(ids.length);
      const entries = (html.match(/<li id="/g) ?? []).length;
      // June holds the June mail and the root (17:19 UTC on the 30th); July the other four.
      expect(entries, path).toBe(path.startsWith('dev/2021-06') ? 2 : 4);
    }
  });

  it('passes verify', async () => {
    const verified = await verifySite({ store, outDir: join(work, 'dist'), base: '/' });
    expect(verified.problems).toEqual([]);
  });
});
