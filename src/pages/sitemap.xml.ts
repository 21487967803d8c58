/** `/sitemap.xml`: the sitemap index. */
import type { APIRoute } from 'astro';
import { SITEMAP_URLS, sitemapIndexXml } from '../lib/sitemap.ts';
import { href } from '../lib/urls.ts';
import { allPagePaths } from '../store/site-urls.ts';

export const GET: APIRoute = () => {
  const count = Math.max(1, Math.ceil(allPagePaths().length / SITEMAP_URLS));
  const base = new URL(import.meta.env.BASE_URL, import.meta.env.SITE ?? 'http://invalid').href;
  const origin = import.meta.env.SITE ? base : import.meta.env.BASE_URL;
  const files = Array.from({ length: count }, (_, i) => href(origin, `sitemap-${i + 1}.xml`));
  return new Response(sitemapIndexXml(files), { headers: { 'Content-Type': 'application/xml' } });
};
