#!/usr/bin/env node
// The `threadline` command. The CLI is TypeScript: esbuild compiles it, with the modules of src/ it
// uses, into one ES module in node_modules/.cache/threadline/, which then runs with no loader. A
// loader (tsx) would stay registered for the whole build and handle every module Astro, Vite and
// Rollup load, each a round trip to the loader's own thread. Packages stay outside the bundle.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('./cli.ts', import.meta.url));
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/threadline/', import.meta.url));

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

/** Bundle the CLI; returns the URL of the bundle, named by its content so runs never share a half-written file. */
async function compile() {
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
  const code = result.outputFiles[0].contents;
  const file = `${cacheDir}cli-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  if (!existsSync(file)) {
    await mkdir(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, code);
    await rename(partial, file);
    await pruneOldBundles(file);
  }
  return pathToFileURL(file).href;
}

/** Remove bundles of earlier versions of the CLI, once a day old (a run started earlier may still load one). */
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
