/**
 * The thread tree a message page shows. Pages are built in date order, so the pages of one thread
 * come close together: each thread's rows are serialised once and kept for the next page of it.
 */
import { treeRowHtml, treeRowsHtml } from '../lib/tree-html.ts';
import { href, paths } from '../lib/urls.ts';
import { threadRows, treeWindow, type TreeRow } from '../lib/views.ts';
import { loadList } from './site-data.ts';

/** Threads whose rows are kept; a month of a busy list has a few hundred threads going. */
export const TREE_CACHE_SIZE = 1024;

const trees = new Map<string, { rows: TreeRow[]; html: string[] }>();

/** The part of a thread's tree shown on one of its message pages. */
export interface PageTree {
  /** The rows as `<li>` elements, the current message marked. */
  html: string;
  /** Rows of the thread left out before and after the window (see `treeWindow`). */
  before: number;
  after: number;
}

/**
 * The tree rows of a message page: a window of its thread, with the message itself marked.
 *
 * @param list the list's name
 * @param thread the thread's position
 * @param current the page's message
 * @param base the site's base path
 */
export function messagePageTree(list: string, thread: number, current: number, base: string): PageTree {
  const store = loadList(list);
  const index = store.index;
  const options = { link: (n: number) => href(base, paths.message(list, index.messages[n]!.slug)), obfuscation: store.config.obfuscation, showDepth: true };
  const key = `${base}\n${list}\n${thread}`;
  let tree = trees.get(key);
  if (tree) {
    trees.delete(key);
  } else {
    const rows = threadRows(index, thread);
    tree = { rows, html: treeRowsHtml(index, rows, options) };
    if (trees.size >= TREE_CACHE_SIZE) trees.delete(trees.keys().next().value!);
  }
  trees.set(key, tree);
  const { rows, before, after } = treeWindow(tree.rows, current);
  const html = rows.map((row, i) => (row.n === current ? treeRowHtml(index, row, options, true) : tree.html[before + i]!));
  return { html: html.join(''), before, after };
}
