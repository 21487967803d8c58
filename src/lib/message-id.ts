/**
 * Message-IDs as they appear in the wild: bracketed, unbracketed, padded with comments or junk.
 */

/** A Message-ID longer than this is cut (RFC 5322 lines are at most 998 characters). */
export const MAX_MESSAGE_ID_LENGTH = 998;
/** At most this many ids are kept from one References header; the last ones matter for threading. */
export const MAX_REFERENCES = 256;
/** Domain used for ids we make up for messages that have none. */
export const SYNTHETIC_ID_DOMAIN = 'synthetic.threadline.invalid';

// `<…>` with anything but brackets inside: an id folded across lines has white space in it.
const BRACKETED = /<([^<>]*)>/g;
// Controls and spaces never belong in an id; mail clients leave them in when they break headers.
const UNSAFE = /[\u0000-\u0020\u007f]/g;
const WHITE_SPACE = /[\s\u0000-\u001f\u007f]/;

function clean(id: string): string | undefined {
  const value = id.replace(UNSAFE, '').slice(0, MAX_MESSAGE_ID_LENGTH);
  return value === '' ? undefined : value;
}

/** A bracketed token of a header value, where it is, and its text without white space. */
interface Bracketed {
  id: string;
  start: number;
  end: number;
}

/**
 * The `<…>` tokens of a value that can be ids. White space inside the brackets is where a client
 * folded a long id (RFC 5322 folds only at white space, but clients fold anywhere); it is dropped
 * when what is left is one `local@domain`, else the token is junk such as `<Mon, 3 Jan 93>`.
 */
function bracketed(value: string): { tokens: Bracketed[]; any: boolean } {
  const tokens: Bracketed[] = [];
  let any = false;
  for (const match of value.matchAll(BRACKETED)) {
    any = true;
    const inner = match[1] ?? '';
    if (WHITE_SPACE.test(inner) && !/^[^@,;\s]+@[^@,;\s]+$/.test(inner.replace(/\s+/g, ''))) continue;
    const id = clean(inner);
    if (id !== undefined) tokens.push({ id, start: match.index, end: match.index + match[0].length });
  }
  return { tokens, any };
}

/** Bare tokens with an `@`, for clients that drop the brackets; a trailing `'s` or punctuation goes. */
function bareTokens(value: string): { token: string; possessive: boolean; start: number }[] {
  const out: { token: string; possessive: boolean; start: number }[] = [];
  for (const match of value.matchAll(/[^\s,;]+/g)) {
    let token = match[0];
    const possessive = /'s$/i.test(token);
    if (possessive) token = token.slice(0, -2);
    token = token.replace(/[.:]+$/, '');
    if (/^[^@()"]+@[^@()"]+$/.test(token)) out.push({ token: token.replace(/^<|>$/g, ''), possessive, start: match.index });
  }
  return out;
}

/**
 * Every Message-ID in a header value (References, In-Reply-To), in order, without brackets.
 *
 * Bracketed ids are preferred, also when a client folded one across lines; when there are none,
 * bare tokens that contain `@` are taken, since some clients drop the brackets. Junk such as
 * `(Your message of …)` is ignored.
 *
 * @param value the decoded header value, or undefined when the header is absent
 */
export function parseIdList(value: string | undefined): string[] {
  if (!value) return [];
  const { tokens, any } = bracketed(value);
  const ids = tokens.map((t) => t.id);
  if (!any) {
    for (const { token } of bareTokens(value)) {
      const id = clean(token);
      if (id !== undefined) ids.push(id);
    }
  }
  return ids.length > MAX_REFERENCES ? ids.slice(-MAX_REFERENCES) : ids;
}

/** An In-Reply-To token that was not taken for a Message-ID, and why. */
export interface RejectedId {
  token: string;
  reason: string;
}

/**
 * The Message-IDs of an In-Reply-To header, leaving out tokens that only look like ids. Before
 * RFC 2822 made it a list of ids, clients wrote a phrase that names the sender of the message
 * answered: `Message from Name <addr> of "date"` (Emacs), `addr's message of date`,
 * `<addr> (Name) "subject"`; some write `<no.id>`. A token is an id only if it has an `@`, is not
 * an address of the message itself (its From, To, Cc, Reply-To or Sender), and is not written as
 * one of those phrases' addresses. A message whose In-Reply-To names no id is threaded by its
 * References, else by its subject.
 *
 * @param value the header value, or undefined when the header is absent
 * @param ownAddresses the message's own addresses, lower-cased
 */
export function parseInReplyTo(value: string | undefined, ownAddresses: ReadonlySet<string>): { ids: string[]; rejected: RejectedId[] } {
  const ids: string[] = [];
  const rejected: RejectedId[] = [];
  if (!value) return { ids, rejected };
  const judge = (id: string, before: string, after: string, possessive: boolean): void => {
    let reason: string | undefined;
    if (!id.includes('@')) reason = 'has no @';
    else if (ownAddresses.has(id.toLowerCase())) reason = 'is an address of the message itself';
    else if (possessive || /^'s\b/i.test(after)) reason = "is an address in the form `address's message of date`";
    else if (/\bfrom(?:\s+(?:"[^"]*"|[^\s<>"@;,0-9]+)){0,8}\s*$/i.test(before)) reason = 'is an address in the form `Message from Name <address>`';
    else if (/^\s*\([^()]*\)\s*"/.test(after)) reason = 'is an address in the form `<address> (Name) "subject"`';
    if (reason === undefined) ids.push(id);
    else rejected.push({ token: id, reason });
  };
  const { tokens, any } = bracketed(value);
  let last = 0;
  for (const t of tokens) {
    judge(t.id, value.slice(last, t.start), value.slice(t.end), false);
    last = t.end;
  }
  if (!any) {
    for (const b of bareTokens(value)) {
      const id = clean(b.token);
      if (id !== undefined) judge(id, value.slice(0, b.start), '', b.possessive);
    }
  }
  return { ids: ids.length > MAX_REFERENCES ? ids.slice(-MAX_REFERENCES) : ids, rejected };
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
