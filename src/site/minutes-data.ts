/**
 * The minutes of a list, found when the site is built: which messages are minutes (a thread's
 * first message, or a reply that posts the results), their structure, which replies discuss which
 * section, and the messages that announce or cancel a meeting. Found per thread by the pure finder
 * in lib/meetings.ts, and kept between builds by a hash of the thread's messages: new mail
 * re-reads only the threads it joins.
 */
import { createHash } from 'node:crypto';
import { findThreadMeetings, type MeetingNotice, type MinutesEntry, type ThreadMeetings } from '../lib/meetings.ts';
import type { QuoteMapping } from '../lib/minutes.ts';
import type { ListData } from '../store/store.ts';

export type { MinutesEntry } from '../lib/meetings.ts';

/** A list's minutes, oldest first, with look-ups by minutes message and by reply. */
export interface ListMinutes {
  entries: MinutesEntry[];
  notices: MeetingNotice[];
  byMessage: Map<number, MinutesEntry>;
  byReply: Map<number, { entry: MinutesEntry; quotes: QuoteMapping[] }>;
}

/** What a thread's minutes were found from, and what was found (positions relative to the thread). */
type ThreadMinutesCache = Map<string, ThreadMeetings>;

/**
 * Find a list's minutes, reusing what an earlier build found for threads that did not change.
 *
 * @param data the list
 * @param text the text of a message, by position (read from the store only when needed)
 * @param cache results of earlier builds by thread key; entries of this build are added, stale ones dropped
 */
export function findListMinutes(data: ListData, text: (n: number) => string, cache: ThreadMinutesCache): ListMinutes {
  const index = data.index;
  const overrides = data.config.minutes ?? {};
  const entries: MinutesEntry[] = [];
  const notices: MeetingNotice[] = [];
  const used = new Set<string>();
  const settings = JSON.stringify(overrides);
  for (const thread of index.threads) {
    // Each message's place in its thread, looked up once (a thread can hold thousands).
    const place = new Map(thread.messages.map((n, i) => [n, i]));
    const hash = createHash('sha1').update(settings);
    for (const n of thread.messages) {
      const m = index.messages[n]!;
      hash.update(
        `\u0000${m.messageId}\u0000${m.subject}\u0000${m.fromName}\u0000${m.fromAddress}\u0000${m.dateMs}\u0000${m.offsetMinutes}\u0000${place.get(m.parent) ?? -1}\u0000${data.columns.bodyHash[n]}`,
      );
    }
    const key = hash.digest('hex');
    used.add(key);
    // Positions are kept relative to the thread: other threads' new mail moves a thread's
    // messages in date order without changing its minutes.
    let found = cache.get(key);
    if (found === undefined) {
      const messages = thread.messages.map((n) => index.messages[n]!);
      found = relativeTo(findThreadMeetings({ messages }, text, overrides), (n) => place.get(n)!);
      cache.set(key, found);
    }
    const absolute = relativeTo(found, (i) => thread.messages[i]!);
    for (const e of absolute.minutes) entries.push(e);
    for (const e of absolute.notices) notices.push(e);
  }
  for (const key of [...cache.keys()]) if (!used.has(key)) cache.delete(key);
  entries.sort((a, b) => a.n - b.n);
  notices.sort((a, b) => a.n - b.n);
  return listMinutesOf(entries, notices);
}

/**
 * A list's minutes with their look-ups.
 *
 * @param entries the minutes messages, in date order
 * @param notices the messages that announce or cancel a meeting, in date order
 */
export function listMinutesOf(entries: MinutesEntry[], notices: MeetingNotice[]): ListMinutes {
  const byMessage = new Map(entries.map((e) => [e.n, e]));
  const byReply = new Map<number, { entry: MinutesEntry; quotes: QuoteMapping[] }>();
  for (const e of entries) for (const r of e.replies) byReply.set(r.n, { entry: e, quotes: r.quotes });
  return { entries, notices, byMessage, byReply };
}

/** A thread's finds with every message position mapped (date order to thread position, or back). */
function relativeTo(found: ThreadMeetings, map: (n: number) => number): ThreadMeetings {
  return {
    minutes: found.minutes.map((e) => ({
      ...e,
      n: map(e.n),
      agenda: e.agenda === undefined ? undefined : map(e.agenda),
      replies: e.replies.map((r) => ({ ...r, n: map(r.n) })),
      followUps: e.followUps.map((f) => ({ ...f, n: map(f.n) })),
    })),
    notices: found.notices.map((x) => ({ ...x, n: map(x.n) })),
  };
}
