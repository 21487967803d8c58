import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteWriter, TEMP_DIR, keyOf, sha1 as sha1Of } from '../src/site/writer.ts';
import { STORE_VERSION, Store } from '../src/store/store.ts';

const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex').slice(0, 24);

describe('keyOf', () => {
  it('hashes the UTF-8 bytes of its parts joined, short or long, with any characters', () => {
    for (const text of ['plain', 'Grüße — “quoted”', '\uD800 short lone', `${'Grüße — ✓ '.repeat(2000)}\uD800 lone`, 'x'.repeat(10_000)]) {
      expect(keyOf('site', text), text.slice(0, 20)).toBe(sha1(Buffer.from(`site\u0000${text}\u0000`, 'utf8')));
    }
  });

  it('hashes bytes as they are, alone or beside texts', () => {
    const bytes = new Uint8Array([0xff, 0, 0x41]);
    expect(keyOf(bytes)).toBe(sha1(Buffer.from([0xff, 0, 0x41, 0])));
    expect(keyOf('site', bytes, 'é')).toBe(sha1(Buffer.concat([Buffer.from('site\u0000'), Buffer.from([0xff, 0, 0x41, 0]), Buffer.from('é\u0000')])));
  });

  it('hashes a text in one call as a Hash object does, in hex or base64', () => {
    for (const text of ['', 'plain', 'Grüße — “quoted”', '\uDC00 lone']) {
      expect(sha1Of(text, 'hex')).toBe(createHash('sha1').update(text).digest('hex'));
      expect(sha1Of(text, 'base64')).toBe(createHash('sha1').update(text).digest('base64'));
    }
  });

  it('gives another key when a part moves across the boundary between parts', () => {
    expect(keyOf('ab', 'c')).not.toBe(keyOf('a', 'bc'));
    const long = 'é'.repeat(5000);
    expect(keyOf(long, 'c')).not.toBe(keyOf(long.slice(0, -1), 'éc'));
  });
});

