import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../src/lib/mbox.ts';
import { asctime, escapeMboxrd, mboxrdEntry } from '../src/lib/mbox-write.ts';
import { deterministicGzip } from '../src/site/downloads.ts';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const mbox = (messages: { raw: Buffer; dateMs: number }[]) => Buffer.concat(messages.flatMap((m) => mboxrdEntry(m.raw, m.dateMs)));

describe('mboxrd writing', () => {
  it('writes envelope lines the splitter reads, with asctime dates in UTC', () => {
    expect(asctime(Date.UTC(2025, 0, 6, 10, 0, 0))).toBe('Mon Jan  6 10:00:00 2025');
    expect(asctime(Date.UTC(1999, 11, 31, 23, 59, 59))).toBe('Fri Dec 31 23:59:59 1999');
  });

  it('escapes From lines at any quoting depth, and only at a line start', () => {
    expect(Buffer.concat(escapeMboxrd(bytes('From x\n>From y\n>>From z\nnot From w\nFromage\n'))).toString('latin1')).toBe('>From x\n>>From y\n>>>From z\nnot From w\nFromage\n');
  });

  it("gives back every message's exact bytes through the project's splitter", () => {
    const messages = [
      { raw: bytes('Subject: a\n\nFrom the start\n>From quoted\n\n\nFrom Russia with love\n'), dateMs: Date.UTC(2025, 0, 1) },
      { raw: bytes('Subject: crlf\r\n\r\nline\r\nFrom me\r\n'), dateMs: Date.UTC(2025, 0, 2) },
      { raw: bytes('Subject: c\n\n>>>From deep\nFrom Mon Jan  6 10:00:00 2025\n'), dateMs: Date.UTC(2025, 0, 3) },
    ];
    const split = splitMbox(mbox(messages));
    expect(split.map((m) => m.raw.toString('latin1'))).toEqual(messages.map((m) => m.raw.toString('latin1')));
  });

  it('round-trips any message that ends with a line break (property)', () => {
    const line = fc.oneof(fc.constantFrom('From x', '>From y', '>>From ', 'From Mon Jan  6 10:00:00 2025', '', 'Content-Length: 3'), fc.string({ unit: 'binary-ascii', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')));
    const message = fc.array(line, { minLength: 1, maxLength: 12 }).map((lines) => bytes(`Subject: p\n\n${lines.join('\n')}\n`));
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 5 }), (raws) => {
        const split = splitMbox(mbox(raws.map((raw, i) => ({ raw, dateMs: i * 86_400_000 }))));
        expect(split.map((m) => m.raw.toString('latin1'))).toEqual(raws.map((r) => r.toString('latin1')));
      }),
      { numRuns: 300 },
    );
  });

  it('gzips deterministically: no time, no name, the OS byte "unknown"', () => {
    const data = mbox([{ raw: bytes('Subject: x\n\nhi\n'), dateMs: 0 }]);
    const a = deterministicGzip(data);
    expect(a.equals(deterministicGzip(data))).toBe(true);
    expect([...a.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]); // deflate, no FNAME/FEXTRA/FCOMMENT
    expect(a.readUInt32LE(4)).toBe(0); // MTIME
    expect(a[8]).toBe(4); // XFL: the fastest level (see GZIP_LEVEL)
    expect(a[9]).toBe(0xff);
    expect(gunzipSync(a).equals(data)).toBe(true);
  });
});
