/**
 * Compiled forms of Threadline's own code (worker bundles, the render module), kept in
 * node_modules/.cache/threadline/ beside the CLI's bundle and named by a hash of the sources, so a
 * build compiles only after Threadline itself changed.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFilesIn, sourcesDigest } from './source-files.mjs';

/** Threadline's own folder. */
export const THREADLINE_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Where compiled forms of Threadline's code are kept. */
export const COMPILE_CACHE = join(THREADLINE_ROOT, 'node_modules', '.cache', 'threadline');
/** Compiled files older than this are removed when a new one is compiled (a running build may still use one). */
export const STALE_COMPILED_MS = 24 * 60 * 60 * 1000;

/** Every source file of Threadline (src/, public/, the package files), sorted. */
export function sourceFiles(): string[] {
  return sourceFilesIn(THREADLINE_ROOT);
}

let sourcesHash: string | undefined;

/**
 * A hash of every source file: reading about a hundred small files takes milliseconds, so a run
 * knows whether its compiled forms are current without compiling.
 */
export function sourcesKey(): string {
  sourcesHash ??= sourcesDigest(THREADLINE_ROOT).slice(0, 20);
  return sourcesHash;
}

/**
 * Remove compiled files or folders of one kind (`prefix-<hash>…`) that are a day old, but `keep`.
 *
 * @param prefix the kind, e.g. `parse-worker`
 * @param keep the current one's path
 */
export async function pruneCompiled(prefix: string, keep: string): Promise<void> {
  const now = Date.now();
  const pattern = new RegExp(`^${prefix}-[0-9a-f]{20}`);
  for (const name of await readdir(COMPILE_CACHE).catch(() => [] as string[])) {
    const path = join(COMPILE_CACHE, name);
    if (path === keep || !pattern.test(name)) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_COMPILED_MS) await rm(path, { recursive: true, force: true });
  }
}
