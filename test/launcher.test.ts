import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../scripts/threadline.mjs', import.meta.url));

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'threadline-launcher-'));
  // Loaded into every process the command starts (through NODE_OPTIONS, which a child inherits):
  // each writes its pid, its parent's and its allocator setting. With KEEP_ALIVE the build's
  // process stays alive after the command ends, for the tests that stop it.
  writeFileSync(
    join(work, 'record.mjs'),
    [
      "import { appendFileSync } from 'node:fs';",
      "appendFileSync(process.env.LAUNCH_LOG, JSON.stringify({ pid: process.pid, ppid: process.ppid, malloc: process.env.MALLOC_MMAP_THRESHOLD_ ?? null, arenas: process.env.MALLOC_ARENA_MAX ?? null }) + '\\n');",
      "if (process.env.KEEP_ALIVE && process.env.MALLOC_MMAP_THRESHOLD_) setInterval(() => {}, 1000);",
      '',
    ].join('\n'),
  );
});
// Builds kept alive by the tests, stopped at the end whatever a test found.
const alive: number[] = [];
afterAll(() => {
  for (const pid of alive) if (running(pid)) process.kill(pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const ARGS = (dir: string) => [CLI, 'build', '--archive', join(dir, 'missing'), '--store', join(dir, 'store'), '--out', join(dir, 'dist')];

/** The environment of a run: the recording hook, its log, and no allocator setting unless given. */
function environment(log: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, MALLOC_MMAP_THRESHOLD_: undefined, MALLOC_ARENA_MAX: undefined, NODE_OPTIONS: `--import ${join(work, 'record.mjs')}`, ...env, LAUNCH_LOG: join(work, log) };
}

/**
 * The processes a run recorded, in order. Only whole lines count: a poll can read the log after a
 * process created it and before its line is written (or while it is).
 */
function recorded(log: string): { pid: number; ppid: number; malloc: string | null; arenas: string | null }[] {
  if (!existsSync(join(work, log))) return [];
  const lines = readFileSync(join(work, log), 'utf8').split('\n');
  lines.pop(); // after the last newline: empty, or a line still being written
  return lines.map((line) => JSON.parse(line) as { pid: number; ppid: number; malloc: string | null; arenas: string | null });
}

/** Run `threadline build` on a missing archive; the processes it started, in order, and its outcome. */
function launch(log: string, env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, ARGS(work), { encoding: 'utf8', env: environment(log, env), timeout: 60_000 });
  return { run, processes: recorded(log) };
}

/** Whether a process is running (not gone, not a zombie). */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Wait until `ready` holds, up to 30 s. */
async function until(ready: () => boolean): Promise<void> {
  for (let waited = 0; !ready(); waited += 50) {
    if (waited > 30_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Start a build whose child stays alive; its parent, its child's pid once the command has run in it. */
async function started(log: string) {
  const parent = spawn(process.execPath, ARGS(work), { env: environment(log, { KEEP_ALIVE: '1' }), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  parent.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => parent.on('exit', (code, signal) => resolve([code, signal])));
  // The command has run in the child once its message is out: it listens for its parent's end.
  await until(() => recorded(log).length === 2);
  const child = recorded(log)[1]!.pid;
  alive.push(child);
  await until(() => stderr.includes('does not exist'));
  return { parent, ended, child };
}

describe.runIf(process.platform === 'linux')('the threadline command', () => {
  it('builds in a child process with the allocator setting, and ends with its exit code and message', () => {
    const { run, processes } = launch('relaunched.log');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('does not exist');
    // The V8 setting the command makes on Node 20 (see INTERRUPT_BUDGET) is one it knows. This
    // sees only a rejected flag, not its effect; on later Node versions it is not made.
    expect(run.stderr).not.toContain('unrecognized flag');
    expect(processes).toHaveLength(2);
    const [parent, child] = processes;
    expect(parent).toMatchObject({ malloc: null, arenas: null });
    expect(child).toMatchObject({ ppid: parent!.pid, malloc: String(128 * 1024), arenas: '2' });
  });

  it('keeps an arena count the caller set', () => {
    const { processes } = launch('arenas.log', { MALLOC_ARENA_MAX: '4' });
    expect(processes.map((p) => [p.malloc, p.arenas])).toEqual([
      [null, '4'],
      [String(128 * 1024), '4'],
    ]);
  });

  it('passes a termination signal on to the build, and ends by it', async () => {
    const { parent, ended, child } = await started('term.log');
    expect(running(child)).toBe(true);
    parent.kill('SIGTERM');
    expect(await ended).toEqual([null, 'SIGTERM']);
    await until(() => !running(child));
  });

  it('stops the build when the process that started it is killed outright', async () => {
    const { parent, ended, child } = await started('kill.log');
    parent.kill('SIGKILL');
    expect(await ended).toEqual([null, 'SIGKILL']);
    await until(() => !running(child));
  });

  it('runs the CLI bundled for these sources without bundling it again', () => {
    // Once bundled, a run with esbuild out of reach still runs the compiled CLI: it did not bundle.
    expect(launch('bundled.log').run.status).toBe(2);
    writeFileSync(
      join(work, 'no-esbuild.mjs'),
      `import { register } from 'node:module';\nregister('data:text/javascript,export async function resolve(s, c, next) { if (s === "esbuild") throw new Error("esbuild is out of reach"); return next(s, c); }');\n`,
    );
    const run = spawnSync(process.execPath, ['--import', join(work, 'no-esbuild.mjs'), ...ARGS(work)], { encoding: 'utf8', env: environment('unbundled.log'), timeout: 60_000 });
    expect(run.stderr).toContain('does not exist');
    expect(run.stderr).not.toContain('could not be compiled');
    expect(run.status).toBe(2);
  });

  it('gives a copy of Threadline that shares its node_modules a bundle of its own', () => {
    // The bundle names its modules' files by full path: the copy must not run the original's.
    const root = fileURLToPath(new URL('../', import.meta.url));
    const copy = join(work, 'copy');
    for (const part of ['scripts', 'src', 'public', 'package.json', 'package-lock.json']) {
      if (existsSync(join(root, part))) cpSync(join(root, part), join(copy, part), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    const cache = join(root, 'node_modules', '.cache', 'threadline');
    const bundlesOf = (dir: string) => readdirSync(cache).filter((name) => /^cli-[0-9a-f]{16}\.mjs$/.test(name) && readFileSync(join(cache, name), 'utf8').includes(pathToFileURL(join(dir, 'src')).href));
    const run = (dir: string) => spawnSync(process.execPath, [join(dir, 'scripts', 'threadline.mjs'), ...ARGS(work).slice(1)], { encoding: 'utf8', env: environment('copy.log'), timeout: 60_000 });
    expect(run(root).status).toBe(2);
    const made = bundlesOf(copy);
    try {
      const result = run(copy);
      expect(result.stderr).toContain('does not exist');
      expect(bundlesOf(copy).length).toBe(made.length + 1);
    } finally {
      for (const name of bundlesOf(copy)) if (!made.includes(name)) rmSync(join(cache, name), { force: true });
    }
  });

  it('builds in its own process when the allocator is already set', () => {
    const { run, processes } = launch('set.log', { MALLOC_MMAP_THRESHOLD_: '65536' });
    expect(run.status).toBe(2);
    expect(processes).toEqual([expect.objectContaining({ malloc: '65536' })]);
  });
});
