import fc from 'fast-check';
import libmime from 'libmime';
import { describe, expect, it } from 'vitest';
import { unfoldFlowed } from '../src/lib/flowed.ts';

describe('unfoldFlowed (RFC 3676)', () => {
  it('joins a flowed line with the next one and keeps the space it ends with', () => {
    expect(unfoldFlowed('one long \r\nline\r\nnext\r\n', false)).toBe('one long line\nnext\n');
  });

  it('keeps an empty line after a flowed line: it ends the paragraph, as mutt reads it', () => {
    expect(unfoldFlowed('a, \n\nb', false)).toBe('a, \n\nb');
    expect(unfoldFlowed('a, \n\n\nb', false)).toBe('a, \n\n\nb');
    expect(unfoldFlowed('make clean \n\nmake all\n', false)).toBe('make clean \n\nmake all\n');
  });

  it('removes one space of stuffing from every line, first or continuation (4.4)', () => {
    expect(unfoldFlowed(' From here \n From there\n >not a quote\n  indented\n', false)).toBe('From here From there\n>not a quote\n indented\n');
  });

  it('with DelSp=yes removes the space before each soft break, and still unstuffs (4.2)', () => {
    expect(unfoldFlowed('supercalifragi \nlistic\n', true)).toBe('supercalifragilistic\n');
    expect(unfoldFlowed('a space  \n From b\n', true)).toBe('a space From b\n');
    // A paragraph cut short by an empty line loses its padding space too.
    expect(unfoldFlowed('end \n\nnext', true)).toBe('end\n\nnext');
  });

  it('never joins the signature separator, before or after it (4.3)', () => {
    expect(unfoldFlowed('Thanks, \n-- \nAna \nLima\n', false)).toBe('Thanks, \n-- \nAna Lima\n');
    expect(unfoldFlowed('> text \n> -- \n> sig\n', false)).toBe('> text \n> -- \n> sig\n');
  });

  it('joins quoted lines only at the same depth, keeping the first line\'s quote marks (4.5)', () => {
    expect(unfoldFlowed('> one \n> two\n>> three \n>> four\n> five \n>> six\n', false)).toBe('> one two\n>> three four\n> five \n>> six\n');
    expect(unfoldFlowed('> a, \n>\n> b\n', false)).toBe('> a, \n>\n> b\n');
    expect(unfoldFlowed('>a \n>b\n', false)).toBe('>a b\n');
  });

  it('ends an open paragraph at the end of the text', () => {
    expect(unfoldFlowed('dangling ', false)).toBe('dangling ');
    expect(unfoldFlowed('dangling ', true)).toBe('dangling');
    expect(unfoldFlowed('', false)).toBe('');
  });

  it('gives libmime\'s result wherever libmime is right', () => {
    // Lines over a small alphabet; inputs that hit libmime's defects are left out: a flowed line
    // followed by an empty line or by "-- " at the same depth; with DelSp, a stuffed continuation
    // line, and a flowed line that ends its paragraph (at a depth change or the end), whose padding
    // space libmime keeps; a line of one space (an empty line, stuffed), which libmime takes for a
    // flowed line. libmime also drops the text's final line break, which we keep.
    // "-- " comes only as a whole line: libmime also takes a paragraph joined into "-- " for one.
    const line = fc.oneof(
      fc.array(fc.constantFrom(' ', '>', 'a'), { maxLength: 6 }).map((c) => c.join('')),
      fc.constantFrom('-- ', '> -- ', '>-- '),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.boolean(), (lines, delSp) => {
        const read = lines.map((l) => {
          let d = 0;
          while (l[d] === '>') d++;
          const content = l[d] === ' ' ? l.slice(d + 1) : l.slice(d);
          return { d, content, stuffed: l[d] === ' ', flowed: content !== '-- ' && content.endsWith(' ') };
        });
        if (lines.includes(' ')) return;
        for (let i = 0; i < read.length; i++) {
          const cur = read[i]!;
          const next = read[i + 1];
          if (!cur.flowed) continue;
          if (next === undefined || next.d !== cur.d) {
            if (delSp) return;
            continue;
          }
          if (next.content === '' || next.content === '-- ') return;
          if (delSp && next.stuffed && next.d === 0) return;
        }
        const text = lines.join('\n');
        const theirs = libmime.decodeFlowed(text, delSp);
        const ours = unfoldFlowed(text, delSp);
        expect(ours).toBe(text.endsWith('\n') ? `${theirs}\n` : theirs);
      }),
      { numRuns: 2000 },
    );
  });
});
