import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { abandonMessages, abandonMinutes, createBuildShare, messageFor, publishBuildShare, publishMinutes, renderAhead, sharedMessage, sharedMinutesPath } from '../src/store/build-share.ts';

const rendered = (text: string) => ['<article id="a">', 'S ünïcode', `<pre>${text}</pre></article>`, '', '<p>after</p>'];

describe('messages and minutes shared by the site worker', () => {
  afterEach(() => publishBuildShare(undefined));

  it('gives nothing until a message is rendered ahead, then that message, for the right list', () => {
    const share = createBuildShare(mkdtempSync(join(tmpdir(), 'threadline-share-')), [{ name: 'a', messages: 2 }, { name: 'b', messages: 3 }]);
    publishBuildShare(share);
    expect(sharedMessage('b', 1)).toBeUndefined();
    renderAhead(share, 'a', 1, () => rendered('a1 ünïcode'));
    renderAhead(share, 'b', 1, () => rendered('b1'));
    expect(sharedMessage('a', 0)).toBeUndefined();
    expect(sharedMessage('a', 1)).toEqual(rendered('a1 ünïcode'));
    expect(sharedMessage('b', 1)).toEqual(rendered('b1'));
    expect(sharedMessage('b', 2)).toBeUndefined();
    expect(sharedMessage('unknown', 0)).toBeUndefined();
    expect(messageFor('b', 1, () => expect.unreachable('rendered twice'))).toEqual(rendered('b1'));
  });

  it('renders a message once: a page that gets there first renders and shares it, and the worker skips it', () => {
    const share = createBuildShare(mkdtempSync(join(tmpdir(), 'threadline-share-')), [{ name: 'a', messages: 3 }]);
    publishBuildShare(share);
    const renders: string[] = [];
    const render = (who: string, text: string) => () => {
      renders.push(`${who} ${text}`);
      return rendered(text);
    };
    expect(messageFor('a', 1, render('page', 'one'))).toEqual(rendered('one'));
    for (let n = 0; n < 3; n++) renderAhead(share, 'a', n, render('worker', String(n)));
    expect(renders).toEqual(['page one', 'worker 0', 'worker 2']);
    expect(sharedMessage('a', 1)).toEqual(rendered('one'));
    expect(sharedMessage('a', 2)).toEqual(rendered('2'));
  });

  it('makes its folder when the build has not made it yet', () => {
    const share = createBuildShare(join(mkdtempSync(join(tmpdir(), 'threadline-share-')), 'worker', 'new'), [{ name: 'a', messages: 1 }]);
    publishBuildShare(share);
    renderAhead(share, 'a', 0, () => rendered('0'));
    expect(sharedMessage('a', 0)).toEqual(rendered('0'));
  });

  it('renders everything in place when no build is running', () => {
    expect(messageFor('a', 0, () => rendered('here'))).toEqual(rendered('here'));
  });

  it('stops waiting for a message the worker took when the worker gives up, and renders it', () => {
    const share = createBuildShare(mkdtempSync(join(tmpdir(), 'threadline-share-')), [{ name: 'a', messages: 1 }]);
    publishBuildShare(share);
    Atomics.store(share.claims, 0, 1);
    abandonMessages(share);
    const started = Date.now();
    expect(messageFor('a', 0, () => rendered('in place'))).toEqual(rendered('in place'));
    expect(Date.now() - started).toBeLessThan(30_000);
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

  it('waits for a message another thread is rendering, and sees what it writes', () => {
    const share = createBuildShare(mkdtempSync(join(tmpdir(), 'threadline-share-')), [{ name: 'a', messages: 2 }]);
    publishBuildShare(share);
    // Another thread has taken message 1 and writes it the way the site worker does: it takes
    // bytes of the file, writes them, then stores the length and wakes whoever waits.
    Atomics.store(share.claims, 1, 1);
    const source = `
      const { workerData: share } = require('node:worker_threads');
      const { openSync, writeSync, closeSync } = require('node:fs');
      setTimeout(() => {
        const text = Buffer.from('from the worker');
        const bytes = Buffer.alloc(8 + text.length);
        bytes.writeUInt32LE(1, 0);
        bytes.writeUInt32LE(text.length, 4);
        text.copy(bytes, 8);
        const offset = Number(Atomics.add(share.size, 0, BigInt(bytes.length)));
        const fd = openSync(share.messagesPath, 'r+');
        writeSync(fd, bytes, 0, bytes.length, offset);
        closeSync(fd);
        share.offsets[1] = offset;
        Atomics.store(share.lengths, 1, bytes.length);
        Atomics.notify(share.lengths, 1);
      }, 100);`;
    new Worker(source, { eval: true, workerData: share });
    const started = Date.now();
    expect(messageFor('a', 1, () => expect.unreachable('rendered while the other thread renders it'))).toEqual(['from the worker']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(readFileSync(share.messagesPath, 'utf8')).toContain('from the worker');
  });
});
