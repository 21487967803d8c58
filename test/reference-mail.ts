/**
 * An independent reading of a message for the differential suite: header fields, RFC 2047 words,
 * the From display name, the date, and the text of single-part text/plain mail. It shares no
 * decoding code with src/lib and uses none of its libraries (mailparser, libmime, iconv-lite,
 * libqp): charsets are read by the WHATWG TextDecoder built into Node, dates by V8's Date.parse.
 * It follows the same reading policies as the archive (RFC 3676 with empty lines as fixed lines,
 * RFC 2045's text/plain for `Content-Type: text`, undeclared 8-bit as UTF-8 else windows-1252), so
 * what it finds is a decoding difference, not a policy one.
 */

/** Fields of a header block: the first value of each name, lower-cased, unfolded, bytes as latin1. */
export function readHeaderFields(raw: Buffer): { fields: Map<string, string[]>; bodyStart: number } {
  const text = raw.toString('latin1');
  // The block ends at an empty line, or (as Python's email parser reads it) at a line that is
  // neither a field (`name:`, RFC 5322 ftext, space allowed before the colon), a continuation
  // nor an envelope line, when it is the first line or no field follows it: that line is the
  // body's first.
  let head = text;
  let bodyStart = text.length;
  let stray: number | undefined;
  for (let at = 0, n = 1; at <= text.length; n++) {
    const end = text.indexOf('\n', at);
    const next = end < 0 ? text.length + 1 : end + 1;
    const line = text.slice(at, end < 0 ? text.length : end).replace(/\r$/, '');
    if (line === '' || at === text.length) {
      head = text.slice(0, stray ?? at);
      bodyStart = stray ?? Math.min(next, text.length);
      break;
    }
    if (/^[!-9;-~]+[ \t]*:/.test(line)) stray = undefined;
    else if (!/^[ \t]/.test(line) && !/^From \S+ +\S/.test(line) && stray === undefined) {
      stray = at;
      if (n === 1) {
        head = '';
        bodyStart = 0;
        break;
      }
    }
    at = next;
  }
  const fields = new Map<string, string[]>();
  // RFC 5322 2.2.3: unfolding removes the line break before white space.
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const list = fields.get(name);
    if (list) list.push(value);
    else fields.set(name, [value]);
  }
  return { fields, bodyStart };
}

/** Header bytes as text: UTF-8 where they are 8-bit (RFC 6532), else as they are. */
function headerBytes(latin1: string): string {
  return /[^\x00-\x7f]/.test(latin1) ? new TextDecoder('utf-8').decode(Buffer.from(latin1, 'latin1')) : latin1;
}

// windows-1252's 0x80-0x9F by the WHATWG Encoding Standard's index; the five bytes it leaves
// undefined stay C1 controls, as the standard has them.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** A decoder for a charset label, by the WHATWG Encoding Standard; undefined for a label it does not know. */
function textDecoder(label: string): { decode(bytes: Uint8Array): string } | undefined {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label.trim());
  } catch {
    return undefined;
  }
  // Node 20's TextDecoder reads windows-1252 (and the labels that mean it: iso-8859-1, latin1,
  // us-ascii) as ISO-8859-1, 0x80-0x9F as C1 controls: those bytes are mapped here.
  if (decoder.encoding !== 'windows-1252') return decoder;
  return {
    decode: (bytes) => {
      let out = '';
      for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b < 0xa0 ? WINDOWS_1252_HIGH[b - 0x80]! : b);
      return out;
    },
  };
}

/**
 * RFC 2047 encoded words decoded; adjacent words of one charset are joined as bytes before
 * decoding (a character may be split between them), white space between words dropped.
 *
 * @param value a header value, as latin1
 */
