import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, MAX_MESSAGE_BYTES, MAX_MIME_DEPTH, MAX_MIME_PARTS, mimeShape, parseMessage, type Message } from '../src/lib/message.ts';

const source = { file: 'fixture.mbox', index: 0, offset: 0, length: 0 };
const FLOWED = [
  'format-flowed.eml', 'format-flowed-delsp-qp.eml', 'format-flowed-empty-line.eml', 'format-flowed-space-stuffing.eml',
  'format-flowed-delsp-stuffed.eml', 'format-flowed-signature.eml', 'format-flowed-quoted.eml',
];
const OLD_MAIL = [
  'date-unpadded-time.eml', 'date-impossible-zone.eml', 'date-unreadable-time.eml', 'in-reply-to-own-address.eml', 'in-reply-to-message-from.eml',
  'in-reply-to-possessive-address.eml', 'in-reply-to-address-name-subject.eml', 'in-reply-to-no-id.eml', 'in-reply-to-folded-id.eml',
  'content-type-text-no-subtype.eml', 'content-type-text-in-multipart.eml', 'undeclared-8bit-utf8.eml', 'undeclared-8bit-windows-1252.eml',
  'undeclared-8bit-multipart.eml', 'display-name-quoted-with-address.eml', 'encoded-words-iso-2022-jp.eml',
  'iso-8859-1-label-windows-1252-quotes.eml', 'utf-8-byte-order-mark.eml',
];
const raw = (name: string) => readFileSync(new URL(`./fixtures/mail/${name}`, import.meta.url));

async function parse(name: string, envelope = 'sender@example.org Mon Jan  6 10:00:00 2025'): Promise<Message> {
  return (await parseMessage(raw(name), envelope, source)).message;
}

