/**
 * Splitting mbox streams into messages.
 *
 * Handles the variants by name:
 * - mboxo and mboxrd: messages start at a `From ` envelope line; body lines `>From `, `>>From `, …
 *   are unescaped by one `>` (mboxrd rule, which is also the best reading of mboxo).
 * - mboxcl2: a top-level `Content-Length` header frames the message when the framing it gives is
 *   consistent, as mutt checks it: the body ends one line break (the blank separator line) before the
 *   next envelope line, or at the end of the file (with that line break or none). Unescaped `From ` lines inside the body then stay
 *   in the body, and `>From ` lines stay as written (mboxcl2 escapes nothing).
 * - public-inbox's mboxrd, named by its envelope line `From mboxrd@z <date>` (Threadline's downloads
 *   write it too): never framed by `Content-Length`. Its writers escape From lines and keep each
 *   message's header as it was, so a `Content-Length` there counts the unescaped body, not the bytes
 *   in the file; mboxrd readers (public-inbox, `git mailsplit --mboxrd`) ignore it.
 * - CRLF, LF and mixed line endings; a leading byte-order mark or blank lines.
 * - Envelope lines of every writer we have met: `From sender asctime`, Netscape's `From - `,
 *   Pipermail's `From x at y  date`, Gmail Takeout's `From 123@xxx date`.
 *
 * The splitter is pure: it is fed chunks of bytes and returns messages; reading files is the caller's job.
 */

import { ENVELOPE_SENDER } from './mbox-write.ts';

/** An envelope line longer than this is not an envelope line but body text. */
export const MAX_ENVELOPE_LINE_BYTES = 1000;
/** A message header block longer than this is not searched for mboxcl2 `Content-Length`. */
export const MAX_FRAMING_HEADER_BYTES = 256 * 1024;
/** A `Content-Length` larger than this is ignored (framing falls back to envelope lines), so a forged
 * header cannot make the splitter buffer an unbounded amount of input. */
export const MAX_CONTENT_LENGTH_BYTES = 256 * 1024 * 1024;

/** One message cut out of an mbox stream. */
export interface MboxMessage {
  /** Position of the message in its file, from 0. */
  index: number;
  /** The envelope line after `From `, without its line ending (bytes read as latin1). */
  envelope: string;
  /** Byte offset of the envelope line in the (decompressed) stream. */
  offset: number;
  /** Bytes from the envelope line up to the next envelope line or the end of the stream. */
  length: number;
  /** The message itself: envelope line and separator removed, mboxrd escapes undone. */
  raw: Buffer;
  /** How the end of the message was found. */
  framing: 'from-line' | 'content-length';
}

/** Thrown when the first line of a stream is not an envelope line: the input is not an mbox. */
export class NotMboxError extends Error {
  /** The first line of the input, cut to 80 characters, to show the user what was found instead. */
  readonly firstLine: string;
  constructor(firstLine: string) {
    super(
      `not an mbox file: it must begin with a "From " envelope line, but begins with ${JSON.stringify(firstLine)}`,
    );
    this.name = 'NotMboxError';
    this.firstLine = firstLine;
  }
}

const FROM_AFTER_NEWLINE = Buffer.from('\nFrom ', 'latin1');
const MBOXRD_ENVELOPE = Buffer.from(`From ${ENVELOPE_SENDER} `, 'latin1');
const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

// A time (`22:02`) or a year (`2000`, `1996`): every dated envelope line has one.
const ENVELOPE_DATE = /\d{1,2}:\d\d|\b(?:19|20)\d\d\b/;
// A lone address or Netscape's `From -`: envelope lines without a date.
const ENVELOPE_UNDATED = /^(?:-|\S+@\S+|\S+ at \S+)\s*$/;

/**
 * Whether a line (without its ending) is an mbox envelope line.
 *
 * A bare `From ` prefix is not enough: bodies of unescaped mboxo files contain lines such as
 * `From Russia with love`. An envelope names a sender and a date, or is one of the undated forms.
 *
 * @param line the line, without its line ending
 */
