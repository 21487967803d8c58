/**
 * Navigation between messages: the MHonArc bar and the thread neighbours of a message.
 */
import type { ArchiveIndex } from './archive.ts';
import type { BarKind } from './ui-strings.ts';
import { paths } from './urls.ts';

/** One link of the bar: a site path (an index's ends with its entry's `#id`), or undefined at an end of the archive (shown disabled). */
export interface BarLink {
  /** Which link it is: its label is the interface's (see ui-strings.ts). */
  kind: BarKind;
  path: string | undefined;
  /** The subject of the message it leads to, for its title. */
  subject?: string;
  /** The month it leads to, or the month whose other index it is. */
  month?: string;
  rel?: 'prev' | 'next';
  /** The key that follows the link (see src/client/keys.ts). */
  key?: string;
}

/**
 * The id of a message's entry on its month's date index and thread index, which the message's
 * bar links to, so a reader back on a 229-message month lands where they left it (as MHonArc's
 * `maillist.html#00012`). It is the message's slug: stable as the archive grows, unique in the
 * list, safe as an id and a URL fragment (`[a-z0-9._+=@-]`, `_` only for a reused Message-ID, see
 * urls.ts), and the same anchor a thread page gives the message.
 *
 * @param slug the message's slug
 */
export function indexEntryId(slug: string): string {
  return slug;
}

/**
 * The six links `[Date Prev][Date Next][Thread Prev][Thread Next][Date Index][Thread Index]` of a
 * message; the index links lead to the message's own entry (see `indexEntryId`).
 *
 * @param list the list's name
 * @param index the list's index
 * @param n the message's position in date order
 */
export function messageBar(list: string, index: ArchiveIndex, n: number): BarLink[] {
  const m = index.messages[n]!;
  const to = (kind: BarKind, k: number): BarLink => (k < 0 ? { kind, path: undefined } : { kind, path: paths.message(list, index.messages[k]!.slug), subject: index.messages[k]!.subject });
  return [
    { ...to('datePrev', m.datePrev), rel: 'prev', key: 'k' },
    { ...to('dateNext', m.dateNext), rel: 'next', key: 'j' },
    { ...to('threadPrev', m.threadPrev), key: 'p' },
    { ...to('threadNext', m.threadNext), key: 'n' },
    { kind: 'dateIndex', path: `${paths.month(list, m.month)}#${indexEntryId(m.slug)}`, month: m.month },
    { kind: 'threadIndex', path: `${paths.monthThreads(list, m.month)}#${indexEntryId(m.slug)}`, month: m.month },
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
/** Of them, the nearest this many are listed open; those between them and the root are folded. */
export const REFERENCES_NEAR = 3;

/** The ancestors a message page lists, root first: open, folded, and left to the thread's page. */
export interface ShownAncestors {
  /** The root, or every ancestor of a shallow reply. */
  first: number[];
  /** Ancestors between the root and the nearest, folded (the nearest of them when there are many). */
  folded: number[];
  /** Ancestors between the root and the folded ones, counted but not listed. */
  skipped: number;
  /** The nearest ancestors. */
  near: number[];
}

/**
 * The ancestors a message page lists: all of them for a shallow reply; for a deep one the root,
 * the `REFERENCES_NEAR` nearest, and those between folded (at most `MAX_REFERENCES_SHOWN` in all,
 * the rest counted), so a reply 33 deep does not open with a screen of identical "Re:" lines.
 *
 * @param refs the ancestors, root first (see `ancestors`)
 */
export function shownAncestors(refs: number[]): ShownAncestors {
  if (refs.length <= REFERENCES_NEAR + 1) return { first: refs, folded: [], skipped: 0, near: [] };
  const near = refs.slice(refs.length - REFERENCES_NEAR);
  const between = refs.slice(1, refs.length - REFERENCES_NEAR);
  const room = MAX_REFERENCES_SHOWN - 1 - REFERENCES_NEAR;
  const skipped = Math.max(0, between.length - room);
  return { first: refs.slice(0, 1), folded: between.slice(skipped), skipped, near };
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
    prev ? { kind: 'prevMonth', path: page(prev), month: prev, rel: 'prev' } : { kind: 'prevMonth', path: undefined, rel: 'prev' },
    next ? { kind: 'nextMonth', path: page(next), month: next, rel: 'next' } : { kind: 'nextMonth', path: undefined, rel: 'next' },
    kind === 'date' ? { kind: 'threadIndex', path: paths.monthThreads(list, month), month } : { kind: 'dateIndex', path: paths.month(list, month), month },
  ];
}
