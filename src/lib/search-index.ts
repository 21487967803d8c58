/**
 * The search index's files: written here at build time, read here in the browser (one owner per
 * format). One index over the whole site, cut by term, so that a query reads only the parts of
 * its words whatever the size of the archive, and scores with archive-wide statistics.
 *
 * Layout (under `search/`):
 * - `manifest.json`: document count, fields, average field lengths, lists, the term parts
 *   (first group key and file name of each) and the heavy groups (key and file name of each).
 * - `p/<hash>.bin`: a term part: a header (terms, front-coded; document frequency; byte lengths)
 *   then each term's postings: document number (delta), which fields hold it, and per field the
 *   raw term frequency and the field's length (one byte, log scale). No weight depends on other
 *   documents: the browser computes BM25F from these and the manifest's statistics.
 * - `p/<hash>.pos`: the positions of the same postings, read for phrases and proximity only.
 * - `d/<k>.json`: display data of documents k×8 to k×8+7; `t/<k>.bin`: thread of each document
 *   (distance back to the thread's first document), 8,192 documents a block.
 * - `f/list-<name>.bin`, `f/minutes.bin`: document sets for the list filter and `is:minutes`;
 *   `dates.bin`: documents per day, so a date filter is a range of document numbers.
 *
 * Documents are numbered in date order (then list, then path). Terms are sorted by their group
 * key (see search-stem.ts), so a word's forms share a part; a common word's group is a part of its
 * own, and the others are cut where a group's key hashes to a boundary (content-defined, as rsync
 * cuts files): adding mail changes the parts that
 * hold the new mail's words, the manifest, the last display chunk and thread block, and the small
 * filter files; every other part keeps its bytes and its name. Files are named by content hash.
 */
import { DISPLAY_CHUNK, FIELDS, INDEX_VERSION, THREAD_BLOCK, facetFile, type DocDisplay, type PartRef, type SearchManifest } from './search-schema.ts';
import { stemTerm } from './search-stem.ts';
import type { AnalyzedDoc } from './search-analysis.ts';

/** A part aims at about this many bytes of postings. */
export const TARGET_PART_BYTES = 24 * 1024;
/** A word group with more postings than this is a part of its own, so rare words never ride along with it. */
export const HEAVY_GROUP_BYTES = 16 * 1024;
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
}

// ---------------------------------------------------------------- byte encoding

/** A growable byte buffer with LEB128 varints. */
class ByteWriter {
  bytes = new Uint8Array(1024);
  length = 0;

  #room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
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

