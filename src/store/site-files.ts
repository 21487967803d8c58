/**
 * Files of the site that are bytes, not pages: each message's raw text and its attachments, written
 * straight from the store. Astro renders pages; copying bytes through its renderer would double
 * the page count of a build for nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachmentExtension, paths } from '../lib/urls.ts';
import { attachmentLocations, loadList, loadLists, rawLocation } from './site-data.ts';

/**
 * Write `raw.txt` and the attachments of every message of the store (`THREADLINE_STORE`) into the
 * built site. Each raw chunk file is read once: it holds the messages and their attachments back
 * to back. The calls are synchronous: this runs on a worker thread of its own, and a promise per
 * file cost two hand-offs to libuv's thread pool for each of tens of thousands of small files.
 *
 * @param outDir the site folder (message folders already exist or are created)
 * @returns the number of raw files and attachments written
 */
export function writeMessageFiles(outDir: string): { raw: number; attachments: number } {
  const counts = { raw: 0, attachments: 0 };
  const put = (path: string, bytes: Uint8Array): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
  };
  for (const l of loadLists()) {
    const list = l.config.name;
    const store = loadList(list);
    // Messages by chunk file, so that each file is read once and dropped before the next.
    const byFile = new Map<string, number[]>();
    for (const m of store.index.messages) {
      const { file } = rawLocation(list, m.n);
      const group = byFile.get(file);
      if (group) group.push(m.n);
      else byFile.set(file, [m.n]);
    }
    for (const [file, group] of byFile) {
      const bytes = readFileSync(file);
      const slice = ([offset, length]: [number, number]) => bytes.subarray(offset, offset + length);
      for (const n of group) {
        const slug = store.index.messages[n]!.slug;
        put(join(outDir, paths.raw(list, slug)), slice(rawLocation(list, n).raw));
        counts.raw++;
        const types = store.attachments[n] ?? [];
        if (types.length === 0) continue;
        const spans = attachmentLocations(list, n);
        types.forEach((type, k) => put(join(outDir, paths.attachment(list, slug, k, attachmentExtension(type))), slice(spans[k]!)));
        counts.attachments += types.length;
      }
    }
  }
  return counts;
}
