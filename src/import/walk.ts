/**
 * Walking a folder tree with an explicit stack (archives nest folders by year; sites by slug).
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

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

/** What `walkFiles` could not look into, when its caller asks (see there). */
export interface WalkProblems {
  /** Symbolic links whose target is gone or cannot be reached. */
  brokenLinks: string[];
  /** Folders below the root that could not be listed, with the system's error code. */
  folders: { path: string; code: string }[];
}

/**
 * The files directly in a folder, sorted, following symbolic links (a list's folder linked in is a
 * folder, not a file) and skipping names that start with a dot.
 *
 * @param root the folder
 * @returns file names
 */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  for (const item of readdirSync(root, { withFileTypes: true })) {
    if (!item.name.startsWith('.') && kindOf(root, item)?.isFile()) out.push(item.name);
  }
  return out.sort();
}

/**
 * Every file under a folder, sorted, following symbolic links (admins link mbox files in from where
 * the mail server writes them) and skipping names that start with a dot.
 *
 * @param root the folder
 * @param skip folders (absolute paths) not to enter
 * @param problems where to record broken links and folders below the root that cannot be listed
 *   (their mail would otherwise vanish from the site without a word); without it, a broken link
 *   is skipped and such a folder throws
 * @returns absolute paths
 */
export async function walkFiles(root: string, skip: ReadonlySet<string> = new Set(), problems?: WalkProblems): Promise<string[]> {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let items: Dirent[];
    try {
      items = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      if (problems === undefined || current === root) throw error;
      problems.folders.push({ path: current, code: (error as NodeJS.ErrnoException).code ?? 'error' });
      continue;
    }
    for (const item of items) {
      if (item.name.startsWith('.')) continue;
      const path = join(current, item.name);
      const kind = kindOf(current, item);
      if (kind?.isDirectory()) {
        if (!skip.has(path)) stack.push(path);
      } else if (kind?.isFile()) out.push(path);
      else if (kind === undefined) problems?.brokenLinks.push(path);
    }
  }
  problems?.brokenLinks.sort();
  problems?.folders.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out.sort();
}

/**
 * Whether the import reads a path as part of the archive: inside the archive folder, under no
 * name that starts with a dot (walks skip those, so `archive/.threadline` is never read).
 *
 * @param archiveDir the archive folder (absolute)
 * @param path an absolute path
 */
export function readInArchive(archiveDir: string, path: string): boolean {
  return isInside(archiveDir, path) && !relative(archiveDir, path).split(sep).some((name) => name.startsWith('.'));
}

/**
 * Whether a path is a folder or inside it.
 *
 * @param folder an absolute path
 * @param path an absolute path
 */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
