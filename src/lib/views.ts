/**
 * What the index and thread pages show, computed from a list's index: pure data, no markup.
 */
import type { ArchiveIndex, IndexedMessage } from './archive.ts';
import { baseSubject } from './subject.ts';

/** Tree rows nest at most this deep; deeper replies stay at this level and say their depth. */
export const MAX_TREE_INDENT = 16;
/** A message page shows at most this many rows of its thread's tree around itself: a phone's screen of them. */
export const MAX_TREE_ROWS = 15;
/** Of a message page's window, at most this many rows come before the message itself (replies matter more). */
export const TREE_ROWS_BEFORE = 5;
/** A thread page shows at most this many messages in full; the tree above it links to the rest. */
export const MAX_THREAD_PAGE_MESSAGES = 500;
/** A thread with more messages than this is long: its page folds its tree and its later messages. */
export const LONG_THREAD_MESSAGES = 20;
/** A long thread's page shows this many of its messages open, the rest folded. */
export const THREAD_OPEN_MESSAGES = 10;
/** Threads listed under "Latest threads" on a list's home page. */
export const LATEST_THREADS = 15;
/** The activity chart's height in pixels (it is drawn at its own size, never stretched). */
export const CHART_HEIGHT = 120;
/** The width the chart's bars share, in pixels, until they are as narrow as CHART_MIN_BAR. */
export const CHART_WIDTH = 720;
/** The widest bar of a month, in pixels. */
export const CHART_MAX_BAR = 16;
/** The narrowest bar of a month, in pixels: a list of many decades gets a wider chart, scaled down to the page. */
export const CHART_MIN_BAR = 2;
/** The plot is at least this many months wide, so a young list's bars stand at the left of a plot. */
export const CHART_MIN_MONTHS = 24;
/** Room for a year's label. */
export const CHART_LABEL_WIDTH = 28;

/** One row of a thread tree, flat, in thread order: `level` says how deep it nests where it is shown. */
export interface TreeRow {
  /** Message position in date order, or -1 for a ghost. */
  n: number;
  /** Depth in the whole thread. */
  depth: number;
  /** Nesting level in the list it is shown in, 0..MAX_TREE_INDENT: its ancestors shown above it. */
  level: number;
  /** The ghost's Message-ID, for a ghost row. */
  ghost?: string;
  /** The subject is not its parent's (reply prefixes and list tags aside): rows show it only then. */
  newSubject: boolean;
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
  if (t.ghostRoot >= 0) rows.push({ n: -1, depth: 0, level: 0, ghost: index.ghosts[t.ghostRoot]!, newSubject: true });
  const bases = new Map<number, string>();
  const base = (n: number) => {
    let b = bases.get(n);
    if (b === undefined) {
      b = baseSubject(index.messages[n]!.subject);
      bases.set(n, b);
    }
    return b;
  };
  for (const n of t.messages) {
    const m = index.messages[n]!;
    rows.push({ n, depth: m.depth, level: Math.min(m.depth, MAX_TREE_INDENT), newSubject: m.parent < 0 || base(m.parent) !== base(n) });
  }
  return rows;
}

/**
 * Set the levels of a run of consecutive rows of a thread (a window of it) as that run nests on
 * its own: a row's parent is the nearest row before it that is less deep, when the run holds it
 * (in thread order, every row between a message and its parent is a descendant of the parent).
 *
 * @param rows consecutive rows of one thread, in thread order
 */
export function nestRows(rows: readonly TreeRow[]): TreeRow[] {
  const open: number[] = [];
  return rows.map((r) => {
    while (open.length > 0 && open[open.length - 1]! >= r.depth) open.pop();
    const level = Math.min(open.length, MAX_TREE_INDENT);
    open.push(r.depth);
    return { ...r, level };
  });
}

/** A window of a thread's rows, and how many rows were left out on each side. */
export interface TreeWindow {
  rows: TreeRow[];
  before: number;
  after: number;
}