export function referenceWords(value: string): string {
  const text = headerBytes(value);
  const word = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[]; raw: string } | undefined;
  const flush = (): void => {
    if (!pending) return;
    const decoder = textDecoder(pending.charset);
    out += decoder ? decoder.decode(Buffer.concat(pending.bytes)) : pending.raw;
    pending = undefined;
  };
  for (const m of text.matchAll(word)) {
    const between = text.slice(last, m.index);
    // White space between two encoded words is not text (RFC 2047 6.2).
    if (!(pending && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const data = m[3]!;
    const bytes =
      m[2]!.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    const charset = m[1]!.toLowerCase();
    // Bytes of a character split between two words are joined; a stateful charset (ISO-2022) is
    // not: each of its words ends in ASCII, and two escapes in a row read as an error.
    if (pending && pending.charset === charset && !charset.startsWith('iso-2022')) {
      pending.bytes.push(bytes);
      pending.raw += m[0];
    } else {
      flush();
      pending = { charset, bytes: [bytes], raw: m[0] };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + text.slice(last);
}

/**
 * The display name of the first mailbox of a From value: the phrase before `<…>`, else the
 * comment after a bare address; quotes and comments of the phrase removed, words decoded, and
 * left-over quotes or a copy of the address dropped.
 *
 * @param value the From header value, as latin1
 */
export function referenceDisplayName(value: string): string {
  let phrase = '';
  let comment: string | undefined;
  let address = '';
  let angle = false;
  let quoted = false;
  let depth = 0;
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      if (c === '\\' && i + 1 < value.length) current += value[++i];
      else if (c === '"') quoted = false;
      else current += c;
    } else if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      if (depth > 0) comment = (comment ?? '') + c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === '(') {
      depth = 1;
      comment = comment === undefined ? '' : `${comment} `;
    } else if (c === '<' && !angle) {
      phrase = current;
      const close = value.indexOf('>', i);
      address = value.slice(i + 1, close < 0 ? value.length : close).trim();
      angle = true;
      // A comment after the address still counts, when the phrase is empty: `<a@x> (Name)`.
      if (phrase.trim() !== '' || close < 0) break;
      i = close;
      current = '';
    } else if (c === ',') {
      break;
    } else {
      current += c;
    }
  }
  let name: string;
  // Pipermail's `user at host (Name)`.
  const pipermail = /^\S+ at \S+(?:\s+\((.*)\))?$/.exec(value.trim());
  if (pipermail) return referenceWords(pipermail[1] ?? '').replace(/\s+/g, ' ').trim();
  if (angle) {
    name = phrase.trim() !== '' ? phrase : (comment ?? '');
  } else {
    address = current.trim();
    name = comment ?? (address.includes('@') ? '' : current);
    if (!address.includes('@')) address = '';
  }
  name = referenceWords(name).replace(/\s+/g, ' ').trim();
  for (let round = 0; round < 3; round++) {
    const before = name;
    if (/^".*"$/.test(name) || /^'[^']*'$/.test(name)) name = name.slice(1, -1).trim();
    const at = address.toLowerCase();
    if (at !== '' && (name.toLowerCase().endsWith(`<${at}>`) || name.toLowerCase().endsWith(`(${at})`))) name = name.slice(0, name.length - at.length - 2).trim();
    if (at !== '' && name.toLowerCase() === at) name = '';
    if (name === before) break;
  }
  return name;
}

// Zones V8's Date.parse reads; a date without one is read in the machine's zone, so it has no reference.
const KNOWN_ZONE = /(?:^|\s)(?:[+-]\d{4}|UT|UTC|GMT|Z|[ECMP][SD]T)(?:\s|$)/;

/**
 * A Date value as V8 reads it, when it names a zone V8 knows; undefined otherwise.
 *
 * @param value the Date header value
 */
