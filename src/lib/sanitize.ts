/**
 * The one sanitizer for HTML from mail: rehype-parse → our transforms → rehype-sanitize (an
 * allow-list) → heading demotion → rehype-stringify. Everything an HTML part can do to a reader is
 * refused here: scripts, event handlers, forms, frames, `<base>`, `<meta>`, styles, `javascript:`
 * and `data:` URLs, and remote loads (remote images are tracking pixels as often as not).
 */
import type { Element, ElementContent, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import type { Options as Schema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { visit, SKIP } from 'unist-util-visit';
import type { Obfuscation } from './list-config.ts';
import { obfuscateText } from './obfuscate.ts';

declare module 'vfile' {
  interface DataMap {
    /** Options of the message being sanitised, passed through the frozen processor. */
    mail: HtmlOptions;
  }
}

/** HTML parts longer than this are not rendered (the text part or raw message still is). */
export const MAX_HTML_CHARS = 2 * 1024 * 1024;

// Attributes no mail needs and some attacks use (form submission, old layout hooks).
const DROPPED_GLOBAL = new Set(['accept', 'acceptCharset', 'action', 'method', 'encType', 'accessKey', 'tabIndex', 'name', 'id']);

/** The allow-list: GitHub's schema, narrowed for mail and widened for the tags mail clients write. */
export const MAIL_SCHEMA: Schema = {
  ...defaultSchema,
  tagNames: [
    ...(defaultSchema.tagNames ?? []).filter((t) => !['input', 'picture', 'source'].includes(t)),
    'font', 'span', 'u', 'center', 'small', 'big', 'caption', 'col', 'colgroup', 'abbr', 'address', 'cite',
  ],
  attributes: {
    ...defaultSchema.attributes,
    '*': (defaultSchema.attributes?.['*'] ?? []).filter((a) => typeof a !== 'string' || !DROPPED_GLOBAL.has(a)),
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    font: ['color', 'face', 'size'],
    span: [['className', 'blocked']],
    input: [],
  },
  protocols: {
    href: ['http', 'https', 'ftp', 'mailto'],
    cite: ['http', 'https'],
    // No scheme at all: only our own relative attachment URLs survive the rewrite below.
    src: [],
    longDesc: [],
  },
  strip: ['script', 'style', 'title', 'head', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'form', 'select', 'textarea', 'button', 'meta', 'base', 'link'],
  clobberPrefix: 'mail-',
};

/** The alt text of an inline image that came without one (and without a title to stand in). */
export const IMAGE_ALT = 'image';

/**
 * The level a mail's highest heading takes on a page: below the page's own h1 (the subject on a
 * message page) and h2 (each message on a thread page), so a page keeps one h1.
 */
export const MAIL_TOP_HEADING = 3;

/** How an HTML part is rendered. */
export interface HtmlOptions {
  obfuscation: Obfuscation;
  /** The URL of an inline attachment by Content-ID (`cid:` images), or undefined. */
  cidHref?: (contentId: string) => string | undefined;
}

function placeholder(label: string): Element {
  return { type: 'element', tagName: 'span', properties: { className: ['blocked'] }, children: [{ type: 'text', value: label }] };
}

/**
 * Rewrite images and links before the allow-list sees them (it can only keep or drop); a unified
 * plugin, shared by every tree that ends in `MAIL_SCHEMA` (HTML parts, Markdown notes).
 */
export function mailTransforms() {
  return (tree: Root, file: VFile): void => {
    const options: HtmlOptions = file.data.mail ?? { obfuscation: 'full' };
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'img' && parent && index !== undefined) {
        const src = String(node.properties['src'] ?? '');
        const alt = String(node.properties['alt'] ?? '');
        const cid = /^cid:(.+)$/i.exec(src)?.[1];
        const local = cid === undefined ? undefined : options.cidHref?.(cid.replace(/^<|>$/g, ''));
        if (local !== undefined) {
          node.properties['src'] = local;
          // Mail clients paste screenshots with no alt; a screen reader would then read out our
          // attachment file name. An empty alt is the sender marking it decorative, so it stays.
          if (node.properties['alt'] === undefined || node.properties['alt'] === null) {
            const title = String(node.properties['title'] ?? '').trim();
            node.properties['alt'] = title || IMAGE_ALT;
          }
          return SKIP;
        }
        const label = /^https?:/i.test(src) ? `[remote image not loaded${alt ? `: ${alt}` : ''}]` : `[image${alt ? `: ${alt}` : ''}]`;
        parent.children.splice(index, 1, placeholder(label) as ElementContent);
        return SKIP;
      }
      if (node.tagName === 'a') {
        const href = String(node.properties['href'] ?? '').trim();
        // A relative link in mail points nowhere useful, and on this site it would point into the
        // archive itself; only absolute links to the allowed schemes stay.
        if (!/^(?:https?|ftp):\/\/|^mailto:/i.test(href)) delete node.properties['href'];
        else if (/^mailto:/i.test(href) && options.obfuscation !== 'none') delete node.properties['href'];
        node.properties['rel'] = ['nofollow', 'noopener', 'noreferrer'];
      }
      return undefined;
    });
    visit(tree, 'text', (node) => {
      node.value = obfuscateText(node.value, options.obfuscation);
    });
  };
}

const HEADING = /^h([1-6])$/;

/**
 * Demote an HTML part's headings so its highest one is `MAIL_TOP_HEADING`, the rest keeping their
 * distance below it (down to h6); a unified plugin. A newsletter's `<h1>` would otherwise be a
 * second h1 on the page, and its `<h2>`s would sit beside the page's own sections.
 */
export function demoteHeadings() {
  return (tree: Root): void => {
    let top = 7;
    visit(tree, 'element', (node: Element) => {
      const level = Number(HEADING.exec(node.tagName)?.[1] ?? 7);
      if (level < top) top = level;
    });
    // Headings already low enough stay as they are: only demoted, never promoted.
    const shift = Math.max(0, MAIL_TOP_HEADING - top);
    if (shift === 0) return;
    visit(tree, 'element', (node: Element) => {
      const level = HEADING.exec(node.tagName)?.[1];
      if (level !== undefined) node.tagName = `h${Math.min(6, Number(level) + shift)}`;
    });
  };
}

let frozen: ReturnType<typeof build> | undefined;

function build() {
  // Headings are counted after the allow-list, so one inside stripped markup (an `<object>`) does not count.
  return unified().use(rehypeParse, { fragment: true }).use(mailTransforms).use(rehypeSanitize, MAIL_SCHEMA).use(demoteHeadings).use(rehypeStringify).freeze();
}

function processor(): ReturnType<typeof build> {
  frozen ??= build();
  return frozen;
}

/**
 * Sanitise an HTML part for display inside a page.
 *
 * @param html the HTML part as sent
 * @param options obfuscation and inline-image URLs
 * @returns safe HTML, or undefined when the part is too large or too deeply nested to render
 */
export function sanitizeHtml(html: string, options: HtmlOptions): string | undefined {
  if (html.length > MAX_HTML_CHARS) return undefined;
  try {
    // The processor is built once; per-message options travel in the file's data.
    const file = processor().processSync({ value: html, data: { mail: options } });
    return String(file);
  } catch (error) {
    // The hast utilities walk trees recursively; markup nested thousands deep (an attack, or a
    // broken generator) overflows the stack. The page then shows the text part instead.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
