import { describe, expect, it } from 'vitest';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { CHART_MAX_BAR, CHART_MIN_MONTHS, MAX_TREE_INDENT, MAX_TREE_ROWS, TREE_ROWS_BEFORE, listOverview, monthMessages, monthThreads, nestRows, threadRows, threadSlug, treeWindow } from '../src/lib/views.ts';
import { MAX_REFERENCES_SHOWN, REFERENCES_NEAR, ancestors, shownAncestors } from '../src/lib/navigation.ts';

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
    expect(feb[0]!.rows.map((r) => r.level)).toEqual([0]);
  });
  it('shows a ghost root and indents its children under it', () => {
    const ghostThread = monthThreads(index, '2025-01').find((t) => t.rows[0]!.n < 0)!;
    expect(ghostThread.rows.map((r) => [short(r.ghost ?? index.messages[r.n]!.messageId), r.level])).toEqual([
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
  it('draws a young list as a few narrow bars on a plot of two years, not blocks stretched to the page', () => {
    const chart = listOverview(index).chart;
    expect(chart.bars.every((b) => b.width < CHART_MAX_BAR)).toBe(true);
    expect(chart.width).toBe(CHART_MAX_BAR * CHART_MIN_MONTHS);
    expect(chart.bars[2]!.x + chart.bars[2]!.width).toBeLessThan(chart.width / 4);
    expect(Math.max(...chart.bars.map((b) => b.height))).toBeLessThan(chart.height);
  });
  it('draws a long list with narrower bars, a visible bar for a quiet month, and year labels that do not overlap', () => {
    const months = Array.from({ length: 30 * 12 }, (_, i) => input(`m${i}`, i * 30.44, {}));
    const busy = Array.from({ length: 400 }, (_, i) => input(`busy${i}`, 200 + i / 1000));
    const chart = listOverview(indexArchive([...months, ...busy])).chart;
    expect(chart.bars.length).toBeGreaterThanOrEqual(359);
    expect(chart.bars[0]!.width).toBe(1);
    expect(chart.bars.filter((b) => b.count > 0).every((b) => b.height >= 1)).toBe(true);
    for (let i = 1; i < chart.ticks.length; i++) expect(chart.ticks[i]!.x - chart.ticks[i - 1]!.x).toBeGreaterThanOrEqual(28);
    expect(chart.width).toBeGreaterThanOrEqual(chart.ticks[chart.ticks.length - 1]!.x + 28);
  });
});

describe('thread trees nest by what is shown', () => {
  // root ─ a ─ a1 ─ a2 ; root ─ b (a later month) ─ b1 ; a1 ─ c (the later month)
  const re = { subject: 'Re: [dev] Topic' };
  const tree = indexArchive([
    input('t-root', 0, { subject: 'Topic' }),
    input('t-a', 1, { ...re, inReplyTo: ['t-root'] }),
    input('t-a1', 2, { ...re, inReplyTo: ['t-a'] }),
    input('t-a2', 3, { subject: 'Another topic', inReplyTo: ['t-a1'] }),
    input('t-c', 40, { ...re, inReplyTo: ['t-a1'] }),
    input('t-b', 41, { ...re, inReplyTo: ['t-root'] }),
    input('t-b1', 42, { ...re, inReplyTo: ['t-b'] }),
  ]);
  const names = (rows: { n: number; level: number }[]) => rows.map((r) => `${short(tree.messages[r.n]!.messageId)}:${r.level}`);

  it('nests a month\'s rows under their nearest ancestor of the month, never under another branch', () => {
    // t-c replies to t-a1 (January): in February it is not a reply to t-b.
    const feb = monthThreads(tree, '2025-02');
    expect(names(feb[0]!.rows)).toEqual(['t-c:0', 't-b:0', 't-b1:1']);
    expect(feb[0]!.rows.map((r) => r.newSubject)).toEqual([true, false, false]);
  });

  it('nests a window of a thread from its own first row', () => {
    const rows = threadRows(tree, 0);
    expect(names(nestRows(rows.slice(2)))).toEqual(['t-a1:0', 't-a2:1', 't-c:1', 't-b:0', 't-b1:1']);
    expect(rows.map((r) => r.newSubject)).toEqual([true, false, false, true, false, false, false]);
    const deep = nestRows(Array.from({ length: 40 }, (_, i) => ({ n: -1, depth: i + 3, level: 0, newSubject: false })));
    expect(deep.map((r) => r.level)).toEqual(Array.from({ length: 40 }, (_, i) => Math.min(i, MAX_TREE_INDENT)));
  });
});

describe('long threads on one page', () => {
  const chain = indexArchive(
    Array.from({ length: 600 }, (_, i) => input(`c${i}`, i / 100, i === 0 ? {} : { inReplyTo: [`c${i - 1}`] })),
  );
  const rows = threadRows(chain, 0);

  it('shows a window of MAX_TREE_ROWS rows around the current message, most of them after it', () => {
    const w = treeWindow(rows, 300);
    expect(w.rows).toHaveLength(MAX_TREE_ROWS);
    expect(w.rows.some((r) => r.n === 300)).toBe(true);
    expect(w.before + w.rows.length + w.after).toBe(600);
    expect(w.before).toBe(300 - TREE_ROWS_BEFORE);
    // A chain 300 deep nests from the window's first row, as deep as the limit.
    expect(w.rows[0]!.level).toBe(0);
    expect(w.rows[MAX_TREE_ROWS - 1]!.level).toBe(Math.min(MAX_TREE_ROWS - 1, MAX_TREE_INDENT));
  });

  it('clamps the window at the ends of the thread', () => {
    expect(treeWindow(rows, 0)).toMatchObject({ before: 0, after: 600 - MAX_TREE_ROWS });
    expect(treeWindow(rows, 599)).toMatchObject({ before: 600 - MAX_TREE_ROWS, after: 0 });
    expect(treeWindow(rows.slice(0, 5), 3)).toEqual({ rows: rows.slice(0, 5), before: 0, after: 0 });
  });

  it('lists the root and the nearest ancestors of a deep reply, folds those between and counts the rest', () => {
    const refs = ancestors(chain, 599);
    expect(refs).toHaveLength(599);
    const shown = shownAncestors(refs);
    expect(shown.first).toEqual([0]);
    expect(shown.near).toEqual(refs.slice(-REFERENCES_NEAR));
    expect(shown.folded).toEqual(refs.slice(-MAX_REFERENCES_SHOWN + 1, -REFERENCES_NEAR));
    expect(shown.first.length + shown.folded.length + shown.near.length).toBe(MAX_REFERENCES_SHOWN);
    expect(shown.first.length + shown.skipped + shown.folded.length + shown.near.length).toBe(599);
    expect(shownAncestors(refs.slice(0, 4))).toEqual({ first: refs.slice(0, 4), folded: [], skipped: 0, near: [] });
    expect(shownAncestors(refs.slice(0, 6))).toEqual({ first: [0], folded: refs.slice(1, 3), skipped: 0, near: refs.slice(3, 6) });
  });
});
