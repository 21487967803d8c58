import { describe, expect, it } from 'vitest';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { treeItemsHtml, treeRowHtml, treeRowsHtml, type TreeRowOptions } from '../src/lib/tree-html.ts';
import { UI_STRINGS } from '../src/lib/ui-strings.ts';
import { MAX_TREE_INDENT, type TreeRow, threadRows } from '../src/lib/views.ts';

const DAY = 86_400_000;
const input = (id: string, day: number, opts: Partial<ArchiveInput> = {}): ArchiveInput => ({
  subject: id, from: { name: '', address: `${id}@example.org` }, dateMs: Date.UTC(2025, 0, 1) + day * DAY, offsetMinutes: 0, stableKey: id, inReplyTo: [], ...opts,
  messageId: `${id}@x`, references: (opts.references ?? []).map((r) => `${r}@x`),
});

// A ghost root (two messages reply to a missing one), a reply chain deeper than the nesting limit, a subject-only reply and a hostile subject.
const chain = Array.from({ length: MAX_TREE_INDENT + 2 }, (_, i) => input(`c${i}`, 2 + i, { subject: `Re: chain`, references: ['lost', ...Array.from({ length: i }, (_, k) => `c${k}`)] }));
const index = indexArchive([
  input('root', 0, { subject: 'Plan <script>alert(1)</script> & "quotes"', from: { name: 'Ann "A" <b>', address: 'ann@example.org' } }),
  input('inferred', 1, { subject: 'Re: Plan <script>alert(1)</script> & "quotes"' }),
  ...chain,
  input('sibling', 40, { subject: 'Re: chain', references: ['lost'] }),
  input('topic', 41, { subject: 'Re: chain, and a new question', references: ['lost', 'c0'] }),
]);
const options = (obfuscation: TreeRowOptions['obfuscation']): TreeRowOptions => ({ link: (n) => `/list/m/${index.messages[n]!.slug}/?a=1&b=2`, obfuscation, showDepth: true, t: UI_STRINGS.en });
const threadOf = (id: string) => index.messages.find((m) => m.messageId === `${id}@x`)!.thread;
const tree = (rows: TreeRow[], o: TreeRowOptions, current = -1) => treeItemsHtml(rows, treeRowsHtml(index.messages, rows, o), current);
// Snapshots put each item on a line of its own, so a reviewer reads the nesting in the diff.
const lines = (html: string) => html.replaceAll('<li', '\n<li').replace(/^\n/, '');

describe('tree rows as HTML', () => {
  it('escapes subjects, names and links, marks inferred links and the current message', async () => {
    const rows = threadRows(index, threadOf('root'));
    const html = tree(rows, options('full'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#x26;b=2');
    expect(html).toContain('<span class="tag" title="linked by subject only');
    const current = treeRowHtml(index.messages, rows[0]!, options('full'), true);
    expect(current).toMatch(/^<span class="self" aria-current="page">Plan &#x3C;script>/);
    expect(current).not.toContain('<a ');
    expect(treeItemsHtml(rows, [current, 'reply'], 0)).toBe(`<li class="here">${current}<ul><li>reply</li></ul></li>`);
    await expect(`${lines(html)}\n${current}\n`).toMatchFileSnapshot('./__snapshots__/tree/hostile-subject.html');
  });

  it('names the subject only where it changes: replies are their sender and day', () => {
    const rows = threadRows(index, threadOf('c0'));
    const html = treeRowsHtml(index.messages, rows, options('none'));
    const row = (id: string) => html[rows.findIndex((r) => r.n >= 0 && index.messages[r.n]!.messageId === `${id}@x`)]!;
    expect(row('c0')).toBe('<a href="/list/m/c0@x/?a=1&#x26;b=2">Re: chain</a> <span class="who">c0@example.org</span> <time class="when" datetime="2025-01-03T00:00:00.000Z">2025-01-03 00:00</time>');
    expect(row('c1')).toBe('<a href="/list/m/c1@x/?a=1&#x26;b=2"><span class="who">c1@example.org</span> <time class="when" datetime="2025-01-04T00:00:00.000Z">2025-01-04 00:00</time></a>');
    expect(row('topic')).toContain('>Re: chain, and a new question</a>');
    // The first row a list shows names the subject, whatever its parent's.
    expect(treeRowHtml(index.messages, rows[2]!, options('none'), false, true)).toContain('>Re: chain</a>');
  });

  it('nests replies in lists, a ghost root as "(message not in the archive)", and rows past the nesting limit with their depth', async () => {
    const rows = threadRows(index, threadOf('c0'));
    const html = tree(rows, options('none'));
    expect(html.startsWith('<li><span class="ghost" title="<lost@x>">(message not in the archive)</span><ul><li><a href="/list/m/c0@x/')).toBe(true);
    // Lists open and close in balance, and nest no deeper than the limit.
    expect(html.split('<ul>').length).toBe(html.split('</ul>').length);
    expect(html.split('<li').length).toBe(rows.length + 1);
    let depth = 0;
    let deepest = 0;
    for (const tag of html.matchAll(/<\/?ul>/g)) {
      depth += tag[0] === '<ul>' ? 1 : -1;
      deepest = Math.max(deepest, depth);
    }
    expect(deepest).toBe(MAX_TREE_INDENT);
    expect(html).toContain(`<span class="tag">depth ${MAX_TREE_INDENT + 1}</span>`);
    expect(html.match(/>depth /g)).toHaveLength(2);
    expect(tree(rows, { ...options('none'), showDepth: false })).not.toContain('depth ');
    await expect(`${lines(html)}\n`).toMatchFileSnapshot('./__snapshots__/tree/ghost-and-deep-chain.html');
  });

  it('nests a row that claims to be deeper than the row before it one level deeper only', () => {
    const row = (level: number): TreeRow => ({ n: -1, depth: level, level, ghost: 'g', newSubject: true });
    expect(treeItemsHtml([row(0), row(3), row(1), row(0)], ['a', 'b', 'c', 'd'])).toBe('<li>a<ul><li>b</li><li>c</li></ul></li><li>d</li>');
    expect(treeItemsHtml([row(2)], ['a'])).toBe('<li>a</li>');
    expect(treeItemsHtml([], [])).toBe('');
  });

  it('shows sender names under the list obfuscation', () => {
    const rows = threadRows(index, threadOf('c0'));
    const c1 = rows.find((r) => r.n >= 0 && index.messages[r.n]!.messageId === 'c1@x')!;
    expect(treeRowHtml(index.messages, c1, options('full'))).toContain('<span class="who">c1</span>');
    expect(treeRowHtml(index.messages, c1, options('none'))).toContain('<span class="who">c1@example.org</span>');
  });
});
