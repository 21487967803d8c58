import { describe, expect, it } from 'vitest';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { treeRowHtml, treeRowsHtml, type TreeRowOptions } from '../src/lib/tree-html.ts';
import { MAX_TREE_INDENT, threadRows } from '../src/lib/views.ts';

const DAY = 86_400_000;
const input = (id: string, day: number, opts: Partial<ArchiveInput> = {}): ArchiveInput => ({
  subject: id, from: { name: '', address: `${id}@example.org` }, dateMs: Date.UTC(2025, 0, 1) + day * DAY, offsetMinutes: 0, stableKey: id, inReplyTo: [], ...opts,
  messageId: `${id}@x`, references: (opts.references ?? []).map((r) => `${r}@x`),
});

// A ghost root (two messages reply to a missing one), a reply chain deeper than the indent limit, a subject-only reply and a hostile subject.
const chain = Array.from({ length: MAX_TREE_INDENT + 2 }, (_, i) => input(`c${i}`, 2 + i, { subject: `Re: chain`, references: ['lost', ...Array.from({ length: i }, (_, k) => `c${k}`)] }));
const index = indexArchive([
  input('root', 0, { subject: 'Plan <script>alert(1)</script> & "quotes"', from: { name: 'Ann "A" <b>', address: 'ann@example.org' } }),
  input('inferred', 1, { subject: 'Re: Plan <script>alert(1)</script> & "quotes"' }),
  ...chain,
  input('sibling', 40, { subject: 'Re: chain', references: ['lost'] }),
]);
const options = (obfuscation: TreeRowOptions['obfuscation']): TreeRowOptions => ({ link: (n) => `/list/m/${index.messages[n]!.slug}/?a=1&b=2`, obfuscation, showDepth: true });
const threadOf = (id: string) => index.messages.find((m) => m.messageId === `${id}@x`)!.thread;

describe('tree rows as HTML', () => {
  it('escapes subjects, names and links, marks inferred links and the current message', async () => {
    const rows = threadRows(index, threadOf('root'));
    const html = treeRowsHtml(index.messages, rows, options('full')).join('\n');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#x26;b=2');
    expect(html).toContain('<span class="tag" title="linked by subject only');
    const current = treeRowHtml(index.messages, rows[0]!, options('full'), true);
    expect(current).toMatch(/^<li class="d0 here"><span aria-current="page">Plan &#x3C;script>/);
    expect(current).not.toContain('<a ');
    await expect(`${html}\n${current}\n`).toMatchFileSnapshot('./__snapshots__/tree/hostile-subject.html');
  });
  it('shows a ghost as "not in archive" and the depth of rows past the indent limit', async () => {
    const rows = threadRows(index, threadOf('c0'));
    const html = treeRowsHtml(index.messages, rows, options('none'));
    expect(html[0]).toBe('<li class="d0"><span class="tag">not in archive</span> <span class="muted">&#x3C;lost@x></span></li>');
    const deepest = html.find((h) => h.includes('/c17@x/'))!;
    expect(deepest).toContain(`class="d${MAX_TREE_INDENT}"`);
    expect(deepest).toContain(`<span class="tag">depth ${MAX_TREE_INDENT + 2}</span>`);
    expect(html.filter((h) => h.includes('depth '))).toHaveLength(2);
    expect(treeRowsHtml(index.messages, rows, { ...options('none'), showDepth: false }).some((h) => h.includes('depth '))).toBe(false);
    await expect(`${html.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/tree/ghost-and-deep-chain.html');
  });
  it('shows sender names under the list obfuscation', () => {
    const rows = threadRows(index, threadOf('c0'));
    const c0 = rows.find((r) => r.n >= 0 && index.messages[r.n]!.messageId === 'c0@x')!;
    expect(treeRowHtml(index.messages, c0, options('full'))).toContain('<span class="who">c0</span>');
    expect(treeRowHtml(index.messages, c0, options('none'))).toContain('<span class="who">c0@example.org</span>');
  });
});
