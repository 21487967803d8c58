/**
 * The parse worker as a plain JavaScript file. Workers run compiled code, not TypeScript through
 * a loader: a loader's hooks run on a thread of their own and cost every worker time and memory.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILE_CACHE, pruneCompiled, sourcesKey } from '../compiled.ts';

/**
 * Bundle the parse worker with its dependencies, once per version of Threadline's sources.
 *
 * @returns the bundle's path
 */
export function bundleParseWorker(): Promise<string> {
  return bundleWorker('parse-worker', fileURLToPath(new URL('./parse-worker.ts', import.meta.url)));
}

/**
 * Bundle the search index's worker (src/site/search-worker.ts), once per version of Threadline's sources.
 *
 * @returns the bundle's path
 */
export function bundleSearchWorker(): Promise<string> {
  return bundleWorker('search-worker', fileURLToPath(new URL('../site/search-worker.ts', import.meta.url)));
}

/**
 * Bundle a worker module under a name, once per version of Threadline's sources.
 *
 * @param name the bundle's name
 * @param entry the module's path
 * @returns the bundle's path
 */
async function bundleWorker(name: string, entry: string): Promise<string> {
  const outfile = join(COMPILE_CACHE, `${name}-${sourcesKey()}.mjs`);
  if (existsSync(outfile)) return outfile;
  await mkdir(COMPILE_CACHE, { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  await bundleForWorker(entry, tmp);
  await rename(tmp, outfile);
  await pruneCompiled(name, outfile);
  return outfile;
}

/**
 * Bundle a TypeScript module and what it imports into one ES module a worker thread can load.
 *
 * @param entry the module's path
 * @param outfile where the bundle goes
 */
export async function bundleForWorker(entry: string, outfile: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // mailparser's CommonJS dependencies call require(); give the ES module bundle one.
    banner: { js: "import { createRequire as __threadlineRequire } from 'node:module'; const require = __threadlineRequire(import.meta.url);" },
  });
}
