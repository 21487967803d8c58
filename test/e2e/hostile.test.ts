/**
 * The hostile archive (hostile-archive.ts): every message it holds is on the site, `verify` passes,
 * the built files carry no handler, script URL or active file type, and no page of it runs a
 * script that is not the site's own, opens a dialog, navigates away or loads from elsewhere.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Element } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkFiles } from '../../src/import/walk.ts';
import { verifySite } from '../../src/site/verify.ts';
import { Store } from '../../src/store/store.ts';
import { hasBrowser, launchBrowser } from './browser.ts';
import { HOSTILE } from './sites.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const written = JSON.parse(readFileSync(`${HOSTILE.work}/written.json`, 'utf8')) as Record<string, number>;

/** Files of the built site, relative, with `/` separators. */
async function siteFiles(): Promise<string[]> {
  return (await walkFiles(HOSTILE.out)).map((f) => relative(HOSTILE.out, f).split(sep).join('/')).sort();
}

// Which files may exist where: pages are index.html (or 404.html), scripts and styles come from
// the build, mail's bytes are raw.txt or attachments with an extension from the safe list.
const ALLOWED_FILE = new RegExp(
  [
    '^(?:.+/)?index\\.html$',
    '^404\\.html$',
    '^_astro/[\\w.-]+\\.(?:js|css)$',
    '^favicon\\.svg$',
    '^sitemap(?:-\\d+)?\\.xml$',
    '^search/(?:[pdtf]/)?[\\w.-]+\\.(?:json|bin|pos)$',
    '^[\\w.-]+/m/[^/]+/raw\\.txt$',
    '^[\\w.-]+/m/[^/]+/attachment-\\d+\\.(?:png|jpg|gif|webp|pdf|txt|bin|gz|zip|patch|diff|log|csv)$',
    // Downloads and data: mbox files, Atom feeds (checked below: Atom elements only), JSON.
    '^[\\w.-]+/(?:\\d{4}-\\d{2}/\\d{4}-\\d{2}|t/[^/]+/thread)\\.mbox\\.gz$',
    '^[\\w.-]+/(?:atom\\.xml|threads\\.atom|t/[^/]+/atom\\.xml|patches/lost/atom\\.xml)$',
    '^[\\w.-]+/(?:authors/authors|minutes/minutes|patches/series)\\.json$',
    '^[\\w.-]+/patches/[^/]+/v\\d+\\.mbox$',
  ].join('|'),
);

