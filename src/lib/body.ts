/**
 * Message bodies as HTML, through unified's syntax trees: plain text becomes a hast tree (quote
 * levels, folded quotes, signatures, diffs, links) serialised by `hast-util-to-html`, which escapes
 * every text node; HTML parts go through `rehype-sanitize` with the allow-list in `sanitize.ts`.
 */
import type { Element, ElementContent, Root } from 'hast';
import { writeHtml } from './html.ts';
import type { Obfuscation } from './list-config.ts';
import { obfuscateText } from './obfuscate.ts';
import { MAX_LOOSE_SIGNATURE_LINES, attributionEnd, forwardBelow, isSnipMarker, listFooterAt, quotedHeaderEnd, separatorKind, signatureAt } from './own-text.ts';
import { UI_STRINGS, type UiStrings } from './ui-strings.ts';

/** Quote levels deeper than this are drawn at this level (the `>` marks stay visible). */
export const MAX_QUOTE_DEPTH = 8;
/** A run of quoted lines longer than this is folded into `<details>` (no JavaScript needed). */
export const FOLD_QUOTED_LINES = 12;
/** Bodies longer than this many lines are cut, with a note pointing to the raw message. */
export const MAX_RENDERED_LINES = 50_000;
/** A folded message's summary shows at most this many characters of its own first words. */
export const MAX_EXCERPT_CHARS = 140;
/** An excerpt reads at most this many lines of a body to find them (a reply under a 5,000-line quote). */
export const MAX_EXCERPT_LINES = 400;

/** How a body is rendered. */
export interface BodyOptions {
  /** The list's address obfuscation, applied to text outside links. */
  obfuscation: Obfuscation;
  /** The page of a message in the archive, by Message-ID, for `<id@host>` mentions; undefined when not archived. */
  messageHref?: (messageId: string) => string | undefined;
  /** Where the raw message is, for the note on a cut body. */
  rawHref?: string;
  /** Minutes structure drawn over the text (see minutes.ts): headings and marked lines, by line. */
  overlay?: BodyOverlay;
  /** The interface's words (English when not given). */
  t?: UiStrings;
}

/** Headings and marks laid over the lines of a minutes message; the text is not changed. */
export interface BodyOverlay {
  headings: Map<number, { level: number; anchor: string; after: ElementContent[] }>;
  marks: Map<number, 'action' | 'decision' | 'note' | 'speaker'>;
}

// URLs we link, and only these schemes: http, https, ftp, mailto. A URL ends before whitespace,
// angle brackets or quotes; trailing punctuation belongs to the sentence.
const URL_OR_ID = /\b(?:https?:\/\/|ftp:\/\/|mailto:)[^\s<>"]+|<([^<>\s@]{1,200}@[^<>\s]{1,200})>/gi;
/**
 * Every Message-ID a text names as `<id@host>`, as the renderer finds them (it may link fewer:
 * none in the part of a long body it cuts).
 *
 * @param text a message's text
 */
export function mentionedMessageIds(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(URL_OR_ID)) if (match[1] !== undefined) ids.add(match[1]);
  return [...ids];
}

const DIFF_START = /^(?:diff --git |diff -|Index: |--- \S|@@ -\d)/;
const DIFF_LINE = /^(?:[ +\-\\]|@@ |diff |index |--- |\+\+\+ |new file mode|deleted file mode|old mode|new mode|similarity index|rename from|rename to|copy from|copy to|Binary files|$)/;

/**
 * Lines as the body renderer counts them: CRLF and lone CR end a line too. Overlays (minutes)
 * refer to these line numbers.
 *
 * @param text a message's text
 */
export function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

function element(tagName: string, className: string | undefined, children: ElementContent[], properties: Element['properties'] = {}): Element {
  return { type: 'element', tagName, properties: className ? { ...properties, className: [className] } : properties, children };
}

/** Links, Message-ID mentions and obfuscated text for one line (no line break). */
function inline(line: string, options: BodyOptions): ElementContent[] {
  // Every link needs a `:` (a scheme) or a `<` (a Message-ID): most lines have neither. With the
  // quote depth counted by hand (below), rendering every body of linux-btrfs 2020 took a third
  // less time than with a regex iterator made for each line.
  if (!line.includes(':') && !line.includes('<')) return line === '' ? [] : [text(obfuscateText(line, options.obfuscation))];
  const out: ElementContent[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_OR_ID)) {
    const at = match.index;
    let raw = match[0];
    const id = match[1];
    if (id !== undefined) {
      const target = options.messageHref?.(id);
      if (target === undefined) continue;
      out.push(text(obfuscateText(line.slice(last, at), options.obfuscation)));
      out.push(text('<'), element('a', 'msgid', [text(id)], { href: target }), text('>'));
      last = at + raw.length;
      continue;
    }
    // Trailing punctuation and an unbalanced closing parenthesis end the sentence, not the URL.
    while (/[.,;:!?'")\]]$/.test(raw) && !(raw.endsWith(')') && raw.split('(').length > raw.split(')').length - 1 && raw.includes('('))) {
      raw = raw.slice(0, -1);
    }
    out.push(text(obfuscateText(line.slice(last, at), options.obfuscation)));
    if (raw.toLowerCase().startsWith('mailto:') && options.obfuscation !== 'none') {
      // No mailto: links for hidden addresses; the text is hidden like any other address.
      out.push(text(obfuscateText(raw, options.obfuscation)));
    } else {
      out.push(element('a', undefined, [text(raw)], { href: raw, rel: ['nofollow', 'noopener', 'noreferrer'] }));
    }
    last = at + raw.length;
  }
  out.push(text(obfuscateText(line.slice(last), options.obfuscation)));
  return out.filter((n) => n.type !== 'text' || n.value !== '');
}

