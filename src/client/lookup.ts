/**
 * The browser side of `/id/?m=<Message-ID>`: compute the slug exactly as the build does, find the
 * list that has a page for it, and go there.
 */
import { normalizeMessageId } from '../lib/message-id.ts';
import { href, paths, slugForMessageId } from '../lib/urls.ts';

/**
 * Look up the Message-ID in the page's `?m=` and redirect to its message page.
 *
 * @param root the `<message-lookup>` element (data-base, data-lists, and its words: data-not-an-id,
 *   data-looking, data-not-found, where `{id}` stands for the Message-ID)
 */
export async function lookupMessage(root: HTMLElement): Promise<void> {
  const say = (key: string, id = '') => (root.dataset[key] ?? '').replaceAll('{id}', () => id);
  const status = root.querySelector('.status');
  const input = root.querySelector('input');
  const param = new URLSearchParams(location.search).get('m');
  if (!param || !status) return;
  if (input) input.value = param;
  const id = normalizeMessageId(param);
  if (id === undefined) {
    status.textContent = say('notAnId');
    return;
  }
  const base = root.dataset['base'] ?? '/';
  const slug = slugForMessageId(id);
  status.textContent = say('looking', id);
  for (const list of (root.dataset['lists'] ?? '').split(' ').filter(Boolean)) {
    const target = href(base, paths.message(list, slug));
    const response = await fetch(target, { method: 'HEAD' }).catch(() => undefined);
    if (response?.ok) {
      location.replace(target);
      return;
    }
  }
  status.textContent = say('notFound', id);
}
