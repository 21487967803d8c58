/**
 * Writing mboxrd: the inverse of mbox.ts's splitter, for the thread and month downloads.
 *
 * mboxrd (the variant public-inbox and b4 read and write): each message follows an envelope line
 * `From <sender> <asctime>`; a body line matching `^>*From ` gains one `>`, so splitting and
 * unescaping gives back every byte; a blank line separates messages.
 *
 * A message's header is kept byte for byte, `Content-Length` included, though escaping makes the
 * body longer than it says: the download promises the message's exact bytes, and mboxrd readers
 * split at envelope lines without reading that header. mbox.ts reads the envelope sender below as
 * naming mboxrd and does not frame such messages by `Content-Length`.
 */

/** The envelope's sender: a fixed word, so no address leaks from an archive that hides them (public-inbox writes the same, and it marks the file as mboxrd). */
export const ENVELOPE_SENDER = 'mboxrd@z';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date in C's asctime form (UTC), as envelope lines carry it: `Mon Jan  6 10:00:00 2025`.
 *
 * @param ms milliseconds since the epoch
 */
export function asctime(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/**
 * A message's bytes with mboxrd escaping: every line that matches `^>*From ` gains one `>`.
 *
 * @param raw the message's original bytes
 */
export function escapeMboxrd(raw: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  const gt = new Uint8Array([0x3e]);
  let copied = 0;
  let line = 0;
  while (line < raw.length) {
    let q = line;
    while (raw[q] === 0x3e) q++;
    if (raw[q] === 0x46 && raw[q + 1] === 0x72 && raw[q + 2] === 0x6f && raw[q + 3] === 0x6d && raw[q + 4] === 0x20) {
      pieces.push(raw.subarray(copied, line), gt);
      copied = line;
    }
    const eol = raw.indexOf(0x0a, q);
    if (eol < 0) break;
    line = eol + 1;
  }
  pieces.push(raw.subarray(copied));
  return pieces;
}

/**
 * One message as an mboxrd entry: envelope line, escaped bytes, a line break if the message
 * lacks a final one (the next envelope must start a line), and the blank separator line.
 *
 * @param raw the message's original bytes
 * @param dateMs its date, for the envelope line
 */
export function mboxrdEntry(raw: Uint8Array, dateMs: number): Uint8Array[] {
  const enc = new TextEncoder();
  const out: Uint8Array[] = [enc.encode(`From ${ENVELOPE_SENDER} ${asctime(dateMs)}\n`), ...escapeMboxrd(raw)];
  if (raw.length > 0 && raw[raw.length - 1] !== 0x0a) out.push(enc.encode('\n'));
  out.push(enc.encode('\n'));
  return out;
}