describe('the hostile archive', () => {
  it('is on the site whole: every message imported, and verify passes', async () => {
    const lists = await new Store(HOSTILE.store).readSummaries();
    expect(Object.fromEntries(lists.map((l) => [l.config.name, l.messages]))).toEqual(written);
    const result = await verifySite({ store: new Store(HOSTILE.store), outDir: HOSTILE.out, base: HOSTILE.base });
    expect(result.problems.slice(0, 20)).toEqual([]);
    expect(result.messages).toBe(Object.values(written).reduce((a, b) => a + b, 0));
  });

  it('writes no file outside the site and no file a static host would serve as active content', async () => {
    expect(readdirSync(HOSTILE.work).sort()).toEqual(['archive', 'dist', 'store', 'written.json']);
    const files = await siteFiles();
    expect(files.filter((f) => !ALLOWED_FILE.test(f))).toEqual([]);
    // A feed is served as XML, where XHTML elements are live markup: it holds Atom elements, and
    // XHTML only inside entries' content, which must pass the same scan as a page.
    for (const feed of files.filter((f) => /\.(?:xml|atom)$/.test(f) && !f.startsWith('sitemap'))) {
      const xml = readFileSync(`${HOSTILE.out}/${feed}`, 'utf8');
      expect(new Set([...xml.matchAll(/xmlns(?::\w+)?="([^"]*)"/g)].map((m) => m[1])), feed).toEqual(new Set(['http://www.w3.org/2005/Atom', ...(xml.includes('<content type="xhtml">') ? ['http://www.w3.org/1999/xhtml'] : [])]));
      const found: string[] = [];
      for (const [content] of xml.matchAll(/<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml">[\s\S]*?<\/content>/g)) {
        visit(unified().use(rehypeParse, { fragment: true }).parse(content), 'element', (node: Element) => {
          const problem = markupProblem(node, feed);
          if (problem) found.push(`${feed}: ${problem}`);
        });
      }
      expect(found.slice(0, 20), feed).toEqual([]);
    }
    // The traversal attempt (`../../index.html` as an attachment name) did not replace the home page.
    expect(readFileSync(`${HOSTILE.out}/index.html`, 'utf8')).toContain('<meta name="generator" content="Threadline">');
  });

  it('has a markup scan that flags each hostile construct, and not mail text in attributes', () => {
    const problems = (html: string) => {
      const out: string[] = [];
      visit(unified().use(rehypeParse, { fragment: true }).parse(html), 'element', (node: Element) => {
        const problem = markupProblem(node, 'x/index.html');
        if (problem) out.push(problem);
      });
      return out;
    };
    expect(problems('<img src="/a.png" onerror="alert(1)">')).toEqual(['event handler']);
    expect(problems('<a href=" jav&#x09;ascript:alert(1)">x</a>')).toEqual(['script or data URL in href']);
    expect(problems('<script>alert(1)</script><script type="module" src="/_astro/a.js"></script>')).toEqual(['script not from the site']);
    expect(problems('<iframe></iframe><base href="/"><form action="https://e.example/"></form><img src="https://t.example/p.png">')).toEqual(['forbidden element', 'forbidden element', 'remote resource in action', 'remote resource in src']);
    expect(problems('<form method="post"></form>')).toEqual(['form not the site search']);
    expect(problems('<a href="/m/" title="<script>alert(1)</script>">&lt;script&gt;</a>')).toEqual([]);
  });

  it('has no event handler, script URL, inline script, frame, form, base or refresh in any page', async () => {
    // Each page is parsed as a browser parses it, so mail text inside attribute values (a subject
    // in a `title`) or escaped in text is not taken for markup, and markup is not missed.
    const parser = unified().use(rehypeParse);
    const found: string[] = [];
    for (const file of await siteFiles()) {
      if (!file.endsWith('.html')) continue;
      const tree = parser.parse(readFileSync(`${HOSTILE.out}/${file}`, 'utf8'));
      visit(tree, 'element', (node: Element) => {
        const problem = markupProblem(node, file);
        if (problem) found.push(`${file}: ${problem}: <${node.tagName} ${JSON.stringify(node.properties).slice(0, 100)}>`);
      });
    }
    expect(found.slice(0, 20)).toEqual([]);
  }, 300_000);
});

const URL_PROPERTIES = ['href', 'src', 'action', 'formAction', 'xLinkHref', 'data', 'srcSet', 'poster', 'cite', 'background'];

/** What is wrong with an element of a built page, if anything. */
function markupProblem(node: Element, file: string): string | undefined {
  const props = node.properties;
  const name = node.tagName;
  if (Object.keys(props).some((p) => /^on/i.test(p))) return 'event handler';
  for (const p of URL_PROPERTIES) {
    const values = Array.isArray(props[p]) ? (props[p] as unknown[]) : [props[p]];
    for (const value of values) {
      if (typeof value !== 'string') continue;
      if (/^\s*(?:javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) return `script or data URL in ${p}`;
      if (p !== 'href' && /^(?:https?:)?\/\//i.test(value)) return `remote resource in ${p}`;
    }
  }
  if (name === 'script' && !(props['type'] === 'module' && typeof props['src'] === 'string' && /^\/_astro\/[\w.-]+\.js$/.test(props['src']) && node.children.length === 0)) return 'script not from the site';
  if (['iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'applet', 'math'].includes(name)) return 'forbidden element';
  // The one SVG is the list page's activity chart, drawn at build time.
  if (name === 'svg' && !(Array.isArray(props['className']) && props['className'].includes('chart'))) return 'SVG not the site chart';
  // The site's own forms: the search box on every page, the search page's, the Message-ID lookup.
  const ownForm = props['action'] === '/search/' || (file === 'search/index.html' && props['action'] === undefined) || (file === 'id/index.html' && props['action'] === '/id/');
  if (name === 'form' && !ownForm) return 'form not the site search';
  if (name === 'meta' && typeof props['httpEquiv'] !== 'undefined' && /refresh|set-cookie/i.test(String(props['httpEquiv']))) return 'meta refresh';
  const rel = Array.isArray(props['rel']) ? props['rel'].join(' ') : '';
  const feedLink = rel === 'alternate' && props['type'] === 'application/atom+xml' && typeof props['href'] === 'string' && /^\/[^:]*\.(?:xml|atom)$/.test(props['href']);
  // The search page fetches its index's manifest first.
  const manifestLink = rel === 'preload' && props['href'] === '/search/manifest.json';
  if (name === 'link' && !feedLink && !manifestLink && !(typeof props['href'] === 'string' && /^\/(?:_astro\/[\w.-]+\.css|favicon\.svg)$/.test(props['href']))) return 'link not the site stylesheet, icon or a feed';
  return undefined;
}

describe.skipIf(!hasBrowser)('the hostile archive in a browser', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    server = await serveStatic(HOSTILE.out, HOSTILE.base);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A tab that records every sign of a script, dialog, navigation or load that is not the site's. */
  async function watchedTab(problems: string[], current: () => string, origin = server.origin): Promise<Page> {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => {
      problems.push(`${current()}: dialog "${dialog.message()}"`);
      void dialog.dismiss();
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url() !== current()) problems.push(`${current()}: navigated to ${frame.url()}`);
      else if (frame !== page.mainFrame()) problems.push(`${current()}: a frame loaded ${frame.url()}`);
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`${current()}: CSP violation: ${message.text().slice(0, 200)}`);
    });
    // Observed, not intercepted (interception costs a round trip per request); this machine has
    // no network, so a request elsewhere fails anyway, and it is reported here.
    page.on('request', (request) => {
      if (!request.url().startsWith(`${origin}/`)) problems.push(`${current()}: request to ${request.url()}`);
    });
    // Every script compiled in the page's own world must be one of the site's files.
    const cdp = await page.context().newCDPSession(page);
    cdp.on('Debugger.scriptParsed', (event: { url: string; executionContextAuxData?: { isDefault?: boolean } }) => {
      if (event.executionContextAuxData?.isDefault === false) return;
      if (!event.url.startsWith(`${origin}/_astro/`) || !event.url.endsWith('.js')) problems.push(`${current()}: script ran: "${event.url || '(inline)'}"`);
    });
    await cdp.send('Debugger.enable');
    return page;
  }

  it('has a watch that catches an inline script, a dialog, a foreign request and a CSP violation', async () => {
    const dir = `${HOSTILE.work}-watch`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(`${dir}/a`, { recursive: true });
    mkdirSync(`${dir}/b`, { recursive: true });
    writeFileSync(`${dir}/a/index.html`, '<!DOCTYPE html><p>x</p><script>alert("caught")</script><img src="http://192.0.2.1/pixel.png">');
    writeFileSync(`${dir}/b/index.html`, `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="script-src 'self'"><script>document.title = 'ran'</script>`);
    const local = await serveStatic(dir, '/');
    const problems: string[] = [];
    let url = '';
    const tab = await watchedTab(problems, () => url, local.origin);
    for (const page of ['a/', 'b/']) {
      url = `${local.origin}/${page}`;
      await tab.goto(url, { waitUntil: 'load' });
    }
    await tab.close();
    await local.close();
    rmSync(dir, { recursive: true, force: true });
    const kinds = problems.map((p) => p.replace(/^\S+: /, '').replace(/[: ].*$/, ''));
    expect(new Set(kinds)).toEqual(new Set(['script', 'dialog', 'request', 'CSP']));
  });

  it('opens every page of hostile mail, and a sample of the deep chain, without running any script of the mail', async () => {
    const html = (await siteFiles()).filter((f) => f.endsWith('.html'));
    // The 5,000 message pages of the deep chain are one shape with no hostile text (the markup scan
    // above reads them all): every 25th and the last 25 are opened, every other page is.
    // The chain's pages in chain order (chain-0 … chain-4999), so the deepest are among those opened.
    const depth = (f: string) => Number(/chain-(\d+)@/.exec(f)?.[1] ?? -1);
    const deep = html.filter((f) => f.startsWith('deep/m/')).sort((a, b) => depth(a) - depth(b));
    const sampled = new Set(deep.filter((_, i) => i % 25 === 0 || i >= deep.length - 25));
    const chosen = html.filter((f) => !f.startsWith('deep/m/') || sampled.has(f));
    expect(deep.length).toBeGreaterThan(4000);
    expect(depth(deep[deep.length - 1]!)).toBe(deep.length - 1);
    expect(chosen.length).toBe(html.length - deep.length + sampled.size);
    const pages = chosen.map((f) => `${server.origin}${HOSTILE.base}${f.replace(/(?:^|\/)index\.html$/, (m) => (m.startsWith('/') ? '/' : ''))}`);
    const problems: string[] = [];
    const timings: number[] = [];
    // Two tabs share the pages: the sweep is thousands of loads.
    const queue = [...pages];
    await Promise.all(
      [0, 1].map(async () => {
        let url = '';
        const tab = await watchedTab(problems, () => url);
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          url = next;
          const started = performance.now();
          const response = await tab.goto(url, { waitUntil: 'load' });
          timings.push(performance.now() - started);
          if (response?.status() !== 200) problems.push(`${url}: HTTP ${response?.status()}`);
        }
        await tab.close();
      }),
    );
    timings.sort((a, b) => a - b);
    console.log(`swept ${pages.length} pages, median ${timings[timings.length >> 1]?.toFixed(0)} ms, max ${timings[timings.length - 1]?.toFixed(0)} ms`);
    expect(problems.slice(0, 20)).toEqual([]);
  }, 900_000);
});
