/**
 * The import phase: the archive folder's mbox files → source entries in the store. A file read
 * before is read again only as far as it changed: list mbox files grow by appending, so a file
 * whose old end is unchanged (the same bytes just before it, and a new message right at it) is
 * read from there; a file that changed otherwise is read again in full, with a warning.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { readListConfig, type ListConfig } from '../lib/list-config.ts';
import type { MboxMessage } from '../lib/mbox.ts';
import { CHUNK_BYTES, CHUNK_MESSAGES, STORE_VERSION, TAIL_WINDOW_BYTES, contentHash, type ByteDigest, type FileReport, type MessageMeta, type SourceState, type Store, type WarningRecord } from '../store/store.ts';

export type { FileReport, WarningRecord } from '../store/store.ts';
import type { ParsePool } from './parse-pool.ts';
import { MboxFileError, READ_CHUNK_BYTES, readMboxFile, readProblem, type ReadFrom, type ReadSummary } from './read-mbox.ts';
import { listFiles, listFolders, readInArchive, walkFiles, type WalkProblems } from './walk.ts';

/** Thrown for problems the admin must fix (missing or empty archive, bad list.json). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** A list of the archive: its settings and mbox files (absolute paths, sorted). */
export interface ListSource {
  config: ListConfig;
  /** Its mbox files, broken symbolic links among them (`planImport` reads them as unreadable). */
  files: string[];
  /** The broken symbolic links among them: a link to a folder stands for the files the store has from it. */
  broken: string[];
  /** Folders of the list that could not be listed (their files, as the store knows them, are kept). */
  unreadable: { path: string; code: string }[];
}

/** Progress of a running import. */
export interface ImportProgress {
  list: string;
  file: string;
  messages: number;
  /** Bytes read from disk so far, of files that had to be parsed. */
  bytesRead: number;
  /** Bytes of all files that have to be parsed. */
  bytesToRead: number;
  elapsedMs: number;
}

/** A source file as the index phase reads it: its entry and state after the import. */
export interface ImportedSource {
  /** The mbox path relative to the archive folder. */
  file: string;
  /** The entry folder, relative to the store. */
  entry: string;
  state: SourceState;
  report: FileReport;
  /**
   * Warned messages this read found again, counted by `readBeforeKey` (Message-ID and warnings):
   * those a file read again in full held before (a gzip file made again, longer), or the last
   * message of a file read from where it ended, read again with bytes that went on (a writer that
   * puts a blank line of its own before the message it appends). Each count spares the warnings of
   * one message read this time with that key: they were printed when it was first read.
   */
  readBefore?: ReadonlyMap<string, number>;
}

// Names that live in a list folder but are not mail.
const NOT_MAIL = /^(?:list\.json|mhonarc-redirects\.json|readme(?:\..*)?|\..*)$/i;

/**
 * The lists of an archive folder, with their settings checked.
 *
 * @param archiveDir the archive folder: one sub-folder per list
 */
export async function discoverLists(archiveDir: string): Promise<ListSource[]> {
  const info = await stat(archiveDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ImportError(
      `archive folder "${archiveDir}" does not exist. Create it with one sub-folder per list holding its mbox files (archive/<list>/*.mbox), or pass --archive DIR.`,
    );
  }
  const lists: ListSource[] = [];
  for (const name of await listFolders(archiveDir)) {
    const dir = join(archiveDir, name);
    const configPath = join(dir, 'list.json');
    let raw: unknown;
    const text = await readFile(configPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new ImportError(`${configPath}: cannot be read (${error.code}); check its permissions.`);
    });
    if (text !== undefined) {
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw new ImportError(`${configPath}: not valid JSON (${(error as Error).message}); fix the file or remove it to use defaults.`);
      }
    }
    const config = readListConfig(name, raw, configPath);
    // A broken link is a file that cannot be read, not a file gone: an admin's link to mail on a
    // disk not mounted keeps the messages read through it, with a warning (see `planImport`).
    const problems: WalkProblems = { brokenLinks: [], folders: [] };
    const found = await walkFiles(dir, new Set(), problems);
    const broken = problems.brokenLinks.filter((f) => !NOT_MAIL.test(basename(f)));
    const files = [...found.filter((f) => !NOT_MAIL.test(basename(f))), ...broken].sort();
    if (files.length > 0 || problems.folders.length > 0) lists.push({ config, files, broken, unreadable: problems.folders });
  }
  if (lists.length === 0) {
    throw new ImportError(
      `archive folder "${archiveDir}" holds no lists: put each list's mbox files in a sub-folder, e.g. ${join(archiveDir, 'my-list', '2024.mbox')}.`,
    );
  }
  return lists;
}

