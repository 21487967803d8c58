/**
 * On a 375px phone no page scrolls sideways: not a message whose HTML part holds a `<pre>` laid out
 * for a desktop window (opened from its "HTML version" fold), and not a minutes page whose action
 * items quote long URLs. Builds a two-message archive with the real CLI and measures it in Chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugForMessageId } from '../../src/lib/urls.ts';
import { hasBrowser, launchBrowser } from './browser.ts';
import { buildWithCli } from './sites.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const PHONE = { width: 375, height: 800 };
// Meeting notes link their agenda document: a 44-character id holds no break opportunity.
const LONG_URL = 'https://docs.google.com/document/d/1qJ8vWcXz3TbR5nLmKpA7sYdE0fGhUiOo2VtBn4MxZy9/edit';
// Thunderbird quotes a plain-text reply inside <pre>: one paragraph of it is one unbroken line.
const QUOTED_LINE = 'I tried the new release on three machines and each of them stopped at the same prompt; '.repeat(12);

const MAILS = [
  [
    'From dana@example.org Mon Oct  5 10:00:00 2020',
    'From: Dana <dana@example.org>',
    'Subject: Re: Installer stops at the prompt',
    'Date: Mon, 05 Oct 2020 10:00:00 +0000',
    'Message-ID: <wide-pre@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Which version did you use?',
    '',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><p>Which version did you use?</p><blockquote><pre class="moz-quote-pre">${QUOTED_LINE}</pre></blockquote></body></html>`,
    '--b1--',
    '',
  ],
  [
    'From erik@example.org Wed Oct 14 16:00:00 2020',
    'From: Erik <erik@example.org>',
    'Subject: Phone Working Group meeting minutes',
    'Date: Wed, 14 Oct 2020 16:00:00 +0000',
    'Message-ID: <phone-wg-minutes@example.org>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hi all,',
    '',
    'Here are the notes from the Phone Working Group meeting on 14 October.',
    '',
    'Attendees: Dana, Erik, Frank',
    '',
    '= Installer =',
    '',
    '* Dana presented the installer report from the list.',
    '[Conclusion] We agreed to ship the fix in the next release.',
    `[ACTION]: Erik follow up on ${LONG_URL}`,
    '',
    '= Any Other Business =',
    '',
    '* Next meeting in two weeks.',
    '',
    'Erik',
    '',
  ],
];

let work: string;
let server: StaticServer;
let browser: Browser;
let page: Page;

/** The page's width after every fold on it is opened, as a reader opening them would see it. */
async function widthWithFoldsOpen(path: string): Promise<number> {
  const response = await page.goto(`${server.origin}/${path}`);
  expect(response?.status(), path).toBe(200);
  return page.evaluate(() => {
    for (const fold of document.querySelectorAll('details')) fold.open = true;
    return document.documentElement.scrollWidth;
  });
}

describe.skipIf(!hasBrowser)('pages on a 375px phone', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'threadline-mobile-'));
    mkdirSync(join(work, 'archive', 'phone-devel'), { recursive: true });
    writeFileSync(join(work, 'archive', 'phone-devel', '2020.mbox'), MAILS.map((m) => m.join('\n')).join('\n'));
    buildWithCli(['--archive', join(work, 'archive'), '--store', join(work, 'store'), '--out', join(work, 'dist'), '--jobs', '1']);
    server = await serveStatic(join(work, 'dist'));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: PHONE });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps a message page within the screen when its HTML part, holding a wide <pre>, is opened', async () => {
    const path = `phone-devel/m/${slugForMessageId('wide-pre@example.org')}/`;
    expect(await widthWithFoldsOpen(path)).toBeLessThanOrEqual(PHONE.width);
    // The quoted line is there and wraps: read in full, not hidden behind a scrollbar of its own.
    const pre = await page.evaluate(() => {
      const node = document.querySelector('details.html-version[open] .html-body pre');
      const part = node?.closest('.html-body');
      return node && part ? { text: node.textContent ?? '', overflow: node.scrollWidth - node.clientWidth, partOverflow: part.scrollWidth - part.clientWidth } : undefined;
    });
    expect(pre?.text).toBe(QUOTED_LINE);
    expect(pre?.overflow).toBe(0);
    expect(pre?.partOverflow).toBe(0);
  });

  it('keeps every minutes page within the screen when an action item quotes a long URL', async () => {
    const minutes = JSON.parse(readFileSync(join(work, 'dist', 'phone-devel', 'minutes', 'minutes.json'), 'utf8')) as unknown;
    expect(JSON.stringify(minutes)).toContain(LONG_URL);
    const pages = readdirSync(join(work, 'dist', 'phone-devel', 'minutes'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f === 'index.html' || f.endsWith('/index.html'))
      .map((f) => `phone-devel/minutes/${f.slice(0, -'index.html'.length)}`)
      .sort();
    expect(pages).toEqual(expect.arrayContaining(['phone-devel/minutes/', 'phone-devel/minutes/actions/', 'phone-devel/minutes/topics/']));
    for (const path of pages) {
      expect(await widthWithFoldsOpen(path), path).toBeLessThanOrEqual(PHONE.width);
    }
  });
});
