/**
 * Search in the browser on the sample site: all words required with a fallback to any word,
 * phrases, fields, identifiers, the filter controls, thread groups, excerpts and paging, through
 * the real page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.ts';
import { SITES } from './sites.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const site = SITES.based;
const m = (list: string, id: string) => `/archives/${list}/m/${id}/`;
// The sample's WAL series: v1 is a thread of its own, v2 and v3 (a reply to v2's cover) are one.
const WAL_V2_V3 = /\/m\/(?:wal-v2-\d|20250310083000\.9120-\d-erik)@/;

describe.skipIf(!hasBrowser)('search (sample site under /archives/)', () => {
  let browser: Browser;
  let server: StaticServer;
  let page: Page;

  beforeAll(async () => {
    server = await serveStatic(site.out, site.base);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function settled(): Promise<{ links: string[]; partial: string[]; status: string }> {
    await page.waitForFunction(() => document.querySelector('search-page')?.getAttribute('data-state') === 'done');
    const links = await page.locator('ol.results:not(.results-partial) > li > a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const partial = await page.locator('ol.results-partial > li > a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    return { links, partial, status: (await page.locator('.status').textContent()) ?? '' };
  }

  async function search(q: string, extra = ''): Promise<{ links: string[]; partial: string[]; status: string }> {
    await page.goto(`${server.origin}${site.base}search/?q=${encodeURIComponent(q)}${extra}`);
    return settled();
  }

  it('requires every word, and says so', async () => {
    const { links, status } = await search('batch fsync window');
    // Each version of the patch series is one thread: its best message stands for it.
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((l) => /wal-v2|hackathon|review|7001-\d-erik|dana-wal/.test(l))).toBe(true);
    expect(links.some((l) => l.includes('wal-v2'))).toBe(true);
    expect(status).toMatch(/have all of the words/);
  });

  it('falls back to any word when no message has them all, and says so', async () => {
    const { links, status } = await search('cadence raspberry');
    expect(status).toMatch(/No message has all of the words/);
    expect(links).toEqual(expect.arrayContaining([m('lumen-users', 'gina-pi@gina.example.org')]));
    expect(links.some((l) => l.includes('cadence') || l.includes('alice'))).toBe(true);
  });

  it('matches quoted phrases only with their words side by side', async () => {
    const { links } = await search('"batch fsync"');
    // Both versions of the series say it: the first (its patch 2) and the second (its thread).
    expect(links.some((l) => WAL_V2_V3.test(l))).toBe(true);
    expect(links.some((l) => /\/m\/(?:20250217090000\.7001-\d-erik@example\.org|dana-wal-v1@dana\.example\.org)\/$/.test(l))).toBe(true);
    const reversed = await search('"fsync batch"');
    expect(reversed.links).toEqual([]);
    expect(reversed.status).toMatch(/No message matches: check the spelling/);
    // The help opens, where a reader looks next.
    expect(await page.locator('details.help').getAttribute('open')).not.toBeNull();
  });

  it('combines fields with words as AND', async () => {
    const { links } = await search('from:gina');
    expect(links).toContain(m('lumen-users', 'gina-pi@gina.example.org'));
    const authors = await page.locator('ol.results > li > .muted').allTextContents();
    expect(authors.length).toBe(links.length);
    expect(authors.every((a) => a.startsWith('Gina Rossi'))).toBe(true);
    const both = await search('from:zoe raspberry');
    expect(both.links).toEqual([m('lumen-users', 'zoe-pi@zoe.example.org')]);
  });

  it('finds identifiers, settings and files as pasted, and by their parts', async () => {
    // Patch 1 of every version adds the function: the v1 thread and the v2/v3 thread.
    const push = (await search('wal_queue_push')).links;
    expect(push).toHaveLength(2);
    expect(push).toContain(m('lumen-devel', '20250217090000.7001-1-erik@example.org'));
    expect(push.some((l) => WAL_V2_V3.test(l))).toBe(true);
    expect((await search('wal.batch_window_ms')).links.some((l) => WAL_V2_V3.test(l))).toBe(true);
    // The cover letter's diffstat and patch 1's diff name the file: one thread.
    expect((await search('src/wal/queue.h')).links.some((l) => WAL_V2_V3.test(l))).toBe(true);
    expect((await search('batch window ms')).links.some((l) => WAL_V2_V3.test(l))).toBe(true);
  });

  it('applies the list and date filters from the controls, as from the syntax', async () => {
    const all = await search('release');
    expect(all.links).toContain(m('lumen-devel', 'cadence-2.0@alice.example.org'));
    const late = await search('release', '&after=2025-02-20');
    expect(late.links).not.toContain(m('lumen-devel', 'cadence-2.0@alice.example.org'));
    expect(late.links).toContain(m('lumen-devel', 'alice-process@alice.example.org'));
    expect(await page.locator('input[name="after"]').inputValue()).toBe('2025-02-20');
    // The list control, used as a reader would: choose, then submit the form.
    await search('mount');
    await page.locator('select[name="list"]').selectOption('lumen-users');
    await page.locator('.search-form button[type="submit"]').click();
    const users = await settled();
    expect(page.url()).toContain('list=lumen-users');
    expect(users.links.length).toBeGreaterThan(0);
    expect(users.links.every((l) => l.startsWith('/archives/lumen-users/'))).toBe(true);
    expect((await search('release list:lumen-users')).links.every((l) => l.startsWith('/archives/lumen-users/'))).toBe(true);
    // The date controls, typed in and submitted: the form takes a month.
    await search('release');
    await page.locator('input[name="after"]').fill('2025-02');
    expect(await page.locator('input[name="after"]').evaluate((input: HTMLInputElement) => input.checkValidity())).toBe(true);
    await page.locator('input[name="after"]').press('Enter');
    const since = await settled();
    expect(page.url()).toContain('after=2025-02');
    expect(since.links).not.toContain(m('lumen-devel', 'cadence-2.0@alice.example.org'));
    expect(await page.locator('input[name="before"]').evaluate((input: HTMLInputElement) => { input.value = 'soon'; return input.checkValidity(); })).toBe(false);
  });

  it('groups a thread under its best message, with the others one click away', async () => {
    const { links } = await search('cadence');
    expect(links.filter((l) => l.includes('cadence') || l.includes('alice-2') || l.includes('carol-1'))).toHaveLength(1);
    const more = page.locator('ol.results > li').first().locator('details.thread-more');
    await expect.poll(() => more.locator('summary').textContent()).toMatch(/^\d+ more messages? in this thread$/);
    await more.locator('summary').click();
    await page.waitForFunction(() => (document.querySelector('details.thread-more ul')?.childElementCount ?? 0) > 0);
    expect(await more.locator('li a').count()).toBeGreaterThan(1);
  });

  it('does not index quoted text: a reply is not found by the words it quotes', async () => {
    // "spinning" appears only in the minutes (found as the message and as its section); replies
    // quote other parts.
    const { links } = await search('spinning');
    expect(links).toEqual(['/archives/lumen-devel/m/hackathon-2025-minutes@frank.example.org/#s-write-ahead-log']);
    const group = await page.locator('ol.results > li').first().locator('details.thread-more summary').textContent();
    expect(group).toBe('1 more message in this thread');
  });

  it('finds a section of the minutes, and only minutes with is:minutes; owner: finds action items', async () => {
    const { links } = await search('release cadence is:minutes');
    expect(links[0]).toBe('/archives/lumen-devel/m/hackathon-2025-minutes@frank.example.org/#s-release-planning');
    expect(links.every((l) => l.includes('#s-'))).toBe(true);
    const owner = await search('owner:zoë');
    expect(owner.links).toEqual(['/archives/lumen-devel/m/hackathon-2025-minutes@frank.example.org/#s-checksums-at-start-up']);
  });

  it('explains bad syntax instead of failing', async () => {
    const { status } = await search('after:someday');
    expect(status).toContain('write dates as');
  });

  it('marks matched words in excerpts cut at word boundaries, and keeps the query in the URL', async () => {
    const { links } = await search('checksum');
    expect(links.length).toBeGreaterThan(0);
    const marks = await page.locator('.results mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((w) => /^checksums?$/i.test(w))).toBe(true);
    const excerpts = await page.locator('.results .excerpt').allTextContents();
    expect(excerpts.every((e) => /^(… )?\S/.test(e) && /(\S|\S …)$/.test(e))).toBe(true);
    expect(await page.locator('#q').inputValue()).toBe('checksum');
  });

  it('shows at most ten threads, and says how many messages and threads it found', async () => {
    // No message has all of these words: messages with any of them, from every thread of the sample.
    const { links, status } = await search('cadence checksum musl hackathon fsync raspberry monitoring mount osaka process documentation japanese translation');
    expect(links).toHaveLength(10);
    const threads = Number(/in (\d+) threads\.$/.exec(status)?.[1]);
    expect(status).toMatch(/^No message has all of the words, so these have some of them, most words first: \d+ messages in \d+ threads\.$/);
    // More threads than a page shows: the button offers the rest.
    expect(threads).toBeGreaterThan(10);
    expect(await page.locator('.more-results').isHidden()).toBe(false);
    const one = await search('osaka');
    expect(one.status).toBe('1 message in 1 thread found.');
  });

  it('keeps the results opened with "more results" and the query box in step on Back', async () => {
    const query = 'cadence checksum musl hackathon fsync raspberry monitoring mount osaka process documentation japanese translation';
    await search(query);
    await page.locator('.more-results button').click();
    await page.waitForFunction(() => document.querySelectorAll('ol.results > li > a').length > 10);
    const opened = await page.locator('ol.results > li > a').count();
    // The first result added has the focus, so a keyboard or screen reader goes on from there.
    expect(await page.evaluate(() => [...document.querySelectorAll('ol.results > li > a')].indexOf(document.activeElement as Element))).toBe(10);
    // Open the last result, then come back: the same results are shown.
    await page.locator('ol.results > li > a').last().click();
    await page.waitForURL(/\/m\//);
    await page.goBack();
    await settled();
    await page.waitForFunction((n) => document.querySelectorAll('ol.results > li > a').length === n, opened);
    // A new query typed over the results, searched, then Back: the box shows the query of the results.
    await page.locator('#q').fill('osaka');
    await page.locator('#q').press('Enter');
    await page.waitForURL(/q=osaka/);
    await settled();
    await page.goBack();
    await settled();
    expect(await page.locator('#q').inputValue()).toBe(query);
  });
});
