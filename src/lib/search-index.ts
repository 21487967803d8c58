/**
 * The search index's files: written here at build time, read here in the browser (one owner per
 * format). One index over the whole site, cut by term, so that a query reads only the parts of
 * its words (and the thread blocks, a few per 100,000 documents) whatever the size of the
 * archive, and scores with archive-wide statistics.
 *
 * Layout (under `search/`):
 * - `manifest.json`: document count, fields, average field lengths, lists, and the segments: for
 *   each, its first document, its term parts (first group key and file name of each) and its
 *   heavy groups (key and file name of each).
 * - `p/<hash>.bin`: a term part: a header (terms, front-coded; document frequency; byte lengths)
 *   then each term's postings: document number (delta), which fields hold it, and per field the
 *   raw term frequency and the field's length (one byte, log scale). No weight depends on other
 *   documents: the browser computes BM25F from these and the manifest's statistics.
 * - `p/<hash>.pos`: the positions of the same postings, read for phrases and proximity only.
 * - `d/<k>.json`: display data of documents k×8 to k×8+7; `t/<k>.bin`: thread of each document
 *   (distance back to the thread's first document), 32,768 documents a block.
 * - `f/list-<name>.bin`, `f/minutes.bin`: document sets for the list filter and `is:minutes`;
 *   `dates.bin`: documents per day, so a date filter is a range of document numbers.
 *
 * Documents are numbered in date order (then list, then path). The postings are cut by document
 * into segments (see `segmentStarts`): a head of seven eighths or more of the documents, the tail
 * after it, and the newest documents (at most a sixty-fourth) after that. A word's postings are
 * its postings in each segment, one after the other, so the browser reads a part of each segment
 * and scores as if the index were one. Mail added at the end goes to the newest segment: the
 * head's and the tail's parts keep their bytes and names, and an update neither reads nor writes
 * them, until the index passes the next multiple of the tail's step or the head's.
 *
 * Within a segment, terms are sorted by their group key (see search-stem.ts), so a word's forms
 * share a part; a common word's group is a part of its own, and the others are cut where a
 * group's key hashes to a boundary (content-defined, as rsync cuts files): adding mail changes the
 * parts that hold the new mail's words, the manifest, the last display chunk and thread block,
 * and the small filter files; every other part keeps its bytes and its name. Files are named by
 * content hash.
 */
import { DISPLAY_CHUNK, FIELDS, INDEX_VERSION, THREAD_BLOCK, displayFile, facetFile, type DocDisplay, type PartRef, type SearchManifest, type Segment } from './search-schema.ts';
import { stemTerm } from './search-stem.ts';
import type { AnalyzedDoc } from './search-analysis.ts';

/** A part aims at about this many bytes of postings. */
export const TARGET_PART_BYTES = 24 * 1024;
/** A word group with more postings than this is a part of its own, so rare words never ride along with it. */
export const HEAVY_GROUP_BYTES = 16 * 1024;
/** The size of the parts and heavy groups of the segments after the head against the head's. */
const TAIL_SCALE = 1 / 8;
/** The smallest step of the segments' boundary: an index of fewer than eight times this is one segment. */
export const MIN_SEGMENT_DOCS = 1024;
const DAY_MS = 86_400_000;

/** One file of the index: its path under `search/` and its content. */
export interface SearchFile {
  path: string;
  content: string | Uint8Array;
}

/** Options of `buildSearchIndex`. */
export interface SearchIndexOptions {
  /** Every list of the site, so a list without documents still has a (empty) filter. */
  lists?: readonly string[];
  /** The size parts aim at (default `TARGET_PART_BYTES`); small values make many parts of a small index, for tests. */
  partBytes?: number;
  /** The smallest step of the segments' boundary (default `MIN_SEGMENT_DOCS`); small values segment a small index, for tests. */
  segmentDocs?: number;
}

// ---------------------------------------------------------------- byte encoding

/** A growable byte buffer with LEB128 varints. */
class ByteWriter {
  bytes = new Uint8Array(1024);
  length = 0;

  #room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    // Grown by half: a cold build's postings are the largest buffers a build holds.
    let size = Math.ceil(this.bytes.length * 1.5);
    while (size < this.length + n) size = Math.ceil(size * 1.5);
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  byte(value: number): void {
    this.#room(1);
    this.bytes[this.length++] = value;
  }

  varint(value: number): void {
    this.#room(10);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }

  /** Copy `src[start..end)`: a loop for a few bytes (most postings), `set` for a whole term's postings. */
  copy(src: Uint8Array, start: number, end: number): void {
    this.#room(end - start);
    if (end - start > 64) {
      this.bytes.set(src.subarray(start, end), this.length);
      this.length += end - start;
      return;
    }
    const out = this.bytes;
    let k = this.length;
    for (let i = start; i < end; i++) out[k++] = src[i]!;
    this.length = k;
  }

  append(bytes: Uint8Array): void {
    this.#room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** A growable array of unsigned 32-bit integers. */
class U32List {
  values = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Uint32Array(Math.ceil(this.values.length * 1.5));
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }
}

/** Reads LEB128 varints from bytes. */
export class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public offset = 0,
  ) {}

  /** The next varint. */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.bytes[this.offset++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }

  /** The next byte. */
  byte(): number {
    return this.bytes[this.offset++]!;
  }

  /** Pass a posting's payload (its field mask, then a count and a norm byte per field in it); returns its number of positions. */
  payload(): number {
    const mask = this.byte();
    let count = 0;
    for (let f = 0; f < FIELDS.length; f++) {
      if (!((mask >> f) & 1)) continue;
      count += this.varint();
      this.offset++;
    }
    return count;
  }
}

/**
 * Where a posting's payload ends: its field mask, then for each field in the mask a varint
 * count and a norm byte.
 *
 * @param bytes the bytes
 * @param start where the payload starts (its mask)
 */
function payloadEnd(bytes: Uint8Array, start: number): number {
  const mask = bytes[start]!;
  let at = start + 1;
  for (let f = 0; f < FIELDS.length; f++) {
    if (!((mask >> f) & 1)) continue;
    while (bytes[at++]! >= 0x80);
    at++;
  }
  return at;
}

