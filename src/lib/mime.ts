/**
 * The MIME structure of a message as a line scan (boundaries, part headers, bodies), and how a
 * text part is read: RFC 2045's text/plain for a `Content-Type: text` without a valid subtype,
 * undeclared 8-bit text read as UTF-8 when it is, else as windows-1252, and format=flowed unfolded
 * by flowed.ts.
 *
 * The scan keeps pathological structures away from the MIME parser, and lets the archive prepare
 * text parts before mailparser reads them: mailparser takes `text` for an attachment, reads 8-bit
 * `us-ascii` as UTF-8 with U+FFFD, unfolds flowed text with libmime's decodeFlowed (which joins
 * lines across empty lines), shows nothing of a multipart it cannot split, and concatenates parts,
 * so none of this can be undone after.
 */
import { isUtf8 } from 'node:buffer';
import libmime from 'libmime';
import libqp from 'libqp';
import { unfoldFlowed } from './flowed.ts';

/** Multipart nesting deeper than this is not parsed as MIME: the body is shown as plain text. */
export const MAX_MIME_DEPTH = 32;
/** A message with more MIME parts than this is not parsed as MIME: the body is shown as plain text. */
export const MAX_MIME_PARTS = 1000;
// A boundary longer than RFC 2046's 70 characters is cut to this many where a warning names it.
const MAX_BOUNDARY_SHOWN = 70;

/** A leaf part: where its header block and body are, in bytes of the message, and its labels. */
export interface MimeLeaf {
  /** Offset of the part's first header line (the message's, for a single part). */
  headerStart: number;
  /** Offset of the empty line that ends the header block. */
  headerEnd: number;
  bodyStart: number;
  /** Offset where the body ends: the line break before the next boundary belongs to the boundary. */
  bodyEnd: number;
  /** The Content-Type value, unfolded; undefined when the part has none. */
  contentType: string | undefined;
  /** The Content-Transfer-Encoding value; undefined when the part has none. */
  transferEncoding: string | undefined;
  /** The Content-Disposition value; undefined when the part has none. */
  disposition: string | undefined;
  /**
   * True when the part is inside a message/rfc822 part that is not `inline`: mailparser keeps
   * that message's bytes as an attachment (an inline one it shows as text).
   */
  inMessage: boolean;
  /**
   * Why the part, a multipart, cannot be split into parts (`multipart/mixed has an empty
   * boundary`); undefined for a part that is not such a multipart. Its body is read as text.
   */
  broken: string | undefined;
}

/** The scan of a message: nesting depth, part count and leaf parts (complete unless a limit stopped it). */
export interface MimeScan {
  depth: number;
  parts: number;
  leaves: MimeLeaf[];
}

