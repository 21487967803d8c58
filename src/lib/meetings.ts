/**
 * Meetings in a list: which messages of a thread are minutes, with their structure and the replies
 * that quote them. Pure: the caller hands in the thread's metadata and a way to read a message's
 * text, so the same code serves the site build, the scorer and the tests.
 */
import { detectMinutes, mapReply, structureMinutes, type Detection, type Minutes, type MinutesOverrides, type QuoteMapping } from './minutes.ts';
import { baseSubject } from './subject.ts';

/** What the minutes finder needs to know of one message of a thread (no body). */
export interface ThreadMessage {
  /** The message's position in the list's date order. */
  n: number;
  messageId: string;
  subject: string;
  fromName: string;
  fromAddress: string;
  dateMs: number;
  /** Position of the parent in date order, or -1 (a root, or a parent not in the archive). */
  parent: number;
}

/** One thread, as the minutes finder reads it: its messages in any order. */
export interface MinutesThread {
  messages: readonly ThreadMessage[];
}

/** One minutes message of a list, with the replies that quote it. */
export interface MinutesEntry {
  /** The minutes message's position in date order. */
  n: number;
  detection: Detection;
  structure: Minutes;
  /** Replies in the thread that quote the minutes, by position, with what they quote. */
  replies: { n: number; quotes: QuoteMapping[] }[];
}

/**
 * The minutes of one thread, in date order: each message taken for minutes, its structure, and the
 * replies below it (at any depth) that quote its sections.
 *
 * @param thread the thread's messages (metadata only)
 * @param text reads the plain text of a message by its position; called only for messages that need it
 * @param overrides the list's minutes settings from list.json
 */
export function findThreadMinutes(thread: MinutesThread, text: (n: number) => string, overrides: MinutesOverrides = {}): MinutesEntry[] {
  const byN = new Map(thread.messages.map((m) => [m.n, m]));
  const children = new Map<number, number[]>();
  for (const m of thread.messages) {
    if (!byN.has(m.parent)) continue;
    const list = children.get(m.parent) ?? [];
    list.push(m.n);
    children.set(m.parent, list);
  }
  const entries: MinutesEntry[] = [];
  for (const m of [...thread.messages].sort((a, b) => a.n - b.n)) {
    const parent = byN.get(m.parent);
    // Only a root, or a reply whose subject is not its parent's: the cheap test first, the text later.
    if (parent && baseSubject(parent.subject) === baseSubject(m.subject)) continue;
    const body = text(m.n);
    const detection = detectMinutes(m.messageId, m.subject, body, overrides, parent?.subject);
    if (!detection.minutes) continue;
    const structure = structureThreadMessage(thread, m.n, text);
    const replies: MinutesEntry['replies'] = [];
    // Replies at any depth below the minutes message, with an explicit stack (reply chains can be deep).
    const stack = [...(children.get(m.n) ?? [])];
    while (stack.length > 0) {
      const r = stack.pop()!;
      stack.push(...(children.get(r) ?? []));
      const quotes = mapReply(body, structure, text(r));
      if (quotes.length > 0) replies.push({ n: r, quotes });
    }
    replies.sort((a, b) => a.n - b.n);
    entries.push({ n: m.n, detection, structure, replies });
  }
  return entries;
}

/**
 * The structure `findThreadMinutes` gives a message when it takes it for minutes, whether or not it
 * does: for scoring structure apart from detection, and for a message forced on in list.json.
 *
 * @param thread the thread's messages (metadata only)
 * @param n the message's position in date order
 * @param text reads the plain text of a message by its position
 */
export function structureThreadMessage(thread: MinutesThread, n: number, text: (n: number) => string): Minutes {
  const m = thread.messages.find((x) => x.n === n);
  return structureMinutes(text(n), m?.subject ?? '');
}
