import { describe, expect, it } from 'vitest';
import { highlightOf, makeExcerpt, plural } from '../src/lib/search-excerpt.ts';
import { parseQuery } from '../src/lib/search-query.ts';

const render = (text: string, q: string, max?: number) => makeExcerpt(text, highlightOf(parseQuery(q)), max).map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');

describe('excerpts', () => {
  it('shows the query words, marked, in any of their forms', () => {
    expect(render('The disk crashed twice.', 'crash disk')).toBe('The [disk] [crashed] twice.');
    expect(render('Seen on 5.15.2 with generic/475.', 'generic/475')).toBe('Seen on 5.15.2 with [generic/475].');
    // Folded as the index folds them: accents and strokes.
    expect(render('Per Bjørndal wrote.', 'bjorndal')).toBe('Per [Bjørndal] wrote.');
    expect(render('Per Bjørndal wrote.', 'Bjørndal')).toBe('Per [Bjørndal] wrote.');
  });

  it('cuts long text at word boundaries around the words found', () => {
    const text = `${'lorem ipsum dolor '.repeat(40)}the scrub found errors ${'sit amet consectetur '.repeat(40)}`;
    const out = render(text, 'scrub errors', 120);
    expect(out).toContain('[scrub] found [errors]');
    expect(out.startsWith('… ')).toBe(true);
    expect(out.endsWith(' …')).toBe(true);
    const inner = out.slice(2, -2);
    expect(inner.split(' ').every((w) => ['lorem', 'ipsum', 'dolor', 'the', '[scrub]', 'found', '[errors]', 'sit', 'amet', 'consectetur', ''].includes(w))).toBe(true);
  });

  it('shows the start when no query word is in the text', () => {
    expect(render('Nothing to see here.', 'absent')).toBe('Nothing to see here.');
  });

  it('says counts with the right plural', () => {
    expect(plural(1, 'message')).toBe('1 message');
    expect(plural(0, 'message')).toBe('0 messages');
    expect(plural(2500, 'thread')).toBe('2,500 threads');
  });
});
