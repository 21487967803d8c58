/**
 * Running a query over the index, in the browser (and in tests, over the files the build
 * writes): load the parts of the query's words, match every clause, rank with BM25F from the
 * archive-wide statistics in the manifest plus a bonus for query words close together, and group
 * the results by thread. Every document the filters leave is ranked before the search settles.
 *
 * lunr is not used here: its index stores one weight per term, field and document, already
 * multiplied by the field's boost and summed field by field, which is not BM25F; it keeps no
 * positions, so it has no phrases and no proximity; and its query parser has no quotes.
 */
import { FIELDS, K1, facetFile, type SearchManifest } from './search-schema.ts';
import { dateRange, decodeDocSet, filesBetween, groupFiles, readPart, readPositions, readPostings, readThreadBlock, type PartTerm, type Postings } from './search-index.ts';
import type { Clause, ParsedQuery, PhraseTerm } from './search-query.ts';
import { stemTerm } from './search-stem.ts';

/** Weight of another form of a word (`crash` for `crashes`) against the form typed. */
export const VARIANT_WEIGHT = 0.7;
/** Weight of the proximity bonus against a word's own score. */
export const PROXIMITY_WEIGHT = 0.5;
/** Query words further apart than this (in words) get no proximity bonus. */
export const PROXIMITY_WINDOW = 16;
/** Position files read for the proximity bonus, at most this many bytes each (phrases read theirs whatever the size). */
export const PROXIMITY_MAX_BYTES = 64 * 1024;
/** Terms a prefix may expand to. */
export const MAX_PREFIX_TERMS = 400;
/** Parts a prefix may read. */
export const MAX_PREFIX_PARTS = 6;

/** Where the engine reads the index's files (under `search/`). */
export interface IndexSource {
  manifest: SearchManifest;
  /**
   * The bytes of a file, e.g. `p/<name>.bin`, `dates.bin`; `fresh` asks past any cache (a
   * browser may hold a thread block from before the index grew or was laid out otherwise).
   */
  read(path: string, fresh?: boolean): Promise<Uint8Array>;
}

/** One thread in the results: its best document first, then its other matching documents by score. */
export interface ResultGroup {
  docs: number[];
  score: number;
}

/** The outcome of a search. */
export interface SearchOutcome {
  /** `all`: documents with every word; `any`: none had all, so documents with any, most words first. */
  mode: 'all' | 'any';
  /** Documents found. */
  total: number;
  /** Threads, best first (or newest first when sorted by date). */
  groups: ResultGroup[];
  /**
   * When fewer than `fillTo` threads have every word: threads whose documents have some of the
   * words (most words first), shown after the others and said to be so.
   */
  partial: ResultGroup[];
  /** Documents in `partial`. */
  partialTotal: number;
  /** Problems met while searching, phrased for the reader. */
  problems: string[];
}

/** Options of a search. */
export interface SearchOptions {
  /** Newest first instead of best first. */
  byDate?: boolean;
  /** Add documents with some of the words when fewer than this many threads have them all. */
  fillTo?: number;
}

/** A clause's matches: documents ascending, each with its weighted term frequency, and how rare the clause is. */
interface Matches {
  docs: Uint32Array;
  /** BM25F's pseudo-frequency per document (fields weighted, lengths normalised). */
  tf: Float32Array;
  idf: number;
  /** Positions of each document's matches, when loaded (for proximity). */
  positions?: Map<number, number[]>;
}

interface LoadedPart {
  name: string;
  bin: Uint8Array;
  terms: PartTerm[];
  pos?: Uint8Array;
}

/** A term over the index's segments: its postings in each part that has it, in segment order. */
interface IndexTerm {
  term: string;
  /** Documents that have it, in every segment. */
  df: number;
  pieces: { part: LoadedPart; term: PartTerm }[];
}

/** The terms of parts (one per segment, in segment order) that `keep` keeps, each once with its pieces. */
function indexTerms(parts: readonly LoadedPart[], keep: (t: PartTerm) => boolean): IndexTerm[] {
  const byTerm = new Map<string, IndexTerm>();
  for (const part of parts) {
    for (const term of part.terms) {
      if (!keep(term)) continue;
      const found = byTerm.get(term.term);
      if (found) {
        found.df += term.df;
        found.pieces.push({ part, term });
      } else {
        byTerm.set(term.term, { term: term.term, df: term.df, pieces: [{ part, term }] });
      }
    }
  }
  // In the order of one part: by group key, then by term.
  return [...byTerm.values()].sort((a, b) => {
    const ka = stemTerm(a.term);
    const kb = stemTerm(b.term);
    return ka < kb ? -1 : ka > kb ? 1 : a.term < b.term ? -1 : a.term > b.term ? 1 : 0;
  });
}

