import { describe, expect, it } from 'vitest';
import { parseMessage, type Message } from '../src/lib/message.ts';
import { scanMime } from '../src/lib/mime.ts';

const source = { file: 'fixture.mbox', index: 0, offset: 0, length: 0 };
const HEAD = 'From: Joe <joe@example.org>\nSubject: test\nMessage-ID: <broken@example.org>\nDate: Thu, 7 Nov 2013 17:54:55 +0000\nMIME-Version: 1.0\n';

async function parse(mail: string | Buffer): Promise<Message> {
  const raw = typeof mail === 'string' ? Buffer.from(mail, 'latin1') : mail;
  return (await parseMessage(raw, '', source)).message;
}

const broken = (m: Message) => m.warnings.filter((w) => w.kind === 'broken-multipart').map((w) => w.detail);

describe('a multipart that cannot be split into parts', () => {
  it('shows the body of a multipart with an empty boundary as text', async () => {
    const m = await parse(`${HEAD}Content-Type: multipart/mixed; boundary=""\n\n--\nContent-Type: text/plain\n\nHello world.\n`);
    expect(m.text).toBe('--\nContent-Type: text/plain\n\nHello world.\n');
    expect(broken(m)).toEqual(['multipart/mixed has an empty boundary; its body is shown as plain text']);
  });

  it('shows the body of a multipart without a boundary parameter as text', async () => {
    const m = await parse(`${HEAD}Content-Type: multipart/alternative\n\nJust words.\n`);
    expect(m.text).toBe('Just words.\n');
    expect(broken(m)).toEqual(['multipart/alternative has no boundary parameter; its body is shown as plain text']);
  });

  it('shows the body of a multipart whose boundary delimits no part, naming the boundary', async () => {
    // The IETF mail archive's sample: the quote around the boundary is never closed.
    const mail =
      `${HEAD}Content-Type: MULTIPART/ALTERNATIVE;\n BOUNDARY="Boundary (ID_EE1TWGeSN1iB/PisFol6)\n\n\n` +
      '--Boundary_(ID_EE1TWGeSN1iB/PisFol6NA)\nContent-type: text/plain; charset=iso-8859-1\n\nHello,\n\nmalformed boundaries.\n';
    const m = await parse(mail);
    expect(m.text).toContain('Hello,\n\nmalformed boundaries.');
    expect(m.text).toContain('--Boundary_(ID_EE1TWGeSN1iB/PisFol6NA)');
    expect(broken(m)).toEqual(['multipart/alternative has no part delimited by its boundary "Boundary (ID_EE1TWGeSN1iB/PisFol6)"; its body is shown as plain text']);
  });

  it('reads the raw body in the charset the multipart declares, or guesses one for 8-bit bytes', async () => {
    const declared = await parse(Buffer.concat([Buffer.from(`${HEAD}Content-Type: multipart/mixed; charset=iso-8859-2\n\n`), Buffer.from([0x50, 0xf8, 0xed, 0x0a])]));
    expect(declared.text).toBe('Pří\n');
    const guessed = await parse(Buffer.concat([Buffer.from(`${HEAD}Content-Type: multipart/mixed\n\n`), Buffer.from('café\n', 'latin1')]));
    expect(guessed.text).toBe('café\n');
    expect(guessed.warnings.map((w) => w.kind)).toEqual(['broken-multipart', 'undeclared-8bit']);
  });

  it('shows a broken inner multipart as text between the parts of a sound outer one', async () => {
    const mail =
      `${HEAD}Content-Type: multipart/mixed; boundary=outer\n\n--outer\nContent-Type: text/plain\n\nfirst\n` +
      '--outer\nContent-Type: multipart/alternative; boundary=inner\n\nlost words\n' +
      '--outer\nContent-Type: text/plain\n\nlast\n--outer--\n';
    const m = await parse(mail);
    expect(m.text).toContain('first');
    expect(m.text).toContain('lost words');
    expect(m.text).toContain('last');
    expect(broken(m)).toEqual(['multipart/alternative has no part delimited by its boundary "inner"; its body is shown as plain text']);
  });

  it('leaves a sound multipart alone, preamble hidden and no warning', async () => {
    const m = await parse(`${HEAD}Content-Type: multipart/mixed; boundary="b"\n\npreamble\n--b\nContent-Type: text/plain\n\nthe text\n--b--\n`);
    expect(m.text.trim()).toBe('the text');
    expect(m.warnings).toEqual([]);
  });
});

describe('scanMime on broken multiparts', () => {
  it('takes a multipart without a usable boundary as one leaf, saying why', () => {
    const raw = Buffer.from('Content-Type: multipart/mixed; boundary=x\n\n-- not x\nwords\n');
    const { leaves } = scanMime(raw);
    expect(leaves.map((l) => [raw.toString('latin1', l.bodyStart, l.bodyEnd), l.broken])).toEqual([
      ['-- not x\nwords\n', 'multipart/mixed has no part delimited by its boundary "x"'],
    ]);
  });

  it('ends such a leaf at the delimiter of the multipart around it', () => {
    const raw = Buffer.from('Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/related\n\ninner\n--o\n\nafter\n--o--\n');
    const { leaves } = scanMime(raw);
    expect(leaves.map((l) => [raw.toString('latin1', l.bodyStart, l.bodyEnd), l.broken])).toEqual([
      ['inner', 'multipart/related has no boundary parameter'],
      ['after', undefined],
    ]);
  });
});
