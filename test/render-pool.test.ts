import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RenderTask } from '../src/site/render-entry.ts';
import { FILES_PER_WORKER, RenderPool, taskFiles } from '../src/site/render-pool.ts';

const dir = mkdtempSync(join(tmpdir(), 'threadline-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in for the render module: it answers each task with the paths it was given, and the
// worker that took it.
const worker = join(dir, 'worker.mjs');
writeFileSync(
  worker,
  `import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, written: m.task ? m.task.dirty.map(([p]) => [p, String(threadId)]) : [] }));
`,
);
const options = { storeDir: dir, outDir: dir, base: '/', direct: false };

/** A thread task that writes `n` files. */
function task(n: number, from = 0): RenderTask {
  const dirty = Array.from({ length: n }, (_, k): [string, string] => [`p${from + k}`, 'k']);
  return { kind: 'thread', unit: {} as never, dirty };
}

describe('RenderPool', () => {
  it('starts one worker for a small update and another once the tasks pass FILES_PER_WORKER files', async () => {
    const pool = new RenderPool(worker, options, 2, 1);
    try {
      expect(pool.workers).toBe(1);
      const quarter = FILES_PER_WORKER / 4;
      const first = await Promise.all([0, 1, 2, 3].map((k) => pool.run(task(quarter, k * quarter))));
      // Exactly FILES_PER_WORKER files: still one worker, which wrote them all.
      expect(pool.workers).toBe(1);
      expect(new Set(first.flat().map(([, by]) => by)).size).toBe(1);
      expect(first.flat().map(([p]) => p)).toEqual(Array.from({ length: FILES_PER_WORKER }, (_, k) => `p${k}`));
      const more = pool.run(task(1, FILES_PER_WORKER));
      expect(pool.workers).toBe(2);
      // Sent while the first is in hand, the next task goes to the worker started late.
      const next = pool.run(task(1, FILES_PER_WORKER + 1));
      const answers = [...(await more), ...(await next)];
      expect(answers.map(([p]) => p)).toEqual([`p${FILES_PER_WORKER}`, `p${FILES_PER_WORKER + 1}`]);
      expect(new Set(answers.map(([, by]) => by)).size).toBe(2);
      // Never more than `jobs`.
      await pool.run(task(3 * FILES_PER_WORKER));
      expect(pool.workers).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('starts every worker at once when asked to (a clean build)', async () => {
    const pool = new RenderPool(worker, options, 2);
    try {
      expect(pool.workers).toBe(2);
      expect(await pool.run(task(2))).toHaveLength(2);
    } finally {
      await pool.close();
    }
  });

  it('counts the files of each kind of task', () => {
    const page = (kind: string) => ({ model: { kind } as never, key: 'k' });
    expect(taskFiles({ kind: 'pages', pages: [page('month'), page('authors'), page('author')] })).toBe(4);
    expect(taskFiles({ kind: 'downloads', files: [{ model: {} as never, key: 'k' }] })).toBe(1);
    expect(taskFiles({ kind: 'mbox', files: [], dirty: [['a', 'k'], ['b', 'k']] })).toBe(2);
    expect(taskFiles(task(5))).toBe(5);
  });
});
