#!/usr/bin/env node
// The `threadline` command. The CLI is TypeScript: esbuild compiles it, with the modules of src/ it
// uses, into one ES module in node_modules/.cache/threadline/, which then runs with no loader. A
// loader (tsx) would stay registered for the whole build and handle every module Astro, Vite and
// Rollup load, each a round trip to the loader's own thread. Packages stay outside the bundle.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { sourcesDigest } from '../src/source-files.mjs';

const entry = fileURLToPath(new URL('./cli.ts', import.meta.url));
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/threadline/', import.meta.url));

/**
 * The allocator setting a build runs with on Linux: memory blocks of 128 KiB and more are mapped
 * on their own and returned when freed. glibc's default raises that size as large blocks are freed
 * (up to 32 MiB), and then keeps what the build frees: the file reads, decompressed chunks and
 * index buffers of one phase stayed resident through the next. A cold build of 121,845 messages
 * peaked at 1,544 MiB with the default and 1,277 MiB with this, in about the same time (406 s and
 * 402 s). With it, at most two malloc arenas: glibc gives threads up to eight arenas per core,
 * and the build's threads (render and index workers, Node's I/O pool, V8's helpers) each took
 * fresh pages in their own. Adding a month of mail to 23,675 messages, six runs each, interleaved:
 * 12.5–13.6 s with two arenas, 13.9–15.9 s without (user and system CPU 20.3–22.3 s against
 * 23.2–26.2 s, a sixth fewer page faults, the same peak memory). glibc reads both from the
 * environment when a process starts, so a build runs in a child. A value the caller set is kept.
 */
const MALLOC = { MALLOC_MMAP_THRESHOLD_: String(128 * 1024), MALLOC_ARENA_MAX: '2' };
/** Set in the child's environment: this process was started by `relaunch`. */
const RELAUNCHED = 'THREADLINE_RELAUNCHED';
/**
 * V8's interrupt budget, in bytes of bytecode run between its checks for a function to optimize:
 * 16 times Node 20's default (67,584). A build is a few seconds to minutes of code that runs once
 * per message or page, on up to six threads that each compile it again; at the default, V8's
 * helper threads spent about 4 s of a cold build's 27 s of CPU on optimizing compiles (without
 * optimizing, those threads used 4.3 s less). Adding a month of mail to 24k messages on tmpfs,
 * three runs each in turn: 3.79–4.23 s against 4.06–4.74 s, and in a later sitting 3.78–4.02 s
 * against 3.98–4.25 s (user CPU 5.0–5.8 s against 5.8–6.7 s); a cold build of linux-btrfs 2020:
 * 13.7–14.2 s against 14.6–15.1 s (8 times gave a little less, 32 times no more). Only on Node 20
 * (V8 11.3), where it was measured: Node 22 and later tier up by call counts and reject the flag.
 * A budget the caller set on the command line or in NODE_OPTIONS is kept.
 */
const INTERRUPT_BUDGET = 16 * 67_584;

const relaunched = shouldRelaunch() ? await relaunch() : undefined;
if (relaunched !== undefined) process.exitCode = relaunched;
else {
  if (process.env[RELAUNCHED] === '1' && process.channel) {
    // Started by `relaunch`: the channel only tells this process that its parent is gone.
    delete process.env[RELAUNCHED];
    process.channel.unref();
    process.on('disconnect', () => {
      process.stderr.write('threadline: stopping, as the process that started this build is gone\n');
      process.exit(1);
    });
  }
  tierLater();
  let cli;
  try {
    cli = await compile();
  } catch (error) {
    process.stderr.write(`threadline: running the CLI through tsx, as it could not be compiled into ${cacheDir}: ${error.message}\n`);
    const { register } = await import('tsx/esm/api');
    register();
    cli = pathToFileURL(entry).href;
  }
  const { main } = await import(cli);
  process.exitCode = await main(process.argv.slice(2));
}

