/**
 * A site built with `--relative`, opened from its folder as a USB stick's reader would
 * (`file://`, no server): the stylesheet applies, and links, the bar and forms lead to pages.
 */
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.ts';
import { RELATIVE, listIndex } from './sites.ts';

const LIST = 'lumen-devel';
const index = await listIndex(RELATIVE, LIST);

describe.skipIf(!hasBrowser)('a site with relative links, opened from its folder', () => {
  let browser: Browser;
  let page: Page;
  const file = (path: string) => pathToFileURL(`${RELATIVE.out}/${path}`).href;
  const messageId = () => page.locator('article.message').first().getAttribute('data-message-id');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads the stylesheet from the folder', async () => {
    await page.goto(file('index.html'));
    // site.css caps the body's width and draws the header's rule: neither is a browser default.
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('992px');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('header.site')!).borderBottomStyle)).toBe('solid');
  });

  it('follows links from the home page to a list, a month, a message and along the bar', async () => {
    await page.goto(file('index.html'));
    await page.getByRole('link', { name: LIST }).first().click();
    expect(page.url()).toBe(file(`${LIST}/index.html`));
    await page.locator('table.months a').first().click();
    expect(page.url()).toMatch(new RegExp(`/${LIST}/\\d{4}-\\d{2}/index\\.html$`));
    await page.locator('main ul a').first().click();
    expect(page.url()).toMatch(new RegExp(`/${LIST}/m/[^/]+/index\\.html$`));
    const slug = decodeURIComponent(/\/m\/([^/]+)\//.exec(page.url())?.[1] ?? '');
    const m = index.messages.find((x) => x.slug === slug)!;
    expect(await messageId()).toBe(m.messageId);
    await page.getByRole('navigation', { name: 'Message navigation', exact: true }).getByRole('link', { name: '[Date Next]' }).click();
    expect(await messageId()).toBe(index.messages[m.dateNext]!.messageId);
    await page.getByRole('link', { name: 'Whole thread on one page' }).click();
    expect(page.url()).toMatch(new RegExp(`/${LIST}/t/[^/]+/index\\.html$`));
    expect(await page.locator('article.message').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'All lists' }).click();
    expect(page.url()).toBe(file('index.html'));
  });

  it('sends the search form to the search page in the folder', async () => {
    await page.goto(file(`${LIST}/index.html`));
    await page.locator('#site-q').fill('checksum');
    await page.locator('header.site button[type="submit"]').click();
    expect(page.url()).toBe(`${file('search/index.html')}?q=checksum`);
  });
});