describe('parseMessage', () => {
  it('decodes RFC 2047 names, even inside quotes, and address lists with commas in names', async () => {
    const m = await parse('rfc2047-quoted-name.eml');
    expect(m.from).toEqual({ name: 'Vít Ondruch', address: 'vit@example.org' });
    expect(m.to).toEqual([
      { name: 'Zoë Müller', address: 'zoe@example.org' },
      { name: 'Bob, the Builder', address: 'bob@example.org' },
    ]);
    expect(m.cc).toEqual([]);
    expect(m.subject).toBe('Überprüfung der Prüfsummen');
    expect(m.text).toBe('Grüße\n');
    expect(m.messageId).toBe('4FFC1228.3060409@example.org');
    expect(m.date).toEqual({ ms: Date.UTC(2012, 6, 10, 11, 29, 44), offsetMinutes: 120, zoneKnown: true });
    expect(m.warnings).toEqual([]);
  });

  it('takes the envelope date over a Date later than the delivery, or at the Unix epoch, and says so', async () => {
    const mail = (date: string | undefined) => Buffer.from(`${date === undefined ? '' : `Date: ${date}\n`}Subject: s\nMessage-ID: <d@x>\n\nText\n`);
    const read = async (date: string | undefined, envelope: string) => {
      const { message } = await parseMessage(mail(date), envelope, source);
      return { iso: new Date(message.date.ms).toISOString(), from: message.dateSource, warnings: message.warnings.map((w) => `${w.kind}: ${w.detail}`) };
    };
    const delivered = 'ann@x Mon Mar  2 10:00:00 2020';
    expect(await read('Sat, 02 Mar 2199 10:00:00 +0000', delivered)).toEqual({
      iso: '2020-03-02T10:00:00.000Z',
      from: 'envelope',
      warnings: ['implausible-date: Date "Sat, 02 Mar 2199 10:00:00 +0000" is later than the delivery its envelope line records; the envelope date is used'],
    });
    expect(await read('Thu, 01 Jan 1970 00:00:00 +0000', delivered)).toMatchObject({ iso: '2020-03-02T10:00:00.000Z', from: 'envelope', warnings: [expect.stringMatching(/^implausible-date: .* is implausible; the envelope date is used$/)] });
    // A clock days or months fast is kept; so is any Date when the envelope records no delivery time.
    expect(await read('Tue, 03 Mar 2020 09:00:00 +0000', delivered)).toEqual({ iso: '2020-03-03T09:00:00.000Z', from: 'header', warnings: [] });
    expect(await read('Mon, 01 Feb 2021 09:00:00 +0000', delivered)).toEqual({ iso: '2021-02-01T09:00:00.000Z', from: 'header', warnings: [] });
    expect(await read('Sat, 02 Mar 2035 10:00:00 +0000', delivered)).toMatchObject({ iso: '2020-03-02T10:00:00.000Z', from: 'envelope' });
    expect(await read('Sat, 02 Mar 2035 10:00:00 +0000', 'mboxrd@z Thu Jan  1 00:00:00 1970')).toEqual({ iso: '2035-03-02T10:00:00.000Z', from: 'header', warnings: [] });
    expect(await read('Thu, 01 Jan 1970 00:00:00 +0000', 'mboxrd@z Thu Jan  1 00:00:00 1970')).toMatchObject({ from: 'header', warnings: [expect.stringMatching(/the Unix epoch, .* no envelope date to use instead/)] });
    expect(await read(undefined, 'mboxrd@z Thu Jan  1 00:00:00 1970')).toMatchObject({ from: 'none', warnings: ['missing-date: no Date header and no envelope date'] });
    // The epoch as a local clock writes it records no delivery either.
    expect(await read('Sat, 02 Mar 2035 10:00:00 +0000', 'git@z Thu Jan  1 01:00:00 1970')).toMatchObject({ iso: '2035-03-02T10:00:00.000Z', from: 'header' });
    // git format-patch writes one envelope date on every patch.
    expect(await read('Tue, 03 Mar 2020 09:00:00 +0000', '3a1b2c3d4e5f Mon Sep 17 00:00:00 2001')).toEqual({ iso: '2020-03-03T09:00:00.000Z', from: 'header', warnings: [] });
  });

  it('reads 8-bit text labelled X-UNKNOWN as undeclared: windows-1252 when it is not UTF-8', async () => {
    const m = await parse('charset-x-unknown-latin1.eml');
    expect(m.text).toBe('One\u00a0two\u00a0three café.\n');
  });

  it('keeps the HTML of an HTML-only mail and derives its text', async () => {
    const m = await parse('html-only.eml');
    expect(m.html).toContain('<script>');
    expect(m.textFromHtml).toBe(true);
    expect(m.text).toContain('Hello & welcome');
    expect(m.text).toContain('* one');
    expect(m.text).toContain('café €5');
    expect(m.text).not.toContain('alert');
  });

  it('lists attachments with name, type, size and content-id, and returns their bytes', async () => {
    const { message, attachmentData } = await parseMessage(raw('attachment-pdf.eml'), '', source);
    expect(message.text).toBe('See the log.\n');
    expect(message.attachments).toEqual([
      { index: 0, filename: 'report.pdf', contentType: 'application/pdf', size: 15, contentId: 'part1@example.org', inline: false },
    ]);
    expect(Buffer.from(attachmentData[0]!).toString('latin1')).toBe('%PDF-1.4 fake\x00\x01');
  });

  it('warns about an unknown charset and still decodes the text', async () => {
    const m = await parse('unknown-charset.eml');
    expect(m.text.trim()).toBe('hello there');
    expect(m.warnings.map((w) => w.kind)).toContain('unknown-charset');
    expect(m.warnings.find((w) => w.kind === 'unknown-charset')?.detail).toContain('non-existing-codec');
  });

  it('takes the envelope date, with a warning, when there is no Date header', async () => {
    const m = await parse('no-date.eml', 'gina@example.org Tue Jan 21 07:50:00 2025');
    expect(m.dateSource).toBe('envelope');
    expect(new Date(m.date.ms).toISOString()).toBe('2025-01-21T07:50:00.000Z');
    expect(m.warnings.map((w) => w.kind)).toEqual(['missing-date']);
  });

  it('reads a German date', async () => {
    const m = await parse('german-date.eml');
    expect(new Date(m.date.ms).toISOString()).toBe('2002-06-13T08:00:00.000Z');
    expect(m.dateSource).toBe('header');
  });

  it('reads In-Reply-To and References through junk, dropping self-references', async () => {
    const m = await parse('references-junk.eml');
    expect(m.inReplyTo).toEqual(['orig@example.org']);
    expect(m.references).toEqual(['a@example.org', 'b@example.org']);
    expect(new Date(m.date.ms).toISOString()).toBe('1993-01-04T00:00:00.000Z');
    expect(m.warnings.map((w) => w.kind)).toEqual(['date-without-zone', 'partial-date']);
  });

  it('reads a time with one-digit fields in full, without a warning', async () => {
    const m = await parse('date-unpadded-time.eml');
    expect(new Date(m.date.ms).toISOString()).toBe('1996-07-11T06:20:06.000Z');
    expect(m.date.offsetMinutes).toBe(480);
    expect(m.warnings).toEqual([]);
  });

  it('warns when a date is read only in part, naming what it could not read', async () => {
    const m = await parse('date-unreadable-time.eml');
    expect(new Date(m.date.ms).toISOString()).toBe('1996-07-12T16:00:00.000Z');
    expect(m.warnings).toEqual([
      { kind: 'partial-date', detail: 'Date "Sat, 13 Jul 1996 14h20 +0800" is read only in part ("14h20" not understood); the time 00:00 is assumed' },
    ]);
  });

  it('ignores a zone beyond ±14:00, with a warning, instead of moving the date a day', async () => {
    const m = await parse('date-impossible-zone.eml');
    expect(m.date).toEqual({ ms: Date.UTC(1996, 6, 12, 9, 15), offsetMinutes: 0, zoneKnown: false });
    expect(m.warnings.map((w) => w.kind)).toEqual(['impossible-zone']);
    expect(m.warnings[0]!.detail).toContain('-3100');
  });

  it('reads an In-Reply-To id folded inside its brackets', async () => {
    const m = await parse('in-reply-to-folded-id.eml');
    expect(m.inReplyTo).toEqual(['199607110620.OAA01234@example.org']);
    expect(m.warnings).toEqual([]);
  });

  it('does not take a sender address in In-Reply-To for a Message-ID, and says so', async () => {
    const own = await parse('in-reply-to-own-address.eml');
    expect(own.inReplyTo).toEqual([]);
    expect(own.references).toEqual(['199607110620.OAA01234@example.org']);
    expect(own.warnings).toEqual([
      {
        kind: 'not-a-message-id',
        detail: 'In-Reply-To "<bruno@example.org>" names <bruno@example.org>, which is an address of the message itself, not a Message-ID; the message is threaded by its References',
      },
    ]);
    const from = await parse('in-reply-to-message-from.eml');
    expect(from.inReplyTo).toEqual(['199607110620.OAA01234@example.org']);
    expect(from.warnings.map((w) => w.detail)).toEqual([expect.stringContaining('<wei@example.org>, which is an address in the form `Message from Name <address>`')]);
    for (const name of ['in-reply-to-possessive-address.eml', 'in-reply-to-address-name-subject.eml', 'in-reply-to-no-id.eml']) {
      const m = await parse(name);
      expect(m.inReplyTo, name).toEqual([]);
      expect(m.warnings.map((w) => w.kind), name).toEqual(['not-a-message-id']);
      expect(m.warnings[0]!.detail, name).toContain('threaded by its subject');
    }
  });

  it('reads `Content-Type: text` without a subtype as text/plain (RFC 2045), on both paths', async () => {
    for (const fastPath of [true, false]) {
      const { message } = await parseMessage(raw('content-type-text-no-subtype.eml'), '', source, { fastPath });
      expect(message.text).toBe('The serial driver drops bytes at 115200.\nHere is what I changed.\n');
      expect(message.attachments).toEqual([]);
      expect(message.warnings).toEqual([{ kind: 'invalid-content-type', detail: 'Content-Type "text" has no valid subtype; read as text/plain (RFC 2045)' }]);
    }
    const m = await parse('content-type-text-in-multipart.eml');
    expect(m.text).toBe('Notes from München, log attached.');
    expect(m.attachments.map((a) => a.filename)).toEqual(['boot.log']);
    expect(m.warnings.map((w) => w.kind)).toEqual(['invalid-content-type']);
  });

  it('reads 8-bit text labelled us-ascii, or unlabelled, as UTF-8 when valid, else windows-1252, and warns', async () => {
    const utf8 = await parse('undeclared-8bit-utf8.eml');
    expect(utf8.text).toBe('The voice says “hello” — café works.\n');
    expect(utf8.from?.name).toBe('José Ramírez');
    expect(utf8.warnings).toEqual([{ kind: 'undeclared-8bit', detail: '8-bit text labelled "us-ascii" read as utf-8 (it is valid UTF-8)' }]);
    const cp1252 = await parse('undeclared-8bit-windows-1252.eml');
    expect(cp1252.text).toBe('It said “hello” – café too.\n');
    expect(cp1252.warnings).toEqual([{ kind: 'undeclared-8bit', detail: '8-bit text with no charset read as windows-1252 (it is not valid UTF-8)' }]);
    // Each part of a multipart is judged on its own bytes, after its transfer encoding.
    const parts = await parse('undeclared-8bit-multipart.eml');
    expect(parts.text).toBe('It said “hello” – café again.');
    expect(parts.html).toBe('<p>It said “hello” – café again.</p>');
    expect(parts.warnings.map((w) => w.kind)).toEqual(['undeclared-8bit', 'undeclared-8bit']);
  });

  it('shows a quoted display name once, without the address a client quoted into it', async () => {
    const m = await parse('display-name-quoted-with-address.eml');
    expect(m.from).toEqual({ name: 'Bruno Stone', address: 'bruno@example.org' });
    expect(m.to).toEqual([{ name: 'Ana Lima', address: 'ana@example.org' }]);
    expect(m.cc).toEqual([
      { name: 'Wei Chen', address: 'wei@example.org' },
      { name: 'Port list', address: 'port-list@example.org' },
    ]);
  });

  it('decodes ISO-2022-JP words and Q words with spaces on the fast path, as mailparser does', async () => {
    const m = await parse('encoded-words-iso-2022-jp.eml');
    expect(m.subject).toBe('翻訳 and a Q word with spaces');
    expect(m.from).toEqual({ name: '山田Yamada Kénji', address: 'yamada@example.org' });
  });

  it('reads text labelled iso-8859-1 as windows-1252, as mailparser and browsers do', async () => {
    const m = await parse('iso-8859-1-label-windows-1252-quotes.eml');
    expect(m.text).toBe('It said “hello” – café.\n');
    expect(m.warnings).toEqual([]);
  });

  it('drops a byte order mark at the start of the text, which hid the first quote mark', async () => {
    const m = await parse('utf-8-byte-order-mark.eml');
    expect(m.text).toBe('> Which rate do you use?\n\nA fast one.\n');
  });

  it('gives a message without Message-ID a stable synthetic id', async () => {
    const a = await parse('no-message-id.eml');
    const b = await parse('no-message-id.eml');
    expect(a.syntheticId).toBe(true);
    expect(a.messageId).toMatch(/^[0-9a-f]{32}@synthetic\.threadline\.invalid$/);
    expect(b.messageId).toBe(a.messageId);
    expect(a.warnings.map((w) => w.kind)).toEqual(['missing-message-id']);
  });

  it('decodes iso-2022-jp and koi8-r', async () => {
    const jp = await parse('iso-2022-jp.eml');
    expect(jp.text).toBe('日本語のテキストです。\n');
    expect(jp.subject).toBe('翻訳');
    expect(jp.from?.name).toBe('山田 健二');
    const kr = await parse('koi8-r.eml');
    expect(kr.text).toBe('Привет, мир\n');
    expect(kr.subject).toBe('Привет');
  });

  it('decodes quoted-printable latin-1 with soft line breaks', async () => {
    const m = await parse('quoted-printable-latin1.eml');
    expect(m.text).toBe('Grüße aus München, a long line that is soft-broken here.\n');
  });

  it('reflows format=flowed text and keeps the signature separator', async () => {
    const m = await parse('format-flowed.eml');
    expect(m.text).toContain('This paragraph was written as one line and wrapped by the client.');
    expect(m.text).toContain('-- \nFlo');
  });

  it('unfolds flowed text with DelSp after quoted-printable, whose trailing spaces are padding', async () => {
    const m = await parse('format-flowed-delsp-qp.eml');
    expect(m.text).toBe(
      '> Grüße aus München, ein langer Satz, der hier weich umbrochen ist.\n>> Tiefer zitiert und weiter.\n\n' +
        'Die Antwort, auch sie umbrochen. Nicht umbrochen, Leerzeichen am Ende sind QP-Polster.\n\n-- \nFlo\n',
    );
  });

  it('keeps the empty line after a flowed line: paragraphs and commands stay apart', async () => {
    const m = await parse('format-flowed-empty-line.eml');
    expect(m.text).toBe('Here is what I ran, \n\nmake clean \n\nmake all\n\nand the first paragraph ends with a space, \n\n\nbefore two empty lines.\n');
  });

  it('removes the space-stuffing of flowed lines, first lines and continuations alike', async () => {
    const m = await parse('format-flowed-space-stuffing.eml');
    expect(m.text).toBe('From the log, this line From here on was stuffed.\n>not a quote\n one space of indent\n');
  });

  it('with DelSp=yes joins words broken inside and unstuffs the continuation', async () => {
    const m = await parse('format-flowed-delsp-stuffed.eml');
    expect(m.text).toBe('A long word, supercalifragilistic, broken inside. Then a space From a stuffed line.\n');
  });

  it('never joins a flowed line with the signature separator', async () => {
    const m = await parse('format-flowed-signature.eml');
    expect(m.text).toBe('Thanks, \n-- \nAna Lima Lumen project\n');
  });

  it('joins quoted flowed lines by quote depth and keeps empty quoted lines', async () => {
    const m = await parse('format-flowed-quoted.eml');
    expect(m.text).toBe(
      '> Bruno wrote one long line here, \n>\n> and a second paragraph.\n>> Older text, wrapped too.\n> Back to one \n>> level changes end a paragraph.\n\nMy answer, wrapped.\n',
    );
  });

  it('reads Pipermail "x at y (Name)" senders', async () => {
    const m = await parse('pipermail-from.eml');
    expect(m.from).toEqual({ name: 'Vít Ondruch', address: 'vondruch@redhat.com' });
  });

  it('gives the same fields on the fast path and through mailparser', async () => {
    for (const name of ['rfc2047-quoted-name.eml', 'quoted-printable-latin1.eml', 'koi8-r.eml', 'no-date.eml', 'pipermail-from.eml', ...FLOWED, ...OLD_MAIL]) {
      const fast = (await parseMessage(raw(name), '', source)).message;
      const slow = (await parseMessage(raw(name), '', source, { fastPath: false })).message;
      expect({ ...fast, warnings: [] }, name).toEqual({ ...slow, warnings: [] });
    }
  });

  it('unfolds flowed parts of a multipart message as the fast path unfolds a single part', async () => {
    for (const name of FLOWED) {
      const single = raw(name).toString('latin1');
      const at = single.indexOf('\nContent-Type:');
      const end = single.indexOf('\n\n') >= 0 ? single.indexOf('\n\n') : single.indexOf('\r\n\r\n');
      const nl = single.includes('\r\n') ? '\r\n' : '\n';
      const partHeaders = single.slice(at + 1, end).replace(/\r$/, '');
      const body = single.slice(single.indexOf(`${nl}${nl}`) + 2 * nl.length);
      const multipart = `${single.slice(0, at + 1)}MIME-Version: 1.0${nl}Content-Type: multipart/mixed; boundary=b${nl}${nl}--b${nl}${partHeaders}${nl}${nl}${body}${nl}--b--${nl}`;
      const fast = (await parseMessage(raw(name), '', source)).message;
      const slow = (await parseMessage(Buffer.from(multipart, 'latin1'), '', source)).message;
      expect(slow.text, name).toBe(fast.text);
    }
  });

  it('survives a message that is only garbage', async () => {
    const { message } = await parseMessage(Buffer.from('\u0000\u0001\u00ff not a header\n\n\u0000'), '', source);
    expect(message.syntheticId).toBe(true);
    expect(message.dateSource).toBe('none');
  });
});

