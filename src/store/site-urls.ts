/**
 * Every page path of the site, in a stable order: for the sitemap and for checks of a build.
 */
import { paths } from '../lib/urls.ts';
import { threadSlug } from '../lib/views.ts';
import { loadList, loadLists } from './site-data.ts';

let pagePaths: string[] | undefined;

/** Every HTML page's site path (relative to the base); computed once per build, for every sitemap file. */
export function allPagePaths(): string[] {
  if (pagePaths) return pagePaths;
  const out = [paths.home()];
  for (const l of loadLists()) {
    const name = l.config.name;
    const index = loadList(name).index;
    out.push(paths.list(name), paths.minutes(name), paths.minutesActions(name), paths.minutesDecisions(name));
    for (const m of index.months) out.push(paths.month(name, m.month), paths.monthThreads(name, m.month));
    for (const t of index.threads) out.push(paths.thread(name, threadSlug(index, t.n)));
    for (const m of index.messages) out.push(paths.message(name, m.slug));
  }
  pagePaths = out;
  return out;
}

/** Route parameters of the month pages (date and thread index): every list's months. */
export function monthRoutes(): { params: { list: string; month: string } }[] {
  return loadLists().flatMap((l) => loadList(l.config.name).index.months.map((m) => ({ params: { list: l.config.name, month: m.month } })));
}

/** Route parameters of the per-list pages (list home, minutes pages). */
export function listRoutes(): { params: { list: string } }[] {
  return loadLists().map((l) => ({ params: { list: l.config.name } }));
}
