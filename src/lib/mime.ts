/**
 * The MIME structure of a message as a line scan (boundaries, part headers, bodies), and how the
 * label of a text part is read: RFC 2045's text/plain for a `Content-Type: text` without a valid
 * subtype, and undeclared 8-bit text read as UTF-8 when it is, else as windows-1252.
 *
 * The scan keeps pathological structures away from the MIME parser, and lets the archive correct
 * text part labels before mailparser reads them: mailparser takes `text` for an attachment and
 * reads 8-bit `us-ascii` as UTF-8 with U+FFFD, and concatenates parts, so neither can be undone after.
 */
import { isUtf8 } from 'node:buffer';
import libqp from 'libqp';

/** Multipart nesting deeper than this is not parsed as MIME: the body is shown as plain text. */
export const MAX_MIME_DEPTH = 32;
/** A message with more MIME parts than this is not parsed as MIME: the body is shown as plain text. */
export const MAX_MIME_PARTS = 1000;

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
  /** The Content-Transfer-Encoding value, lower-cased; undefined when the part has none. */
  transferEncoding: string | undefined;
  /** True when the part is inside an attached message/rfc822: its bytes are the attachment's. */
  inMessage: boolean;
}

/** The scan of a message: nesting depth, part count and leaf parts (complete unless a limit stopped it). */
export interface MimeScan {
  depth: number;
  parts: number;
  leaves: MimeLeaf[];
}

interface OpenMultipart {
  boundary: string;
  digest: boolean;
}

/**
 * Scan a message's lines for its MIME structure: boundaries opened by `Content-Type: multipart/…`
 * headers and closed by `--boundary--`, the header block and body of every leaf part. Stops once
 * MAX_MIME_DEPTH or MAX_MIME_PARTS is passed.
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
  let field: 'type' | 'encoding' | undefined;
  // Stack height at which an attached message/rfc822 began, or -1 outside one.
  let messageLevel = -1;
  // True while reading the header of an attached message, whose default type is text/plain.
  let embedded = false;
  let leaf: MimeLeaf | undefined;
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
        const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
        const digestPart = !embedded && stack[stack.length - 1]?.digest === true;
        embedded = false;
        if (type.startsWith('multipart/') && boundary) {
          stack.push({ boundary: boundary[1] ?? boundary[2] ?? '', digest: type.startsWith('multipart/digest') });
          depth = Math.max(depth, stack.length);
          if (depth > MAX_MIME_DEPTH) break;
        } else if (type.startsWith('message/rfc822') || (contentType === undefined && digestPart)) {
          // RFC 2046 5.1.5: a digest's part without Content-Type is a message.
          if (messageLevel < 0) messageLevel = stack.length;
          inHeader = true;
          embedded = true;
          headerStart = pos;
        } else {
          leaf = {
            headerStart,
            headerEnd: start,
            bodyStart: pos,
            bodyEnd: raw.length,
            contentType,
            transferEncoding,
            inMessage: messageLevel >= 0,
          };
          leaves.push(leaf);
        }
        contentType = undefined;
        transferEncoding = undefined;
        field = undefined;
      } else if (line[0] === ' ' || line[0] === '\t') {
        if (field === 'type') contentType += ` ${line.trim()}`;
        else if (field === 'encoding') transferEncoding += ` ${line.trim()}`;
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
      if (leaf) {
        // RFC 2046 5.1.1: the line break before a boundary belongs to the boundary.
        const lineBreak = start >= 2 && text[start - 2] === '\r' ? 2 : 1;
        leaf.bodyEnd = Math.max(leaf.bodyStart, start - lineBreak);
        leaf = undefined;
      }
      if (messageLevel > i) messageLevel = -1;
      if (close) {
        stack.length = i;
      } else {
        stack.length = i + 1;
        parts++;
        inHeader = true;
        headerStart = pos;
        if (parts > MAX_MIME_PARTS) return { depth, parts, leaves };
      }
      break;
    }
  }
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

/**
 * How to read a text part that declares no charset or US-ASCII: bytes that are all ASCII need no
 * decision; 8-bit text is read as UTF-8 when it is valid UTF-8 (what a mislabelling client most
 * likely sent), else as windows-1252 (the superset of latin-1 that such mail was written in).
 *
 * @param charset the declared charset, or undefined
 * @param bytes the transfer-decoded body
 * @returns the charset to read with, or undefined when the label stands
 */