/**
 * Files directly in the archive folder: no list reads them (a list is a folder), so an mbox
 * put there by mistake would be left out of the site without a word.
 *
 * @param archiveDir the archive folder
 * @returns their names, sorted
 */
export function filesOutsideLists(archiveDir: string): string[] {
  return listFiles(archiveDir).filter((name) => !NOT_MAIL.test(name) && !/\.json$/i.test(name));
}

/**
 * Refuse a store the import would read as lists: one inside the archive folder, unless under a
 * name that starts with a dot (`archive/.threadline`, which walks skip).
 *
 * @param archiveDir the archive folder
 * @param storeDir the store folder
 */
export function checkStoreFolder(archiveDir: string, storeDir: string): void {
  if (readInArchive(resolve(archiveDir), resolve(storeDir))) {
    throw new ImportError(`--store ${storeDir} is inside the archive folder ${archiveDir}, where it would be read as lists: choose a folder outside it, such as ".threadline", or one whose name starts with a dot, and pass it with --store`);
  }
}

/**
 * A file's name as the store and the reports know it: its path in the archive, with `/`.
 *
 * @param archiveDir the archive folder
 * @param path a path in it
 */
export function archivePath(archiveDir: string, path: string): string {
  return relative(archiveDir, path).split('\\').join('/');
}

/** How a file will be read. */
interface FilePlan {
  list: string;
  path: string;
  file: string;
  entry: string;
  size: number;
  mtimeMs: number;
  previous: SourceState | undefined;
  how: 'unchanged' | 'append' | 'full';
  /** Unchanged by its bytes, though its time changed: its state is recorded with the new time. */
  checked?: boolean;
}

/** What `bytesToRead` and `parseWorkers` need of a plan. */
export type ReadPlan = Pick<FilePlan, 'how' | 'path' | 'size'> & { previous?: Pick<SourceState, 'gzip' | 'resume'> | undefined };

/**
 * The bytes of a file a plan reads: none when unchanged; an append from where the last read
 * stopped (the last message it read, read again: see `SourceState.resume`); else the whole file.
 *
 * @param plan how the file will be read
 */
export function bytesToRead(plan: ReadPlan): number {
  if (plan.how === 'unchanged') return 0;
  return plan.how === 'append' ? plan.size - (plan.previous?.resume?.offset ?? 0) : plan.size;
}

