/**
 * One document as the index needs it: its distinct terms, how often each occurs in each field,
 * where (positions, for phrases and proximity), each field's length, and what a result shows.
 * It depends on the document alone, so a pipeline computes it once per message and caches it.
 */
import { FIELDS, FIELD_GAP } from './search-schema.ts';
import type { SearchDocument } from './search-documents.ts';
import { foldText, scanTerms } from './search-tokens.ts';

/**
 * A document analysed: what a result shows and the filters it passes, as the document had them,
 * with its fields' text replaced by terms; plain data and typed arrays, so it can be
 * structured-cloned between threads and cached on disk.
 */
export interface AnalyzedDoc extends Omit<SearchDocument, 'fields'> {
  /** Words in each field (atoms, stop words included), in the order of `FIELDS`. */
  lengths: number[];
  /** Distinct terms, sorted. */
  terms: string[];
  /** Occurrences of term t in field f at `tfs[t * FIELDS.length + f]`. */
  tfs: Uint16Array;
  /** Positions of each term, ascending, term after term (term t has the sum of its tfs). */
  positions: Uint32Array;
}

/**
 * Analyse a search document.
 *
 * @param doc a document from `searchDocuments`
 */
export function analyzeDocument(doc: SearchDocument): AnalyzedDoc {
  const nf = FIELDS.length;
  const index = new Map<string, number>();
  const names: string[] = [];
  const counts: number[] = [];
  // Every occurrence as (term, position), flat: no array per term to allocate and collect.
  const occurrenceTerm: number[] = [];
  const occurrencePosition: number[] = [];
  const lengths: number[] = [];
  let position = 0;
  for (let f = 0; f < nf; f++) {
    const start = position;
    position = scanTerms(
      foldText(doc.fields[f] ?? ''),
      (term, at) => {
        let t = index.get(term);
        if (t === undefined) {
          t = names.length;
          index.set(term, t);
          names.push(term);
          for (let k = 0; k < nf; k++) counts.push(0);
        }
        // At most MAX_FIELD_CHARS characters a field: a count stays far below 2^16.
        counts[t * nf + f]!++;
        occurrenceTerm.push(t);
        occurrencePosition.push(at);
      },
      position,
    );
    lengths.push(position - start);
    position += FIELD_GAP;
  }
  const order = names.map((_, t) => t).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const terms = order.map((t) => names[t]!);
  const tfs = new Uint16Array(terms.length * nf);
  // Where each term's positions start, in sorted-term order.
  const offset = new Uint32Array(names.length + 1);
  let total = 0;
  order.forEach((t, k) => {
    let sum = 0;
    for (let f = 0; f < nf; f++) {
      tfs[k * nf + f] = counts[t * nf + f]!;
      sum += counts[t * nf + f]!;
    }
    offset[t] = total;
    total += sum;
  });
  const positions = new Uint32Array(total);
  const fill = offset.slice();
  for (let i = 0; i < occurrenceTerm.length; i++) positions[fill[occurrenceTerm[i]!]!++] = occurrencePosition[i]!;
  // Joined forms sit at their first atom's position, so a term's positions can arrive out of order.
  for (const t of order) {
    const from = offset[t]!;
    const to = fill[t]!;
    for (let i = from + 1; i < to; i++) {
      if (positions[i]! < positions[i - 1]!) {
        positions.subarray(from, to).sort();
        break;
      }
    }
  }
  return { list: doc.list, path: doc.path, thread: doc.thread, dateMs: doc.dateMs, kind: doc.kind, title: doc.title, author: doc.author, excerpt: doc.excerpt, facets: doc.facets, lengths, terms, tfs, positions };
}
