/**
 * A lunr index cut by term as well as by time. Each shard's inverted index is split into parts
 * covering ranges of terms (in lunr's sorted term order), each carrying its terms' postings and
 * the field-vector weights of those terms. A query loads only the parts of its terms, and
 * `Index.load` on the reassembled partial index scores exactly as the whole index would: lunr's
 * score is the dot product of query and document vectors divided by the query vector's length,
 * so entries for terms the query does not use never count.
 *
 * Used by the build (cutting) and the browser (choosing and reassembling).
 */
import lunr from 'lunr';

/** A shard's term parts aim at this many bytes each (one part may hold a single larger term). */
export const PART_TARGET_BYTES = 48 * 1024;
/** Display data (path, subject, author, excerpt) is published in chunks of this many documents. */
export const DOC_CHUNK = 10;

/** What `lunr.Index#toJSON` returns, as far as this module reads it. */
export interface SerializedIndex {
  version: string;
  fields: string[];
  fieldVectors: [string, number[]][];
  invertedIndex: [string, { _index: number } & Record<string, unknown>][];
  pipeline: string[];
}

/**
 * One part: `[term, termIndex, postings per field]`; postings are `[docDelta, weight×1000, …]`
 * with document refs (integers) delta-coded in ascending order.
 */
export type PartData = [string, number, number[][]][];

/** One shard cut into parts: the first term of each part, and the parts. */
export interface CutIndex {
  firsts: string[];
  parts: PartData[];
}

/** A field of the documents a `PartsBuilder` indexes. */
export interface PartsField {
  name: string;
  /** lunr's field boost (1 for none). */
  boost: number;
}

/** lunr's BM25 parameters (lunr.Builder's defaults, which the browser's lunr assumes nothing of). */
const K1 = 1.2;
const B = 0.75;
/** Words whose terms are remembered; a year of a busy list has a few hundred thousand distinct words. */
const MAX_REMEMBERED_WORDS = 500_000;

/** A term's postings: per field, the documents holding it (ascending) and how often. */
interface TermPostings {
  index: number;
  refs: number[][];
  counts: number[][];
}

/**
 * Builds a shard's term parts directly: the same parts `lunr.Builder` followed by a cut of its
 * index would give (terms, term indexes, BM25 weights to three decimals, as lunr computes them),
 * without building lunr's index, its vectors and its token set, which the parts do not keep. A
 * shard's documents are numbered from 0 in the order they are added, as the parts' refs are.
 *
 * The index pipeline must act on each token alone (lunr's trimmer, stop word filter and stemmer
 * do): the terms of each distinct word are computed once and remembered.
 */
export class PartsBuilder {
  readonly #fields: readonly PartsField[];
  readonly #pipeline: lunr.Pipeline;
  readonly #terms = new Map<string, TermPostings>();
  /** Per field, the number of terms of each document. */
  readonly #lengths: number[][];
  readonly #remembered = new Map<string, string[]>();
  #documents = 0;

  /**
   * @param fields the documents' fields, in the order their values are given to `add`
   * @param pipeline the index pipeline (lunr's trimmer, stop word filter, stemmer)
   */
  constructor(fields: readonly PartsField[], pipeline: lunr.Pipeline) {
    this.#fields = fields;
    this.#pipeline = pipeline;
    this.#lengths = fields.map(() => []);
  }

  #termsOf(word: string): string[] {
    let terms = this.#remembered.get(word);
    if (terms === undefined) {
      terms = this.#pipeline.run([new lunr.Token(word, {})]).map(String);
      if (this.#remembered.size < MAX_REMEMBERED_WORDS) this.#remembered.set(word, terms);
    }
    return terms;
  }