/** A term's postings in every segment, as one list (documents ascending: segments follow each other). */
function termPostings(term: IndexTerm): Postings {
  const pieces = term.pieces.map(({ part, term: t }) => readPostings(part.bin, t));
  if (pieces.length === 1) return pieces[0]!;
  return joinPostings(pieces);
}

function joinPostings(pieces: Postings[]): Postings {
  const total = pieces.reduce((sum, p) => sum + p.docs.length, 0);
  const nf = FIELDS.length;
  const out: Postings = { docs: new Uint32Array(total), tfs: new Uint32Array(total * nf), lengths: new Float32Array(total * nf) };
  let at = 0;
  for (const p of pieces) {
    out.docs.set(p.docs, at);
    out.tfs.set(p.tfs, at * nf);
    out.lengths.set(p.lengths, at * nf);
    at += p.docs.length;
  }
  return out;
}

function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** A query word's group key and whether a term belongs to it. */
function inGroup(term: string, key: string): boolean {
  return stemTerm(term) === key;
}

/**
 * Run a parsed query.
 *
 * @param query from `parseQuery`
 * @param source the index
 * @param options sorting
 */
export async function searchIndex(query: ParsedQuery, source: IndexSource, options: SearchOptions = {}): Promise<SearchOutcome> {
  const manifest = source.manifest;
  const n = manifest.docs;
  const nf = FIELDS.length;
  const fields = manifest.fields;
  const problems: string[] = [];
  const parts = new Map<string, Promise<LoadedPart>>();
  const loadPart = (name: string): Promise<LoadedPart> => {
    let part = parts.get(name);
    if (!part) {
      part = source.read(`p/${name}.bin`).then((bin) => ({ name, bin, terms: readPart(bin) }));
      parts.set(name, part);
    }
    return part;
  };
  const loadPositions = async (part: LoadedPart): Promise<Uint8Array> => {
    part.pos ??= await source.read(`p/${part.name}.pos`);
    return part.pos;
  };
  const termsWhere = async (key: string, keep: (t: PartTerm) => boolean): Promise<{ parts: LoadedPart[]; terms: IndexTerm[] }> => {
    const parts = await Promise.all(groupFiles(manifest, key).map(loadPart));
    return { parts, terms: indexTerms(parts, keep) };
  };
  /** A term's postings and positions, over every segment. */
  const withPositions = async (term: IndexTerm): Promise<{ postings: Postings; positions: { offsets: Uint32Array; list: Uint32Array } }> => {
    const pieces = await Promise.all(
      term.pieces.map(async ({ part, term: t }) => {
        const postings = readPostings(part.bin, t);
        return { postings, positions: readPositions(await loadPositions(part), t, postings) };
      }),
    );
    if (pieces.length === 1) return pieces[0]!;
    const postings = joinPostings(pieces.map((p) => p.postings));
    const offsets = new Uint32Array(postings.docs.length + 1);
    const list = new Uint32Array(pieces.reduce((sum, p) => sum + p.positions.list.length, 0));
    let doc = 0;
    let at = 0;
    for (const p of pieces) {
      for (let i = 0; i < p.postings.docs.length; i++) offsets[doc + i] = at + p.positions.offsets[i]!;
      list.set(p.positions.list, at);
      doc += p.postings.docs.length;
      at += p.positions.list.length;
    }
    offsets[doc] = at;
    return { postings, positions: { offsets, list } };
  };

  // Thread blocks: started at once, beside the parts. Every search groups its results by thread,
  // and a word of any frequency finds documents in most blocks of a large archive; fetched after
  // the scoring, they would add a round trip to every search.
  const size = manifest.threadBlock;
  const blocks = new Map<number, Promise<number[]>>();
  const readBlock = (k: number): Promise<number[]> => {
    let block = blocks.get(k);
    if (!block) {
      // A block holds one entry per document: another count is a block cached from another index.
      const entries = Math.min(size, n - k * size);
      const read = (fresh: boolean) => source.read(`t/${k}.bin`, fresh).then((b) => readThreadBlock(b, k, size));
      block = read(false).then((threads) => (threads.length === entries ? threads : read(true)));
      blocks.set(k, block);
    }
    return block;
  };
  if (size > 0 && query.clauses.some((c) => !c.exclude)) for (let k = 0; k * size < n; k++) readBlock(k).catch(() => {});

  // Filters: started at once, beside the parts.
  const filterSets: Promise<Uint8Array>[] = [];
  if (query.list !== undefined) {
    if (!manifest.lists.includes(query.list)) problems.push(`there is no list "${query.list}" (the lists are ${manifest.lists.join(', ')})`);
    filterSets.push(manifest.lists.includes(query.list) ? source.read(`f/list-${query.list}.bin`).then((b) => decodeDocSet(b, n)) : Promise.resolve(new Uint8Array(n)));
  }
  if (query.minutesOnly) filterSets.push(source.read('f/minutes.bin').then((b) => decodeDocSet(b, n)));
  // A facet no document has (no patch is lost) leaves nothing: there is no file to read.
  for (const facet of query.facets) filterSets.push(manifest.facets.includes(facet) ? source.read(facetFile(facet)).then((b) => decodeDocSet(b, n)) : Promise.resolve(new Uint8Array(n)));
  const range = query.afterMs !== undefined || query.beforeMs !== undefined ? source.read('dates.bin').then((b) => dateRange(b, query.afterMs, query.beforeMs)) : Promise.resolve<[number, number]>([0, n]);

  // Per field: its weight, BM25's b and the average length (typed arrays and plain loops: the
  // loops below run once per posting, up to the whole archive for a common word).
  const weightOf = Float64Array.from(fields, (f) => f.weight);
  const bOf = Float64Array.from(fields, (f) => f.b);
  const avgOf = Float64Array.from(fields, (_, f) => manifest.avgLengths[f] || 1);
  /**
   * Add each posting's BM25F pseudo-frequency (counts weighted by field, normalised by field
   * length), times `weight`, to `tf` by document; marks the documents in `seen`, returns how many
   * were new. `use` says which fields count (a clause may name some).
   */
  const accumulate = (postings: Postings, weight: number, use: Uint8Array, tf: Float64Array, seen: Uint8Array, onDoc?: (i: number, doc: number) => void): number => {
    const docs = postings.docs;
    const tfs = postings.tfs;
    const lengths = postings.lengths;
    let added = 0;
    for (let i = 0; i < docs.length; i++) {
      let sum = 0;
      const at = i * nf;
      for (let f = 0; f < nf; f++) {
        const count = tfs[at + f]!;
        if (count === 0 || use[f] === 0) continue;
        sum += (weightOf[f]! * count) / (1 - bOf[f]! + (bOf[f]! * lengths[at + f]!) / avgOf[f]!);
      }
      if (sum === 0) continue;
      const doc = docs[i]!;
      if (seen[doc] === 0) {
        seen[doc] = 1;
        added++;
      }
      tf[doc]! += weight * sum;
      onDoc?.(i, doc);
    }
    return added;
  };
  /** Merge the postings of several terms (each with a weight) into one clause's matches. */
  const merge = (list: { postings: Postings; weight: number; positions?: { offsets: Uint32Array; list: Uint32Array } }[], field: number[] | undefined): Matches => {
    const use = Uint8Array.from(fields, (_, f) => (field === undefined || field.includes(f) ? 1 : 0));
    // Summed per document in dense arrays: a common word's forms cover most of the archive,
    // where a map keyed by document would cost more than the rest of the search.
    const tf = new Float64Array(n);
    const seen = new Uint8Array(n);
    const pos = new Map<number, number[]>();
    let count = 0;
    for (const { postings, weight, positions } of list) {
      const onDoc = positions
        ? (i: number, doc: number) => {
            const at = pos.get(doc) ?? [];
            for (let k = positions.offsets[i]!; k < positions.offsets[i + 1]!; k++) at.push(positions.list[k]!);
            pos.set(doc, at);
          }
        : undefined;
      count += accumulate(postings, weight, use, tf, seen, onDoc);
    }
    const docs = new Uint32Array(count);
    const tfs = new Float32Array(count);
    for (let doc = 0, k = 0; k < count; doc++) {
      if (seen[doc] === 0) continue;
      docs[k] = doc;
      tfs[k++] = tf[doc]!;
    }
    const out: Matches = { docs, tf: tfs, idf: idf(n, count) };
    if (list.some((l) => l.positions)) out.positions = pos;
    return out;
  };

  /** Documents where the atoms stand side by side (common words as gaps), with how often. */
  const phrase = async (atoms: PhraseTerm[], field: number[] | undefined): Promise<Matches> => {
    const loaded = await Promise.all(
      atoms.map(async (a) => {
        const { terms } = await termsWhere(stemTerm(a.term), (t) => t.term === a.term);
        const term = terms[0];
        if (!term) return undefined;
        return { ...(await withPositions(term)), offset: a.offset };
      }),
    );
    if (loaded.some((l) => l === undefined) || loaded.length === 0) return { docs: new Uint32Array(0), tf: new Float32Array(0), idf: 0 };
    const all = loaded as NonNullable<(typeof loaded)[number]>[];
    // Walk the rarest term's documents; look the others up by binary search.
    const rarest = all.reduce((a, b) => (b.postings.docs.length < a.postings.docs.length ? b : a));
    const docs: number[] = [];
    const counts: number[] = [];
    const posOut = new Map<number, number[]>();
    for (let i = 0; i < rarest.postings.docs.length; i++) {
      const doc = rarest.postings.docs[i]!;
      const lists: { set: Set<number>; first: number[]; offset: number }[] = [];
      let missing = false;
      for (const l of all) {
        const j = binarySearch(l.postings.docs, doc);
        if (j < 0) {
          missing = true;
          break;
        }
        const at = Array.from(l.positions.list.subarray(l.positions.offsets[j]!, l.positions.offsets[j + 1]!));
        lists.push({ set: new Set(at), first: at, offset: l.offset });
      }
      if (missing) continue;
      const head = lists[0]!;
      let count = 0;
      const hits: number[] = [];
      for (const p of head.first) {
        const start = p - head.offset;
        if (lists.every((l) => l.set.has(start + l.offset))) {
          if (field !== undefined && !inField(all[0]!.postings, binarySearch(all[0]!.postings.docs, doc), field, p, lists[0]!.first)) continue;
          count++;
          hits.push(start);
        }
      }
      if (count === 0) continue;
      docs.push(doc);
      counts.push(count);
      posOut.set(doc, hits);
    }
    const weight = 1.5;
    return { docs: Uint32Array.from(docs), tf: Float32Array.from(counts, (c) => weight * c), idf: idf(n, docs.length) * Math.min(2, atoms.length / 1.5), positions: posOut };
  };

  const wantPositions = query.clauses.filter((c) => !c.exclude && c.kind !== 'prefix').length > 1;
  /** The matches of one clause. */
  const match = async (clause: Clause): Promise<Matches> => {
    if (clause.kind === 'phrase') return phrase(clause.atoms, clause.field);
    if (clause.kind === 'prefix') {
      // A term's group key may be a little shorter than the term (`checking` → `check`) or end otherwise (`policy` → `polici`).
      const names = filesBetween(manifest, clause.prefix.slice(0, Math.max(1, clause.prefix.length - 3)), `${clause.prefix}\uffff`);
      if (names.some((segment) => segment.length > MAX_PREFIX_PARTS)) problems.push(`"${clause.prefix}*" matches too many words: only some of them were searched; type more letters`);
      const loaded = await Promise.all(names.flatMap((segment) => segment.slice(0, MAX_PREFIX_PARTS)).map(loadPart));
      const matching = indexTerms(loaded, (t) => t.term.startsWith(clause.prefix));
      if (matching.length > MAX_PREFIX_TERMS) problems.push(`"${clause.prefix}*" matches ${matching.length} words: the ${MAX_PREFIX_TERMS} most frequent were searched`);
      const kept = matching.sort((a, b) => b.df - a.df).slice(0, MAX_PREFIX_TERMS);
      return merge(kept.map((term) => ({ postings: termPostings(term), weight: 1 })), clause.field);
    }
    const exact = clause.kind === 'word' ? clause.term : clause.whole;
    const key = stemTerm(exact);
    // A compound finds its own forms (`sound-cards`, `sound-card`), as a word does; an identifier's group is itself.
    const { parts: held, terms } = await termsWhere(key, (t) => inGroup(t.term, key));
    if (clause.kind === 'compound' && terms.length === 0) return phrase(clause.atoms, clause.field);
    // The parts' whole position files would be read: their size decides.
    const bytes = held.reduce((sum, part) => sum + part.terms.reduce((s, t) => s + t.positions[1] - t.positions[0], 0), 0);
    const proximity = wantPositions && !clause.exclude && terms.length > 0 && bytes <= PROXIMITY_MAX_BYTES;
    return merge(
      await Promise.all(
        terms.map(async (term) => {
          const weight = term.term === exact ? 1 : VARIANT_WEIGHT;
          return proximity ? { ...(await withPositions(term)), weight } : { postings: termPostings(term), weight };
        }),
      ),
      clause.field,
    );
  };

  const positive = query.clauses.filter((c) => !c.exclude);
  const negative = query.clauses.filter((c) => c.exclude);
  const [pos, neg, filters, [rangeStart, rangeEnd]] = await Promise.all([Promise.all(positive.map(match)), Promise.all(negative.map(match)), Promise.all(filterSets), range]);
  const allowed = (doc: number): boolean => doc >= rangeStart && doc < rangeEnd && filters.every((f) => f[doc] === 1);
  const excluded = new Uint8Array(n);
  for (const m of neg) for (const d of m.docs) excluded[d] = 1;

  // Score every document that matches at least one positive clause (dense arrays: a common word
  // matches most of the archive).
  const scores = new Float64Array(n);
  const matched = new Uint8Array(n);
  const touched: number[] = [];
  for (const m of pos) {
    for (let i = 0; i < m.docs.length; i++) {
      const doc = m.docs[i]!;
      if (excluded[doc] === 1 || !allowed(doc)) continue;
      const tf = m.tf[i]!;
      if (matched[doc] === 0) touched.push(doc);
      scores[doc]! += (m.idf * tf) / (K1 + tf);
      matched[doc]!++;
    }
  }
  let mode: SearchOutcome['mode'] = 'all';
  let hits = touched.filter((doc) => matched[doc] === pos.length);
  if (hits.length === 0 && pos.length > 1) {
    mode = 'any';
    hits = touched;
  }
  // Proximity: query words close together in a document (Büttcher, Clarke and Lushman 2006, simplified).
  for (let a = 0; a + 1 < pos.length; a++) {
    const pa = pos[a]!.positions;
    const pb = pos[a + 1]!.positions;
    if (!pa || !pb) continue;
    const bonus = PROXIMITY_WEIGHT * Math.min(pos[a]!.idf, pos[a + 1]!.idf);
    for (const doc of hits) {
      const xa = pa.get(doc);
      const xb = pb.get(doc);
      if (!xa || !xb) continue;
      const d = minDistance(xa, xb);
      if (d <= PROXIMITY_WINDOW) scores[doc]! += bonus / d;
    }
  }
  // Rank: best first (or newest first), by a radix sort rather than a comparator (see rankDocs).
  const rank = (docs: number[], byMatched: boolean): Uint32Array => (options.byDate ? rankDocs(docs, undefined, undefined) : rankDocs(docs, scores, byMatched ? matched : undefined));

  // Group by thread. Documents come ranked, so each thread's documents are in rank order and
  // threads come in the order of their best document.
  const threadOf = async (docs: number[]): Promise<(doc: number) => number> => {
    const wanted = new Set<number>();
    for (const doc of docs) wanted.add(Math.floor(doc / size));
    const loaded: (number[] | undefined)[] = [];
    await Promise.all([...wanted].map(async (k) => (loaded[k] = await readBlock(k))));
    return (doc) => loaded[Math.floor(doc / size)]?.[doc % size] ?? doc;
  };
  /**
   * Group ranked documents by thread (a thread is named by its first document), skipping the
   * threads marked in `skip`; marks the threads found in `found` when given. Arrays indexed by
   * document, not maps: a common word finds most of the archive.
   */
  const group = (ranked: Uint32Array, thread: (doc: number) => number, skip: Uint8Array | undefined, found: Uint8Array | undefined): ResultGroup[] => {
    const groupOf = new Int32Array(n).fill(-1);
    const groups: ResultGroup[] = [];
    for (const doc of ranked) {
      const t = thread(doc);
      if (skip?.[t] === 1) continue;
      const g = groupOf[t]!;
      if (g >= 0) groups[g]!.docs.push(doc);
      else {
        if (t >= 0 && t < n) groupOf[t] = groups.length;
        if (found) found[t] = 1;
        groups.push({ docs: [doc], score: scores[doc]! });
      }
    }
    return groups;
  };
  const mainThreads = new Uint8Array(n);
  const groups = group(rank(hits, mode === 'any'), await threadOf(hits), undefined, mainThreads);
  let partial: ResultGroup[] = [];
  let partialTotal = 0;
  if (mode === 'all' && pos.length > 1 && groups.length < (options.fillTo ?? 0)) {
    const rest = touched.filter((doc) => matched[doc]! < pos.length);
    partial = group(rank(rest, true), await threadOf(rest), mainThreads, undefined);
    partialTotal = partial.reduce((sum, g) => sum + g.docs.length, 0);
  }
  return { mode, total: hits.length, groups, partial, partialTotal, problems };
}

