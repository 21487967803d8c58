import { describe, expect, it } from 'vitest';
import { relativeLinks, rootFrom } from '../src/lib/relative-links.ts';

describe('relative links', () => {
  it('climbs from a page to the root', () => {
    expect(rootFrom('')).toBe('./');
    expect(rootFrom('404.html')).toBe('./');
    expect(rootFrom('search/')).toBe('../');
    expect(rootFrom('dev/m/a@x/')).toBe('../../../');
  });

  it("makes the links, resources and forms of a page relative to it, naming folders' index.html", () => {
    const page =
      '<link rel="stylesheet" href="/_astro/site.A1.css"><script type="module" src="/_astro/KeyNav.B2.js"></script>' +
      '<a href="/">home</a><a href="/dev/2025-01/threads/">threads</a><a href="/dev/m/a@x/#s-plan">section</a>' +
      '<form action="/search/" method="get"></form><search-page data-base="/"></search-page><img src="/dev/m/a@x/attachment-1.png" alt="">';
    expect(relativeLinks(page, 'dev/m/b@x/', '/')).toBe(
      '<link rel="stylesheet" href="../../../_astro/site.A1.css"><script type="module" src="../../../_astro/KeyNav.B2.js"></script>' +
        '<a href="../../../index.html">home</a><a href="../../../dev/2025-01/threads/index.html">threads</a><a href="../../../dev/m/a@x/index.html#s-plan">section</a>' +
        '<form action="../../../search/index.html" method="get"></form><search-page data-base="../../../"></search-page><img src="../../../dev/m/a@x/attachment-1.png" alt="">',
    );
    expect(relativeLinks('<a href="/archives/dev/">dev</a><a href="/elsewhere/">x</a>', '', '/archives/')).toBe('<a href="./dev/index.html">dev</a><a href="/elsewhere/">x</a>');
  });

  it('leaves anchors, links out of the site and text alone, and reads tags whose values hold ">"', () => {
    const page =
      '<a href="#b@x">anchor</a><a href="https://example.org/" rel="nofollow">out</a><a href="//evil.example/">proto</a>' +
      '<p>&#x3C;a href="/dev/">not a tag</p><span class="ghost" title="<lost@x>"><a title="a>b" href="/dev/">after a quoted ></a></span>';
    expect(relativeLinks(page, 'dev/', '/')).toBe(
      '<a href="#b@x">anchor</a><a href="https://example.org/" rel="nofollow">out</a><a href="//evil.example/">proto</a>' +
        '<p>&#x3C;a href="/dev/">not a tag</p><span class="ghost" title="<lost@x>"><a title="a>b" href="../dev/index.html">after a quoted ></a></span>',
    );
  });
});
