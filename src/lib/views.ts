/**
 * What the index and thread pages show, computed from a list's index: pure data, no markup.
 */
import type { ArchiveIndex, IndexedMessage } from './archive.ts';

/** Tree rows deeper than this are indented no further (their depth is still shown). */
export const MAX_TREE_INDENT = 16;
/** A message page shows at most this many rows of its thread's tree, around the message itself. */
export const MAX_TREE_ROWS = 200;
/** A thread page shows at most this many messages in full; the tree above it links to the rest. */
export const MAX_THREAD_PAGE_MESSAGES = 500;
/** Threads listed under "Latest threads" on a list's home page. */
export const LATEST_THREADS = 15;

/** One row of a thread tree, flat: depth says how far to indent. */
export interface TreeRow {
  /** Message position in date order, or -1 for a ghost. */
  n: number;
  depth: number;
  /** Indent class, 0..MAX_TREE_INDENT. */
  indent: number;
  /** The ghost's Message-ID, for a ghost row. */
  ghost?: string;
}

/** A thread as shown in a month's thread index. */
export interface MonthThread {
  thread: number;
  rows: TreeRow[];
  /** The thread has messages in an earlier month. */
  continuedFrom: string | undefined;
  /** The thread has messages in a later month. */
  continuesIn: string | undefined;
}

/**
 * The rows of a whole thread, in thread order, with a ghost row for a ghost root.
 *
 * @param index the list's index
 * @param thread the thread's position
 */
export function threadRows(index: ArchiveIndex, thread: number): TreeRow[] {
  const t = index.threads[thread]!;
  const rows: TreeRow[] = [];
  if (t.ghostRoot >= 0) rows.push({ n: -1, depth: 0, indent: 0, ghost: index.ghosts[t.ghostRoot]! });
  for (const n of t.messages) {
    const depth = index.messages[n]!.depth;
    rows.push({ n, depth, indent: Math.min(depth, MAX_TREE_INDENT) });
  }
  return rows;
}

/** A window of a thread's rows, and how many rows were left out on each side. */
export interface TreeWindow {
  rows: TreeRow[];
  before: number;
  after: number;
}

/**
 * At most `max` rows of a tree, centred on the current message (a thread of thousands of messages
 * would otherwise put thousands of rows on each of its thousands of pages).
 *
 * @param rows the whole thread's rows
 * @param current the current message's position in date order
 * @param max how many rows to keep
 */
export function treeWindow(rows: TreeRow[], current: number, max = MAX_TREE_ROWS): TreeWindow {
  if (rows.length <= max) return { rows, before: 0, after: 0 };
  const at = Math.max(0, rows.findIndex((r) => r.n === current));
  const start = Math.min(Math.max(0, at - Math.floor(max / 2)), rows.length - max);
  return { rows: rows.slice(start, start + max), before: start, after: rows.length - start - max };
}

/**
 * The messages of one month in date order.
 *
 * @param index the list's index
 * @param month a `yyyy-mm` key
 */
export function monthMessages(index: ArchiveIndex, month: string): IndexedMessage[] {
  return grouped(index).messages.get(month) ?? [];
}

// Month groupings computed once per index: a site has a page per month, and scanning every
// message for each would make the build quadratic in the archive's age.
const groupings = new WeakMap<ArchiveIndex, { messages: Map<string, IndexedMessage[]>; threads: Map<string, number[]> }>();

function grouped(index: ArchiveIndex): { messages: Map<string, IndexedMessage[]>; threads: Map<string, number[]> } {
  let g = groupings.get(index);
  if (!g) {
    g = { messages: new Map(), threads: new Map() };
    for (const m of index.messages) {
      const list = g.messages.get(m.month);
      if (list) list.push(m);
      else g.messages.set(m.month, [m]);
    }
    for (const t of index.threads) {
      for (const month of t.months) {
        const list = g.threads.get(month);
        if (list) list.push(t.n);
        else g.threads.set(month, [t.n]);
      }
    }
    groupings.set(index, g);
  }
  return g;
}

/**
 * The thread index of one month: every thread with a message in the month, only those messages,
 * in thread order, with markers when the thread began earlier or continues later.
 *
 * @param index the list's index
 * @param month a `yyyy-mm` key
 */
