/**
 * Long threads on a phone and a desktop: a 130-message thread's page starts its first message on
 * the first screen and stays short, its headings tell messages apart, its tree nests, its later
 * messages are folded and open without a script; a message 40 replies deep fits a few screens.
 * Heights are measured in Chromium at 390 px (a phone) and 1280 px wide.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_THREAD_MESSAGES, MAX_TREE_INDENT, MAX_TREE_ROWS, THREAD_OPEN_MESSAGES } from '../../src/lib/views.ts';
import { hasBrowser, launchBrowser } from './browser.ts';
import { DEEP_CHAIN, DEEPEST, LONG_ROOT, LONG_THREAD } from './long-thread-archive.ts';
import { LONG } from './sites.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
/** A phone's page of a long thread: about 200 px a message is measured; the budget leaves room for other fonts. */
const PHONE_PX_PER_MESSAGE = 300;
/** A message page deep in a thread, on a phone: about 2,200 px is measured (22,350 px before its tree was a window). */
const DEEP_MESSAGE_PHONE_PX = 3500;

const threadPath = `long/t/${LONG_ROOT}/`;

describe.skipIf(!hasBrowser)('long threads', () => {
  let browser: Browser;
  let server: StaticServer;
  const url = (path: string) => `${server.origin}/${path}`;
  const open = async (viewport: { width: number; height: number }, path: string, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport, javaScriptEnabled, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(url(path));
    return { context, page };
  };
  const top = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => Math.round(e.getBoundingClientRect().top + window.scrollY));
  const height = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

  beforeAll(async () => {
    server = await serveStatic(LONG.out, LONG.base);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts the first message on the first screen, on a phone and a desktop, and keeps the page short', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page } = await open(viewport, threadPath);
      expect(await page.locator('article.message').count()).toBe(LONG_THREAD);
      expect(await top(page, 'article.message'), `${viewport.width} px`).toBeLessThan(viewport.height - 200);
      expect(await height(page), `${viewport.width} px`).toBeLessThan(LONG_THREAD * PHONE_PX_PER_MESSAGE);
      // Nothing is wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await context.close();
    }
  });

  it('heads each message with its sender and date, so no two headings read the same', async () => {
    const { context, page } = await open(DESKTOP, threadPath);
    const headings = await page.locator('h2').allTextContents();
    expect(headings).toHaveLength(LONG_THREAD);
    expect(new Set(headings).size).toBe(LONG_THREAD);
    expect(headings[0]).toMatch(/^Ana Silva 2024-03-04 08:00 \+0000$/);
    // The subject is said where it changes, not under every message.
    expect(await page.locator('.msg-subject').allTextContents()).toEqual(expect.arrayContaining(['Subject: Re: Command line programs (was: braille tables)', 'Subject: Braille tables in liblouis']));
    expect(await page.locator('.msg-subject').count()).toBeLessThan(5);
    await context.close();
  });

  it('folds the tree of a long thread and nests its replies in lists, as deep as the limit', async () => {
    const { context, page } = await open(DESKTOP, threadPath);
    const tree = page.locator('details.tree-box');
    expect(LONG_THREAD).toBeGreaterThan(LONG_THREAD_MESSAGES);
    expect(await tree.getAttribute('open')).toBeNull();
    await tree.locator('summary').click();
    const nesting = await page.evaluate(() => {
      let deepest = 0;
      for (const li of document.querySelectorAll('details.tree-box li')) {
        let lists = 0;
        for (let e: Element | null = li; e && !e.matches('details'); e = e.parentElement) if (e.tagName === 'UL') lists++;
        deepest = Math.max(deepest, lists);
      }
      return deepest;
    });
    expect(nesting).toBe(MAX_TREE_INDENT + 1);
    // The tree links each message to its place on the page, and following a link opens a folded one.
    const last = page.locator(`details.tree-box a[href="#long-${LONG_THREAD - 1}@example.org"]`);
    await last.click();
    await expect.poll(() => page.locator(`article[id="long-${LONG_THREAD - 1}@example.org"] details.msg-fold`).getAttribute('open')).toBe('');
    await context.close();
  });

  it('folds the messages after the first ones; each opens without a script, and a button opens them all', async () => {
    const { context, page } = await open(PHONE, threadPath, false);
    const folds = page.locator('details.msg-fold');
    expect(await folds.count()).toBe(LONG_THREAD - THREAD_OPEN_MESSAGES);
    expect(await page.locator('article.message').nth(THREAD_OPEN_MESSAGES - 1).locator('details.msg-fold').count()).toBe(0);
    // Without a script the button stays hidden, and a message opens by its summary.
    expect(await page.locator('thread-fold button').isVisible()).toBe(false);
    const first = folds.first();
    expect(await first.locator('summary').textContent()).toMatch(/\w+ \w+/);
    expect(await first.locator('.body').isVisible()).toBe(false);
    await first.locator('summary').click();
    expect(await first.locator('.body').isVisible()).toBe(true);
    await context.close();

    const scripted = await open(PHONE, threadPath);
    const button = scripted.page.locator('thread-fold button');
    await button.click();
    expect(await scripted.page.locator('details.msg-fold:not([open])').count()).toBe(0);
    expect(await button.textContent()).toBe('Fold the long thread again');
    await button.click();
    expect(await scripted.page.locator('details.msg-fold[open]').count()).toBe(0);
    await scripted.context.close();
  });

  it('shows a message deep in the thread with a window of its tree that fits a phone, and folds its references', async () => {
    const { context, page } = await open(PHONE, `long/m/${DEEPEST}/`);
    expect(await height(page)).toBeLessThan(DEEP_MESSAGE_PHONE_PX);
    expect(await page.locator('ul.tree li').count()).toBeLessThanOrEqual(MAX_TREE_ROWS);
    expect(await page.locator('ul.tree [aria-current="page"]').count()).toBe(1);
    const refs = page.locator('section', { has: page.locator('h2', { hasText: 'References' }) });
    expect(await refs.locator('details.refs-fold summary').textContent()).toBe(`${DEEP_CHAIN - 4} messages in between`);
    expect(await refs.locator(':scope > ul > li').count()).toBe(5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });

  it('shows a thread whose first message is missing as "(message not in the archive)", not as a Message-ID', async () => {
    const { context, page } = await open(DESKTOP, 'long/t/ghost-0@example.org/');
    const ghost = page.locator('ul.tree .ghost');
    expect(await ghost.textContent()).toBe('(message not in the archive)');
    expect(await page.locator('ul.tree').textContent()).not.toContain('lost-root@example.org');
    await context.close();
  });

  for (const [name, path] of [
    ['long thread', threadPath],
    ['deep message', `long/m/${DEEPEST}/`],
    ['thread index', 'long/2024-03/threads/'],
  ] as const) {
    it(`has no serious or critical accessibility violations on the ${name} page, on a phone`, async () => {
      const { context, page } = await open(PHONE, path);
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      await context.close();
      expect(result.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    });
  }
});