/** Run a test in a temporary folder, removed after it. */
async function inTempDir(test: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-writer-'));
  try {
    await test(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SiteWriter', () => {
  it('records each file before any byte of it is written, and a write that fails stays recorded as begun', () =>
    inTempDir(async (dir) => {
      const store = new Store(join(dir, 'store'));
      const outDir = join(dir, 'dist');
      mkdirSync(join(outDir, 'a'), { recursive: true });
      writeFileSync(join(outDir, 'a', 'index.html'), '<p>old</p>');
      await store.writeManifest({ version: STORE_VERSION, outDir, base: '/', site: undefined, files: { 'a/': 'k1', 'b.txt': 'k2' } });
      // What the file held when the writer recorded it: the old bytes, or nothing yet.
      const seen: [string, string | undefined][] = [];
      const journal = store.writingJournal(outDir);
      const writer = new SiteWriter(outDir, {
        name: 'w',
        journal: {
          writing: (path) => {
            const file = join(outDir, path.endsWith('/') ? `${path}index.html` : path);
            seen.push([path, existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined]);
            journal.writing(path);
          },
          close: () => journal.close(),
        },
      });
      writer.write('a/', '<p>new</p>');
      writer.write('c/d.txt', 'new file');
      // A folder where a file goes: the write fails after the record.
      mkdirSync(join(outDir, 'e.txt'));
      expect(() => writer.write('e.txt', 'x')).toThrow();
      // The build records what it finished: `a/` only.
      await store.journal(outDir, [['a/', 'k3']]);
      writer.close();
      expect(seen).toEqual([
        ['a/', '<p>old</p>'],
        ['c/d.txt', undefined],
        ['e.txt', undefined],
      ]);
      expect(readFileSync(join(outDir, 'a', 'index.html'), 'utf8')).toBe('<p>new</p>');
      expect(readFileSync(join(outDir, 'c', 'd.txt'), 'utf8')).toBe('new file');
      const manifest = await store.readManifest(outDir);
      expect(manifest?.files).toEqual({ 'a/': 'k3', 'b.txt': 'k2', 'c/d.txt': '?', 'e.txt': '?' });
      expect(existsSync(join(outDir, TEMP_DIR, 'w'))).toBe(false);
    }));

  it('writes under the files own names without a temporary name, and records nothing', () =>
    inTempDir(async (dir) => {
      const writer = new SiteWriter(join(dir, 'dist'));
      writer.write('x/', 'page');
      writer.close();
      expect(readFileSync(join(dir, 'dist', 'x', 'index.html'), 'utf8')).toBe('page');
      expect(readdirSync(join(dir, 'dist'))).toEqual(['x']);
    }));
});

describe('Store.readManifest', () => {
  it('gives the plans the manifest holds only while its journal is empty', () =>
    inTempDir(async (dir) => {
      const store = new Store(join(dir, 'store'));
      const outDir = join(dir, 'dist');
      await store.writeManifest({ version: STORE_VERSION, outDir, base: '/', site: undefined, files: { 'a/': 'k1' }, plans: { dev: 'token-1' } });
      expect((await store.readManifest(outDir))?.plans).toEqual({ dev: 'token-1' });
      // A build stopped after it wrote a file: the plan's files may no longer be as it recorded.
      await store.journal(outDir, [['a/', 'k2']]);
      const manifest = await store.readManifest(outDir);
      expect(manifest?.files).toEqual({ 'a/': 'k2' });
      expect(manifest?.plans).toBeUndefined();
    }));
});

describe('the site manifest', () => {
  const manifestFile = (storeDir: string) => {
    const sites = join(storeDir, 'sites');
    return join(sites, readdirSync(sites)[0]!, 'manifest.json');
  };

  it('keeps every path and key, in order, whatever the path', () =>
    inTempDir(async (dir) => {
      const store = new Store(join(dir, 'store'));
      const outDir = join(dir, 'dist');
      const files = new Map([
        ['b/', 'k1'],
        ['a/m/x"y\\z@example.org/', 'k2'],
        ['__proto__', 'k3'],
        ['12', 'k4'],
        ['dev/m/Grüße@example.org/raw.txt', 'raw:k5'],
      ]);
      await store.writeManifest({ version: STORE_VERSION, outDir, base: '/', site: undefined, files, plans: { dev: 'token-1' } });
      const saved = JSON.parse(readFileSync(manifestFile(join(dir, 'store')), 'utf8'));
      expect(saved.paths).toEqual([...files.keys()]);
      expect(saved.keys).toEqual([...files.values()]);
      // What an earlier version reads: no files, so it writes every file again.
      expect(saved.files).toEqual({});
      const manifest = await store.readManifest(outDir);
      expect(Object.entries(manifest!.files).sort()).toEqual([...files].sort());
      expect(Object.getPrototypeOf(manifest!.files)).toBe(Object.prototype);
      expect(manifest!.plans).toEqual({ dev: 'token-1' });
      expect((await store.readManifestPaths(outDir)).sort()).toEqual([...files.keys()].sort());
      // A build stopped after it wrote one: the journal's key, as an own property too.
      await store.journal(outDir, [['__proto__', 'k9']]);
      const after = await store.readManifest(outDir);
      expect(Object.getOwnPropertyDescriptor(after!.files, '__proto__')?.value).toBe('k9');
      expect(Object.getPrototypeOf(after!.files)).toBe(Object.prototype);
    }));

  it("reads an earlier version's manifest, which holds the files as an object", () =>
    inTempDir(async (dir) => {
      const store = new Store(join(dir, 'store'));
      const outDir = join(dir, 'dist');
      await store.writeManifest({ version: STORE_VERSION, outDir, base: '/', site: undefined, files: {} });
      writeFileSync(manifestFile(join(dir, 'store')), JSON.stringify({ version: STORE_VERSION, outDir, base: '/', files: { 'a/': 'k1', 'b.txt': 'k2' }, plans: { dev: 't' } }));
      const manifest = await store.readManifest(outDir);
      expect(manifest?.files).toEqual({ 'a/': 'k1', 'b.txt': 'k2' });
      expect(manifest?.plans).toEqual({ dev: 't' });
      expect(await store.readManifestPaths(outDir)).toEqual(['a/', 'b.txt']);
    }));

  it('is no manifest when its paths and keys do not pair up', () =>
    inTempDir(async (dir) => {
      const store = new Store(join(dir, 'store'));
      const outDir = join(dir, 'dist');
      await store.writeManifest({ version: STORE_VERSION, outDir, base: '/', site: undefined, files: {} });
      writeFileSync(manifestFile(join(dir, 'store')), JSON.stringify({ version: STORE_VERSION, outDir, base: '/', files: {}, paths: ['a/', 'b/'], keys: ['k1'] }));
      expect(await store.readManifest(outDir)).toBeUndefined();
      expect(await store.readManifestPaths(outDir)).toEqual([]);
    }));
});

describe('Store.journal', () => {
  it('keeps every line whole while writers on other threads record files between its writes', () =>
    inTempDir(async (dir) => {
      const store = new Store(join(dir, 'store'));
      const outDir = join(dir, 'dist');
      await store.writeManifest({ version: STORE_VERSION, outDir, base: '/', site: undefined, files: {} });
      // About 2 MB of lines: `appendFile` wrote it in pieces of 512 KiB, cut inside a line.
      const entries: [string, string][] = Array.from({ length: 40_000 }, (_, i) => [`dev/m/message-${i}@example.org/`, `${'0123456789abcdef'.repeat(2).slice(0, 24)}`]);
      const writing = store.writingJournal(outDir);
      let done = false;
      const appended = store.journal(outDir, entries).then(() => (done = true));
      let recorded = 0;
      while (!done) {
        writing.writing(`other/${recorded++}.txt`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await appended;
      writing.close();
      expect(recorded).toBeGreaterThan(1);
      const files = (await store.readManifest(outDir))!.files;
      expect(Object.keys(files)).toHaveLength(entries.length + recorded);
      for (const [path, key] of entries) expect(files[path]).toBe(key);
      for (let i = 0; i < recorded; i++) expect(files[`other/${i}.txt`]).toBe('?');
    }));
});
