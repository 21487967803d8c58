/**
 * What the site worker and the page renderer share during one build: each message rendered once,
 * by the worker ahead of its page or by the page when it gets there first (a message is claimed
 * by whichever thread takes it), and each list's minutes. The worker finds the shared tables in
 * its workerData; the pages, which Astro bundles into modules of their own, find them through a
 * global that `buildSite` sets. Without it (`astro build` alone) pages render everything.
 */
import { closeSync, mkdirSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The tables of one build; every array is backed by shared memory. */
export interface BuildShare {
  /** The file rendered messages are written to, each at the offset its thread took. */
  messagesPath: string;
  /** Lists in name order, each with the slot of its first message in the tables below. */
  lists: { name: string; firstSlot: number; minutesPath: string }[];
  /** Byte offset of each rendered message in the file. */
  offsets: Float64Array;
  /** Byte length of each rendered message, 0 until it is written (set with Atomics). */
  lengths: Int32Array;
  /** Per message, 1 once a thread has taken it to render (set with Atomics). */
  claims: Int32Array;
  /** Bytes of the messages file given out so far (Atomics.add). */
  size: BigInt64Array;
  /** 1 once the worker has stopped rendering ahead: nobody waits for it any longer. */
  abandoned: Int32Array;
  /**
   * Per list: 1 once the worker has written its minutes to `minutesPath`, 2 when it will not (it
   * failed), 0 before either (set with Atomics).
   */
  minutesReady: Int32Array;
}

const KEY = Symbol.for('threadline.buildShare');

/** How long a page waits for a message another thread is rendering before rendering it too. */
export const MESSAGE_WAIT_MS = 60_000;

const shared = <T>(Array: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number): T => new Array(new SharedArrayBuffer(Array.BYTES_PER_ELEMENT * Math.max(1, length)));

/**
 * New, empty tables for a build, and the empty messages file.
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
  const messagesPath = join(dir, 'messages.seq');
  mkdirSync(dir, { recursive: true });
  writeFileSync(messagesPath, '');
  return {
    messagesPath,
    lists: placed,
    offsets: shared(Float64Array, slots),
    lengths: shared(Int32Array, slots),
    claims: shared(Int32Array, slots),
    size: shared(BigInt64Array, 1),
    abandoned: shared(Int32Array, 1),
    minutesReady: shared(Int32Array, lists.length),
  };
}

/**
 * Make the tables visible to this thread's pages (or none, after the build; this closes the
 * thread's handle on the messages file).
 *
 * @param share the build's tables
 */
export function publishBuildShare(share: BuildShare | undefined): void {
  (globalThis as Record<symbol, unknown>)[KEY] = share;
  if (file) closeSync(file.fd);
  file = undefined;
}

/** This thread's handle on the messages file, for reading and writing at given offsets. */
let file: { fd: number; path: string } | undefined;

function current(): BuildShare | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as BuildShare | undefined;
}

function fdOf(share: BuildShare): number {
  if (file?.path !== share.messagesPath) {
    if (file) closeSync(file.fd);
    file = { fd: openSync(share.messagesPath, 'r+'), path: share.messagesPath };
  }
  return file.fd;
}

function slot(share: BuildShare, list: string, n: number): number {
  const entry = share.lists.find((l) => l.name === list);
  return entry === undefined ? -1 : entry.firstSlot + n;
}

/**
 * A rendered message is a few strings (HTML mostly). In the file: their count and byte lengths as
 * 32-bit integers, then the strings in UTF-8; JSON would escape every quote of every attribute.
 */
function encode(parts: readonly string[]): Buffer {
  const lengths = parts.map((p) => Buffer.byteLength(p, 'utf8'));
  let at = 4 * (parts.length + 1);
  const bytes = Buffer.allocUnsafe(at + lengths.reduce((sum, l) => sum + l, 0));
  bytes.writeUInt32LE(parts.length, 0);
  lengths.forEach((l, i) => bytes.writeUInt32LE(l, 4 * (i + 1)));
  parts.forEach((p, i) => {
    bytes.write(p, at, 'utf8');
    at += lengths[i]!;
  });
  return bytes;
}

function decode(bytes: Buffer): string[] {
  const count = bytes.readUInt32LE(0);
  let at = 4 * (count + 1);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = bytes.readUInt32LE(4 * (i + 1));
    parts.push(bytes.toString('utf8', at, at + length));
    at += length;
  }
  return parts;
}

function read(share: BuildShare, at: number): string[] | undefined {
  const length = Atomics.load(share.lengths, at);
  if (length === 0) return undefined;
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const got = readSync(fdOf(share), bytes, done, length - done, share.offsets[at]! + done);
    if (got === 0) break;
    done += got;
  }
  return decode(bytes.subarray(0, done));
}

function write(share: BuildShare, at: number, parts: readonly string[]): void {
  const bytes = encode(parts);
  // Each thread writes at offsets it took alone; the length, stored last, publishes the message.
  const offset = Number(Atomics.add(share.size, 0, BigInt(bytes.length)));
  let done = 0;
  while (done < bytes.length) done += writeSync(fdOf(share), bytes, done, bytes.length - done, offset + done);
  share.offsets[at] = offset;
  Atomics.store(share.lengths, at, bytes.length);
  Atomics.notify(share.lengths, at);
}

/**
 * A message's parts as rendered and shared by whichever thread got to it, or undefined when none
 * has (yet).
 *
 * @param list the list's name
 * @param n the message's position in date order
 */
export function sharedMessage(list: string, n: number): string[] | undefined {
  const share = current();
  const at = share ? slot(share, list, n) : -1;
  return share && at >= 0 ? read(share, at) : undefined;
}

/**
 * A message for a page: shared by the worker; or, when the worker has not taken it yet, rendered
 * here and shared (the worker then skips it); or, when the worker is rendering it right now,
 * waited for. Without a build's tables, rendered here.
 *
 * @param list the list's name
 * @param n the message's position in date order
 * @param render renders the message's parts
 */
export function messageFor(list: string, n: number, render: () => string[]): string[] {
  const share = current();
  const at = share ? slot(share, list, n) : -1;
  if (!share || at < 0) return render();
  const done = read(share, at);
  if (done) return done;
  if (Atomics.compareExchange(share.claims, at, 0, 1) === 0) {
    const rendered = render();
    write(share, at, rendered);
    return rendered;
  }
  const deadline = Date.now() + MESSAGE_WAIT_MS;
  while (Atomics.load(share.lengths, at) === 0 && Atomics.load(share.abandoned, 0) === 0 && Date.now() < deadline) Atomics.wait(share.lengths, at, 0, 1000);
  return read(share, at) ?? render();
}

/**
 * Render a message ahead of its page and share it, unless a page has taken it already (worker side).
 *
 * @param share the build's tables
 * @param list the list's name
 * @param n the message's position in date order
 * @param render renders the message's parts
 */
export function renderAhead(share: BuildShare, list: string, n: number, render: () => readonly string[]): void {
  const at = slot(share, list, n);
  if (at < 0 || Atomics.compareExchange(share.claims, at, 0, 1) !== 0) return;
  write(share, at, render());
}

/**
 * Tell pages waiting for messages the worker took that it will not write them (worker side, on
 * failure), so that they render them themselves at once.
 *
 * @param share the build's tables
 */
export function abandonMessages(share: BuildShare): void {
  Atomics.store(share.abandoned, 0, 1);
  for (let at = 0; at < share.lengths.length; at++) Atomics.notify(share.lengths, at);
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