export function isEnvelopeLine(line: string): boolean {
  if (!line.startsWith('From ') || line.length > MAX_ENVELOPE_LINE_BYTES) return false;
  const rest = line.slice(5).trim();
  if (rest === '') return true; // `From ` alone, as some writers leave it
  return ENVELOPE_UNDATED.test(rest) || ENVELOPE_DATE.test(rest);
}

/**
 * Undo mboxrd escaping: every line that matches `^>+From ` loses one `>`.
 *
 * @param raw message bytes as stored in the mbox
 * @returns the same buffer when nothing was escaped, otherwise a new one
 */
export function unescapeMboxrd(raw: Buffer): Buffer {
  const pieces: Buffer[] = [];
  let copied = 0;
  let at = raw[0] === 0x3e ? 0 : nextQuotedLine(raw, 0);
  while (at >= 0) {
    let q = at;
    while (raw[q] === 0x3e) q++;
    if (raw.toString('latin1', q, q + 5) === 'From ') {
      pieces.push(raw.subarray(copied, at));
      copied = at + 1;
    }
    at = nextQuotedLine(raw, q);
  }
  if (pieces.length === 0) return raw;
  pieces.push(raw.subarray(copied));
  return Buffer.concat(pieces);
}

function nextQuotedLine(raw: Buffer, from: number): number {
  const hit = raw.indexOf('\n>', from, 'latin1');
  return hit < 0 ? -1 : hit + 1;
}

function lineAt(data: Buffer, start: number, end: number): string {
  let stop = end;
  if (stop > start && data[stop - 1] === CR) stop--;
  return data.toString('latin1', start, Math.min(stop, start + MAX_ENVELOPE_LINE_BYTES + 1));
}

/** Remove the blank line an mbox writer puts between messages: one trailing LF or CRLF. */
function stripSeparator(data: Buffer, start: number, end: number): number {
  if (end - start >= 2 && data[end - 1] === NEWLINE && data[end - 2] === NEWLINE) return end - 1;
  if (
    end - start >= 4 &&
    data[end - 1] === NEWLINE &&
    data[end - 2] === CR &&
    data[end - 3] === NEWLINE &&
    data[end - 4] === CR
  ) {
    return end - 2;
  }
  return end;
}

/**
 * A streaming mbox splitter: feed it chunks with `push`, call `end` once; both return the messages
 * completed so far, in order. Memory holds the message being read, not the file.
 */
export class MboxSplitter {
  private data: Buffer = Buffer.alloc(64 * 1024);
  private size = 0;
  /** Absolute stream offset of `data[0]`. */
  private base = 0;
  private started = false;
  private ended = false;
  private count = 0;
  /** Start of the current message's envelope line in `data`, or -1 before the first one. */
  private messageStart = -1;
  /** Start of the current message's header (just after the envelope line). */
  private headerStart = 0;
  /** Where the search for the next envelope line resumes. */
  private scan = 0;
  /** Content-Length framing: undefined = not yet checked, -1 = not framed, else end of message in `data`. */
  private framedEnd: number | undefined;

  /**
   * Feed the next chunk of the stream.
   *
   * @param chunk the bytes that follow the previous chunk
   * @returns messages completed by this chunk
   */
  push(chunk: Uint8Array): MboxMessage[] {
    if (this.ended) throw new Error('MboxSplitter: push() after end()');
    this.append(chunk);
    return this.drain();
  }

  /**
   * Signal the end of the stream.
   *
   * @returns the last message, if any
   */
  end(): MboxMessage[] {
    if (this.ended) return [];
    this.ended = true;
    const out = this.drain();
    if (this.started && this.messageStart >= 0) {
      out.push(this.emit(this.size, this.framedEnd !== undefined && this.framedEnd >= 0));
      this.messageStart = -1;
    }
    return out;
  }

