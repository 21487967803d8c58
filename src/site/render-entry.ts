/**
 * The render module's entry (compiled with the templates by compile.ts): a render worker when it
 * runs as a worker thread, and `createRenderer` for a build that renders in its own thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { KeyedDownload, PageModel, RawFileModel, ThreadUnit } from './models.ts';
import type { PatchMboxModel } from './patch-models.ts';
import { Renderer, type RenderOptions } from './render.ts';
import { SiteWriter, type Written } from './writer.ts';
import { createTemplates } from './templates.ts';
import { Store } from '../store/store.ts';

export { CONTAINER_RENDERS, createTemplates, renderMessagePageDirectly } from './templates.ts';

/** One piece of work for a renderer. */
export type RenderTask =
  | { kind: 'thread'; unit: ThreadUnit; dirty: [path: string, key: string][] }
  | { kind: 'pages'; pages: { model: PageModel; key: string }[] }
  | { kind: 'files'; files: RawFileModel[]; dirty: [path: string, key: string][] }
  | { kind: 'downloads'; files: KeyedDownload[] }
  | { kind: 'mbox'; files: PatchMboxModel[]; dirty: [path: string, key: string][] };

/** Renders tasks in this thread. */
export interface TaskRenderer {
  run(task: RenderTask): Promise<Written[]>;
  close(): void;
}

/**
 * A renderer for this thread.
 *
 * @param options where to read and write
 * @param name a name for its temporary files, unique among the build's threads
 */
export async function createRenderer(options: RenderOptions, name: string): Promise<TaskRenderer> {
  const writer = new SiteWriter(options.outDir, options.direct ? undefined : { name, journal: new Store(options.storeDir).writingJournal(options.outDir) });
  const renderer = new Renderer(options, await createTemplates(), writer);
  return {
    run: (task) => {
      if (task.kind === 'thread') return renderer.thread(task.unit, new Map(task.dirty));
      if (task.kind === 'pages') return renderer.pages(task.pages);
      if (task.kind === 'downloads') return Promise.resolve(renderer.downloads(task.files));
      if (task.kind === 'mbox') return Promise.resolve(renderer.mboxes(task.files, new Map(task.dirty)));
      return Promise.resolve(renderer.files(task.files, new Map(task.dirty)));
    },
    close: () => writer.close(),
  };
}

const data = workerData as { threadlineRender?: RenderOptions & { name: string } } | undefined;
if (parentPort && data?.threadlineRender) {
  const port = parentPort;
  const { name, ...options } = data.threadlineRender;
  const ready = createRenderer(options, name);
  // Tasks run one after another: each writes its files before the next starts.
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', (message: { id: number; task?: RenderTask; close?: true }) => {
    queue = queue.then(async () => {
      try {
        const renderer = await ready;
        if (message.close) {
          renderer.close();
          port.postMessage({ id: message.id, written: [] });
          return;
        }
        port.postMessage({ id: message.id, written: await renderer.run(message.task!) });
      } catch (error) {
        port.postMessage({ id: message.id, error: String((error as Error)?.stack ?? error) });
      }
    });
  });
}
