/**
 * Accessibility: axe-core finds no serious or critical violation on each kind of page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.ts';
import { SITES, listIndex } from './sites.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const site = SITES.root;
const index = await listIndex(site, 'lumen-devel');

describe.skipIf(!hasBrowser)('accessibility (axe-core)', () => {
  let browser: Browser;
  let server: StaticServer;
  const minutes = index.messages.find((m) => m.messageId === 'hackathon-2025-minutes@frank.example.org')!;
  const pages: [string, string][] = [
    ['home', ''],
    ['list home', 'lumen-devel/'],
    ['month index', 'lumen-devel/2025-02/'],
    ['thread index', 'lumen-devel/2025-02/threads/'],
    ['message', `lumen-devel/m/${index.messages.find((m) => m.messageId === 'bob-review-2@bob.example.org')!.slug}/`],
    ['HTML message with attachments', 'lumen-users/m/jose-mount@jose.example.org/'],
    ['thread', `lumen-devel/t/${minutes.slug}/`],
    ['patch series list', 'lumen-devel/patches/'],
    ['patch series', 'lumen-devel/patches/wal-v2-0@erik.example.org/'],
    ['lost patches', 'lumen-devel/patches/lost/'],
    ['patch with its series bar', 'lumen-devel/m/20250310083000.9120-3-erik@example.org/'],
    ['minutes index (meeting series)', 'lumen-devel/minutes/'],
    ['meeting series (meetings, actions over time, attendance, topics, decisions)', 'lumen-devel/minutes/series/lumen-hackathon/'],
    ['topic index', 'lumen-devel/minutes/topics/'],
    ['decisions log', 'lumen-devel/minutes/decisions/'],
    ['action items', 'lumen-devel/minutes/actions/'],
    ['authors', 'lumen-devel/authors/'],
  ];

  beforeAll(async () => {
    server = await serveStatic(site.out, site.base);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('would notice a violation (the check can fail)', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><img src="x.png"><a href="#"></a></body></html>');
    await page.addScriptTag({ content: AXE });
    const ids = await page.evaluate(async () => (await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }).axe.run()).violations.map((v) => v.id));
    await page.close();
    expect(ids).toContain('image-alt');
  });

  for (const [name, path] of pages) {
    it(`has no serious or critical violations on the ${name} page`, async () => {
      // axe is injected by the test harness; the page's CSP (scripts from the site only) is bypassed for it.
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.origin}${site.base}${path}`);
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
