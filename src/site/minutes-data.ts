/**
 * The minutes of a list, found when the site is built: which messages are minutes (a thread's
 * first message, or a reply that posts the results), their structure, and which replies discuss
 * which section. Found per thread, and kept between builds by a hash of the thread's messages:
 * new mail re-reads only the threads it joins.
 */
import { createHash } from 'node:crypto';
import { detectMinutes, mapReply, structureMinutes, type Detection, type Minutes, type QuoteMapping } from '../lib/minutes.ts';
import { baseSubject } from '../lib/subject.ts';
import type { ListData } from '../store/store.ts';

/** One minutes message of a list, with the replies that quote it. */
export interface MinutesEntry {
  /** The minutes message's position in date order. */
  n: number;
  detection: Detection;
  structure: Minutes;
  /** Replies in the thread that quote the minutes, by position, with what they quote. */
  replies: { n: number; quotes: QuoteMapping[] }[];
}

/** A list's minutes, oldest first, with look-ups by minutes message and by reply. */
export interface ListMinutes {
  entries: MinutesEntry[];
  byMessage: Map<number, MinutesEntry>;
  byReply: Map<number, { entry: MinutesEntry; quotes: QuoteMapping[] }>;
}

/** What a thread's minutes were found from, and what was found (positions relative to the thread). */
type ThreadMinutesCache = Map<string, MinutesEntry[]>;

/**
 * Find a list's minutes, reusing what an earlier build found for threads that did not change.
 *
 * @param data the list
 * @param text the text of a message, by position (read from the store only when needed)
 * @param cache results of earlier builds by thread key; entries of this build are added, stale ones dropped
 */
export function findListMinutes(data: ListData, text: (n: number) => string, cache: ThreadMinutesCache): ListMinutes {
  const index = data.index;
  const overrides = data.config.minutes;
  const entries: MinutesEntry[] = [];
  const used = new Set<string>();
  for (const thread of index.threads) {
    const hash = createHash('sha1').update(JSON.stringify(overrides));
    for (const n of thread.messages) {
      const m = index.messages[n]!;
      hash.update(`\u0000${m.messageId}\u0000${m.subject}\u0000${m.parent >= 0 ? thread.messages.indexOf(m.parent) : -1}\u0000${data.columns.bodyHash[n]}`);
    }
    const key = hash.digest('hex');
    used.add(key);
    // Positions are kept relative to the thread: other threads' new mail moves a thread's
    // messages in date order without changing its minutes.
    let found = cache.get(key);
    if (found === undefined) {
      found = findThreadMinutes(data, thread.messages, text).map((e) => relativeTo(e, thread.messages, true));
      cache.set(key, found);
    }
    for (const e of found) entries.push(relativeTo(e, thread.messages, false));
  }
  for (const key of [...cache.keys()]) if (!used.has(key)) cache.delete(key);
  entries.sort((a, b) => a.n - b.n);
  return listMinutesOf(entries);
}

/**
 * A list's minutes with their look-ups.
 *
 * @param entries the minutes messages, in date order
 */
export function listMinutesOf(entries: MinutesEntry[]): ListMinutes {
  const byMessage = new Map(entries.map((e) => [e.n, e]));
  const byReply = new Map<number, { entry: MinutesEntry; quotes: QuoteMapping[] }>();
  for (const e of entries) for (const r of e.replies) byReply.set(r.n, { entry: e, quotes: r.quotes });
  return { entries, byMessage, byReply };
}

function relativeTo(e: MinutesEntry, members: readonly number[], toThread: boolean): MinutesEntry {
  const map = (n: number) => (toThread ? members.indexOf(n) : members[n]!);
  return { ...e, n: map(e.n), replies: e.replies.map((r) => ({ ...r, n: map(r.n) })) };
}

/** The minutes among one thread's messages. */
function findThreadMinutes(data: ListData, members: readonly number[], text: (n: number) => string): MinutesEntry[] {
  const index = data.index;
  const entries: MinutesEntry[] = [];
  for (const n of members) {
    const m = index.messages[n]!;
    const parent = m.parent >= 0 ? index.messages[m.parent] : undefined;
    // Only a root, or a reply whose subject is not its parent's: the cheap test first, the text later.
    if (parent && baseSubject(parent.subject) === baseSubject(m.subject)) continue;
    const body = text(n);
    const detection = detectMinutes(m.messageId, m.subject, body, data.config.minutes, parent?.subject);
    if (!detection.minutes) continue;
    const structure = structureMinutes(body, m.subject);
    const replies: MinutesEntry['replies'] = [];
    // Replies at any depth below the minutes message.
    const stack = [...m.children];
    while (stack.length > 0) {
      const r = stack.pop()!;
      stack.push(...index.messages[r]!.children);
      const quotes = mapReply(body, structure, text(r));
      if (quotes.length > 0) replies.push({ n: r, quotes });
    }
    replies.sort((a, b) => a.n - b.n);
    entries.push({ n, detection, structure, replies });
  }
  return entries;
}
