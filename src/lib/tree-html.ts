/**
 * Rows of a thread tree as HTML. Every page of a thread shows up to MAX_TREE_ROWS rows of the same
 * tree; rendered row by row through the page templates, those rows were the largest single cost of
 * a build. Rows are built here as hast and serialised once (html.ts escapes every text and
 * attribute), so a page joins strings it already has.
 */
import type { Element, ElementContent } from 'hast';
import { writeHtml } from './html.ts';
import type { IndexedMessage } from './archive.ts';
import { formatDay } from './dates.ts';
import { senderLabel } from './format.ts';
import type { Obfuscation } from './list-config.ts';
import type { TreeRow } from './views.ts';

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
  /** Say "depth N" on rows indented less than their depth (thread trees; month indexes do not). */
  showDepth: boolean;
}

const text = (value: string): ElementContent => ({ type: 'text', value });
const span = (className: string | undefined, children: ElementContent[], extra: Record<string, string> = {}): Element => ({
  type: 'element',
  tagName: 'span',
  properties: { ...(className ? { className: [className] } : {}), ...extra },
  children,
});

/**
 * One row of a tree as an `<li>`: the subject linked (or marked as the current page), sender, day.
 *
 * @param messages the messages of the tree, by position
 * @param row the row
 * @param options links, obfuscation and whether depth is shown
 * @param current whether the row is the page's own message (not linked, `aria-current`)
 */
export function treeRowHtml(messages: TreeMessages, row: TreeRow, options: TreeRowOptions, current = false): string {
  const children: ElementContent[] = [];
  const classes = [`d${row.indent}`];
  if (row.n < 0) {
    children.push(span('tag', [text('not in archive')]), text(' '), span('muted', [text(`<${row.ghost ?? ''}>`)]));
  } else {
    const m = messages[row.n]!;
    const subject = text(m.subject || '(no subject)');
    if (current) {
      classes.push('here');
      children.push(span(undefined, [subject], { ariaCurrent: 'page' }));
    } else {
      children.push({ type: 'element', tagName: 'a', properties: { href: options.link(row.n) }, children: [subject] });
    }
    if (m.inferred) children.push(text(' '), span('tag', [text('inferred')], { title: 'linked by subject only: the message has no In-Reply-To or References' }));
    children.push(text(' '), span('who', [text(senderLabel(m.fromName, m.fromAddress, options.obfuscation))]));
    children.push(text(' '), span('when', [text(formatDay(m.dateMs))]));
    if (options.showDepth && row.depth > row.indent) children.push(text(' '), span('tag', [text(`depth ${row.depth}`)]));
  }
  return writeHtml({ type: 'element', tagName: 'li', properties: { className: classes }, children });
}

/**
 * Every row of a tree as HTML, in order.
 *
 * @param messages the messages of the tree, by position
 * @param rows the tree's rows
 * @param options links, obfuscation and whether depth is shown
 */
export function treeRowsHtml(messages: TreeMessages, rows: readonly TreeRow[], options: TreeRowOptions): string[] {
  return rows.map((row) => treeRowHtml(messages, row, options));
}