/** A field length in one byte: exact up to 31, then steps of 5% (Lucene keeps norms in a byte too). */
export function encodeNorm(length: number): number {
  if (length < 32) return length;
  return Math.min(255, 32 + Math.round(Math.log(length / 32) / Math.log(1.05)));
}

/** The field length each norm byte stands for, computed once: postings are decoded by the hundred thousand. */
const NORMS = Array.from({ length: 256 }, (_, norm) => (norm < 32 ? norm : 32 * 1.05 ** (norm - 32)));

/** The field length a norm byte stands for. */
export function decodeNorm(norm: number): number {
  return NORMS[norm & 0xff]!;
}

/** 64-bit FNV-1a of bytes, as `digits` hex digits (10 for a file name; not a security boundary). */
function hashBytes(chunks: Uint8Array[], digits = 10): string {
  let h0 = 0x84222325;
  let h1 = 0xcbf29ce4;
  for (const bytes of chunks) {
    for (let i = 0; i < bytes.length; i++) {
      h0 ^= bytes[i]!;
      const lo = (h0 >>> 0) * 0x1b3;
      const hi = h1 * 0x1b3 + Math.floor(lo / 0x100000000) + ((h0 << 8) >>> 0);
      h0 = lo >>> 0;
      h1 = hi >>> 0;
    }
  }
  return (h1.toString(16).padStart(8, '0') + h0.toString(16).padStart(8, '0')).slice(0, digits);
}

/** 32-bit FNV-1a of a string: where content-defined part boundaries fall. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A set of documents: a bitmap, or a delta list when that is smaller. */
function encodeDocSet(docs: ArrayLike<number>, total: number): Uint8Array {
  const list = new ByteWriter();
  list.byte(1);
  list.varint(docs.length);
  let previous = -1;
  for (let i = 0; i < docs.length; i++) {
    list.varint(docs[i]! - previous);
    previous = docs[i]!;
  }
  const bitmapBytes = Math.ceil(total / 8) + 1;
  if (list.length <= bitmapBytes) return list.done();
  const bitmap = new Uint8Array(bitmapBytes);
  for (let i = 0; i < docs.length; i++) bitmap[1 + (docs[i]! >> 3)]! |= 1 << (docs[i]! & 7);
  return bitmap;
}

/**
 * Read a document set file.
 *
 * @param bytes the file
 * @param total documents in the index
 */
export function decodeDocSet(bytes: Uint8Array, total: number): Uint8Array {
  const set = new Uint8Array(total);
  if (bytes[0] === 1) {
    const r = new ByteReader(bytes, 1);
    const n = r.varint();
    let doc = -1;
    for (let i = 0; i < n; i++) {
      doc += r.varint();
      if (doc < total) set[doc] = 1;
    }
  } else {
    for (let d = 0; d < total; d++) if ((bytes[1 + (d >> 3)]! >> (d & 7)) & 1) set[d] = 1;
  }
  return set;
}

// ---------------------------------------------------------------- building

/**
 * What an index keeps of a document besides its postings: display, filters, lengths, and a hash
 * of its postings. Not its excerpt's text: the display chunks hold it (see `PreviousIndex.excerpt`),
 * and at 121,845 messages the excerpts were about 110 MB of the index's heap.
 */
export interface IndexedDoc extends Omit<AnalyzedDoc, 'terms' | 'tfs' | 'positions' | 'excerpt'> {
  /** A hash of the document's terms, frequencies, positions and field lengths: equal hashes, equal postings. */
  termsHash: string;
}

/**
 * The index an update starts from: the files the last build wrote, and its documents.
 */
export interface PreviousIndex {
  manifest: SearchManifest;
  /** Its documents, by number (what `updateSearchIndex` returned with it). */
  docs: readonly IndexedDoc[];
  /** A part of it, by the name the manifest gives. */
  part(name: string): { bin: Uint8Array; pos: Uint8Array };
  /**
   * A document's excerpt text, as its display chunk holds it: asked once for each document kept,
   * in the order they are given, as each is taken from `docs` (before the next is asked for).
   */
  excerpt(doc: number): string;
  /**
   * Whether a display chunk of it is where it was written, as it was written: an update that
   * keeps (see `UpdateOptions.keep`) a chunk whose documents all kept their numbers neither reads
   * nor writes it. Without it, every chunk is read and made again.
   */
  displayIntact?(chunk: number): boolean;
}

/** The order of documents: date, then list, then page path; a message's sections follow it in the order given. */
function compareDocs(a: Pick<AnalyzedDoc, 'dateMs' | 'list' | 'path'>, b: Pick<AnalyzedDoc, 'dateMs' | 'list' | 'path'>): number {
  const pa = pagePath(a.path);
  const pb = pagePath(b.path);
  return a.dateMs - b.dateMs || (a.list < b.list ? -1 : a.list > b.list ? 1 : 0) || (pa < pb ? -1 : pa > pb ? 1 : 0);
}

function pagePath(path: string): string {
  const hash = path.indexOf('#');
  return hash < 0 ? path : path.slice(0, hash);
}

/**
 * A hash of what a document gives the postings: terms, frequencies, positions, field lengths
 * (64-bit FNV-1a, as 16 hex digits; the build passes a stronger one).
 *
 * @param doc an analysed document
 */
export function termsHashOf(doc: AnalyzedDoc): string {
  return hashBytes([encoder.encode(doc.terms.join('\u0000')), new Uint8Array(doc.tfs.buffer, doc.tfs.byteOffset, doc.tfs.byteLength), new Uint8Array(doc.positions.buffer, doc.positions.byteOffset, doc.positions.byteLength), encoder.encode(doc.lengths.join(','))], 16);
}

/** Where bytes go: a writer, or a counter that only measures (the same code sizes and writes a term). */
interface ByteSink {
  length: number;
  byte(value: number): void;
  varint(value: number): void;
  copy(src: Uint8Array, start: number, end: number): void;
}

