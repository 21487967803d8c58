/**
 * Message-IDs as they appear in the wild: bracketed, unbracketed, padded with comments or junk.
 */

/** A Message-ID longer than this is cut (RFC 5322 lines are at most 998 characters). */
export const MAX_MESSAGE_ID_LENGTH = 998;
/** At most this many ids are kept from one References header; the last ones matter for threading. */
export const MAX_REFERENCES = 256;
/** Domain used for ids we make up for messages that have none. */
export const SYNTHETIC_ID_DOMAIN = 'synthetic.threadline.invalid';

const BRACKETED = /<([^<>\s]+)>/g;
// Controls and spaces never belong in an id; mail clients leave them in when they break headers.
const UNSAFE = /[\u0000-\u0020\u007f]/g;

function clean(id: string): string | undefined {
  const value = id.replace(UNSAFE, '').slice(0, MAX_MESSAGE_ID_LENGTH);
  return value === '' ? undefined : value;
}

/**
 * Every Message-ID in a header value (References, In-Reply-To), in order, without brackets.
 *
 * Bracketed ids are preferred; when there are none, bare tokens that contain `@` are taken, since
 * some clients drop the brackets. Junk such as `(Your message of …)` is ignored.
 *
 * @param value the decoded header value, or undefined when the header is absent
 */
export function parseIdList(value: string | undefined): string[] {
  if (!value) return [];
  const ids: string[] = [];
  for (const match of value.matchAll(BRACKETED)) {
    const id = clean(match[1] ?? '');
    if (id !== undefined) ids.push(id);
  }
  if (ids.length === 0) {
    for (const token of value.split(/[\s,]+/)) {
      if (/^[^@()"]+@[^@()"]+$/.test(token)) {
        const id = clean(token.replace(/^<|>$/g, ''));
        if (id !== undefined) ids.push(id);
      }
    }
  }
  return ids.length > MAX_REFERENCES ? ids.slice(-MAX_REFERENCES) : ids;
}

/**
 * The Message-ID of a Message-ID header value, without brackets, or undefined when it has none.
 *
 * @param value the header value
 */
export function normalizeMessageId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [first] = parseIdList(value);
  if (first !== undefined) return first;
  return clean(value.trim().replace(/^<|>$/g, ''));
}

/**
 * A stable Message-ID for a message that has none, derived from a hash of its bytes.
 *
 * @param hashHex a hex digest of the message's raw bytes
 */
export function syntheticMessageId(hashHex: string): string {
  return `${hashHex.slice(0, 32)}@${SYNTHETIC_ID_DOMAIN}`;
}

/**
 * Whether a Message-ID was made up by us.
 *
 * @param id a normalised Message-ID
 */
export function isSyntheticMessageId(id: string): boolean {
  return id.endsWith(`@${SYNTHETIC_ID_DOMAIN}`);
}
