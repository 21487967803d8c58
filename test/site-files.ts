/** Reading a built site back, for tests that compare sites file by file. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file of a folder, by path relative to it, with its bytes as latin1 text (one character
 * per byte, so two files compare equal exactly when their bytes do).
 *
 * @param dir the folder
 */
export function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) stack.push(path);
      else out.set(relative(dir, path), readFileSync(path, 'latin1'));
    }
  }
  return out;
}