class ByteCounter implements ByteSink {
  length = 0;
  byte(): void {
    this.length++;
  }
  varint(value: number): void {
    let v = value;
    this.length++;
    while (v >= 0x80) {
      v = Math.floor(v / 0x80);
      this.length++;
    }
  }
  copy(_src: Uint8Array, start: number, end: number): void {
    this.length += end - start;
  }
}

/**
 * Build every file of the search index from the analysed documents, in their final order (date,
 * then list, then page path, a message's sections after it; a document out of order is an error
 * in the caller). The same documents give byte-identical files.
 *
 * @param docs analysed documents (see `analyzeDocument`), in order; any iterable, so they need not all be in memory
 * @param options the site's lists
 */
export function buildSearchIndex(docs: Iterable<AnalyzedDoc>, options: SearchIndexOptions = {}): SearchFile[] {
  return updateSearchIndex(docs, undefined, options).files;
}

/**
 * Options of `updateSearchIndex`: the site's lists, part size, how a document's postings are
 * hashed (default `termsHashOf`), how a part is named (`partName`), `emit`, which takes each file
 * as it is made (then none is kept or returned: a large index need not be in memory whole), and
 * `keep`, which takes the files of the last index kept as they are.
 */
export type UpdateOptions = SearchIndexOptions & {
  termsHash?: (doc: AnalyzedDoc) => string;
  /** A part's file name from its bytes (default 64-bit FNV-1a, 10 hex digits; the build passes a native hash). */
  partName?: (bin: Uint8Array, pos: Uint8Array) => string;
  emit?: (file: SearchFile) => void;
  /** Takes each file of a segment kept from the last index (its path), which is then not read nor emitted; without it, such files are read and emitted. */
  keep?: (path: string) => void;
};

/**
 * Build the search index again from the last one: documents the caller kept are given by their
 * number in it (their postings are read from its parts), the others analysed. The files are
 * byte for byte those a build from nothing writes for the same documents with the same
 * `partName` (as `buildSearchIndex` does with the default), so an update and a cold build agree; an update costs what the new documents' terms touch when mail is added at the
 * end (old documents keep their numbers), and a pass over every posting otherwise.
 *
 * @param docs in order: a number (a document of `previous`, unchanged) or an analysed document
 * @param previous the last index, or undefined
 * @param options the site's lists, part size, postings hash, part names, and where files go
 * @returns the files, and the documents as the next update needs them
 */