/** Whether this machine stores numbers little-endian (the low half of a float64 first). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Documents in rank order: by `key` descending (a score, never negative: its IEEE-754 bits order
 * as its values do), after `first` descending when given (how many clauses a document matched),
 * ties by document descending; without a key, by document descending (newest first). A stable
 * radix sort of 16-bit digits, least significant first: a common word's 100,000 documents sort
 * in a few milliseconds, where a comparator sort per thread and of the threads took 50-100.
 *
 * @param docs the documents
 * @param key a score per document (indexed by document)
 * @param first a count per document (indexed by document), sorted on before the score
 */
export function rankDocs(docs: readonly number[], key: Float64Array | undefined, first: Uint8Array | undefined): Uint32Array {
  const count = docs.length;
  let current = Uint32Array.from(docs).sort().reverse();
  let next = new Uint32Array(count);
  const pass = (digit: (doc: number) => number, buckets: number): void => {
    const starts = new Uint32Array(buckets + 1);
    for (let i = 0; i < count; i++) starts[buckets - digit(current[i]!)]!++;
    for (let b = 0, at = 0; b <= buckets; b++) {
      const c = starts[b]!;
      starts[b] = at;
      at += c;
    }
    for (let i = 0; i < count; i++) {
      const doc = current[i]!;
      next[starts[buckets - digit(doc)]!++] = doc;
    }
    [current, next] = [next, current];
  };
  if (key) {
    const words = new Uint32Array(key.buffer, key.byteOffset, key.length * 2);
    const low = LITTLE_ENDIAN ? 0 : 1;
    const high = 1 - low;
    pass((doc) => words[doc * 2 + low]! & 0xffff, 0xffff);
    pass((doc) => words[doc * 2 + low]! >>> 16, 0xffff);
    pass((doc) => words[doc * 2 + high]! & 0xffff, 0xffff);
    pass((doc) => words[doc * 2 + high]! >>> 16, 0xffff);
  }
  if (first) pass((doc) => first[doc]!, 0xff);
  return current;
}

function binarySearch(values: Uint32Array, value: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = values[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whether position `p` of a posting falls in `field`: positions run field after field, in field order, tf by tf. */
function inField(postings: Postings, i: number, field: number[], p: number, positions: number[]): boolean {
  const nf = FIELDS.length;
  const sorted = positions;
  let k = 0;
  for (let f = 0; f < nf; f++) {
    const count = postings.tfs[i * nf + f]!;
    if (field.includes(f) && sorted.slice(k, k + count).includes(p)) return true;
    k += count;
  }
  return false;
}

/** The smallest distance between a position in `a` and one in `b` (both ascending), at least 1. */
function minDistance(a: number[], b: number[]): number {
  let i = 0;
  let j = 0;
  let best = Infinity;
  const sa = a.slice().sort((x, y) => x - y);
  const sb = b.slice().sort((x, y) => x - y);
  while (i < sa.length && j < sb.length) {
    const d = Math.abs(sa[i]! - sb[j]!);
    if (d < best) best = d;
    if (sa[i]! < sb[j]!) i++;
    else j++;
  }
  return Math.max(1, best);
}
