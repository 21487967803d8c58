/** `/search/manifest.json`: which search shards exist (list, months, size). */
import type { APIRoute } from 'astro';
import { loadSearchManifest } from '../../store/site-data.ts';

export const GET: APIRoute = () => new Response(JSON.stringify(loadSearchManifest()), { headers: { 'Content-Type': 'application/json' } });