  private append(chunk: Uint8Array): void {
    // Drop bytes before the current message so the buffer holds one message, not the file.
    const keepFrom = this.started ? Math.max(0, this.messageStart) : 0;
    if (keepFrom > 0 && keepFrom >= this.data.length / 2) {
      this.data.copyWithin(0, keepFrom, this.size);
      this.size -= keepFrom;
      this.base += keepFrom;
      this.messageStart -= keepFrom;
      this.headerStart -= keepFrom;
      this.scan -= keepFrom;
      if (this.framedEnd !== undefined && this.framedEnd >= 0) this.framedEnd -= keepFrom;
    }
    if (this.size + chunk.length > this.data.length) {
      let capacity = this.data.length;
      while (capacity < this.size + chunk.length) capacity *= 2;
      const grown = Buffer.allocUnsafe(capacity);
      this.data.copy(grown, 0, 0, this.size);
      this.data = grown;
    }
    this.data.set(chunk, this.size);
    this.size += chunk.length;
  }

  private drain(): MboxMessage[] {
    const out: MboxMessage[] = [];
    if (!this.started && !this.findFirstEnvelope()) return out;
    while (this.messageStart >= 0) {
      if (this.framedEnd === undefined && !this.checkFraming()) return out;
      if (this.framedEnd !== undefined && this.framedEnd >= 0) {
        const next = this.framedEnd;
        out.push(this.emit(next, true));
        if (next >= this.size) this.messageStart = -1; // the framed message was the last one
        else this.startMessageAt(next);
        continue;
      }
      const hit = this.data.indexOf(FROM_AFTER_NEWLINE, this.scan);
      if (hit < 0 || hit >= this.size) {
        // Keep the last few bytes in view: `\nFrom ` may straddle two chunks.
        this.scan = Math.max(this.headerStart - 1, this.size - FROM_AFTER_NEWLINE.length + 1);
        return out;
      }
      const lineStart = hit + 1;
      const eol = this.data.indexOf(NEWLINE, lineStart);
      if (eol < 0 || eol >= this.size) {
        if (!this.ended) {
          this.scan = hit;
          return out;
        }
      }
      const lineEnd = eol < 0 || eol >= this.size ? this.size : eol;
      if (isEnvelopeLine(lineAt(this.data, lineStart, lineEnd))) {
        out.push(this.emit(lineStart, false));
        this.startMessageAt(lineStart);
      } else {
        this.scan = lineStart;
      }
    }
    return out;
  }

  /** Skip a byte-order mark and blank lines, then require an envelope line. */
  private findFirstEnvelope(): boolean {
    let p = 0;
    if (this.base === 0 && this.size >= 3 && BOM.every((b, i) => this.data[i] === b)) p = 3;
    for (;;) {
      if (p >= this.size) return false;
      const eol = this.data.indexOf(NEWLINE, p);
      if (eol < 0 || eol >= this.size) {
        if (!this.ended && this.size - p <= MAX_ENVELOPE_LINE_BYTES) return false;
      }
      const lineEnd = eol < 0 || eol >= this.size ? this.size : eol;
      const line = lineAt(this.data, p, lineEnd);
      if (line.trim() === '') {
        if (eol < 0 || eol >= this.size) return false;
        p = eol + 1;
        continue;
      }
      if (!isEnvelopeLine(line)) throw new NotMboxError(line.slice(0, 80));
      this.started = true;
      this.startMessageAt(p);
      return true;
    }
  }

  private startMessageAt(p: number): void {
    this.messageStart = p;
    const eol = this.data.indexOf(NEWLINE, p);
    this.headerStart = eol < 0 || eol >= this.size ? this.size : eol + 1;
    // Start at the envelope's own newline so an envelope line right after it is seen.
    this.scan = this.headerStart - 1;
    this.framedEnd = undefined;
  }

