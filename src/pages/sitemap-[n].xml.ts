/** `/sitemap-<n>.xml`: up to 50,000 page URLs each. */
import type { APIRoute } from 'astro';
import { SITEMAP_URLS, sitemapXml } from '../lib/sitemap.ts';
import { href } from '../lib/urls.ts';
import { allPagePaths } from '../store/site-urls.ts';

export function getStaticPaths() {
  const count = Math.max(1, Math.ceil(allPagePaths().length / SITEMAP_URLS));
  return Array.from({ length: count }, (_, i) => ({ params: { n: String(i + 1) } }));
}

export const GET: APIRoute = ({ params }) => {
  const n = Number(params.n);
  const origin = import.meta.env.SITE ? new URL(import.meta.env.BASE_URL, import.meta.env.SITE).href : import.meta.env.BASE_URL;
  const urls = allPagePaths().slice((n - 1) * SITEMAP_URLS, n * SITEMAP_URLS).map((p) => href(origin, p));
  return new Response(sitemapXml(urls), { headers: { 'Content-Type': 'application/xml' } });
};