export function updateSearchIndex(docs: Iterable<AnalyzedDoc | number>, previous: PreviousIndex | undefined, options: UpdateOptions = {}): { files: SearchFile[]; docs: IndexedDoc[] } {
  const nf = FIELDS.length;
  const files: SearchFile[] = [];
  const out = options.emit ?? ((file: SearchFile) => void files.push(file));
  const hashTerms = options.termsHash ?? termsHashOf;
  const partName = options.partName ?? ((bin: Uint8Array, pos: Uint8Array) => hashBytes([bin, pos]));
  const lists = [...new Set(options.lists ?? [])];
  const listIndex = new Map(lists.map((l, i) => [l, i]));
  const listDocs: number[][] = lists.map(() => []);
  const sections: number[] = [];
  const facetDocs = new Map<string, number[]>();
  const threadFirst = new Map<string, number>();
  const threadDelta = new U32List();
  const days: [day: number, count: number][] = [];
  const totals = new Array<number>(nf).fill(0);
  const indexed: IndexedDoc[] = [];
  const oldDocs = previous?.docs ?? [];
  // Where each document of the last index is now (-1: gone, or analysed again).
  const oldToNew = new Int32Array(oldDocs.length).fill(-1);
  const analysed = new U32List();
  let display: DocDisplay[] = [];
  // Postings as they come, document by document: term, document, and where its record starts in
  // `records` (its payload, then its positions; the payload's mask and counts say where it ends).
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const pTerm = new U32List();
  const pStart = new U32List();
  // Each document's first posting (a posting's document is found from these, not kept per posting).
  const docFirst = new U32List();
  const records = new ByteWriter();
  let n = 0;
  let previousDoc: IndexedDoc | undefined;
  // A display chunk whose documents all kept their numbers, and their lists' positions (a row
  // names its list by position), is the last index's, byte for byte: such a chunk is kept, not
  // made. Its rows wait for their excerpts, asked of the last index only if it is made after all.
  const keepDisplay = options.keep !== undefined && previous?.displayIntact !== undefined && previous.manifest.displayChunk === DISPLAY_CHUNK;
  const oldLists = new Map(previous?.manifest.lists.map((list, i) => [list, i]));
  let waiting: [row: DocDisplay, old: number][] = [];
  const fillWaiting = (): void => {
    for (const [row, old] of waiting) row[7] = previous!.excerpt(old);
    waiting = [];
  };
  for (const entry of docs) {
    const id = n++;
    docFirst.push(pTerm.length);
    let doc: IndexedDoc;
    let excerpt = '';
    let defer = false;
    if (typeof entry === 'number') {
      const kept = oldDocs[entry];
      if (kept === undefined || oldToNew[entry] !== -1) throw new TypeError(`updateSearchIndex: document ${entry} is not a document of the last index, or came twice`);
      oldToNew[entry] = id;
      doc = kept;
    } else {
      const { terms: _terms, tfs: _tfs, positions: _positions, excerpt: text, ...rest } = entry;
      doc = { ...rest, termsHash: hashTerms(entry) };
      excerpt = text;
      analysed.push(id);
    }
    if (previousDoc && compareDocs(previousDoc, doc) > 0) throw new TypeError(`buildSearchIndex: documents must come in date, list, path order; ${doc.path} came after ${previousDoc.path}`);
    previousDoc = doc;
    indexed.push(doc);
    let li = listIndex.get(doc.list);
    if (li === undefined) {
      li = lists.length;
      lists.push(doc.list);
      listIndex.set(doc.list, li);
      listDocs.push([]);
    }
    if (typeof entry === 'number') {
      // Excerpts are asked for in increasing order: the rows waiting come before this one.
      defer = keepDisplay && entry === id && oldLists.get(doc.list) === li;
      if (!defer) {
        fillWaiting();
        excerpt = previous!.excerpt(entry);
      }
    }
    listDocs[li]!.push(id);
    if (doc.kind === 1) sections.push(id);
    for (const facet of doc.facets) {
      const list = facetDocs.get(facet);
      if (list) list.push(id);
      else facetDocs.set(facet, [id]);
    }
    const first = threadFirst.get(doc.thread);
    if (first === undefined) threadFirst.set(doc.thread, id);
    threadDelta.push(first === undefined ? 0 : id - first);
    const day = Math.floor(doc.dateMs / DAY_MS);
    const lastDay = days[days.length - 1];
    if (lastDay && lastDay[0] === day) lastDay[1]++;
    else days.push([day, 1]);
    for (let f = 0; f < nf; f++) totals[f]! += doc.lengths[f] ?? 0;
    const row: DocDisplay = [doc.path, doc.title, doc.author, doc.dateMs, li, doc.kind, doc.thread === doc.path ? '' : doc.thread, excerpt];
    display.push(row);
    if (defer) waiting.push([row, entry as number]);
    if (display.length === DISPLAY_CHUNK) {
      const chunk = (id + 1) / DISPLAY_CHUNK - 1;
      if (waiting.length === DISPLAY_CHUNK && previous!.displayIntact!(chunk)) {
        options.keep!(displayFile(chunk));
        waiting = [];
      } else {
        fillWaiting();
        out({ path: displayFile(chunk), content: JSON.stringify(display) });
      }
      display = [];
    }
    if (typeof entry === 'number') continue;
    const norms = doc.lengths.map(encodeNorm);
    let k = 0;
    for (let t = 0; t < entry.terms.length; t++) {
      const term = entry.terms[t]!;
      let termId = termIds.get(term);
      if (termId === undefined) {
        termId = termNames.length;
        termIds.set(term, termId);
        termNames.push(term);
      }
      pTerm.push(termId);
      pStart.push(records.length);
      let mask = 0;
      let count = 0;
      for (let f = 0; f < nf; f++) if (entry.tfs[t * nf + f]! > 0) mask |= 1 << f;
      records.byte(mask);
      for (let f = 0; f < nf; f++) {
        const tf = entry.tfs[t * nf + f]!;
        if (tf === 0) continue;
        records.varint(tf);
        records.byte(norms[f] ?? 0);
        count += tf;
      }
      let last = 0;
      for (let i = 0; i < count; i++) {
        const p = entry.positions[k + i]!;
        records.varint(i === 0 ? p : p - last);
        last = p;
      }
      k += count;
    }
  }
  fillWaiting();
  if (display.length > 0) out({ path: displayFile(Math.floor((n - 1) / DISPLAY_CHUNK)), content: JSON.stringify(display) });
  pStart.push(records.length);
  const firsts = docFirst.values;
  /** The document of posting i: the last whose first posting is at or before it. */
  const docOf = (i: number): number => {
    let lo = 0;
    let hi = n;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (firsts[mid]! <= i) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  // A document analysed again with the postings its number had in the last index (a patch whose
  // series changed state) is the same document to the postings: where the old ones are copied,
  // its new ones are skipped.
  const fresh = new Uint8Array(n);
  for (let i = 0; i < analysed.length; i++) fresh[analysed.values[i]!] = 1;
  const same = new Uint8Array(n);
  for (let d = 0; d < Math.min(n, oldDocs.length); d++) {
    if (fresh[d] === 1 && oldToNew[d] === -1 && indexed[d]!.termsHash === oldDocs[d]!.termsHash) same[d] = 1;
  }

  // The segments, new and old, as [start, end) ranges of documents.
  const starts = segmentStarts(n, options.segmentDocs);
  const endOf = (k: number): number => starts[k + 1] ?? n;
  const oldSegments = previous?.manifest.segments ?? [];
  const oldEnd = (s: number): number => oldSegments[s + 1]?.start ?? oldDocs.length;
  // Aligned: each document of an old segment kept its number or gave it to the same document,
  // and the range lies in one new segment. Its postings are then copied as they are (only the
  // first document's delta is written again); else each is read, renumbered, or dropped.
  const aligned = oldSegments.map((segment, s) => {
    const lo = segment.start;
    const hi = oldEnd(s);
    if (hi > n || !starts.some((start, k) => start <= lo && hi <= endOf(k))) return false;
    for (let d = lo; d < hi; d++) if (oldToNew[d] !== d && same[d] !== 1) return false;
    return true;
  });
  const skip = new Uint8Array(n);
  oldSegments.forEach((segment, s) => {
    if (aligned[s]) for (let d = segment.start; d < oldEnd(s); d++) skip[d] = same[d]!;
  });
  // A new segment that is an aligned old one, whole, has its parts: they are neither read nor written.
  const kept = starts.map((start, k) => {
    const s = oldSegments.findIndex((segment) => segment.start === start);
    return s >= 0 && aligned[s] && oldEnd(s) === endOf(k) ? s : -1;
  });
  // Where each old segment's documents are now, for skipping a segment a new one does not meet.
  const mappedRange = oldSegments.map((segment, s): [number, number] => {
    let first = -1;
    let lastMapped = -1;
    for (let d = segment.start; d < oldEnd(s); d++) {
      if (oldToNew[d]! < 0) continue;
      if (first < 0) first = oldToNew[d]!;
      lastMapped = oldToNew[d]!;
    }
    return [first, lastMapped];
  });

  // Postings by term (a counting sort keeps each term's documents ascending).
  const newTerms = termNames.length;
  const counts = new Uint32Array(newTerms + 1);
  for (let i = 0; i < pTerm.length; i++) counts[pTerm.values[i]! + 1]!++;
  for (let t = 0; t < newTerms; t++) counts[t + 1]! += counts[t]!;
  const order = new Uint32Array(pTerm.length);
  const fill = counts.slice(0, newTerms);
  for (let i = 0; i < pTerm.length; i++) order[fill[pTerm.values[i]!]!++] = i;
  pTerm.values = new Uint32Array(0);

  // The terms of the old segments that are read, each in group order.
  const runs = previous ? oldSegments.flatMap((segment, s) => (kept.includes(s) ? [] : [{ segment: s, terms: readOldTerms(previous, segment) }])) : [];

  // Every term of the new index in group order: by key, then by term, merged with the old. The
  // term numbers are sorted by a comparator over the two arrays: sorting `key NUL term` strings
  // natively, then finding each one's number again, took 1.16-1.19 s for linux-btrfs 2020's 1.3
  // million terms, against 0.44-0.46 s (code units compared either way).
  const newKeys = termNames.map(stemTerm);
  const newSorted = Array.from({ length: termNames.length }, (_, t) => t).sort((a, b) => {
    const ka = newKeys[a]!;
    const kb = newKeys[b]!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    const na = termNames[a]!;
    const nb = termNames[b]!;
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  termIds.clear();
  const entryName: string[] = [];
  const entryKey: string[] = [];
  const entryOld = runs.map(() => new U32List()); // per run: its term + 1, 0 for none
  const entryNew = new U32List(); // new term + 1, 0 for none
  {
    const at = runs.map(() => 0);
    let j = 0;
    for (;;) {
      let key: string | undefined;
      let name = '';
      const better = (k: string, t: string): void => {
        if (key === undefined || k < key || (k === key && t < name)) {
          key = k;
          name = t;
        }
      };
      runs.forEach((run, r) => {
        if (at[r]! < run.terms.order.length) {
          const oi = run.terms.order[at[r]!]!;
          better(run.terms.keys[oi]!, run.terms.names[oi]!);
        }
      });
      if (j < newSorted.length) better(newKeys[newSorted[j]!]!, termNames[newSorted[j]!]!);
      if (key === undefined) break;
      entryName.push(name);
      entryKey.push(key);
      runs.forEach((run, r) => {
        const oi = at[r]! < run.terms.order.length ? run.terms.order[at[r]!]! : -1;
        if (oi >= 0 && run.terms.keys[oi] === key && run.terms.names[oi] === name) {
          entryOld[r]!.push(oi + 1);
          at[r]!++;
        } else {
          entryOld[r]!.push(0);
        }
      });
      if (j < newSorted.length && newKeys[newSorted[j]!] === key && termNames[newSorted[j]!] === name) entryNew.push(newSorted[j++]! + 1);
      else entryNew.push(0);
    }
  }

  /**
   * Write entry e's postings and positions for documents lo..hi-1 (or measure them, with
   * counters); returns its document frequency there. Old postings of an aligned segment are
   * copied as they are; others are read one by one, renumbered or dropped.
   */
  const writeTerm = (e: number, body: ByteSink, pos: ByteSink, lo: number, hi: number): number => {
    const t = entryNew.values[e]! - 1;
    let df = 0;
    let last = -1;
    // After an old segment's postings copied whole, the last document is found only if needed.
    let lastIn: [run: number, term: number] | undefined;
    const settle = (): void => {
      if (!lastIn) return;
      const run = runs[lastIn[0]]!.terms;
      const o = lastIn[1];
      if (run.last[o] === -2) run.last[o] = lastDoc(run.files[run.file.values[o]!]!.bin, run.binStart.values[o]!, run.binEnd.values[o]!);
      last = run.last[o]!;
      lastIn = undefined;
    };
    const toNew = t < 0 ? 0 : counts[t + 1]!;
    let j = t < 0 ? 0 : counts[t]!;
    // The first new posting of a document from lo on (postings of later documents come later).
    if (lo > 0 && j < toNew) {
      const from = lo < n ? firsts[lo]! : Infinity;
      let a = j;
      let b = toNew;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (order[mid]! < from) a = mid + 1;
        else b = mid;
      }
      j = a;
    }
    // The document of the posting at `nextAt`: each posting's is found once, however often asked.
    let nextAt = -1;
    let nextDoc = -1;
    /** The next new posting's document below hi, skipping those of documents skipped; -1 when none is left. */
    const nextNew = (): number => {
      while (nextAt !== j) {
        if (j >= toNew) {
          nextAt = j;
          nextDoc = -1;
        } else {
          const doc = docOf(order[j]!);
          if (doc >= hi) {
            nextAt = j;
            nextDoc = -1;
          } else if (skip[doc] === 1) {
            j++;
          } else {
            nextAt = j;
            nextDoc = doc;
          }
        }
      }
      return nextDoc;
    };
    /** Write the posting `nextNew` found (it must have found one). */
    const putNew = (): void => {
      settle();
      const i = order[j++]!;
      const doc = nextDoc;
      body.varint(doc - last);
      last = doc;
      const start = pStart.values[i]!;
      const split = payloadEnd(records.bytes, start);
      body.copy(records.bytes, start, split);
      pos.copy(records.bytes, split, pStart.values[i + 1]!);
      df++;
    };
    for (let r = 0; r < runs.length; r++) {
      const o = entryOld[r]!.values[e]! - 1;
      if (o < 0) continue;
      const s = runs[r]!.segment;
      const [first, lastMapped] = mappedRange[s]!;
      if (first < 0 || lastMapped < lo || first >= hi) continue;
      const old = runs[r]!.terms;
      const { bin, pos: posBytes } = old.files[old.file.values[o]!]!;
      const binStart = old.binStart.values[o]!;
      const posStart = old.posStart.values[o]!;
      if (aligned[s]) {
        // Its documents keep their numbers: new postings before it, then its bytes.
        for (let next = nextNew(); next >= 0 && next < first; next = nextNew()) putNew();
        settle();
        const r0 = new ByteReader(bin, binStart);
        body.varint(r0.varint() - 1 - last);
        body.copy(bin, r0.offset, old.binEnd.values[o]!);
        pos.copy(posBytes, posStart, old.posEnd.values[o]!);
        df += old.df.values[o]!;
        lastIn = [r, o];
        continue;
      }
      const rd = new ByteReader(bin, binStart);
      const p = new ByteReader(posBytes, posStart);
      let doc = -1;
      for (let k = old.df.values[o]!; k > 0; k--) {
        doc += rd.varint();
        const payloadStart = rd.offset;
        const count = rd.payload();
        const positionsStart = p.offset;
        for (let c = 0; c < count; c++) p.varint();
        const mapped = oldToNew[doc]!;
        if (mapped < lo) continue;
        if (mapped >= hi) break;
        for (let next = nextNew(); next >= 0 && next < mapped; next = nextNew()) putNew();
        settle();
        body.varint(mapped - last);
        last = mapped;
        body.copy(bin, payloadStart, rd.offset);
        pos.copy(posBytes, positionsStart, p.offset);
        df++;
      }
    }
    while (nextNew() >= 0) putNew();
    return df;
  };

  const entries = entryName.length;
  const entryDf = new Uint32Array(entries);
  const target = options.partBytes ?? TARGET_PART_BYTES;
  if (!(target > 0)) throw new TypeError(`buildSearchIndex: partBytes must be a positive number of bytes, not ${String(options.partBytes)}`);
  const segments: Segment[] = [];
  const names = new Set<string>();
  const encodePart = (partTerms: number[], lo: number, hi: number): { bin: Uint8Array; pos: Uint8Array } => {
    const header = new ByteWriter();
    const body = new ByteWriter();
    const pos = new ByteWriter();
    header.byte(INDEX_VERSION);
    header.varint(partTerms.length);
    let previousTerm = new Uint8Array(0);
    for (const e of partTerms) {
      const bytes = encoder.encode(entryName[e]!);
      let shared = 0;
      while (shared < bytes.length && shared < previousTerm.length && bytes[shared] === previousTerm[shared]) shared++;
      header.varint(shared);
      header.varint(bytes.length - shared);
      header.append(bytes.subarray(shared));
      previousTerm = bytes;
      const bodyStart = body.length;
      const posStart = pos.length;
      writeTerm(e, body, pos, lo, hi);
      header.varint(entryDf[e]!);
      header.varint(body.length - bodyStart);
      header.varint(pos.length - posStart);
    }
    header.append(body.done());
    return { bin: header.done(), pos: pos.done() };
  };
  for (let k = 0; k < starts.length; k++) {
    const lo = starts[k]!;
    const hi = endOf(k);
    const s = kept[k]!;
    if (s >= 0) {
      const segment = oldSegments[s]!;
      for (const [, name] of [...segment.parts, ...segment.heavy]) {
        names.add(name);
        if (options.keep) {
          options.keep(`p/${name}.bin`);
          options.keep(`p/${name}.pos`);
        } else {
          const part = previous!.part(name);
          out({ path: `p/${name}.bin`, content: part.bin });
          out({ path: `p/${name}.pos`, content: part.pos });
        }
      }
      segments.push({ start: lo, parts: segment.parts.map(([key, name]) => [key, name]), heavy: segment.heavy.map(([key, name]) => [key, name]) });
      continue;
    }
    // Each term's size here (its header entry and postings) and document frequency, for cutting parts.
    const groups: { key: string; terms: number[]; bytes: number }[] = [];
    const counter = new ByteCounter();
    const ignored = new ByteCounter();
    for (let e = 0; e < entries; e++) {
      counter.length = 0;
      const df = writeTerm(e, counter, ignored, lo, hi);
      entryDf[e] = df;
      // A term with no document here is not in this segment.
      if (df === 0) continue;
      const size = entryName[e]!.length + 6 + counter.length;
      const group = groups[groups.length - 1];
      if (group && group.key === entryKey[e]) {
        group.terms.push(e);
        group.bytes += size;
      } else {
        groups.push({ key: entryKey[e]!, terms: [e], bytes: size });
      }
    }
    // A heavy group (a common word) is a file of its own, listed apart. The light groups between
    // are cut by content: a group starts a part when its key hashes to 0 mod `every`, chosen so
    // parts come near the target size; it moves in powers of two, so only a doubling or halving of
    // the segment moves every boundary.
    // The tail and the newest segment hold at most an eighth of the documents: their parts and
    // heavy groups are an eighth of the size, so a word's part there costs a reader an eighth of
    // its part in the head.
    const scale = k > 0 ? TAIL_SCALE : 1;
    const heavyBytes = HEAVY_GROUP_BYTES * scale;
    let lightBytes = 0;
    let lightGroups = 0;
    for (const g of groups) {
      if (g.bytes > heavyBytes) continue;
      lightBytes += g.bytes;
      lightGroups++;
    }
    const every = 2 ** Math.max(0, Math.round(Math.log2(Math.max(1, (target * scale * lightGroups) / Math.max(1, lightBytes)))));
    const parts: PartRef[] = [];
    const heavy: PartRef[] = [];
    let current: typeof groups = [];
    const write = (part: typeof groups, list: PartRef[]) => {
      const { bin, pos } = encodePart(
        part.flatMap((g) => g.terms),
        lo,
        hi,
      );
      const base = partName(bin, pos);
      let name = base;
      for (let c = 1; names.has(name); c++) name = `${base}-${c}`;
      names.add(name);
      out({ path: `p/${name}.bin`, content: bin });
      out({ path: `p/${name}.pos`, content: pos });
      list.push([part[0]!.key, name]);
    };
    const flush = () => {
      if (current.length > 0) write(current, parts);
      current = [];
    };
    for (const group of groups) {
      if (group.bytes > heavyBytes) {
        write([group], heavy);
        continue;
      }
      if (current.length > 0 && hash32(group.key) % every === 0) flush();
      current.push(group);
    }
    flush();
    segments.push({ start: lo, parts, heavy });
  }

  for (let k = 0; k * THREAD_BLOCK < n; k++) {
    const block = new ByteWriter();
    for (let d = k * THREAD_BLOCK; d < Math.min(n, (k + 1) * THREAD_BLOCK); d++) block.varint(threadDelta.values[d]!);
    out({ path: `t/${k}.bin`, content: block.done() });
  }
  lists.forEach((list, i) => {
    out({ path: `f/list-${list}.bin`, content: encodeDocSet(listDocs[i]!, n) });
  });
  out({ path: 'f/minutes.bin', content: encodeDocSet(sections, n) });
  const facets = [...facetDocs.keys()].sort();
  for (const facet of facets) out({ path: facetFile(facet), content: encodeDocSet(facetDocs.get(facet)!, n) });
  const dates = new ByteWriter();
  dates.varint(days.length);
  let lastDay = 0;
  for (const [day, count] of days) {
    dates.varint(day - lastDay);
    dates.varint(count);
    lastDay = day;
  }
  out({ path: 'dates.bin', content: dates.done() });
  const manifest: SearchManifest = {
    version: INDEX_VERSION,
    docs: n,
    fields: FIELDS.map((f) => ({ ...f })),
    avgLengths: totals.map((t) => (n === 0 ? 0 : Math.round((t / n) * 1000) / 1000)),
    lists,
    segments,
    facets,
    displayChunk: DISPLAY_CHUNK,
    threadBlock: THREAD_BLOCK,
  };
  out({ path: 'manifest.json', content: JSON.stringify(manifest) });
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), docs: indexed };
}

