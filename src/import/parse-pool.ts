/**
 * A pool of worker threads that parse chunks of messages; with no workers it parses in this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MessageMeta } from '../store/store.ts';
import { parseChunk, type ChunkRequest } from './parse-batch.ts';

/** The default number of parse workers: one per core, at most 4 (the import also needs the main thread). */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** Young-generation size of a parse worker's heap, in MB. */
export const YOUNG_GENERATION_MB = 64;

interface Pending {
  resolve: (result: MessageMeta[]) => void;
  reject: (error: Error) => void;
}

/** Worker threads that parse chunks into the cache; `jobs: 0` parses in the calling thread. */
export class ParsePool {
  private readonly workers: { worker: Worker; busy: number; failed: Error | undefined }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /**
   * @param jobs number of worker threads; 0 to parse in this thread
   * @param workerFile the bundled worker (see `bundleParseWorker`); required when jobs > 0
   */
  constructor(jobs: number, workerFile?: string) {
    if (!Number.isInteger(jobs) || jobs < 0) throw new TypeError(`jobs must be a whole number ≥ 0, got ${jobs}`);
    if (jobs > 0 && workerFile === undefined) throw new TypeError('workerFile is required when jobs > 0');
    for (let i = 0; i < jobs; i++) {
      // A larger young generation than a worker's default: parsing makes many short-lived objects,
      // and fewer scavenges measured a little faster on linux-btrfs (within this machine's noise).
      const worker = new Worker(workerFile!, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      const slot: { worker: Worker; busy: number; failed: Error | undefined } = { worker, busy: 0, failed: undefined };
      worker.on('message', (reply: { id: number; result?: MessageMeta[]; error?: string }) => {
        slot.busy--;
        const p = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (!p) return;
        if (reply.result) p.resolve(reply.result);
        else p.reject(new Error(`parse worker failed: ${reply.error}`));
      });
      worker.on('error', (error: Error) => {
        // A dead worker answers nothing more: fail what is waiting and everything sent later.
        slot.failed = error;
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      });
      this.workers.push(slot);
    }
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Parse a chunk into its source entry on the least busy worker.
   *
   * @param request the chunk; its byte buffer is transferred to the worker and unusable afterwards
   */
  parse(request: ChunkRequest): Promise<MessageMeta[]> {
    if (this.workers.length === 0) return parseChunk(request);
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    if (slot.failed) return Promise.reject(new Error(`parse worker failed: ${slot.failed.message}`));
    const id = this.nextId++;
    slot.busy++;
    const buffer = request.bytes.buffer;
    const transfer = buffer instanceof ArrayBuffer && buffer.byteLength === request.bytes.byteLength ? [buffer] : [];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    this.workers.length = 0;
  }
}
