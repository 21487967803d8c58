/**
 * Commands timed by GNU time for the benchmarks: wall time, peak memory and CPU time.
 */
import { spawnSync } from 'node:child_process';

/**
 * Run a command, returning wall seconds, a peak RSS in MiB and its CPU time: GNU time's %M is the
 * largest peak of one process it waited for, not the sum over a process tree (`threadline build`
 * runs the build in a child: its launcher, about 45 MB, comes on top of the figure); its %U and %S
 * count every thread of the command and of the children it waited for.
 *
 * @param command the program
 * @param args its arguments
 * @param env its environment
 * @param cwd its working folder
 */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): { seconds: number; peakRssMb: number; systemSeconds: number; cpuSeconds: number } {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %S %U', command, ...args], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const err = run.stderr.toString();
  if (run.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (${run.status}):\n${err.slice(-2000)}`);
  const [seconds, kb, systemSeconds, userSeconds] = err.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number, number];
  return { seconds, peakRssMb: Math.round(kb / 1024), systemSeconds, cpuSeconds: systemSeconds + userSeconds };
}
