/**
 * `threadline verify`: check a built site against the store it was built from. Nothing may be
 * lost: every imported message has its page and its complete raw file, every link between pages
 * resolves, and every index lists each of its messages exactly once.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { join, relative, sep } from 'node:path';
import { decodeHTML } from 'entities';
import { walkFiles } from '../import/walk.ts';
import { storedMessages } from '../import/report.ts';
import { MboxSplitter } from '../lib/mbox.ts';
import { REDIRECT_RULES } from '../lib/redirects.ts';
import { removalReason } from '../lib/removal.ts';
import { attachmentExtension, paths } from '../lib/urls.ts';
import { contentHash } from '../store/store.ts';
import { MAX_THREAD_PAGE_MESSAGES, monthMessages, threadSlug } from '../lib/views.ts';
import type { ListData, Store } from '../store/store.ts';
import { TEMP_DIR } from './writer.ts';

/** Problems printed before "… and N more". */
export const MAX_PROBLEMS_LISTED = 50;

/** One mbox file: its messages in the store and the message pages found for them. */
export interface FileReconciliation {
  list: string;
  file: string;
  messages: number;
  pages: number;
}

/** What `verifySite` checked and what it found wrong. */
export interface VerifyResult {
  messages: number;
  pages: number;
  links: number;
  files: FileReconciliation[];
  /** Every problem, each naming the list, message or page; empty when the site is whole. */
  problems: string[];
}

// Attributes of real tags only: mail text that reads `<a href="/x">` is escaped (`&#x3C;a href=…`)
// and has no `<` of its own, so it is not taken for a link.
const LINK = /<[a-z][a-z0-9-]*\s(?:[^<>]*?\s)?(?:href|src|action)="([^"]*)"/g;
const ID = /<[a-z][a-z0-9-]*\s(?:[^<>]*?\s)?id="([^"]*)"/g;

/**
 * A link of a page as a path from the host's root (`/archives/dev/m/x/`): a relative link (a site
 * built with `--relative`) is resolved against the page, a folder's `index.html` dropped; undefined
 * for a link off the site (a scheme) or to an anchor on the same page.
 *
 * @param base the path the site is served under
 * @param page the page's file, relative to the site folder (`dev/m/x/index.html`)
 * @param url the link
 */
