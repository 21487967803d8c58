/**
 * The archive's own message record, and the one place where `mailparser` output is turned into it.
 */
import { createHash } from 'node:crypto';
import { decodeHTML } from 'entities';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import { decode as decodeCharset } from 'libmime/lib/charset.js';
import type { AddressObject, ParsedMail } from 'mailparser';
import { cleanDisplayName, parseAddressList } from './address.ts';
import { MAX_ZONE_OFFSET_MINUTES, parseMailDate, readMailDate, type MailDate } from './dates.ts';
import { unfoldFlowed } from './flowed.ts';
import { isEnvelopeLine } from './mbox.ts';
import { normalizeMessageId, parseIdList, parseInReplyTo, syntheticMessageId } from './message-id.ts';
import { MAX_MIME_DEPTH, MAX_MIME_PARTS, charsetOf, flowedOf, mediaType, prepareTextParts, scanMime, transferDecode, undeclaredCharset, type Relabel } from './mime.ts';

export { MAX_MIME_DEPTH, MAX_MIME_PARTS, mimeShape } from './mime.ts';

/** Text longer than this (characters) is cut with a warning; the raw download keeps everything. */
export const MAX_TEXT_CHARS = 4 * 1024 * 1024;
/** At most this many attachments are recorded per message; the rest are counted in a warning. */
export const MAX_ATTACHMENTS = 256;
/** At most this many addresses are kept per To/Cc header. */
export const MAX_ADDRESSES = 500;
/** Header lines longer than this are cut before decoding (a 1 MB Subject is an attack, not a subject). */
export const MAX_HEADER_VALUE_CHARS = 16 * 1024;
/** Messages larger than this (bytes) are parsed only this far; the raw download keeps every byte. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** A header block longer than this (bytes) is read only this far; the rest of it is ignored. */
export const MAX_HEADER_BYTES = 256 * 1024;
/** Dates outside these years are taken as broken clocks, and the envelope date is preferred. */
export const PLAUSIBLE_YEARS = { min: 1970, max: 2200 } as const;

/** A mailbox: display name (RFC 2047 decoded) and address. */
export interface Address {
  name: string;
  address: string;
}

/** An attachment's description; its bytes travel separately. */
export interface Attachment {
  /** Position among the message's attachments, from 0. */
  index: number;
  /** The name the sender gave, decoded; empty when none. Never used as a file name. */
  filename: string;
  contentType: string;
  size: number;
  contentId?: string;
  /** `Content-Disposition: inline`, or a related part referenced by the HTML. */
  inline: boolean;
}

/** What went wrong with a message, by kind, so the build report can count kinds. */
export type WarningKind =
  | 'missing-message-id'
  | 'missing-date'
  | 'unparsable-date'
  | 'implausible-date'
  | 'date-without-zone'
  | 'partial-date'
  | 'impossible-zone'
  | 'unknown-charset'
  | 'truncated-text'
  | 'too-many-attachments'
  | 'parse-error'
  | 'oversized-message'
  | 'oversized-header'
  | 'mime-limit'
  | 'duplicate-message-id'
  | 'not-a-message-id'
  | 'invalid-content-type'
  | 'undeclared-8bit'
  | 'no-header-separator'
  | 'broken-multipart';

/** One problem found in one message. */
export interface Warning {
  kind: WarningKind;
  detail: string;
}

/** Where a message came from: enough to find its bytes again and to name it in a warning. */
export interface MessageSource {
  /** Path of the mbox, relative to the archive folder. */
  file: string;
  /** Position in that file, from 0. */
  index: number;
  /** Byte offset of the envelope line in the (decompressed) file. */
  offset: number;
  /** Bytes from the envelope line to the next one. */
  length: number;
}

/** A parsed message: everything the archive needs except the raw bytes and attachment contents. */
export interface Message {
  /** Normalised Message-ID without brackets; synthetic when the message has none. */
  messageId: string;
  syntheticId: boolean;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: Address | undefined;
  to: Address[];
  cc: Address[];
  date: MailDate;
  /** Where the date came from: the Date header, the mbox envelope line, or nowhere. */
  dateSource: 'header' | 'envelope' | 'none';
  listId: string | undefined;
  /** Plain text of the body (text/plain parts, else derived from HTML). */
  text: string;
  /** True when `text` was derived from the HTML part. */
  textFromHtml: boolean;
  /** The HTML part as sent, unsanitised: the site sanitises it before showing it. */
  html: string | undefined;
  attachments: Attachment[];
  warnings: Warning[];
  source: MessageSource;
  /** Size of the raw message in bytes. */
  size: number;
  /** Where a list that rewrote From keeps the real sender (see `readAuthorHints`). */
  authorHints: AuthorHints;
}

