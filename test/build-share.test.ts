import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SharedMessageWriter, abandonMinutes, createBuildShare, publishBuildShare, publishMinutes, sharedMessage, sharedMinutesPath } from '../src/store/build-share.ts';

const rendered = (text: string) => ({ view: { open: '<article id="a">', heading: 'S', rest: `<pre>${text}</pre></article>` }, page: { before: '<p>before</p>', after: '<p>after</p>' } });

describe('messages and minutes shared by the site worker', () => {
  afterEach(() => publishBuildShare(undefined));

  it('gives nothing until the worker has written a message, then that message, for the right list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-share-'));
    const share = createBuildShare(dir, [{ name: 'a', messages: 2 }, { name: 'b', messages: 3 }]);
    publishBuildShare(share);
    expect(sharedMessage('b', 1)).toBeUndefined();
    const writer = new SharedMessageWriter(share);
    writer.write('a', 1, rendered('a1 ünïcode'));
    writer.write('b', 1, rendered('b1'));
    writer.close();
    expect(sharedMessage('a', 0)).toBeUndefined();
    expect(sharedMessage('a', 1)).toEqual(rendered('a1 ünïcode'));
    expect(sharedMessage('b', 1)).toEqual(rendered('b1'));
    expect(sharedMessage('b', 2)).toBeUndefined();
    expect(sharedMessage('unknown', 0)).toBeUndefined();
  });

  it('gives nothing when no build is running', () => {
    expect(sharedMessage('a', 0)).toBeUndefined();
    expect(sharedMinutesPath('a')).toBeUndefined();
  });

  it('names a list minutes file only once it is marked written, after waiting a while for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-share-'));
    const share = createBuildShare(dir, [{ name: 'a', messages: 1 }]);
    publishBuildShare(share);
    expect(sharedMinutesPath('a', 20)).toBeUndefined();
    publishMinutes(share, 'a');
    expect(sharedMinutesPath('a', 20)).toBe(share.lists[0]!.minutesPath);
    expect(sharedMinutesPath('b', 20)).toBeUndefined();
  });

  it('stops waiting at once when the worker gives up on minutes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-share-'));
    const share = createBuildShare(dir, [{ name: 'a', messages: 1 }, { name: 'b', messages: 1 }]);
    publishBuildShare(share);
    publishMinutes(share, 'a');
    abandonMinutes(share);
    const started = Date.now();
    expect(sharedMinutesPath('b', 60_000)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(sharedMinutesPath('a', 60_000)).toBe(share.lists[0]!.minutesPath);
  });

  it('wakes a page waiting for minutes when the worker marks them written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-share-'));
    const share = createBuildShare(dir, [{ name: 'a', messages: 1 }]);
    publishBuildShare(share);
    const source = `
      const { workerData } = require('node:worker_threads');
      setTimeout(() => { Atomics.store(workerData.minutesReady, 0, 1); Atomics.notify(workerData.minutesReady, 0); }, 100);`;
    new Worker(source, { eval: true, workerData: share });
    const started = Date.now();
    expect(sharedMinutesPath('a', 60_000)).toBe(share.lists[0]!.minutesPath);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('sees what another thread writes into the shared tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-share-'));
    const share = createBuildShare(dir, [{ name: 'a', messages: 1 }]);
    publishBuildShare(share);
    // A worker that writes one message the way the site worker does: file first, then the length.
    const source = `
      const { workerData } = require('node:worker_threads');
      const { openSync, writeSync, closeSync } = require('node:fs');
      const bytes = Buffer.from(JSON.stringify({ view: { open: '', heading: 'from the worker', rest: '' }, page: { before: '', after: '' } }));
      const fd = openSync(workerData.messagesPath, 'w');
      writeSync(fd, bytes, 0, bytes.length, 0);
      closeSync(fd);
      workerData.offsets[0] = 0;
      Atomics.store(workerData.lengths, 0, bytes.length);`;
    await new Promise((resolve, reject) => new Worker(source, { eval: true, workerData: share }).once('exit', resolve).once('error', reject));
    expect(sharedMessage('a', 0)).toEqual({ view: { open: '', heading: 'from the worker', rest: '' }, page: { before: '', after: '' } });
    expect(readFileSync(share.messagesPath, 'utf8')).toContain('from the worker');
  });
});
