import { describe, expect, it } from 'vitest';
import { escapeXml, sitemapIndexXml, sitemapXml } from '../src/lib/sitemap.ts';

describe('sitemap', () => {
  it('escapes XML and drops characters XML forbids', () => {
    expect(escapeXml('a&b<c>"d\'\u0000e\u001ff')).toBe('a&amp;b&lt;c&gt;&quot;d&apos;ef');
    expect(escapeXml(']]>')).toBe(']]&gt;');
  });
  it('writes urlsets and indexes', () => {
    expect(sitemapXml(['https://x.example/a/'])).toContain('<url><loc>https://x.example/a/</loc></url>');
    expect(sitemapIndexXml(['https://x.example/sitemap-1.xml'])).toContain('<sitemap><loc>https://x.example/sitemap-1.xml</loc></sitemap>');
  });
});
