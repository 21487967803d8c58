import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MboxSplitter, NotMboxError, isEnvelopeLine, splitMbox, unescapeMboxrd } from '../src/lib/mbox.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/mbox/${name}`, import.meta.url));
const text = (b: Buffer) => b.toString('latin1');

/** Split the same bytes fed in chunks of `size`, to prove chunk boundaries do not matter. */
function splitInChunks(data: Buffer, size: number) {
  const splitter = new MboxSplitter();
  const out = [];
  for (let i = 0; i < data.length; i += size) out.push(...splitter.push(data.subarray(i, i + size)));
  out.push(...splitter.end());
  return out;
}

describe('isEnvelopeLine', () => {
  it('accepts the envelope forms real writers use', () => {
    expect(isEnvelopeLine('From alice@example.org Mon Jan  6 10:00:00 2025')).toBe(true);
    expect(isEnvelopeLine('From - ')).toBe(true);
    expect(isEnvelopeLine('From -')).toBe(true);
    expect(isEnvelopeLine('From test at example.com  Fri Apr  6 22:43:55 2007')).toBe(true);
    expect(isEnvelopeLine('From x Wed Feb  9 22:02 MET 2000')).toBe(true);
    expect(isEnvelopeLine('From 1539187224446148862@xxx Tue Jul 17 03:36:26 +0000 2018')).toBe(true);
    expect(isEnvelopeLine('From alice@example.org')).toBe(true);
  });
  it('rejects body text that merely starts with From', () => {
    expect(isEnvelopeLine('From Russia with love')).toBe(false);
    expect(isEnvelopeLine('From not mangled but this line should have been escaped')).toBe(false);
    expect(isEnvelopeLine('>From alice Mon Jan  6 10:00:00 2025')).toBe(false);
    expect(isEnvelopeLine('Fromage Mon Jan  6 10:00:00 2025')).toBe(false);
  });
});

