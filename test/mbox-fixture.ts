/**
 * Small mbox files for tests: one sender, each message's date, subject, Message-ID and parent.
 */

/** A message of a test mbox. */
export interface FixtureMail {
  id: string;
  /** The Date header. */
  date: string;
  subject: string;
  /** The Message-ID it replies to. */
  refs?: string;
  /** Its text; default `Text of <subject>.`. */
  text?: string;
}

/**
 * An mbox of the messages, each from Ann under the same envelope line.
 *
 * @param mails the messages, in file order
 * @param envelope the envelope line after `From ` (its date is the delivery the build checks a Date against)
 */
export function fixtureMbox(mails: readonly FixtureMail[], envelope: string): string {
  return mails
    .map((m) =>
      [
        `From ${envelope}`,
        'From: Ann <ann@example.org>',
        `Date: ${m.date}`,
        `Subject: ${m.subject}`,
        `Message-ID: <${m.id}>`,
        ...(m.refs ? [`In-Reply-To: <${m.refs}>`, `References: <${m.refs}>`] : []),
        '',
        m.text ?? `Text of ${m.subject}.`,
        '',
        '',
      ].join('\n'),
    )
    .join('');
}