export function referenceDate(value: string): number | undefined {
  const text = value.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (!KNOWN_ZONE.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A quoted-printable body decoded (RFC 2045 6.7): soft breaks joined, trailing white space of lines dropped. */
function decodeQuotedPrintable(body: Buffer): Buffer {
  const lines = body.toString('latin1').split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/[ \t]+$/, '');
    const soft = line.endsWith('=');
    if (soft) line = line.slice(0, -1);
    out.push(line.replace(/=([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    if (!soft && i < lines.length - 1) out.push('\n');
  }
  return Buffer.from(out.join(''), 'latin1');
}

/** RFC 3676 unfolding, read line by line: depth, stuffing, flowed, then joined paragraph by paragraph. */
function unflow(text: string, delSp: boolean): string {
  const lines = text.split(/\r?\n/).map((line) => {
    const depth = /^>*/.exec(line)![0].length;
    let content = line.slice(depth);
    const stuffed = content.startsWith(' ');
    if (stuffed) content = content.slice(1);
    const signature = content === '-- ';
    return { depth, content, marks: line.slice(0, depth) + (depth > 0 && stuffed ? ' ' : ''), flowed: !signature && content.endsWith(' '), fixedAlone: content === '' || signature };
  });
  const out: string[] = [];
  let open: { depth: number; text: string; marks: string } | undefined;
  const end = (): void => {
    if (open) out.push(open.marks + (delSp ? open.text.replace(/ $/, '') : open.text));
    open = undefined;
  };
  for (const l of lines) {
    if (open && (l.depth !== open.depth || l.fixedAlone)) end();
    if (open) open.text = (delSp ? open.text.replace(/ $/, '') : open.text) + l.content;
    else open = { depth: l.depth, text: l.content, marks: l.marks };
    if (!l.flowed) {
      out.push(open.marks + open.text);
      open = undefined;
    }
  }
  end();
  return out.join('\n');
}

/**
 * The first characters of the text of a single-part text/plain message; undefined for anything
 * else (multipart, attachments, encodings or charsets this reading does not know).
 *
 * @param raw the message bytes
 * @param length how many characters
 */
export function referenceText(raw: Buffer, length: number): string | undefined {
  const { fields, bodyStart } = readHeaderFields(raw);
  const types = fields.get('content-type') ?? [];
  if (types.length > 1) return undefined;
  const type = types[0] ?? 'text/plain';
  const media = type.split(';')[0]!.trim().toLowerCase();
  if (media !== 'text/plain' && media !== 'text' && media !== 'text/') return undefined;
  const disposition = (fields.get('content-disposition')?.[0] ?? '').split(';')[0]!.trim().toLowerCase();
  if (disposition !== '' && disposition !== 'inline') return undefined;
  const encoding = (fields.get('content-transfer-encoding')?.[0] ?? '7bit').trim().toLowerCase();
  let body = raw.subarray(bodyStart);
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (encoding === 'base64') body = Buffer.from(body.toString('latin1'), 'base64');
  else if (!['7bit', '8bit', 'binary'].includes(encoding)) return undefined;
  const charset = /charset\s*=\s*["']?([^"';\s]+)/i.exec(type)?.[1]?.toLowerCase();
  let label = charset ?? 'us-ascii';
  if (charset === undefined || /^(?:us-?ascii|ascii|ansi_x3\.4-1968)$/.test(charset)) {
    label = !body.some((b) => b >= 0x80) || isUtf8(body) ? 'utf-8' : 'windows-1252';
  }
  if (/^(?:utf-?8|ascii|us-?ascii)$/.test(label)) label = 'utf-8';
  const decoder = textDecoder(label);
  if (!decoder || /^(?:utf-7|x-|unknown)/.test(label)) return undefined;
  const flowed = /;\s*format\s*=\s*"?flowed"?/i.test(type);
  const delSp = flowed && /;\s*delsp\s*=\s*"?yes"?/i.test(type);
  const bytes = flowed ? Buffer.from(unflow(body.toString('latin1'), delSp), 'latin1') : body;
  // TextDecoder drops a byte order mark at the start, as the WHATWG decode does.
  const text = decoder.decode(bytes).replace(/\r?\n/g, '\n');
  return text.slice(0, length);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
