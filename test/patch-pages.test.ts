import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexArchive } from '../src/lib/archive.ts';
import { readListConfig } from '../src/lib/list-config.ts';
import { seriesBarHtml } from '../src/lib/message-html.ts';
import { UI_STRINGS } from '../src/lib/ui-strings.ts';
import { findPatchSeries } from '../src/lib/patch-series.ts';
import { analyzePatch } from '../src/lib/patches.ts';
import { pageKey, type FamilyKey } from '../src/site/build.ts';
import { compileSite } from '../src/site/compile.ts';
import { lostFeedXml, patchBar, patchFilterData, patchListPage, patchLostPage, patchMboxes, patchPages, type PatchSeriesPageModel } from '../src/site/patch-models.ts';
import type { Templates } from '../src/site/render.ts';
import type { ListData } from '../src/store/store.ts';

const DAY = 24 * 3600 * 1000;
const START = Date.UTC(2025, 2, 1, 9);

interface Mail {
  id: string;
  from: string;
  day: number;
  subject: string;
  replyTo?: string;
  text: string;
}

const diff = (title: string, file: string, extra = '') =>
  `${title}.\n\n${extra}Signed-off-by: Erik Johansson <erik@example.org>\n---\n ${file} | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1,2 +1,2 @@\n int a;\n-int b;\n+long b;\n`;

/** A small list: a series in two versions, reviews, an "applied" reply, an unanswered patch with a hostile title. */
const MAILS: Mail[] = [
  { id: 'v1a', from: 'Erik Johansson <erik@example.org>', day: 0, subject: '[PATCH 1/2] wal: queue', text: diff('wal: queue', 'wal/queue.h') },
  { id: 'v1b', from: 'Erik Johansson <erik@example.org>', day: 0.001, subject: '[PATCH 2/2] wal: batch', replyTo: 'v1a', text: diff('wal: batch', 'wal/commit.c') },
  { id: 'r1', from: 'Dana Whitfield <dana@example.org>', day: 1, subject: 'Re: [PATCH 2/2] wal: batch', replyTo: 'v1b', text: '> +long b;\n\nPlease make the window a setting and send a v2.\n' },
  { id: 'v2c', from: 'Erik Johansson <erik@example.org>', day: 5, subject: '[PATCH v2 0/3] wal: batch fsync', replyTo: 'v1a', text: 'Changes since v1: a setting.\n' },
  { id: 'v2a', from: 'Erik Johansson <erik@example.org>', day: 5, subject: '[PATCH v2 1/3] wal: queue', replyTo: 'v2c', text: diff('wal: queue', 'wal/queue.h', 'Reviewed-by: Carol Nguyen <carol@example.org>\n') },
  { id: 'v2b', from: 'Erik Johansson <erik@example.org>', day: 5, subject: '[PATCH v2 2/3] wal: batch', replyTo: 'v2c', text: diff('wal: batch', 'wal/commit.c') },
  { id: 'rb', from: 'Bob Okafor <bob@example.org>', day: 6, subject: 'Re: [PATCH v2 0/3] wal: batch fsync', replyTo: 'v2c', text: 'Reviewed-by: Bob Okafor <bob@example.org>\n' },
  { id: 'rt', from: 'Bob Okafor <bob@example.org>', day: 6.5, subject: 'Re: [PATCH v2 2/3] wal: batch', replyTo: 'v2b', text: 'Tested-by: Dana Whitfield <dana@example.org>\n' },
  { id: 'ap', from: 'Alice Lindqvist <alice@example.org>', day: 7, subject: 'Re: [PATCH v2 0/3] wal: batch fsync', replyTo: 'rb', text: 'Applied to main, thanks!\n' },
  { id: 'x', from: '"<script>alert(1)</script>" <mallory@example.org>', day: 8, subject: '[PATCH] build: <b>fix</b> & "quote" mallory@example.org', text: diff('build', 'meson.build') },
  { id: 'z', from: 'Bob Okafor <bob@example.org>', day: 30, subject: 'Release plans', text: 'Later.\n' },
];

