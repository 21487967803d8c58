import { describe, expect, it } from 'vitest';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { ancestors, messageBar, nextThread } from '../src/lib/navigation.ts';

const DAY = 86_400_000;
function input(messageId: string, day: number, opts: Partial<ArchiveInput> = {}): ArchiveInput {
  const full = (id: string) => `${id}@x`;
  return {
    subject: messageId,
    from: { name: messageId.toUpperCase(), address: `${messageId}@x` },
    dateMs: Date.UTC(2025, 0, 1) + day * DAY,
    offsetMinutes: 0,
    stableKey: messageId,
    ...opts,
    messageId: full(messageId),
    references: (opts.references ?? []).map(full),
    inReplyTo: (opts.inReplyTo ?? []).map(full),
  };
}

// Two threads that interleave in time and cross a month boundary:
//   a (Jan 1) ─ b (Jan 3) ─ d (Feb 2)      c (Jan 2) ─ e (Feb 3)
const sample = [
  input('d', 32, { references: ['a', 'b'] }),
  input('a', 0),
  input('e', 33, { inReplyTo: ['c'] }),
  input('b', 2, { references: ['a'] }),
  input('c', 1),
];

describe('indexArchive', () => {
  const index = indexArchive(sample);
  const ids = (ns: number[]) => ns.map((n) => index.messages[n]!.messageId.replace(/@x$/, ''));

  it('orders messages by date, remembering their input position', () => {
    expect(ids(index.messages.map((m) => m.n))).toEqual(['a', 'c', 'b', 'd', 'e']);
    expect(index.messages.map((m) => m.input)).toEqual([1, 4, 3, 0, 2]);
  });

  it('chains date prev/next with -1 at both ends', () => {
    expect(index.messages.map((m) => m.datePrev)).toEqual([-1, 0, 1, 2, 3]);
    expect(index.messages.map((m) => m.dateNext)).toEqual([1, 2, 3, 4, -1]);
  });

  it('chains thread prev/next in thread order, crossing into the next thread (MHonArc)', () => {
    expect(ids(index.threadOrder)).toEqual(['a', 'b', 'd', 'c', 'e']);
    const d = index.messages.find((m) => m.messageId === 'd@x')!;
    expect(index.messages[d.threadNext]!.messageId).toBe('c@x');
    const a = index.messages[0]!;
    expect(a.threadPrev).toBe(-1);
  });

  it('records threads with their months, first and last dates', () => {
    expect(index.threads.map((t) => ({ msgs: ids(t.messages), months: t.months }))).toEqual([
      { msgs: ['a', 'b', 'd'], months: ['2025-01', '2025-02'] },
      { msgs: ['c', 'e'], months: ['2025-01', '2025-02'] },
    ]);
    expect(index.months).toEqual([{ month: '2025-01', count: 3 }, { month: '2025-02', count: 2 }]);
  });

  it('gives parent, children and root', () => {
    const b = index.messages.find((m) => m.messageId === 'b@x')!;
    expect(index.messages[b.parent]!.messageId).toBe('a@x');
    expect(ids(b.children)).toEqual(['d']);
    expect(b.thread).toBe(0);
    expect(b.depth).toBe(1);
  });

  it('gives every message of a reused Message-ID its own slug', () => {
    const dup = indexArchive([input('same', 0), input('same', 1, { subject: 'later' })]);
    expect(dup.messages.map((m) => m.slug)).toEqual(['same@x', 'same@x_2']);
    expect(dup.messages[1]!.duplicate).toBe(true);
    expect(dup.duplicates).toBe(1);
  });

  it('keeps slugs of existing messages when the archive grows', () => {
    const before = indexArchive(sample);
    const after = indexArchive([...sample, input('f', 40, { inReplyTo: ['e'] }), input('aa', -5)]);
    const slugs = (ix: typeof before) => new Map(ix.messages.map((m) => [m.messageId, m.slug]));
    for (const [id, slug] of slugs(before)) expect(slugs(after).get(id)).toBe(slug);
  });

  it('is deterministic whatever the input order', () => {
    const reversed = indexArchive([...sample].reverse());
    expect(reversed.messages.map((m) => [m.messageId, m.threadNext, m.datePrev])).toEqual(index.messages.map((m) => [m.messageId, m.threadNext, m.datePrev]));
  });
});

describe('navigation', () => {
  const index = indexArchive(sample);
  it('builds the six-link bar with disabled ends', () => {
    const bar = messageBar('dev', index, 0);
    expect(bar.map((l) => l.kind)).toEqual(['datePrev', 'dateNext', 'threadPrev', 'threadNext', 'dateIndex', 'threadIndex']);
    expect(bar[0]!.path).toBeUndefined();
    expect(bar[1]!.path).toBe('dev/m/c@x/');
    expect(bar[3]!.path).toBe('dev/m/b@x/');
    expect(bar[4]!.path).toBe('dev/2025-01/#a@x');
    expect(bar[5]!.path).toBe('dev/2025-01/threads/#a@x');
  });
  it('finds the next thread and the ancestors', () => {
    expect(index.messages[nextThread(index, 0)]!.messageId).toBe('c@x');
    expect(nextThread(index, 1)).toBe(-1);
    const d = index.messages.findIndex((m) => m.messageId === 'd@x');
    expect(ancestors(index, d).map((n) => index.messages[n]!.messageId)).toEqual(['a@x', 'b@x']);
  });
});
