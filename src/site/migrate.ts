/**
 * `threadline migrate-mhonarc`: read an MHonArc archive and record, in the list's archive folder,
 * which message or index each of its pages showed (lib/redirects.ts). Every build then writes the
 * redirect pages and rules from that record, resolved against the list's messages, with keys like
 * every other file, so an incremental build keeps them and a clean build writes them again.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { walkFiles } from '../import/walk.ts';
import { LIST_NAME, siteNameTaken } from '../lib/list-config.ts';
import { mhonarcDate, mhonarcIndexLinks, mhonarcMessageId, mhonarcPageKind } from '../lib/mhonarc.ts';
import { REDIRECT_MAP_FILE, RedirectMapError, isSafeOldPath, normalizePrefix, type OldPage, type RedirectMap } from '../lib/redirects.ts';

/** What the migration found. */
export interface MigrateResult {
  file: string;
  messages: number;
  /** Message pages whose Message-ID MHonArc made up (the message had none). */
  withoutId: number;
  indexes: number;
  /** Pages skipped because their path cannot be a file of the site, with why. */
  skipped: string[];
}

/**
 * Read the MHonArc archive in `oldDir` (its folders too: a folder per month is common) and write
 * the list's redirect map.
 *
 * @param options the old archive, the archive folder, the list, and where the old archive was served
 */
export async function migrateMhonarc(options: { oldDir: string; archiveDir: string; list: string; prefix?: string | undefined }): Promise<MigrateResult> {
  if (!LIST_NAME.test(options.list) || siteNameTaken(options.list) !== undefined) throw new RedirectMapError(`--list must name a list folder of the archive, not ${JSON.stringify(options.list)}`);
  const prefix = normalizePrefix(options.prefix ?? options.list);
  if (!(await stat(join(options.archiveDir, options.list)).catch(() => undefined))?.isDirectory()) {
    throw new RedirectMapError(`the archive has no list "${options.list}" (${join(options.archiveDir, options.list)}): import the list's mail first, or pass --archive`);
  }
  const pages: Record<string, OldPage> = {};
  // Each message page's Message-ID, or the date of one without.
  const messagePages = new Map<string, { id: string } | { date: number | undefined }>();
  const indexes: [path: string, kind: 'date' | 'thread', html: string][] = [];
  const result: MigrateResult = { file: join(options.archiveDir, options.list, REDIRECT_MAP_FILE), messages: 0, withoutId: 0, indexes: 0, skipped: [] };
  const files = await walkFiles(options.oldDir).catch(() => {
    throw new RedirectMapError(`${options.oldDir} is not a folder: name the folder of the MHonArc archive (where its maillist.html is)`);
  });
  for (const file of files) {
    const kind = mhonarcPageKind(basename(file));
    if (!kind) continue;
    const path = relative(options.oldDir, file).split(sep).join('/');
    if (!isSafeOldPath(path)) {
      result.skipped.push(`${path}: not a plain relative path`);
      continue;
    }
    const html = await readFile(file, 'latin1');
    if (kind === 'message') {
      const id = mhonarcMessageId(html);
      result.messages++;
      if (id !== undefined) {
        pages[path] = { message: id };
        messagePages.set(path, { id });
        continue;
      }
      // No Message-ID: the page is found again by its date (see `resolveRedirects`).
      const date = mhonarcDate(html);
      pages[path] = date === undefined ? { message: null } : { message: null, date };
      messagePages.set(path, { date });
      result.withoutId++;
    } else indexes.push([path, kind, html]);
  }
  // An index page lists message pages of its own folder: their ids (or dates) say which month it shows.
  for (const [path, kind, html] of indexes) {
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const messages: string[] = [];
    const dates: number[] = [];
    for (const name of mhonarcIndexLinks(html)) {
      const page = messagePages.get(`${folder}${name}`);
      if (page && 'id' in page) messages.push(page.id);
      else if (page?.date !== undefined) dates.push(page.date);
    }
    pages[path] = dates.length > 0 ? { index: kind, messages, dates } : { index: kind, messages };
    result.indexes++;
  }
  if (result.messages === 0 && result.indexes === 0) {
    throw new RedirectMapError(`${options.oldDir} holds no MHonArc pages (msgNNNNN.html, maillist.html, threads.html): name the folder of the old archive`);
  }
  const map: RedirectMap = { version: 1, prefix, pages: Object.fromEntries(Object.entries(pages).sort(([a], [b]) => (a < b ? -1 : 1))) };
  await writeFile(result.file, `${JSON.stringify(map, null, 1)}\n`);
  return result;
}
