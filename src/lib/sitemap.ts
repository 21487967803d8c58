/**
 * sitemap.xml: every page of the archive, in files of at most 50,000 URLs (the protocol's limit)
 * under one sitemap index.
 */

/** URLs per sitemap file, the limit of the sitemap protocol. */
export const SITEMAP_URLS = 50_000;

/**
 * Escape text for XML content and attributes; characters XML 1.0 forbids are dropped.
 *
 * @param value any text
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * A sitemap file listing URLs.
 *
 * @param urls absolute URLs (or base-relative paths when the site's origin is unknown)
 */
export function sitemapXml(urls: readonly string[]): string {
  const body = urls.map((u) => `<url><loc>${escapeXml(u)}</loc></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}

/**
 * The sitemap index pointing at the sitemap files.
 *
 * @param files URLs of the sitemap files
 */
export function sitemapIndexXml(files: readonly string[]): string {
  const body = files.map((u) => `<sitemap><loc>${escapeXml(u)}</loc></sitemap>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</sitemapindex>\n`;
}
