import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority } from '../src/store/thread-priority.ts';

// Field 19 of /proc/<pid>/task/<tid>/stat is the thread's niceness.
const niceness = (stat = '/proc/thread-self/stat'): number => Number(readFileSync(stat, 'utf8').split(') ')[1]!.split(' ')[16]);

describe('lowerThreadPriority', () => {
  it.runIf(process.platform === 'linux')('sets the niceness of the calling thread only, and never raises its priority', () => {
    const before = niceness();
    const target = Math.max(before, 7);
    expect(lowerThreadPriority(target)).toBe(true);
    expect(niceness()).toBe(target);
    // Asked for less niceness than it has, the thread keeps what it has.
    expect(lowerThreadPriority(target - 3)).toBe(true);
    expect(niceness()).toBe(target);
    // The process's other threads keep theirs (when this is not the main thread).
    if (readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0] !== String(process.pid)) {
      expect(niceness(`/proc/${process.pid}/task/${process.pid}/stat`)).toBe(before);
    }
  });
});
