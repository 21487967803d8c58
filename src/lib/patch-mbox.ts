/**
 * Patches as an mbox for `git am`, as `b4 am` writes them: each patch's author, date and subject
 * from its original header, its text as the list archived it, and the trailers its reviewers
 * gave in replies added to the commit message, after the trailers it already has. A fixed
 * envelope line makes the same patches give the same bytes.
 *
 * Only a line that would be read as an envelope (`From x@y Mon Jan 1 …`, what `git mailsplit` and
 * mbox readers split on) is escaped, mboxrd-style: `git am` without `--patch-format=mboxrd` keeps a
 * `>` it is given, and a commit message that says "From Dave's testing, …" must reach git as written.
 */

import { isEnvelopeLine } from './mbox.ts';

/** Headers carried from the original message: what `git am` reads, and the Message-ID it can record. */
const KEPT = new Set(['from', 'date', 'subject', 'message-id']);
/** public-inbox's envelope line: no sender or date that could change between builds. */
export const MBOX_ENVELOPE = 'From mboxrd@z Thu Jan  1 00:00:00 1970';

const encoder = new TextEncoder();

/** A line, or a `>`-escaped line, that an mbox reader would take for the start of a message. */
function needsEscape(line: string): boolean {
  return isEnvelopeLine(line.replace(/^>+/, ''));
}

/** The header block of raw message bytes, up to (not including) the blank line. */
function headerBlock(raw: Uint8Array): Uint8Array {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 10) continue;
    if (raw[i + 1] === 10) return raw.subarray(0, i + 1);
    if (raw[i + 1] === 13 && raw[i + 2] === 10) return raw.subarray(0, i + 1);
  }
  return raw;
}

/**
 * The header fields `git am` needs, as their original bytes (folded lines kept, CR dropped),
 * skipping an mbox envelope line.
 *
 * @param raw the original message
 */
export function keptHeaders(raw: Uint8Array): Uint8Array[] {
  const block = headerBlock(raw);
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= block.length; i++) {
    if (i < block.length && block[i] !== 10) continue;
    let end = i;
    if (end > start && block[end - 1] === 13) end--;
    lines.push(block.subarray(start, end));
    start = i + 1;
  }
  const out: Uint8Array[] = [];
  let keep = false;
  for (const [k, line] of lines.entries()) {
    if (line.length === 0) continue;
    if (k === 0 && startsWith(line, 'From ')) continue;
    if (line[0] === 32 || line[0] === 9) {
      if (keep) out.push(line);
      continue;
    }
    const colon = line.indexOf(58);
    const name = colon > 0 ? String.fromCharCode(...line.subarray(0, Math.min(colon, 40))).trim().toLowerCase() : '';
    keep = KEPT.has(name) && !out.some((l) => headerName(l) === name);
    if (keep) out.push(line);
  }
  return out;
}

function startsWith(line: Uint8Array, text: string): boolean {
  if (line.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (line[i] !== text.charCodeAt(i)) return false;
  return true;
}

function headerName(line: Uint8Array): string {
  if (line[0] === 32 || line[0] === 9) return '';
  const colon = line.indexOf(58);
  return colon > 0 ? String.fromCharCode(...line.subarray(0, Math.min(colon, 40))).trim().toLowerCase() : '';
}

const TRAILER_LINE = /^[A-Za-z][A-Za-z0-9-]*: \S/;

/**
 * A patch's text with trailers added to its commit message: after the trailers of its last
 * paragraph (b4's rule), or as a new paragraph; a trailer it already has is not added twice.
 * The commit message ends at the first `---` line, else before `diff `.
 *
 * @param text the patch's text (LF line ends)
 * @param trailers lines such as `Reviewed-by: Carol <carol@example.org>`
 */
export function addTrailers(text: string, trailers: readonly string[]): string {
  if (trailers.length === 0) return text;
  const lines = text.split('\n');
  let end = lines.indexOf('---');
  if (end < 0) end = lines.findIndex((l) => l.startsWith('diff '));
  if (end < 0) end = lines.length;
  let last = end - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  const have = new Set(lines.slice(0, end).map((l) => l.trim().replace(/\s+/g, ' ').toLowerCase()));
  const added = trailers.filter((t) => !have.has(t.trim().replace(/\s+/g, ' ').toLowerCase()));
  if (added.length === 0) return text;
  const inBlock = last >= 0 && TRAILER_LINE.test(lines[last]!);
  const insert = inBlock ? added : ['', ...added];
  // Blank lines between the message and `---` stay where they were.
  return [...lines.slice(0, last + 1), ...insert, ...lines.slice(last + 1)].join('\n');
}

/**
 * One message of the mbox: envelope, the original header fields, a plain-text body with the
 * trailers added, envelope-like lines escaped, and a blank line after it.
 *
 * @param raw the patch's original bytes (for its header fields)
 * @param text the patch's text as parsed (decoded from its transfer encoding and charset)
 * @param trailers trailers to add to its commit message
 */
export function amMessage(raw: Uint8Array, text: string, trailers: readonly string[]): Uint8Array {
  const body = addTrailers(text.replace(/\r\n?/g, '\n'), trailers)
    .split('\n')
    .map((l) => (needsEscape(l) ? `>${l}` : l))
    .join('\n');
  const parts: Uint8Array[] = [encoder.encode(`${MBOX_ENVELOPE}\n`)];
  for (const h of keptHeaders(raw)) parts.push(h, encoder.encode('\n'));
  parts.push(encoder.encode(`MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${body}${body.endsWith('\n') ? '' : '\n'}\n`));
  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
