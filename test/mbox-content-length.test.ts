import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MboxSplitter, type MboxMessage, splitMbox } from '../src/lib/mbox.ts';
import { mboxrdEntry } from '../src/lib/mbox-write.ts';

// A message's Content-Length against the mboxrd downloads, which keep the header as the message
// had it while escaping `^>*From ` lines: the splitter must give every message back byte for byte.

const fixture = (name: string) => readFileSync(new URL(`./fixtures/mbox/${name}`, import.meta.url));
const bytes = (s: string) => Buffer.from(s, 'latin1');
const text = (b: Buffer) => b.toString('latin1');

/** The thread or month download of these messages, as the site writes it. */
const download = (raws: readonly string[]) => Buffer.concat(raws.flatMap((raw, i) => mboxrdEntry(bytes(raw), Date.UTC(2025, 0, 6, i))));

/** A message whose Content-Length counts its body (`^>*From ` lines unescaped), plus `delta`. */
const framed = (subject: string, body: string, nl = '\n', delta = 0) =>
  `Subject: ${subject}${nl}Content-Length: ${bytes(body).length + delta}${nl}${nl}${body}`;

/** Split the same bytes fed in chunks of `size`, to prove chunk boundaries do not matter. */
function splitInChunks(data: Buffer, size: number): MboxMessage[] {
  const splitter = new MboxSplitter();
  const out: MboxMessage[] = [];
  for (let i = 0; i < data.length; i += size) out.push(...splitter.push(data.subarray(i, i + size)));
  out.push(...splitter.end());
  return out;
}

describe('reading a download back', () => {
  it('gives back a message whose Content-Length one escaped From line outdated', () => {
    const cases = {
      'followed by another message': [framed('one', 'Quoting:\n>From the archive\n'), 'Subject: two\n\nok\n'],
      'last in the file': ['Subject: one\n\nok\n', framed('two', 'From the start\n')],
      'with CRLF line endings': [framed('crlf', 'a\r\nFrom me\r\n', '\r\n'), framed('next', 'b\r\n', '\r\n')],
      'with three escaped lines': [framed('three', 'From a\n>From b\n>>From c\n'), 'Subject: z\n\nz\n'],
    };
    for (const [name, raws] of Object.entries(cases)) {
      expect(splitMbox(download(raws)).map((m) => text(m.raw)), name).toEqual(raws);
    }
  });

  it('gives back a message whose Content-Length happens to count its escaped body', () => {
    // Consistent framing in the download: one line break after the body, then an envelope line.
    // Its `From mboxrd@z` envelope names mboxrd, whose writers keep each header as it was.
    const raws = [framed('counted escaped', 'From the archive\n', '\n', 1), 'Subject: two\n\nok\n'];
    const split = splitMbox(download(raws));
    expect(split.map((m) => text(m.raw))).toEqual(raws);
    expect(split.map((m) => m.framing)).toEqual(['from-line', 'from-line']);
  });

  it('does not let a Content-Length that reaches the next envelope line join two messages', () => {
    // The first message's length is forged to end one byte before the third envelope line.
    const raws = ['Subject: forged\nContent-Length: 0000\n\nhi\n', 'Subject: swallowed\n\nbye\n', 'Subject: three\n\nok\n'];
    const file = download(raws);
    const bodyStart = file.indexOf('hi\n');
    const third = file.lastIndexOf('From mboxrd@z ');
    raws[0] = raws[0]!.replace('0000', String(third - 1 - bodyStart).padStart(4, '0'));
    const split = splitMbox(download(raws));
    expect(split.map((m) => text(m.raw))).toEqual(raws);
  });

  it('gives back every message whatever its Content-Length says, at any chunk size (property)', () => {
    const line = fc.oneof(
      fc.constantFrom('', 'From x', '>From y', '>>From z', 'From Mon Jan  6 10:00:00 2025', 'From mboxrd@z Mon Jan  6 10:00:00 2025', 'plain'),
      fc.string({ unit: 'binary-ascii', maxLength: 16 }).map((s) => s.replace(/[\r\n]/g, '')),
    );
    const message = fc
      .record({ lines: fc.array(line, { minLength: 1, maxLength: 8 }), crlf: fc.boolean(), delta: fc.integer({ min: -3, max: 3 }), escaped: fc.boolean() })
      .map(({ lines, crlf, delta, escaped }) => {
        const nl = crlf ? '\r\n' : '\n';
        const body = lines.map((l) => l + nl).join('');
        // Lengths of the body as the message has it, or as an mboxrd writer escaped it, give or take.
        const counted = escaped ? body.replace(/^(>*From )/gm, '>$1') : body;
        return framed('p', body, nl, bytes(counted).length - bytes(body).length + delta);
      });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 64 }), (raws, chunk) => {
        expect(splitInChunks(download(raws), chunk).map((m) => text(m.raw))).toEqual(raws);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Content-Length in mbox files of other writers', () => {
  it('splits at envelope lines when the body would end two line breaks before the next one', () => {
    // An mboxrd writer with real envelope senders that kept the header (as the downloads do).
    const file = bytes(
      'From alice@example.org Mon Jan  6 10:00:00 2025\nSubject: one\nContent-Length: 26\n\nQuoting:\n>From the archive\n\n' +
        'From bob@example.org Mon Jan  6 11:00:00 2025\nSubject: two\nContent-Length: 8\n\n>From me\n\n',
    );
    const split = splitMbox(file);
    expect(split.map((m) => text(m.raw))).toEqual([
      'Subject: one\nContent-Length: 26\n\nQuoting:\nFrom the archive\n',
      'Subject: two\nContent-Length: 8\n\nFrom me\n',
    ]);
    expect(split.map((m) => m.framing)).toEqual(['from-line', 'from-line']);
  });

  it('frames mboxcl2 by Content-Length and keeps a >From line of a framed body as written', () => {
    // Netscape's folders: a forwarded message that begins with its own `>From - ` envelope.
    const split = splitMbox(fixture('mboxcl2-quoted-from-in-body.mbox'));
    expect(split.map((m) => m.framing)).toEqual(['content-length', 'content-length']);
    expect(text(split[0]!.raw)).toContain('\n\n>From - Fri Dec 13 15:01:21 1996\nSubject: inner\n');
    for (const size of [1, 2, 5, 64]) {
      expect(splitInChunks(fixture('mboxcl2-quoted-from-in-body.mbox'), size).map((m) => text(m.raw)), `@${size}`).toEqual(split.map((m) => text(m.raw)));
    }
  });

  it("reads back a download of the framed messages with each one's bytes", () => {
    const originals = splitMbox(fixture('mboxcl2-quoted-from-in-body.mbox')).map((m) => text(m.raw));
    const again = splitMbox(download(originals));
    expect(again.map((m) => text(m.raw))).toEqual(originals);
  });
});