function list(mails: Mail[] = MAILS): ListData {
  const config = readListConfig('dev', { title: 'Dev & <list>', obfuscation: 'full' }, 'test');
  const parsed = mails.map((m) => {
    const [, name, address] = /^"?(.*?)"? <(.*)>$/.exec(m.from)!;
    return { m, name: name!, address: address! };
  });
  const index = indexArchive(
    parsed.map(({ m, name, address }, k) => ({
      messageId: `${m.id}@example.org`,
      references: m.replyTo ? [`${m.replyTo}@example.org`] : [],
      inReplyTo: m.replyTo ? [`${m.replyTo}@example.org`] : [],
      subject: m.subject,
      from: { name, address },
      dateMs: START + m.day * DAY,
      offsetMinutes: 60,
      stableKey: String(k).padStart(4, '0'),
    })),
  );
  const byId = new Map(mails.map((m) => [`${m.id}@example.org`, m]));
  const analysis = index.messages.map((im) => {
    const m = byId.get(im.messageId)!;
    const patch = analyzePatch(m.subject, m.text);
    return patch ? { patch } : undefined;
  });
  const n = index.messages.length;
  return {
    config,
    inputsKey: 'test',
    entries: ['sources/dev/a'],
    sources: ['dev/a.mbox'],
    index,
    columns: {
      body: index.messages.map((_, k) => ({ source: 0, chunk: 0, slot: k })),
      rawSpan: index.messages.map((_, k) => [k * 100, 100] as [number, number]),
      attachments: Array.from({ length: n }, () => []),
      bodyHash: index.messages.map((_, k) => `body${k}`),
      rawHash: index.messages.map((_, k) => `raw${k}`),
      mentions: Array.from({ length: n }, () => []),
      analysis,
      sourceIndex: index.messages.map((_, k) => k),
    },
    report: { fileReports: [], bytes: 0, messages: n, duplicates: 0, ghosts: 0, threads: 0, inferredLinks: 0, warnings: {}, warningsKept: [] },
  };
}

const seriesOf = (d: ListData) => findPatchSeries({ index: d.index, analysis: d.columns.analysis.map((a) => a?.['patch'] as never), settings: d.config.patches });
const data = list();
const patches = seriesOf(data);
// The page's main part, with bundled scripts' content hashes left out (they change with the scripts, not the page).
const main = (page: string) => page.slice(page.indexOf('<main'), page.indexOf('</main>') + '</main>'.length).replace(/(_astro\/\w+)\.[A-Z0-9]+\.js/g, '$1.HASH.js');

let templates: Templates;
beforeAll(async () => {
  const compiled = await compileSite({ base: '/archives/', site: undefined });
  templates = await ((await import(pathToFileURL(compiled.renderModule).href)) as { createTemplates(): Promise<Templates> }).createTemplates();
}, 120_000);

