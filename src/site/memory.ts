/**
 * Memory between the build's phases. V8 lets a heap grow to several times what is live before it
 * collects, so garbage of one phase (message bodies parsed to find minutes, import metadata) was
 * still held when the next phase peaked: on a 121k-message archive 1.25 GB of the cold build's
 * 2.9 GB peak was dead objects. A full collection between phases returns it first.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined | null = null;

/** Collect garbage now (a full, synchronous collection); does nothing where V8 does not allow it. */
export function collectGarbage(): void {
  if (gc === null) {
    // `--expose-gc` set at run time takes effect for contexts made afterwards: the new context's
    // `gc` is V8's (the documented way to reach it without a command-line flag).
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = undefined;
    }
  }
  gc?.();
}
