/**
 * Scheduling priority of the calling thread. On Linux each thread has a niceness of its own, set
 * through its thread id; elsewhere this does nothing.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lower the calling thread's priority (raise its niceness) to `niceness`, when the system allows.
 *
 * @param niceness 0 (normal) to 19 (lowest)
 * @returns whether the priority was set
 */
export function lowerThreadPriority(niceness: number): boolean {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), niceness);
    return true;
  } catch {
    // Not Linux, or not allowed: the thread keeps the priority it has.
    return false;
  }
}
