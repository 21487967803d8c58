/**
 * A worker thread of the differential suite: compares the mbox files it is sent, one at a time.
 */
import { parentPort } from 'node:worker_threads';
import { compareFile } from './differential.ts';

if (!parentPort) throw new Error('differential-worker.ts must run as a worker thread');
const port = parentPort;
port.on('message', (request: { file: string; corpora: string }) => {
  compareFile(request.file, request.corpora).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: String((error as Error)?.stack ?? error) }),
  );
});
