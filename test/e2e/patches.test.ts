/**
 * The patch pages of the sample site in headless Chromium: the filters (state, author, age) hide
 * the right rows and keep the choice in the URL, the table is whole without JavaScript, the series
 * bar leads through a series, and a series' mbox applies with `git am`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.ts';
import { SITES } from './sites.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const site = SITES.based;
const LIST = 'lumen-devel';
const V3 = '20250310083000.9120-1-erik@example.org';

describe.skipIf(!hasBrowser)('patch pages (sample site under /archives/)', () => {
  let browser: Browser;
  let server: StaticServer;
  let page: Page;
  const errors: string[] = [];
  const url = (path: string) => `${server.origin}${site.base}${path}`;

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

  /** Open the series list with a query and wait for its filters; return the titles of the rows shown. */
  async function shown(query = ''): Promise<{ rows: string[]; status: string }> {
    await page.goto(url(`${LIST}/patches/${query}`));
    await page.waitForSelector('patch-filters[data-state="ready"]');
    const rows = await page.locator('table.patches tbody tr:not([hidden]) td:first-child a').allTextContents();
    return { rows, status: (await page.locator('.filter-status').textContent()) ?? '' };
  }

  it('shows every series, newest first, until a filter is chosen', async () => {
    const { rows, status } = await shown();
    expect(rows).toEqual(['wal: batch fsync on commit', 'wal: batch fsync on commit', 'build: link with -latomic on musl', 'wal: track pending commits in a queue', 'docs: fix the scrub example']);
    expect(status).toBe('5 of 5 series shown.');
  });

  it('filters by state, keeps the choice in the URL, and reads it back', async () => {
    await shown();
    await page.locator('select[name="state"]').selectOption('superseded');
    expect(await page.locator('table.patches tbody tr:not([hidden])').count()).toBe(2);
    expect(new URL(page.url()).search).toBe('?state=superseded');
    const lost = await shown('?state=lost');
    expect(lost.rows).toEqual(['build: link with -latomic on musl', 'docs: fix the scrub example']);
    expect(await page.locator('select[name="state"]').inputValue()).toBe('lost');
    expect((await shown('?state=applied')).rows).toEqual(['wal: batch fsync on commit']);
  });

  it('filters by author and by age, counted to the newest message of the archive', async () => {
    await shown();
    await page.locator('select[name="author"]').selectOption('Zoe Adeyemi');
    expect(await page.locator('table.patches tbody tr:not([hidden]) td:first-child a').allTextContents()).toEqual(['docs: fix the scrub example']);
    // The newest message is from 12 March 2025: within 7 days only the v3 of 10 March.
    expect((await shown('?age=7')).rows).toEqual(['wal: batch fsync on commit']);
    const old = await shown('?age=-365');
    expect(old.rows).toEqual([]);
    expect(old.status).toBe('0 of 5 series shown.');
    await page.locator('button[type="reset"]').click();
    await page.waitForFunction(() => document.querySelector('.filter-status')?.textContent === '5 of 5 series shown.');
    expect(new URL(page.url()).search).toBe('');
  });

  it('shows the whole table without JavaScript, and no filters', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(url(`${LIST}/patches/?state=lost`));
    expect(await plain.locator('table.patches tbody tr:not([hidden])').count()).toBe(5);
    expect(await plain.locator('form.filters').isVisible()).toBe(false);
    await context.close();
  });

  it('leads through a series from the series bar of a patch', async () => {
    await page.goto(url(`${LIST}/m/20250310083000.9120-3-erik@example.org/`));
    const bar = page.getByRole('navigation', { name: 'Patch series' });
    expect(await bar.textContent()).toContain('Patch 2/3 of v3');
    await bar.getByRole('link', { name: '3/3 →' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/20250310083000.9120-4-erik@example.org/'));
    await page.getByRole('navigation', { name: 'Patch series' }).getByRole('link', { name: 'v1' }).click();
    await page.waitForURL((u) => u.pathname.endsWith(`/${LIST}/patches/20250217090000.7001-1-erik@example.org/`));
    expect(await page.locator('h1').textContent()).toBe('wal: track pending commits in a queue');
  });

  it('logs no error on the patch pages', () => {
    expect(errors).toEqual([]);
  });
});

describe.skipIf(spawnSync('git', ['--version']).status !== 0)('a series mbox from the built site', () => {
  it('applies with git am and carries the tags given in replies', () => {
    const work = mkdtempSync(join(tmpdir(), 'threadline-am-site-'));
    try {
      cpSync(new URL('../fixtures/patches/lumen-base', import.meta.url), work, { recursive: true });
      const env = { ...process.env, GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.org' };
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd: work, encoding: 'utf8', env });
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
      writeFileSync(join(work, 'v3.mbox'), readFileSync(join(site.out, LIST, 'patches', V3, 'v3.mbox')));
      git('am', '-q', 'v3.mbox');
      const bodies = git('log', '--format=%B%x00', 'main~3..main')
        .split('\0')
        .map((b) => b.replace(/^\n/, ''))
        .filter((b) => b.trim() !== '')
        .reverse();
      expect(bodies[0]).toContain('Reviewed-by: Carol Nguyen <carol@example.org>\nReviewed-by: Bob Okafor <bob@example.org>\n');
      expect(bodies[1]).toContain('Signed-off-by: Erik Johansson <erik@example.org>\nReviewed-by: Bob Okafor <bob@example.org>\nTested-by: Dana Whitfield <dana@example.org>\n');
      expect(git('log', '--format=%an', '-1')).toBe('Erik Johansson\n');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
