/**
 * The site's search index: the store's messages, in the index's document order, through the pure
 * modules (search-documents → search-analysis → search-index), as files under `search/`. A thin
 * adapter: what is indexed and how is decided in src/lib.
 *
 * Analysing a message (splitting, stemming, positions) is most of the index's cost, and a
 * message's documents depend only on what `searchDocuments` reads of it: each message has a key
 * of exactly that, and a build keeps the keys with the index it wrote. The next build analyses
 * only messages whose key is new (new mail, a patch whose series changed, a thread that moved)
 * and takes the others' postings from the parts the site folder holds (see updateSearchIndex).
 */
import { createHash } from 'node:crypto';
import { removalReason } from '../lib/removal.ts';
import { analyzeDocument, type AnalyzedDoc } from '../lib/search-analysis.ts';
import { searchDocuments, type SearchMessageInput, type SearchSection } from '../lib/search-documents.ts';
import { updateSearchIndex, type IndexedDoc, type PreviousIndex, type SearchFile } from '../lib/search-index.ts';
import { paths } from '../lib/urls.ts';
import { threadSlug } from '../lib/views.ts';
import type { ListPatches } from '../lib/patch-series.ts';
import type { ListData } from '../store/store.ts';
import type { MinutesEntry } from './minutes-data.ts';
import { keyOf, sha1 } from './writer.ts';

/** One list, as the index reads it. */
export interface SearchList {
  data: ListData;
  minutes: readonly MinutesEntry[];
  /** The list's patch series: a patch is found by `is:patch`, its state and its series' title. */
  patches: ListPatches;
}

/**
 * A message as the index takes it: what the index reads of it but its text, its text's hash,
 * and where its text is stored. Made from metadata alone, on the build's thread; the index is
 * made from these on a thread of its own, which also makes their keys (see `searchKey`).
 */
export interface SearchMessage {
  input: Omit<SearchMessageInput, 'text'>;
  bodyHash: string;
  body: [entry: string, chunk: number, slot: number];
}

/**
 * A message's key: a hash of everything `searchDocuments` reads of it, its input and its text's
 * hash. Made where the index is made: on the build's thread, keying every message took 0.1 s of
 * each update at 24k messages, before the pages could be planned.
 *
 * @param message the message
 */
function searchKey(message: SearchMessage): string {
  return sha1(`${JSON.stringify(message.input)}\u0000${message.bodyHash}`, 'base64');
}

/**
 * What a build keeps of its index for the next: each message's key (a hash of everything
 * `searchDocuments` reads of it), in index order, with its number of documents, and the documents
 * as the index holds them (display but the excerpt's text, filters, a hash of their postings).
 */
export interface SearchState {
  messages: [key: string, docs: number][];
  docs: IndexedDoc[];
}

/**
 * The last build's index: its state, its manifest and parts as the site folder holds them, and
 * its documents' excerpts (undefined for a document whose display chunk the folder does not hold
 * as written; its message is then analysed again). Each document's excerpt is asked for once.
 */
export type PreviousSearch = Omit<PreviousIndex, 'docs' | 'excerpt'> & {
  state: SearchState;
  excerpt(doc: number): string | undefined;
  /** The key a file of the last index (its site path) was written with. */
  keyOf(path: string): string | undefined;
};

/**
 * A search part's file name: the first 10 hex digits of its bytes' key (`keyOf`, native SHA-1),
 * where the index's own FNV-1a is JavaScript byte by byte: on linux-btrfs 2020's 14.7 MB of
 * parts, 8-9 ms against 74-78 ms.
 */
function partName(bin: Uint8Array, pos: Uint8Array): string {
  return keyOf(bin, pos).slice(0, 10);
}

/** A hash of a document's postings (terms, frequencies, positions, lengths). */
function termsHash(doc: AnalyzedDoc): string {
  return createHash('sha1')
    .update(doc.terms.join('\u0000'))
    .update(new Uint8Array(doc.tfs.buffer, doc.tfs.byteOffset, doc.tfs.byteLength))
    .update(new Uint8Array(doc.positions.buffer, doc.positions.byteOffset, doc.positions.byteLength))
    .update(doc.lengths.join(','))
    .digest('base64');
}

/**
 * The site's messages in the index's order (date, list, path), from metadata only. A removed
 * message (list.json `remove`) has no search entry.
 *
 * @param lists the site's lists
 */