function hashTail(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * A message with warnings as `ImportedSource.readBefore` counts it: its Message-ID and a hash of
 * its warnings, kinds and details in order.
 *
 * @param message the message
 */
export function readBeforeKey(message: Pick<MessageMeta, 'messageId' | 'warnings'>): string {
  return `${message.messageId}\u0000${contentHash(JSON.stringify(message.warnings.map((w) => [w.kind, w.detail])))}`;
}

/**
 * Count messages by `readBeforeKey` (see `ImportedSource.readBefore`).
 *
 * @param messages the messages, those without warnings left out
 */
function countReadBefore(messages: readonly Pick<MessageMeta, 'messageId' | 'warnings'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    if (m.warnings.length === 0) continue;
    const key = readBeforeKey(m);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The file's plain bytes just before `offset` (a plain file only), to compare with what was read. */
async function plainBytesBefore(path: string, offset: number): Promise<Buffer> {
  const start = Math.max(0, offset - TAIL_WINDOW_BYTES);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(offset - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Whether a file's bytes are those recorded: every range's hash matches, and the ranges cover the
 * file (see `SourceState.digests`).
 *
 * @param path the file
 * @param digests the recorded ranges, in the order the reads took them
 * @param size the file's size
 */
async function sameBytes(path: string, digests: readonly ByteDigest[], size: number): Promise<boolean> {
  let covered = 0;
  for (const d of [...digests].sort((a, b) => a.start - b.start)) {
    if (d.start > covered || d.end < d.start) return false;
    covered = Math.max(covered, d.end);
  }
  if (covered !== size) return false;
  const hashes = digests.map(() => createHash('sha1'));
  let at = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    const end = at + chunk.length;
    digests.forEach((d, i) => {
      if (d.start < end && d.end > at) hashes[i]!.update(chunk.subarray(Math.max(0, d.start - at), Math.min(chunk.length, d.end - at)));
    });
    at = end;
  }
  return at === size && digests.every((d, i) => hashes[i]!.digest('hex') === d.hash);
}

/**
 * Plan the reading of every file: unchanged (same size and time, or same size and bytes),
 * appended (larger, same bytes before the old end) or read in full.
 *
 * @param store the store
 * @param archiveDir the archive folder
 * @param lists the archive's lists
 */
export async function planImport(store: Store, archiveDir: string, lists: readonly ListSource[]): Promise<FilePlan[]> {
  const plans: FilePlan[] = [];
  for (const list of lists) {
    let paths = list.files;
    // The files the store has from a folder that cannot be listed now, or that a broken link
    // led to: each is planned, and read as a file that cannot be read, which keeps its messages
    // with a warning. A broken link that led to a file is that file.
    if (list.unreadable.length > 0 || list.broken.length > 0) {
      const had = (await store.readList(list.config.name))?.sources ?? [];
      const under = (folder: string) => {
        const prefix = `${archivePath(archiveDir, folder)}/`;
        return had.filter((file) => file.startsWith(prefix)).map((file) => join(archiveDir, file));
      };
      const kept = new Map([...list.unreadable.map((f) => f.path), ...list.broken].map((folder) => [folder, under(folder)]));
      paths = [...paths.filter((path) => !kept.get(path)?.length), ...[...kept.values()].flat()].sort();
    }
    for (const path of paths) {
      // A file that cannot be looked at (a broken link, a folder without permission) is planned
      // as read in full: reading it then finds the problem, warns, and keeps what it had.
      const info = await stat(path).catch(() => undefined);
      const file = archivePath(archiveDir, path);
      const entry = store.entryOf(list.config.name, file);
      const previous = await store.readSourceState(entry);
      let how: FilePlan['how'] = 'full';
      let checked: FilePlan['checked'];
      if (info === undefined) {
        plans.push({ list: list.config.name, path, file, entry, size: previous?.size ?? 0, mtimeMs: previous?.mtimeMs ?? 0, previous, how: 'full' });
        continue;
      }
      if (previous && previous.file === file) {
        const resume = previous.resume;
        if (previous.size === info.size && previous.mtimeMs === info.mtimeMs) how = 'unchanged';
        else if (previous.size === info.size && previous.digests !== undefined) {
          // A file that cannot be read here is read in full, which reports why.
          checked = await sameBytes(path, previous.digests, info.size).catch(() => false);
          if (checked) how = 'unchanged';
        } else if (resume && info.size > previous.size && previous.readError === undefined) {
          // Only a plain file has `resume`; a plain file replaced by a gzip one fails the tail's hash.
          const tail = await plainBytesBefore(path, resume.offset).catch(() => undefined);
          if (tail !== undefined && hashTail(tail) === resume.hash) how = 'append';
        }
      }
      plans.push({ list: list.config.name, path, file, entry, size: info.size, mtimeMs: info.mtimeMs, previous, how, ...(checked ? { checked } : {}) });
    }
  }
  return plans;
}

/** What the import phase did. */
export interface SourcesResult {
  /** Every file, by list, in the lists' file order. */
  sources: Map<string, ImportedSource[]>;
  warnings: WarningRecord[];
  parsedMessages: number;
}

/**
 * Read every new or changed file into the store.
 *
 * @param store the store
 * @param plans the plan (see `planImport`)
 * @param pool the parse workers
 * @param onProgress called now and then with progress figures
 */
export async function importSources(
  store: Store,
  plans: readonly FilePlan[],
  pool: ParsePool,
  onProgress: (p: Omit<ImportProgress, 'elapsedMs'>) => void = () => {},
): Promise<SourcesResult> {
  const result: SourcesResult = { sources: new Map(), warnings: [], parsedMessages: 0 };
  const toRead = plans.reduce((sum, p) => sum + bytesToRead(p), 0);
  let bytesRead = 0;
  for (const plan of plans) {
    const sources = result.sources.get(plan.list) ?? [];
    result.sources.set(plan.list, sources);
    const progress = (messages: number) => onProgress({ list: plan.list, file: plan.file, messages: result.parsedMessages + messages, bytesRead, bytesToRead: toRead });
    const onBytes = (n: number) => {
      bytesRead += n;
    };
    if (plan.how === 'unchanged') {
      let state = plan.previous!;
      if (plan.checked) {
        // Recorded with its new time, so the next build need not hash it again.
        state = { ...state, mtimeMs: plan.mtimeMs };
        await store.commitSegment(plan.entry, undefined, state);
      }
      const report: FileReport = { file: plan.file, bytes: plan.size, messages: state.messages, read: 'unchanged', parsed: 0, ...(plan.checked ? { checked: true } : {}) };
      if (state.readError !== undefined) report.error = state.readError;
      sources.push({ file: plan.file, entry: plan.entry, state, report });
      continue;
    }
    // A file that cannot be read (its permissions, a disk error) keeps what was read from it
    // before, so its messages stay on the site until it can be read again.
    const unreadable = await readProblem(plan.path);
    if (unreadable !== undefined) {
      const kept = plan.previous !== undefined && plan.previous.messages > 0;
      const state = kept ? plan.previous! : emptyState(plan);
      const detail = kept ? `${unreadable} The ${state.messages} messages read from it before are kept until it can be read again.` : `${unreadable} Its messages are imported once it can be read.`;
      result.warnings.push({ list: plan.list, file: plan.file, index: -1, messageId: '', kind: 'unreadable-file', detail });
      sources.push({ file: plan.file, entry: plan.entry, state, report: { file: plan.file, bytes: plan.size, messages: state.messages, read: kept ? 'unchanged' : 'full', parsed: 0, error: `${plan.file}: ${detail}` } });
      continue;
    }
    let outcome: ReadOutcome | undefined;
    let how = plan.how;
    if (how === 'append') {
      try {
        outcome = await readInto(store, plan, plan.previous!, pool, onBytes, progress);
      } catch (error) {
        // New bytes that do not go on as mbox: the file changed; it is read again in full.
        if (!(error instanceof MboxFileError)) throw error;
        how = 'full';
      }
    }
    // A gzip file is read again whenever it changed: it cannot be read from a point.
    if (how === 'full' && plan.previous !== undefined && !plan.previous.gzip) {
      result.warnings.push({
        list: plan.list,
        file: plan.file,
        index: -1,
        messageId: '',
        kind: 'changed-file',
        detail: 'the file changed since it was read, and not only by new mail at its end: it is read again in full',
      });
    }
    // Messages read again with the warnings they had: the last message of an append (see
    // `readInto`); of a file read again in full, those it held before, read here first (a gzip file
    // replaced by a longer one, a Pipermail month's `.txt.gz` made again each night, holds them
    // again, with nothing new to say).
    let readBefore = outcome?.readBefore;
    if (outcome === undefined && plan.previous !== undefined && plan.previous.messages > 0) {
      readBefore = await store.readSourceMetas(plan.entry, plan.previous).then(
        countReadBefore,
        // Unreadable: every warning of the file is this time's.
        () => undefined,
      );
    }
    if (outcome === undefined) {
      try {
        outcome = await readInto(store, plan, undefined, pool, onBytes, progress);
      } catch (error) {
        if (!(error instanceof MboxFileError)) throw error;
        // Not mbox from its first line: nothing was read, and the file is reported.
        result.warnings.push({ list: plan.list, file: plan.file, index: -1, messageId: '', kind: 'not-mbox', detail: error.problem });
        sources.push({
          file: plan.file,
          entry: plan.entry,
          state: emptyState(plan),
          report: { file: plan.file, bytes: plan.size, messages: 0, read: 'full', parsed: 0, error: error.message },
        });
        continue;
      }
    }
    result.parsedMessages += outcome.parsed;
    const report: FileReport = { file: plan.file, bytes: plan.size, messages: outcome.state.messages, read: how === 'append' ? 'appended' : 'full', parsed: outcome.parsed };
    if (how === 'append') report.newFrom = plan.previous!.messages - (outcome.lastChanged ? 1 : 0);
    if (outcome.state.readError !== undefined) report.error = outcome.state.readError;
    sources.push({ file: plan.file, entry: plan.entry, state: outcome.state, report, ...(readBefore ? { readBefore } : {}) });
  }
  return result;
}

function emptyState(plan: FilePlan): SourceState {
  return { version: STORE_VERSION, file: plan.file, size: plan.size, mtimeMs: plan.mtimeMs, gzip: false, logicalBytes: 0, resume: undefined, messages: 0, chunks: 0, segments: [] };
}

/**
 * What one read of a file gave: its new state, the messages parsed, whether the last message read
 * before changed (and, when it has the Message-ID and warnings it had, that message counted: see
 * `ImportedSource.readBefore`), and a break part-way.
 */
interface ReadOutcome {
  state: SourceState;
  parsed: number;
  lastChanged: boolean;
  readBefore?: ReadonlyMap<string, number>;
  readError?: MboxFileError;
}

/**
 * Read a file (from its old end when `previous` is given) through the parse pool into its entry,
 * a chunk per work item, keeping file order, and commit the new segment.
 */
async function readInto(
  store: Store,
  plan: FilePlan,
  previous: SourceState | undefined,
  pool: ParsePool,
  onBytes: (n: number) => void,
  onMessages: (n: number) => void,
): Promise<ReadOutcome> {
  if (previous === undefined) await store.resetSource(plan.entry);
  const dir = store.entryPath(plan.entry);
  const from: ReadFrom | undefined = previous?.resume ? { offset: previous.resume.offset, index: previous.resume.index } : undefined;
  const metas: MessageMeta[] = [];
  // Chunks in flight, oldest first. Results are consumed in file order, but a worker gets new work
  // as soon as any chunk finishes: waiting for the oldest one would leave the other worker idle.
  const inFlight: { done: boolean; result: Promise<MessageMeta[]> }[] = [];
  const limit = Math.max(2, pool.size * 4);
  let unfinished = 0;
  let wake: (() => void) | undefined;
  let pending: MboxMessage[] = [];
  let pendingBytes = 0;
  let chunk = previous?.chunks ?? 0;

  const consume = (chunkMetas: MessageMeta[]): void => {
    for (const m of chunkMetas) metas.push(m);
    onMessages(metas.length);
  };
  const send = async (): Promise<void> => {
    if (pending.length === 0) return;
    const bytes = Buffer.allocUnsafeSlow(pendingBytes);
    let start = 0;
    const items = pending.map((m) => {
      bytes.set(m.raw, start);
      const item = { start, length: m.raw.byteLength, envelope: m.envelope, source: { file: plan.file, index: m.index, offset: m.offset, length: m.length } };
      start += m.raw.byteLength;
      return item;
    });
    unfinished++;
    const job = { done: false, result: pool.parse({ dir, chunk: chunk++, bytes, items }) };
    const settle = (): void => {
      job.done = true;
      unfinished--;
      wake?.();
    };
    job.result.then(settle, settle);
    inFlight.push(job);
    pending = [];
    pendingBytes = 0;
    for (;;) {
      // Consume the finished chunks at the head, in file order; a failed chunk rejects here.
      while (inFlight[0]?.done) consume(await inFlight.shift()!.result);
      if (unfinished < limit && inFlight.length < limit * 8) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  };

  // The bytes read are hashed, unless they would not complete the recorded ranges (see `SourceState.digests`).
  const digest = previous === undefined || previous.digests !== undefined;
  const summary: ReadSummary = {};
  let read = 0;
  let readError: MboxFileError | undefined;
  try {
    for await (const messages of readMboxFile(plan.path, { onBytes, ...(from ? { from } : {}), digest }, summary)) {
      for (const m of messages) {
        read++;
        pending.push(m);
        pendingBytes += m.raw.byteLength;
        if (pending.length >= CHUNK_MESSAGES || pendingBytes >= CHUNK_BYTES) await send();
      }
    }
  } catch (error) {
    // A file that is not mbox at all is skipped; one that breaks part-way (a truncated or
    // corrupt .gz) keeps every message read before the break. New bytes that do not begin with
    // a message mean the file changed: it is read again in full.
    if (!(error instanceof MboxFileError) || read === 0) {
      await Promise.allSettled(inFlight.map((j) => j.result));
      throw error;
    }
    readError = error;
  }
  await send();
  while (inFlight.length > 0) consume(await inFlight.shift()!.result);
  const start = from?.offset ?? 0;
  const logicalBytes = summary.logicalBytes ?? start;
  const segments = [...(previous?.segments ?? [])];
  const segment = { n: segments.length, start, end: logicalBytes, messages: metas.length };
  segments.push(segment);
  const last = metas[metas.length - 1];
  const gzip = summary.gzip ?? false;
  const digests = summary.digest && readError === undefined ? [...(previous?.digests ?? []), summary.digest] : undefined;
  const state: SourceState = {
    version: STORE_VERSION,
    file: plan.file,
    size: plan.size,
    mtimeMs: plan.mtimeMs,
    gzip,
    logicalBytes,
    resume: gzip || last === undefined ? undefined : { offset: last.offset, index: last.index, hash: hashTail(await plainBytesBefore(plan.path, last.offset)), rawHash: last.rawHash, readBeforeKey: readBeforeKey(last) },
    // A resumed read begins with the last message of the read before, read again.
    messages: (previous?.messages ?? 0) - (from ? 1 : 0) + metas.length,
    chunks: chunk,
    segments,
    ...(digests ? { digests } : {}),
    ...(readError ? { readError: readError.message } : {}),
  };
  await store.commitSegment(plan.entry, { segment, metas }, state);
  // The message read again is new this time when its bytes are not those read before: new bytes
  // went on with it (a file copied while mail was being delivered into it), or it was edited.
  // Without the hash it had (a store from before it was kept), it counts as unchanged. With its
  // Message-ID and the warnings it had, they are not news: a writer that puts a blank line of its
  // own before the message it appends adds a line break to the message before, and nothing to
  // say about it.
  const kept = previous?.resume;
  const again = metas[0];
  const lastChanged = from !== undefined && kept?.rawHash !== undefined && again?.rawHash !== kept.rawHash;
  const quiet = lastChanged && again !== undefined && again.warnings.length > 0 && readBeforeKey(again) === kept!.readBeforeKey;
  return { state, parsed: metas.length, lastChanged, ...(quiet ? { readBefore: countReadBefore([again]) } : {}), ...(readError ? { readError } : {}) };
}
