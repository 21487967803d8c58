/**
 * Files of the site that are bytes, not pages: each message's raw text and its attachments, written
 * straight from the store. Astro renders pages; copying bytes through its renderer would double
 * the page count of a build for nothing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attachmentExtension, paths } from '../lib/urls.ts';
import { loadAttachment, loadList, loadLists, loadRaw } from './site-data.ts';

/** Files written at once. */
const PARALLEL_WRITES = 16;

/**
 * Write `raw.txt` and the attachments of every message into the built site.
 *
 * @param outDir the site folder (message folders already exist or are created)
 * @returns the number of raw files and attachments written
 */
export async function writeMessageFiles(outDir: string): Promise<{ raw: number; attachments: number }> {
  const counts = { raw: 0, attachments: 0 };
  const queue: Promise<void>[] = [];
  const put = async (path: string, bytes: Uint8Array): Promise<void> => {
    const task = (async () => {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, bytes);
    })();
    queue.push(task);
    if (queue.length >= PARALLEL_WRITES) await Promise.all(queue.splice(0));
  };
  for (const l of loadLists()) {
    const list = l.config.name;
    const store = loadList(list);
    for (const m of store.index.messages) {
      await put(join(outDir, paths.raw(list, m.slug)), loadRaw(list, m.n));
      counts.raw++;
      const types = store.attachments[m.n] ?? [];
      for (let k = 0; k < types.length; k++) {
        await put(join(outDir, paths.attachment(list, m.slug, k, attachmentExtension(types[k]!))), loadAttachment(list, m.n, k));
        counts.attachments++;
      }
    }
  }
  await Promise.all(queue);
  return counts;
}
