import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../src/lib/mbox.ts';
import { parseMessage } from '../src/lib/message.ts';
import { INFERRED_REPLY_WINDOW_MS, threadMessages, type ThreadInput } from '../src/lib/thread.ts';

const DAY = 24 * 3600 * 1000;
function msg(messageId: string, day: number, opts: Partial<ThreadInput> = {}): ThreadInput {
  return { messageId, references: [], inReplyTo: [], subject: `subject of ${messageId}`, dateMs: day * DAY, ...opts };
}

describe('threadMessages', () => {
  it('builds a tree from References and orders siblings by date', () => {
    const t = threadMessages([
      msg('root', 1),
      msg('b', 3, { references: ['root'] }),
      msg('a', 2, { references: ['root'] }),
      msg('a1', 4, { references: ['root', 'a'] }),
    ]);
    expect(Array.from(t.parent)).toEqual([-1, 0, 0, 2]);
    expect(t.children[0]).toEqual([2, 1]);
    expect(t.order).toEqual([0, 2, 3, 1]);
    expect(Array.from(t.depth)).toEqual([0, 1, 1, 2]);
    expect(t.roots).toEqual([0]);
  });

  it('uses In-Reply-To when References is missing', () => {
    const t = threadMessages([msg('p', 1), msg('c', 2, { inReplyTo: ['p'] })]);
    expect(t.parent[1]).toBe(0);
  });

  it('hangs two replies whose parent is missing under one ghost', () => {
    const t = threadMessages([msg('r1', 2, { references: ['lost'] }), msg('r2', 3, { references: ['lost'] })]);
    expect(t.ghosts).toEqual(['lost']);
    expect(t.parent[0]).toBe(2);
    expect(t.parent[1]).toBe(2);
    expect(t.roots).toEqual([2]);
    expect(t.order).toEqual([0, 1]);
  });

  it('makes a lone reply to a missing message a root (no ghost for one child)', () => {
    const t = threadMessages([msg('r1', 2, { references: ['lost'] })]);
    expect(t.ghosts).toEqual([]);
    expect(t.parent[0]).toBe(-1);
  });

  it('skips missing intermediate messages, linking to the nearest ancestor present', () => {
    const t = threadMessages([msg('root', 1), msg('deep', 3, { references: ['root', 'gone'] })]);
    expect(t.parent[1]).toBe(0);
  });

  it('survives reference loops and self-references', () => {
    const t = threadMessages([
      msg('a', 1, { references: ['b'] }),
      msg('b', 2, { references: ['a'] }),
      msg('c', 3, { references: ['c', 'c'] }),
    ]);
    expect(t.order.slice().sort()).toEqual([0, 1, 2]);
    for (let i = 0; i < 3; i++) {
      const seen = new Set<number>();
      for (let p = i; p !== -1; p = t.parent[p]!) {
        expect(seen.has(p)).toBe(false);
        seen.add(p);
      }
    }
    expect(t.parent[2]).toBe(-1);
  });

  it('keeps both messages that share a Message-ID, the later under the earlier', () => {
    const t = threadMessages([msg('dup', 5, { subject: 'second' }), msg('dup', 1, { subject: 'first' })]);
    expect(t.parent[0]).toBe(1);
    expect(t.duplicates).toEqual([0]);
    expect(t.order).toEqual([1, 0]);
  });

  it('threads a 5,000-deep reply chain without recursion', () => {
    const chain = Array.from({ length: 5000 }, (_, i) =>
      msg(`m${i}`, i, { inReplyTo: i === 0 ? [] : [`m${i - 1}`] }),
    );
    const t = threadMessages(chain);
    expect(t.depth[4999]).toBe(4999);
    expect(t.order).toHaveLength(5000);
    expect(t.order[4999]).toBe(4999);
  });

  it('joins a reply without threading headers by subject, marked as inferred', () => {
    const t = threadMessages([
      msg('orig', 1, { subject: 'Release plans' }),
      msg('late', 40, { subject: 'Re: Release plans' }),
      msg('reply', 5, { subject: 'Re: [list] Release plans' }),
      msg('other', 6, { subject: 'Release plans' }),
    ]);
    expect(t.parent[2]).toBe(0);
    expect(t.inferred[2]).toBe(1);
    expect(t.parent[1]).toBe(-1); // 40 days later is outside the window
    expect(t.parent[3]).toBe(-1); // not a reply
    expect(t.inferred[1]).toBe(0);
  });

  it('hangs a header-less reply under the latest earlier message of the conversation by someone else', () => {
    const ana = { name: 'Ana', address: 'ana@example.org' };
    const wei = { name: 'Wei', address: 'WEI@example.org' };
    const t = threadMessages([
      msg('orig', 1, { subject: 'X', from: wei }),
      msg('wei-reply', 2, { subject: 'Re: X', inReplyTo: ['orig'], from: { name: 'Wei', address: 'wei@example.org' } }),
      msg('ana-1', 3, { subject: 'Re: X', from: ana }),
      msg('ana-2', 4, { subject: 'Re: [list] X', from: ana }),
    ]);
    // Not under ana-1, her own newer post: under Wei's reply, deep in the thread.
    expect(t.parent[2]).toBe(1);
    expect(t.parent[3]).toBe(1);
    expect(Array.from(t.inferred)).toEqual([0, 0, 1, 1]);
  });

  it('hangs a header-less reply under the sender\'s own message only when nobody else wrote in the window', () => {
    const ana = { name: 'Ana', address: 'ana@example.org' };
    const day = INFERRED_REPLY_WINDOW_MS / DAY;
    const t = threadMessages([
      msg('orig', 1, { subject: 'X', from: { name: 'Wei', address: 'wei@example.org' } }),
      msg('ana-1', 1 + day - 1, { subject: 'Re: X', from: ana }),
      msg('ana-2', 1 + day + 2, { subject: 'Re: X', from: ana }),
    ]);
    expect(t.parent[1]).toBe(0);
    expect(t.parent[2]).toBe(1);
    expect(t.inferred[2]).toBe(1);
  });

  it('passes over a candidate that is a reply to the message (a wrong clock), and copies of it', () => {
    const a = { name: 'A', address: 'a@example.org' };
    const b = { name: 'B', address: 'b@example.org' };
    const t = threadMessages([
      msg('b-1', 1, { subject: 'Re: X', from: b, references: ['lost'] }),
      // b-2 answers a-1, which is dated after it: a-1's clock is fast.
      msg('b-2', 2, { subject: 'Re: X', from: b, inReplyTo: ['a-1'] }),
      msg('a-1', 3, { subject: 'Re: X', from: a }),
      msg('a-1', 3, { subject: 'Re: X', from: a }),
    ]);
    expect(t.parent[1]).toBe(2);
    expect(t.parent[2]).toBe(0);
    expect(t.inferred[2]).toBe(1);
    expect(t.duplicates).toEqual([3]);
    expect(t.parent[3]).toBe(2);
  });

  it('hangs a reply dated the same second as the message it answers under it', () => {
    const t = threadMessages([msg('re', 1, { subject: 'Re: X' }), msg('orig', 1, { subject: 'X' })]);
    expect(Array.from(t.parent)).toEqual([1, -1]);
  });

  it('treats senders without an address or name as different people', () => {
    const t = threadMessages([msg('a', 1, { subject: 'X' }), msg('b', 2, { subject: 'Re: X' }), msg('c', 3, { subject: 'Re: X' })]);
    expect(Array.from(t.parent)).toEqual([-1, 0, 1]);
  });

  it('threads an archive whose replies lack threading headers as a reader would (fixture)', async () => {
    const parsed = await Promise.all(
      splitMbox(readFileSync(new URL('./fixtures/mbox/subject-reply-same-author.mbox', import.meta.url))).map(
        async (m) => (await parseMessage(m.raw, m.envelope, { file: 'fixture', index: m.index, offset: m.offset, length: m.length })).message,
      ),
    );
    const t = threadMessages(parsed.map((m) => ({ ...m, dateMs: m.date.ms })));
    const who = (i: number) => (t.parent[i]! < 0 ? 'root' : `${parsed[t.parent[i]!]!.from?.name} ${new Date(parsed[t.parent[i]!]!.date.ms).toISOString().slice(5, 16)}`);
    // Ana's two header-less questions both answer Wei; Wei's answer names Ana in a pre-RFC 2822
    // In-Reply-To phrase (no Message-ID), so it joins by subject, under Ana's latest question;
    // her thanks answer Wei's answer.
    expect(parsed.map((_, i) => who(i))).toEqual(['root', 'Wei Chen 07-11T06:20', 'Wei Chen 07-11T06:20', 'Ana Lima 07-11T08:30', 'Wei Chen 07-11T09:00']);
    expect(Array.from(t.inferred)).toEqual([0, 1, 1, 1, 1]);
  });

  it('never infers a link for a message that has threading headers', () => {
    const t = threadMessages([msg('orig', 1, { subject: 'X' }), msg('r', 2, { subject: 'Re: X', references: ['elsewhere'] })]);
    expect(t.parent[1]).toBe(-1);
  });

  it('orders threads by their first message and ranks roots deterministically', () => {
    const t = threadMessages([msg('late', 9), msg('early', 1), msg('same-a', 5), msg('same-b', 5)]);
    expect(t.roots).toEqual([1, 2, 3, 0]);
  });

  it('keeps every message exactly once in thread order on a tangled graph', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `id${i % 150}`);
    const input = ids.map((id, i) =>
      msg(id, (i * 7) % 31, { references: [`id${(i * 13) % 150}`, `id${(i * 17) % 160}`], inReplyTo: [`id${(i * 3) % 150}`] }),
    );
    const t = threadMessages(input);
    expect(t.order.slice().sort((a, b) => a - b)).toEqual(input.map((_, i) => i));
    for (let node = 0; node < t.parent.length; node++) {
      const p = t.parent[node]!;
      if (p !== -1) expect(t.children[p]).toContain(node);
    }
  });
});

