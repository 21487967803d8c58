/**
 * The minutes of a list, found at site-build time: which messages are minutes (a thread's first
 * message, or a reply that posts the results), their structure, and which replies discuss which
 * section. Computed once per list from the store.
 */
import { readFileSync } from 'node:fs';
import { detectMinutes, mapReply, structureMinutes, type Detection, type Minutes, type QuoteMapping } from '../lib/minutes.ts';
import { baseSubject } from '../lib/subject.ts';
import { sharedMinutesPath } from './build-share.ts';
import { loadList, loadMessage } from './site-data.ts';

/** One minutes message of a list, with the replies that quote it. */
export interface MinutesEntry {
  /** The minutes message's position in date order. */
  n: number;
  detection: Detection;
  structure: Minutes;
  /** Replies in the thread that quote the minutes, by position, with what they quote. */
  replies: { n: number; quotes: QuoteMapping[] }[];
}

const cache = new Map<string, { entries: MinutesEntry[]; byMessage: Map<number, MinutesEntry>; byReply: Map<number, { entry: MinutesEntry; quotes: QuoteMapping[] }> }>();

/**
 * A list's minutes, oldest first, with look-ups by minutes message and by reply.
 *
 * @param list the list's name
 */
export function listMinutes(list: string): { entries: MinutesEntry[]; byMessage: Map<number, MinutesEntry>; byReply: Map<number, { entry: MinutesEntry; quotes: QuoteMapping[] }> } {
  const known = cache.get(list);
  if (known) return known;
  // The site worker finds them first when a build runs it: the same entries, read, not recomputed.
  const shared = sharedMinutesPath(list);
  const entries = shared === undefined ? findMinutes(list) : (JSON.parse(readFileSync(shared, 'utf8')) as MinutesEntry[]);
  const byMessage = new Map(entries.map((e) => [e.n, e]));
  const byReply = new Map<number, { entry: MinutesEntry; quotes: QuoteMapping[] }>();
  for (const e of entries) for (const r of e.replies) byReply.set(r.n, { entry: e, quotes: r.quotes });
  const result = { entries, byMessage, byReply };
  cache.set(list, result);
  return result;
}

/** A list's minutes found in its messages, oldest first. */
function findMinutes(list: string): MinutesEntry[] {
  const store = loadList(list);
  const index = store.index;
  const overrides = store.config.minutes;
  const entries: MinutesEntry[] = [];
  for (const thread of index.threads) {
    for (const n of thread.messages) {
      const m = index.messages[n]!;
      const parent = m.parent >= 0 ? index.messages[m.parent] : undefined;
      // Only a root, or a reply whose subject is not its parent's: the cheap test first, the text later.
      if (parent && baseSubject(parent.subject) === baseSubject(m.subject)) continue;
      const message = loadMessage(list, n);
      const detection = detectMinutes(m.messageId, m.subject, message.text, overrides, parent?.subject);
      if (!detection.minutes) continue;
      const structure = structureMinutes(message.text, m.subject);
      const replies: MinutesEntry['replies'] = [];
      // Replies at any depth below the minutes message.
      const stack = [...m.children];
      while (stack.length > 0) {
        const r = stack.pop()!;
        stack.push(...index.messages[r]!.children);
        const quotes = mapReply(message.text, structure, loadMessage(list, r).text);
        if (quotes.length > 0) replies.push({ n: r, quotes });
      }
      replies.sort((a, b) => a.n - b.n);
      entries.push({ n, detection, structure, replies });
    }
  }
  return entries.sort((a, b) => a.n - b.n);
}
