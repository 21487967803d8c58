/**
 * Files of the site that are bytes, not pages: each message's raw text and its attachments, written
 * straight from the store. Astro renders pages; copying bytes through its renderer would double
 * the page count of a build for nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachmentExtension, paths } from '../lib/urls.ts';
import { chunkPath, type CachedBody } from './cache.ts';
import type { ListStore, ListSummary } from './import.ts';

/**
 * Write `raw.txt` and the attachments of every message into the built site. Each chunk of the
 * store is read once: its raw file holds the messages and their attachments back to back. The
 * calls are synchronous: this runs on a worker thread of its own, and a promise per file cost
 * two hand-offs to libuv's thread pool for each of tens of thousands of small files.
 *
 * @param storeDir the store the site is built from
 * @param outDir the site folder (message folders already exist or are created)
 * @returns the number of raw files and attachments written
 */
export function writeMessageFiles(storeDir: string, outDir: string): { raw: number; attachments: number } {
  const counts = { raw: 0, attachments: 0 };
  const put = (path: string, bytes: Uint8Array): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
  };
  const lists = JSON.parse(readFileSync(join(storeDir, 'store', 'lists.json'), 'utf8')) as ListSummary[];
  for (const l of lists) {
    const list = l.config.name;
    const store = JSON.parse(readFileSync(join(storeDir, 'store', list, 'index.json'), 'utf8')) as ListStore;
    // Messages by chunk, so that each chunk's bytes are read once and dropped before the next.
    const byChunk = new Map<string, number[]>();
    for (const m of store.index.messages) {
      const [file, chunk] = store.bodies[m.n]!;
      const key = `${file}/${chunk}`;
      const group = byChunk.get(key);
      if (group) group.push(m.n);
      else byChunk.set(key, [m.n]);
    }
    for (const group of byChunk.values()) {
      const [file, chunk] = store.bodies[group[0]!]!;
      const dir = join(storeDir, store.files[file]!);
      const bytes = readFileSync(chunkPath(dir, chunk, 'raw'));
      // Attachment offsets are in the chunk's JSON, which holds whole messages: read only if needed.
      let bodies: CachedBody[] | undefined;
      for (const n of group) {
        const slug = store.index.messages[n]!.slug;
        const [, , index, offset, length] = store.bodies[n]!;
        put(join(outDir, paths.raw(list, slug)), bytes.subarray(offset, offset + length));
        counts.raw++;
        const types = store.attachments[n] ?? [];
        if (types.length === 0) continue;
        bodies ??= JSON.parse(readFileSync(chunkPath(dir, chunk, 'json'), 'utf8')) as CachedBody[];
        for (let k = 0; k < types.length; k++) {
          const [at, size] = bodies[index]!.attachments[k]!;
          put(join(outDir, paths.attachment(list, slug, k, attachmentExtension(types[k]!))), bytes.subarray(at, at + size));
          counts.attachments++;
        }
      }
    }
  }
  return counts;
}
