/**
 * Subjects: reply and forward prefixes, list tags, and the base subject used to compare them.
 */

// `Re:`, `RE:`, `Re[2]:`, `Re^2:`, `Fwd:`, `Fw:`, and the localised forms mail clients write
// (`AW:` German, `SV:` Scandinavian, `VS:` Finnish, `Antw:` Dutch, `RIF:` Italian, `R:`/`RES:` Portuguese).
const PREFIX = /^\s*(?:re|fwd?|aw|sv|vs|antw|wg|rif|r|res|tr|odp|ynt)\s*(?:\[\d+\]|\^\d+|\(\d+\))?\s*[:：]\s*/i;
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|rif|r|res|odp|ynt)\s*(?:\[\d+\]|\^\d+|\(\d+\))?\s*[:：]/i;
// `[list-name]` tags that Mailman and friends add; patch tags such as `[PATCH v2 1/3]` are kept.
const LIST_TAG = /^\s*\[(?!(?:[^\]]*\b(?:patch|rfc|pull|git|resend)\b))[^\]]{1,40}\]\s*/i;
/** Prefix stripping stops after this many rounds (a subject of a thousand `Re:` is an attack, not mail). */
export const MAX_SUBJECT_PREFIXES = 32;

/**
 * The subject without reply/forward prefixes and list tags, whitespace collapsed, lower-cased:
 * two messages are about the same thing when their base subjects are equal.
 *
 * @param subject the decoded Subject header
 */
export function baseSubject(subject: string): string {
  let s = subject.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < MAX_SUBJECT_PREFIXES; i++) {
    const next = s.replace(PREFIX, '').replace(LIST_TAG, '');
    if (next === s) break;
    s = next;
  }
  return s.trim().toLowerCase();
}

/**
 * Whether a subject says it is a reply (`Re: …`, possibly behind a list tag).
 *
 * @param subject the decoded Subject header
 */
export function isReplySubject(subject: string): boolean {
  return REPLY_PREFIX.test(subject.replace(LIST_TAG, ''));
}