/** How many `>` begin the line, each after at most one space or tab (`^(?:[ \t]?>)+`), counted by hand: it is asked of every line. */
function quoteDepth(line: string): number {
  let depth = 0;
  let at = 0;
  for (;;) {
    const c = line.charCodeAt(at);
    const next = c === 0x20 || c === 0x09 ? at + 1 : at;
    if (line.charCodeAt(next) !== 0x3e) return depth;
    depth++;
    at = next + 1;
  }
}

/** Where the signature starts (`-- ` per RFC 3676 4.3, or a bare `--` near the end), or -1. */
function signatureStart(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i] === '-- ') return i;
  }
  for (let i = Math.max(0, lines.length - MAX_LOOSE_SIGNATURE_LINES - 1); i < lines.length; i++) {
    if (lines[i] === '--') return i;
  }
  return -1;
}

function diffClass(line: string): string | undefined {
  if (line.startsWith('+++ ') || line.startsWith('--- ') || line.startsWith('diff ') || line.startsWith('index ')) return 'meta';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return undefined;
}

/**
 * A plain-text body as a hast tree: nested `blockquote`s for quote levels (long runs folded in
 * `details`), the signature in `span.sig`, diffs in `code.diff` with `+`/`-` lines marked,
 * http/https/ftp/mailto URLs linked, archived Message-IDs linked, addresses obfuscated.
 * Built with loops and an explicit stack, never recursion, whatever the quoting depth.
 *
 * @param body the message's text
 * @param options obfuscation and link targets
 */
export function textBodyTree(body: string, options: BodyOptions): Root {
  let lines = splitLines(body);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const cut = lines.length > MAX_RENDERED_LINES;
  if (cut) lines = lines.slice(0, MAX_RENDERED_LINES);
  const sig = signatureStart(lines);
  const root: Element = element('div', 'body', []);

  // Count each quote run once, so long ones can be folded.
  const runLength: number[] = new Array(lines.length).fill(0);
  for (let i = 0; i < lines.length; ) {
    if (quoteDepth(lines[i]!) === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && quoteDepth(lines[j]!) > 0) j++;
    runLength[i] = j - i;
    i = j;
  }

  // stack[0] is the body; stack[d] the blockquote of quote level d.
  const stack: Element[] = [root];
  let inDiff = false;
  let diff: Element | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i === sig) {
      stack.length = 1;
      const sigLines = lines.slice(sig);
      root.children.push(element('span', 'sig', sigLines.flatMap((l, k) => [...inline(l, options), ...(k < sigLines.length - 1 ? [text('\n')] : [])])));
      break;
    }
    const depth = Math.min(quoteDepth(line), MAX_QUOTE_DEPTH);
    if (depth === 0 && (inDiff ? DIFF_LINE.test(line) : DIFF_START.test(line))) {
      stack.length = 1;
      if (!inDiff) {
        diff = element('code', 'diff', []);
        root.children.push(diff);
        inDiff = true;
      }
      const cls = diffClass(line);
      diff!.children.push(cls ? element('span', cls, [text(obfuscateText(line, options.obfuscation))]) : text(obfuscateText(line, options.obfuscation)), text('\n'));
      continue;
    }
    inDiff = false;
    const heading = options.overlay?.headings.get(i);
    const mark = options.overlay?.marks.get(i);
    if (depth === 0) {
      stack.length = 1;
      if (heading) {
        root.children.push(element(`h${Math.min(6, heading.level + 1)}`, 'minutes-h', inline(line, options), { id: heading.anchor }), ...heading.after);
      } else if (mark) {
        root.children.push(element('span', `m-${mark}`, inline(line, options)), text('\n'));
      } else {
        root.children.push(...inline(line, options), text('\n'));
      }
      continue;
    }
    if (runLength[i]! > FOLD_QUOTED_LINES && stack.length === 1) {
      const details = element('details', 'fold', [element('summary', undefined, [text((options.t ?? UI_STRINGS.en).quotedLines(runLength[i]!))])]);
      root.children.push(details);
      // The fold acts as the body for the run: its blockquotes nest inside it.
      stack.push(details);
    }
    const base = stack[1]?.tagName === 'details' ? 2 : 1;
    while (stack.length - base > depth) stack.pop();
    while (stack.length - base < depth) {
      const quote = element('blockquote', undefined, []);
      stack[stack.length - 1]!.children.push(quote);
      stack.push(quote);
    }
    // A quoted line can be a section of minutes that answer a quoted agenda: it gets the anchor.
    const quoted = heading ? [element('span', 'minutes-h', inline(line, options), { id: heading.anchor }), ...heading.after] : inline(line, options);
    stack[stack.length - 1]!.children.push(...quoted, text('\n'));
    // Leave the fold when its run ends.
    if (i + 1 < lines.length && quoteDepth(lines[i + 1]!) === 0) stack.length = 1;
  }
  if (cut) {
    const [before, link, after] = (options.t ?? UI_STRINGS.en).bodyCut(MAX_RENDERED_LINES);
    root.children.push(element('span', 'note', [text(before), options.rawHref ? element('a', undefined, [text(link)], { href: options.rawHref }) : text(link), text(after)]));
  }
  return { type: 'root', children: [root] };
}

