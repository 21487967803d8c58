import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyOf } from '../src/site/writer.ts';

const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex').slice(0, 24);

describe('keyOf', () => {
  it('hashes the UTF-8 bytes of its parts joined, short or long, with any characters', () => {
    for (const text of ['plain', 'Grüße — “quoted”', `${'Grüße — ✓ '.repeat(2000)}\uD800 lone`, 'x'.repeat(10_000)]) {
      expect(keyOf('site', text), text.slice(0, 20)).toBe(sha1(Buffer.from(`site\u0000${text}\u0000`, 'utf8')));
    }
  });

  it('hashes bytes as they are, alone or beside texts', () => {
    const bytes = new Uint8Array([0xff, 0, 0x41]);
    expect(keyOf(bytes)).toBe(sha1(Buffer.from([0xff, 0, 0x41, 0])));
    expect(keyOf('site', bytes, 'é')).toBe(sha1(Buffer.concat([Buffer.from('site\u0000'), Buffer.from([0xff, 0, 0x41, 0]), Buffer.from('é\u0000')])));
  });

  it('gives another key when a part moves across the boundary between parts', () => {
    expect(keyOf('ab', 'c')).not.toBe(keyOf('a', 'bc'));
    const long = 'é'.repeat(5000);
    expect(keyOf(long, 'c')).not.toBe(keyOf(long.slice(0, -1), 'éc'));
  });
});
