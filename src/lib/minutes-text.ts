/**
 * The text of a minutes message as the rules read it: lines with their quote depth and list
 * markers, where the writer's own text ends (signature, a quoted original under a top-posted
 * reply), forwarded headers, quote blocks, sentences, and titles cut from long agenda items.
 * Pure and line-based, no recursion.
 */
import { splitLines } from './body.ts';
import { SIGN_OFF } from './minutes-lexicon.ts';

/** Lines of a minutes message read at most; the rest is shown but not structured. */
export const MAX_MINUTES_LINES = 20_000;
/** Words a title keeps at most, however long the agenda item. */
export const MAX_TITLE_WORDS = 40;

/** One line of a message, as the rules see it. */
export interface TextLine {
  /** Position in `splitLines(text)`, the numbering the page overlay uses. */
  i: number;
  /** Quote depth (`>` marks); 0 for the writer's own text. */
  depth: number;
  /** The line without its quote marks (and the one space after them). */
  body: string;
  /** Leading spaces of `body` (a tab counts as 4). */
  indent: number;
  blank: boolean;
  /** True when the line is after the end of the writer's own text (signature, quoted original). */
  after: boolean;
}

/** A bullet or an item number at the start of a line. */
export interface ListMarker {
  kind: 'bullet' | 'number';
  /** The number with its letter (`2A`), for numbered items. */
  number: string | undefined;
  /** Where the item text starts in the line body. */
  textStart: number;
}

/** Headers of a forwarded message written into the body. */
export interface ForwardedHeader {
  from: string | undefined;
  date: string | undefined;
  subject: string | undefined;
  /** First line of the forwarded body. */
  bodyLine: number;
}

/** A line that introduces a quote ("On 8/30/22 8:08 PM, X wrote:"): never a topic, never content. */
export const ATTRIBUTION = /(?:\bwrote|\bwrites|\ba écrit|\bschrieb|\bskrev|\bescribió)\s*:\s*$/i;
/** MeetBot's "(nick, 16:13:30)" after an item: who typed it and when, not part of it. */
export const MEETBOT_STAMP = /\s*\([\w.@-]{1,40},\s*\d{1,2}:\d{2}(?::\d{2})?\)\s*$/;

