/**
 * The kinds of file a site holds, counted for the build's report (`SiteReport.files`): each site
 * path (see `paths` in lib/urls.ts) is one kind.
 */
import { paths } from '../lib/urls.ts';

/** Files of the site by kind. */
export interface FileCounts {
  message: number;
  thread: number;
  raw: number;
  attachment: number;
  month: number;
  monthThreads: number;
  list: number;
  minutes: number;
  patches: number;
  search: number;
  /** mbox downloads, feeds, author pages, redirect pages. */
  mbox: number;
  feed: number;
  author: number;
  redirect: number;
  other: number;
}

/** A list's month folder (`<list>/<yyyy>-<mm>/`). */
const MONTH_FOLDER = /^\d{4}-\d{2}$/;

/**
 * What kind of file a site path is, for the report's counts. Every file of the site is counted at
 * every build, in its last, single-threaded phase: the path's segments are found by position, not
 * split into arrays, which took several times as long.
 *
 * @param path the file's site path (`<list>/m/<slug>/` for a page)
 */
export function kindOf(path: string): keyof FileCounts {
  if (path.startsWith(paths.search())) return 'search';
  // No list is named `id` (see `siteNameTaken`): the lookup page is not a list's home.
  if (path === paths.lookup()) return 'other';
  const a = path.indexOf('/');
  if (a < 0) return path.endsWith('.mbox.gz') ? 'mbox' : path.endsWith('.html') && path !== '404.html' ? 'redirect' : 'other';
  // The second segment, `<second>` of `<list>/<second>/...`; b and c are the slashes after it and the third.
  const b = path.indexOf('/', a + 1);
  const second = path.slice(a + 1, b < 0 ? path.length : b);
  // A list's patch pages, series mbox files and lost-series feed are counted together.
  if (second === 'patches') return 'patches';
  if (path.endsWith('.mbox.gz')) return 'mbox';
  if (path.endsWith('.html') && !path.endsWith('/index.html')) return 'redirect';
  if (path.endsWith('/atom.xml') || path.endsWith('/threads.atom')) return 'feed';
  if (second === 'authors') return 'author';
  const c = b < 0 ? -1 : path.indexOf('/', b + 1);
  if (second === 'm') {
    // `<list>/m/<slug>/` is a message's page, `<list>/m/<slug>/raw.txt` its raw file.
    if (c < 0) return 'attachment';
    if (c === path.length - 1) return 'message';
    const d = path.indexOf('/', c + 1);
    return path.slice(c + 1, d < 0 ? path.length : d) === 'raw.txt' ? 'raw' : 'attachment';
  }
  if (second === 't') return 'thread';
  if (second === 'minutes') return 'minutes';
  if (MONTH_FOLDER.test(second)) return b >= 0 && path.slice(b + 1, c < 0 ? path.length : c) === 'threads' ? 'monthThreads' : 'month';
  return b < 0 && second === '' ? 'list' : 'other';
}