/** Whether a Content-Disposition value is absent or `inline`: how mailparser tells shown text from attachments. */
function isInline(disposition: string | undefined): boolean {
  const value = (disposition ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return value === '' || value === 'inline';
}

/**
 * The boundary of a multipart's Content-Type value, read as mailparser's splitter reads it
 * (libmime, comments dropped, trailing white space dropped, non-ASCII taken as none), or why
 * there is none to split by.
 *
 * @param contentType the Content-Type value
 */
function boundaryOf(contentType: string): { boundary: string } | { problem: string } {
  const { value, params } = libmime.parseHeaderValue(contentType, { stripComments: true });
  const type = value.trim().toLowerCase();
  const boundary = params['boundary']?.trimEnd();
  if (boundary === undefined) return { problem: `${type} has no boundary parameter` };
  // RFC 2046 section 5.1.1: a boundary is 1 to 70 ASCII characters.
  if (boundary === '') return { problem: `${type} has an empty boundary` };
  if (/[^\x00-\x7f]/.test(boundary)) return { problem: `${type} has a boundary with non-ASCII characters` };
  return { boundary };
}

/** A multipart being scanned: its boundary, whether a delimiter line has opened a part, and the leaf it becomes if none does. */
interface OpenMultipart {
  boundary: string;
  parted: boolean;
  leaf: MimeLeaf;
}

/**
 * Scan a message's lines for its MIME structure: boundaries opened by `Content-Type: multipart/…`
 * headers and closed by `--boundary--`, the header block and body of every leaf part. A multipart
 * without a usable boundary, or whose boundary delimits no part before it ends, is a leaf whose
 * `broken` says why: mailparser shows nothing of it, and its body is the only text it has.
 * Stops once MAX_MIME_DEPTH or MAX_MIME_PARTS is passed.
 *
 * @param raw the message bytes
 */
export function scanMime(raw: Buffer): MimeScan {
  const text = raw.toString('latin1');
  const stack: OpenMultipart[] = [];
  const leaves: MimeLeaf[] = [];
  let depth = 0;
  let parts = 0;
  let inHeader = true;
  let headerStart = 0;
  let contentType: string | undefined;
  let transferEncoding: string | undefined;
  let disposition: string | undefined;
  let field: 'type' | 'encoding' | 'disposition' | undefined;
  // Stack height at which an attached message/rfc822 began, or -1 outside one.
  let messageLevel = -1;
  let leaf: MimeLeaf | undefined;
  // A multipart that ends without a part of its own is a leaf, in order: nothing inside it was scanned.
  const unparted = (multipart: OpenMultipart, bodyEnd: number): void => {
    const { boundary } = multipart;
    const shown = boundary.length > MAX_BOUNDARY_SHOWN ? `${boundary.slice(0, MAX_BOUNDARY_SHOWN)}…` : boundary;
    const type = (multipart.leaf.contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
    multipart.leaf.broken = `${type} has no part delimited by its boundary "${shown}"`;
    multipart.leaf.bodyEnd = Math.max(multipart.leaf.bodyStart, bodyEnd);
    leaves.push(multipart.leaf);
  };
  let pos = 0;
  while (pos < text.length) {
    const start = pos;
    let next = text.indexOf('\n', pos);
    if (next < 0) next = text.length;
    let line = text.slice(pos, next);
    pos = next + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (inHeader) {
      if (line === '') {
        inHeader = false;
        const type = (contentType ?? '').trimStart().toLowerCase();
        const part: MimeLeaf = {
          headerStart,
          headerEnd: start,
          bodyStart: pos,
          bodyEnd: raw.length,
          contentType,
          transferEncoding,
          disposition,
          inMessage: messageLevel >= 0,
          broken: undefined,
        };
        const multipart = type.startsWith('multipart/') ? boundaryOf(contentType ?? '') : undefined;
        if (multipart !== undefined && 'boundary' in multipart) {
          stack.push({ boundary: multipart.boundary, parted: false, leaf: part });
          depth = Math.max(depth, stack.length);
          if (depth > MAX_MIME_DEPTH) break;
        } else if (multipart !== undefined) {
          part.broken = multipart.problem;
          leaf = part;
          leaves.push(leaf);
        } else if (type.startsWith('message/rfc822')) {
          // mailparser shows an attached message as text only when it says `inline`; else its
          // bytes are an attachment's. (A multipart/digest's untyped parts are text/plain to
          // mailsplit, not messages as RFC 2046 5.1.5 has them: read as it reads them.)
          if (messageLevel < 0 && !/^\s*inline\s*(?:;|$)/i.test(disposition ?? '')) messageLevel = stack.length;
          inHeader = true;
          headerStart = pos;
        } else {
          leaf = part;
          leaves.push(leaf);
        }
        contentType = undefined;
        transferEncoding = undefined;
        disposition = undefined;
        field = undefined;
      } else if (line[0] === ' ' || line[0] === '\t') {
        if (field === 'type') contentType += ` ${line.trim()}`;
        else if (field === 'encoding') transferEncoding += ` ${line.trim()}`;
        else if (field === 'disposition') disposition += ` ${line.trim()}`;
      } else {
        const colon = line.indexOf(':');
        const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
        field = undefined;
        // The first of a repeated field counts, as in mailparser.
        if (name === 'content-type' && contentType === undefined) {
          field = 'type';
          contentType = line.slice(colon + 1).trim();
        } else if (name === 'content-transfer-encoding' && transferEncoding === undefined) {
          field = 'encoding';
          transferEncoding = line.slice(colon + 1).trim();
        } else if (name === 'content-disposition' && disposition === undefined) {
          field = 'disposition';
          disposition = line.slice(colon + 1).trim();
        }
      }
      continue;
    }
    if (stack.length === 0) break;
    if (!line.startsWith('--')) continue;
    for (let i = stack.length - 1; i >= 0; i--) {
      const b = stack[i]!.boundary;
      if (!line.startsWith(b, 2)) continue;
      const rest = line.slice(2 + b.length);
      const close = rest.startsWith('--');
      if (!close && rest.trim() !== '') continue;
      // RFC 2046 5.1.1: the line break before a boundary belongs to the boundary.
      const bodyEnd = start - (start >= 2 && text[start - 2] === '\r' ? 2 : 1);
      if (leaf) {
        leaf.bodyEnd = Math.max(leaf.bodyStart, bodyEnd);
        leaf = undefined;
      }
      // The multiparts this line ends; one that never had a part is a leaf. Only the innermost can
      // be one: a multipart inside it would have needed a part of it to stand in.
      const top = stack[stack.length - 1]!;
      if (!top.parted && stack.length - 1 >= (close ? i : i + 1)) unparted(top, bodyEnd);
      if (messageLevel > i) messageLevel = -1;
      if (close) {
        stack.length = i;
      } else {
        stack.length = i + 1;
        stack[i]!.parted = true;
        parts++;
        inHeader = true;
        headerStart = pos;
        if (parts > MAX_MIME_PARTS) return { depth, parts, leaves };
      }
      break;
    }
  }
  const top = stack[stack.length - 1];
  if (top !== undefined && !top.parted) unparted(top, raw.length);
  return { depth, parts, leaves };
}

/**
 * How deep the message's multiparts nest and how many parts it has (see `scanMime`).
 *
 * @param raw the message bytes
 */
export function mimeShape(raw: Buffer): { depth: number; parts: number } {
  const { depth, parts } = scanMime(raw);
  return { depth, parts };
}

/** A media type as read from a Content-Type value, and whether it had to be corrected. */
export interface MediaType {
  /** `type/subtype`, lower-cased. */
  type: string;
  /** Set when the value was invalid and the type was taken as RFC 2045 says. */
  corrected?: string;
}

// RFC 2045 token characters: printable ASCII without space and tspecials.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/**
 * The media type of a Content-Type value. RFC 2045 section 5.2: a syntactically invalid
 * Content-Type is taken as text/plain; this is applied to `text` whose subtype is missing or
 * invalid (`Content-Type: text`, common in 1990s mail), whose parameters (the charset) still count.
 *
 * @param value the Content-Type value, or undefined when the header is absent (text/plain)
 */
export function mediaType(value: string | undefined): MediaType {
  if (value === undefined) return { type: 'text/plain' };
  const media = (value.split(';', 1)[0] ?? '').trim().toLowerCase();
  const slash = media.indexOf('/');
  const main = (slash < 0 ? media : media.slice(0, slash)).trim();
  const sub = slash < 0 ? '' : media.slice(slash + 1).trim();
  if (main === 'text' && !TOKEN.test(sub)) return { type: 'text/plain', corrected: media };
  return { type: slash < 0 ? media : `${main}/${sub}` };
}

// A charset parameter, also after a space where a client forgot the semicolon.
const CHARSET_PARAM = /(?:;|\s)\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i;

/**
 * The charset parameter of a Content-Type value, unquoted; undefined when there is none.
 *
 * @param value the Content-Type value
 */
export function charsetOf(value: string | undefined): string | undefined {
  const m = CHARSET_PARAM.exec(value ?? '');
  const name = m?.[1] ?? m?.[2] ?? m?.[3];
  return name === undefined || name.trim() === '' ? undefined : name.trim();
}

// US-ASCII by the names IANA registers for it.
const ASCII_NAMES = new Set(['usascii', 'ascii', 'ansix341968', 'ansix341986', 'iso646us', 'us', 'cp367', 'ibm367', 'isoir6', 'csascii']);
// Labels that say the sender's client did not know the charset (Pine's `X-UNKNOWN`, RFC 1428's `unknown-8bit`).
const UNKNOWN_NAMES = new Set(['xunknown', 'unknown8bit', 'unknown', 'xunknown8bit']);

/**
 * Whether a charset label tells nothing a decoder can use: US-ASCII (which 8-bit text breaks) or a
 * label for "unknown". Such text is read as undeclared 8-bit text: Pine's `X-UNKNOWN` mail is
 * latin-1 (a non-breaking space is byte 0xA0), which UTF-8 would show as U+FFFD.
 *
 * @param charset the declared charset
 */
function labelsNoCharset(charset: string): boolean {
  const name = charset.toLowerCase().replace(/[^a-z0-9]/g, '');
  return ASCII_NAMES.has(name) || UNKNOWN_NAMES.has(name);
}

/**
 * How to read a text part that declares no charset, US-ASCII or "unknown": bytes that are all ASCII need no
 * decision; 8-bit text is read as UTF-8 when it is valid UTF-8 (what a mislabelling client most
 * likely sent), else as windows-1252 (the superset of latin-1 that such mail was written in).
 *
 * @param charset the declared charset, or undefined
 * @param bytes the transfer-decoded body
 * @returns the charset to read with, or undefined when the label stands
 */
export function undeclaredCharset(charset: string | undefined, bytes: Uint8Array): 'utf-8' | 'windows-1252' | undefined {
  if (charset !== undefined && !labelsNoCharset(charset)) return undefined;
  let eightBit = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      eightBit = true;
      break;
    }
  }
  if (!eightBit) return undefined;
  return isUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/**
 * A body's bytes without their transfer encoding; undefined for an encoding we do not decode.
 *
 * @param body the encoded body
 * @param encoding the Content-Transfer-Encoding value, or undefined for 7bit
 */
export function transferDecode(body: Buffer, encoding: string | undefined): Buffer | undefined {
  const name = (encoding ?? '7bit').trim().toLowerCase();
  if (name === '7bit' || name === '8bit' || name === 'binary') return body;
  if (name === 'quoted-printable') return libqp.decode(body);
  if (name === 'base64') return Buffer.from(body.toString('latin1'), 'base64');
  return undefined;
}

/** What `prepareTextParts` changed in one part, for a warning. */
export interface Relabel {
  /** The media type as written, when it was invalid. */
  corrected?: string;
  /** The charset now given to undeclared 8-bit text. */
  charset?: 'utf-8' | 'windows-1252';
  /** The charset the part declared, if any. */
  declared?: string;
  /** Why the part, a multipart, could not be split: it is read as text/plain instead. */
  broken?: string;
}

/**
 * Whether a Content-Type value says format=flowed, and DelSp=yes (RFC 3676), read as mailsplit
 * (mailparser's MIME reader) reads them.
 *
 * @param contentType the Content-Type value
 */
export function flowedOf(contentType: string | undefined): { flowed: boolean; delSp: boolean } {
  if (contentType === undefined || !/flowed/i.test(contentType)) return { flowed: false, delSp: false };
  const { params } = libmime.parseHeaderValue(contentType, { stripComments: true });
  const flowed = params['format']?.toLowerCase().trim() === 'flowed';
  return { flowed, delSp: flowed && params['delsp']?.toLowerCase().trim() === 'yes' };
}

// A header field with its continuation lines, found by name.
function fieldPattern(name: string): RegExp {
  return new RegExp(`^${name}[ \\t]*:[^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*`, 'im');
}

/** A header block with its first `name` field replaced by `line` (or removed when undefined), or `line` added first. */
function replaceField(header: string, name: string, line: string | undefined, eol: string): string {
  const field = fieldPattern(name).exec(header);
  if (field) {
    const end = field.index + field[0].length;
    if (line !== undefined) return header.slice(0, field.index) + line + header.slice(end);
    // Removing the field removes its line break too.
    const after = header.startsWith('\r\n', end) ? end + 2 : header.startsWith('\n', end) ? end + 1 : end;
    return header.slice(0, field.index) + header.slice(after);
  }
  return line === undefined ? header : `${line}${eol}${header}`;
}

/**
 * Prepare the text parts of a message for mailparser, so that it reads them as the fast path
 * does: an invalid `text` type becomes text/plain; 8-bit text declared as US-ASCII (or not at
 * all) gets the charset `undeclaredCharset` chooses; shown format=flowed text (inline, as
 * mailparser unfolds only that) is unfolded by `unfoldFlowed` and handed over as base64 without
 * the flowed parameters; a multipart that cannot be split (see `scanMime`) becomes text/plain in
 * the charset it declares or the one `undeclaredCharset` chooses, so its body is shown rather than
 * nothing. Parts whose bytes mailparser keeps as an attachment's, inside an attached message, are
 * left alone, and so is everything else in the message.
 *
 * @param raw the message bytes
 * @param leaves the message's leaf parts, from `scanMime`
 * @returns the message to parse, and the label corrections to warn about
 */
export function prepareTextParts(raw: Buffer, leaves: readonly MimeLeaf[]): { raw: Buffer; changes: Relabel[] } {
  const pieces: Buffer[] = [];
  const changes: Relabel[] = [];
  let copied = 0;
  let changed = false;
  for (const leaf of leaves) {
    if (leaf.inMessage) continue;
    const media: MediaType = leaf.broken === undefined ? mediaType(leaf.contentType) : { type: 'text/plain' };
    if (media.type !== 'text/plain' && media.type !== 'text/html') continue;
    const declared = charsetOf(leaf.contentType);
    const { flowed, delSp } = leaf.broken === undefined ? flowedOf(leaf.contentType) : { flowed: false, delSp: false };
    const shownFlowed = flowed && media.type === 'text/plain' && isInline(leaf.disposition);
    // Only a part that may be undeclared 8-bit, or flowed text, needs its body decoded here.
    const undeclared = declared === undefined || labelsNoCharset(declared);
    const bytes = undeclared || shownFlowed ? transferDecode(raw.subarray(leaf.bodyStart, leaf.bodyEnd), leaf.transferEncoding) : undefined;
    const charset = bytes === undefined ? undefined : undeclaredCharset(declared, bytes);
    const unfolded = shownFlowed && bytes !== undefined ? unfoldFlowed(bytes.toString('latin1'), delSp) : undefined;
    const unfold = unfolded !== undefined;
    const change: Relabel = {};
    if (media.corrected !== undefined) change.corrected = media.corrected;
    if (charset !== undefined) change.charset = charset;
    if (declared !== undefined && charset !== undefined) change.declared = declared;
    if (leaf.broken !== undefined) change.broken = leaf.broken;
    if (change.corrected !== undefined || change.charset !== undefined || change.broken !== undefined) changes.push(change);
    else if (!unfold) continue;

    const header = raw.toString('latin1', leaf.headerStart, leaf.headerEnd);
    const eol = header.includes('\r\n') || raw[leaf.headerEnd] === 0x0d ? '\r\n' : '\n';
    // Parameters as written, but the charset, which is written again (it may have stood in the
    // invalid media type, after a missing semicolon), and the flowed ones when the text is unfolded.
    // A broken multipart's parameters (its boundary) mean nothing to text/plain.
    let params = leaf.broken !== undefined ? '' : (leaf.contentType ?? '').replace(/^[^;]*/, '').replace(new RegExp(CHARSET_PARAM.source, 'gi'), '');
    if (unfold) params = params.replace(/;\s*(?:format|delsp)\s*=\s*(?:"[^"]*"|[^;\s]*)/gi, '');
    const final = charset ?? declared;
    let rewritten = replaceField(header, 'content-type', `Content-Type: ${media.type}${params}${final === undefined ? '' : `; charset="${final.replace(/["\\]/g, '')}"`}`, eol);
    let body: Buffer | undefined;
    if (unfolded !== undefined) {
      rewritten = replaceField(rewritten, 'content-transfer-encoding', 'Content-Transfer-Encoding: base64', eol);
      const text = Buffer.from(unfolded, 'latin1').toString('base64');
      body = Buffer.from(text.replace(/.{76}(?=.)/g, `$&${eol}`), 'latin1');
    }
    pieces.push(raw.subarray(copied, leaf.headerStart), Buffer.from(rewritten, 'latin1'));
    copied = leaf.headerEnd;
    changed = true;
    if (body !== undefined) {
      pieces.push(raw.subarray(copied, leaf.bodyStart), body);
      copied = leaf.bodyEnd;
    }
  }
  if (!changed) return { raw, changes };
  pieces.push(raw.subarray(copied));
  return { raw: Buffer.concat(pieces), changes };
}