export function* searchMessages(lists: readonly SearchList[]): Generator<SearchMessage> {
  const order: { dateMs: number; list: number; path: string; n: number }[] = [];
  lists.forEach(({ data }, list) => {
    for (const m of data.index.messages) {
      if (removalReason(data.config.remove, m.messageId) !== undefined) continue;
      order.push({ dateMs: m.dateMs, list, path: paths.message(data.config.name, m.slug), n: m.n });
    }
  });
  const names = lists.map((l) => l.data.config.name);
  order.sort((a, b) => a.dateMs - b.dateMs || (names[a.list]! < names[b.list]! ? -1 : names[a.list]! > names[b.list]! ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const minutes = lists.map((l) => new Map(l.minutes.map((e) => [e.n, e])));
  for (const { list, n, path } of order) {
    const { data, patches } = lists[list]!;
    const m = data.index.messages[n]!;
    const name = data.config.name;
    const entry = minutes[list]!.get(n);
    const sections: SearchSection[] | undefined = entry?.structure.sections.map((s, k) => ({
      title: s.title,
      anchor: s.anchor,
      line: s.line,
      end: s.end,
      owners: entry.structure.actions.filter((a) => a.section === k && a.owner).map((a) => a.owner!),
    }));
    const input: SearchMessage['input'] = {
      list: name,
      path,
      thread: paths.thread(name, threadSlug(data.index, m.thread)),
      subject: m.subject,
      parentSubject: m.parent >= 0 ? data.index.messages[m.parent]?.subject : undefined,
      fromName: m.fromName,
      fromAddress: m.fromAddress,
      obfuscation: data.config.obfuscation,
      dateMs: m.dateMs,
      sections,
      patch: patchFacets(patches, n),
    };
    const ref = data.columns.body[n]!;
    yield { input, bodyHash: data.columns.bodyHash[n]!, body: [data.entries[ref.source]!, ref.chunk, ref.slot] };
  }
}

/**
 * Make every file of the search index, and the state the next build starts from (see
 * `updateSearchIndex`).
 *
 * @param messages the site's messages, in index order (see `searchMessages`)
 * @param lists the site's lists' names
 * @param text a message's plain text (read only for messages not analysed before)
 * @param previous the last build's index: a message whose key it has keeps its documents (they
 *   are not read or analysed again) when their excerpts are found; undefined analyses every message
 * @param emit takes each file (its site path, under `search/`) as it is made
 * @param keep takes each file kept from the last index (its site path), which is not emitted
 */
export function searchFiles(
  messages: Iterable<SearchMessage>,
  lists: readonly string[],
  text: (message: SearchMessage) => string,
  previous: PreviousSearch | undefined,
  emit: (file: SearchFile) => void,
  keep: (path: string) => void,
): { state: SearchState; analysed: number } {
  // Where each message of the last index starts, by key.
  const kept = new Map<string, [first: number, count: number]>();
  if (previous) {
    let first = 0;
    for (const [key, count] of previous.state.messages) {
      kept.set(key, [first, count]);
      first += count;
    }
  }
  const state: SearchState['messages'] = [];
  let analysed = 0;
  // Whether a display chunk of the last index is as it was written (asked in increasing order).
  let lastChunk = -1;
  let lastIntact = false;
  const intact = (doc: number): boolean => {
    const chunk = Math.floor(doc / previous!.manifest.displayChunk);
    if (chunk !== lastChunk) {
      lastChunk = chunk;
      lastIntact = previous!.displayIntact?.(chunk) ?? false;
    }
    return lastIntact;
  };
  // Excerpts read ahead, by document, until the index asks for them. In chunks as they were
  // written they are not: read only if the index asks (it does not when it keeps a chunk whole).
  const ahead = new Map<number, string>();
  function* entries(): Generator<AnalyzedDoc | number> {
    for (const message of messages) {
      const key = searchKey(message);
      const old = kept.get(key);
      if (old) {
        const [first, count] = old;
        let whole = true;
        for (let d = first; d < first + count && whole; d++) whole = intact(d);
        // Elsewhere they are read now: a message whose excerpts are not all found is analysed again.
        const excerpts: string[] = [];
        for (let d = first; !whole && d < first + count; d++) {
          const excerpt = previous!.excerpt(d);
          if (excerpt === undefined) break;
          excerpts.push(excerpt);
        }
        if (whole || excerpts.length === count) {
          state.push([key, count]);
          for (let k = 0; k < excerpts.length; k++) ahead.set(first + k, excerpts[k]!);
          for (let d = first; d < first + count; d++) yield d;
          continue;
        }
      }
      const docs = searchDocuments({ ...message.input, text: text(message) });
      analysed++;
      state.push([key, docs.length]);
      for (const doc of docs) yield analyzeDocument(doc);
    }
  }
  const excerpt = (doc: number): string => {
    const read = ahead.get(doc);
    if (read !== undefined) {
      ahead.delete(doc);
      return read;
    }
    const text = previous!.excerpt(doc);
    // The site's manifest recorded the chunk as written, and the folder holds it: something else changed it.
    if (text === undefined) throw new Error(`searchFiles: the search index's display chunk of document ${doc} is not as the last build wrote it: run threadline build --clean`);
    return text;
  };
  const index = previous ? { manifest: previous.manifest, docs: previous.state.docs, part: previous.part, excerpt, ...(previous.displayIntact ? { displayIntact: previous.displayIntact } : {}) } : undefined;
  const { docs } = updateSearchIndex(entries(), index, { lists, termsHash, partName, emit: (f) => emit({ path: `search/${f.path}`, content: f.content }), keep: (path) => keep(`search/${path}`) });
  return { state: { messages: state, docs }, analysed };
}

/**
 * What search knows of a patch or cover letter: its series' title and facets (`patch`, its
 * series' state, `state:lost`); undefined for any other message.
 *
 * @param patches the list's series
 * @param n the message's position
 */
function patchFacets(patches: ListPatches, n: number): SearchMessageInput['patch'] {
  const member = patches.members.get(n);
  const series = member === undefined ? undefined : patches.series[member.series];
  if (!series) return undefined;
  return { series: series.title, facets: ['patch', `state:${series.state}`, ...(series.lost ? ['state:lost'] : [])] };
}