/**
 * A plain-text body as escaped HTML (see `textBodyTree`).
 *
 * @param body the message's text
 * @param options obfuscation and link targets
 */
export function renderTextBody(body: string, options: BodyOptions): string {
  return writeHtml(textBodyTree(body, options));
}

// What ends a reply's own words besides what own-text.ts knows: a rule (a footer's, a quote's)
// and a single `From:` line.
const SUMMARY_END = /^(?:_{8,}|-{8,}|={8,}|From:\s.*)$/;
/** Characters of a reply's opening ("Hi, Chime!", "Karen,", "Thank you!") above a quote it answers below. */
const OPENING_CHARS = 40;

/** Whether the writer's words (not a signature, a footer or a separator) follow the quote that starts at line `from`. */
function ownTextBelow(lines: readonly string[], from: number): boolean {
  let quoted = false;
  for (let k = from; k < lines.length; k++) {
    const line = lines[k]!.trim();
    if (line === '' || isSnipMarker(line)) continue;
    if (quoteDepth(lines[k]!) > 0) {
      quoted = true;
      continue;
    }
    return quoted && !signatureAt(lines, k) && !listFooterAt(lines, k) && separatorKind(line) === undefined && !SUMMARY_END.test(line);
  }
  return false;
}

/**
 * The first words of a message's own text, for the summary of a folded message: what comes
 * before the quote (and the line that introduces it), the signature or a list's footer; blank
 * lines left out, whitespace collapsed, cut at a word, addresses obfuscated.
 *
 * @param body the message's text
 * @param obfuscation the list's address obfuscation
 * @param max the most characters to keep
 */
export function bodyExcerpt(body: string, obfuscation: Obfuscation, max = MAX_EXCERPT_CHARS): string {
  const lines = splitLines(body.length > max * 400 ? body.slice(0, max * 400) : body).slice(0, MAX_EXCERPT_LINES);
  const words: string[] = [];
  let length = 0;
  let opening = true;
  for (let i = 0; i < lines.length && length <= max; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const first = opening;
    opening = false;
    if (quoteDepth(lines[i]!) > 0 || isSnipMarker(line)) continue;
    // A signature delimiter that opens the text is not one, but for a forwarder's above the
    // message passed on (Pine's), which the summary skips.
    if (signatureAt(lines, i)) {
      if (!first) break;
      const forward = forwardBelow(lines, i);
      if (forward >= 0) i = forward - 1;
      continue;
    }
    // A top-posted reply's own words end where the quote it sits on begins (its attribution, or
    // the separator or header block of a quote without `>`); a bottom-posted reply's begin after it.
    const headerEnd = quotedHeaderEnd(lines, i);
    const attribution = headerEnd >= 0 ? -1 : attributionEnd(lines, i);
    if (headerEnd >= 0 || attribution >= 0 || separatorKind(line) !== undefined || SUMMARY_END.test(line) || listFooterAt(lines, i)) {
      // A few words above the attribution ("Hi Qu," then "On … wrote:"), with the writer's words
      // below its quote, open a bottom-posted reply: the summary reads on after the quote.
      if (words.length > 0 && !(attribution >= 0 && length <= OPENING_CHARS && ownTextBelow(lines, attribution + 1))) break;
      if (headerEnd >= 0) i = headerEnd - 1;
      else if (attribution >= 0) i = attribution;
      continue;
    }
    for (const word of line.split(/\s+/)) {
      words.push(word);
      length += word.length + 1;
      if (length > max) break;
    }
  }
  let out = words.join(' ');
  if (out.length > max) {
    const cut = out.lastIndexOf(' ', max - 1);
    out = `${out.slice(0, cut > max / 2 ? cut : max - 1)}…`;
  }
  return obfuscateText(out, obfuscation);
}
