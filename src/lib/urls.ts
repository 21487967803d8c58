/**
 * The URL contract: every path the site publishes is built here, and nowhere else.
 * Slugs derive from the Message-ID alone, so a message keeps its URL when the archive grows.
 * This module runs in the browser too (`/id/?m=…` computes slugs client-side): keep it dependency-free.
 */

/** A Message-ID is used as its own slug only up to this length. */
export const MAX_PLAIN_SLUG_LENGTH = 80;

// Lower-case only: a slug must be a safe file name on case-insensitive file systems too.
const PLAIN_SLUG = /^[a-z0-9][a-z0-9._+=-]*@[a-z0-9][a-z0-9.-]*$/;

/**
 * 64-bit FNV-1a of the UTF-8 bytes of a string, as 16 hex digits. Small, fast, and identical in
 * Node and the browser, which is all a slug needs (it is not a security boundary).
 *
 * @param value any string
 */
export function hash64(value: string): string {
  const bytes = new TextEncoder().encode(value);
  // The 64-bit state in two 32-bit halves. The FNV prime is 2^40 + 0x1b3, so h * prime is
  // h * 0x1b3 plus h0 shifted into the high half by 8 bits (all exact in doubles below 2^53).
  let h0 = 0x84222325;
  let h1 = 0xcbf29ce4;
  for (const byte of bytes) {
    h0 ^= byte;
    const lo = (h0 >>> 0) * 0x1b3;
    const hi = h1 * 0x1b3 + Math.floor(lo / 0x100000000) + ((h0 << 8) >>> 0);
    h0 = lo >>> 0;
    h1 = hi >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h0.toString(16).padStart(8, '0');
}

/**
 * The slug of a Message-ID: the id itself when it is short, lower-case and made of safe
 * characters, otherwise a readable prefix and a hash of the exact id.
 *
 * @param messageId a normalised Message-ID (no brackets)
 */
export function slugForMessageId(messageId: string): string {
  if (messageId.length <= MAX_PLAIN_SLUG_LENGTH && PLAIN_SLUG.test(messageId)) return messageId;
  const prefix = messageId
    .split('@')[0]!
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  return `${prefix === '' ? 'm' : prefix}-${hash64(messageId)}`;
}

/**
 * The slug of the k-th message (from 1) that uses a Message-ID; the first keeps the plain slug.
 * `_` appears in no plain or hashed slug, so the forms cannot collide.
 *
 * @param slug the slug of the Message-ID
 * @param k which use of the id, from 1
 */
export function duplicateSlug(slug: string, k: number): string {
  return k <= 1 ? slug : `${slug}_${k}`;
}

// File extensions a static host serves as something harmless. Anything else is `.bin`, which
// hosts serve as application/octet-stream: an attachment named `x.html` or typed image/svg+xml
// must never become a page that runs script on the archive's origin.
const SAFE_EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/gzip': 'gz',
  'application/x-gzip': 'gz',
  'application/x-xz': 'xz',
  'application/pgp-signature': 'asc',
  'application/pkcs7-signature': 'p7s',
};

/** Image types shown inline on message pages. */
export const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp']);

/**
 * The file extension an attachment is published with, from its content type alone: text becomes
 * `.txt` (served as text/plain, so HTML in it is shown, not run), unknown types `.bin`.
 *
 * @param contentType the attachment's MIME type
 */
export function attachmentExtension(contentType: string): string {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  // Own keys only: a content type of `constructor` names no extension.
  if (Object.hasOwn(SAFE_EXTENSIONS, type)) return SAFE_EXTENSIONS[type]!;
  if (type.startsWith('text/') || type === 'message/rfc822' || type === 'message/delivery-status') return 'txt';
  return 'bin';
}

/**
 * The file name of attachment k: `attachment-<k>.<ext>`.
 *
 * @param k the attachment's index
 * @param extension from `attachmentExtension`
 */
export function attachmentFileName(k: number, extension: string): string {
  return `attachment-${k + 1}.${extension}`;
}

