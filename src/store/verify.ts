/**
 * `threadline verify`: check a built site against the store it was built from. Nothing may be
 * lost: every imported message has its page and its complete raw file, every link between pages
 * resolves, and every index lists each of its messages exactly once.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { decodeHTML } from 'entities';
import { attachmentExtension, paths } from '../lib/urls.ts';
import { MAX_THREAD_PAGE_MESSAGES, monthMessages, threadSlug } from '../lib/views.ts';
import type { ListStore, ListSummary } from './import.ts';
import { walkFiles } from './walk.ts';

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
 * Where a link lands in the site folder: undefined for a link off the site (a scheme) or to an
 * anchor on the same page, null for a path outside `base`.
 */
function target(outDir: string, base: string, url: string): string | null | undefined {
  if (/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(url)) return undefined;
  const path = url.replace(/[?#].*$/, '');
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
 */
export async function brokenLinks(outDir: string, base: string): Promise<{ pages: number; links: number; broken: [string, string][] }> {
  const broken: [string, string][] = [];
  const known = new Map<string, boolean>();
  let pages = 0;
  let links = 0;
  for (const file of await walkFiles(outDir)) {
    if (!file.endsWith('.html')) continue;
    pages++;
    for (const match of (await readFile(file, 'utf8')).matchAll(LINK)) {
      const url = decodeHTML(match[1]!);
      const to = target(outDir, base, url);
      if (to === undefined) continue;
      links++;
      let ok = to !== null ? known.get(to) : false;
      if (ok === undefined) {
        ok = isFile(to!);
        known.set(to!, ok);
      }
      if (!ok) broken.push([relative(outDir, file).split(sep).join('/'), url]);
    }
  }
  return { pages, links, broken };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Message page paths linked from a page, with how often each is linked. */
function messageLinks(html: string, prefix: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of html.matchAll(LINK)) {
    const url = decodeHTML(match[1]!);
    if (url.startsWith(prefix)) counts.set(url, (counts.get(url) ?? 0) + 1);
  }
  return counts;
}

/**
 * Check that every message of a list has its page, its complete raw file and its attachments,
 * and count pages per mbox file.
 *
 * @param outDir the built site
 * @param list the list's name
 * @param store the list's store
 */
export function checkMessageFiles(outDir: string, list: string, store: ListStore): { files: FileReconciliation[]; problems: string[] } {
  const problems: string[] = [];
  if (!Array.isArray(store.sources)) throw new Error(`the store of ${list} was written by an older Threadline: run "threadline import" (or "threadline build") again, then verify`);
  const files = store.sources.map((file) => ({ list, file, messages: 0, pages: 0 }));
  for (const m of store.index.messages) {
    const [file, , , , rawLength] = store.bodies[m.n]!;
    const counted = files[file]!;
    counted.messages++;
    const name = `${list}: message <${m.messageId}> from ${counted.file}`;
    const page = join(outDir, paths.message(list, m.slug), 'index.html');
    if (isFile(page)) counted.pages++;
    else problems.push(`${name} has no page (${relative(outDir, page)})`);
    const raw = join(outDir, paths.raw(list, m.slug));
    if (!isFile(raw)) problems.push(`${name} has no raw file (${relative(outDir, raw)})`);
    else if (statSync(raw).size !== rawLength) problems.push(`${name}: its raw file has ${statSync(raw).size} bytes, the store holds ${rawLength}`);
    (store.attachments[m.n] ?? []).forEach((type, k) => {
      const path = join(outDir, paths.attachment(list, m.slug, k, attachmentExtension(type)));
      if (!isFile(path)) problems.push(`${name}: attachment ${k + 1} is missing (${relative(outDir, path)})`);
    });
  }
  return { files, problems };
}

/**
 * Check the site in `outDir` against the store in `storeDir`.
 *
 * @param options the store, the site and the base path it was built for
 */
export async function verifySite(options: { storeDir: string; outDir: string; base: string }): Promise<VerifyResult> {
  const { storeDir, outDir, base } = options;
  const problems: string[] = [];
  const result: VerifyResult = { messages: 0, pages: 0, links: 0, files: [], problems };
  const lists = JSON.parse(await readFile(join(storeDir, 'store', 'lists.json'), 'utf8')) as ListSummary[];

  for (const l of lists) {
    const list = l.config.name;
    const store = JSON.parse(await readFile(join(storeDir, 'store', list, 'index.json'), 'utf8')) as ListStore;
    const index = store.index;
    const pageOf = (slug: string) => `${base}${paths.message(list, slug)}`;
    const checked = checkMessageFiles(outDir, list, store);
    result.messages += index.messages.length;
    result.files.push(...checked.files);
    problems.push(...checked.problems);
    for (const f of checked.files) {
      if (f.pages !== f.messages) problems.push(`${list}: ${f.file} has ${f.messages} messages but ${f.pages} message pages`);
    }

    // Every month's date and thread index lists each of its messages exactly once, and no other.
    for (const { month } of index.months) {
      const expected = new Set(monthMessages(index, month).map((m) => pageOf(m.slug)));
      for (const [kind, path] of [['date index', paths.month(list, month)], ['thread index', paths.monthThreads(list, month)]] as const) {
        const file = join(outDir, path, 'index.html');
        if (!isFile(file)) {
          problems.push(`${list}: the ${kind} of ${month} is missing (${relative(outDir, file)})`);
          continue;
        }
        const links = messageLinks(await readFile(file, 'utf8'), `${base}${list}/m/`);
        for (const url of expected) {
          const count = links.get(url) ?? 0;
          if (count !== 1) problems.push(`${list}: the ${kind} of ${month} lists ${url} ${count} times, not once`);
        }
        for (const url of links.keys()) if (!expected.has(url)) problems.push(`${list}: the ${kind} of ${month} lists ${url}, a message of another month`);
      }
    }

    // Every thread page shows its messages (up to the page limit) exactly once, by anchor.
    for (const t of index.threads) {
      const file = join(outDir, paths.thread(list, threadSlug(index, t.n)), 'index.html');
      if (!isFile(file)) {
        problems.push(`${list}: thread ${threadSlug(index, t.n)} has no page (${relative(outDir, file)})`);
        continue;
      }
      const html = await readFile(file, 'utf8');
      const ids = new Map<string, number>();
      for (const match of html.matchAll(ID)) ids.set(decodeHTML(match[1]!), (ids.get(decodeHTML(match[1]!)) ?? 0) + 1);
      for (const n of t.messages.slice(0, MAX_THREAD_PAGE_MESSAGES)) {
        const slug = index.messages[n]!.slug;
        if (ids.get(slug) !== 1) problems.push(`${list}: thread page ${threadSlug(index, t.n)} shows <${index.messages[n]!.messageId}> ${ids.get(slug) ?? 0} times, not once`);
      }
    }
  }

  // Every link from every page to the site resolves to a file in it.
  const links = await brokenLinks(outDir, base);
  result.pages = links.pages;
  result.links = links.links;
  for (const [page, link] of links.broken) problems.push(`${page}: link ${link} leads nowhere`);
  if (!existsSync(join(outDir, 'index.html'))) problems.push('the site has no home page (index.html)');
  return result;
}
