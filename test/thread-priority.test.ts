import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority } from '../src/store/thread-priority.ts';

// Field 19 of /proc/<pid>/task/<tid>/stat is the thread's niceness.
const niceness = (): number => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);

describe('lowerThreadPriority', () => {
  it.runIf(process.platform === 'linux')('sets the niceness of the calling thread only', () => {
    const before = niceness();
    expect(lowerThreadPriority(Math.max(before, 7))).toBe(true);
    expect(niceness()).toBe(Math.max(before, 7));
    // The process's other threads keep theirs: the main thread's task entry is the process's.
    if (readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0] !== String(process.pid)) {
      expect(Number(readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16])).toBe(before);
    }
  });
});