/** Paths of the site, relative to its base (no leading slash, trailing slash for pages). */
export const paths = {
  /** All lists. */
  home: (): string => '',
  /** A list's home page. */
  list: (list: string): string => `${list}/`,
  /** The date index of one month (`yyyy-mm`). */
  month: (list: string, month: string): string => `${list}/${month}/`,
  /** The thread index of one month. */
  monthThreads: (list: string, month: string): string => `${list}/${month}/threads/`,
  /** One message. */
  message: (list: string, slug: string): string => `${list}/m/${slug}/`,
  /** One message's original bytes. */
  raw: (list: string, slug: string): string => `${list}/m/${slug}/raw.txt`,
  /** Attachment k of a message, under a name we make: never one the sender chose. */
  attachment: (list: string, slug: string, k: number, extension: string): string => `${list}/m/${slug}/${attachmentFileName(k, extension)}`,
  /** A whole thread, by the slug of its root. */
  thread: (list: string, slug: string): string => `${list}/t/${slug}/`,
  /** A thread's messages as gzip'd mboxrd. */
  threadMbox: (list: string, slug: string): string => `${list}/t/${slug}/thread.mbox.gz`,
  /** A thread's messages as an Atom feed. */
  threadFeed: (list: string, slug: string): string => `${list}/t/${slug}/atom.xml`,
  /** A month's messages as gzip'd mboxrd. */
  monthMbox: (list: string, month: string): string => `${list}/${month}/${month}.mbox.gz`,
  /** A list's newest messages as an Atom feed. */
  listFeed: (list: string): string => `${list}/atom.xml`,
  /** A list's new threads as an Atom feed. */
  threadsFeed: (list: string): string => `${list}/threads.atom`,
  /** Who writes on a list. */
  authors: (list: string): string => `${list}/authors/`,
  /** The authors page's data, for sorting in the browser. */
  authorsData: (list: string): string => `${list}/authors/authors.json`,
  /** One author's messages. */
  author: (list: string, slug: string): string => `${list}/authors/${slug}/`,
  /** A list's minutes threads. */
  minutes: (list: string): string => `${list}/minutes/`,
  /** Every action item of a list's minutes. */
  minutesActions: (list: string): string => `${list}/minutes/actions/`,
  /** Every decision of a list's minutes. */
  minutesDecisions: (list: string): string => `${list}/minutes/decisions/`,
  /** One meeting series of a list's minutes. */
  minutesSeries: (list: string, slug: string): string => `${list}/minutes/series/${slug}/`,
  /** Every topic of a list's minutes. */
  minutesTopics: (list: string): string => `${list}/minutes/topics/`,
  /** A list's minutes as data (see minutesExport). */
  minutesJson: (list: string): string => `${list}/minutes/minutes.json`,
  /** A list's patch series, newest first. */
  patches: (list: string): string => `${list}/patches/`,
  /** The small JSON the patch list's filters read. */
  patchesData: (list: string): string => `${list}/patches/series.json`,
  /** One series with its other versions, by the slug of its lead message (cover letter, else first patch). */
  patchSeries: (list: string, slug: string): string => `${list}/patches/${slug}/`,
  /** A series' patches as an mbox for `git am`, with the trailers its replies gave. */
  patchMbox: (list: string, slug: string, version: number): string => `${list}/patches/${slug}/v${version}.mbox`,
  /** Series that got no answer, or were reviewed and never reported applied. */
  patchesLost: (list: string): string => `${list}/patches/lost/`,
  /** The lost series as an Atom feed. */
  patchesLostFeed: (list: string): string => `${list}/patches/lost/atom.xml`,
  /** Search. */
  search: (): string => 'search/',
  /** Finding a message by Message-ID (`?m=<id>`). */
  lookup: (): string => 'id/',
} as const;

/**
 * Join the site's base path and a site path into an absolute URL path.
 *
 * @param base the base path, e.g. `/` or `/archives/`
 * @param path a path from `paths`
 */
export function href(base: string, path: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return `${b}${path}`;
}
