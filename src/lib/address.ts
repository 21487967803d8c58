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

/** One list entry read outside quotes and comments: its phrase, comments and angle addresses. */
interface Entry {
  /** Words and quoted strings (unquoted) in order, outside angle brackets and comments. */
  phrase: string[];
  comments: string[];
  /** Contents of `<…>` outside quotes and comments. */
  angles: string[];
}

/** Read one list entry character by character, so brackets inside quotes are not taken for an address. */
function readEntry(part: string): Entry {
  const entry: Entry = { phrase: [], comments: [], angles: [] };
  let word = '';
  const endWord = (): void => {
    if (word !== '') entry.phrase.push(word);
    word = '';
  };
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '"') {
      endWord();
      let text = '';
      for (i++; i < part.length && part[i] !== '"'; i++) text += part[i] === '\\' && i + 1 < part.length ? part[++i] : part[i];
      entry.phrase.push(text);
    } else if (c === '(') {
      endWord();
      let text = '';
      let depth = 1;
      for (i++; i < part.length; i++) {
        const d = part[i]!;
        if (d === '\\' && i + 1 < part.length) {
          text += part[++i];
          continue;
        }
        if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
        text += d;
      }
      entry.comments.push(text);
    } else if (c === '<') {
      endWord();
      const close = part.indexOf('>', i + 1);
      const end = close < 0 ? part.length : close;
      entry.angles.push(part.slice(i + 1, end));
      i = end;
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
    }
  }
  endWord();
  return entry;
}

/**
 * A display name as a reader should see it: without quotes left around it (`"'Name'"`, or quotes
 * that came out of an encoded word) and without a copy of its own address (`"Name <a@x>" <a@x>`,
 * which would be shown as `Name <a@x> <a@x>`).
 *
 * @param name the decoded display name
 * @param address the entry's address
 */
export function cleanDisplayName(name: string, address: string): string {
  let s = name.replace(/\s+/g, ' ').trim();
  for (let round = 0; round < 3; round++) {
    const before = s;
    if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).trim();
    else if (s.length >= 2 && s.startsWith("'") && s.endsWith("'") && !s.slice(1, -1).includes("'")) s = s.slice(1, -1).trim();
    if (address !== '') {
      const lower = s.toLowerCase();
      const at = address.toLowerCase();
      for (const copy of [`<${at}>`, `(${at})`, `[${at}]`]) {
        if (lower.endsWith(copy)) s = s.slice(0, s.length - copy.length).trim();
      }
      if (s.toLowerCase() === at) s = '';
    }
    if (s === before) break;
  }
  return s;
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
    const entry = readEntry(part);
    let name: string;
    let address = '';
    const bare = entry.phrase.findIndex((w) => /^[^@\s]+@[^@\s]+$/.test(w));
    if (entry.angles.length > 0) {
      // RFC 5322 name-addr: the phrase, or a comment when there is none (`<a@x> (Name)`).
      address = entry.angles[0]!.trim();
      name = entry.phrase.length > 0 ? entry.phrase.join(' ') : (entry.comments[0] ?? '');
    } else if (bare >= 0) {
      // addr-spec with the name in a comment (`a@x (Name)`), or after a quoted name (`"Name" a@x`).
      address = entry.phrase[bare]!;
      const rest = entry.phrase.filter((_, i) => i !== bare);
      name = entry.comments[0] ?? rest.join(' ');
    } else {
      // No address: a comment alone, `(no To-header on input)`, is a name without its
      // parentheses; anything else stays whole (Pipermail's `x at y (Name)` is read later).
      name = entry.comments.length > 0 && entry.phrase.length === 0 ? entry.comments[0]! : part;
    }
    address = address.replace(/\s+/g, '');
    name = cleanDisplayName(decodeWords(name.replace(/\s+/g, ' ').trim()), address);
    if (name !== '' || address !== '') out.push({ name, address });
  }
  return out;
}
