/**
 * A worker thread that parses chunks of raw messages into the store for the import.
 */
import { parentPort } from 'node:worker_threads';
import { parseChunk, type ChunkRequest } from './parse-batch.ts';

if (!parentPort) throw new Error('parse-worker.ts must run as a worker thread');
const port = parentPort;
port.on('message', (request: ChunkRequest & { id: number }) => {
  parseChunk(request).then(
    (result) => port.postMessage({ id: request.id, result }),
    (error: unknown) => port.postMessage({ id: request.id, error: String((error as Error)?.stack ?? error) }),
  );
});