  /**
   * Add a document; its ref is the number of documents added before it.
   *
   * @param values the document's text in each field, in the fields' order
   */
  add(values: readonly string[]): void {
    const ref = this.#documents++;
    const fieldCount = this.#fields.length;
    for (let f = 0; f < fieldCount; f++) {
      // lunr.tokenizer's rule: lower case, split at white space and hyphens.
      const words = (values[f] ?? '').toLowerCase().split(lunr.tokenizer.separator);
      const counts = new Map<string, number>();
      let length = 0;
      for (const word of words) {
        if (word === '') continue;
        for (const term of this.#termsOf(word)) {
          length++;
          const seen = counts.get(term);
          if (seen !== undefined) {
            counts.set(term, seen + 1);
            continue;
          }
          counts.set(term, 1);
          // Term indexes count terms in the order lunr meets them: documents, then fields, then words.
          if (!this.#terms.has(term)) this.#terms.set(term, { index: this.#terms.size, refs: this.#fields.map(() => []), counts: this.#fields.map(() => []) });
        }
      }
      this.#lengths[f]!.push(length);
      for (const [term, count] of counts) {
        const postings = this.#terms.get(term)!;
        postings.refs[f]!.push(ref);
        postings.counts[f]!.push(count);
      }
    }
  }

  /**
   * The shard's parts, cut at about `targetBytes`, in lunr's term order.
   *
   * @param targetBytes the size a part aims at
   */
  cut(targetBytes = PART_TARGET_BYTES): CutIndex {
    const n = this.#documents;
    const average = this.#lengths.map((lengths) => lengths.reduce((sum, l) => sum + l, 0) / n);
    const entries: PartData = [];
    for (const term of [...this.#terms.keys()].sort()) {
      const { index, refs, counts } = this.#terms.get(term)!;
      // lunr.idf: documents holding the term, counted once per field that holds it.
      const holding = refs.reduce((sum, r) => sum + r.length, 0);
      const idf = Math.log(1 + Math.abs((n - holding + 0.5) / (holding + 0.5)));
      const postings = this.#fields.map((field, f) => {
        const out: number[] = [];
        let previous = 0;
        const docs = refs[f]!;
        for (let i = 0; i < docs.length; i++) {
          const ref = docs[i]!;
          const tf = counts[f]![i]!;
          // lunr.Builder#createFieldVectors, operation for operation, so the weights are the same numbers.
          let score = (idf * ((K1 + 1) * tf)) / (K1 * (1 - B + B * (this.#lengths[f]![ref]! / average[f]!)) + tf);
          score *= field.boost;
          const weight = Math.round(score * 1000) / 1000;
          out.push(ref - previous, Math.round(weight * 1000));
          previous = ref;
        }
        return out;
      });
      entries.push([term, index, postings]);
    }
    return packParts(entries, targetBytes);
  }
}

/**
 * Pack term entries, in term order, into parts of about `targetBytes` (a part holds at least one).
 *
 * @param entries each term with its index and postings
 * @param targetBytes the size a part aims at
 */
export function packParts(entries: Iterable<PartData[number]>, targetBytes = PART_TARGET_BYTES): CutIndex {
  const firsts: string[] = [];
  const parts: PartData[] = [];
  let part: PartData = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = JSON.stringify(entry).length + 1;
    if (part.length > 0 && bytes + size > targetBytes) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    if (part.length === 0) firsts.push(entry[0]);
    part.push(entry);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return { firsts, parts };
}

/**
 * A loadable lunr index from some of a shard's parts (in term order).
 *
 * @param fields the index's fields, in order
 * @param pipeline the index's search pipeline
 * @param parts the parts, in the order of the shard's `firsts`
 */
export function joinParts(fields: string[], pipeline: string[], parts: PartData[]): SerializedIndex {
  const invertedIndex: SerializedIndex['invertedIndex'] = [];
  const vectors = new Map<string, [number, number][]>();
  for (const part of parts) {
    for (const [term, termIndex, postings] of part) {
      const posting: SerializedIndex['invertedIndex'][number][1] = { _index: termIndex };
      fields.forEach((field, f) => {
        const byDoc: Record<string, object> = {};
        const list = postings[f] ?? [];
        let ref = 0;
        for (let i = 0; i < list.length; i += 2) {
          ref += list[i]!;
          byDoc[ref] = {};
          const key = `${field}/${ref}`;
          const entry: [number, number] = [termIndex, list[i + 1]! / 1000];
          const vector = vectors.get(key);
          if (vector) vector.push(entry);
          else vectors.set(key, [entry]);
        }
        posting[field] = byDoc;
      });
      invertedIndex.push([term, posting]);
    }
  }
  // lunr's vectors keep their elements ordered by term index.
  const fieldVectors: SerializedIndex['fieldVectors'] = [...vectors].map(([key, entries]) => [key, entries.sort((a, b) => a[0] - b[0]).flat()]);
  return { version: lunr.version, fields, fieldVectors, invertedIndex, pipeline };
}

// lunr exports its query parser, but its type declarations do not list it.
const { QueryParser } = lunr as unknown as { QueryParser: new (text: string, query: lunr.Query) => { parse(): lunr.Query } };

/**
 * The terms a query looks up, as the index stores them (lower case, stemmed unless wildcarded);
 * `undefined` when a term could be anywhere in the term order (fuzzy, leading wildcard).
 *
 * @param lunrQuery a query in lunr's syntax (throws `lunr.QueryParseError` when it is not)
 * @param fields the index's fields
 */
export function queryTerms(lunrQuery: string, fields: string[]): { term: string; prefix: boolean }[] | undefined {
  const query = new lunr.Query(fields);
  new QueryParser(lunrQuery, query).parse();
  // A query of exclusions only matches every other document: lunr needs all of them.
  if (query.clauses.every((clause) => (clause as lunr.Query.Clause & { presence?: number }).presence === lunr.Query.presence.PROHIBITED)) return undefined;
  const out: { term: string; prefix: boolean }[] = [];
  for (const clause of query.clauses) {
    // Fuzzy matches may change the first letter, and a leading wildcard matches any start.
    if ((clause.editDistance ?? 0) > 0 || clause.term.startsWith('*')) return undefined;
    const star = clause.term.indexOf('*');
    if (star >= 0) {
      out.push({ term: clause.term.slice(0, star), prefix: true });
      continue;
    }
    const terms = clause.usePipeline === false ? [clause.term] : lunr.stemmer(new lunr.Token(clause.term, {})).toString();
    out.push({ term: String(terms), prefix: false });
  }
  return out;
}

/**
 * Which parts of a shard a query needs: the part holding each term, or for a prefix every part
 * whose range meets it.
 *
 * @param firsts the first term of each of the shard's parts
 * @param terms the query's terms (see `queryTerms`); `undefined` for all parts
 */
export function partsFor(firsts: string[], terms: { term: string; prefix: boolean }[] | undefined): number[] {
  if (terms === undefined) return firsts.map((_, i) => i);
  const chosen = new Set<number>();
  // The part holding a term: the last part whose first term is not after it.
  const partOf = (term: string): number => {
    let lo = 0;
    let hi = firsts.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (firsts[mid]! <= term) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  for (const { term, prefix } of terms) {
    if (firsts.length === 0) break;
    const start = partOf(term);
    chosen.add(start);
    if (!prefix) continue;
    for (let i = start + 1; i < firsts.length && firsts[i]!.startsWith(term); i++) chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}