const QUOTE = /^((?:[ \t]?>)+)[ \t]?/;
const URL = /(?:https?|ftp):\/\/[^\s<>"]+/g;
const ONLY_URLS = /^\s*(?:<?(?:https?|ftp):\/\/[^\s<>"]+>?[\s.,;:)]*|and\s+|or\s+)+\s*$/i;
// Outlook and Lotus write the original message below a top-posted reply without `>` marks.
const ORIGINAL_MARKER = /^\s*-{2,}\s*(?:original (?:message|appointment)|ursprüngliche nachricht|message d'origine)\s*-{2,}\s*$/i;
const FORWARD_MARKER = /^\s*-{2,}\s*(?:forwarded message|forwarded by|begin forwarded message|weitergeleitete nachricht)\b.*-*\s*$|^\s*begin forwarded message:\s*$/i;
const HEADER_FIELD = /^\s*(from|sent|date|to|cc|subject|when|where)\s*:\s*(.*)$/i;

/**
 * Cut a message into lines with their quote depth, and mark where the writer's own text ends: at a
 * `-- ` signature (RFC 3676 4.3), or at an original message written below a top-posted reply
 * (`-----Original Message-----`, or `From:`/`Sent:` headers that are not a forward).
 *
 * @param text the message's plain text
 * @param forwarded true when the whole message is a forward whose headers open the text
 */
export function readLines(text: string, forwarded = false): TextLine[] {
  const raw = splitLines(text).slice(0, MAX_MINUTES_LINES);
  const out: TextLine[] = [];
  let after = false;
  // The headers just below a forward marker open the forwarded text; they do not end the writer's.
  let forwardAt = forwarded ? 0 : -100;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const q = QUOTE.exec(line);
    const depth = q ? (q[1]!.match(/>/g)?.length ?? 0) : 0;
    const body = q ? line.slice(q[0].length) : line;
    if (depth === 0 && !after) {
      if (FORWARD_MARKER.test(line)) forwardAt = i;
      else if (line === '-- ' || ORIGINAL_MARKER.test(line)) after = true;
      else if (i - forwardAt > 3 && isHeaderBlock(raw, i)) after = true;
    }
    out.push({ i, depth, body, indent: indentOf(body), blank: body.trim() === '', after });
  }
  return out;
}

function indentOf(s: string): number {
  let n = 0;
  for (const c of s) {
    if (c === ' ' || c === '\u00a0') n++;
    else if (c === '\t') n += 4;
    else break;
  }
  return n;
}

/** `From:` followed within four lines by `Sent:`/`Date:` and `Subject:`: a quoted original's header. */
function isHeaderBlock(lines: readonly string[], i: number): boolean {
  if (!/^\s*from\s*:\s*\S/i.test(lines[i]!)) return false;
  let sent = false;
  let subject = false;
  for (let j = i + 1; j < lines.length && j <= i + 5; j++) {
    const f = HEADER_FIELD.exec(lines[j]!);
    if (!f) break;
    const name = f[1]!.toLowerCase();
    if (name === 'sent' || name === 'date') sent = true;
    if (name === 'subject') subject = true;
  }
  return sent && subject;
}

/**
 * The headers of a forwarded message in the body (`---------- Forwarded message ---------` or
 * `-------- Forwarded Message --------`, then From/Date/Subject in any order), or undefined.
 *
 * @param lines the message's lines
 */
export function forwardedHeader(lines: readonly TextLine[]): ForwardedHeader | undefined {
  const start = lines.findIndex((l) => l.depth === 0 && FORWARD_MARKER.test(l.body));
  if (start < 0) return undefined;
  const found: ForwardedHeader = { from: undefined, date: undefined, subject: undefined, bodyLine: start + 1 };
  let j = start + 1;
  for (; j < lines.length && j <= start + 12; j++) {
    const l = lines[j]!;
    if (l.blank && found.from === undefined && found.subject === undefined) continue;
    const f = HEADER_FIELD.exec(l.body);
    if (!f) break;
    const name = f[1]!.toLowerCase();
    const value = f[2]!.trim();
    if (name === 'from') found.from = value;
    else if (name === 'date' || name === 'sent') found.date = value;
    else if (name === 'subject') found.subject = value;
  }
  found.bodyLine = j;
  return found.from === undefined && found.date === undefined ? undefined : found;
}

/**
 * The bullet or item number a line starts with: `-`, `*`, `•`, `+`, `1.`, `1)`, `(1)`, `2A.`, and
 * `1 Topic` (a number and a space) when `bareNumber` allows it.
 *
 * @param body the line without quote marks
 * @param bareNumber accept a number followed only by a space
 */
export function listMarker(body: string, bareNumber = false): ListMarker | undefined {
  const b = /^(\s*)([*\-•+‣◦])(\s+)(?=\S)/.exec(body);
  if (b) return { kind: 'bullet', number: undefined, textStart: b[0].length };
  const n = /^(\s*)(?:\((\d{1,2}[A-Za-z]?)\)|(\d{1,2}[A-Za-z]?)[.)])(?:\s+|$)/.exec(body);
  if (n) return { kind: 'number', number: (n[2] ?? n[3])!.toUpperCase(), textStart: n[0].length };
  if (bareNumber) {
    const bare = /^(\s*)(\d{1,2})\s+(?=[\p{Lu}"“(])/u.exec(body);
    if (bare) return { kind: 'number', number: bare[2]!, textStart: bare[0].length };
  }
  return undefined;
}

/** The words of a text (letters and digits), for counting. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

/** A line that only closes the writer's text: `- Joseph`, `Regards,`, `Thanks`. */
export function isSignOff(body: string): boolean {
  return SIGN_OFF.test(body);
}

const ABBREVIATIONS = /(?:\be\.g|\bi\.e|\bvs|\betc|\bapprox|\bcf|\bmr|\bms|\bdr|\bno|\bst|\bvol|\bfig|\bincl|\b[A-Z])\.$/;

/**
 * Cut a paragraph into sentences at `.`, `?` or `!` followed by white space and a capital, a digit
 * or an opening quote, but not after common abbreviations or initials.
 *
 * @param text one paragraph or item, lines already joined
 */
export function sentencesOf(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  const re = /[.!?]+["”’')\]]*(?=\s+["“([]{0,2}[\p{Lu}\p{N}])/gu;
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].length;
    if (m[0] === '.' && ABBREVIATIONS.test(text.slice(Math.max(0, end - 8), end)) && !/\betc\.$/.test(text.slice(0, end))) continue;
    const s = text.slice(start, end).trim();
    if (s) out.push({ text: s, start });
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push({ text: rest, start });
  return out;
}

/** Words of a title before its first sentence may end: `(email) FYA.` is not yet a title. */
const MIN_TITLE_WORDS = 3;

/** Word count, a leading `(…)` attribution not counted. */
function titleWords(s: string): number {
  return wordsOf(s.replace(/^\s*\([^)]{0,80}\)\s*:?\s*/, '')).length;
}

/**
 * The title of a topic from its item text: URLs that only point somewhere are left out, and a long
 * item is cut to its first sentence or clause, the way a reader names an agenda item.
 *
 * - a URL on its own line, or after `: `, ` - ` or two spaces, ends the title; a URL in angle
 *   brackets or parentheses is dropped; trailing URLs are dropped;
 * - the first `.`, `?` or `!` after three words ends it (a question mark is kept);
 * - a colon followed by a whole sentence (capitalised, six words or more, ending in a full stop)
 *   ends it, when five words come before;
 * - with `dashNote`, ` - ` separates the topic from a note about it (`MCTP Design - offline review`).
 *
 * @param lines the item's lines (the first one without its marker)
 * @param dashNote cut at the first ` - ` (the writer's own numbered notes)
 */
export function titleOf(lines: readonly string[], dashNote = false): string {
  const kept: string[] = [];
  for (const [k, l] of lines.entries()) {
    if (k > 0 && ONLY_URLS.test(l)) break;
    kept.push(l.trim());
  }
  let s = kept.join(' ').replace(/\u00a0/g, ' ');
  // A URL after a separator is a link appended to the title.
  const sep = /(?:\s*[:\-–—]\s+|\s{2,}|\s+(?:see|at|in|per)\s+)<?(?:https?|ftp):\/\//i.exec(s);
  if (sep && titleWords(s.slice(0, sep.index)) >= MIN_TITLE_WORDS) s = s.slice(0, sep.index);
  s = s
    .replace(/<(?:https?|ftp|mailto):[^>\s]*>/gi, ' ')
    .replace(/\(\s*(?:https?|ftp):\/\/[^)\s]*\s*\)/gi, ' ')
    .replace(/\(\s*\)/g, ' ');
  // Trailing URLs (and the words joining them) point somewhere; they are not the title.
  const urls = [...s.matchAll(URL)];
  for (let k = urls.length - 1; k >= 0; k--) {
    const at = urls[k]!.index;
    if (ONLY_URLS.test(s.slice(at)) && titleWords(s.slice(0, at)) >= MIN_TITLE_WORDS) s = s.slice(0, at);
    else break;
  }
  s = s.replace(/\s+([?!.,;:])/g, '$1').replace(/\s+/g, ' ').trim();
  // Text flattened from HTML loses its line breaks: "… for OpenBMC repos No CVE checking is done".
  const lost = /(?<=[\p{Ll}\d])\s+(?=(?:No|The|This|These|There|We|It|Our|They)\s)/gu;
  for (const m of s.matchAll(lost)) {
    if (wordsOf(s.slice(0, m.index)).length >= 4) {
      s = s.slice(0, m.index);
      break;
    }
  }
  for (const sentence of sentencesOf(s)) {
    const end = sentence.start + sentence.text.length;
    if (titleWords(s.slice(0, end)) >= MIN_TITLE_WORDS && end < s.length) {
      s = s.slice(0, end);
      break;
    }
  }
  const colon = /:\s+(?=\p{Lu})/gu;
  for (const m of s.matchAll(colon)) {
    const after = s.slice(m.index + m[0].length);
    if (titleWords(s.slice(0, m.index)) >= 5 && /\.$/.test(after) && wordsOf(after).length >= 6) {
      s = s.slice(0, m.index);
      break;
    }
  }
  if (dashNote) {
    const dash = /\s+[-–—]{1,2}\s+/.exec(s);
    if (dash && wordsOf(s.slice(0, dash.index)).length >= 1 && wordsOf(s.slice(dash.index)).length >= 1) s = s.slice(0, dash.index);
  }
  s = s.replace(/[\s.,;:\-–—]+$/, '').trim();
  const words = s.split(' ');
  if (words.length > MAX_TITLE_WORDS) s = `${words.slice(0, MAX_TITLE_WORDS).join(' ')} …`;
  return s;
}
