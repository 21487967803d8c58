/**
 * Worker threads as plain JavaScript files. Workers run compiled code, not TypeScript through
 * a loader: a loader's hooks run on a thread of their own and cost every worker time and memory.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundle the parse worker with its dependencies into `dir/parse-worker.mjs`.
 *
 * @param dir a folder the import owns (the store folder)
 * @returns the bundle's path
 */
export function bundleParseWorker(dir: string): Promise<string> {
  return bundleWorker('parse-worker', dir);
}

/**
 * Bundle the site worker (see site-worker.ts) into `dir/site-worker.mjs`.
 *
 * @param dir a folder the build owns (the store folder)
 * @returns the bundle's path
 */
export function bundleSiteWorker(dir: string): Promise<string> {
  return bundleWorker('site-worker', dir);
}

async function bundleWorker(name: 'parse-worker' | 'site-worker', dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // mailparser's CommonJS dependencies call require(); give the ES module bundle one.
    banner: { js: "import { createRequire as __threadlineRequire } from 'node:module'; const require = __threadlineRequire(import.meta.url);" },
  });
  return outfile;
}
