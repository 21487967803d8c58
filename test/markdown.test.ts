import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeMarkdown, renderMarkdownNotes } from '../src/lib/markdown.ts';
import { parseMinutes } from '../src/lib/minutes.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/minutes/${name}`, import.meta.url), 'utf8');

describe('looksLikeMarkdown', () => {
  it('knows Markdown notes, and not wiki-style, plain or quoted text', () => {
    expect(looksLikeMarkdown(fixture('markdown-notes.md.txt'))).toBe(true);
    expect(looksLikeMarkdown(fixture('markdown-working-group.txt'))).toBe(true);
    expect(looksLikeMarkdown(fixture('wiki-hackathon.txt'))).toBe(false);
    expect(looksLikeMarkdown(fixture('results-reply-under-agenda.txt'))).toBe(false);
    expect(looksLikeMarkdown('> # Quoted\n> ## Notes\n')).toBe(false);
    expect(looksLikeMarkdown('#1 issue\n#webui channel\n')).toBe(false);
  });
});

describe('renderMarkdownNotes', () => {
  it('renders headings with the minutes\' anchors, lists, links and tables', () => {
    const text = fixture('markdown-notes.md.txt');
    const html = renderMarkdownNotes(text, parseMinutes(text).sections, { obfuscation: 'none' })!;
    expect(html).toContain('<h2 id="s-search"><a href="https://docs.example.net/search" rel="nofollow noopener noreferrer">Search</a></h2>');
    expect(html).toContain('<h2 id="s-glossary">Glossary</h2>');
    expect(html).toMatch(/<table>[\s\S]*<td>install<\/td>/);
    expect(html).toContain('<li>Ruth will review the glossary by end of May.</li>');
  });
  it('passes the HTML-part allow-list: no raw HTML, no javascript: links, no remote images, addresses hidden', () => {
    const html = renderMarkdownNotes(fixture('markdown-hostile.md.txt'), [], { obfuscation: 'full' })!;
    expect(html).not.toMatch(/<script|onerror|javascript:|tracker\.example\.net|ana@example\.net/);
    expect(html).toContain('[remote image not loaded: pixel]');
    expect(html).toContain('<a rel="nofollow noopener noreferrer">bad</a>');
  });
  it('gives up on text too large to render, so the page shows the plain text', () => {
    expect(renderMarkdownNotes(`# a\n${'x'.repeat(300 * 1024)}`, [], { obfuscation: 'none' })).toBeUndefined();
  });
});
