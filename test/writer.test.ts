import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteWriter, TEMP_DIR, keyOf } from '../src/site/writer.ts';
import { STORE_VERSION, Store } from '../src/store/store.ts';

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

describe('SiteWriter', () => {
  it('records a file in the journal before writing it, so one never recorded as written keeps no key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-writer-'));
    try {
      const store = new Store(join(dir, 'store'));
      const outDir = join(dir, 'dist');
      mkdirSync(outDir);
      await store.writeManifest({ version: STORE_VERSION, outDir, base: '/', site: undefined, files: { 'a/': 'k1', 'b.txt': 'k2' } });
      const writer = new SiteWriter(outDir, { name: 'w', journal: store.writingJournal(outDir) });
      writer.write('a/', '<p>new</p>');
      writer.write('c/d.txt', 'new file');
      // The build records what it finished: `a/` only, as if it stopped before `c/d.txt`.
      await store.journal(outDir, [['a/', 'k3']]);
      writer.close();
      expect(readFileSync(join(outDir, 'a', 'index.html'), 'utf8')).toBe('<p>new</p>');
      expect(readFileSync(join(outDir, 'c', 'd.txt'), 'utf8')).toBe('new file');
      const manifest = await store.readManifest(outDir);
      expect(manifest?.files['a/']).toBe('k3');
      expect(manifest?.files['b.txt']).toBe('k2');
      // Neither a key nor absent: the next build writes it again, or removes it.
      expect(manifest?.files['c/d.txt']).toBe('?');
      expect(existsSync(join(outDir, TEMP_DIR, 'w'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes directly and records nothing without a temporary name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-writer-'));
    try {
      const writer = new SiteWriter(dir);
      writer.write('x/', 'page');
      writer.close();
      expect(readFileSync(join(dir, 'x', 'index.html'), 'utf8')).toBe('page');
      expect(readdirSync(dir)).toEqual(['x']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
