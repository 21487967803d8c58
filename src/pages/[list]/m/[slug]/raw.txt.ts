/** `/<list>/m/<slug>/raw.txt`: the message's original bytes, served as text/plain by the file extension. */
import type { APIRoute } from 'astro';
import { loadList, loadLists, loadRaw } from '../../../../store/site-data.ts';

export function getStaticPaths() {
  return loadLists().flatMap((l) =>
    loadList(l.config.name).index.messages.map((m) => ({ params: { list: l.config.name, slug: m.slug }, props: { n: m.n } })),
  );
}

export const GET: APIRoute = ({ params, props }) => {
  const raw = loadRaw(params.list!, (props as { n: number }).n);
  return new Response(new Uint8Array(raw), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
