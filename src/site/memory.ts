/**
 * Memory between the build's phases. V8 lets a heap grow to several times what is live before it
 * collects, so garbage of one phase (message bodies parsed to find minutes, import metadata) was
 * still held when the next phase peaked: on a 121k-message archive 1.25 GB of the cold build's
 * 2.9 GB peak was dead objects. A full collection between phases returns it first.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined | null = null;

/** V8's `gc`: the global one under `node --expose-gc`, else one reached without the flag. */
function findGc(): (() => void) | undefined {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as () => void;
  try {
    // A context made while `--expose-gc` is set gets a `gc` function. Node warns that flags set
    // after start-up may do nothing: then there is no `gc`, and nothing is collected early.
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('gc');
    return typeof found === 'function' ? (found as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    // Contexts made later (workers, tests) do not get a global `gc`.
    setFlagsFromString('--no-expose-gc');
  }
}

/** Collect garbage now (a full, synchronous collection); does nothing where V8 offers no `gc`. */
export function collectGarbage(): void {
  if (gc === null) gc = findGc();
  gc?.();
}

/** The bytes this thread's heap holds, live or not yet collected. */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

let nextCollection = 0;

/**
 * Collect garbage when this thread's heap holds more than `bytes`, or more than half again what
 * was live after the last such collection (so a heap that is large and live is not collected over
 * and over). For phases that make much short-lived data: finding minutes on 121,845 messages let
 * the heap reach 1.3 GB, most of it parsed bodies; planning an update there, 0.98 GB, with about
 * 0.3 GB live.
 *
 * @param bytes the heap size that starts a collection
 */
export function collectGarbageAbove(bytes: number): void {
  if (heapUsed() <= Math.max(bytes, nextCollection)) return;
  collectGarbage();
  nextCollection = 1.5 * heapUsed();
}
