/**
 * A worker thread for the parts of a site build that are not pages: every list's search shards
 * and manifest, then each message's raw file and attachments. It runs on the second core while
 * Astro renders pages on the first.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchManifest, ShardInfo } from '../lib/search.ts';
import type { ListStore, ListSummary } from './import.ts';
import { listMinutes } from './minutes-data.ts';
import { buildSearchShards } from './search-build.ts';
import { writeMessageFiles } from './site-files.ts';

/** What the worker is given. */
export interface SiteJob {
  storeDir: string;
  /** The site folder: the search index goes to its `search/`. */
  outDir: string;
}

/** What the worker did. */
export interface SiteJobResult {
  /** Time the search index took. */
  searchMs: number;
  /** Raw files and attachments written. */
  raw: number;
  attachments: number;
}

async function buildSearch(storeDir: string, searchDir: string): Promise<ShardInfo[]> {
  await mkdir(searchDir, { recursive: true });
  const lists = JSON.parse(await readFile(join(storeDir, 'store', 'lists.json'), 'utf8')) as ListSummary[];
  const shards: ShardInfo[] = [];
  for (const l of lists) {
    const store = JSON.parse(await readFile(join(storeDir, 'store', l.config.name, 'index.json'), 'utf8')) as ListStore;
    shards.push(...(await buildSearchShards(store, searchDir, listMinutes(l.config.name).entries)));
  }
  const manifest: SearchManifest = { version: 2, lists: lists.map((l) => l.config.name), shards };
  await writeFile(join(searchDir, 'manifest.json'), JSON.stringify(manifest));
  return shards;
}

async function run(job: SiteJob): Promise<SiteJobResult> {
  const started = performance.now();
  await buildSearch(job.storeDir, join(job.outDir, 'search'));
  const searchMs = Math.round(performance.now() - started);
  return { searchMs, ...writeMessageFiles(job.storeDir, job.outDir) };
}

if (!parentPort) throw new Error('site-worker.ts must run as a worker thread');
const port = parentPort;
run(workerData as SiteJob).then(
  (result) => port.postMessage({ result }),
  (error: unknown) => port.postMessage({ error: String((error as Error)?.stack ?? error) }),
);