/** The headers that name a message's real sender when a list rewrote its From (DMARC). */
export interface AuthorHints {
  /** `X-Original-From`, which Mailman 3 and Google Groups add when they rewrite From. */
  originalFrom: Address | undefined;
  /** The first `Reply-To` address, where Mailman 2 puts the original sender. */
  replyTo: Address | undefined;
}

/**
 * The sender hints of a message's headers: read here because the rest of the message's headers
 * are dropped; lib/analysis.ts decides what they mean.
 *
 * @param headers the top-level headers read
 */
function readAuthorHints(headers: Map<string, string[]>): AuthorHints {
  const one = (name: string): Address | undefined => {
    const value = first(headers, name);
    const a = value === undefined ? undefined : parseAddressList(headerText(value), decodeEncodedWords)[0];
    return a && { name: neutralizeLine(a.name), address: neutralizeLine(a.address).replace(/\s/g, '') };
  };
  return { originalFrom: one('x-original-from'), replyTo: one('reply-to') };
}

/** A parsed message with its attachments' bytes, in attachment order. */
export interface ParsedMessage {
  message: Message;
  attachmentData: Uint8Array[];
  /** True when the single-part fast path decoded the text; false when mailparser did. */
  fastPath: boolean;
}

/**
 * mailparser, loaded when the first message needs it: loading it took about 80 ms at the start of
 * every command, and a build parses in its workers (a build with nothing new parses nothing).
 */
let mailparser: Promise<typeof import('mailparser')> | undefined;
const loadMailparser = () => (mailparser ??= import('mailparser'));

const PARSER_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
} as const;

// Headers the archive reads. Mail from busy lists carries dozens of Received, DKIM and ARC lines;
// decoding them is most of mailparser's work, so they are dropped before parsing (the raw bytes keep them).
const KEPT_HEADERS = new Set([
  'message-id', 'in-reply-to', 'references', 'from', 'to', 'cc', 'date', 'subject', 'list-id',
  'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition', 'content-id',
  'content-description', 'content-language', 'sender', 'reply-to', 'x-original-from',
]);

const CHARSET = /charset\s*=\s*"?([^"\s;]+)/gi;

// Characters that must not reach a one-line field (name, subject, file name): C0 and C1 controls,
// and the Unicode bidi embeddings, overrides and isolates, which let a sender reverse how the rest
// of a line reads ("Trojan Source"). Line and paragraph separators become spaces.
const LINE_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+/g;
// Characters that must not reach body text: controls other than tab, line feed and form feed.
const TEXT_UNSAFE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;

/**
 * A one-line field as the site may show it: controls and bidi overrides become a space, runs of
 * white space one space, ends trimmed.
 *
 * @param value a decoded header value or name
 */