  /** Copy `src[start..end)`: a loop, as most postings are a few bytes and a subarray would cost more. */
  copy(src: Uint8Array, start: number, end: number): void {
    this.#room(end - start);
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
      const next = new Uint32Array(this.values.length * 2);
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
}

/** A field length in one byte: exact up to 31, then steps of 5% (Lucene keeps norms in a byte too). */
export function encodeNorm(length: number): number {
  if (length < 32) return length;
  return Math.min(255, 32 + Math.round(Math.log(length / 32) / Math.log(1.05)));
}

/** The field length a norm byte stands for. */
export function decodeNorm(norm: number): number {
  return norm < 32 ? norm : 32 * 1.05 ** (norm - 32);
}

/** 64-bit FNV-1a of bytes, as 10 hex digits (a file name; not a security boundary). */
function hashBytes(chunks: Uint8Array[]): string {
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
  return (h1.toString(16).padStart(8, '0') + h0.toString(16).padStart(8, '0')).slice(0, 10);
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

/** The order of documents: date, then list, then page path; a message's sections follow it in the order given. */
function compareDocs(a: AnalyzedDoc, b: AnalyzedDoc): number {
  const pa = pagePath(a.path);
  const pb = pagePath(b.path);
  return a.dateMs - b.dateMs || (a.list < b.list ? -1 : a.list > b.list ? 1 : 0) || (pa < pb ? -1 : pa > pb ? 1 : 0);
}

function pagePath(path: string): string {
  const hash = path.indexOf('#');
  return hash < 0 ? path : path.slice(0, hash);
}

/**
 * Build every file of the search index from the analysed documents, in their final order (date,
 * then list, then page path, a message's sections after it; a document out of order is an error
 * in the caller). The same documents
 * give byte-identical files.
 *
 * @param docs analysed documents (see `analyzeDocument`), in order; any iterable, so they need not all be in memory
 * @param options the site's lists
 */
export function buildSearchIndex(docs: Iterable<AnalyzedDoc>, options: SearchIndexOptions = {}): SearchFile[] {
  const nf = FIELDS.length;
  const files: SearchFile[] = [];
  const lists = [...new Set(options.lists ?? [])];
  const listIndex = new Map(lists.map((l, i) => [l, i]));
  const listDocs: number[][] = lists.map(() => []);
  const sections: number[] = [];
  const facetDocs = new Map<string, number[]>();
  const threadFirst = new Map<string, number>();
  const threadDelta = new U32List();
  const days: [day: number, count: number][] = [];
  const totals = new Array<number>(nf).fill(0);
  let display: DocDisplay[] = [];
  // Postings as they come, document by document: term, document, where its payload and positions are.
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const pTerm = new U32List();
  const pDoc = new U32List();
  const pPayload = new U32List();
  const pPositions = new U32List();
  const payloads = new ByteWriter();
  const positions = new ByteWriter();
  let n = 0;
  let previous: AnalyzedDoc | undefined;
  for (const doc of docs) {
    if (previous && compareDocs(previous, doc) > 0) throw new TypeError(`buildSearchIndex: documents must come in date, list, path order; ${doc.path} came after ${previous.path}`);
    previous = doc;
    const id = n++;
    let li = listIndex.get(doc.list);
    if (li === undefined) {
      li = lists.length;
      lists.push(doc.list);
      listIndex.set(doc.list, li);
      listDocs.push([]);
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
    display.push([doc.path, doc.title, doc.author, doc.dateMs, li, doc.kind, doc.thread === doc.path ? '' : doc.thread, doc.excerpt]);
    if (display.length === DISPLAY_CHUNK) {
      files.push({ path: `d/${(id + 1) / DISPLAY_CHUNK - 1}.json`, content: JSON.stringify(display) });
      display = [];
    }
    const norms = doc.lengths.map(encodeNorm);
    let k = 0;
    for (let t = 0; t < doc.terms.length; t++) {
      const term = doc.terms[t]!;
      let termId = termIds.get(term);
      if (termId === undefined) {
        termId = termNames.length;
        termIds.set(term, termId);
        termNames.push(term);
      }
      pTerm.push(termId);
      pDoc.push(id);
      pPayload.push(payloads.length);
      pPositions.push(positions.length);
      let mask = 0;
      let count = 0;
      for (let f = 0; f < nf; f++) if (doc.tfs[t * nf + f]! > 0) mask |= 1 << f;
      payloads.byte(mask);
      for (let f = 0; f < nf; f++) {
        const tf = doc.tfs[t * nf + f]!;
        if (tf === 0) continue;
        payloads.varint(tf);
        payloads.byte(norms[f] ?? 0);
        count += tf;
      }
      let last = 0;
      for (let i = 0; i < count; i++) {
        const p = doc.positions[k + i]!;
        positions.varint(i === 0 ? p : p - last);
        last = p;
      }
      k += count;
    }
  }
  if (display.length > 0) files.push({ path: `d/${Math.floor((n - 1) / DISPLAY_CHUNK)}.json`, content: JSON.stringify(display) });
  pPayload.push(payloads.length);
  pPositions.push(positions.length);

  // Postings by term (a counting sort keeps each term's documents ascending).
  const terms = termNames.length;
  const counts = new Uint32Array(terms + 1);
  for (let i = 0; i < pTerm.length; i++) counts[pTerm.values[i]! + 1]!++;
  for (let t = 0; t < terms; t++) counts[t + 1]! += counts[t]!;
  const order = new Uint32Array(pTerm.length);
  const fill = counts.slice(0, terms);
  for (let i = 0; i < pTerm.length; i++) order[fill[pTerm.values[i]!]!++] = i;
  // The end of posting i's payload and positions: the start of the next posting written.
  const payloadEnd = (i: number) => pPayload.values[i + 1]!;
  const positionsEnd = (i: number) => pPositions.values[i + 1]!;

  // Terms in group order: by key, then by term; a group is the terms of one key.
  const keys = termNames.map(stemTerm);
  // Sorting `key NUL term` strings natively is much faster than a comparator over two arrays.
  const sorted = termNames
    .map((term, t) => `${keys[t]}\u0000${term}`)
    .sort()
    .map((s) => termIds.get(s.slice(s.indexOf('\u0000') + 1))!);
  const groups: { key: string; terms: number[]; bytes: number }[] = [];
  for (const t of sorted) {
    // About what the term's entry will take: its header, a document delta and the payload of each posting.
    let size = termNames[t]!.length + 6;
    for (let j = counts[t]!; j < counts[t + 1]!; j++) size += 2 + payloadEnd(order[j]!) - pPayload.values[order[j]!]!;
    const group = groups[groups.length - 1];
    if (group && group.key === keys[t]) {
      group.terms.push(t);
      group.bytes += size;
    } else {
      groups.push({ key: keys[t]!, terms: [t], bytes: size });
    }
  }
  // A heavy group (a common word) is a file of its own, listed apart. The light groups between
  // are cut by content: a group starts a part when its key hashes to 0 mod `every`, chosen so
  // parts come near the target size; it moves in powers of two, so only a doubling or halving of
  // the archive moves every boundary.
  let lightBytes = 0;
  let lightGroups = 0;
  for (const g of groups) {
    if (g.bytes > HEAVY_GROUP_BYTES) continue;
    lightBytes += g.bytes;
    lightGroups++;
  }
  const target = options.partBytes ?? TARGET_PART_BYTES;
  if (!(target > 0)) throw new TypeError(`buildSearchIndex: partBytes must be a positive number of bytes, not ${String(options.partBytes)}`);
  const every = 2 ** Math.max(0, Math.round(Math.log2(Math.max(1, (target * lightGroups) / Math.max(1, lightBytes)))));
  const parts: PartRef[] = [];
  const heavy: PartRef[] = [];
  const names = new Set<string>();
  let current: typeof groups = [];
  const write = (part: typeof groups, list: PartRef[]) => {
    const { bin, pos } = encodePart(part.flatMap((g) => g.terms));
    let name = hashBytes([bin, pos]);
    for (let k = 1; names.has(name); k++) name = `${hashBytes([bin, pos])}-${k}`;
    names.add(name);
    files.push({ path: `p/${name}.bin`, content: bin }, { path: `p/${name}.pos`, content: pos });
    list.push([part[0]!.key, name]);
  };
  const flush = () => {
    if (current.length > 0) write(current, parts);
    current = [];
  };
  const encodePart = (partTerms: number[]): { bin: Uint8Array; pos: Uint8Array } => {
    const header = new ByteWriter();
    const body = new ByteWriter();
    const pos = new ByteWriter();
    header.byte(INDEX_VERSION);
    header.varint(partTerms.length);
    let previousTerm = new Uint8Array(0);
    for (const t of partTerms) {
      const bytes = encoder.encode(termNames[t]!);
      let shared = 0;
      while (shared < bytes.length && shared < previousTerm.length && bytes[shared] === previousTerm[shared]) shared++;
      header.varint(shared);
      header.varint(bytes.length - shared);
      header.append(bytes.subarray(shared));
      previousTerm = bytes;
      const bodyStart = body.length;
      const posStart = pos.length;
      let last = -1;
      for (let j = counts[t]!; j < counts[t + 1]!; j++) {
        const i = order[j]!;
        const doc = pDoc.values[i]!;
        body.varint(doc - last);
        last = doc;
        body.copy(payloads.bytes, pPayload.values[i]!, payloadEnd(i));
        pos.copy(positions.bytes, pPositions.values[i]!, positionsEnd(i));
      }
      header.varint(counts[t + 1]! - counts[t]!);
      header.varint(body.length - bodyStart);
      header.varint(pos.length - posStart);
    }
    header.append(body.done());
    return { bin: header.done(), pos: pos.done() };
  };
  for (const group of groups) {
    if (group.bytes > HEAVY_GROUP_BYTES) {
      write([group], heavy);
      continue;
    }
    if (current.length > 0 && hash32(group.key) % every === 0) flush();
    current.push(group);
  }
  flush();

  for (let k = 0; k * THREAD_BLOCK < n; k++) {
    const block = new ByteWriter();
    for (let d = k * THREAD_BLOCK; d < Math.min(n, (k + 1) * THREAD_BLOCK); d++) block.varint(threadDelta.values[d]!);
    files.push({ path: `t/${k}.bin`, content: block.done() });
  }
  lists.forEach((list, i) => {
    files.push({ path: `f/list-${list}.bin`, content: encodeDocSet(listDocs[i]!, n) });
  });
  files.push({ path: 'f/minutes.bin', content: encodeDocSet(sections, n) });
  const facets = [...facetDocs.keys()].sort();
  for (const facet of facets) files.push({ path: facetFile(facet), content: encodeDocSet(facetDocs.get(facet)!, n) });
  const dates = new ByteWriter();
  dates.varint(days.length);
  let lastDay = 0;
  for (const [day, count] of days) {
    dates.varint(day - lastDay);
    dates.varint(count);
    lastDay = day;
  }
  files.push({ path: 'dates.bin', content: dates.done() });
  const manifest: SearchManifest = {
    version: INDEX_VERSION,
    docs: n,
    fields: FIELDS.map((f) => ({ ...f })),
    avgLengths: totals.map((t) => (n === 0 ? 0 : Math.round((t / n) * 1000) / 1000)),
    lists,
    parts,
    heavy,
    facets,
    displayChunk: DISPLAY_CHUNK,
    threadBlock: THREAD_BLOCK,
  };
  files.push({ path: 'manifest.json', content: JSON.stringify(manifest) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
 * The file (name, without extension) that holds a word group: its own when the group is heavy,
 * else the light part whose range holds its key.
 *
 * @param manifest the manifest
 * @param key a group key
 */
export function groupFile(manifest: SearchManifest, key: string): string | undefined {
  let lo = 0;
  let hi = manifest.heavy.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = manifest.heavy[mid]![0];
    if (k === key) return manifest.heavy[mid]![1];
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return manifest.parts.length === 0 ? undefined : manifest.parts[partFor(manifest.parts, key)]![1];
}

/**
 * The files that may hold terms whose group keys lie in [from, to]: light parts whose ranges meet
 * it and heavy groups inside it.
 *
 * @param manifest the manifest
 * @param from the lowest key
 * @param to the highest key
 */
export function filesBetween(manifest: SearchManifest, from: string, to: string): string[] {
  const out: string[] = [];
  if (manifest.parts.length > 0) for (let i = partFor(manifest.parts, from); i <= partFor(manifest.parts, to); i++) out.push(manifest.parts[i]![1]);
  for (const [key, name] of manifest.heavy) if (key >= from && key <= to) out.push(name);
  return out;
}

/** The part file names of a manifest, for tools that list or prune the index. */
export function partFiles(manifest: SearchManifest): string[] {
  return [...manifest.parts, ...manifest.heavy].flatMap(([, name]) => [`p/${name}.bin`, `p/${name}.pos`]);
}