/** The last document of a term's postings (the sum of its deltas). */
function lastDoc(bin: Uint8Array, start: number, end: number): number {
  const r = new ByteReader(bin, start);
  let doc = -1;
  while (r.offset < end) {
    doc += r.varint();
    r.payload();
  }
  return doc;
}

/** The terms of a segment's parts, with where each one's postings are; `order` lists them in group order. */
interface OldTerms {
  files: { bin: Uint8Array; pos: Uint8Array }[];
  names: string[];
  keys: string[];
  file: U32List;
  df: U32List;
  binStart: U32List;
  binEnd: U32List;
  posStart: U32List;
  posEnd: U32List;
  order: Uint32Array;
  /** Each term's last document, found when first needed (-2 until then). */
  last: Int32Array;
}

function readOldTerms(previous: PreviousIndex, segment: Segment): OldTerms {
  const out: Omit<OldTerms, 'order' | 'last'> = { files: [], names: [], keys: [], file: new U32List(), df: new U32List(), binStart: new U32List(), binEnd: new U32List(), posStart: new U32List(), posEnd: new U32List() };
  const add = (name: string): void => {
    const f = out.files.length;
    const part = previous.part(name);
    out.files.push(part);
    for (const t of readPart(part.bin)) {
      out.names.push(t.term);
      out.keys.push(stemTerm(t.term));
      out.file.push(f);
      out.df.push(t.df);
      out.binStart.push(t.postings[0]);
      out.binEnd.push(t.postings[1]);
      out.posStart.push(t.positions[0]);
      out.posEnd.push(t.positions[1]);
    }
  };
  // Light parts hold their groups in key order, and so do the heavy files: two sorted runs,
  // merged by key (a heavy group's key is no light group's).
  for (const [, name] of segment.parts) add(name);
  const light = out.names.length;
  for (const [, name] of segment.heavy) add(name);
  const total = out.names.length;
  const order = new Uint32Array(total);
  let a = 0;
  let b = light;
  for (let k = 0; k < total; k++) order[k] = b >= total || (a < light && out.keys[a]! < out.keys[b]!) ? a++ : b++;
  return { ...out, order, last: new Int32Array(total).fill(-2) };
}