/** Set `INTERRUPT_BUDGET`, before the CLI's code is loaded (functions take the budget when first run). */
function tierLater() {
  if (process.versions.node.split('.')[0] !== '20') return;
  if (nodeOptions().some((o) => /^--interrupt[-_]budget(?:=|$)/.test(o))) return;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/** The options Node runs this process with: its command line's, then NODE_OPTIONS'. */
function nodeOptions() {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
}

/**
 * Whether to run this command in a child with the allocator setting: a build, on Linux with glibc,
 * when the caller set no `MALLOC_MMAP_THRESHOLD_` (any value keeps the build in this process) and
 * is not debugging or profiling by name (the child could not take the debugger's port, and two
 * processes would write one profile file).
 */
function shouldRelaunch() {
  // A relaunched build has the setting in its environment, so it is never relaunched again.
  if (process.platform !== 'linux' || process.argv[2] !== 'build' || process.env.MALLOC_MMAP_THRESHOLD_ !== undefined) return false;
  if (nodeOptions().some((o) => /^--(?:inspect|debug)|-prof-name/.test(o))) return false;
  return process.report?.getReport?.().header?.glibcVersionRuntime !== undefined;
}

/**
 * Run this command again in a child process with the allocator setting; its exit code, or
 * undefined when it could not be started. Signals sent to this process are passed on. A child
 * killed by an interrupt or termination signal ends this process by the same signal; one killed
 * by another (an abort, a crash) gives 128 plus its number, so that a crash dumps core once. If
 * this process is killed outright, the child sees its channel close and stops.
 */
async function relaunch() {
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  let child;
  try {
    child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...MALLOC, ...process.env, [RELAUNCHED]: '1' },
    });
  } catch (error) {
    process.stderr.write(`threadline: building in this process, as a child process could not be started: ${error.message}\n`);
    return undefined;
  }
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const pass = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, pass);
  const ended = await new Promise((resolve) => {
    child.on('error', (error) => {
      // Only a child that never started is built here instead; a failed kill is not an end.
      if (child.pid === undefined) resolve({ error });
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  for (const signal of signals) process.off(signal, pass);
  if (ended.error) {
    process.stderr.write(`threadline: building in this process, as a child process could not be started: ${ended.error.message}\n`);
    return undefined;
  }
  if (ended.signal && [...signals, 'SIGKILL', 'SIGPIPE'].includes(ended.signal)) process.kill(process.pid, ended.signal);
  if (ended.signal) return 128 + (constants.signals[ended.signal] ?? 0);
  return ended.code ?? 1;
}

/**
 * A hash of what the CLI's bundle is made from: where Threadline is (the bundle names its modules'
 * files by their full paths, and a copy of the folder that shares node_modules must not run the
 * original's code), Threadline's source files (src/source-files.mjs, which src/compiled.ts names
 * the other compiled forms by; the package files among them pin esbuild's version),
 * scripts/cli.ts and this file (the bundle's options). About 120 files are read in 15 ms; esbuild
 * took 250–400 ms to bundle the CLI again, at the start of every command.
 */
function sourcesHash() {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const sources = sourcesDigest(root, [entry, fileURLToPath(import.meta.url)]);
  return createHash('sha256').update(`${pathToFileURL(root).href}\u0000${sources}`).digest('hex').slice(0, 16);
}

/**
 * Bundle the CLI, once per version of its sources; returns the URL of the bundle. It is written
 * under a temporary name and renamed, so runs never share a half-written file. A bundle used
 * again gets a new time: bundles of other versions are removed by age (see `pruneOldBundles`).
 */
async function compile() {
  const file = `${cacheDir}cli-${sourcesHash()}.mjs`;
  if (existsSync(file)) {
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    return pathToFileURL(file).href;
  }
  const { build, transform } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    plugins: [sourceUrls(transform)],
  });
  await mkdir(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, result.outputFiles[0].contents);
  try {
    await rename(partial, file);
  } catch (error) {
    // Another run put the same bundle in place first (Windows refuses to rename over a file in use).
    await rm(partial, { force: true });
    if (!existsSync(file)) throw error;
  }
  await pruneOldBundles(file);
  return pathToFileURL(file).href;
}

/** Remove bundles of other versions of the CLI not used for a day (a run started earlier may still load one). */
async function pruneOldBundles(keep) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of await readdir(cacheDir)) {
    const path = `${cacheDir}${name}`;
    if (path === keep || !/^cli-[0-9a-f]{16}\.mjs(?:\.\d+\.tmp)?$/.test(name)) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < dayAgo) await rm(path, { force: true });
  }
}

/**
 * In a bundle, `import.meta.url` is the bundle's URL. Our modules find files beside themselves
 * (the site root, the worker sources), so each keeps its own: the expression is defined per file,
 * by esbuild, which leaves strings and comments alone.
 */
function sourceUrls(transform) {
  return {
    name: 'threadline-source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        const { code } = await transform(source, {
          loader: 'ts',
          format: 'esm',
          target: 'node20',
          sourcefile: path,
          tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
          define: { 'import.meta.url': JSON.stringify(pathToFileURL(path).href) },
        });
        return { contents: code, loader: 'js' };
      });
    },
  };
}
