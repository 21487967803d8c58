import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../scripts/threadline.mjs', import.meta.url));

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'threadline-launcher-'));
  // Loaded into every process the command starts (a child gets the parent's node options): each
  // writes its pid, its parent's and its allocator setting.
  writeFileSync(
    join(work, 'record.mjs'),
    "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.LAUNCH_LOG, JSON.stringify({ pid: process.pid, ppid: process.ppid, malloc: process.env.MALLOC_MMAP_THRESHOLD_ ?? null }) + '\\n');\n",
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run `threadline build` on a missing archive; the processes it started, in order, and its outcome. */
function launch(log: string, env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, ['--import', join(work, 'record.mjs'), CLI, 'build', '--archive', join(work, 'missing'), '--store', join(work, 'store'), '--out', join(work, 'dist')], {
    encoding: 'utf8',
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: undefined, ...env, LAUNCH_LOG: join(work, log) },
  });
  const processes = readFileSync(join(work, log), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { pid: number; ppid: number; malloc: string | null });
  return { run, processes };
}

describe.runIf(process.platform === 'linux')('the threadline command', () => {
  it('builds in a child process with the allocator setting, and ends with its exit code and message', () => {
    const { run, processes } = launch('relaunched.log');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('does not exist');
    expect(processes).toHaveLength(2);
    const [parent, child] = processes;
    expect(parent!.malloc).toBeNull();
    expect(child).toMatchObject({ ppid: parent!.pid, malloc: String(128 * 1024) });
  });

  it('builds in its own process when the allocator is already set', () => {
    const { run, processes } = launch('set.log', { MALLOC_MMAP_THRESHOLD_: '65536' });
    expect(run.status).toBe(2);
    expect(processes).toEqual([expect.objectContaining({ malloc: '65536' })]);
  });
});
