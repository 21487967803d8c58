/**
 * Minutes written in Markdown (`#` headings, lists, links, tables) shown as Markdown: remark-parse
 * (with GitHub's tables and task lists) → remark-rehype → the same transforms and allow-list as
 * HTML parts (sanitize.ts). Raw HTML inside the Markdown is dropped, not passed through. The page
 * keeps the original text one click away; headings carry the minutes' section anchors so links
 * into the minutes work on either view.
 */
import type { Element, Root } from 'hast';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { writeHtml } from './html.ts';
import type { MinutesSection } from './minutes.ts';
import { MAIL_SCHEMA, mailTransforms, type HtmlOptions } from './sanitize.ts';

/**
 * Markdown longer than this is shown as plain text: notes are far shorter, and remark's time grows
 * faster than the text on long lines (an 80 KB patch took 3 s on linux-btrfs).
 */
export const MAX_MARKDOWN_CHARS = 64 * 1024;

const ATX = /^ {0,3}#{1,6}[ \t]+\S/;
const LIST = /^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S/;
const LINK = /\[[^\]\n]{1,200}\]\((?:https?:|mailto:)[^)\s]{1,2000}\)/i;
const TABLE_RULE = /^ {0,3}\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*\|?\s*$/;

/**
 * Whether a message's own text is written in Markdown: two `#` headings, or one with a list, a
 * link or a table, or a table alone. Quoted lines do not count (a reply quoting Markdown is not
 * Markdown), nor does a `#` followed by no space (`#1`, `#webui`); a patch never is.
 *
 * @param text the message's plain text
 */
export function looksLikeMarkdown(text: string): boolean {
  if (text.length > MAX_MARKDOWN_CHARS) return false;
  let headings = 0;
  let lists = 0;
  let links = 0;
  let table = false;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    // A patch has "-" and "#" lines of its own; it is never notes.
    if (/^(?:diff --git |@@ -\d|--- a\/|\+\+\+ b\/|Index: )/.test(line)) return false;
    if (/^\s*>/.test(line)) continue;
    if (ATX.test(line)) headings++;
    else if (LIST.test(line)) lists++;
    if (LINK.test(line)) links++;
    if (TABLE_RULE.test(line) && line.includes('-') && line.includes('|')) table = true;
  }
  return headings >= 2 || (headings === 1 && (lists > 0 || links > 0 || table)) || table;
}

let frozen: ReturnType<typeof build> | undefined;

function build() {
  return unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(mailTransforms).use(rehypeSanitize, MAIL_SCHEMA).freeze();
}

const textOf = (node: Element): string => {
  let out = '';
  visit(node, 'text', (t) => {
    out += t.value;
  });
  return out.replace(/\s+/g, ' ').trim();
};

/**
 * Markdown notes as a sanitised hast tree, with each heading that is a section of the minutes given
 * that section's anchor (in order, by title). Undefined when the text is too long or nested too deep
 * to render; the page then shows the plain text.
 *
 * @param text the message's plain text
 * @param sections the minutes' sections, for the anchors
 * @param options obfuscation and inline-image URLs, as for HTML parts
 */
export function markdownNotesTree(text: string, sections: readonly MinutesSection[], options: HtmlOptions): Root | undefined {
  if (text.length > MAX_MARKDOWN_CHARS) return undefined;
  frozen ??= build();
  try {
    const file = new VFile({ value: text, data: { mail: options } });
    const tree = frozen.runSync(frozen.parse(file), file) as Root;
    // Anchors are our own slugs, set after the allow-list (which drops ids from mail).
    const pending = sections.filter((s) => s.kind === 'heading');
    visit(tree, 'element', (node: Element) => {
      if (!/^h[1-6]$/.test(node.tagName) || pending.length === 0) return;
      const title = textOf(node);
      const k = pending.findIndex((s) => s.title === title || title.endsWith(s.title));
      if (k < 0) return;
      node.properties = { ...node.properties, id: pending[k]!.anchor };
      pending.splice(0, k + 1);
    });
    return { type: 'root', children: [{ type: 'element', tagName: 'div', properties: { className: ['markdown'] }, children: tree.children.filter((c) => c.type !== 'doctype') as Element['children'] }] };
  } catch (error) {
    // The syntax-tree utilities recurse; Markdown nested thousands deep overflows the stack.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Markdown notes as HTML (see `markdownNotesTree`), or undefined.
 *
 * @param text the message's plain text
 * @param sections the minutes' sections, for the anchors
 * @param options obfuscation and inline-image URLs
 */
export function renderMarkdownNotes(text: string, sections: readonly MinutesSection[], options: HtmlOptions): string | undefined {
  const tree = markdownNotesTree(text, sections, options);
  return tree === undefined ? undefined : writeHtml(tree);
}
