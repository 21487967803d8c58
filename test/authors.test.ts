import { describe, expect, it } from 'vitest';
import { realSender } from '../src/lib/analysis.ts';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { authorSlug, listAuthors } from '../src/lib/authors.ts';

const none = { originalFrom: undefined, replyTo: undefined };

describe('realSender', () => {
  it('takes X-Original-From when the list rewrote From', () => {
    const from = { name: "'Kyle' via blinux-list@redhat.com", address: 'blinux-list@redhat.com' };
    expect(realSender({ from, authorHints: { originalFrom: { name: 'Kyle', address: 'kyle@example.org' }, replyTo: { name: 'Kyle', address: 'kyle@example.org' } } })).toEqual({ name: 'Kyle', address: 'kyle@example.org', how: 'x-original-from' });
  });
  it("takes Reply-To after a Mailman 'Name via list' rewrite, and the name alone when that is all there is", () => {
    const from = { name: 'Jane Doe via dev', address: 'dev@lists.example.org' };
    expect(realSender({ from, authorHints: { originalFrom: undefined, replyTo: { name: '', address: 'jane@example.org' } } })).toEqual({ name: 'Jane Doe', address: 'jane@example.org', how: 'reply-to' });
    expect(realSender({ from, authorHints: { originalFrom: undefined, replyTo: { name: '', address: 'dev@lists.example.org' } } })).toEqual({ name: 'Jane Doe', address: '', how: 'via-name' });
  });
  it('leaves a From that was not rewritten alone, Reply-To or not', () => {
    expect(realSender({ from: { name: 'Ann', address: 'ann@x.org' }, authorHints: { originalFrom: undefined, replyTo: { name: '', address: 'list@x.org' } } })).toBeUndefined();
    expect(realSender({ from: { name: 'Ann', address: 'ann@x.org' }, authorHints: { originalFrom: { name: 'Ann', address: 'ANN@x.org' }, replyTo: undefined } })).toBeUndefined();
    expect(realSender({ from: undefined, authorHints: none })).toBeUndefined();
  });
});

function input(id: string, day: number, name: string, address: string, replyTo?: string): ArchiveInput {
  return { messageId: id, references: replyTo ? [replyTo] : [], inReplyTo: replyTo ? [replyTo] : [], subject: replyTo ? 'Re: t' : `t ${id}`, from: { name, address }, dateMs: day * 86_400_000, offsetMinutes: 0, stableKey: id };
}

describe('listAuthors', () => {
  const index = indexArchive([
    input('a', 1, 'Ann', 'ann@x.org'),
    input('b', 2, 'List via dev', 'dev@x.org', 'a'),
    input('c', 3, 'Ann B.', 'ANN@x.org', 'a'),
    input('d', 4, 'Bob via dev', 'dev@x.org'),
    input('e', 5, 'Cy', 'cy@x.org'),
  ]);
  // b and d were rewritten by the list: b's real sender is Ann (by name), d's is Bob (name only).
  const analysis = [undefined, { sender: { name: 'Ann B.', address: '', how: 'via-name' } }, undefined, { sender: { name: 'Bob', address: '', how: 'via-name' } }, undefined];

  it('counts messages per real sender, joins a name-only message to the address that name used, and counts threads started', () => {
    const { authors, byMessage } = listAuthors(index, analysis);
    expect(authors.map((a) => [a.name, a.address, a.messages.length, a.threadsStarted])).toEqual([
      ['Ann B.', 'ann@x.org', 3, 1],
      // Equal counts go by key: addresses, then names alone.
      ['Cy', 'cy@x.org', 1, 1],
      ['Bob', '', 1, 1],
    ]);
    expect(authors[0]!.firstMs).toBe(86_400_000);
    expect(authors[0]!.lastMs).toBe(3 * 86_400_000);
    expect(byMessage).toEqual([0, 0, 0, 2, 1]);
  });

  it('leaves out skipped (removed) messages', () => {
    const { authors, byMessage } = listAuthors(index, analysis, (n) => n === 4);
    expect(authors.map((a) => a.name)).toEqual(['Ann B.', 'Bob']);
    expect(byMessage[4]).toBe(-1);
  });

  it('makes stable, file-safe slugs that do not depend on the display name', () => {
    expect(authorSlug('ann@x.org', 'ann')).toMatch(/^ann-[0-9a-f]{12}$/);
    expect(authorSlug('ann@x.org', 'ann')).toBe(authorSlug('ann@x.org', 'ann'));
    expect(authorSlug('name:élodie ../x', 'Élodie ../x')).toMatch(/^elodie-x-[0-9a-f]{12}$/);
    expect(authorSlug('name:', '日本')).toMatch(/^author-/);
  });
});
