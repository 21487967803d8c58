/**
 * A message's view and page as HTML, from the store: the data message-html.ts needs, gathered and
 * linked. The site worker renders every message this way ahead of the pages (see build-share.ts);
 * a page renders in place what the worker has not got to, and everything in `astro build` alone.
 */
import { senderLabel } from '../lib/format.ts';
import { barHtml, messagePageHtml, messageViewHtml, type MessageLink, type MessageViewHtml } from '../lib/message-html.ts';
import { sectionHref } from '../lib/minutes-view.ts';
import { ancestors, messageBar, nextThread, shownAncestors } from '../lib/navigation.ts';
import { href, paths } from '../lib/urls.ts';
import { threadSlug } from '../lib/views.ts';
import { messageFor, sharedMessage } from './build-share.ts';
import { attachmentHref, messageIdHref, renderMessageBody } from './message-body.ts';
import { listMinutes } from './minutes-data.ts';
import { loadList } from './site-data.ts';
import { messagePageTree } from './tree-data.ts';

/** A message rendered for both pages that show it. */
export interface RenderedMessage {
  /** The message view, on its page and on its thread's page. */
  view: MessageViewHtml;
  /** What its page shows before and after the view. */
  page: { before: string; after: string };
}

/** A rendered message as the strings build-share.ts keeps, and back. */
const toParts = ({ view, page }: RenderedMessage): string[] => [view.open, view.heading, view.rest, page.before, page.after];
const fromParts = ([open = '', heading = '', rest = '', before = '', after = '']: readonly string[]): RenderedMessage => ({ view: { open, heading, rest }, page: { before, after } });

/**
 * Render a message's view.
 *
 * @param list the list's name
 * @param n the message's position in date order
 * @param base the site's base path
 */
export function renderMessageView(list: string, n: number, base: string): MessageViewHtml {
  const store = loadList(list);
  const messages = store.index.messages;
  const message = messages[n]!;
  const { headers, body, htmlVersion, htmlRefused } = renderMessageBody(list, n, base);
  const linkTo = (k: number) => href(base, paths.message(list, messages[k]!.slug));
  const inReplyTo = headers.inReplyTo[0];
  const parent = message.parent >= 0 ? messages[message.parent] : undefined;
  // Minutes: this message may be minutes (the summary box) or a reply that quotes them.
  const { byMessage, byReply } = listMinutes(list);
  const minutes = byMessage.get(n);
  const replying = byReply.get(n);
  return messageViewHtml({
    message,
    headers,
    body,
    htmlVersion,
    htmlRefused,
    obfuscation: store.config.obfuscation,
    rawHref: href(base, paths.raw(list, message.slug)),
    attachmentHref: (k) => attachmentHref(list, message.slug, headers.attachments, k, base),
    inReplyToHref: inReplyTo === undefined ? undefined : messageIdHref(list, inReplyTo, base),
    inferredParent: message.inferred && parent ? { subject: parent.subject, href: linkTo(parent.n) } : undefined,
    replyingTo: replying
      ? [...new Set(replying.quotes.map((q) => q.section))].map((k) => {
          const section = replying.entry.structure.sections[k];
          return { title: section?.title ?? '', href: sectionHref(linkTo(replying.entry.n), section) };
        })
      : undefined,
    minutes: minutes ? { structure: minutes.structure, detection: minutes.detection } : undefined,
  });
}

/**
 * Render a message's view and the rest of its page.
 *
 * @param list the list's name
 * @param n the message's position in date order
 * @param base the site's base path
 */
export function renderMessage(list: string, n: number, base: string): RenderedMessage {
  const store = loadList(list);
  const index = store.index;
  const m = index.messages[n]!;
  const link = (k: number): MessageLink => {
    const other = index.messages[k]!;
    return { href: href(base, paths.message(list, other.slug)), subject: other.subject, who: senderLabel(other.fromName, other.fromAddress, store.config.obfuscation), inferred: other.inferred };
  };
  const bar = messageBar(list, index, n);
  const toSite = (path: string) => href(base, path);
  const shown = shownAncestors(ancestors(index, n));
  const next = nextThread(index, n);
  const page = messagePageHtml({
    crumbs: { home: href(base, paths.home()), list: { title: store.config.title, href: href(base, paths.list(list)) }, month: { label: m.month, href: href(base, paths.month(list, m.month)) } },
    bar: { top: barHtml(bar, 'Message navigation', toSite), bottom: barHtml(bar, 'Message navigation (bottom)', toSite) },
    followUps: m.children.map(link),
    references: { ghost: m.ghostParent >= 0 ? index.ghosts[m.ghostParent] : undefined, first: shown.first.map(link), skipped: shown.skipped, near: shown.near.map(link) },
    threadHref: href(base, paths.thread(list, threadSlug(index, m.thread))),
    nextThread: next >= 0 ? { href: href(base, paths.message(list, index.messages[next]!.slug)), subject: index.messages[next]!.subject } : undefined,
    tree: messagePageTree(list, m.thread, n, base),
  });
  return { view: renderMessageView(list, n, base), page };
}

/**
 * Render a message as the parts a build shares (see build-share.ts).
 *
 * @param list the list's name
 * @param n the message's position in date order
 * @param base the site's base path
 */
export function renderMessageParts(list: string, n: number, base: string): string[] {
  return toParts(renderMessage(list, n, base));
}

/**
 * What a message page shows in its main column, rendered once for the build (see `messageFor`).
 *
 * @param list the list's name
 * @param n the message's position in date order
 * @param base the site's base path
 */
export function messagePage(list: string, n: number, base: string): { view: MessageViewHtml; before: string; after: string } {
  const { view, page } = fromParts(messageFor(list, n, () => renderMessageParts(list, n, base)));
  return { view, ...page };
}

/**
 * A message's view as its page's build shared it, or rendered here.
 *
 * @param list the list's name
 * @param n the message's position in date order
 * @param base the site's base path
 */
export function messageView(list: string, n: number, base: string): MessageViewHtml {
  const shared = sharedMessage(list, n);
  return shared ? fromParts(shared).view : renderMessageView(list, n, base);
}
