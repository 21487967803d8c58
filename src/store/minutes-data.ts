/**
 * The minutes of a list, found at site-build time: which messages are minutes (a thread's first
 * message, or a reply that posts the results), their structure, and which replies discuss which
 * section. Computed once per list from the store.
 */
import { readFileSync } from 'node:fs';
import { findThreadMinutes, type MinutesEntry } from '../lib/meetings.ts';
import type { QuoteMapping } from '../lib/minutes.ts';
import { sharedMinutesPath } from './build-share.ts';
import { loadList, loadMessage } from './site-data.ts';

export type { MinutesEntry } from '../lib/meetings.ts';

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

/** A list's minutes found in its messages, oldest first: the pure finder, thread by thread. */
function findMinutes(list: string): MinutesEntry[] {
  const store = loadList(list);
  const index = store.index;
  const entries: MinutesEntry[] = [];
  for (const thread of index.threads) {
    const messages = thread.messages.map((n) => index.messages[n]!);
    entries.push(...findThreadMinutes({ messages }, (n) => loadMessage(list, n).text, store.config.minutes));
  }
  return entries.sort((a, b) => a.n - b.n);
}
