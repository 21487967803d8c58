/**
 * The sample site in headless Chromium: the bar leads to the right messages, indexes show trees,
 * the lookup by Message-ID works, pages log no errors, and all of it under a base path too.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.ts';
import { SITES, listIndex, type TestSite } from './sites.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const LIST = 'lumen-devel';

const indexes = new Map<TestSite, Awaited<ReturnType<typeof listIndex>>>();
for (const site of Object.values(SITES)) indexes.set(site, await listIndex(site, LIST));
function readIndex(site: TestSite) {
  return indexes.get(site)!;
}

for (const [name, site] of Object.entries(SITES)) {
  describe.skipIf(!hasBrowser)(`sample site served at ${site.base} (${name})`, () => {
    let browser: Browser;
    let server: StaticServer;
    let page: Page;
    const errors: string[] = [];
    const index = readIndex(site);
    const url = (path: string) => `${server.origin}${site.base}${path}`;
    const messageIdOnPage = () => page.locator('article.message').first().getAttribute('data-message-id');

    beforeAll(async () => {
      server = await serveStatic(site.out, site.base);
      browser = await launchBrowser();
      page = await browser.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('follows each link of the bar to the right message', async () => {
      // A message in the middle of the archive, so every link of the bar is live.
      const m = index.messages.find((x) => x.datePrev >= 0 && x.dateNext >= 0 && x.threadPrev >= 0 && x.threadNext >= 0)!;
      const expected: [string, number][] = [
        ['[Date Prev]', m.datePrev],
        ['[Date Next]', m.dateNext],
        ['[Thread Prev]', m.threadPrev],
        ['[Thread Next]', m.threadNext],
      ];
      for (const [label, target] of expected) {
        await page.goto(url(`${LIST}/m/${m.slug}/`));
        expect(await messageIdOnPage()).toBe(m.messageId);
        await page.getByRole('navigation', { name: 'Message navigation', exact: true }).getByRole('link', { name: label, exact: true }).click();
        await page.waitForLoadState();
        expect(await messageIdOnPage(), label).toBe(index.messages[target]!.messageId);
      }
      await page.goto(url(`${LIST}/m/${m.slug}/`));
      await page.getByRole('navigation', { name: 'Message navigation', exact: true }).getByRole('link', { name: '[Thread Index]' }).click();
      expect(page.url()).toBe(url(`${LIST}/${m.month}/threads/#${m.slug}`));
    });

    it('follows the bar with the keyboard: j/k by date, n/p by thread', async () => {
      const m = index.messages.find((x) => x.dateNext >= 0 && x.threadNext >= 0)!;
      await page.goto(url(`${LIST}/m/${m.slug}/`));
      await page.keyboard.press('n');
      await page.waitForURL((u) => !u.pathname.endsWith(`/${m.slug}/`));
      expect(await messageIdOnPage()).toBe(index.messages[m.threadNext]!.messageId);
      await page.goto(url(`${LIST}/m/${m.slug}/`));
      await page.keyboard.press('j');
      await page.waitForURL((u) => !u.pathname.endsWith(`/${m.slug}/`));
      expect(await messageIdOnPage()).toBe(index.messages[m.dateNext]!.messageId);
    });

    it('shows the ends of the archive as disabled, not missing', async () => {
      const first = index.messages[0]!;
      await page.goto(url(`${LIST}/m/${first.slug}/`));
      const bar = page.getByRole('navigation', { name: 'Message navigation', exact: true });
      await expect(bar.locator('.off[aria-disabled="true"]', { hasText: '[Date Prev]' }).count()).resolves.toBe(1);
      await expect(bar.getByRole('link', { name: '[Date Prev]' }).count()).resolves.toBe(0);
    });

    it('shows the month thread index as a tree, with replies nested under their parents', async () => {
      await page.goto(url(`${LIST}/2025-02/threads/`));
      const minutes = index.messages.find((x) => x.messageId === 'hackathon-2025-minutes@frank.example.org')!;
      // Each row's nesting: how many lists hold it.
      const rows = await page.locator('ul.tree li').evaluateAll((items) =>
        items.map((li) => {
          let lists = 0;
          for (let e = li.parentElement; e; e = e.parentElement) if (e.tagName === 'UL') lists++;
          return { text: (li.firstChild?.textContent ?? '').trim(), lists, replies: li.querySelectorAll(':scope > ul > li').length };
        }),
      );
      const at = rows.findIndex((r) => r.text.startsWith(minutes.subject));
      expect(at, rows.map((r) => r.text).join('\n')).toBeGreaterThanOrEqual(0);
      expect(rows[at]!.lists).toBe(1);
      expect(rows[at]!.replies).toBeGreaterThan(0);
      expect(rows[at + 1]!.lists).toBe(2);
      // Frank's answer to Carol is a reply to a reply.
      expect(rows.some((r) => r.lists === 3)).toBe(true);
      // The thread that began in January says so.
      await expect(page.getByText('continued from').count()).resolves.toBeGreaterThan(0);
    });

    it('shows minutes with a summary, working section anchors, and "Discussed in" links to replies', async () => {
      const minutes = index.messages.find((x) => x.messageId === 'hackathon-2025-minutes@frank.example.org')!;
      await page.goto(url(`${LIST}/m/${minutes.slug}/`));
      const summary = page.getByRole('complementary', { name: 'Summary of the minutes' });
      await expect(summary.getByRole('heading', { name: 'Action items' }).count()).resolves.toBe(1);
      // The table of contents jumps to the section heading.
      await summary.getByRole('navigation').getByRole('link', { name: 'Checksums at Start-up' }).click();
      expect(new URL(page.url()).hash).toBe('#s-checksums-at-start-up');
      await expect(page.locator('#s-checksums-at-start-up').evaluate((el) => el.tagName)).resolves.toBe('H2');
      // Zoë's reply quotes that section; its link lands on her message.
      await page.locator('#s-checksums-at-start-up + .discussed a').first().click();
      await page.waitForURL((u) => u.pathname.includes('zoe-minutes'));
      expect(await messageIdOnPage()).toBe('zoe-minutes@zoe.example.org');
      // And the reply says which section it answers, linking back to the anchor.
      const back = page.locator('dl.headers').getByRole('link', { name: 'Checksums at Start-up' });
      expect(await back.getAttribute('href')).toBe(`${site.base}${LIST}/m/${minutes.slug}/#s-checksums-at-start-up`);
      await page.goto(url(`${LIST}/minutes/actions/`));
      await expect(page.getByRole('heading', { name: 'Alice' }).count()).resolves.toBe(1);
    });

    it('marks a reply joined by subject only as inferred', async () => {
      const jose = index.messages.find((x) => x.messageId === 'jose-cadence@jose.example.org')!;
      expect(jose.inferred).toBe(true);
      await page.goto(url(`${LIST}/m/${jose.slug}/`));
      await expect(page.getByText('inferred from the subject').count()).resolves.toBe(1);
    });

    it('finds a message by Message-ID with /id/?m=', async () => {
      await page.goto(url(`id/?m=${encodeURIComponent('<wal-v2-2@erik.example.org>')}`));
      await page.waitForURL((u) => u.pathname.includes('/m/'));
      expect(await messageIdOnPage()).toBe('wal-v2-2@erik.example.org');
    });

    it('serves the raw message as text', async () => {
      const m = index.messages[0]!;
      const response = await page.goto(url(`${LIST}/m/${m.slug}/raw.txt`));
      expect(response?.headers()['content-type']).toContain('text/plain');
      expect(await response?.text()).toContain(`Message-ID: <${m.messageId}>`);
    });

    it('logged no console errors on any page it visited', async () => {
      for (const path of ['', `${LIST}/`, `${LIST}/2025-01/`, `${LIST}/t/${index.messages[0]!.slug}/`, 'lumen-users/m/dana-top@dana.example.org/']) {
        await page.goto(url(path));
      }
      // A text document has no <link rel=icon>, so Chromium asks the origin for /favicon.ico and
      // logs that 404 against the raw.txt page (sometimes late): browser behaviour, not the site's.
      const real = () => errors.filter((e) => !e.includes('/raw.txt:'));
      expect(real()).toEqual([]);
      // The 404 page itself loads cleanly (the browser logs the 404 status of the page, nothing else).
      await page.goto(url('no/such/page/'));
      expect(real().filter((e) => !e.includes('404'))).toEqual([]);
    });
  });
}