describe('hostile structure and characters', () => {
  it('neutralises bidi overrides and controls in names, subjects and addresses, and NUL in bodies', async () => {
    const m = await parse('bidi-and-controls.eml');
    expect(m.from).toEqual({ name: 'Mallory redli', address: 'mallory@example.org' });
    expect(m.to).toEqual([{ name: 'Eve gnp.exe', address: 'eve@example.org' }]);
    expect(m.subject).toBe('invoice txt.exe next');
    expect(m.text).toBe('nul\ufffdhere and bell\ufffd there, bidi \u202e kept in bodies\n');
  });

  it('does not hand multiparts nested deeper than MAX_MIME_DEPTH to the MIME parser', async () => {
    const depth = MAX_MIME_DEPTH + 1;
    let mail = 'From: a@example.org\nSubject: deep\nMessage-ID: <deep@example.org>\nMIME-Version: 1.0\n';
    for (let i = 0; i < depth; i++) mail += `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`;
    mail += 'Content-Type: text/plain\n\nhello from the bottom\n';
    for (let i = depth - 1; i >= 0; i--) mail += `--b${i}--\n`;
    // The scan stops as soon as the limit is passed.
    expect(mimeShape(Buffer.from(mail)).depth).toBe(depth);
    const { message } = await parseMessage(Buffer.from(mail), '', source);
    expect(message.warnings.map((w) => w.kind)).toContain('mime-limit');
    expect(message.text).toContain('hello from the bottom');
    expect(message.attachments).toEqual([]);
  });

  it('parses nesting within the limit as MIME', async () => {
    let mail = 'From: a@example.org\nSubject: nested\nMessage-ID: <nested@example.org>\nDate: Mon, 6 Jan 2025 10:00:00 +0000\nMIME-Version: 1.0\n';
    for (let i = 0; i < 3; i++) mail += `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`;
    mail += 'Content-Type: text/plain\n\ninner text\n';
    for (let i = 2; i >= 0; i--) mail += `--b${i}--\n`;
    expect(mimeShape(Buffer.from(mail))).toEqual({ depth: 3, parts: 3 });
    const { message } = await parseMessage(Buffer.from(mail), '', source);
    expect(message.warnings).toEqual([]);
    expect(message.text.trim()).toBe('inner text');
  });

  it('counts sibling parts and stops MIME parsing beyond MAX_MIME_PARTS', async () => {
    let mail = 'From: a@example.org\nSubject: many\nMessage-ID: <many@example.org>\nDate: Mon, 6 Jan 2025 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=x\n\n';
    for (let i = 0; i <= MAX_MIME_PARTS; i++) mail += `--x\nContent-Type: text/plain\n\npart ${i}\n`;
    mail += '--x--\n';
    expect(mimeShape(Buffer.from(mail)).parts).toBe(MAX_MIME_PARTS + 1);
    const { message } = await parseMessage(Buffer.from(mail), '', source);
    expect(message.warnings.map((w) => w.kind)).toEqual(['mime-limit']);
  });

  it('parses only the first MAX_MESSAGE_BYTES of a huge message, keeping its true size', async () => {
    const head = 'From: a@example.org\nSubject: huge\nMessage-ID: <huge@example.org>\n\n';
    const mail = Buffer.concat([Buffer.from(head), Buffer.alloc(MAX_MESSAGE_BYTES + 1024, 'a\n')]);
    const { message } = await parseMessage(mail, '', source);
    expect(message.size).toBe(mail.length);
    expect(message.warnings.map((w) => w.kind).sort()).toEqual(['missing-date', 'oversized-message', 'truncated-text']);
    expect(message.subject).toBe('huge');
  });

  it('reads only the first MAX_HEADER_BYTES of a header block', async () => {
    const mail = `From: a@example.org\nSubject: long header\nMessage-ID: <long-header@example.org>\n${'X-Junk: y\n'.repeat(MAX_HEADER_BYTES / 10 + 10)}Subject: late\n\nbody\n`;
    const { message } = await parseMessage(Buffer.from(mail), '', source);
    expect(message.warnings.map((w) => w.kind)).toEqual(['oversized-header', 'missing-date']);
    expect(message.subject).toBe('long header');
    expect(message.text).toBe('');
  });
});
