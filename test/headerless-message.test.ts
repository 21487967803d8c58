import { describe, expect, it } from 'vitest';
import { splitMbox } from '../src/lib/mbox.ts';
import { parseMessage, type Message } from '../src/lib/message.ts';

const source = { file: 'fixture.mbox', index: 0, offset: 0, length: 0 };

async function parse(mail: string | Buffer): Promise<Message> {
  const raw = typeof mail === 'string' ? Buffer.from(mail, 'latin1') : mail;
  return (await parseMessage(raw, 'a@example.org Mon Mar  2 10:00:00 2020', source)).message;
}

const kinds = (m: Message) => m.warnings.map((w) => w.kind);

describe('a header block without the empty line that should end it', () => {
  it('reads a message whose first line is not a header field as all body, first paragraph included', async () => {
    const mbox = 'From a@x Mon Mar  2 10:00:00 2020\nHi all\nThe meeting is moved.\n\nThanks, Bob\n';
    const [split] = splitMbox(Buffer.from(mbox));
    const { message } = await parseMessage(split!.raw, split!.envelope, source);
    expect(message.text).toBe('Hi all\nThe meeting is moved.\n\nThanks, Bob\n');
    expect(message.subject).toBe('');
    expect(message.from).toBeUndefined();
    expect(message.dateSource).toBe('envelope');
    const warning = message.warnings.find((w) => w.kind === 'no-header-separator');
    expect(warning?.detail).toContain('"Hi all"');
    expect(warning?.detail).toContain('no header');
  });

  it('keeps the greeting of a headerless message whose first paragraph is one word', async () => {
    const m = await parse('Hello,\n\nThis is a test email. It has no headers.\n');
    expect(m.text).toBe('Hello,\n\nThis is a test email. It has no headers.\n');
    expect(kinds(m)).toContain('no-header-separator');
  });

  it('ends the header block at a line that is neither a field nor a continuation', async () => {
    const m = await parse('From: Bob <bob@example.org>\nSubject: Meeting\nMessage-ID: <moved@example.org>\nHi all\nThe meeting is moved.\n\nThanks, Bob\n');
    expect(m.from).toEqual({ name: 'Bob', address: 'bob@example.org' });
    expect(m.subject).toBe('Meeting');
    expect(m.messageId).toBe('moved@example.org');
    expect(m.text).toBe('Hi all\nThe meeting is moved.\n\nThanks, Bob\n');
    const warning = m.warnings.find((w) => w.kind === 'no-header-separator');
    expect(warning?.detail).toContain('line 4 ("Hi all")');
  });

  it('ends a CRLF header block the same way', async () => {
    const m = await parse('Subject: Meeting\r\nMessage-ID: <crlf@example.org>\r\nHi all\r\nThe meeting is moved.\r\n');
    expect(m.subject).toBe('Meeting');
    expect(m.text).toBe('Hi all\nThe meeting is moved.\n');
    expect(kinds(m)).toContain('no-header-separator');
  });

  it('reads a multipart body that follows its header without an empty line', async () => {
    const m = await parse('Message-ID: <mime@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n--b\n\none part\n--b--\n');
    expect(m.text.trim()).toBe('one part');
    expect(kinds(m)).toContain('no-header-separator');
  });

  it('keeps a stray line in the header block when fields follow it: a fold that lost its white space', async () => {
    const m = await parse('From: Bob <bob@example.org>\nTo: ann@example.org,\ncarol@example.org\nSubject: Meeting\nMessage-ID: <fold@example.org>\nReferences: <root@example.org>\n\nThe meeting is moved.\n');
    expect(m.messageId).toBe('fold@example.org');
    expect(m.subject).toBe('Meeting');
    expect(m.references).toEqual(['root@example.org']);
    expect(m.text).toBe('The meeting is moved.\n');
    expect(kinds(m)).not.toContain('no-header-separator');
  });

  it('reads a headerless message that opens with a "From " sentence as body', async () => {
    const m = await parse('From my side, the plan is fine.\nSee you.\n');
    expect(m.text).toBe('From my side, the plan is fine.\nSee you.\n');
    expect(kinds(m)).toContain('no-header-separator');
  });

  it('still reads obsolete spacing before the colon, 8-bit values, folding and a stray envelope line as header', async () => {
    const mail = Buffer.concat([
      Buffer.from('From bob@example.org Mon Mar  2 10:00:00 2020\nSubject : Agenda\nFrom: ', 'latin1'),
      Buffer.from('Zoë Müller <zoe@example.org>', 'utf8'),
      Buffer.from('\nTo: a@example.org,\n\tb@example.org\nX-Mailer\t: old\nMessage-ID: <obs@example.org>\nDate: Mon, 2 Mar 2020 10:00:00 +0000\n\nBody\n', 'latin1'),
    ]);
    const m = await parse(mail);
    expect(m.subject).toBe('Agenda');
    expect(m.from).toEqual({ name: 'Zoë Müller', address: 'zoe@example.org' });
    expect(m.to.map((a) => a.address)).toEqual(['a@example.org', 'b@example.org']);
    expect(m.text).toBe('Body\n');
    expect(m.warnings).toEqual([]);
  });

  it('gives no warning to a message that is only a header', async () => {
    const m = await parse('Subject: empty\nMessage-ID: <only@example.org>\nDate: Mon, 2 Mar 2020 10:00:00 +0000\n');
    expect(m.subject).toBe('empty');
    expect(m.text).toBe('');
    expect(m.warnings).toEqual([]);
  });
});
