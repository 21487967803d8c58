/**
 * Redirects from an old archive's URLs (MHonArc's `2014-01/msg02670.html`) to Threadline's pages.
 *
 * `threadline migrate-mhonarc` records, per list, which message or index each old page showed,
 * by Message-ID (the map below, a file in the list's archive folder); each build resolves it
 * against the list's index and writes a static page at each old path (a meta refresh and a
 * canonical link, no script), plus the same redirects for hosts that take them as rules:
 * `_redirects` (Netlify, Cloudflare Pages) and an nginx `map`.
 */
import type { ArchiveIndex, IndexedMessage } from './archive.ts';
import { isSyntheticMessageId } from './message-id.ts';
import { escapeXml } from './sitemap.ts';
import { paths } from './urls.ts';

/** The redirect map's file name in a list's archive folder. */
export const REDIRECT_MAP_FILE = 'mhonarc-redirects.json';
/** The redirect rules' files at the site's root. */
export const REDIRECT_RULES = { netlify: '_redirects', nginx: 'nginx-redirects.map' } as const;

/**
 * What one old page showed: a message, by its Message-ID (null when it had none: then by its
 * date, when it had one), or a date or thread index, by the Message-IDs of the messages it
 * listed (and the dates of those without one).
 */
export type OldPage = { message: string | null; date?: number } | { index: 'date' | 'thread'; messages: string[]; dates?: number[] };

/** A list's redirect map, as the migrate command writes it. */
export interface RedirectMap {
  version: 1;
  /** Where the old archive was, relative to the site's base: `archives/dev/` (or `` for the base itself). */
  prefix: string;
  /** Old paths under the prefix (`2014-01/msg02670.html`) and what they showed. */
  pages: Record<string, OldPage>;
}

/** Thrown for a redirect map or option that cannot be used; the message says how to fix it. */
export class RedirectMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedirectMapError';
  }
}

// Old paths become files in the site: plain relative names only, never `..` or a scheme.
const SAFE_PATH = /^(?:[A-Za-z0-9_][A-Za-z0-9._~-]*\/)*[A-Za-z0-9_][A-Za-z0-9._~-]*\.html?$/;

/**
 * Check a `--prefix`: a relative path of plain segments; returns it with a trailing slash.
 *
 * @param prefix as the user gave it (leading and trailing slashes allowed)
 */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  if (!trimmed.split('/').every((s) => /^[A-Za-z0-9_][A-Za-z0-9._~-]*$/.test(s))) {
    throw new RedirectMapError(`--prefix must be the old archive's path under the site's base, such as "archives/dev", not ${JSON.stringify(prefix)}`);
  }
  return `${trimmed}/`;
}

/**
 * Whether an old path may become a file of the site.
 *
 * @param path relative to the prefix
 */
export function isSafeOldPath(path: string): boolean {
  return SAFE_PATH.test(path) && !path.split('/').some((s) => s === '.' || s === '..');
}

/**
 * Read a redirect map file's parsed JSON, strictly (it is written by the command, or by hand).
 *
 * @param raw the parsed JSON
 * @param where the file's path, for messages
 */
export function readRedirectMap(raw: unknown, where: string): RedirectMap {
  const bad = (what: string) => new RedirectMapError(`${where}: ${what}; write it again with "threadline migrate-mhonarc"`);
  if (typeof raw !== 'object' || raw === null) throw bad('not a redirect map');
  const map = raw as Partial<RedirectMap>;
  if (map.version !== 1) throw bad('unknown version');
  const prefix = normalizePrefix(typeof map.prefix === 'string' ? map.prefix : '');
  if (typeof map.pages !== 'object' || map.pages === null) throw bad('no "pages"');
  const pages: Record<string, OldPage> = {};
  for (const [path, page] of Object.entries(map.pages)) {
    if (!isSafeOldPath(path)) throw bad(`the old path ${JSON.stringify(path)} is not a plain relative .html path`);
    if (page && 'message' in page && (page.message === null || typeof page.message === 'string') && (page.date === undefined || (page.message === null && Number.isFinite(page.date)))) {
      pages[path] = page.date === undefined ? { message: page.message } : { message: page.message, date: page.date };
    } else if (page && 'index' in page && (page.index === 'date' || page.index === 'thread') && Array.isArray(page.messages) && page.messages.every((m) => typeof m === 'string') && (page.dates === undefined || (Array.isArray(page.dates) && page.dates.every((d) => Number.isFinite(d))))) {
      pages[path] = page.dates === undefined ? { index: page.index, messages: page.messages } : { index: page.index, messages: page.messages, dates: page.dates };
    } else throw bad(`the entry for ${JSON.stringify(path)} is neither a message nor an index`);
  }
  return { version: 1, prefix, pages };
}

