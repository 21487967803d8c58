/**
 * One list's archive index: messages in date order with their slugs, thread links and the
 * prev/next neighbours of both orders. This is what the site reads; bodies live elsewhere.
 */
import { monthKey } from './dates.ts';
import type { Address } from './message.ts';
import { threadMessages } from './thread.ts';
import { duplicateSlug, slugForMessageId } from './urls.ts';

/** What indexing needs of a message (bodies are not needed). */
export interface ArchiveInput {
  messageId: string;
  references: string[];
  inReplyTo: string[];
  subject: string;
  from: Address | undefined;
  dateMs: number;
  offsetMinutes: number;
  /** A key that orders messages with equal dates the same way in every build (e.g. file and position). */
  stableKey: string;
}

/** One message in the index. Message references are positions in date order (`-1` for none). */
export interface IndexedMessage {
  /** Position in date order. */
  n: number;
  /** Position of the message in the input. */
  input: number;
  slug: string;
  messageId: string;
  subject: string;
  fromName: string;
  fromAddress: string;
  dateMs: number;
  offsetMinutes: number;
  /** `yyyy-mm` (UTC) of the message: the month page that lists it. */
  month: string;
  parent: number;
  /** Ghost parent (index into `ghosts`) when the parent is a message not in the archive; else -1. */
  ghostParent: number;
  /** True when `parent` was inferred from the subject alone. */
  inferred: boolean;
  children: number[];
  /** Position of the thread's first message in thread order (the thread's id) in `threads`. */
  thread: number;
  depth: number;
  datePrev: number;
  dateNext: number;
  threadPrev: number;
  threadNext: number;
  /** True when another, earlier message uses the same Message-ID. */
  duplicate: boolean;
}

/** One thread in the index. */
export interface IndexedThread {
  /** Position of the thread in thread order. */
  n: number;
  /** Root message, or -1 when the root is a ghost. */
  root: number;
  /** Ghost root (index into `ghosts`), or -1. */
  ghostRoot: number;
  /** Messages of the thread in thread order (depth-first, siblings by date). */
  messages: number[];
  /** Months the thread has messages in, ascending. */
  months: string[];
  firstMs: number;
  lastMs: number;
}

/** A list's whole index. */
export interface ArchiveIndex {
  messages: IndexedMessage[];
  threads: IndexedThread[];
  /** Message-IDs referred to but not archived, that hold replies together. */
  ghosts: string[];
  /** Message positions in thread order. */
  threadOrder: number[];
  /** Message counts per month, ascending by month. */
  months: { month: string; count: number }[];
  /** How many links were inferred from subjects. */
  inferredLinks: number;
  /** How many messages reuse an earlier message's Message-ID. */
  duplicates: number;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Index one list: date order (date, then Message-ID, then the stable key), threads, thread order,
 * slugs (unique, stable as the archive grows), and both prev/next chains.
 *
 * @param inputs the list's messages, in any order
 */
export function indexArchive(inputs: readonly ArchiveInput[]): ArchiveIndex {
  const byDate = inputs
    .map((_, i) => i)
    .sort((a, b) => {
      const x = inputs[a]!;
      const y = inputs[b]!;
      return x.dateMs - y.dateMs || compareStrings(x.messageId, y.messageId) || compareStrings(x.stableKey, y.stableKey);
    });
  const sorted = byDate.map((i) => inputs[i]!);
  const t = threadMessages(sorted);
  const n = sorted.length;

  const slugUses = new Map<string, number>();
  const messages: IndexedMessage[] = sorted.map((m, i) => {
    const base = slugForMessageId(m.messageId);
    const k = (slugUses.get(base) ?? 0) + 1;
    slugUses.set(base, k);
    const p = t.parent[i]!;
    return {
      n: i,
      input: byDate[i]!,
      slug: duplicateSlug(base, k),
      messageId: m.messageId,
      subject: m.subject,
      fromName: m.from?.name ?? '',
      fromAddress: m.from?.address ?? '',
      dateMs: m.dateMs,
      offsetMinutes: m.offsetMinutes,
      month: monthKey(m.dateMs),
      parent: p >= n ? -1 : p,
      ghostParent: p >= n ? p - n : -1,
      inferred: t.inferred[i] === 1,
      children: t.children[i]!.filter((c) => c < n),
      thread: -1,
      depth: t.depth[i]!,
      datePrev: i > 0 ? i - 1 : -1,
      dateNext: i + 1 < n ? i + 1 : -1,
      threadPrev: -1,
      threadNext: -1,
      duplicate: k > 1,
    };
  });

  t.order.forEach((m, k) => {
    messages[m]!.threadPrev = k > 0 ? t.order[k - 1]! : -1;
    messages[m]!.threadNext = k + 1 < t.order.length ? t.order[k + 1]! : -1;
  });

  const threads: IndexedThread[] = [];
  let k = 0;
  for (const r of t.roots) {
    const members: number[] = [];
    while (k < t.order.length && t.root[t.order[k]!] === r) members.push(t.order[k++]!);
    if (members.length === 0) continue;
    const months = [...new Set(members.map((m) => messages[m]!.month))].sort();
    let firstMs = Infinity;
    let lastMs = -Infinity;
    for (const m of members) {
      firstMs = Math.min(firstMs, messages[m]!.dateMs);
      lastMs = Math.max(lastMs, messages[m]!.dateMs);
      messages[m]!.thread = threads.length;
    }
    threads.push({ n: threads.length, root: r < n ? r : -1, ghostRoot: r >= n ? r - n : -1, messages: members, months, firstMs, lastMs });
  }

  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.month, (counts.get(m.month) ?? 0) + 1);
  const months = [...counts].sort((a, b) => compareStrings(a[0], b[0])).map(([month, count]) => ({ month, count }));
  let inferredLinks = 0;
  for (let i = 0; i < n; i++) inferredLinks += t.inferred[i]!;

  return { messages, threads, ghosts: t.ghosts, threadOrder: t.order, months, inferredLinks, duplicates: t.duplicates.length };
}
