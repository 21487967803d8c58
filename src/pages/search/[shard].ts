/** `/search/<list>-<first>-<last>.json`: one search shard (a lunr index and result fields). */
import type { APIRoute } from 'astro';
import { loadSearchManifest, loadSearchShard } from '../../store/site-data.ts';

export function getStaticPaths() {
  return loadSearchManifest().shards.map((s) => ({ params: { shard: s.file } }));
}

export const GET: APIRoute = ({ params }) => new Response(new Uint8Array(loadSearchShard(params.shard!)), { headers: { 'Content-Type': 'application/json' } });
