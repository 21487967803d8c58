import fc from 'fast-check';
import type { Element, ElementContent, Properties, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { writeHtml } from '../src/lib/html.ts';

// Characters that every escape and attribute rule of hast-util-to-html turns on, and some that none does.
const awkward = fc.string({ unit: fc.constantFrom('a', ' ', '<', '>', '&', '"', "'", '`', '=', '\0', '\n', '\t', '/', 'é', '😀', '\uD800', ';', 'x3C') });
const tagName = fc.constantFrom('div', 'span', 'a', 'p', 'li', 'ul', 'code', 'img', 'br', 'hr', 'details', 'summary', 'h2', 'time', 'key-nav', 'script', 'style', 'svg', 'template', 'IMG');
const key = fc.constantFrom('className', 'href', 'title', 'id', 'dataKey', 'ariaLabel', 'ariaCurrent', 'dateTime', 'loading', 'rel', 'src', 'alt', 'hidden', 'open', 'download', 'accept', 'data-x', 'weird name', 'onClick');
const value = fc.oneof(awkward, fc.array(awkward, { maxLength: 3 }), fc.integer(), fc.constant(Number.NaN), fc.boolean(), fc.constant(null), fc.constant(undefined));
const properties: fc.Arbitrary<Properties> = fc.dictionary(key, value, { maxKeys: 4 }) as fc.Arbitrary<Properties>;

const { node } = fc.letrec<{ node: ElementContent }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    awkward.map((value): ElementContent => ({ type: 'text', value })),
    awkward.map((value) => ({ type: 'raw', value }) as unknown as ElementContent),
    awkward.map((value): ElementContent => ({ type: 'comment', value })),
    fc.record({ tagName, properties, children: fc.array(tie('node'), { maxLength: 4 }) }).map((e): Element => ({ type: 'element', ...e })),
  ),
}));

describe('writeHtml', () => {
  it('writes any tree exactly as hast-util-to-html does, with and without raw HTML', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 5 }), fc.boolean(), (children, allowDangerousHtml) => {
        const root: Root = { type: 'root', children };
        expect(writeHtml(root, { allowDangerousHtml })).toBe(toHtml(root, { allowDangerousHtml }));
        expect(writeHtml(children, { allowDangerousHtml })).toBe(toHtml(root, { allowDangerousHtml }));
      }),
      { numRuns: 3000 },
    );
  });

  it('escapes text and attribute values by default', () => {
    const html = writeHtml({ type: 'element', tagName: 'a', properties: { href: '/m/?a=1&b="2"', className: ['x', 'y'] }, children: [{ type: 'text', value: '<script>&' }] });
    expect(html).toBe('<a href="/m/?a=1&#x26;b=&#x22;2&#x22;" class="x y">&#x3C;script>&#x26;</a>');
    expect(writeHtml({ type: 'raw', value: '<b>' } as unknown as ElementContent)).toBe('&#x3C;b>');
    expect(writeHtml({ type: 'raw', value: '<b>' } as unknown as ElementContent, { allowDangerousHtml: true })).toBe('<b>');
  });
});
