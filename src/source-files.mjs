// Threadline's source files and their hash, in plain JavaScript: the launcher
// (scripts/threadline.mjs) runs before any TypeScript is compiled, and names the CLI's bundle by
// them; src/compiled.ts names the other compiled forms by the same files.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// The folders whose files make up Threadline's code, and the files that pin its dependencies.
const SOURCE_DIRS = ['src', 'public'];
const SOURCE_FILES = ['package.json', 'package-lock.json'];

/**
 * Every source file of Threadline (src/, public/, the package files), sorted.
 *
 * @param {string} root Threadline's own folder
 * @returns {string[]} their paths
 */
export function sourceFilesIn(root) {
  const files = [];
  const stack = SOURCE_DIRS.map((d) => join(root, d));
  while (stack.length > 0) {
    const dir = stack.pop();
    if (!existsSync(dir)) continue;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) stack.push(path);
      else if (e.isFile()) files.push(path);
    }
  }
  files.sort();
  return [...files, ...SOURCE_FILES.map((f) => join(root, f)).filter((f) => existsSync(f))];
}

/**
 * A hash (hex) of Threadline's source files and `extra` files: each one's path relative to `root`
 * (with `/`), then its bytes.
 *
 * @param {string} root Threadline's own folder
 * @param {string[]} [extra] more files to hash after the sources
 * @returns {string} the SHA-256, in hex
 */
export function sourcesDigest(root, extra = []) {
  const hash = createHash('sha256');
  for (const file of [...sourceFilesIn(root), ...extra]) {
    hash.update(relative(root, file).split(sep).join('/'));
    hash.update('\u0000');
    hash.update(readFileSync(file));
    hash.update('\u0000');
  }
  return hash.digest('hex');
}
