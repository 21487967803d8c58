/**
 * The site's view of the store: what Astro pages read at build time. Lists and indexes are loaded
 * once; message bodies are read a chunk at a time and kept in a small LRU, so memory follows
 * metadata, not bodies.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Message } from '../lib/message.ts';
import { chunkPath, type CachedBody } from './cache.ts';
import type { ListStore, ListSummary } from './import.ts';

/** Body chunks kept in memory; pages are built roughly in chunk order, so a few suffice. */
export const CHUNK_CACHE_SIZE = 64;

/** The store folder: `THREADLINE_STORE`, or `.threadline` in the working directory. */
export function storeDir(): string {
  return resolve(process.env['THREADLINE_STORE'] ?? '.threadline');
}

/** Thrown when the store is missing: the site cannot be built before an import. */
export class StoreMissingError extends Error {
  constructor(path: string) {
    super(`no store at ${path}: run "threadline import" (or "npm run build", which imports first) before building the site`);
    this.name = 'StoreMissingError';
  }
}

let lists: ListSummary[] | undefined;
const stores = new Map<string, ListStore>();
const chunks = new Map<string, CachedBody[]>();

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreMissingError(path);
    throw error;
  }
}

/** Every list's summary, in name order. */
export function loadLists(): ListSummary[] {
  lists ??= readJson<ListSummary[]>(join(storeDir(), 'store', 'lists.json'));
  return lists;
}

/**
 * One list's store (config, index, body locations).
 *
 * @param name the list's name
 */
export function loadList(name: string): ListStore {
  let store = stores.get(name);
  if (!store) {
    store = readJson<ListStore>(join(storeDir(), 'store', name, 'index.json'));
    stores.set(name, store);
  }
  return store;
}

function loadChunk(list: string, n: number): { body: CachedBody } {
  const store = loadList(list);
  const where = store.bodies[n];
  if (!where) throw new RangeError(`list ${list} has no message #${n}`);
  const [file, chunk, index] = where;
  const dir = join(storeDir(), store.files[file]!);
  const key = `${dir}#${chunk}`;
  let bodies = chunks.get(key);
  if (bodies) {
    chunks.delete(key);
  } else {
    bodies = readJson<CachedBody[]>(chunkPath(dir, chunk, 'json'));
    if (chunks.size >= CHUNK_CACHE_SIZE) chunks.delete(chunks.keys().next().value!);
  }
  chunks.set(key, bodies);
  return { body: bodies[index]! };
}

/**
 * A whole message (bodies included), by its position in the list's date order.
 *
 * @param list the list's name
 * @param n the message's position in date order
 */
export function loadMessage(list: string, n: number): Message {
  return loadChunk(list, n).body.message;
}

/**
 * The chunk file holding a message's original bytes, and where in it they are: a chunk holds
 * dozens of messages back to back, then their attachments.
 *
 * @param list the list's name
 * @param n the message's position in date order
 */
export function rawLocation(list: string, n: number): { file: string; raw: [offset: number, length: number] } {
  const store = loadList(list);
  const where = store.bodies[n];
  if (!where) throw new RangeError(`list ${list} has no message #${n}`);
  const [file, chunk, , offset, length] = where;
  return { file: chunkPath(join(storeDir(), store.files[file]!), chunk, 'raw'), raw: [offset, length] };
}

/**
 * Where each of a message's attachments is in its raw chunk file (see `rawLocation`).
 *
 * @param list the list's name
 * @param n the message's position in date order
 */
export function attachmentLocations(list: string, n: number): [offset: number, length: number][] {
  // Kept in the list's store since it has them; a store written before reads them from the chunk.
  return loadList(list).attachmentSpans?.[n] ?? loadChunk(list, n).body.attachments;
}

const slugsById = new Map<string, Map<string, string>>();

/**
 * The slug of an archived message by Message-ID (the first message using it), for linking
 * Message-IDs mentioned in bodies and headers.
 *
 * @param list the list's name
 * @param messageId a Message-ID
 */
export function slugOf(list: string, messageId: string): string | undefined {
  let table = slugsById.get(list);
  if (!table) {
    table = new Map();
    for (const m of loadList(list).index.messages) if (!table.has(m.messageId)) table.set(m.messageId, m.slug);
    slugsById.set(list, table);
  }
  return table.get(messageId);
}
