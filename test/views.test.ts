import { describe, expect, it } from 'vitest';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { MAX_TREE_ROWS, listOverview, monthMessages, monthThreads, threadRows, threadSlug, treeWindow } from '../src/lib/views.ts';
import { MAX_REFERENCES_SHOWN, ancestors, shownAncestors } from '../src/lib/navigation.ts';

const DAY = 86_400_000;
const full = (id: string) => `${id}@x`;
const input = (messageId: string, day: number, opts: Partial<ArchiveInput> = {}): ArchiveInput => ({
  subject: messageId, from: undefined, dateMs: Date.UTC(2025, 0, 1) + day * DAY, offsetMinutes: 0, stableKey: messageId, ...opts,
  messageId: full(messageId), references: (opts.references ?? []).map(full), inReplyTo: (opts.inReplyTo ?? []).map(full),
});
const short = (id: string) => id.replace(/@x$/, '');

const index = indexArchive([
  input('root', 0),
  input('r1', 1, { references: ['root'] }),
  input('r2', 35, { references: ['root', 'r1'] }),
  input('g1', 3, { references: ['lost'] }),
  input('g2', 4, { references: ['lost'] }),
  input('late', 70),
]);

describe('views', () => {
  it('lists a month by date', () => {
    expect(monthMessages(index, '2025-01').map((m) => short(m.messageId))).toEqual(['root', 'r1', 'g1', 'g2']);
  });
  it('marks threads that continue in a later month or began in an earlier one', () => {
    const jan = monthThreads(index, '2025-01');
    expect(jan[0]!.continuesIn).toBe('2025-02');
    expect(jan[0]!.continuedFrom).toBeUndefined();
    const feb = monthThreads(index, '2025-02');
    expect(feb).toHaveLength(1);
    expect(feb[0]!.continuedFrom).toBe('2025-01');
    expect(feb[0]!.rows.map((r) => r.indent)).toEqual([0]);
  });
  it('shows a ghost root and indents its children under it', () => {
    const ghostThread = monthThreads(index, '2025-01').find((t) => t.rows[0]!.n < 0)!;
    expect(ghostThread.rows.map((r) => [short(r.ghost ?? index.messages[r.n]!.messageId), r.indent])).toEqual([
      ['lost', 0],
      ['g1', 1],
      ['g2', 1],
    ]);
    expect(threadSlug(index, ghostThread.thread)).toBe('g1@x');
  });
  it('gives whole-thread rows with depth', () => {
    expect(threadRows(index, 0).map((r) => r.depth)).toEqual([0, 1, 2]);
  });
  it('builds the year × month table and a chart over every month, empty ones included', () => {
    const o = listOverview(index);
    expect(o.years).toHaveLength(1);
    expect(o.years[0]!.months.slice(0, 4).map((m) => m.count)).toEqual([4, 1, 1, 0]);
    expect(o.years[0]!.total).toBe(6);
    expect(o.chart.bars.map((b) => b.count)).toEqual([4, 1, 1]);
    expect(o.latest[0]!.slug).toBe('late@x');
  });
});

describe('long threads on one page', () => {
  const chain = indexArchive(
    Array.from({ length: 600 }, (_, i) => input(`c${i}`, i / 100, i === 0 ? {} : { inReplyTo: [`c${i - 1}`] })),
  );
  const rows = threadRows(chain, 0);

  it('shows a window of MAX_TREE_ROWS rows centred on the current message', () => {
    const w = treeWindow(rows, 300);
    expect(w.rows).toHaveLength(MAX_TREE_ROWS);
    expect(w.rows.some((r) => r.n === 300)).toBe(true);
    expect(w.before + w.rows.length + w.after).toBe(600);
    expect(w.before).toBe(300 - MAX_TREE_ROWS / 2);
  });

  it('clamps the window at the ends of the thread', () => {
    expect(treeWindow(rows, 0)).toMatchObject({ before: 0, after: 600 - MAX_TREE_ROWS });
    expect(treeWindow(rows, 599)).toMatchObject({ before: 600 - MAX_TREE_ROWS, after: 0 });
    expect(treeWindow(rows.slice(0, 5), 3)).toEqual({ rows: rows.slice(0, 5), before: 0, after: 0 });
  });

  it('lists the root and the nearest ancestors of a deep reply, counting the rest', () => {
    const refs = ancestors(chain, 599);
    expect(refs).toHaveLength(599);
    const shown = shownAncestors(refs);
    expect(shown.first).toEqual([0]);
    expect(shown.near).toEqual(refs.slice(-(MAX_REFERENCES_SHOWN - 1)));
    expect(shown.first.length + shown.skipped + shown.near.length).toBe(599);
    expect(shownAncestors(refs.slice(0, 3))).toEqual({ first: refs.slice(0, 3), skipped: 0, near: [] });
  });
});
