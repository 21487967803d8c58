/**
 * Worker threads for the parts of a site build that are not pages, run beside Astro rendering
 * pages. Two tasks, each on a thread of its own so that the two cores stay busy:
 * - `messages`: each list's minutes, then every message (its view and the rest of its page),
 *   rendered ahead of the pages that show them (see build-share.ts);
 * - `files`: each message's raw file and attachments, then (with the minutes the other task
 *   finds meanwhile) the search shards and manifest.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { abandonMessages, abandonMinutes, publishBuildShare, publishMinutes, renderAhead, type BuildShare } from './build-share.ts';
import { renderMessageParts } from './message-page.ts';
import { listMinutes } from './minutes-data.ts';
import { writeSearchIndex } from './search-build.ts';
import { loadList, loadLists } from './site-data.ts';
import { writeMessageFiles } from './site-files.ts';
import { lowerThreadPriority } from './thread-priority.ts';

/** The niceness of the `files` thread: about a tenth of a core's time when the cores are busy. */
export const FILES_NICENESS = 10;

/** What a worker is given. */
export interface SiteJob {
  task: 'messages' | 'files';
  /** The store, read through site-data. */
  storeDir: string;
  /** The site folder: the search index goes to its `search/`. */
  outDir: string;
  /** The site's base path, for links in bodies. */
  base: string;
  /** Where rendered messages and minutes go for the pages. */
  share: BuildShare;
}

/** What the workers did. */
export interface SiteJobResult {
  /** Time the search index took. */
  searchMs: number;
  /** CPU time of the thread while it built the search index (Linux; 0 elsewhere). */
  searchCpuMs: number;
  /** Raw files and attachments written. */
  raw: number;
  attachments: number;
}

async function buildSearch(searchDir: string): Promise<void> {
  await mkdir(searchDir, { recursive: true });
  await writeSearchIndex(
    searchDir,
    loadLists().map((l) => l.config.name),
    (list) => listMinutes(list).entries,
  );
}

/** Minutes first (views of minutes show them), then messages in the order Astro builds pages. */
function renderMessagesAhead(share: BuildShare, base: string): void {
  try {
    for (const { name, minutesPath } of share.lists) {
      writeFileSync(minutesPath, JSON.stringify(listMinutes(name).entries));
      publishMinutes(share, name);
    }
  } catch (error) {
    abandonMinutes(share);
    abandonMessages(share);
    throw error;
  }
  try {
    for (const { name } of share.lists) {
      const count = loadList(name).index.messages.length;
      for (let n = 0; n < count; n++) renderAhead(share, name, n, () => renderMessageParts(name, n, base));
    }
  } catch (error) {
    abandonMessages(share);
    throw error;
  } finally {
    // Closes this thread's handle on the messages file.
    publishBuildShare(undefined);
  }
}

/** This thread's CPU time (user + system) in ms, from /proc/thread-self/stat; 0 where there is none. */
function threadCpuMs(): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks of 10 ms.
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

async function run(job: SiteJob): Promise<Partial<SiteJobResult>> {
  // The store is read through site-data, as the pages read it.
  process.env['THREADLINE_STORE'] = job.storeDir;
  if (job.task === 'messages') {
    renderMessagesAhead(job.share, job.base);
    return {};
  }
  // Pages are rendered one after another on the main thread, the build's longest path; files
  // and the search index only have to be done when the last page is, so they take the gaps.
  lowerThreadPriority(FILES_NICENESS);
  const files = writeMessageFiles(job.outDir);
  // Minutes come from the other task (listMinutes waits for them), not found a second time.
  publishBuildShare(job.share);
  const started = performance.now();
  const cpu = threadCpuMs();
  await buildSearch(join(job.outDir, 'search'));
  return { ...files, searchMs: Math.round(performance.now() - started), searchCpuMs: threadCpuMs() - cpu };
}

if (!parentPort) throw new Error('site-worker.ts must run as a worker thread');
const port = parentPort;
run(workerData as SiteJob).then(
  (result) => port.postMessage({ result }),
  (error: unknown) => port.postMessage({ error: String((error as Error)?.stack ?? error) }),
);
