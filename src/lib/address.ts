/**
 * Address lists (From, To, Cc) as mail clients really write them, for the single-part fast path.
 * Multipart mail goes through mailparser's parser; both give the same result on our corpora
 * (a corpus test compares them message by message).
 */
import type { Address } from './message.ts';

/** An address list with more entries than this is cut: the rest are not shown. */
export const MAX_LIST_ADDRESSES = 500;

/** Split on commas outside quotes, angle brackets and comments, walking the string once. */
function splitList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  let comment = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (quoted || comment > 0) && i + 1 < value.length) {
      current += c + value[++i]!;
      continue;
    }
    if (quoted) {
      if (c === '"') quoted = false;
    } else if (comment > 0) {
      if (c === '(') comment++;
      else if (c === ')') comment--;
    } else if (c === '"') quoted = true;
    else if (c === '(') comment++;
    else if (c === '<') angle++;
    else if (c === '>' && angle > 0) angle--;
    else if ((c === ',' || c === ';') && angle === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current);
  return out;
}

function unquote(name: string): string {
  let s = name.trim();
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) s = s.slice(1, -1).replace(/\\(.)/g, '$1');
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Parse an address list header value into addresses; group syntax (`team: a, b;`) is flattened.
 *
 * @param value the header value, already decoded from bytes (RFC 2047 words still encoded)
 * @param decodeWords decodes RFC 2047 encoded words in display names
 */
export function parseAddressList(value: string | undefined, decodeWords: (s: string) => string): Address[] {
  if (!value) return [];
  const out: Address[] = [];
  for (let part of splitList(value)) {
    if (out.length >= MAX_LIST_ADDRESSES) break;
    // A group's display name (`undisclosed-recipients:`) is not an address.
    const group = /^\s*[^"<>@,()]*?:/.exec(part);
    if (group) part = part.slice(group[0].length);
    part = part.trim();
    if (part === '') continue;
    let name = '';
    let address = '';
    const angle = /<([^<>]*)>/.exec(part);
    if (angle) {
      address = angle[1]!.trim();
      name = part.slice(0, angle.index) + part.slice(angle.index + angle[0].length);
    } else {
      const comment = /\(([^()]*)\)/.exec(part);
      const bare = part.replace(/\([^()]*\)/g, ' ').trim();
      if (/^\S+@\S+$/.test(bare)) {
        address = bare;
        name = comment?.[1] ?? '';
      } else {
        // A comment alone, `(no To-header on input)`, is a name without its parentheses.
        name = comment && bare === '' ? comment[1]! : part;
      }
    }
    name = decodeWords(unquote(name));
    address = address.replace(/\s+/g, '');
    // `"a@example.org" <a@example.org>` names nobody.
    if (name.toLowerCase() === address.toLowerCase()) name = '';
    if (name !== '' || address !== '') out.push({ name, address });
  }
  return out;
}
