import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.ts';

const dirs: string[] = [];
const storeDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-lock-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
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