// ---------------------------------------------------------------- reading (the browser)

/** One term of a part, located in the part's bytes. */
export interface PartTerm {
  term: string;
  df: number;
  /** Byte range of its postings in the `.bin` file and of its positions in the `.pos` file. */
  postings: [start: number, end: number];
  positions: [start: number, end: number];
}

/**
 * The terms of a part, from its header.
 *
 * @param bytes a part's `.bin` file
 */
export function readPart(bytes: Uint8Array): PartTerm[] {
  const r = new ByteReader(bytes);
  const version = r.byte();
  if (version !== INDEX_VERSION) throw new Error(`search index part of version ${version}, expected ${INDEX_VERSION}: rebuild the site`);
  const count = r.varint();
  const raw: { term: string; df: number; bin: number; pos: number }[] = [];
  let previous = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const shared = r.varint();
    const rest = r.varint();
    const term = new Uint8Array(shared + rest);
    term.set(previous.subarray(0, shared));
    term.set(bytes.subarray(r.offset, r.offset + rest), shared);
    r.offset += rest;
    previous = term;
    raw.push({ term: decoder.decode(term), df: r.varint(), bin: r.varint(), pos: r.varint() });
  }
  let bin = r.offset;
  let pos = 0;
  return raw.map((t) => {
    const out: PartTerm = { term: t.term, df: t.df, postings: [bin, bin + t.bin], positions: [pos, pos + t.pos] };
    bin += t.bin;
    pos += t.pos;
    return out;
  });
}

