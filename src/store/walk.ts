/**
 * Walking a folder tree with an explicit stack (archives nest folders by year; sites by slug).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under a folder, sorted, following symbolic links (admins link mbox files in from where
 * the mail server writes them) and skipping names that start with a dot.
 *
 * @param root the folder
 * @returns absolute paths
 */
export async function walkFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const item of await readdir(current, { withFileTypes: true })) {
      if (item.name.startsWith('.')) continue;
      const path = join(current, item.name);
      const kind = item.isSymbolicLink() ? await stat(path).catch(() => undefined) : item;
      if (kind?.isDirectory()) stack.push(path);
      else if (kind?.isFile()) out.push(path);
    }
  }
  return out.sort();
}