export function monthThreads(index: ArchiveIndex, month: string): MonthThread[] {
  const out: MonthThread[] = [];
  for (const n of grouped(index).threads.get(month) ?? []) {
    const t = index.threads[n]!;
    const earlier = t.months.filter((m) => m < month);
    const later = t.months.filter((m) => m > month);
    const showGhost = t.ghostRoot >= 0 && earlier.length === 0;
    const rows = threadRows(index, t.n).filter((r) => (r.n < 0 ? showGhost : index.messages[r.n]!.month === month));
    // Indent relative to the shallowest message shown, so the visible part starts flush left.
    let minDepth = Infinity;
    for (const r of rows) if (r.n >= 0) minDepth = Math.min(minDepth, r.depth);
    const offset = showGhost ? 1 : 0;
    for (const r of rows) if (r.n >= 0) r.indent = Math.min(r.depth - minDepth + offset, MAX_TREE_INDENT);
    out.push({ thread: t.n, rows, continuedFrom: earlier[earlier.length - 1], continuesIn: later[0] });
  }
  return out;
}
/** The data of a list's home page. */
export interface ListOverview {
  first: string | undefined;
  last: string | undefined;
  years: { year: string; months: { month: string; count: number }[]; total: number }[];
  chart: {
    width: number;
    height: number;
    max: number;
    bars: { x: number; y: number; width: number; height: number; label: string; count: number }[];
    ticks: { x: number; label: string }[];
  };
  latest: { slug: string; subject: string; count: number; lastMs: number }[];
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/**
 * A list's home page: year × month counts, a per-month chart, the latest threads.
 *
 * @param index the list's index
 */
export function listOverview(index: ArchiveIndex): ListOverview {
  const counts = new Map(index.months.map((m) => [m.month, m.count]));
  const firstMonth = index.months[0]?.month;
  const lastMonth = index.months[index.months.length - 1]?.month;
  const all = firstMonth && lastMonth ? monthsBetween(firstMonth, lastMonth) : [];
  const years: ListOverview['years'] = [];
  for (const year of [...new Set(all.map((m) => m.slice(0, 4)))]) {
    const months = Array.from({ length: 12 }, (_, i) => {
      const month = `${year}-${String(i + 1).padStart(2, '0')}`;
      return { month, count: counts.get(month) ?? 0 };
    });
    years.push({ year, months, total: months.reduce((s, m) => s + m.count, 0) });
  }
  const height = 120;
  const barWidth = Math.max(2, Math.min(24, Math.floor(720 / Math.max(1, all.length))));
  const max = Math.max(1, ...all.map((m) => counts.get(m) ?? 0));
  const plot = height - 14;
  const bars = all.map((month, i) => {
    const count = counts.get(month) ?? 0;
    const h = Math.round((count / max) * (plot - 2));
    return { x: i * barWidth, y: plot - h, width: Math.max(1, barWidth - 1), height: h, label: month, count };
  });
  const ticks = all.flatMap((month, i) => (month.endsWith('-01') || i === 0 ? [{ x: i * barWidth, label: month.slice(0, 4) }] : []));
  const latest = [...index.threads]
    .sort((a, b) => b.lastMs - a.lastMs || a.n - b.n)
    .slice(0, LATEST_THREADS)
    .map((t) => {
      const lead = threadLead(index, t.n);
      return { slug: lead.slug, subject: lead.subject, count: t.messages.length, lastMs: t.lastMs };
    });
  const firstMsg = index.messages[0];
  const lastMsg = index.messages[index.messages.length - 1];
  return {
    first: firstMsg ? new Date(firstMsg.dateMs).toISOString().slice(0, 10) : undefined,
    last: lastMsg ? new Date(lastMsg.dateMs).toISOString().slice(0, 10) : undefined,
    years,
    chart: { width: Math.max(barWidth * all.length, 40), height, max, bars, ticks },
    latest,
  };
}

/**
 * The message a thread is known by: its root, or its first message when the root is a ghost.
 *
 * @param index the list's index
 * @param thread the thread's position
 */
export function threadLead(index: ArchiveIndex, thread: number): IndexedMessage {
  const t = index.threads[thread]!;
  return index.messages[t.root >= 0 ? t.root : t.messages[0]!]!;
}

/**
 * The slug a thread's page is published under (see `threadLead`).
 *
 * @param index the list's index
 * @param thread the thread's position
 */
export function threadSlug(index: ArchiveIndex, thread: number): string {
  return threadLead(index, thread).slug;
}