/**
 * At most `max` rows of a tree around the current message, at most `lead` of them before it, nested
 * as the window shows them: a message page shows a phone's screen of its thread, the thread page
 * all of it.
 *
 * @param rows the whole thread's rows
 * @param current the current message's position in date order
 * @param max how many rows to keep
 * @param lead how many of them may come before the current message
 */
export function treeWindow(rows: TreeRow[], current: number, max = MAX_TREE_ROWS, lead = TREE_ROWS_BEFORE): TreeWindow {
  if (rows.length <= max) return { rows, before: 0, after: 0 };
  const at = Math.max(0, rows.findIndex((r) => r.n === current));
  const start = Math.min(Math.max(0, at - lead), rows.length - max);
  return { rows: nestRows(rows.slice(start, start + max)), before: start, after: rows.length - start - max };
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
    const all = threadRows(index, t.n);
    // Where each row's subtree ends in the whole thread: a row nests under the nearest row shown
    // above it whose subtree holds it, never under a message that is not its ancestor.
    const end = subtreeEnds(all);
    const open: number[] = [];
    const rows: TreeRow[] = [];
    all.forEach((r, i) => {
      if (r.n < 0 ? !showGhost : index.messages[r.n]!.month !== month) return;
      while (open.length > 0 && end[open[open.length - 1]!]! <= i) open.pop();
      rows.push({ ...r, level: Math.min(open.length, MAX_TREE_INDENT), newSubject: r.newSubject || rows.length === 0 });
      open.push(i);
    });
    out.push({ thread: t.n, rows, continuedFrom: earlier[earlier.length - 1], continuesIn: later[0] });
  }
  return out;
}
/**
 * For each row of a whole thread, the position after its last descendant.
 *
 * @param rows a thread's rows in thread order
 */
function subtreeEnds(rows: readonly TreeRow[]): number[] {
  const end = rows.map(() => rows.length);
  const open: number[] = [];
  rows.forEach((r, i) => {
    while (open.length > 0 && rows[open[open.length - 1]!]!.depth >= r.depth) end[open.pop()!] = i;
    open.push(i);
  });
  return end;
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
  // The chart is drawn at its own size, never stretched to the page: a list of three months was
  // three bars scaled to the width of the page (huge blocks). Bars are CHART_MAX_BAR wide at most
  // and narrow down to CHART_MIN_BAR as months add up; the plot is at least CHART_MIN_MONTHS wide.
  const height = CHART_HEIGHT;
  const barWidth = Math.max(CHART_MIN_BAR, Math.min(CHART_MAX_BAR, Math.floor(CHART_WIDTH / Math.max(1, all.length))));
  const max = Math.max(1, ...all.map((m) => counts.get(m) ?? 0));
  const plot = height - 14;
  const bars = all.map((month, i) => {
    const count = counts.get(month) ?? 0;
    // A month with mail gets a visible bar, however small beside the busiest.
    const h = count === 0 ? 0 : Math.max(1, Math.round((count / max) * (plot - 2)));
    return { x: i * barWidth, y: plot - h, width: Math.max(1, barWidth - 1), height: h, label: month, count };
  });
  // A year's label at its January (and at the first month), when there is room for it before the next.
  const ticks: { x: number; label: string }[] = [];
  all.forEach((month, i) => {
    if (!(month.endsWith('-01') || i === 0)) return;
    const x = i * barWidth;
    const last = ticks[ticks.length - 1];
    if (last && x - last.x < CHART_LABEL_WIDTH) ticks.pop();
    ticks.push({ x, label: month.slice(0, 4) });
  });
  const lastTick = ticks[ticks.length - 1];
  const width = Math.max(barWidth * all.length, barWidth * CHART_MIN_MONTHS, lastTick ? lastTick.x + CHART_LABEL_WIDTH : 0);
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
    chart: { width, height, max, bars, ticks },
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
