/**
 * Reply links, feed autodiscovery, the authors table and redirects from MHonArc URLs in headless
 * Chromium, on a copy of the sample archive built here (lumen-users shows addresses, so it offers
 * Reply to sender; lumen-devel's January is archived by Debian's mhonarc and migrated).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build.ts';
import { migrateMhonarc } from '../../src/site/migrate.ts';
import { hasBrowser, launchBrowser } from './browser.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MHONARC = ['/usr/bin/mhonarc', '/usr/local/bin/mhonarc'].find((p) => existsSync(p));
const BASE = '/archives/';

describe.skipIf(!hasBrowser)('reader data in the browser', () => {
  let work: string;
  let browser: Browser;
  let server: StaticServer;
  let page: Page;
  const errors: string[] = [];
  const url = (path: string) => `${server.origin}${BASE}${path}`;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'threadline-reader-'));
    cpSync(join(ROOT, 'archive'), join(work, 'archive'), { recursive: true });
    const users = join(work, 'archive', 'lumen-users', 'list.json');
    writeFileSync(users, JSON.stringify({ ...JSON.parse(readFileSync(users, 'utf8')), obfuscation: 'none', subscribe: 'lumen-users-join@lists.example.org' }));
    if (MHONARC) {
      mkdirSync(join(work, 'old', '2025-01'), { recursive: true });
      execFileSync(MHONARC, ['-quiet', '-outdir', join(work, 'old', '2025-01'), join(work, 'archive', 'lumen-devel', '2025-01.mbox')]);
      await migrateMhonarc({ oldDir: join(work, 'old'), archiveDir: join(work, 'archive'), list: 'lumen-devel', prefix: 'old/lumen-devel' });
    }
    await buildSite({ archiveDir: join(work, 'archive'), storeDir: join(work, 'store'), outDir: join(work, 'dist'), base: BASE, jobs: 1 });
    server = await serveStatic(join(work, 'dist'), BASE);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
    });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('offers Reply as a mailto: to the list in the thread, and Reply to sender where addresses are shown', async () => {
    await page.goto(url('lumen-devel/m/alice-2@alice.example.org/'));
    const reply = new URL((await page.getByRole('link', { name: 'Reply', exact: true }).getAttribute('href'))!);
    expect(reply.protocol).toBe('mailto:');
    expect(reply.pathname).toBe('lumen-devel@lists.example.org');
    expect(reply.searchParams.get('In-Reply-To')).toBe('<alice-2@alice.example.org>');
    expect(reply.searchParams.get('References')!.split(' ').at(-1)).toBe('<alice-2@alice.example.org>');
    expect(reply.searchParams.get('subject')).toMatch(/^Re: /);
    // lumen-devel hides addresses: no link may carry the sender's.
    await expect(page.getByRole('link', { name: 'Reply to sender' }).count()).resolves.toBe(0);
    await page.goto(url('lumen-users/'));
    const thread = await page.locator('a[href*="/t/"]').first().getAttribute('href');
    await page.goto(`${server.origin}${thread}`);
    const toSender = await page.getByRole('link', { name: 'Reply to sender' }).first().getAttribute('href');
    expect(toSender).toMatch(/^mailto:[^?@]+@[^?]+\?subject=/);
  });

  it('announces feeds in the head of list, thread and message pages, and serves them', async () => {
    for (const [path, titles] of [
      ['lumen-devel/', ['lumen-devel: newest messages', 'lumen-devel: new threads']],
      ['lumen-devel/t/cadence-2.0@alice.example.org/', ['Thread: Release cadence for 2.0', 'lumen-devel: newest messages']],
      ['lumen-devel/m/alice-2@alice.example.org/', ['lumen-devel: newest messages', 'Thread: Release cadence for 2.0']],
    ] as const) {
      await page.goto(url(path));
      const feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
      expect(await feeds.evaluateAll((links) => links.map((l) => l.getAttribute('title')))).toEqual(titles);
      for (const href of await feeds.evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href))) {
        const response = await page.request.get(href);
        expect(response.status(), href).toBe(200);
        expect(await response.text()).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
      }
    }
  });

  it('shows how to join on the list home, and sorts the authors table by a column', async () => {
    await page.goto(url('lumen-users/'));
    expect(await page.getByRole('link', { name: 'Subscribe' }).getAttribute('href')).toBe('mailto:lumen-users-join@lists.example.org');
    await page.getByRole('link', { name: 'Authors' }).click();
    await page.waitForURL(/\/authors\/$/);
    const names = () => page.locator('table.authors tbody tr td:first-child').allTextContents();
    const byCount = await names();
    await page.getByRole('button', { name: 'Name' }).click();
    await expect.poll(names).toEqual([...byCount].sort((a, b) => a.localeCompare(b)));
    expect(await page.locator('th[aria-sort]').getAttribute('data-key')).toBe('name');
  });

  it.skipIf(!MHONARC)('follows an old MHonArc URL to the same message, and an old index to its month', async () => {
    await page.goto(url('old/lumen-devel/2025-01/msg00000.html'));
    await page.waitForURL(/\/m\//);
    expect(await page.locator('article.message').first().getAttribute('data-message-id')).toBe('cadence-2.0@alice.example.org');
    await page.goto(url('old/lumen-devel/2025-01/threads.html'));
    await page.waitForURL(/\/threads\/$/);
    expect(page.url()).toBe(url('lumen-devel/2025-01/threads/'));
  });

  it('logs no errors', () => {
    expect(errors).toEqual([]);
  });
});
