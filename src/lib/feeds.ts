/**
 * Atom 1.0 feeds (RFC 4287): a list's newest messages, its new threads, a thread's messages.
 * Every date comes from the messages, never the clock, so the same archive gives the same feed.
 */
import { escapeXml } from './sitemap.ts';
import { hash64 } from './urls.ts';

/** Entries in a list's feeds. */
export const FEED_ENTRIES = 50;
/** A feed entry's text is cut after this many characters, with a link to the message. */
export const FEED_TEXT_CHARS = 8000;

/** One entry of a feed. */
export interface FeedEntry {
  /** A permanent, unique IRI: the message's `mid:` URI (RFC 2392). */
  id: string;
  title: string;
  /** The message's page (an absolute URL, or a path when the site's origin is unknown). */
  link: string;
  updatedMs: number;
  author: { name: string; email: string | undefined };
  /** The message's own text, shown preformatted. */
  text: string;
}

/** A feed document. */
export interface Feed {
  id: string;
  title: string;
  subtitle: string;
  /** The feed's own URL and the page it follows. */
  self: string;
  alternate: string;
  entries: FeedEntry[];
}

/**
 * The `mid:` URI of a Message-ID (RFC 2392), the permanent id of its feed entries; a second
 * message with the same id gets its slug as a fragment.
 *
 * @param messageId the Message-ID
 * @param slug the message's slug, used when `duplicate`
 * @param duplicate whether an earlier message has the same id
 */
export function messageIri(messageId: string, slug: string, duplicate: boolean): string {
  const encoded = encodeURIComponent(messageId).replace(/%40/g, '@');
  return `mid:${encoded}${duplicate ? `#${slug}` : ''}`;
}

/**
 * A feed's permanent id: a name-based `urn:uuid:` from the list and the feed's path, the same
 * whether or not the site's origin is known (an Atom id must never change).
 *
 * @param list the list's name
 * @param path the feed's site path
 */
export function feedIri(list: string, path: string): string {
  const h = hash64(`threadline\u0000${list}\u0000${path}`) + hash64(`${path}\u0000${list}\u0000threadline`);
  // Version 8 (custom) UUID layout: the version and variant nibbles set, the rest from the hash.
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An RFC 3339 date in UTC, as Atom's dates are written. */
function rfc3339(ms: number): string {
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A feed as an Atom 1.0 document. The feed's `updated` is its newest entry's date (or the epoch
 * for an empty feed); entries are written newest first.
 *
 * @param feed the feed
 */
export function atomXml(feed: Feed): string {
  const entries = [...feed.entries].sort((a, b) => b.updatedMs - a.updatedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const updated = entries.reduce((max, e) => Math.max(max, e.updatedMs), 0);
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${escapeXml(feed.id)}</id>`,
    `<title>${escapeXml(feed.title)}</title>`,
    ...(feed.subtitle === '' ? [] : [`<subtitle>${escapeXml(feed.subtitle)}</subtitle>`]),
    `<updated>${rfc3339(updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.alternate)}"/>`,
    '<generator>Threadline</generator>',
  ];
  for (const e of entries) {
    const text = e.text.length > FEED_TEXT_CHARS ? `${e.text.slice(0, FEED_TEXT_CHARS)}\n…` : e.text;
    out.push(
      '<entry>',
      `<id>${escapeXml(e.id)}</id>`,
      `<title>${escapeXml(e.title || '(no subject)')}</title>`,
      `<updated>${rfc3339(e.updatedMs)}</updated>`,
      `<author><name>${escapeXml(e.author.name || 'unknown')}</name>${e.author.email ? `<email>${escapeXml(e.author.email)}</email>` : ''}</author>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>`,
      // XHTML content keeps the text's lines; readers show type="text" as one paragraph.
      `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><pre>${escapeXml(text)}</pre></div></content>`,
      '</entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
