import { describe, expect, it } from 'vitest';
import { charsetOf, prepareTextParts, mediaType, scanMime, undeclaredCharset } from '../src/lib/mime.ts';

describe('scanMime', () => {
  it('finds each leaf part\'s header block and body, the line break before a boundary excluded', () => {
    const mail = 'Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\npreamble\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\nepilogue\r\n';
    const raw = Buffer.from(mail);
    const { depth, parts, leaves } = scanMime(raw);
    expect({ depth, parts }).toEqual({ depth: 1, parts: 2 });
    expect(leaves.map((l) => raw.toString('latin1', l.bodyStart, l.bodyEnd))).toEqual(['one', 'two']);
    expect(leaves.map((l) => raw.toString('latin1', l.headerStart, l.headerEnd))).toEqual(['Content-Type: text/plain\r\n', '']);
    expect(leaves.map((l) => l.contentType)).toEqual(['text/plain', undefined]);
  });

  it('takes a single part message as one leaf to the end', () => {
    const raw = Buffer.from('Content-Type: text/plain;\n charset=latin1\nContent-Transfer-Encoding: Quoted-Printable\n\nbody\n');
    expect(scanMime(raw).leaves).toEqual([
      { headerStart: 0, headerEnd: 86, bodyStart: 87, bodyEnd: raw.length, contentType: 'text/plain; charset=latin1', transferEncoding: 'Quoted-Printable', inMessage: false },
    ]);
  });

  it('marks the parts of an attached message, but not of one shown inline', () => {
    const mail =
      'Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n--o\n\nouter body\n--o\nContent-Type: message/rfc822\nContent-Disposition: inline\n\nSubject: shown\nContent-Type: multipart/alternative; boundary=a\n\n--a\n\nshown body\n--a--\n--o--\n';
    const raw = Buffer.from(mail);
    const { leaves } = scanMime(raw);
    expect(leaves.map((l) => [raw.toString('latin1', l.bodyStart, l.bodyEnd), l.inMessage])).toEqual([
      ['inner body', true],
      ['outer body', false],
      ['shown body', false],
    ]);
  });
});

describe('mediaType', () => {
  it('reads text without a valid subtype as text/plain, naming what was written (RFC 2045 5.2)', () => {
    expect(mediaType('text')).toEqual({ type: 'text/plain', corrected: 'text' });
    expect(mediaType('TEXT/; charset=x')).toEqual({ type: 'text/plain', corrected: 'text/' });
    expect(mediaType('text/plain charset=iso-8859-1')).toEqual({ type: 'text/plain', corrected: 'text/plain charset=iso-8859-1' });
    expect(mediaType('Text/Plain; format=flowed')).toEqual({ type: 'text/plain' });
    expect(mediaType('text/x-diff')).toEqual({ type: 'text/x-diff' });
    expect(mediaType(undefined)).toEqual({ type: 'text/plain' });
  });
  it('reads the charset, quoted or not, also after a missing semicolon', () => {
    expect(charsetOf('text/plain; charset="ISO-8859-1"')).toBe('ISO-8859-1');
    expect(charsetOf("text/plain; charset='koi8-r'; format=flowed")).toBe('koi8-r');
    expect(charsetOf('text/plain charset=iso-8859-1')).toBe('iso-8859-1');
    expect(charsetOf('text/plain; name="charset=x"')).toBeUndefined();
    expect(charsetOf('text/plain')).toBeUndefined();
  });
});

describe('undeclaredCharset', () => {
  const bytes = (s: string, enc: BufferEncoding) => Buffer.from(s, enc);
  it('leaves declared charsets and pure ASCII alone', () => {
    expect(undeclaredCharset('iso-8859-1', bytes('café', 'latin1'))).toBeUndefined();
    expect(undeclaredCharset(undefined, bytes('plain', 'latin1'))).toBeUndefined();
  });
  it('chooses UTF-8 for valid UTF-8 and windows-1252 for anything else, for us-ascii by any name', () => {
    expect(undeclaredCharset('US-ASCII', bytes('café', 'utf8'))).toBe('utf-8');
    expect(undeclaredCharset('ANSI_X3.4-1968', bytes('café', 'latin1'))).toBe('windows-1252');
    expect(undeclaredCharset(undefined, Buffer.from([0x93, 0x68, 0x94]))).toBe('windows-1252');
  });
  it('reads a charset labelled unknown as undeclared: Pine writes X-UNKNOWN over latin-1 text', () => {
    expect(undeclaredCharset('X-UNKNOWN', Buffer.from('a\u00a0b', 'latin1'))).toBe('windows-1252');
    expect(undeclaredCharset('unknown-8bit', bytes('café', 'utf8'))).toBe('utf-8');
    expect(undeclaredCharset('x-unknown', bytes('plain', 'latin1'))).toBeUndefined();
  });
});

describe('prepareTextParts', () => {
  const relabel = (mail: string) => {
    const raw = Buffer.from(mail, 'latin1');
    const { raw: out, changes } = prepareTextParts(raw, scanMime(raw).leaves);
    return { mail: out.toString('latin1'), changes };
  };
  it('rewrites only the Content-Type of the parts it corrects, keeping other parameters', () => {
    const { mail, changes } = relabel('Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text;\n format=fixed\n\nhi\n--b\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 8bit\n\ncaf\xe9\n--b\n\nplain\n--b--\n');
    expect(mail).toBe('Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; format=fixed\n\nhi\n--b\nContent-Type: text/plain; charset="windows-1252"\nContent-Transfer-Encoding: 8bit\n\ncaf\xe9\n--b\n\nplain\n--b--\n');
    expect(changes).toEqual([{ corrected: 'text' }, { charset: 'windows-1252', declared: 'us-ascii' }]);
  });
  it('adds a Content-Type where a part with 8-bit text has none, and keeps CRLF', () => {
    const { mail } = relabel('Subject: x\r\n\r\ncaf\xc3\xa9\r\n');
    expect(mail).toBe('Content-Type: text/plain; charset="utf-8"\r\nSubject: x\r\n\r\ncaf\xc3\xa9\r\n');
  });
  it('hands shown flowed text over unfolded, as base64 without the flowed parameters', () => {
    const { mail, changes } = relabel('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; format=flowed; delsp=yes; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nsuper \r\nlong, \r\n\r\nnext\r\n--b\r\nContent-Type: text/plain; format=flowed\r\nContent-Disposition: attachment\r\n\r\nkept \r\nas is\r\n--b--\r\n');
    expect(mail).toBe(`Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('superlong,\n\nnext').toString('base64')}\r\n--b\r\nContent-Type: text/plain; format=flowed\r\nContent-Disposition: attachment\r\n\r\nkept \r\nas is\r\n--b--\r\n`);
    expect(changes).toEqual([]);
  });

  it('leaves an attached message\'s bytes alone', () => {
    const mail = 'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\nContent-Type: text\n\ncaf\xe9\n--b--\n';
    expect(relabel(mail)).toEqual({ mail, changes: [] });
  });
});
