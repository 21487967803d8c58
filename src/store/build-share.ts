/**
 * What the site worker hands to the page renderer during one build: messages rendered
 * ahead of the pages that show them, and each list's minutes. The worker finds the shared tables
 * in its workerData; the pages, which Astro bundles into modules of their own, find them through
 * a global that `buildSite` sets. Without it (`astro build` alone) pages render everything.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedMessage } from './message-page.ts';

/** The tables of one build; every array is backed by shared memory. */
export interface BuildShare {
  /** The file rendered messages are appended to. */
  messagesPath: string;
  /** Lists in name order, each with the slot of its first message in the tables below. */
  lists: { name: string; firstSlot: number; minutesPath: string }[];
  /** Byte offset of each rendered message in the file. */
  offsets: Float64Array;
  /** Byte length of each rendered message, 0 until the worker has written it (set with Atomics). */
  lengths: Int32Array;
  /**
   * Per list: 1 once the worker has written its minutes to `minutesPath`, 2 when it will not (it
   * failed), 0 before either (set with Atomics).
   */
  minutesReady: Int32Array;
}

const KEY = Symbol.for('threadline.buildShare');

/**
 * New, empty tables for a build.
 *
 * @param dir a folder the build owns, for the messages file and minutes files
 * @param lists each list's name and message count, in name order
 */
export function createBuildShare(dir: string, lists: { name: string; messages: number }[]): BuildShare {
  let slots = 0;
  const placed = lists.map((l, i) => {
    const entry = { name: l.name, firstSlot: slots, minutesPath: join(dir, `minutes-${i}.json`) };
    slots += l.messages;
    return entry;
  });
  return {
    messagesPath: join(dir, 'messages.json-seq'),
    lists: placed,
    offsets: new Float64Array(new SharedArrayBuffer(8 * Math.max(1, slots))),
    lengths: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, slots))),
    minutesReady: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, lists.length))),
  };
}

/**
 * Make the tables visible to the pages of this build (or none, after it).
 *
 * @param share the build's tables
 */
export function publishBuildShare(share: BuildShare | undefined): void {
  (globalThis as Record<symbol, unknown>)[KEY] = share;
  reader = undefined;
}

let reader: { fd: number; path: string } | undefined;

function current(): BuildShare | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as BuildShare | undefined;
}

function slot(share: BuildShare, list: string, n: number): number {
  const entry = share.lists.find((l) => l.name === list);
  return entry === undefined ? -1 : entry.firstSlot + n;
}

/**
 * A message the worker has already rendered, or undefined when it has not (yet).
 *
 * @param list the list's name
 * @param n the message's position in date order
 */
export function sharedMessage(list: string, n: number): RenderedMessage | undefined {
  const share = current();
  if (!share) return undefined;
  const at = slot(share, list, n);
  const length = at < 0 ? 0 : Atomics.load(share.lengths, at);
  if (length === 0) return undefined;
  if (reader?.path !== share.messagesPath) {
    if (reader) closeSync(reader.fd);
    reader = { fd: openSync(share.messagesPath, 'r'), path: share.messagesPath };
  }
  const bytes = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(reader.fd, bytes, done, length - done, share.offsets[at]! + done);
    if (read === 0) break;
    done += read;
  }
  return JSON.parse(bytes.toString('utf8')) as RenderedMessage;
}

/** Appends rendered messages to the shared file and publishes each one (worker side). */
export class SharedMessageWriter {
  readonly #share: BuildShare;
  readonly #fd: number;
  #size = 0;

  constructor(share: BuildShare) {
    this.#share = share;
    this.#fd = openSync(share.messagesPath, 'w');
  }

  /**
   * Append one message and publish it.
   *
   * @param list the list's name
   * @param n the message's position in date order
   * @param rendered the rendered message
   */
  write(list: string, n: number, rendered: RenderedMessage): void {
    const at = slot(this.#share, list, n);
    const bytes = Buffer.from(JSON.stringify(rendered), 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done, this.#size + done);
    this.#share.offsets[at] = this.#size;
    Atomics.store(this.#share.lengths, at, bytes.length);
    this.#size += bytes.length;
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** How long pages wait for the worker's minutes before finding them themselves. */
export const MINUTES_WAIT_MS = 120_000;

/**
 * The minutes file of a list, once the worker has written it. Pages need minutes from the first
 * page on, and the worker finds them first thing: waiting costs no more than finding them again.
 * Undefined when no worker runs, or it has not written them in MINUTES_WAIT_MS.
 *
 * @param list the list's name
 * @param waitMs how long to wait for the worker
 */
export function sharedMinutesPath(list: string, waitMs = MINUTES_WAIT_MS): string | undefined {
  const share = current();
  const i = share ? share.lists.findIndex((l) => l.name === list) : -1;
  if (!share || i < 0) return undefined;
  Atomics.wait(share.minutesReady, i, 0, waitMs);
  return Atomics.load(share.minutesReady, i) === 1 ? share.lists[i]!.minutesPath : undefined;
}

/**
 * Mark a list's minutes file as written (worker side).
 *
 * @param share the build's tables
 * @param list the list's name
 */
export function publishMinutes(share: BuildShare, list: string): void {
  const i = share.lists.findIndex((l) => l.name === list);
  if (i < 0) return;
  Atomics.store(share.minutesReady, i, 1);
  Atomics.notify(share.minutesReady, i);
}

/**
 * Tell whoever waits for minutes not yet written that they will not be (worker side, on failure),
 * so that they find them themselves at once instead of waiting out MINUTES_WAIT_MS.
 *
 * @param share the build's tables
 */
export function abandonMinutes(share: BuildShare): void {
  for (let i = 0; i < share.lists.length; i++) {
    Atomics.compareExchange(share.minutesReady, i, 0, 2);
    Atomics.notify(share.minutesReady, i);
  }
}