describe('splitMbox', () => {
  it('undoes mboxrd escaping by exactly one >', () => {
    const [first, second] = splitMbox(fixture('mboxrd-escaped-from.mbox'));
    expect(text(first!.raw)).toContain('\nFrom the start\n>From twice\n');
    expect(text(first!.raw).endsWith('>From twice\n')).toBe(true);
    expect(text(second!.raw)).toContain('Subject: two');
  });

  it('records offsets and lengths that cover the file exactly', () => {
    const data = fixture('mboxrd-escaped-from.mbox');
    const messages = splitMbox(data);
    expect(messages.map((m) => m.index)).toEqual([0, 1]);
    expect(messages[0]!.offset).toBe(0);
    expect(messages[0]!.offset + messages[0]!.length).toBe(messages[1]!.offset);
    expect(messages[1]!.offset + messages[1]!.length).toBe(data.length);
    expect(text(data.subarray(messages[1]!.offset, messages[1]!.offset + 5))).toBe('From ');
  });

  it('splits CRLF and mixed line endings and strips the CRLF separator', () => {
    const messages = splitMbox(fixture('crlf-and-mixed-endings.mbox'));
    expect(messages).toHaveLength(2);
    expect(text(messages[0]!.raw)).toBe('Subject: one\r\n\r\nHello\r\n');
    expect(messages[0]!.envelope).toBe('alice@example.org Mon Jan  6 10:00:00 2025');
    expect(text(messages[1]!.raw)).toBe('Subject: two\n\nmixed\r\nendings\n');
  });

  it('skips a byte-order mark and leading blank lines', () => {
    const messages = splitMbox(fixture('bom-and-blank-lines.mbox'));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.offset).toBe(5);
    expect(text(messages[0]!.raw)).toBe('Subject: bom\n\nbody\n');
  });

  it('reads Pipermail "From x at y" envelopes', () => {
    const messages = splitMbox(fixture('pipermail-at-envelopes.mbox'));
    expect(messages.map((m) => m.envelope)).toEqual([
      'test at example.com  Fri Apr  6 22:43:55 2007',
      'other at example.com  Fri Apr  6 23:00:00 2007',
    ]);
  });

  it('keeps an unescaped "From Russia with love" line in the body', () => {
    const messages = splitMbox(fixture('unmunged-from-in-body.mbox'));
    expect(messages).toHaveLength(2);
    expect(text(messages[0]!.raw)).toContain('\nFrom Russia with love\n\nThe end.\n');
  });

  it('frames mboxcl2 messages by Content-Length, keeping envelope-like body lines', () => {
    const messages = splitMbox(fixture('mboxcl2-content-length.mbox'));
    expect(messages).toHaveLength(2);
    expect(messages[0]!.framing).toBe('content-length');
    expect(text(messages[0]!.raw)).toContain('\nFrom 2001 10:00 this looks like an envelope\nLine three\n');
    expect(text(messages[1]!.raw)).toContain('Subject: next');
  });

  it('falls back to envelope lines when Content-Length is wrong', () => {
    const messages = splitMbox(fixture('mboxcl2-wrong-content-length.mbox'));
    expect(messages).toHaveLength(2);
    expect(messages[0]!.framing).toBe('from-line');
    expect(text(messages[0]!.raw)).toContain('this body is longer than five bytes');
  });

  it('gives the same messages whatever the chunk size', () => {
    for (const name of ['mboxrd-escaped-from.mbox', 'crlf-and-mixed-endings.mbox', 'mboxcl2-content-length.mbox', 'unmunged-from-in-body.mbox', 'bom-and-blank-lines.mbox']) {
      const whole = splitMbox(fixture(name)).map((m) => [m.offset, m.length, text(m.raw)]);
      for (const size of [1, 2, 3, 7, 64]) {
        expect(splitInChunks(fixture(name), size).map((m) => [m.offset, m.length, text(m.raw)]), `${name} @${size}`).toEqual(whole);
      }
    }
  });

  it('returns nothing for an empty file', () => {
    expect(splitMbox(fixture('empty.mbox'))).toEqual([]);
  });

  it('rejects input that does not begin with an envelope line', () => {
    expect(() => splitMbox(fixture('not-mbox-no-envelope.txt'))).toThrow(NotMboxError);
    expect(() => splitMbox(fixture('not-mbox-no-envelope.txt'))).toThrow(/begins with "Return-Path/);
  });

  it('handles an envelope line directly followed by another', () => {
    const messages = splitMbox(Buffer.from('From a Mon Jan  6 10:00:00 2025\nFrom b Mon Jan  6 11:00:00 2025\nSubject: b\n\nx\n'));
    expect(messages.map((m) => text(m.raw))).toEqual(['', 'Subject: b\n\nx\n']);
  });
});

describe('unescapeMboxrd', () => {
  it('returns the same buffer when nothing is escaped', () => {
    const b = Buffer.from('a\n> quoted\nb\n');
    expect(unescapeMboxrd(b)).toBe(b);
  });
  it('unescapes a first line', () => {
    expect(text(unescapeMboxrd(Buffer.from('>From x\n')))).toBe('From x\n');
  });
});

describe('splitMbox properties', () => {
  // Lines that stress the format: envelope look-alikes, escaped ones, blank lines, CRLF.
  const line = fc.oneof(
    fc.constantFrom('', 'From here on', 'From alice Mon Jan  6 10:00:00 2025', '>From x', '>>From y', 'From ', 'plain text', 'Content-Length: 5'),
    fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  );
  const message = fc.record({
    subject: fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' ')),
    body: fc.array(line, { maxLength: 12 }),
    crlf: fc.boolean(),
  });

  it('splitting what an mboxrd writer joined gives back the same messages', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 64 }), (messages, chunk) => {
        const originals = messages.map(({ subject, body, crlf }) => {
          const nl = crlf ? '\r\n' : '\n';
          return `Subject: ${subject}${nl}${nl}${body.map((l) => l + nl).join('')}`;
        });
        // An mboxrd writer: envelope, body with every ^>*From escaped by one more '>', blank separator.
        const mbox = originals
          .map((m, i) => `From sender${i}@example.org Mon Jan  6 10:00:0${i % 10} 2025\n${m.replace(/^(>*From )/gm, '>$1')}\n`)
          .join('');
        const split = splitInChunks(Buffer.from(mbox, 'latin1'), chunk);
        expect(split.map((m) => text(m.raw))).toEqual(originals);
      }),
      { numRuns: 300 },
    );
  });
});
