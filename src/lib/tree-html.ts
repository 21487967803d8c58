/**
 * Thread trees as HTML: nested lists, so a screen reader says how deep a reply is ("list, level
 * 3") and a browser shows it without a script. Every page of a thread shows some of the same
 * rows; rendered row by row through the page templates, those rows were the largest single cost
 * of a build. So each row's content is built here as hast and serialised once (html.ts escapes
 * every text and attribute), and a page joins the strings it already has with the lists' tags.
 *
 * A row shows its sender and UTC day, and its subject only where the subject changes: in a thread of
 * 128 messages all called "Re: Plan", the subject said once is enough, and the rows stay one line.
 */
import type { Element, ElementContent } from 'hast';
import type { IndexedMessage } from './archive.ts';
import { formatUtcDateTime } from './dates.ts';
import { senderLabel } from './format.ts';
import { writeHtml } from './html.ts';
import type { Obfuscation } from './list-config.ts';
import type { UiStrings } from './ui-strings.ts';
import { MAX_TREE_INDENT, type TreeRow } from './views.ts';

/** What a row shows of a message. */
export type TreeMessage = Pick<IndexedMessage, 'slug' | 'subject' | 'fromName' | 'fromAddress' | 'dateMs' | 'inferred'>;

/** The messages a tree's rows show, by position in date order (a list's whole index, or only a thread's). */
export type TreeMessages = { readonly [n: number]: TreeMessage | undefined };

/** How rows are written. */
export interface TreeRowOptions {
  /** The link of a message: its page, or its anchor on a thread page. */
  link: (n: number) => string;
  /** The list's address obfuscation, for sender names. */
  obfuscation: Obfuscation;
  /** Say "depth N" on rows deeper than MAX_TREE_INDENT (thread trees; month indexes do not). */
  showDepth: boolean;
  /** The interface's words. */
  t: UiStrings;
}

const text = (value: string): ElementContent => ({ type: 'text', value });
const span = (className: string | undefined, children: ElementContent[], extra: Record<string, string> = {}): Element => ({
  type: 'element',
  tagName: 'span',
  properties: { ...(className ? { className: [className] } : {}), ...extra },
  children,
});

/**
 * The content of one row of a tree (what goes inside its `<li>`): the subject where it changes,
 * sender and day, one of them linked (or, on the message's own page, marked as the current page).
 *
 * @param messages the messages of the tree, by position
 * @param row the row
 * @param options links, obfuscation, whether depth is shown, the words
 * @param current whether the row is the page's own message (not linked, `aria-current`)
 * @param showSubject show the subject even when it did not change (the first row a list shows)
 */
export function treeRowHtml(messages: TreeMessages, row: TreeRow, options: TreeRowOptions, current = false, showSubject = false): string {
  const { t } = options;
  if (row.n < 0) {
    // A thread's root that is not in the archive: its replies hang together under it. The
    // Message-ID is no use as a line of the tree (a long string of a host's internals), but it
    // is what finds the message elsewhere: it stays in the title.
    return writeHtml(span('ghost', [text(t.ghostMessage)], { title: `<${row.ghost ?? ''}>` }));
  }
  const m = messages[row.n]!;
  const who = span('who', [text(senderLabel(m.fromName, m.fromAddress, options.obfuscation))]);
  const when: Element = { type: 'element', tagName: 'time', properties: { className: ['when'], dateTime: new Date(m.dateMs).toISOString() }, children: [text(formatUtcDateTime(m.dateMs))] };
  const children: ElementContent[] = [];
  const mark = (content: ElementContent[]): Element =>
    current ? span('self', content, { ariaCurrent: 'page' }) : { type: 'element', tagName: 'a', properties: { href: options.link(row.n) }, children: content };
  if (row.newSubject || showSubject) {
    children.push(mark([text(m.subject || t.noSubject)]), text(' '), who, text(' '), when);
  } else {
    children.push(mark([who, text(' '), when]));
  }
  if (m.inferred) children.push(text(' '), span('tag', [text(t.inferred)], { title: t.inferredTitle }));
  // A reply deeper than lists nest says how deep it is (in a message page's window too, whose
  // lists start at its first row).
  if (options.showDepth && row.depth > MAX_TREE_INDENT) children.push(text(' '), span('tag', [text(t.depth(row.depth))]));
  return writeHtml(children);
}

/**
 * The content of every row of a tree, in order.
 *
 * @param messages the messages of the tree, by position
 * @param rows the tree's rows
 * @param options links, obfuscation, whether depth is shown, the words
 */
export function treeRowsHtml(messages: TreeMessages, rows: readonly TreeRow[], options: TreeRowOptions): string[] {
  return rows.map((row, i) => treeRowHtml(messages, row, options, false, i === 0));
}

const item = (id: string, here: boolean): Element => ({ type: 'element', tagName: 'li', properties: { id, ...(here ? { className: ['here'] } : {}) }, children: [] });

/**
 * Rows as the items of nested lists: each row's `<li>` holds a `<ul>` of its replies. The outer
 * `<ul>` is the caller's, so a page can add items of its own around a tree.
 *
 * A level is at most one more than the row before's (as `threadRows`, `nestRows` and
 * `monthThreads` make them); a row that claims more is nested one deeper only, and the lists
 * nest at most MAX_TREE_INDENT deep (a 5,000-deep chain would pass browsers' nesting limits).
 *
 * @param rows the rows, in thread order
 * @param contents each row's content (see `treeRowHtml`)
 * @param current the position in `rows` of the page's own message, or -1
 * @param ids each row's item id, where it has one (a month's thread index anchors its entries)
 */
export function treeItemsHtml(rows: readonly TreeRow[], contents: readonly string[], current = -1, ids?: readonly (string | undefined)[]): string {
  let out = '';
  let level = -1;
  rows.forEach((row, i) => {
    const next = Math.max(0, Math.min(row.level, level + 1, MAX_TREE_INDENT));
    if (next > level && level >= 0) out += '<ul>';
    else if (level >= 0) out += `</li>${'</ul></li>'.repeat(level - next)}`;
    level = next;
    const id = ids?.[i];
    const open = id === undefined ? (i === current ? '<li class="here">' : '<li>') : writeHtml(item(id, i === current)).slice(0, -'</li>'.length);
    out += `${open}${contents[i] ?? ''}`;
  });
  if (level >= 0) out += `</li>${'</ul></li>'.repeat(level)}`;
  return out;
}
