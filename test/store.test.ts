import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { STORE_VERSION, Store } from '../src/store/store.ts';

const dirs: string[] = [];
const storeDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-store-'));
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

/** The lock a build of this machine left when it was killed: its process is gone. */
function staleLock(dir: string): string {
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  const stale = `${gone} ${hostname()} killed-build\n`;
  writeFileSync(join(dir, 'lock'), stale);
  return stale;
}

describe('store lock', () => {
  it('lets one of two builds that found the same stale lock take it over', () => {
    const dir = storeDir();
    const stale = staleLock(dir);
    // The first build takes the stale lock over.
    const unlock = new Store(dir).lock();
    const taken = readFileSync(join(dir, 'lock'), 'utf8');
    expect(taken).toMatch(new RegExp(`^${process.pid} ${hostname()} `));
    // The second found the same stale lock before that, and removes it now: the first build's
    // lock stays, and the second then finds it held.
    const second = new Store(dir);
    const draft = join(dir, 'second-draft');
    writeFileSync(draft, `${process.pid} ${hostname()} second\n`);
    second.breakLock(stale, draft);
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(taken);
    expect(existsSync(join(dir, 'lock.break'))).toBe(false);
    expect(() => second.lock()).toThrow(new RegExp(`another Threadline build or import \\(process ${process.pid} on ${hostname()}\\) is using the store`));
    unlock();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('takes over the lock of a killed build whose process is a zombie, not yet reaped', async () => {
    const dir = storeDir();
    // A shell starts a child that ends at once, then becomes a process that never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number((await new Promise<string>((done) => parent.stdout.once('data', (d: Buffer) => done(d.toString())))).trim());
      for (let i = 0; i < 50 && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); i++) await new Promise((r) => setTimeout(r, 20));
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toContain(') Z ');
      writeFileSync(join(dir, 'lock'), `${pid} ${hostname()} zombie\n`);
      const unlock = new Store(dir).lock();
      expect(readFileSync(join(dir, 'lock'), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
      unlock();
    } finally {
      parent.kill();
    }
  });

  it('stops a build that finds another taking over the stale lock, saying which file to remove', () => {
    const dir = storeDir();
    staleLock(dir);
    writeFileSync(join(dir, 'lock.break'), `${process.pid} ${hostname()} other\n`);
    expect(() => new Store(dir).lock()).toThrow(/another Threadline build or import is taking over the lock of the store .*: wait for it to end; if none is running, remove .*lock\.break/);
    // The stale lock is left for the build taking it over; nothing of this build's is left.
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toMatch(/killed-build/);
    expect(readdirSync(dir).sort()).toEqual(['lock', 'lock.break']);
    rmSync(join(dir, 'lock.break'));
    const unlock = new Store(dir).lock();
    unlock();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });
});
