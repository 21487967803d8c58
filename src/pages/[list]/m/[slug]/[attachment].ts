/** `/<list>/m/<slug>/attachment-<k>.<ext>`: attachment bytes, under a name and extension we choose. */
import type { APIRoute } from 'astro';
import { attachmentExtension, attachmentFileName } from '../../../../lib/urls.ts';
import { loadAttachment, loadList, loadLists } from '../../../../store/site-data.ts';

export function getStaticPaths() {
  return loadLists().flatMap((l) => {
    const store = loadList(l.config.name);
    return store.index.messages.flatMap((m) =>
      (store.attachments[m.n] ?? []).map((type, k) => ({
        params: { list: l.config.name, slug: m.slug, attachment: attachmentFileName(k, attachmentExtension(type)) },
        props: { n: m.n, k },
      })),
    );
  });
}

export const GET: APIRoute = ({ params, props }) => {
  const { n, k } = props as { n: number; k: number };
  return new Response(new Uint8Array(loadAttachment(params.list!, n, k)));
};