export function sitePath(base: string, page: string, url: string): string | undefined {
  if (/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(url)) return undefined;
  if (url.startsWith('/')) return url.replace(/[?#].*$/, '');
  const path = new URL(url, `http://site${base}${page}`).pathname;
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
}

/**
 * Where a link lands in the site folder: undefined for a link off the site (a scheme) or to an
 * anchor on the same page, null for a path outside `base`.
 */
function target(outDir: string, base: string, page: string, url: string): string | null | undefined {
  const path = sitePath(base, page, url);
  if (path === undefined) return undefined;
  if (!path.startsWith(base) || path.startsWith('//')) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(path.slice(base.length));
  } catch {
    return null;
  }
  return join(outDir, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel);
}

/**
 * Links and resources of a built site that lead nowhere: `[page, link]` pairs.
 *
 * @param outDir the built site
 * @param base the path the site is served under
 * @param onPage called with each page's path (relative, `/`-separated) and HTML, so other checks
 *   need not read the pages again
 */
export async function brokenLinks(
  outDir: string,
  base: string,
  onPage?: (page: string, html: string) => void,
): Promise<{ pages: number; links: number; broken: [string, string][] }> {
  const broken: [string, string][] = [];
  const known = new Map<string, boolean>();
  let pages = 0;
  let links = 0;
  for (const file of await walkFiles(outDir, new Set([join(outDir, TEMP_DIR)]))) {
    if (!file.endsWith('.html')) continue;
    pages++;
    const page = relative(outDir, file).split(sep).join('/');
    const html = await readFile(file, 'utf8');
    onPage?.(page, html);
    for (const match of html.matchAll(LINK)) {
      const url = decodeHTML(match[1]!);
      const to = target(outDir, base, page, url);
      if (to === undefined) continue;
      links++;
      let ok = to !== null ? known.get(to) : false;
      if (ok === undefined) {
        ok = isFile(to!);
        known.set(to!, ok);
      }
      if (!ok) broken.push([page, url]);
    }
  }
  return { pages, links, broken };
}

/** The size of a file, or undefined when there is no file at `path`. */
function fileSize(path: string): number | undefined {
  try {
    const info = statSync(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  return fileSize(path) !== undefined;
}

/** Message page paths linked from a page, with how often each is linked. */
function messageLinks(html: string, prefix: string, base: string, page: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of html.matchAll(LINK)) {
    const url = sitePath(base, page, decodeHTML(match[1]!));
    if (url?.startsWith(prefix)) counts.set(url, (counts.get(url) ?? 0) + 1);
  }
  return counts;
}

/**
 * Check that every message of a list has its page, its complete raw file and its attachments;
 * count pages per mbox file, and the raw files and attachments found.
 *
 * @param outDir the built site
 * @param list the list's name
 * @param store the list's store
 */
export function checkMessageFiles(outDir: string, list: string, store: ListData): { files: FileReconciliation[]; problems: string[]; raw: number; attachments: number } {
  const problems: string[] = [];
  let raw = 0;
  let attachments = 0;
  const files = store.sources.map((file) => ({ list, file, messages: 0, pages: 0 }));
  for (const m of store.index.messages) {
    const file = store.columns.body[m.n]!.source;
    const rawLength = store.columns.rawSpan[m.n]![1];
    const counted = files[file]!;
    counted.messages++;
    const name = `${list}: message <${m.messageId}> from ${counted.file}`;
    const page = join(outDir, paths.message(list, m.slug), 'index.html');
    if (isFile(page)) counted.pages++;
    else problems.push(`${name} has no page (${relative(outDir, page)})`);
    // A removed message keeps its page; its bytes and attachments must be gone.
    if (removalReason(store.config.remove, m.messageId) !== undefined) {
      if (isFile(join(outDir, paths.raw(list, m.slug)))) problems.push(`${name} was removed, but its raw file is still published`);
      store.columns.attachments[m.n]!.forEach(([type], k) => {
        if (isFile(join(outDir, paths.attachment(list, m.slug, k, attachmentExtension(type))))) problems.push(`${name} was removed, but its attachment ${k + 1} is still published`);
      });
      continue;
    }
    const rawPath = join(outDir, paths.raw(list, m.slug));
    const rawSize = fileSize(rawPath);
    if (rawSize === undefined) problems.push(`${name} has no raw file (${relative(outDir, rawPath)})`);
    else {
      raw++;
      if (rawSize !== rawLength) problems.push(`${name}: its raw file has ${rawSize} bytes, the store holds ${rawLength}`);
    }
    store.columns.attachments[m.n]!.forEach(([type], k) => {
      const path = join(outDir, paths.attachment(list, m.slug, k, attachmentExtension(type)));
      if (isFile(path)) attachments++;
      else problems.push(`${name}: attachment ${k + 1} is missing (${relative(outDir, path)})`);
    });
  }
  return { files, problems, raw, attachments };
}

/**
 * Check the site in `outDir` against the store in `storeDir`.
 *
 * @param options the store, the site and the base path it was built for
 */
export async function verifySite(options: { store: Store; outDir: string; base: string }): Promise<VerifyResult> {
  const { store: storeOf, outDir, base } = options;
  const problems: string[] = [];
  const result: VerifyResult = { messages: 0, pages: 0, links: 0, files: [], problems };
  const lists = await storeOf.readSummaries();
  // Checks on index and thread pages, by page path, run as the pages are read for the link check.
  const pageChecks = new Map<string, { missing: string; check: (html: string) => void }>();

  for (const l of lists) {
    const list = l.config.name;
    const store = await storeOf.readList(list);
    if (!store) {
      problems.push(`${list}: the store has no index of this list: run "threadline build" again`);
      continue;
    }
    const index = store.index;
    const pageOf = (slug: string) => `${base}${paths.message(list, slug)}`;
    const checked = checkMessageFiles(outDir, list, store);
    result.messages += index.messages.length;
    result.files.push(...checked.files);
    for (const problem of checked.problems) problems.push(problem);
    for (const f of checked.files) {
      if (f.pages !== f.messages) problems.push(`${list}: ${f.file} has ${f.messages} messages but ${f.pages} message pages`);
    }
    // Every message of the files is in the index, or a copy the index left out (`identical-copy`).
    const inFiles = storedMessages(store.report.fileReports);
    const copies = store.report.copies ?? 0;
    if (index.messages.length + copies !== inFiles) {
      problems.push(`${list}: its files hold ${inFiles} messages, but the index has ${index.messages.length} and left out ${copies} copies: run "threadline build" again`);
    }

    // Every month's date and thread index lists each of its messages exactly once, and no other.
    for (const { month } of index.months) {
      const expected = new Set(monthMessages(index, month).map((m) => pageOf(m.slug)));
      for (const [kind, path] of [['date index', paths.month(list, month)], ['thread index', paths.monthThreads(list, month)]] as const) {
        pageChecks.set(`${path}index.html`, {
          missing: `${list}: the ${kind} of ${month} is missing (${path}index.html)`,
          check: (html) => {
            const links = messageLinks(html, `${base}${list}/m/`, base, `${path}index.html`);
            for (const url of expected) {
              const count = links.get(url) ?? 0;
              if (count !== 1) problems.push(`${list}: the ${kind} of ${month} lists ${url} ${count} times, not once`);
            }
            for (const url of links.keys()) if (!expected.has(url)) problems.push(`${list}: the ${kind} of ${month} lists ${url}, a message of another month`);
          },
        });
      }
    }

    // Every thread page shows its messages (up to the page limit) exactly once, by anchor.
    for (const t of index.threads) {
      const slug = threadSlug(index, t.n);
      const path = `${paths.thread(list, slug)}index.html`;
      pageChecks.set(path, {
        missing: `${list}: thread ${slug} has no page (${path})`,
        check: (html) => {
          const ids = new Map<string, number>();
          for (const match of html.matchAll(ID)) {
            const id = decodeHTML(match[1]!);
            ids.set(id, (ids.get(id) ?? 0) + 1);
          }
          for (const n of t.messages.slice(0, MAX_THREAD_PAGE_MESSAGES)) {
            const m = index.messages[n]!;
            if (ids.get(m.slug) !== 1) problems.push(`${list}: thread page ${slug} shows <${m.messageId}> ${ids.get(m.slug) ?? 0} times, not once`);
          }
        },
      });
    }
  }

  // One pass over the pages: every link to the site resolves to a file in it, and the index and
  // thread pages get their checks on the HTML already read.
  const seen = new Set<string>();
  const links = await brokenLinks(outDir, base, (page, html) => {
    const check = pageChecks.get(page);
    if (!check) return;
    seen.add(page);
    check.check(html);
  });
  for (const [page, check] of pageChecks) if (!seen.has(page)) problems.push(check.missing);
  for (const l of lists) {
    const data = await storeOf.readList(l.config.name);
    if (data) problems.push(...checkDownloads(outDir, base, data));
  }
  problems.push(...checkRedirects(outDir, base));
  result.pages = links.pages;
  result.links = links.links;
  for (const [page, link] of links.broken) problems.push(`${page}: link ${link} leads nowhere`);
  if (!existsSync(join(outDir, 'index.html'))) problems.push('the site has no home page (index.html)');
  return result;
}

/**
 * The messages of an mbox download, split by the project's own splitter, as hashes of their bytes.
 *
 * @param file the `.mbox.gz` file
 */
function mboxHashes(file: string): [exact: string, withoutAddedBreak: string][] {
  const splitter = new MboxSplitter();
  const messages = [...splitter.push(gunzipSync(readFileSync(file))), ...splitter.end()];
  // The writer ends a message that lacks a final line break with one (the next envelope must
  // start a line): such a message is its bytes without that break.
  return messages.map((m) => [contentHash(m.raw), m.raw.at(-1) === 0x0a ? contentHash(m.raw.subarray(0, -1)) : '']);
}

/**
 * Check a list's downloads and feeds: each mbox file holds exactly its messages' bytes (removed
 * ones left out), each feed is an Atom document whose entries link pages of the site.
 *
 * @param outDir the built site
 * @param base the base path
 * @param data the list
 */
export function checkDownloads(outDir: string, base: string, data: ListData): string[] {
  const problems: string[] = [];
  const list = data.config.name;
  const index = data.index;
  const kept = (n: number) => removalReason(data.config.remove, index.messages[n]!.messageId) === undefined;
  const expectHashes = (path: string, messages: readonly number[]) => {
    const file = join(outDir, path);
    if (!isFile(file)) return void problems.push(`${list}: the download ${path} is missing`);
    let found: [string, string][];
    try {
      found = mboxHashes(file);
    } catch (error) {
      return void problems.push(`${list}: the download ${path} cannot be read as gzip'd mbox (${(error as Error).message})`);
    }
    const wanted = messages.filter(kept).sort((a, b) => a - b);
    if (found.length !== wanted.length) return void problems.push(`${list}: ${path} holds ${found.length} messages, not ${wanted.length}`);
    wanted.forEach((n, i) => {
      const hash = data.columns.rawHash[n]!;
      if (found[i]![0] !== hash && found[i]![1] !== hash) problems.push(`${list}: ${path} does not hold the exact bytes of <${index.messages[n]!.messageId}>`);
    });
  };
  for (const { month } of index.months) expectHashes(paths.monthMbox(list, month), index.messages.filter((m) => m.month === month).map((m) => m.n));
  const feeds = [paths.listFeed(list), paths.threadsFeed(list)];
  for (const t of index.threads) {
    const slug = threadSlug(index, t.n);
    expectHashes(paths.threadMbox(list, slug), t.messages);
    feeds.push(paths.threadFeed(list, slug));
  }
  for (const path of feeds) {
    const file = join(outDir, path);
    if (!isFile(file)) {
      problems.push(`${list}: the feed ${path} is missing`);
      continue;
    }
    const xml = readFileSync(file, 'utf8');
    if (!xml.includes('<feed xmlns="http://www.w3.org/2005/Atom">') || !xml.trimEnd().endsWith('</feed>')) problems.push(`${list}: ${path} is not an Atom feed`);
    for (const match of xml.matchAll(/<link rel="alternate" type="text\/html" href="([^"]*)"\/>/g)) {
      const url = decodeHTML(match[1]!).replace(/^https?:\/\/[^/]+/, '');
      const to = target(outDir, base, path, url);
      if (to !== undefined && (to === null || !isFile(to))) problems.push(`${list}: ${path} links ${url}, which leads nowhere`);
    }
  }
  return problems;
}

/**
 * Check the redirects from an old archive's URLs: every rule of `_redirects` has its redirect
 * page at the old path, leading where the rule leads, and the new page is there.
 *
 * @param outDir the built site
 * @param base the base path
 */
export function checkRedirects(outDir: string, base: string): string[] {
  const problems: string[] = [];
  const rules = join(outDir, REDIRECT_RULES.netlify);
  if (!isFile(rules)) return problems;
  const nginx = isFile(join(outDir, REDIRECT_RULES.nginx)) ? readFileSync(join(outDir, REDIRECT_RULES.nginx), 'utf8') : '';
  for (const line of readFileSync(rules, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const [from, to] = line.split(' ');
    if (from === undefined || to === undefined || !from.startsWith(base)) {
      problems.push(`${REDIRECT_RULES.netlify}: cannot read the rule "${line}"`);
      continue;
    }
    const page = join(outDir, from.slice(base.length));
    const landing = target(outDir, base, from.slice(base.length), to);
    if (!landing || !isFile(landing)) problems.push(`${REDIRECT_RULES.netlify}: ${from} leads to ${to}, which is not in the site`);
    if (!isFile(page)) problems.push(`${from}: the redirect page is missing`);
    else if (!readFileSync(page, 'utf8').includes(`url=${to}"`)) problems.push(`${from}: the redirect page does not lead to ${to}`);
    if (!nginx.includes(`"${from}" "${to}";`)) problems.push(`${REDIRECT_RULES.nginx}: has no rule for ${from}`);
  }
  return problems;
}
