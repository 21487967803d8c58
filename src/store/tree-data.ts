/**
 * The thread tree a message page shows. Pages are built in date order, so the pages of one thread
 * come close together: each thread's rows are serialised once and kept for the next page of it.
 */
import type { ThreadTreeHtml } from '../lib/message-html.ts';
import { treeRowHtml, treeRowsHtml, type TreeRowOptions } from '../lib/tree-html.ts';
import { href, paths } from '../lib/urls.ts';
import { threadRows, treeWindow, type TreeRow } from '../lib/views.ts';
import { loadList } from './site-data.ts';

/** Threads whose rows are kept; a month of a busy list has a few hundred threads going. */
export const TREE_CACHE_SIZE = 1024;

const trees = new Map<string, { rows: TreeRow[]; html: string[] }>();

/**
 * How a list's tree rows are written: each message linked to its page, or to its anchor when it is
 * on the page itself (a thread page).
 *
 * @param list the list's name
 * @param base the site's base path
 * @param showDepth whether rows say the depth they are not indented to
 * @param anchors messages shown on the page, linked by anchor
 */
export function treeRowOptions(list: string, base: string, showDepth: boolean, anchors?: ReadonlySet<number>): TreeRowOptions {
  const store = loadList(list);
  const messages = store.index.messages;
  return {
    link: (n) => (anchors?.has(n) ? `#${messages[n]!.slug}` : href(base, paths.message(list, messages[n]!.slug))),
    obfuscation: store.config.obfuscation,
    showDepth,
  };
}

/**
 * Every row of a thread's tree for its thread page, the messages shown there linked by anchor.
 *
 * @param list the list's name
 * @param thread the thread's position
 * @param anchors messages shown on the page
 * @param base the site's base path
 */
export function threadPageTree(list: string, thread: number, anchors: ReadonlySet<number>, base: string): string {
  const index = loadList(list).index;
  return treeRowsHtml(index, threadRows(index, thread), treeRowOptions(list, base, true, anchors)).join('');
}

/**
 * The tree rows of a message page: a window of its thread, with the message itself marked.
 *
 * @param list the list's name
 * @param thread the thread's position
 * @param current the page's message
 * @param base the site's base path
 */
export function messagePageTree(list: string, thread: number, current: number, base: string): ThreadTreeHtml {
  const index = loadList(list).index;
  const options = treeRowOptions(list, base, true);
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
  return { rows: html.join(''), before, after };
}