/** One redirect: an old site path and the page it now is (both relative to the base). */
export interface Redirect {
  from: string;
  to: string;
  /** The old page's message or index is not in the archive: it leads to the list's home. */
  unresolved: boolean;
}

/**
 * Resolve a list's redirect map against its index: a message page leads to the message, an index
 * page to the date or thread index of the month most of its messages are in; anything the archive
 * does not hold leads to the list's home page. A message without a Message-ID (the archive made
 * one up for it, see `isSyntheticMessageId`) is found by its date, when exactly one such message of
 * the list was sent at that millisecond.
 *
 * @param map the list's redirect map
 * @param list the list's name
 * @param index the list's index
 * @param slugs archived Message-IDs and their slugs (the first message of each id)
 */
export function resolveRedirects(map: RedirectMap, list: string, index: ArchiveIndex, slugs: ReadonlyMap<string, string>): Redirect[] {
  const monthOf = new Map<string, string>();
  for (const m of index.messages) if (!monthOf.has(m.messageId)) monthOf.set(m.messageId, m.month);
  // Messages without a Message-ID, by date: null where two share one.
  const withoutId = new Map<number, IndexedMessage | null>();
  for (const m of index.messages) if (isSyntheticMessageId(m.messageId)) withoutId.set(m.dateMs, withoutId.has(m.dateMs) ? null : m);
  const out: Redirect[] = [];
  for (const path of Object.keys(map.pages).sort()) {
    const page = map.pages[path]!;
    let to: string | undefined;
    if ('message' in page) {
      const slug = page.message === null ? (page.date === undefined ? undefined : withoutId.get(page.date)?.slug) : slugs.get(page.message);
      if (slug !== undefined) to = paths.message(list, slug);
    } else {
      const counts = new Map<string, number>();
      const count = (month: string | undefined) => {
        if (month !== undefined) counts.set(month, (counts.get(month) ?? 0) + 1);
      };
      for (const id of page.messages) count(monthOf.get(id));
      for (const date of page.dates ?? []) count(withoutId.get(date)?.month);
      // The month most of the page's messages are in; the earlier month on a tie.
      const month = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
      if (month !== undefined) to = page.index === 'date' ? paths.month(list, month) : paths.monthThreads(list, month);
    }
    out.push({ from: `${map.prefix}${path}`, to: to ?? paths.list(list), unresolved: to === undefined });
  }
  return out;
}

/**
 * A static redirect page: a meta refresh and a canonical link, no script, not indexed.
 *
 * @param target the new page's path from the host's root (`/archives/dev/m/…/`)
 * @param canonical the new page's absolute URL when the site's origin is known, else the path
 * @param icon the site's icon, linked so a browser asks for no other
 */
export function redirectPageHtml(target: string, canonical: string = target, icon?: string): string {
  const url = escapeXml(target);
  // The site's icon, so a browser does not ask for /favicon.ico on the way through.
  const iconLink = icon === undefined ? '' : `<link rel="icon" href="${escapeXml(icon)}" type="image/svg+xml">`;
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>This page has moved</title><meta name="robots" content="noindex"><link rel="canonical" href="${escapeXml(canonical)}">${iconLink}<meta http-equiv="refresh" content="0; url=${url}"></head><body><p>This page has moved to <a href="${url}">${url}</a>.</p></body></html>\n`;
}

/**
 * `_redirects` for Netlify and Cloudflare Pages: one permanent redirect a line. Cloudflare applies
 * a rule before the file at its path; Netlify serves the file (the redirect page) unless the code
 * is forced with `301!`, which Cloudflare does not read, so the plain form is written.
 *
 * @param redirects the redirects
 * @param base the site's base path
 */
export function netlifyRedirects(redirects: readonly Redirect[], base: string): string {
  return redirects.map((r) => `${base}${r.from} ${base}${r.to} 301\n`).join('');
}

/**
 * An nginx `map` of old paths to new ones, for `include` inside a `map $uri $threadline_redirect
 * { … }` block (see the README).
 *
 * @param redirects the redirects
 * @param base the site's base path
 */
export function nginxRedirectMap(redirects: readonly Redirect[], base: string): string {
  // Paths are plain (see isSafeOldPath, urls.ts); quoting keeps nginx from reading `;` or `{` in a slug.
  const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  return redirects.map((r) => `${quote(`${base}${r.from}`)} ${quote(`${base}${r.to}`)};\n`).join('');
}
