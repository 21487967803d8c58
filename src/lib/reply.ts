/**
 * Reply links: `mailto:` URIs (RFC 6068) that open a reply in the reader's mail client, with the
 * headers that keep the reply in its thread (In-Reply-To, References, RFC 5322 section 3.6.4).
 */
import { isReplySubject } from './subject.ts';

/** References kept in a reply link besides the message's own id: the root and the nearest ancestors. */
export const MAX_REPLY_REFERENCES = 10;

// RFC 6068 section 2: an hfvalue may hold unreserved characters and these delimiters as they are;
// everything else, UTF-8 bytes included, is percent-encoded. `&`, `=`, `?`, `#` and `%` separate
// or escape fields and must be encoded.
const HF_SAFE = /[A-Za-z0-9\-._~!$'()*+,;:@]/;

/**
 * Percent-encode a header value or address for a `mailto:` URI (RFC 6068 section 2).
 *
 * @param value the text
 */
export function encodeMailtoValue(value: string): string {
  let out = '';
  for (const ch of value) {
    if (HF_SAFE.test(ch)) out += ch;
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** What a reply link is made of. */
export interface ReplyInput {
  /** Where the reply goes: the list's posting address, or the sender's. */
  to: string;
  messageId: string;
  /** The message's References (oldest first). */
  references: readonly string[];
  subject: string;
}

/**
 * The subject of a reply: `Re: ` before the subject unless it already says it is a reply.
 *
 * @param subject the message's subject
 */
export function replySubject(subject: string): string {
  if (subject === '') return 'Re: (no subject)';
  return isReplySubject(subject) ? subject : `Re: ${subject}`;
}

/**
 * A `mailto:` link that replies to a message in its thread: `In-Reply-To` is the message,
 * `References` its references and itself (cut to the root and the nearest ancestors, so the
 * link stays short enough for mail clients).
 *
 * @param input the address, the message's id, references and subject
 */
export function replyMailto(input: ReplyInput): string {
  const refs = input.references.filter((id) => id !== input.messageId);
  const kept = refs.length > MAX_REPLY_REFERENCES ? [refs[0]!, ...refs.slice(refs.length - (MAX_REPLY_REFERENCES - 1))] : refs;
  const references = [...kept, input.messageId].map((id) => `<${id}>`).join(' ');
  const fields = [
    ['subject', replySubject(input.subject)],
    ['In-Reply-To', `<${input.messageId}>`],
    ['References', references],
  ];
  return `mailto:${encodeMailtoValue(input.to)}?${fields.map(([k, v]) => `${k}=${encodeMailtoValue(v!)}`).join('&')}`;
}