/** A term's postings, decoded: documents ascending; per document and field the term frequency and field length. */
export interface Postings {
  docs: Uint32Array;
  /** `tfs[i * fields + f]`. */
  tfs: Uint32Array;
  /** Field lengths (decoded norms), `lengths[i * fields + f]` (0 where the field does not hold the term). */
  lengths: Float32Array;
}

/**
 * Decode a term's postings.
 *
 * @param bytes the part's `.bin` file
 * @param term the term, from `readPart`
 */
export function readPostings(bytes: Uint8Array, term: PartTerm): Postings {
  const nf = FIELDS.length;
  const docs = new Uint32Array(term.df);
  const tfs = new Uint32Array(term.df * nf);
  const lengths = new Float32Array(term.df * nf);
  const r = new ByteReader(bytes, term.postings[0]);
  let doc = -1;
  for (let i = 0; i < term.df; i++) {
    doc += r.varint();
    docs[i] = doc;
    const mask = r.byte();
    for (let f = 0; f < nf; f++) {
      if (!((mask >> f) & 1)) continue;
      tfs[i * nf + f] = r.varint();
      lengths[i * nf + f] = decodeNorm(r.byte());
    }
  }
  return { docs, tfs, lengths };
}

/**
 * Decode a term's positions: `positions` of posting i are `list.subarray(offsets[i], offsets[i + 1])`.
 *
 * @param bytes the part's `.pos` file
 * @param term the term, from `readPart`
 * @param postings its postings (for how many positions each document has)
 */
