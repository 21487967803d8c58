/**
 * Scheduling priority of the calling thread. On Linux each thread has a niceness of its own, set
 * through its thread id; elsewhere this does nothing.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lower the calling thread's priority (raise its niceness) to `niceness`, when the system allows;
 * a thread already that nice or nicer (`nice -n 15 threadline build`) is left as it is.
 *
 * @param niceness 0 (normal) to 19 (lowest)
 * @returns whether the thread now runs at `niceness` or lower priority
 */
export function lowerThreadPriority(niceness: number): boolean {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (getPriority(thread) < niceness) setPriority(thread, niceness);
    return true;
  } catch {
    // Not Linux, or not allowed: the thread keeps the priority it has.
    return false;
  }
}
