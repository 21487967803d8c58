/** `/<list>/m/<slug>/attachment-<k>.<ext>`: attachment bytes, under a name and extension we choose. */
import type { APIRoute } from 'astro';
import { attachmentExtension, attachmentFileName } from '../../../../lib/urls.ts';
import { loadAttachment, loadList, loadLists, loadMessage } from '../../../../store/site-data.ts';

export function getStaticPaths() {
  return loadLists().flatMap((l) =>
    loadList(l.config.name).index.messages.flatMap((m) => {
      const message = loadMessage(l.config.name, m.n);
      return message.attachments.map((a, k) => ({
        params: { list: l.config.name, slug: m.slug, attachment: attachmentFileName(k, attachmentExtension(a.contentType)) },
        props: { n: m.n, k },
      }));
    }),
  );
}

export const GET: APIRoute = ({ params, props }) => {
  const { n, k } = props as { n: number; k: number };
  return new Response(new Uint8Array(loadAttachment(params.list!, n, k)));
};
