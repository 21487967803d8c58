/**
 * The search index on a thread of its own, while the build's thread plans and the render workers
 * render. The build's thread sends the messages in index order, each with what the index reads of
 * it, its text's hash and where its text is (see `searchMessages`), a batch at a time; this thread
 * makes their keys, reads the texts of the messages it has not analysed before, makes the index
 * (see search-build.ts), writes its files, and keeps its state for the next build. With no
 * workers (`--jobs 0`) the same runs on the build's thread.
 *
 * The messages are sent at once, in batches, through a port the index's thread reads without
 * its event loop (the index is made by a generator that asks for the next message as it goes):
 * when a batch has not come yet, it sleeps on a counter the build's thread raises with each batch.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { partFiles } from '../lib/search-index.ts';
import { INDEX_VERSION, displayChunkOf, displayFile, type DocDisplay, type SearchManifest } from '../lib/search-schema.ts';
import { Store } from '../store/store.ts';
import { searchFiles, type PreviousSearch, type SearchMessage, type SearchState } from './search-build.ts';
import { SiteWriter, TEMP_DIR, keyOf, outputFile, type Written } from './writer.ts';

/** What the index's thread needs besides the messages. */
export interface SearchJob {
  storeDir: string;
  outDir: string;
  /** Write files under their own names (a clean build; see `RenderOptions.direct`). */
  direct: boolean;
  /** A name for the writer's temporary files, unique among the build's threads. */
  name: string;
  /** Threadline's sources key: the index's caches are kept for these sources only. */
  sources: string;
  /** A hash of everything the index is made from. */
  inputsKey: string;
  /** The site's lists, in order. */
  lists: string[];
  /** Their settings (`list.json`, as JSON), in the same order. */
  settings: string[];
  /** The key of each file of the last index the site folder holds, as its manifest records it: a file made again with the same key is not written again. */
  present: Record<string, string>;
  /**
   * The last build's index, when the site folder holds every file of it as written: its files and
   * the hash of its inputs. Undefined makes the index from every message.
   */
  last: { files: [string, string][]; inputsKey: string } | undefined;
}

/** What a build keeps of its index, beside its state: the hash of its inputs, its files, its number of messages. */
export interface SavedSearch {
  inputsKey: string;
  files: [string, string][];
  messages: number;
  /** The lists' settings it was made with (`SearchJob.settings`): other settings may change every message's documents. */
  settings?: string[];
}

/** The store's caches of the index: what every build reads (`SavedSearch`), and the documents' state, read only to update the index. */
const FILES_CACHE = 'search-files';
const STATE_CACHE = 'search-state';

/**
 * What the last build kept of its index, for this version of Threadline's sources.
 *
 * @param store the store
 * @param sources Threadline's sources key
 */
export function readSavedSearch(store: Store, sources: string): Promise<SavedSearch | undefined> {
  return store.readCache<SavedSearch>(FILES_CACHE, sources);
}

/** The index as made: updated from the last build's or built from every message. */
export interface SearchResult {
  index: 'updated' | 'built';
  files: [string, string][];
  messages: number;
  analysed: number;
  /** CPU time of the thread that made it, in ms. */
  ms: number;
}

/** Messages per batch. */
const BATCH_MESSAGES = 1024;
/** Files written before they are reported to the build's thread (which journals them). */
const REPORT_FILES = 256;

/** CPU time of the calling thread, in ms: Linux's per-thread scheduler clock, else wall time. */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return performance.now();
  }
}

/**
 * Make the search index from the messages, write its files, and keep its state for the next build.
 *
 * @param job what the index needs besides the messages
 * @param messages the site's messages, in index order
 * @param written takes the files written (not those the folder holds as they are), a batch at a
 *   time (the build journals them)
 * @param signal checked before it writes files and before it keeps its state (on the build's
 *   thread, a failed build's index must not go on writing after the build ends)
 */
