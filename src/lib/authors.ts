/**
 * Who writes on a list: each message's real sender (its From, or the sender a list's From rewrite
 * hid, see analysis.ts), grouped into authors with their counts, dates and threads started.
 * Pure data over a list's index and analysis column; no bodies are read.
 */
import { recordedSender } from './analysis.ts';
import type { ArchiveIndex, IndexedMessage } from './archive.ts';
import type { Address } from './message.ts';
import { hash64 } from './urls.ts';

/** One author of a list. */
export interface Author {
  /** The author's page under `/<list>/authors/`: derived from the address (or the name when no address is known). */
  slug: string;
  /** The name the author used most often (the address's local part when they never gave one). */
  name: string;
  address: string;
  /** Their messages' positions in date order. */
  messages: number[];
  firstMs: number;
  lastMs: number;
  /** Threads whose first message is theirs. */
  threadsStarted: number;
}

/** A list's authors, most messages first, and each message's author. */
export interface ListAuthors {
  authors: Author[];
  /** Position in `authors` of each message's author, or -1 (a removed message). */
  byMessage: number[];
}

/**
 * The sender of a message as the archive attributes it: the real sender when the list rewrote
 * From, else From.
 *
 * @param m the message in the index
 * @param analysis its analysis entry
 */
export function messageSender(m: Pick<IndexedMessage, 'fromName' | 'fromAddress'>, analysis: Record<string, unknown> | undefined): Address {
  const real = recordedSender(analysis);
  if (real) return { name: real.name, address: real.address };
  return { name: m.fromName, address: m.fromAddress };
}

function normalName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * An author's slug: a readable prefix (the address's local part, or the name) and a hash of the
 * key, so it is stable as the archive grows and safe as a file name.
 *
 * @param key the author's key: a lower-cased address, or `name:` and a lower-cased name
 * @param label the readable part
 */
export function authorSlug(key: string, label: string): string {
  const prefix = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  return `${prefix === '' ? 'author' : prefix}-${hash64(key).slice(0, 12)}`;
}

/**
 * Group a list's messages by author. Messages are keyed by address; a message with a name only
 * (a `Name via list` rewrite with nothing else) joins the author who used that name with an
 * address, when exactly one did, else an author of that name alone.
 *
 * @param index the list's index
 * @param analysis the list's analysis column
 * @param skip messages to leave out (removed messages)
 */
export function listAuthors(index: ArchiveIndex, analysis: readonly (Record<string, unknown> | undefined)[], skip: (n: number) => boolean = () => false): ListAuthors {
  const senders = index.messages.map((m) => messageSender(m, analysis[m.n]));
  // Names used with an address, to place name-only messages.
  const addressesByName = new Map<string, Set<string>>();
  for (const [n, s] of senders.entries()) {
    if (skip(n) || s.address === '' || s.name === '') continue;
    const set = addressesByName.get(normalName(s.name)) ?? new Set<string>();
    set.add(s.address.toLowerCase());
    addressesByName.set(normalName(s.name), set);
  }
  const groups = new Map<string, { messages: number[]; names: Map<string, number>; address: string }>();
  const keys: (string | undefined)[] = [];
  for (const [n, s] of senders.entries()) {
    if (skip(n)) {
      keys.push(undefined);
      continue;
    }
    let key: string;
    if (s.address !== '') key = s.address.toLowerCase();
    else {
      const known = addressesByName.get(normalName(s.name));
      key = known?.size === 1 ? [...known][0]! : `name:${normalName(s.name) || 'unknown'}`;
    }
    keys.push(key);
    let g = groups.get(key);
    if (!g) {
      g = { messages: [], names: new Map(), address: key.startsWith('name:') ? '' : s.address };
      groups.set(key, g);
    }
    g.messages.push(n);
    if (s.name !== '') g.names.set(s.name, (g.names.get(s.name) ?? 0) + 1);
  }
  const started = new Map<string, number>();
  for (const t of index.threads) {
    const key = t.root >= 0 ? keys[t.root] : undefined;
    if (key !== undefined) started.set(key, (started.get(key) ?? 0) + 1);
  }
  const authors: (Author & { key: string })[] = [];
  for (const [key, g] of groups) {
    // The name used most; a tie goes to the name used last (people fix their names, rarely the reverse).
    let name = '';
    let best = 0;
    for (const n of g.messages) {
      const s = senders[n]!.name;
      const count = g.names.get(s) ?? 0;
      if (s !== '' && count >= best) {
        best = count;
        name = s;
      }
    }
    if (name === '') name = g.address === '' ? key.slice(5) : g.address.split('@')[0]!;
    authors.push({
      key,
      slug: authorSlug(key, g.address === '' ? name : g.address.split('@')[0]!),
      name,
      address: g.address,
      messages: g.messages,
      firstMs: index.messages[g.messages[0]!]!.dateMs,
      lastMs: index.messages[g.messages[g.messages.length - 1]!]!.dateMs,
      threadsStarted: started.get(key) ?? 0,
    });
  }
  authors.sort((a, b) => b.messages.length - a.messages.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const position = new Map(authors.map((a, i) => [a.key, i]));
  return { authors: authors.map(({ key: _key, ...a }) => a), byMessage: keys.map((k) => (k === undefined ? -1 : position.get(k)!)) };
}
