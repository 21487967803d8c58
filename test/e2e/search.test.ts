/**
 * Search in the browser on the sample site: known words, a from: query and a date filter land on
 * the expected messages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.ts';
import { SITES } from './sites.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const site = SITES.based;

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

  async function search(q: string): Promise<{ links: string[]; status: string }> {
    await page.goto(`${server.origin}${site.base}search/?q=${encodeURIComponent(q)}`);
    // Wait until the search has settled: a shard without hits may answer before one with them.
    await page.waitForFunction(() => document.querySelector('search-page')?.getAttribute('data-state') === 'done');
    const links = await page.locator('.results li > a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    return { links, status: (await page.locator('.status').textContent()) ?? '' };
  }

  it('finds a message by a word of its own text', async () => {
    const { links } = await search('scrub');
    expect(links).toContain('/archives/lumen-devel/m/zoe-minutes@zoe.example.org/');
  });

  it('finds messages by author with from:', async () => {
    const { links } = await search('from:gina');
    expect(links).toEqual(expect.arrayContaining(['/archives/lumen-users/m/gina-pi@gina.example.org/']));
    const authors = await page.locator('.results li > .muted').allTextContents();
    expect(authors.length).toBe(links.length);
    expect(authors.every((a) => a.startsWith('Gina Rossi'))).toBe(true);
  });

  it('applies a date filter', async () => {
    const all = await search('release');
    const late = await search('release after:2025-02-20');
    expect(all.links).toContain('/archives/lumen-devel/m/cadence-2.0@alice.example.org/');
    expect(late.links).not.toContain('/archives/lumen-devel/m/cadence-2.0@alice.example.org/');
    expect(late.links).toContain('/archives/lumen-devel/m/alice-process@alice.example.org/');
  });

  it('does not index quoted text: a reply is not found by the words it quotes', async () => {
    // "spinning" appears only in the minutes (found as the message and as its section); replies
    // quote other parts.
    const { links } = await search('spinning');
    expect(links.slice().sort()).toEqual([
      '/archives/lumen-devel/m/hackathon-2025-minutes@frank.example.org/',
      '/archives/lumen-devel/m/hackathon-2025-minutes@frank.example.org/#s-write-ahead-log',
    ]);
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

  it('marks matched words in the excerpt and keeps the query in the URL', async () => {
    const { links } = await search('checksum');
    expect(links.length).toBeGreaterThan(0);
    const marks = await page.locator('.results mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => /^checksum/i.test(m))).toBe(true);
    expect(await page.locator('#q').inputValue()).toBe('checksum');
  });

  it('shows ten results, and ten more on "More results"', async () => {
    const { links, status } = await search('s*');
    expect(links).toHaveLength(10);
    const total = Number(/^(\d+) messages found/.exec(status)?.[1]);
    expect(total).toBeGreaterThan(10);
    await page.locator('.more-results button').click();
    await page.waitForFunction(() => document.querySelectorAll('.results li').length > 10);
    expect(await page.locator('.results li').count()).toBe(Math.min(20, total));
  });
});
