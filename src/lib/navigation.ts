/**
 * Navigation between messages: the MHonArc bar and the thread neighbours of a message.
 */
import type { ArchiveIndex } from './archive.ts';
import { paths } from './urls.ts';

/** One link of the bar: a site path, or undefined at an end of the archive (shown disabled). */
export interface BarLink {
  label: string;
  path: string | undefined;
  /** What the link leads to, for a title attribute. */
  title: string;
  rel?: 'prev' | 'next';
  /** The key that follows the link (see src/client/keys.ts). */
  key?: string;
}

/**
 * The six links `[Date Prev][Date Next][Thread Prev][Thread Next][Date Index][Thread Index]` of a message.
 *
 * @param list the list's name
 * @param index the list's index
 * @param n the message's position in date order
 */
export function messageBar(list: string, index: ArchiveIndex, n: number): BarLink[] {
  const m = index.messages[n]!;
  const to = (k: number): string | undefined => (k < 0 ? undefined : paths.message(list, index.messages[k]!.slug));
  const subject = (k: number): string => (k < 0 ? 'none: this is an end of the archive' : index.messages[k]!.subject || '(no subject)');
  return [
    { label: 'Date Prev', path: to(m.datePrev), title: subject(m.datePrev), rel: 'prev', key: 'k' },
    { label: 'Date Next', path: to(m.dateNext), title: subject(m.dateNext), rel: 'next', key: 'j' },
    { label: 'Thread Prev', path: to(m.threadPrev), title: subject(m.threadPrev), key: 'p' },
    { label: 'Thread Next', path: to(m.threadNext), title: subject(m.threadNext), key: 'n' },
    { label: 'Date Index', path: paths.month(list, m.month), title: `messages of ${m.month} by date` },
    { label: 'Thread Index', path: paths.monthThreads(list, m.month), title: `messages of ${m.month} by thread` },
  ];
}

/**
 * The first message of the thread after this message's thread, or -1 at the end.
 *
 * @param index the list's index
 * @param n the message's position in date order
 */
export function nextThread(index: ArchiveIndex, n: number): number {
  const thread = index.threads[index.messages[n]!.thread];
  const next = thread === undefined ? undefined : index.threads[thread.n + 1];
  return next?.messages[0] ?? -1;
}

/**
 * The ancestors of a message, root first (messages only; ghosts are reported by id).
 *
 * @param index the list's index
 * @param n the message's position in date order
 */
export function ancestors(index: ArchiveIndex, n: number): number[] {
  const out: number[] = [];
  // Parent links are acyclic by construction; the bound is a second guard against bad data.
  for (let p = index.messages[n]!.parent, guard = 0; p >= 0 && guard < index.messages.length; p = index.messages[p]!.parent, guard++) {
    out.push(p);
  }
  return out.reverse();
}

/** A message page lists at most this many of its ancestors: the thread's root and the nearest. */
export const MAX_REFERENCES_SHOWN = 25;

/**
 * The ancestors a message page lists: all of them, or for a deep reply the root, how many are
 * skipped, and the nearest `MAX_REFERENCES_SHOWN - 1`.
 *
 * @param refs the ancestors, root first (see `ancestors`)
 */
export function shownAncestors(refs: number[]): { first: number[]; skipped: number; near: number[] } {
  if (refs.length <= MAX_REFERENCES_SHOWN) return { first: refs, skipped: 0, near: [] };
  const near = refs.slice(refs.length - (MAX_REFERENCES_SHOWN - 1));
  return { first: refs.slice(0, 1), skipped: refs.length - MAX_REFERENCES_SHOWN, near };
}

/**
 * The bar of a month page: previous and next month with messages (disabled at the ends) and the
 * month's other index.
 *
 * @param list the list's name
 * @param index the list's index
 * @param month the month, `yyyy-mm`
 * @param kind which index the page is: by date or by thread
 */
export function monthBar(list: string, index: ArchiveIndex, month: string, kind: 'date' | 'threads'): BarLink[] {
  const months = index.months.map((m) => m.month);
  const at = months.indexOf(month);
  const page = (m: string) => (kind === 'date' ? paths.month(list, m) : paths.monthThreads(list, m));
  const prev = at > 0 ? months[at - 1] : undefined;
  const next = at >= 0 && at < months.length - 1 ? months[at + 1] : undefined;
  return [
    { label: 'Prev Month', path: prev && page(prev), title: prev ?? 'none: this is the first month', rel: 'prev' },
    { label: 'Next Month', path: next && page(next), title: next ?? 'none: this is the last month', rel: 'next' },
    kind === 'date'
      ? { label: 'Thread Index', path: paths.monthThreads(list, month), title: `messages of ${month} by thread` }
      : { label: 'Date Index', path: paths.month(list, month), title: `messages of ${month} by date` },
  ];
}