describe('threadMessages properties', () => {
  // Random reference graphs over a small id space: loops, self-references, duplicates, missing ids.
  const graph = fc.array(
    fc.record({
      id: fc.integer({ min: 0, max: 20 }),
      refs: fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 5 }),
      irt: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
      day: fc.integer({ min: 0, max: 40 }),
      reply: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  );

  it('puts every message exactly once in thread order, with consistent links and no cycles', () => {
    fc.assert(
      fc.property(graph, (nodes) => {
        const input = nodes.map((n) =>
          msg(`m${n.id}`, n.day, {
            references: n.refs.map((r) => `m${r}`),
            inReplyTo: n.irt === undefined ? [] : [`m${n.irt}`],
            subject: n.reply ? 'Re: topic' : 'topic',
          }),
        );
        const t = threadMessages(input);
        expect(t.order.slice().sort((a, b) => a - b)).toEqual(input.map((_, i) => i));
        for (let node = 0; node < t.parent.length; node++) {
          const p = t.parent[node]!;
          if (p !== -1) expect(t.children[p]).toContain(node);
          for (const c of t.children[node]!) expect(t.parent[c]).toBe(node);
          // Walking up always ends at a root within as many steps as there are nodes.
          let steps = 0;
          for (let up = node; up !== -1; up = t.parent[up]!) expect(++steps).toBeLessThanOrEqual(t.parent.length);
          expect(t.roots).toContain(t.root[node]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
