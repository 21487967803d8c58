import fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writePagesSynchronously } from '../src/store/page-writes.ts';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-writes-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writePagesSynchronously', () => {
  // Each test but the last runs with the synchronous calls in place, and puts the originals back.
  let restore: (() => void) | undefined;
  const install = () => (restore = writePagesSynchronously());
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('writes a page before the promise is awaited, and settles the promise as before', async () => {
    const dir = scratch();
    install();
    const made = fs.promises.mkdir(join(dir, 'm', 'a'), { recursive: true });
    expect(fs.existsSync(join(dir, 'm', 'a'))).toBe(true);
    await expect(made).resolves.toBe(join(dir, 'm'));
    const written = fs.promises.writeFile(join(dir, 'm', 'a', 'index.html'), Buffer.from('<p>page</p>'));
    expect(readFileSync(join(dir, 'm', 'a', 'index.html'), 'utf8')).toBe('<p>page</p>');
    await expect(written).resolves.toBeUndefined();
  });

  it('turns a failure into a rejected promise, not a throw', async () => {
    const dir = scratch();
    install();
    let call: Promise<void> | undefined;
    expect(() => (call = fs.promises.writeFile(join(dir, 'missing', 'index.html'), 'x'))).not.toThrow();
    await expect(call).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves a file handle to the original call', async () => {
    const dir = scratch();
    install();
    const handle = await fs.promises.open(join(dir, 'handle.txt'), 'w');
    await fs.promises.writeFile(handle, 'through the handle');
    await handle.close();
    expect(readFileSync(join(dir, 'handle.txt'), 'utf8')).toBe('through the handle');
  });

  it('puts the original calls back', () => {
    const { mkdir, writeFile } = fs.promises;
    const put = writePagesSynchronously();
    expect(fs.promises.writeFile).not.toBe(writeFile);
    put();
    expect(fs.promises.mkdir).toBe(mkdir);
    expect(fs.promises.writeFile).toBe(writeFile);
  });
});