export function neutralizeLine(value: string): string {
  return value.replace(LINE_UNSAFE, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Body text as the site may show it: NUL and other controls become U+FFFD, so they stay visible
 * as damage instead of silently ending or corrupting the text downstream.
 *
 * @param text decoded body text
 */
export function neutralizeText(text: string): string {
  return text.replace(TEXT_UNSAFE, '\ufffd');
}


/** Where a message's header block ends. */
interface HeaderBlock {
  /** Offset of the empty line that ends the block, or of the first body line when none does. */
  end: number;
  /** The line that ended the block by being no header line, with its number from 1; undefined when an empty line (or the end) did. */
  stray: { line: number; text: string } | undefined;
}

/**
 * Find where the header block ends: at the first empty line (LF or CRLF), or at a line that is
 * neither a header field nor a continuation line when no field follows it before the empty line.
 * Such a line is the body's first, as Python's email parser reads it
 * (MissingHeaderBodySeparatorDefect): a message written without headers would otherwise lose its
 * first paragraph to the header block. A stray line with fields after it (a fold that lost its
 * white space) stays in the block, so the Message-ID, References and Content-Type below it are
 * still read. An envelope line, which some mbox writers repeat, stays too.
 */
function headerEnd(raw: Buffer): HeaderBlock {
  let pos = 0;
  let line = 0;
  let stray: HeaderBlock['stray'];
  let strayAt = 0;
  while (pos < raw.length) {
    let next = raw.indexOf(0x0a, pos);
    if (next < 0) next = raw.length;
    line++;
    const first = raw[pos];
    if (first === 0x0a || (first === 0x0d && raw[pos + 1] === 0x0a)) return stray === undefined ? { end: pos, stray } : { end: strayAt, stray };
    if (first !== 0x20 && first !== 0x09) {
      if (startsField(raw, pos, next)) stray = undefined;
      else if (stray === undefined) {
        const text = raw.toString('latin1', pos, next);
        if (!isEnvelopeLine(text.replace(/\r$/, ''))) {
          // The first line is no field: the message has no header at all.
          if (line === 1) return { end: pos, stray: { line, text } };
          stray = { line, text };
          strayAt = pos;
        }
      }
    }
    pos = next + 1;
  }
  return stray === undefined ? { end: raw.length, stray } : { end: strayAt, stray };
}

/**
 * Whether the line from `start` to `end` opens a header field: a name of printable ASCII but the
 * colon (RFC 5322 section 3.6.8), the white space before the colon that obs-optional allows
 * (section 4.5.3: `Subject : x`), then the colon. Read on the bytes, without a string per line:
 * every header line of every message passes here.
 */
function startsField(raw: Buffer, start: number, end: number): boolean {
  let at = start;
  while (at < end && raw[at]! >= 0x21 && raw[at]! <= 0x7e && raw[at] !== 0x3a) at++;
  if (at === start) return false;
  while (at < end && (raw[at] === 0x20 || raw[at] === 0x09)) at++;
  return raw[at] === 0x3a;
}

/** The warning for a header block that a stray line ended. */
function strayLineWarning(stray: { line: number; text: string }): Warning {
  const quoted = `"${neutralizeLine(headerText(stray.text)).slice(0, 80)}"`;
  const detail =
    stray.line === 1
      ? `the first line (${quoted}) is not a header field, so the message has no header; all of it is read as the body`
      : `header line ${stray.line} (${quoted}) is neither a header field nor a continuation line, and no empty line comes before it; it and all that follows are read as the body`;
  return { kind: 'no-header-separator', detail };
}

/** The top-level headers we read, unfolded, name lower-cased, value raw (latin1). */
function readHeaders(raw: Buffer, end: number): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let values: string[] | undefined;
  for (const line of raw.toString('latin1', 0, end).split('\n')) {
    if (line === '' || line === '\r') continue;
    if (line[0] === ' ' || line[0] === '\t') {
      // A continuation line of a header we keep: unfold it (RFC 5322 section 2.2.3).
      const last = values?.pop();
      if (values && last !== undefined) values.push(last.length < MAX_HEADER_VALUE_CHARS ? `${last} ${line.trim()}` : last);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    if (!KEPT_HEADERS.has(name)) {
      values = undefined;
      continue;
    }
    const value = line.slice(colon + 1).trim().slice(0, MAX_HEADER_VALUE_CHARS);
    values = headers.get(name);
    if (values) values.push(value);
    else {
      values = [value];
      headers.set(name, values);
    }
  }
  return headers;
}

/**
 * The header block reduced to the headers we read, followed by the untouched body; an empty line
 * is put between them when the block had none, so the MIME parser finds the body where we do.
 */
function reduceHeaders(raw: Buffer, block: HeaderBlock): Buffer {
  const { end, stray } = block;
  const lines = raw.toString('latin1', 0, end).split(/(?<=\n)/);
  const kept: string[] = [];
  let keep = false;
  for (const line of lines) {
    if (line[0] === ' ' || line[0] === '\t') {
      if (keep) kept.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    keep = colon > 0 && KEPT_HEADERS.has(line.slice(0, colon).trim().toLowerCase());
    if (keep) kept.push(line.length > MAX_HEADER_VALUE_CHARS ? `${line.slice(0, MAX_HEADER_VALUE_CHARS)}\n` : line);
  }
  const separator = stray === undefined ? '' : stray.text.endsWith('\r') ? '\r\n' : '\n';
  return Buffer.concat([Buffer.from(kept.join('') + separator, 'latin1'), raw.subarray(end)]);
}

/**
 * Decode RFC 2047 encoded words with libmime's decoder, the one mailparser uses for subjects, so
 * both paths read headers alike (ISO-2022-JP words, Q words with spaces in them); also words that
 * mailparser leaves alone because a client put them inside a quoted string
 * (`"=?ISO-8859-2?Q?V=EDt?=" <v@example.org>`), which RFC 2047 forbids and clients do anyway.
 */
function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

function toAddresses(value: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  // Groups (`undisclosed-recipients: a, b;`) nest their members; walk them with a stack, not recursion.
  const stack = objects.flatMap((o) => o.value).reverse();
  while (stack.length > 0 && out.length < MAX_ADDRESSES) {
    const entry = stack.pop();
    if (entry === undefined) break;
    if (entry.group) {
      for (let i = entry.group.length - 1; i >= 0; i--) {
        const member = entry.group[i];
        if (member) stack.push(member);
      }
      continue;
    }
    const address = (entry.address ?? '').trim();
    const name = cleanDisplayName(decodeEncodedWords((entry.name ?? '').trim()), address);
    if (name !== '' || address !== '') out.push({ name, address });
  }
  return fixPipermail(out);
}

/** Pipermail writes `From: alice at example.org (Alice)`; parsers read that as a name only. */
function fixPipermail(addresses: Address[]): Address[] {
  for (const a of addresses) {
    const at = /^(\S+) at (\S+?)(?:\s+\((.*)\))?$/.exec(a.address === '' ? a.name : '');
    if (at) {
      a.address = `${at[1]}@${at[2]}`;
      a.name = (at[3] ?? '').trim();
    }
  }
  return addresses;
}

/** The Pipermail `(Name)` comment that mailparser drops when it cannot read the address. */
function pipermailName(fromHeader: string | undefined): string | undefined {
  const m = fromHeader === undefined ? null : /^\S+ at \S+\s+\((.*)\)\s*$/.exec(fromHeader);
  return m?.[1] === undefined ? undefined : decodeEncodedWords(m[1]);
}

function checkCharsets(raw: Buffer, warnings: Warning[]): void {
  const seen = new Set<string>();
  // Charset names appear in the Content-Type header of every part; only those lines are read, so a
  // quoted-printable `<meta charset=3D"utf-8">` in an HTML body is not taken for one.
  const view = raw.toString('latin1', 0, Math.min(raw.length, 4 * 1024 * 1024));
  const contentTypes = view.match(/^content-type:[^\n]*(?:\n[ \t][^\n]*)*/gim) ?? [];
  for (const match of contentTypes.join('\n').matchAll(CHARSET)) {
    const name = (match[1] ?? '').toLowerCase().replace(/^["']|["']$/g, '');
    if (name === '' || seen.has(name)) continue;
    seen.add(name);
    if (!iconv.encodingExists(name) && !/^(?:iso-2022-jp|x-unknown|unknown-8bit|us-ascii|utf-?8)$/.test(name)) {
      warnings.push({ kind: 'unknown-charset', detail: `charset "${name}" is unknown; decoded as best we could` });
    }
  }
}

function envelopeDate(envelope: string): MailDate | undefined {
  // `sender date…`: the sender is the first token, or `x at y` for Pipermail.
  const rest = envelope.replace(/^\S+(?: at \S+)?\s*/, '');
  return parseMailDate(rest);
}

/**
 * How far a Date may run ahead of the envelope's, the time the mail was delivered, before the
 * envelope's is taken: a year. Mail cannot be written after it was delivered, but a sender's
 * clock can be days or months fast, and an mbox writer can put one made-up date on every
 * envelope (those known are in `NO_DELIVERY_TIMES`): a year apart, the Date is the one wrong
 * (`2199`, `2035` in mail of 2020), where a tighter limit would trade a slow clock's date for
 * a made-up one.
 */
export const MAX_DATE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * Whether a Date can be the message's: within `PLAUSIBLE_YEARS`, not the Unix epoch itself (what
 * a client with no clock writes, `Thu, 01 Jan 1970 00:00:00 +0000`), and not later than the
 * delivery the envelope records (by more than `MAX_DATE_AHEAD_MS`).
 *
 * @param date the Date header's reading
 * @param envelope the envelope line's date, if it records a delivery (see `NO_DELIVERY_TIMES`)
 */
function plausible(date: MailDate, envelope?: MailDate): boolean {
  const year = new Date(date.ms).getUTCFullYear();
  if (year < PLAUSIBLE_YEARS.min || year > PLAUSIBLE_YEARS.max || date.ms === 0) return false;
  return envelope === undefined || date.ms - envelope.ms <= MAX_DATE_AHEAD_MS;
}

/**
 * Envelope dates that writers put on every message, which record no delivery: the Unix epoch
 * (public-inbox's `From mboxrd@z`, b4's `From git@z`) and `git format-patch`'s fixed
 * `Mon Sep 17 00:00:00 2001`, each give or take the 14 hours a local clock can read them as.
 */
const NO_DELIVERY_TIMES = [0, Date.UTC(2001, 8, 17)];
const ZONE_SPREAD_MS = 14 * 60 * 60 * 1000;

function recordsNoDelivery(ms: number): boolean {
  return NO_DELIVERY_TIMES.some((t) => Math.abs(ms - t) <= ZONE_SPREAD_MS);
}

function chooseDate(
  header: string | undefined,
  envelope: string,
  warnings: Warning[],
): Pick<Message, 'date' | 'dateSource'> {
  const reading = readMailDate(header);
  const fromHeader = reading.date;
  const fromEnvelope = envelopeDate(envelope);
  const usable = fromEnvelope && plausible(fromEnvelope) && !recordsNoDelivery(fromEnvelope.ms) ? fromEnvelope : undefined;
  if (fromHeader && (plausible(fromHeader, usable) || !usable)) {
    if (reading.impossibleZone !== undefined) {
      const limit = MAX_ZONE_OFFSET_MINUTES / 60;
      warnings.push({ kind: 'impossible-zone', detail: `Date "${header}" has the zone ${reading.impossibleZone}, beyond ±${limit}:00; it is ignored and UTC assumed` });
    } else if (!fromHeader.zoneKnown) {
      warnings.push({ kind: 'date-without-zone', detail: `Date "${header}" names no zone; UTC assumed` });
    }
    // A time that cannot be read must not pass for midnight in silence.
    if (reading.unread.length > 0) {
      const parts = reading.unread.map((u) => `"${u}"`).join(', ');
      warnings.push({ kind: 'partial-date', detail: `Date "${header}" is read only in part (${parts} not understood)${reading.timeRead ? '' : '; the time 00:00 is assumed'}` });
    } else if (!reading.timeRead) {
      warnings.push({ kind: 'partial-date', detail: `Date "${header}" has no time of day; 00:00 is assumed` });
    }
    if (!plausible(fromHeader)) warnings.push({ kind: 'implausible-date', detail: `Date "${header}" is ${fromHeader.ms === 0 ? 'the Unix epoch, what a client without a clock writes' : `outside ${PLAUSIBLE_YEARS.min}-${PLAUSIBLE_YEARS.max}`}, and there is no envelope date to use instead` });
    return { date: fromHeader, dateSource: 'header' };
  }
  if (fromHeader) {
    const why = plausible(fromHeader) ? 'is later than the delivery its envelope line records' : 'is implausible';
    warnings.push({ kind: 'implausible-date', detail: `Date "${header}" ${why}; the envelope date is used` });
  } else if (header === undefined) {
    warnings.push({ kind: 'missing-date', detail: usable ? 'no Date header; the envelope date is used' : 'no Date header and no envelope date' });
  } else {
    warnings.push({ kind: 'unparsable-date', detail: `Date "${header}" cannot be read${usable ? '; the envelope date is used' : ''}` });
  }
  if (usable) return { date: usable, dateSource: 'envelope' };
  return { date: { ms: 0, offsetMinutes: 0, zoneKnown: false }, dateSource: 'none' };
}

function plainTextFromHtml(html: string): string {
  // A deliberately small conversion: block ends become line breaks, tags go, entities are decoded.
  // It feeds search and the text view of HTML-only mail; the HTML itself is shown sanitised.
  // Entities are decoded by `entities`, the decoder the unified and cheerio ecosystems use.
  return html
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|pre|table)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '* ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&[#a-z0-9]+;/gi, (entity) => decodeHTML(entity))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function first(headers: Map<string, string[]>, name: string): string | undefined {
  return headers.get(name)?.[0];
}

// Charsets iconv-lite lacks or names differently; mailparser's libmime handles them.
const LIBMIME_CHARSETS = /^(?:iso-?2022|x-|unknown|ks_c_5601|utf-?7)/;

/** Header bytes (read as latin1) as text: RFC 6532 allows raw UTF-8 in headers. */
function headerText(value: string): string {
  return /[^\x00-\x7f]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

/**
 * The text of a single-part text/plain message, decoded without mailparser; undefined when the
 * message is anything else (multipart, an attachment, an unusual charset or encoding).
 * Nine in ten messages on a development list take this path, at a fraction of the cost.
 * Parts are read as `prepareTextParts` prepares them for mailparser, so both paths agree.
 */
function simpleText(raw: Buffer, end: number, headers: Map<string, string[]>): { text: string; change: Relabel | undefined } | undefined {
  const header = first(headers, 'content-type');
  if ((headers.get('content-type')?.length ?? 0) > 1) return undefined;
  const media = mediaType(header);
  if (media.type !== 'text/plain') return undefined;
  const contentType = (header ?? '').toLowerCase();
  // format=flowed (RFC 3676) is unfolded on the transfer-decoded bytes, before the charset, as
  // mailparser does (prepareTextParts gives it the same unfold).
  const { flowed, delSp } = flowedOf(header);
  const disposition = first(headers, 'content-disposition');
  if (disposition !== undefined && !/^\s*inline\s*(?:;|$)/i.test(disposition)) return undefined;
  const declared = charsetOf(contentType);
  const charset = declared ?? 'utf-8';
  if (LIBMIME_CHARSETS.test(charset)) return undefined;
  const plainCharset = ['ascii', 'usascii', 'utf8'].includes(charset.replace(/[^a-z0-9]+/g, ''));
  if (!plainCharset && !iconv.encodingExists(charset)) return undefined;
  let body = raw.subarray(end);
  // The blank line that ends the header is not part of the body.
  if (body[0] === 0x0d && body[1] === 0x0a) body = body.subarray(2);
  else if (body[0] === 0x0a) body = body.subarray(1);
  let bytes = transferDecode(body, first(headers, 'content-transfer-encoding'));
  if (bytes === undefined) return undefined;
  const undeclared = undeclaredCharset(declared, bytes);
  if (flowed) bytes = Buffer.from(unfoldFlowed(bytes.toString('latin1'), delSp), 'latin1');
  let text: string;
  // libmime's decoder, as mailparser's: it reads the labels as the WHATWG Encoding Standard does
  // (iso-8859-1 is windows-1252, whose quotes and dashes clients send under that label).
  if (undeclared === 'windows-1252') text = iconv.decode(bytes, 'windows-1252');
  else text = plainCharset || undeclared === 'utf-8' ? bytes.toString('utf8') : decodeCharset(bytes, charset);
  const change: Relabel = {};
  if (media.corrected !== undefined) change.corrected = media.corrected;
  if (undeclared !== undefined) change.charset = undeclared;
  if (undeclared !== undefined && declared !== undefined) change.declared = declared;
  return { text: text.replace(/\r?\n/g, '\n'), change: change.corrected === undefined && change.charset === undefined ? undefined : change };
}

/** Warnings for text part labels that were corrected. */
function relabelWarnings(changes: readonly Relabel[], warnings: Warning[]): void {
  for (const c of changes) {
    if (c.broken !== undefined) {
      warnings.push({ kind: 'broken-multipart', detail: `${neutralizeLine(c.broken)}; its body is shown as plain text` });
    }
    if (c.corrected !== undefined) {
      warnings.push({ kind: 'invalid-content-type', detail: `Content-Type "${neutralizeLine(c.corrected)}" has no valid subtype; read as text/plain (RFC 2045)` });
    }
    if (c.charset !== undefined) {
      const label = c.declared === undefined ? 'with no charset' : `labelled "${neutralizeLine(c.declared)}"`;
      const why = c.charset === 'utf-8' ? 'it is valid UTF-8' : 'it is not valid UTF-8';
      warnings.push({ kind: 'undeclared-8bit', detail: `8-bit text ${label} read as ${c.charset} (${why})` });
    }
  }
}

/**
 * Parse one message's raw bytes into a `Message` (and its attachments' bytes).
 * Never throws for bad mail: what cannot be read becomes a warning and a degraded record.
 *
 * @param raw the message bytes (envelope line removed)
 * @param envelope the mbox envelope line after `From `, for the fallback date
 * @param source where the message came from
 * @param options `fastPath: false` sends every message through mailparser (to compare the two paths)
 */
export async function parseMessage(
  raw: Buffer,
  envelope: string,
  source: MessageSource,
  options: { fastPath?: boolean } = {},
): Promise<ParsedMessage> {
  const warnings: Warning[] = [];
  const size = raw.length;
  if (raw.length > MAX_MESSAGE_BYTES) {
    warnings.push({ kind: 'oversized-message', detail: `message of ${raw.length} bytes; only the first ${MAX_MESSAGE_BYTES} are parsed, the raw message is complete` });
    raw = raw.subarray(0, MAX_MESSAGE_BYTES);
  }
  const block = headerEnd(raw);
  if (block.stray !== undefined && block.end <= MAX_HEADER_BYTES) warnings.push(strayLineWarning(block.stray));
  let end = block.end;
  if (end > MAX_HEADER_BYTES) {
    warnings.push({ kind: 'oversized-header', detail: `header of ${end} bytes; only the first ${MAX_HEADER_BYTES} are read, the raw message is complete` });
    // Keep whole lines only, then go on with an empty body: what follows is still header.
    const cut = raw.lastIndexOf(0x0a, MAX_HEADER_BYTES);
    raw = Buffer.concat([raw.subarray(0, cut + 1), Buffer.from('\n')]);
    end = cut + 1;
    block.end = end;
    block.stray = undefined;
  }
  const headers = readHeaders(raw, end);
  let parsed: ParsedMail | undefined;
  const simple = options.fastPath === false ? undefined : simpleText(raw, end, headers);
  if (simple?.change) relabelWarnings([simple.change], warnings);
  if (simple === undefined) {
    const reduced = reduceHeaders(raw, block);
    const scan = scanMime(reduced);
    if (scan.depth > MAX_MIME_DEPTH || scan.parts > MAX_MIME_PARTS) {
      const what = scan.depth > MAX_MIME_DEPTH ? `multiparts nested more than ${MAX_MIME_DEPTH} deep` : `more than ${MAX_MIME_PARTS} MIME parts`;
      warnings.push({ kind: 'mime-limit', detail: `${what}; the body is shown as plain text, the raw message is complete` });
    } else {
      const prepared = prepareTextParts(reduced, scan.leaves);
      relabelWarnings(prepared.changes, warnings);
      const { simpleParser } = await loadMailparser();
      try {
        parsed = await simpleParser(prepared.raw, PARSER_OPTIONS);
      } catch (error) {
        warnings.push({ kind: 'parse-error', detail: `MIME structure cannot be parsed (${(error as Error).message}); shown as plain text` });
      }
    }
  }
  // The fast path only accepts charsets it can decode; the rest is mailparser's, which falls back.
  if (simple === undefined) checkCharsets(raw, warnings);

  let messageId = normalizeMessageId(first(headers, 'message-id'));
  const syntheticId = messageId === undefined;
  if (messageId === undefined) {
    messageId = syntheticMessageId(createHash('sha256').update(raw).digest('hex'));
    warnings.push({ kind: 'missing-message-id', detail: `no Message-ID; using the stable id <${messageId}>` });
  }
  const references = parseIdList(headers.get('references')?.join(' ')).filter((id) => id !== messageId);

  let text = simple?.text ?? parsed?.text ?? '';
  let textFromHtml = false;
  const html = typeof parsed?.html === 'string' && parsed.html !== '' ? parsed.html : undefined;
  if (simple === undefined && parsed === undefined) text = raw.toString('utf8', end);
  if (text.trim() === '' && html !== undefined) {
    text = plainTextFromHtml(html);
    textFromHtml = true;
  }
  // A byte order mark at the start of the text is a signature, not text (the WHATWG decoders drop
  // it); left in, it hides a first-line quote mark or heading from the body reader.
  if (text.startsWith('\ufeff')) text = text.slice(1);
  text = neutralizeText(text);
  if (text.length > MAX_TEXT_CHARS) {
    warnings.push({ kind: 'truncated-text', detail: `text of ${text.length} characters cut to ${MAX_TEXT_CHARS}; the raw message is complete` });
    text = text.slice(0, MAX_TEXT_CHARS);
  }

  const attachments: Attachment[] = [];
  const attachmentData: Uint8Array[] = [];
  const parts = parsed?.attachments ?? [];
  for (const part of parts.slice(0, MAX_ATTACHMENTS)) {
    const attachment: Attachment = {
      index: attachments.length,
      filename: neutralizeLine(part.filename ?? '').slice(0, 255),
      contentType: (part.contentType || 'application/octet-stream').toLowerCase().slice(0, 127),
      size: part.size ?? part.content.length,
      inline: part.contentDisposition === 'inline' || part.related === true,
    };
    const contentId = part.contentId ? normalizeMessageId(part.contentId) : undefined;
    if (contentId !== undefined) attachment.contentId = contentId;
    attachments.push(attachment);
    attachmentData.push(part.content);
  }
  if (parts.length > MAX_ATTACHMENTS) {
    warnings.push({ kind: 'too-many-attachments', detail: `${parts.length} attachments; the first ${MAX_ATTACHMENTS} are kept, the raw message has all` });
  }

  const addresses = (name: 'from' | 'to' | 'cc'): Address[] => {
    const value = headers.get(name)?.join(', ');
    const found = parsed !== undefined ? toAddresses(parsed[name]) : value === undefined ? [] : fixPipermail(parseAddressList(headerText(value), decodeEncodedWords));
    for (const a of found) {
      a.name = neutralizeLine(a.name);
      a.address = neutralizeLine(a.address).replace(/\s/g, '');
    }
    return found;
  };
  const fromList = addresses('from');
  const from = fromList[0];
  const fromName = pipermailName(first(headers, 'from'));
  if (from && fromName !== undefined && from.name === '') from.name = neutralizeLine(fromName);
  const to = addresses('to');
  const cc = addresses('cc');

  // An In-Reply-To token that is one of the message's own addresses names a person, not a message.
  const own = new Set<string>();
  for (const a of [...fromList, ...to, ...cc]) if (a.address !== '') own.add(a.address.toLowerCase());
  for (const name of ['reply-to', 'sender'] as const) {
    const value = headers.get(name)?.join(', ');
    if (value !== undefined) for (const a of parseAddressList(headerText(value), (w) => w)) if (a.address !== '') own.add(a.address.toLowerCase());
  }
  const inReplyToHeader = first(headers, 'in-reply-to');
  const irt = parseInReplyTo(inReplyToHeader, own);
  const inReplyTo = irt.ids.filter((id) => id !== messageId);
  for (const r of irt.rejected) {
    const fallback = inReplyTo.length > 0 ? 'its other ids are used' : references.length > 0 ? 'the message is threaded by its References' : 'the message is threaded by its subject';
    warnings.push({ kind: 'not-a-message-id', detail: `In-Reply-To "${neutralizeLine(inReplyToHeader ?? '')}" names <${r.token}>, which ${r.reason}, not a Message-ID; ${fallback}` });
  }

  const message: Message = {
    messageId,
    syntheticId,
    inReplyTo,
    references,
    subject: neutralizeLine(parsed?.subject ?? decodeEncodedWords(headerText(first(headers, 'subject') ?? ''))),
    from,
    to,
    cc,
    ...chooseDate(first(headers, 'date'), envelope, warnings),
    listId: first(headers, 'list-id') === undefined ? undefined : neutralizeLine(first(headers, 'list-id')!).slice(0, 255),
    text,
    textFromHtml,
    html,
    attachments,
    warnings,
    source,
    size,
    authorHints: readAuthorHints(headers),
  };
  return { message, attachmentData, fastPath: simple !== undefined };
}