describe('patch pages', () => {
  it('list every series newest first: version, author, patches, replies, tags, state and evidence', async () => {
    const page = patchListPage(data, patches);
    expect(page.rows.map((r) => [r.title, r.version, r.state, r.lost])).toEqual([
      ['build: <b>fix</b> & "quote" mallory@example.org', 1, 'new', 'unanswered'],
      ['wal: batch fsync', 2, 'applied', undefined],
      ['wal: queue', 1, 'superseded', undefined],
    ]);
    await expect(`${main(await templates.page(page, {}))}\n`).toMatchFileSnapshot('./__snapshots__/patches/list.html');
  });


  it('name the versions of a family in the archive: "v9 of v7, v9–v10", not "v9 of 3" when earlier versions are missing', async () => {
    const erik = 'Erik Johansson <erik@example.org>';
    const family = list([
      { id: 'd7', from: erik, day: 0, subject: '[PATCH v7] btrfs: direct I/O through iomap', text: diff('btrfs: direct I/O through iomap', 'fs/btrfs/inode.c') },
      { id: 'd9', from: erik, day: 9, subject: '[PATCH v9] btrfs: direct I/O through iomap', text: diff('btrfs: direct I/O through iomap', 'fs/btrfs/inode.c') },
      { id: 'd10', from: erik, day: 12, subject: '[PATCH v10] btrfs: direct I/O through iomap', text: diff('btrfs: direct I/O through iomap', 'fs/btrfs/inode.c') },
      { id: 'one', from: erik, day: 13, subject: '[PATCH v3] btrfs: a lone third version', text: diff('btrfs: a lone third version', 'fs/btrfs/ctree.c') },
    ]);
    const page = patchListPage(family, seriesOf(family));
    expect(page.rows.map((r) => [r.version, r.familyVersions])).toEqual([
      [3, ''],
      [10, 'v7, v9–v10'],
      [9, 'v7, v9–v10'],
      [7, 'v7, v9–v10'],
    ]);
    const html = main(await templates.page(page, {}));
    expect(html).toContain('<td class="num">v9<span class="muted" title="the versions of this series in the archive"> of v7, v9–v10</span></td>');
    expect(html).toContain('<td class="num">v3</td>');
  });
  it('show a series with its versions side by side, tags with who and when, replies and diffstat', async () => {
    const pages = patchPages(data, patches).filter((p): p is PatchSeriesPageModel => p.kind === 'patchSeries');
    expect(pages.map((p) => [p.path, p.current])).toEqual([
      ['dev/patches/v1a@example.org/', 0],
      ['dev/patches/v2c@example.org/', 1],
      ['dev/patches/x@example.org/', 0],
    ]);
    const v2 = pages[1]!;
    expect(v2.grid.map((r) => [r.title, r.cells.map((c) => c.index)])).toEqual([
      ['wal: queue', [1, 1]],
      ['wal: batch', [2, 2]],
    ]);
    expect(v2.versions[1]!.missing).toBe('3');
    await expect(`${main(await templates.page(v2, {}))}\n`).toMatchFileSnapshot('./__snapshots__/patches/series.html');
  });

  it('key each series page by all it shows, hashing its family once', () => {
    const pages = patchPages(data, patches).filter((p): p is PatchSeriesPageModel => p.kind === 'patchSeries');
    const families = new Map<unknown, FamilyKey>();
    const keys = pages.map((p) => pageKey('site', p, families).key);
    expect(new Set(keys).size).toBe(3);
    expect(families.size).toBe(2);
    expect(pages.map((p) => pageKey('site', p, new Map()).key)).toEqual(keys);
    // A change in one version changes the pages of its family, and only theirs.
    const versions = structuredClone(pages[0]!.versions);
    versions[0]!.title += '!';
    const edited = pages.map((p) => (p.versions === pages[0]!.versions ? { ...p, versions } : p));
    expect(edited.map((p) => pageKey('site', p, new Map()).key).map((k, i) => k === keys[i])).toEqual([false, false, true]);
    // So does a change of the grid, of the page's own fields and of the site.
    const grid = structuredClone(pages[1]!.grid);
    grid[0]!.cells[0]!.tags++;
    expect(pageKey('site', { ...pages[1]!, grid }, families).key).not.toBe(keys[1]);
    expect(pageKey('site', { ...pages[1]!, title: 'other' }, new Map()).key).not.toBe(keys[1]);
    expect(pageKey('other', pages[1]!, new Map()).key).not.toBe(keys[1]);
  });

  it('say since when a lost series waits, so that its pages stay the same as newer mail arrives', async () => {
    const lostPage = (d: ListData) => patchPages(d, seriesOf(d)).find((p): p is PatchSeriesPageModel => p.path === 'dev/patches/x@example.org/')!;
    const page = lostPage(data);
    expect(page.lost).toEqual({ kind: 'unanswered', sinceMs: START + 8 * DAY });
    expect(main(await templates.page(page, {}))).toContain('lost: no answer since 2025-03-09');
    // A month later the series has waited longer, and its lost page says so; its own page does not change.
    const later = list([...MAILS, { id: 'late', from: 'Bob Okafor <bob@example.org>', day: 60, subject: 'Release done', text: 'Done.\n' }]);
    expect(patchLostPage(later, seriesOf(later)).unanswered[0]!.days).toBe(52);
    expect(JSON.stringify(lostPage(later))).toBe(JSON.stringify(page));
  });

  it('write only the lost version\'s page again when a version of a family gets lost', async () => {
    const family: Mail[] = [
      { id: 'f1', from: 'Erik Johansson <erik@example.org>', day: 0, subject: '[PATCH] log: rotate', text: diff('log: rotate', 'log/rotate.c') },
      { id: 'f1r', from: 'Dana Whitfield <dana@example.org>', day: 1, subject: 'Re: [PATCH] log: rotate', replyTo: 'f1', text: 'Please send a v2 with a limit.\n' },
      { id: 'f2', from: 'Erik Johansson <erik@example.org>', day: 5, subject: '[PATCH v2] log: rotate', text: diff('log: rotate', 'log/rotate.c', 'Changes since v1: a limit.\n') },
      { id: 'hi', from: 'Bob Okafor <bob@example.org>', day: 6, subject: 'Hello', text: 'Hello.\n' },
    ];
    const pagesOf = (mails: Mail[]) => {
      const d = list(mails);
      return patchPages(d, seriesOf(d)).filter((p): p is PatchSeriesPageModel => p.kind === 'patchSeries');
    };
    const before = pagesOf(family);
    const after = pagesOf([...family, { id: 'late', from: 'Bob Okafor <bob@example.org>', day: 60, subject: 'Release done', text: 'Done.\n' }]);
    expect(before.map((p) => [p.path, p.lost?.kind])).toEqual([
      ['dev/patches/f1@example.org/', undefined],
      ['dev/patches/f2@example.org/', undefined],
    ]);
    expect(after.map((p) => [p.path, p.lost?.kind])).toEqual([
      ['dev/patches/f1@example.org/', undefined],
      ['dev/patches/f2@example.org/', 'unanswered'],
    ]);
    // v1's page shows nothing of v2 being lost: its key, family and all, stays as it was.
    const key = (p: PatchSeriesPageModel) => pageKey('site', p, new Map()).key;
    expect(key(after[0]!)).toBe(key(before[0]!));
    expect(key(after[1]!)).not.toBe(key(before[1]!));
    expect(main(await templates.page(after[1]!, {}))).toContain('lost: no answer since 2025-03-06');
    expect(main(await templates.page(after[0]!, {}))).toBe(main(await templates.page(before[0]!, {})));
  });

  it('list the lost series with how long they waited, and give them as an Atom feed dated by the archive', async () => {
    const page = patchLostPage(data, patches);
    expect(page.unanswered.map((r) => [r.title, r.days])).toEqual([['build: <b>fix</b> & "quote" mallory@example.org', 22]]);
    await expect(`${main(await templates.page(page, {}))}\n`).toMatchFileSnapshot('./__snapshots__/patches/lost.html');
    const feed = lostFeedXml(page, (p) => `https://lists.example.org/archives/${p}`);
    expect(feed).not.toMatch(/<b>|<script>/);
    expect(feed).toContain('<updated>2025-03-23T09:00:00Z</updated>');
    // Ids are permanent IRIs (RFC 4287), the same whatever the site's origin.
    expect([...feed.matchAll(/<id>([^<]*)<\/id>/g)].map((m) => m[1]!).every((id) => /^urn:uuid:[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect(lostFeedXml(page, (p) => `/${p}`).match(/<id>[^<]*<\/id>/g)).toEqual(feed.match(/<id>[^<]*<\/id>/g));
    await expect(feed).toMatchFileSnapshot('./__snapshots__/patches/lost.atom.xml');
  });

  it('give the filters one small row per series, authors named once', () => {
    const json = patchFilterData(patchListPage(data, patches));
    expect(json.authors).toEqual(['<script>alert(1)</script>', 'Erik Johansson']);
    expect(json.series).toEqual([
      [2, 0, 0, 22, 1],
      [1, 3, 1, 25, 0],
      [0, 4, 1, 29, 0],
    ]);
  });

  it("put the series bar on a patch's page: position, neighbours, versions and its tags", async () => {
    const n = data.index.messages.findIndex((m) => m.messageId === 'v2b@example.org');
    const bar = patchBar(data, patches, n)!;
    expect(bar.tags.map((t) => `${t.kind} ${t.who}${t.bySender ? '' : ' (relayed)'}`)).toEqual(['Reviewed-by Bob Okafor', 'Tested-by Dana Whitfield (relayed)']);
    expect(patchBar(data, patches, data.index.messages.findIndex((m) => m.messageId === 'r1@example.org'))).toBeUndefined();
    const html = seriesBarHtml({
      seriesHref: `/archives/${bar.seriesPath}`,
      title: bar.title,
      version: bar.version,
      index: bar.index,
      total: bar.total,
      state: bar.state,
      stateClass: `s-${bar.state}`,
      cover: bar.cover && `/archives/${bar.cover}`,
      previous: bar.previous && { ...bar.previous, href: `/archives/${bar.previous.path}` },
      next: bar.next && { ...bar.next, href: `/archives/${bar.next.path}` },
      versions: bar.versions.map((v) => ({ ...v, href: `/archives/${v.path}` })),
      mboxHref: bar.mboxPath && `/archives/${bar.mboxPath}`,
      tags: bar.tags.map((t) => ({ kind: t.kind, who: t.who, href: `/archives/${t.path}`, date: '2025-03-07', note: t.onCover ? ' (on the cover letter)' : '' })),
    }, UI_STRINGS.en);
    await expect(`${html}\n`).toMatchFileSnapshot('./__snapshots__/patches/series-bar.html');
  });

  it('add to each patch of an mbox only the trailers their own senders gave, not ones carried or relayed', () => {
    const mboxes = patchMboxes(data, patches);
    expect(mboxes.map((m) => [m.path, m.patches.map((p) => p.trailers)])).toEqual([
      ['dev/patches/v1a@example.org/v1.mbox', [[], []]],
      ['dev/patches/v2c@example.org/v2.mbox', [['Reviewed-by: Bob Okafor <bob@example.org>'], ['Reviewed-by: Bob Okafor <bob@example.org>']]],
      ['dev/patches/x@example.org/v1.mbox', [[]]],
    ]);
  });
});