export async function makeSearchIndex(job: SearchJob, messages: Iterable<SearchMessage>, written: (files: Written[]) => void, signal?: AbortSignal): Promise<SearchResult> {
  const cpuStart = threadCpuMs();
  const store = new Store(job.storeDir);
  let previous: LastSearch | undefined;
  if (job.last) {
    const kept = await store.readCache<{ inputsKey: string; state: SearchState }>(STATE_CACHE, job.sources);
    if (kept?.inputsKey === job.last.inputsKey) previous = readPreviousSearch(job.outDir, job.last.files, job.present, kept.state, join(job.outDir, TEMP_DIR, `${job.name}-last`));
  }
  signal?.throwIfAborted();
  const writer = new SiteWriter(job.outDir, job.direct ? undefined : { name: job.name, journal: store.writingJournal(job.outDir) });
  const files: Written[] = [];
  let batch: Written[] = [];
  let made: { state: SearchState; analysed: number };
  try {
    made = searchFiles(
      messages,
      job.lists,
      (m) => store.readBody(...m.body).message.text,
      previous,
      (f) => {
        const k = keyOf(f.content);
        files.push([f.path, k]);
        if (job.present[f.path] === k) return;
        previous?.writing(f.path);
        writer.write(f.path, f.content);
        batch.push([f.path, k]);
        if (batch.length >= REPORT_FILES) {
          written(batch);
          batch = [];
        }
      },
      // A part of a segment kept whole, or a display chunk kept, is where the last build wrote it,
      // with the key it was written with.
      (path) => files.push([path, previous!.keyOf(path)!]),
    );
  } finally {
    previous?.close();
    writer.close();
  }
  written(batch);
  const { state, analysed } = made;
  const saved: SavedSearch = { inputsKey: job.inputsKey, files, messages: state.messages.length, settings: job.settings };
  signal?.throwIfAborted();
  await store.writeCache(STATE_CACHE, { inputsKey: job.inputsKey, state }, job.sources);
  await store.writeCache(FILES_CACHE, saved, job.sources);
  // Caches of earlier versions (an analysis per month) go.
  await store.removeCaches('search-', new Set([FILES_CACHE, STATE_CACHE]));
  return { index: previous ? 'updated' : 'built', files, messages: saved.messages, analysed, ms: Math.round(threadCpuMs() - cpuStart) };
}

/** The last build's index; told of each file before it is written, and closed once the index is made. */
type LastSearch = PreviousSearch & { writing(path: string): void; close(): void };

/**
 * The excerpts of the last index's documents, read from its display chunks as they are asked for:
 * the state a build keeps leaves them out (at 121,845 messages they were about 110 MB of the
 * index's heap). Kept documents are asked for in increasing order (old and new numbers follow the
 * same order), so one chunk is held at a time. A chunk this build writes over before its
 * documents were asked for (older mail moves documents into later chunks) is first linked aside.
 */
class LastExcerpts {
  private chunk = -1;
  private rows: DocDisplay[] | undefined;
  private readonly aside = new Set<number>();
  private readonly last: number;

  /**
   * @param outDir the site folder
   * @param keys the last index's files and the keys they were written with
   * @param manifest the last index's manifest
   * @param asideDir where chunks written over are kept until the index is made
   */
  constructor(
    private readonly outDir: string,
    private readonly keys: ReadonlyMap<string, string>,
    private readonly manifest: SearchManifest,
    private readonly asideDir: string,
  ) {
    this.last = Math.ceil(manifest.docs / manifest.displayChunk) - 1;
  }

  /** A document's excerpt; undefined when its chunk is not as the last build wrote it. */
  take(doc: number): string | undefined {
    const chunk = Math.floor(doc / this.manifest.displayChunk);
    if (chunk !== this.chunk) {
      this.chunk = chunk;
      this.rows = this.read(chunk);
    }
    return this.rows?.[doc - chunk * this.manifest.displayChunk]?.[7];
  }