  /**
   * Decide whether the current message is framed by `Content-Length` (mboxcl2).
   * Returns false when more input is needed to decide.
   */
  private checkFraming(): boolean {
    if (this.declaresMboxrd()) {
      this.framedEnd = -1;
      return true;
    }
    const headerEnd = this.findHeaderEnd();
    if (headerEnd === undefined) {
      if (this.ended || this.size - this.headerStart > MAX_FRAMING_HEADER_BYTES) this.framedEnd = -1;
      return this.framedEnd !== undefined;
    }
    const header = this.data.toString('latin1', this.headerStart, headerEnd);
    const match = /^Content-Length:[ \t]*(\d{1,12})[ \t]*\r?$/im.exec(header);
    const length = match?.[1] === undefined ? NaN : Number(match[1]);
    if (!Number.isFinite(length) || length > MAX_CONTENT_LENGTH_BYTES) {
      this.framedEnd = -1;
      return true;
    }
    const bodyEnd = headerEnd + length;
    // Decide only once the body, the separator and the next envelope line are all in view.
    if (!this.ended && this.size < bodyEnd + 4 + MAX_ENVELOPE_LINE_BYTES) return false;
    this.framedEnd = this.framingLandsOnBoundary(bodyEnd) ?? -1;
    return true;
  }

  private findHeaderEnd(): number | undefined {
    const p = this.headerStart;
    if (this.data[p] === NEWLINE) return p + 1;
    if (this.data[p] === CR && this.data[p + 1] === NEWLINE) return p + 2;
    const limit = Math.min(this.size, p + MAX_FRAMING_HEADER_BYTES);
    let at = this.data.indexOf(NEWLINE, p);
    while (at >= 0 && at < limit) {
      const next = at + 1;
      if (this.data[next] === NEWLINE) return next + 1;
      if (this.data[next] === CR && this.data[next + 1] === NEWLINE) return next + 2;
      at = this.data.indexOf(NEWLINE, next);
    }
    return undefined;
  }

  /** Whether the current message's envelope line is public-inbox's `From mboxrd@z `, which names mboxrd. */
  private declaresMboxrd(): boolean {
    const end = this.messageStart + MBOXRD_ENVELOPE.length;
    return end <= this.headerStart && this.data.subarray(this.messageStart, end).equals(MBOXRD_ENVELOPE);
  }

  /** Where the next message starts if the body ends at `bodyEnd`; undefined if that is not a boundary. */
  private framingLandsOnBoundary(bodyEnd: number): number | undefined {
    if (bodyEnd > this.size) return undefined;
    // Exactly one line break, the blank separator line, then an envelope line, as mutt requires (it
    // looks for `From ` one byte after the body); at the end of the file, that break or none.
    // Allowing two would accept a length short by a line break: what an mboxrd writer that escaped
    // one `From ` line and kept the header leaves behind.
    let p = bodyEnd;
    if (this.data[p] === NEWLINE) p += 1;
    else if (this.data[p] === CR && this.data[p + 1] === NEWLINE) p += 2;
    if (p >= this.size) return this.ended ? this.size : undefined;
    if (p === bodyEnd) return undefined;
    const eol = this.data.indexOf(NEWLINE, p);
    const lineEnd = eol < 0 || eol >= this.size ? this.size : eol;
    return isEnvelopeLine(lineAt(this.data, p, lineEnd)) ? p : undefined;
  }

  private emit(end: number, framed: boolean): MboxMessage {
    const start = this.messageStart;
    const envelopeEnd = Math.min(this.headerStart, end);
    const lineEnd = this.data[envelopeEnd - 1] === NEWLINE ? envelopeEnd - 1 : envelopeEnd;
    const envelope = lineAt(this.data, start, Math.max(start, lineEnd)).slice(5);
    const bodyEnd = stripSeparator(this.data, envelopeEnd, end);
    const stored = Buffer.from(this.data.subarray(envelopeEnd, bodyEnd));
    return {
      index: this.count++,
      envelope: envelope.trim(),
      offset: this.base + start,
      length: end - start,
      raw: framed ? stored : unescapeMboxrd(stored),
      framing: framed ? 'content-length' : 'from-line',
    };
  }
}

/**
 * Split a whole mbox held in memory (for tests and small inputs; files are streamed by the caller).
 *
 * @param data the complete mbox bytes
 */
export function splitMbox(data: Uint8Array): MboxMessage[] {
  const splitter = new MboxSplitter();
  return [...splitter.push(data), ...splitter.end()];
}