export function readPositions(bytes: Uint8Array, term: PartTerm, postings: Postings): { offsets: Uint32Array; list: Uint32Array } {
  const nf = FIELDS.length;
  const offsets = new Uint32Array(term.df + 1);
  let total = 0;
  for (let i = 0; i < term.df; i++) {
    offsets[i] = total;
    for (let f = 0; f < nf; f++) total += postings.tfs[i * nf + f]!;
  }
  offsets[term.df] = total;
  const list = new Uint32Array(total);
  const r = new ByteReader(bytes, term.positions[0]);
  for (let i = 0; i < term.df; i++) {
    let p = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      p = k === offsets[i] ? r.varint() : p + r.varint();
      list[k] = p;
    }
  }
  return { offsets, list };
}

/**
 * The thread of each document of a thread block, as the number of its thread's first document.
 *
 * @param bytes a `t/<k>.bin` file
 * @param block k
 * @param size documents per block (the manifest's `threadBlock`)
 */
export function readThreadBlock(bytes: Uint8Array, block: number, size: number): number[] {
  const r = new ByteReader(bytes);
  const out: number[] = [];
  for (let d = block * size; r.offset < bytes.length; d++) out.push(d - r.varint());
  return out;
}

/**
 * The range of documents dated within [afterMs, beforeMs] (inclusive, UTC days).
 *
 * @param bytes the `dates.bin` file
 * @param afterMs the earliest date, or undefined
 * @param beforeMs the latest date, or undefined
 */
export function dateRange(bytes: Uint8Array, afterMs: number | undefined, beforeMs: number | undefined): [first: number, end: number] {
  const r = new ByteReader(bytes);
  const runs = r.varint();
  const afterDay = afterMs === undefined ? -Infinity : Math.floor(afterMs / DAY_MS);
  const beforeDay = beforeMs === undefined ? Infinity : Math.floor(beforeMs / DAY_MS);
  let day = 0;
  let doc = 0;
  let first = -1;
  let end = 0;
  for (let i = 0; i < runs; i++) {
    day += r.varint();
    const count = r.varint();
    if (day >= afterDay && day <= beforeDay) {
      if (first < 0) first = doc;
      end = doc + count;
    }
    doc += count;
  }
  return first < 0 ? [0, 0] : [first, end];
}

/**
 * The part that holds a group key: the last part whose first key is not after it.
 *
 * @param parts the manifest's parts
 * @param key a group key
 */
export function partFor(parts: readonly PartRef[], key: string): number {
  let lo = 0;
  let hi = parts.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (parts[mid]![0] <= key) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * The files (names, without extension) that hold a word group, one per segment that has it: a
 * segment's own file for the group when it is heavy there, else its light part whose range holds
 * the key.
 *
 * @param manifest the manifest
 * @param key a group key
 */
export function groupFiles(manifest: SearchManifest, key: string): string[] {
  const out: string[] = [];
  for (const segment of manifest.segments) {
    let lo = 0;
    let hi = segment.heavy.length - 1;
    let found: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = segment.heavy[mid]![0];
      if (k === key) {
        found = segment.heavy[mid]![1];
        break;
      }
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    found ??= segment.parts.length === 0 ? undefined : segment.parts[partFor(segment.parts, key)]![1];
    if (found !== undefined) out.push(found);
  }
  return out;
}

/**
 * The files that may hold terms whose group keys lie in [from, to], segment by segment: light
 * parts whose ranges meet it and heavy groups inside it.
 *
 * @param manifest the manifest
 * @param from the lowest key
 * @param to the highest key
 */
export function filesBetween(manifest: SearchManifest, from: string, to: string): string[][] {
  return manifest.segments.map((segment) => {
    const out: string[] = [];
    if (segment.parts.length > 0) for (let i = partFor(segment.parts, from); i <= partFor(segment.parts, to); i++) out.push(segment.parts[i]![1]);
    for (const [key, name] of segment.heavy) if (key >= from && key <= to) out.push(name);
    return out;
  });
}

/** The part file names of a manifest, for tools that list or prune the index. */
export function partFiles(manifest: SearchManifest): string[] {
  return manifest.segments.flatMap((segment) => [...segment.parts, ...segment.heavy].flatMap(([, name]) => [`p/${name}.bin`, `p/${name}.pos`]));
}

/**
 * Where the index's segments start: at 0, and for an index of at least eight times `unit`
 * documents, at the last multiple of the largest power of two not above an eighth of it (the
 * step: the head before it holds seven eighths or more), and at the last multiple of an eighth of
 * the step below the count, when that is after the tail's start: the newest documents, at most an
 * eighth of the step, are a segment of their own (at a multiple of the step, the head is the whole
 * index, so no segment is empty). Mail added at the end changes the newest segment; the
 * tail is written again when the index passes the next multiple of an eighth of the step (every
 * 256 documents at 24k, every 1,024 at 120k), the head when it passes the next multiple of the
 * step. A day's mail rewrites the parts of the newest segment its words are in, not the tail's: at
 * 23,671 documents, one new message rewrote 49 parts instead of 185. A function of the document
 * count alone, so a cold build and an update cut the same.
 *
 * @param docs documents in the index
 * @param unit the smallest step (default `MIN_SEGMENT_DOCS`)
 */
export function segmentStarts(docs: number, unit = MIN_SEGMENT_DOCS): number[] {
  const step = 2 ** Math.floor(Math.log2(docs / 8));
  if (step < unit) return [0];
  const tail = Math.floor(docs / step) * step;
  // At a multiple of the step the head is every document: no segment is empty.
  if (tail === docs) return [0];
  // The newest documents, after the last multiple of an eighth of the step below the count (never
  // none): a segment of their own unless the tail is no longer than that.
  const fresh = Math.floor((docs - 1) / (step / 8)) * (step / 8);
  return fresh > tail ? [0, tail, fresh] : [0, tail];
}