  /** Before this build writes a file of the index: a display chunk not yet read is linked aside. */
  writing(path: string): void {
    const chunk = path.startsWith(INDEX_DIR) ? (displayChunkOf(path.slice(INDEX_DIR.length)) ?? -1) : -1;
    if (chunk <= this.chunk || chunk > this.last || this.aside.has(chunk)) return;
    const file = outputFile(this.outDir, path);
    const aside = join(this.asideDir, `${chunk}.json`);
    mkdirSync(this.asideDir, { recursive: true });
    try {
      linkSync(file, aside);
    } catch {
      try {
        copyFileSync(file, aside);
      } catch {
        // Gone or unreadable: its documents' messages are analysed again.
        return;
      }
    }
    this.aside.add(chunk);
  }

  /** Remove the chunks linked aside. */
  close(): void {
    rmSync(this.asideDir, { recursive: true, force: true });
  }

  private read(chunk: number): DocDisplay[] | undefined {
    if (chunk > this.last) return undefined;
    const path = INDEX_DIR + displayFile(chunk);
    const bytes = readAsWritten(this.aside.has(chunk) ? join(this.asideDir, `${chunk}.json`) : outputFile(this.outDir, path), this.keys.get(path));
    return bytes && (JSON.parse(bytes.toString()) as DocDisplay[]);
  }
}

/** The index's folder in the site. */
const INDEX_DIR = 'search/';

/**
 * A file of the last build's index as it was written: its bytes, or undefined when it is missing
 * or does not have the key recorded for it.
 *
 * @param file where it is
 * @param key the key it was written with; undefined for a file the last index did not write
 */
