import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../src/lib/sanitize.ts';

const clean = (html: string, cid?: (id: string) => string | undefined) =>
  sanitizeHtml(html, { obfuscation: 'full', ...(cid ? { cidHref: cid } : {}) })!;

const headings = (html: string) => [...html.matchAll(/<(h[1-6])>/g)].map((m) => m[1]);

describe('headings in HTML mail', () => {
  it('demotes a newsletter\'s h1 below the page\'s own headings, so the page keeps one h1', () => {
    expect(clean('<h1>I Want to Love Linux</h1><p>Intro</p><h2>Debian</h2><h3>Disclosure</h3>')).toBe('<h3>I Want to Love Linux</h3><p>Intro</p><h4>Debian</h4><h5>Disclosure</h5>');
  });
  it('keeps the distance between levels and stops at h6', () => {
    expect(headings(clean('<h1>a</h1><h2>b</h2><h3>c</h3><h4>d</h4><h5>e</h5><h6>f</h6>'))).toEqual(['h3', 'h4', 'h5', 'h6', 'h6', 'h6']);
  });
  it('measures from the highest heading the part has, wherever it is nested', () => {
    expect(headings(clean('<h2>Agenda</h2><div><blockquote><h1>Quoted newsletter</h1></blockquote></div><h3>Item</h3>'))).toEqual(['h4', 'h3', 'h5']);
    expect(headings(clean('<h2>Agenda</h2><h3>Item</h3>'))).toEqual(['h3', 'h4']);
  });
  it('never promotes headings that are already below the page\'s', () => {
    expect(headings(clean('<h4>Small</h4><h6>Smaller</h6>'))).toEqual(['h4', 'h6']);
  });
  it('ignores headings inside markup the allow-list strips', () => {
    expect(clean('<object><h1>x</h1></object><h2>Kept</h2>')).toBe('<h3>Kept</h3>');
  });
  it('leaves a part without headings alone', () => {
    expect(clean('<p>Plain <b>reply</b></p>')).toBe('<p>Plain <b>reply</b></p>');
  });
});

describe('alt text of inline images', () => {
  const cid = (id: string) => (id === '15797024303722' ? '/dev/m/x/attachment-1.png' : undefined);

  it('gives an inline image without alt a name a screen reader can say', () => {
    expect(clean('<img src="cid:15797024303722" >', cid)).toBe('<img src="/dev/m/x/attachment-1.png" alt="image">');
  });
  it('uses the image\'s title when it has one', () => {
    expect(clean('<img src="cid:15797024303722" title="Build times per day">', cid)).toBe('<img src="/dev/m/x/attachment-1.png" title="Build times per day" alt="Build times per day">');
  });
  it('keeps the sender\'s alt, and an empty alt that marks the image decorative', () => {
    expect(clean('<img src="cid:15797024303722" alt="graph">', cid)).toBe('<img src="/dev/m/x/attachment-1.png" alt="graph">');
    expect(clean('<img src="cid:15797024303722" alt="">', cid)).toBe('<img src="/dev/m/x/attachment-1.png" alt="">');
  });
});
