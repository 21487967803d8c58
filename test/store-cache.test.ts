import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { STORE_VERSION, Store } from '../src/store/store.ts';

const dirs: string[] = [];
const storeDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-cache-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('store caches', () => {
  it('read a value for the tag it was kept with, and none for another', async () => {
    const store = new Store(storeDir());
    await store.writeCache('minutes-dev', { threads: [1, 2, 3] }, 'sources-a');
    expect(await store.readCache('minutes-dev', 'sources-a')).toEqual({ threads: [1, 2, 3] });
    expect(await store.readCache('minutes-dev', 'sources-b')).toBeUndefined();
    expect(await store.readCache('minutes-dev')).toBeUndefined();
    expect(await store.readCache('nothing-kept', 'sources-a')).toBeUndefined();
  });

  it('read a broken value as none, and the value again once whole', async () => {
    const store = new Store(storeDir());
    await store.writeCache('patches-dev', { series: 'x'.repeat(1000) }, 'kept');
    const file = join(store.dir, 'caches', 'patches-dev.bin');
    const bytes = readFileSync(file);
    // The value's bytes broken after the head: read as none, and the value again once whole.
    writeFileSync(file, Buffer.concat([bytes.subarray(0, bytes.length - 40), Buffer.alloc(40, 0xff)]));
    expect(await store.readCache('patches-dev', 'kept')).toBeUndefined();
    writeFileSync(file, bytes);
    expect(await store.readCache('patches-dev', 'kept')).toEqual({ series: 'x'.repeat(1000) });
  });

  it('read a cache of the format before (the value and its tag compressed together) as none, and replace it', async () => {
    const store = new Store(storeDir());
    await store.writeCache('minutes-dev', 'current', 't');
    const file = join(store.dir, 'caches', 'minutes-dev.bin');
    // The format before: gzip(serialize({ version, tag, value })), whose first bytes are gzip's.
    writeFileSync(file, gzipSync(serialize({ version: STORE_VERSION, tag: 't', value: 'before' })));
    expect(await store.readCache('minutes-dev', 't')).toBeUndefined();
    await store.writeCache('minutes-dev', 'again', 't');
    expect(await store.readCache('minutes-dev', 't')).toBe('again');
  });

  it('keep a value as it was when kept, written by the time flushCaches returns', async () => {
    const store = new Store(storeDir());
    const value = { files: [['a/', 'k1']] };
    store.keepCache('plan-dev', value, 't');
    value.files.push(['b/', 'k2']);
    await store.flushCaches();
    expect(await store.readCache('plan-dev', 't')).toEqual({ files: [['a/', 'k1']] });
  });

  it('report a write that failed at flushCaches', async () => {
    const dir = storeDir();
    // A file where the caches folder would be: the write cannot happen.
    writeFileSync(join(dir, 'caches'), 'not a folder');
    const store = new Store(dir);
    store.keepCache('sitemap', { key: 'k' });
    await expect(store.flushCaches()).rejects.toThrow();
    await store.flushCaches();
  });
});
