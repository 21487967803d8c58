import { describe, expect, it } from 'vitest';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { listOverview, monthMessages, monthThreads, threadRows, threadSlug } from '../src/lib/views.ts';

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
