/**
 * Address obfuscation, per list: harvesters read archives, so addresses are hidden by default.
 */
import type { Obfuscation } from './list-config.ts';

// Anything shaped like `local@domain.tld` in text is treated as an address: a Message-ID quoted in
// a body looks the same and is hidden too, which errs on the side of the people on the list. An
// address is a whole run of local-part characters (1 to 64 of them: the run must not go on before
// it), `@`, then the domain this pattern reads from just after the `@`.
const DOMAIN_AFTER_AT = /(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b/y;
/** The longest local part (RFC 5321 section 4.5.3.1.1). */
const MAX_LOCAL = 64;

/** Whether a UTF-16 code unit may be part of a local part: `[A-Za-z0-9._%+-]`. */
function isLocalChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
}

/**
 * An address as the list shows it: `full` → `alice@xxxxxxx`, `domain` → `alice@…`, `none` → unchanged.
 *
 * @param address the address
 * @param mode the list's obfuscation
 */
export function obfuscateAddress(address: string, mode: Obfuscation): string {
  if (mode === 'none' || address === '') return address;
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  return `${address.slice(0, at)}@${mode === 'full' ? 'xxxxxxx' : '…'}`;
}

/**
 * Text with every address in it obfuscated (bodies and names are hidden the same way as headers).
 *
 * @param text any text
 * @param mode the list's obfuscation
 */
export function obfuscateText(text: string, mode: Obfuscation): string {
  if (mode === 'none') return text;
  // Found from each `@` rather than by a scan of every character for where a local part may start:
  // the text is mostly words, and that scan was 1.6% of a cold build's profiled CPU. Matches are
  // taken left to right and never overlap, as a global replace takes them.
  const hidden = mode === 'full' ? 'xxxxxxx' : '…';
  let out = '';
  let done = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start <= MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    if (start === at || at - start > MAX_LOCAL || start < done) continue;
    DOMAIN_AFTER_AT.lastIndex = at + 1;
    if (!DOMAIN_AFTER_AT.test(text)) continue;
    out += `${text.slice(done, at)}@${hidden}`;
    done = DOMAIN_AFTER_AT.lastIndex;
    at = done - 1;
  }
  return done === 0 ? text : out + text.slice(done);
}