function readAsWritten(file: string, key: string | undefined): Uint8Array | undefined {
  try {
    const bytes = readFileSync(file);
    return key !== undefined && keyOf(bytes) === key ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The last build's search index as the site folder holds it: its manifest, checked against the
 * key it was written with, and its parts; undefined when the manifest is not what was written, is
 * of another version, or a part is missing or not recorded as written (the index is then built
 * from every message). Parts are read and checked when the update asks for them; its display
 * chunks are read as their excerpts are needed (see `LastExcerpts`).
 *
 * @param outDir the site folder
 * @param files the index's files and keys, as the last build wrote them
 * @param present the key of each file of the last index the site folder holds, as the site's manifest records it
 * @param state what the last build kept of its documents
 * @param asideDir where display chunks written over are kept until the index is made
 */
function readPreviousSearch(outDir: string, files: readonly [string, string][], present: Readonly<Record<string, string>>, state: SearchState, asideDir: string): LastSearch | undefined {
  const keys = new Map(files);
  const read = (path: string) => readAsWritten(outputFile(outDir, INDEX_DIR + path), keys.get(INDEX_DIR + path));
  const manifestBytes = read('manifest.json');
  if (!manifestBytes) return undefined;
  const manifest = JSON.parse(manifestBytes.toString()) as SearchManifest;
  if (manifest.version !== INDEX_VERSION) return undefined;
  // Every part is where the last build wrote it. A part is read (and checked against its key)
  // only when the update reads its segment: a segment kept whole is not read at all (at 24k
  // messages, reading and hashing every part took 1.6 s of an update).
  // A file of the last index that the site's manifest records as written, and that is there.
  const inPlace = (path: string): boolean => {
    const k = keys.get(INDEX_DIR + path);
    return k !== undefined && present[INDEX_DIR + path] === k && existsSync(outputFile(outDir, INDEX_DIR + path));
  };
  for (const path of partFiles(manifest)) if (!inPlace(path)) return undefined;
  const excerpts = new LastExcerpts(outDir, keys, manifest, asideDir);
  return {
    state,
    manifest,
    part: (name) => {
      const bin = read(`p/${name}.bin`);
      const pos = read(`p/${name}.pos`);
      // Part files are named by their content, so a build never writes one over: this one was changed or removed by something else.
      if (!bin || !pos) throw new Error(`search/p/${name}.bin or .pos in ${outDir} is not as the last build wrote it: run threadline build --clean to make the site again`);
      return { bin, pos };
    },
    keyOf: (path) => keys.get(path),
    excerpt: (doc) => excerpts.take(doc),
    // A chunk kept is not read: it must be in place, as a part must.
    displayIntact: (chunk) => inPlace(displayFile(chunk)),
    writing: (path) => excerpts.writing(path),
    close: () => excerpts.close(),
  };
}

/** What the index's thread tells the build's thread. */
type Report = { written: Written[] } | { done: SearchResult } | { error: string };

/** The search index being made, on a worker or on this thread. */
export interface SearchRun {
  /** The index, once made. */
  done: Promise<SearchResult>;
  /** Stop making it (the build failed). */
  stop(): Promise<void>;
}

/**
 * Start making the search index.
 *
 * @param job what the index needs besides the messages
 * @param messages the site's messages, in index order (read here, on the build's thread)
 * @param workerFile the bundled search worker; undefined makes the index on this thread
 * @param written takes the files written, a batch at a time
 */
export function startSearchIndex(job: SearchJob, messages: Iterable<SearchMessage>, workerFile: string | undefined, written: (files: Written[]) => void): SearchRun {
  if (workerFile === undefined) {
    const stopping = new AbortController();
    const done = makeSearchIndex(job, messages, written, stopping.signal);
    // Its failure is the build's, seen where it waits for the index; not an unhandled rejection before.
    done.catch(() => {});
    return {
      done,
      stop: async () => {
        stopping.abort();
        await done.catch(() => {});
      },
    };
  }
  const channel = new MessageChannel();
  const sent = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerFile, { workerData: { threadlineSearch: { ...job, port: channel.port2, sent } }, transferList: [channel.port2] });
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<SearchResult>((resolve, reject) => {
    fail = reject;
    worker.on('message', (report: Report) => {
      if ('written' in report) written(report.written);
      else if ('done' in report) resolve(report.done);
      else reject(new Error(`the search index failed: ${report.error}`));
    });
    worker.on('error', (error) => reject(error));
    worker.on('exit', (code) => reject(new Error(`the search index's thread stopped (exit code ${code})`)));
  });
  // Sent at once: this thread plans next, and the index's thread would wait on the plan's steps.
  try {
    let batch: SearchMessage[] = [];
    let count = 0;
    const send = (last: boolean) => {
      channel.port1.postMessage({ batch, last });
      Atomics.store(sent, 0, ++count);
      Atomics.notify(sent, 0);
      batch = [];
    };
    for (const message of messages) {
      batch.push(message);
      if (batch.length >= BATCH_MESSAGES) send(false);
    }
    send(true);
  } catch (error) {
    fail(error);
  }
  done.then(
    () => worker.terminate(),
    () => worker.terminate(),
  );
  return {
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/**
 * The messages as the build's thread sends them: each batch is taken from the port when the
 * index asks for it, sleeping until it is sent.
 *
 * @param port the port the batches come on
 * @param sent how many batches have been sent
 */
function* received(port: MessagePort, sent: Int32Array): Generator<SearchMessage> {
  let count = 0;
  for (;;) {
    const message = receiveMessageOnPort(port);
    if (!message) {
      Atomics.wait(sent, 0, count);
      continue;
    }
    const { batch, last } = message.message as { batch: SearchMessage[]; last: boolean };
    count++;
    yield* batch;
    if (last) return;
  }
}

const data = workerData as { threadlineSearch?: SearchJob & { port: MessagePort; sent: Int32Array } } | undefined;
if (parentPort && data?.threadlineSearch) {
  const port = parentPort;
  const { port: messages, sent, ...job } = data.threadlineSearch;
  const report = (r: Report) => port.postMessage(r);
  makeSearchIndex(
    job,
    received(messages, sent),
    (files) => report({ written: files }),
  ).then(
    (result) => report({ done: result }),
    (error: unknown) => report({ error: String((error as Error)?.stack ?? error) }),
  );
}