export function undeclaredCharset(charset: string | undefined, bytes: Uint8Array): 'utf-8' | 'windows-1252' | undefined {
  if (charset !== undefined && !ASCII_NAMES.has(charset.toLowerCase().replace(/[^a-z0-9]/g, ''))) return undefined;
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

/** What `labelTextParts` changed in one part, for a warning. */
export interface Relabel {
  /** The media type as written, when it was invalid. */
  corrected?: string;
  /** The charset now given to undeclared 8-bit text. */
  charset?: 'utf-8' | 'windows-1252';
  /** The charset the part declared, if any. */
  declared?: string;
}

/**
 * Rewrite the Content-Type of text parts whose label misleads a MIME parser: an invalid `text`
 * type becomes text/plain, and 8-bit text declared as US-ASCII (or not at all) gets the charset
 * `undeclaredCharset` chooses. Parts inside attached messages are left as they are (their bytes
 * are an attachment's), and so is everything else in the message.
 *
 * @param raw the message bytes
 * @param leaves the message's leaf parts, from `scanMime`
 * @returns the message to parse, and what was changed
 */
export function labelTextParts(raw: Buffer, leaves: readonly MimeLeaf[]): { raw: Buffer; changes: Relabel[] } {
  const pieces: Buffer[] = [];
  const changes: Relabel[] = [];
  let copied = 0;
  for (const leaf of leaves) {
    if (leaf.inMessage) continue;
    const media = mediaType(leaf.contentType);
    if (media.type !== 'text/plain' && media.type !== 'text/html') continue;
    const change: Relabel = {};
    if (media.corrected !== undefined) change.corrected = media.corrected;
    const declared = charsetOf(leaf.contentType);
    const bytes = transferDecode(raw.subarray(leaf.bodyStart, leaf.bodyEnd), leaf.transferEncoding);
    const charset = bytes === undefined ? undefined : undeclaredCharset(declared, bytes);
    if (charset !== undefined) change.charset = charset;
    if (declared !== undefined && charset !== undefined) change.declared = declared;
    if (change.corrected === undefined && change.charset === undefined) continue;
    changes.push(change);

    const header = raw.toString('latin1', leaf.headerStart, leaf.headerEnd);
    // Parameters as written, but the charset, which is written again (it may have stood in the
    // invalid media type, after a missing semicolon).
    const params = (leaf.contentType ?? '').replace(/^[^;]*/, '').replace(new RegExp(CHARSET_PARAM.source, 'gi'), '');
    const final = charset ?? declared;
    const line = `Content-Type: ${media.type}${params}${final === undefined ? '' : `; charset="${final.replace(/["\\]/g, '')}"`}`;
    // The first Content-Type field and its continuation lines give way to the new one.
    const field = /^content-type[ \t]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im.exec(header);
    const eol = header.includes('\r\n') || raw[leaf.headerEnd] === 0x0d ? '\r\n' : '\n';
    const rewritten = field ? header.slice(0, field.index) + line + header.slice(field.index + field[0].length) : `${line}${eol}${header}`;
    pieces.push(raw.subarray(copied, leaf.headerStart), Buffer.from(rewritten, 'latin1'));
    copied = leaf.headerEnd;
  }
  if (changes.length === 0) return { raw, changes };
  pieces.push(raw.subarray(copied));
  return { raw: Buffer.concat(pieces), changes };
}
