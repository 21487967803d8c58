/**
 * What a message view shows of a message, as its page and its thread's page show it: the header
 * fields, and the body as HTML (the text with quotes, links and, for minutes, sections drawn over
 * it, or the sanitised HTML part).
 */
import { renderTextBody } from '../lib/body.ts';
import { senderLabel } from '../lib/format.ts';
import { discussionsBySection, minutesOverlay } from '../lib/minutes-view.ts';
import { sanitizeHtml } from '../lib/sanitize.ts';
import type { ShownHeaders } from '../lib/message-html.ts';
import { INLINE_IMAGE_TYPES, attachmentExtension, href, paths } from '../lib/urls.ts';
import { listMinutes } from './minutes-data.ts';
import { loadList, loadMessage, slugOf } from './site-data.ts';

/**
 * What a message view shows of a message: its header fields, its body as HTML, and the HTML
 * version offered beside a text body. With them, a page need not read the message itself.
 */
export interface RenderedBody {
  headers: ShownHeaders;
  body: string;
  htmlVersion: string | undefined;
  /** The message has an HTML part too large or too deeply nested to show. */
  htmlRefused: boolean;
}

/**
 * The page of the message with this Message-ID in a list, or undefined when it is not archived.
 *
 * @param list the list's name
 * @param id the Message-ID, without angle brackets
 * @param base the site's base path
 */
export function messageIdHref(list: string, id: string, base: string): string | undefined {
  const slug = slugOf(list, id);
  return slug === undefined ? undefined : href(base, paths.message(list, slug));
}

/**
 * The link of a message's attachment `k`.
 *
 * @param list the list's name
 * @param slug the message's slug
 * @param attachments the message's attachments
 * @param k the attachment's position
 * @param base the site's base path
 */
export function attachmentHref(list: string, slug: string, attachments: readonly ShownHeaders['attachments'][number][], k: number, base: string): string {
  return href(base, paths.attachment(list, slug, k, attachmentExtension(attachments[k]!.contentType)));
}

/**
 * Render what a message view shows of a message.
 *
 * @param list the list's name
 * @param n the message's position in date order
 * @param base the site's base path
 */
export function renderMessageBody(list: string, n: number, base: string): RenderedBody {
  const store = loadList(list);
  const mode = store.config.obfuscation;
  const messages = store.index.messages;
  const message = loadMessage(list, n);
  const cidHref = (cid: string) => {
    const k = message.attachments.findIndex((a) => a.contentId === cid && INLINE_IMAGE_TYPES.has(a.contentType));
    return k < 0 ? undefined : attachmentHref(list, messages[n]!.slug, message.attachments, k, base);
  };
  const { messageId, syntheticId, inReplyTo, subject, from, to, cc, dateSource, attachments } = message;
  const headers = { messageId, syntheticId, inReplyTo, subject, from, to, cc, dateSource, attachments };
  const html = message.html === undefined ? undefined : sanitizeHtml(message.html, { obfuscation: mode, cidHref });
  const htmlRefused = message.html !== undefined && html === undefined;
  if (message.textFromHtml && html !== undefined) return { headers, body: `<div class="html-body">${html}</div>`, htmlVersion: undefined, htmlRefused };
  const linkTo = (k: number) => href(base, paths.message(list, messages[k]!.slug));
  const messageHref = (id: string) => messageIdHref(list, id, base);
  // Minutes get their structure drawn over the text, with links to the replies on each section.
  const minutes = listMinutes(list).byMessage.get(n);
  const overlay = minutes
    ? minutesOverlay(
        minutes.structure,
        discussionsBySection(minutes.replies, (r) => ({ href: linkTo(r), label: `${senderLabel(messages[r]!.fromName, messages[r]!.fromAddress, mode)}, ${messages[r]!.subject}` })),
      )
    : undefined;
  const rawHref = href(base, paths.raw(list, messages[n]!.slug));
  return { headers, body: renderTextBody(message.text, { obfuscation: mode, messageHref, rawHref, ...(overlay ? { overlay } : {}) }), htmlVersion: html, htmlRefused };
}
