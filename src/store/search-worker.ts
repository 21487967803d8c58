/**
 * A worker thread that builds every list's search shards and the manifest, so the index is built
 * on the second core while Astro renders pages on the first.
 */
import { readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchManifest, ShardInfo } from '../lib/search.ts';
import type { ListStore, ListSummary } from './import.ts';
import { listMinutes } from './minutes-data.ts';
import { buildSearchShards } from './search-build.ts';

/** What the worker is given. */
export interface SearchJob {
  storeDir: string;
  /** Where the shards and manifest.json go. */
  outDir: string;
}

async function run(job: SearchJob): Promise<{ ms: number; shards: ShardInfo[] }> {
  const started = performance.now();
  await rm(job.outDir, { recursive: true, force: true });
  await mkdir(job.outDir, { recursive: true });
  const lists = JSON.parse(await readFile(join(job.storeDir, 'store', 'lists.json'), 'utf8')) as ListSummary[];
  const shards: ShardInfo[] = [];
  for (const l of lists) {
    const store = JSON.parse(await readFile(join(job.storeDir, 'store', l.config.name, 'index.json'), 'utf8')) as ListStore;
    shards.push(...(await buildSearchShards(store, job.outDir, listMinutes(l.config.name).entries)));
  }
  const manifest: SearchManifest = { version: 2, lists: lists.map((l) => l.config.name), shards };
  await writeFile(join(job.outDir, 'manifest.json'), JSON.stringify(manifest));
  return { ms: Math.round(performance.now() - started), shards };
}

if (!parentPort) throw new Error('search-worker.ts must run as a worker thread');
const port = parentPort;
run(workerData as SearchJob).then(
  (result) => port.postMessage({ result }),
  (error: unknown) => port.postMessage({ error: String((error as Error)?.stack ?? error) }),
);
