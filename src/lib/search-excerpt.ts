/**
 * What a result shows of a document: an excerpt cut at word boundaries around the query's words,
 * with those words marked, and counts said with the right plural. Shared by the search page and
 * its tests.
 */
import type { ParsedQuery } from './search-query.ts';
import { stemTerm } from './search-stem.ts';
import { foldText, tokenize } from './search-tokens.ts';

/** Characters an excerpt aims at. */
export const EXCERPT_CHARS = 240;

/** A piece of an excerpt; `mark` for a query word. */
export interface ExcerptPiece {
  text: string;
  mark: boolean;
}

/** What a query marks in excerpts: its terms as typed, the group keys of its words, its prefixes. */
export interface Highlight {
  terms: Set<string>;
  keys: Set<string>;
  prefixes: string[];
}

/**
 * The words of a query to mark in excerpts.
 *
 * @param query a parsed query
 */
export function highlightOf(query: ParsedQuery): Highlight {
  const h: Highlight = { terms: new Set(), keys: new Set(), prefixes: [] };
  for (const c of query.clauses) {
    if (c.exclude) continue;
    if (c.kind === 'word') h.keys.add(stemTerm(c.term));
    else if (c.kind === 'prefix') h.prefixes.push(c.prefix);
    else {
      if (c.kind === 'compound') h.terms.add(c.whole);
      for (const a of c.atoms) h.terms.add(a.term);
    }
  }
  return h;
}

/** Text folded character by character, with the offset in the original of each folded character. */
function foldWithOffsets(text: string): { folded: string; offsets: number[] } {
  let folded = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    // One character at a time, as the index folds it (see `foldText`).
    const f = cp < 0x80 ? ch : foldText(ch);
    for (let k = 0; k < f.length; k++) offsets.push(i);
    folded += f;
    i += ch.length;
  }
  offsets.push(text.length);
  return { folded, offsets };
}

/**
 * An excerpt of about `max` characters: the stretch holding the most different query words,
 * cut at spaces, with the words marked. Without a match, the start of the text.
 *
 * @param text the document's text
 * @param highlight from `highlightOf`
 * @param max characters to aim at
 */
export function makeExcerpt(text: string, highlight: Highlight, max = EXCERPT_CHARS): ExcerptPiece[] {
  const { folded, offsets } = foldWithOffsets(text);
  const marks: { start: number; end: number; term: string }[] = [];
  tokenize(folded, (t) => {
    if (t.joined && !highlight.terms.has(t.term)) return;
    if (highlight.terms.has(t.term) || highlight.keys.has(stemTerm(t.term)) || highlight.prefixes.some((p) => t.term.startsWith(p))) {
      marks.push({ start: offsets[t.start]!, end: offsets[t.end]!, term: t.term });
    }
  });
  // A joined form and its atoms cover the same characters: keep the widest, in text order.
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: typeof marks = [];
  for (const m of marks) if (kept.length === 0 || m.start >= kept[kept.length - 1]!.end) kept.push(m);
  let from = 0;
  if (kept.length > 0 && text.length > max) {
    let best = -1;
    let bestStart = 0;
    for (let i = 0; i < kept.length; i++) {
      const start = Math.max(0, kept[i]!.start - 40);
      const distinct = new Set<string>();
      for (let j = i; j < kept.length && kept[j]!.end <= start + max; j++) distinct.add(kept[j]!.term);
      if (distinct.size > best) {
        best = distinct.size;
        bestStart = start;
      }
    }
    from = bestStart;
  }
  let to = Math.min(text.length, from + max);
  // Cut at word boundaries: move the start forward to after a space, the end back to before one.
  if (from > 0) {
    const space = text.indexOf(' ', from);
    const firstMark = kept.find((m) => m.start >= from);
    if (space >= 0 && space < from + 30 && space < (firstMark?.start ?? Infinity)) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from + max / 2) to = space;
  }
  const pieces: ExcerptPiece[] = [];
  if (from > 0) pieces.push({ text: '… ', mark: false });
  let at = from;
  for (const m of kept) {
    if (m.start < from || m.end > to) continue;
    if (m.start > at) pieces.push({ text: text.slice(at, m.start), mark: false });
    pieces.push({ text: text.slice(m.start, m.end), mark: true });
    at = m.end;
  }
  if (at < to) pieces.push({ text: text.slice(at, to), mark: false });
  if (to < text.length) pieces.push({ text: ' …', mark: false });
  return pieces;
}

/**
 * A count with its noun in the right number: `1 message`, `2 messages`, `0 messages`.
 *
 * @param count the number
 * @param singular the noun for one
 * @param pluralForm the noun for several (default: singular + s)
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  // Grouped by hand: toLocaleString builds a number format on each call, slow in a results page.
  return `${String(count).replace(/\B(?=(\d{3})+$)/g, ',')} ${count === 1 ? singular : pluralForm}`;
}
