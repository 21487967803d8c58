/**
 * Walking a folder tree with an explicit stack (archives nest folders by year; sites by slug).
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

// The calls are synchronous: a built site has tens of thousands of folders, and a promise per
// folder made walking one take seconds.

/** What a directory entry is, looking through a symbolic link; undefined for a broken link. */
function kindOf(dir: string, item: Dirent): { isDirectory(): boolean; isFile(): boolean } | undefined {
  if (!item.isSymbolicLink()) return item;
  try {
    return statSync(join(dir, item.name));
  } catch {
    return undefined;
  }
}

/**
 * The folders directly inside a folder, sorted by name, following symbolic links (admins link a
 * list's folder in from where its mail lives) and skipping names that start with a dot.
 *
 * @param root the folder
 * @returns folder names
 */
export async function listFolders(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const item of readdirSync(root, { withFileTypes: true })) {
    if (!item.name.startsWith('.') && kindOf(root, item)?.isDirectory()) out.push(item.name);
  }
  return out.sort();
}

/**
 * Every file under a folder, sorted, following symbolic links (admins link mbox files in from where
 * the mail server writes them) and skipping names that start with a dot.
 *
 * @param root the folder
 * @param skip folders (absolute paths) not to enter
 * @returns absolute paths
 */
export async function walkFiles(root: string, skip: ReadonlySet<string> = new Set()): Promise<string[]> {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const item of readdirSync(current, { withFileTypes: true })) {
      if (item.name.startsWith('.')) continue;
      const path = join(current, item.name);
      const kind = kindOf(current, item);
      if (kind?.isDirectory()) {
        if (!skip.has(path)) stack.push(path);
      } else if (kind?.isFile()) out.push(path);
    }
  }
  return out.sort();
}

