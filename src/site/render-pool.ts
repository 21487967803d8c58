/**
 * Render workers: each loads the render module (the compiled templates, see compile.ts) and
 * renders whole tasks, writing their files itself; with no workers, tasks render in this thread.
 */
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { RenderTask, TaskRenderer } from './render-entry.ts';
import type { RenderOptions } from './render.ts';
import type { Written } from './writer.ts';

/**
 * A render worker's young generation. Rendering makes many short-lived syntax trees; with V8's
 * default, collecting them took a tenth of a worker's time.
 */
export const WORKER_YOUNG_GENERATION_MB = 64;
/**
 * Tasks sent to a worker before the build waits for one to finish: enough that the build thread
 * plans on (and goes on to the search index) while workers render, few enough to bound memory (a
 * task holds references into the store, not bodies). At 8, an update that added a month waited
 * 4.7 s for workers in the middle of planning.
 */
export const TASKS_IN_FLIGHT = 32;
/**
 * Files a pool started with fewer workers than it may have sends to each before it starts another.
 * An update's rendering is small beside the planning, the index and V8's own threads, which share
 * the machine's cores: on 2 cores, adding a month (694 messages, about 2,600 files rendered) to
 * 24k messages with one worker instead of two used 5-10% less CPU and 160-200 MB less memory, in
 * as much time or less (seven runs in turn each). A clean build starts all its workers at once.
 */
export const FILES_PER_WORKER = 4000;

interface Slot {
  worker: Worker;
  busy: number;
  failed: Error | undefined;
}

/** Renders tasks on worker threads (or in this thread), at most `TASKS_IN_FLIGHT` per worker at a time. */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: (w: Written[]) => void; reject: (e: Error) => void }>();
  private local: Promise<TaskRenderer> | undefined;
  private localQueue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private waiting: (() => void)[] = [];
  private readonly renderModule: string;
  private readonly options: RenderOptions;
  private readonly jobs: number;
  /** Files the tasks sent so far write. */
  private files = 0;

  /**
   * @param renderModule the compiled render module
   * @param options where to read and write
   * @param jobs worker threads at most; 0 renders in this thread
   * @param start worker threads to start with (at least one): another starts each time the
   *   tasks sent pass `FILES_PER_WORKER` files for each running
   */
  constructor(renderModule: string, options: RenderOptions, jobs: number, start = jobs) {
    this.renderModule = renderModule;
    this.options = options;
    this.jobs = jobs;
    if (jobs === 0) {
      this.local = import(pathToFileURL(renderModule).href).then((m: { createRenderer: (o: RenderOptions, name: string) => Promise<TaskRenderer> }) =>
        // Not the build thread's own writer's name: each writer removes its temporary folder.
        m.createRenderer(options, `render-${process.pid}`),
      );
      return;
    }
    for (let i = 0; i < Math.max(1, Math.min(start, jobs)); i++) this.startWorker();
  }

  /** Worker threads started so far. */
  get workers(): number {
    return this.slots.length;
  }

  private startWorker(): void {
    const worker = new Worker(this.renderModule, {
      workerData: { threadlineRender: { ...this.options, name: `w${this.slots.length}-${process.pid}` } },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    const slot: Slot = { worker, busy: 0, failed: undefined };
    worker.on('message', (reply: { id: number; written?: Written[]; error?: string }) => {
      slot.busy--;
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      this.waiting.shift()?.();
      if (!p) return;
      if (reply.error !== undefined) p.reject(new Error(`rendering failed: ${reply.error}`));
      else p.resolve(reply.written ?? []);
    });
    worker.on('error', (error: Error) => {
      slot.failed = error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      for (const wake of this.waiting.splice(0)) wake();
    });
    this.slots.push(slot);
  }

  /** Whether every worker holds `TASKS_IN_FLIGHT` tasks, so that `ready` would wait. */
  get full(): boolean {
    return this.busy();
  }

  private busy(): boolean {
    return this.slots.length > 0 && this.slots.every((s) => s.busy >= TASKS_IN_FLIGHT && !s.failed);
  }

  /** Resolves when a worker can take another task without the build holding too many in memory. */
  async ready(): Promise<void> {
    while (this.busy()) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /**
   * Render a task on the least busy worker.
   *
   * @param task the task
   * @returns the files it wrote
   */
  run(task: RenderTask): Promise<Written[]> {
    if (this.local) {
      const local = this.local;
      const result = this.localQueue.then(async () => (await local).run(task));
      this.localQueue = result.catch(() => {});
      return result;
    }
    this.files += taskFiles(task);
    while (this.slots.length < this.jobs && this.files > this.slots.length * FILES_PER_WORKER) this.startWorker();
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    if (slot.failed) return Promise.reject(new Error(`a render worker failed: ${slot.failed.message}`));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, task });
    });
  }

  /** Let every worker remove its temporary files, then stop them. */
  async close(): Promise<void> {
    if (this.local) {
      (await this.local.catch(() => undefined))?.close();
      return;
    }
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.failed) return resolve();
            const id = this.nextId++;
            this.pending.set(id, { resolve: () => resolve(), reject: () => resolve() });
            s.worker.postMessage({ id, close: true });
          }),
      ),
    );
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/**
 * How many files a task writes (at most: a thread's dirty paths may include files it skips).
 *
 * @param task the task
 */
export function taskFiles(task: RenderTask): number {
  if (task.kind === 'pages') return task.pages.reduce((n, p) => n + (p.model.kind === 'authors' ? 2 : 1), 0);
  if (task.kind === 'downloads') return task.files.length;
  return task.dirty.length;
}
