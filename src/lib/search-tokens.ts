/**
 * The one tokenizer of search: the index and the query split text into terms with the same code,
 * so any word of an indexed text, typed as a query, reaches it.
 *
 * Text is folded (accents removed, lower case). A *compound* is a run of letters and digits joined
 * by `. _ / : -` (`fs/btrfs/relocation.c:3494`, `5.15.2`, `btrfs_commit_transaction`); its
 * *atoms* are the runs between those characters, with camelCase split too (`OpenBMC` → `open`,
 * `bmc`; `PDFs` stays whole). Every atom is a term at a position of its own; a compound also gives
 * its joined forms at the position of its first atom: the whole (`relocation.c:3494`,
 * `openbmc`), and each prefix and suffix of two atoms or more (`5.15` of `5.15.2`,
 * `relocation.c:3494` of `fs/btrfs/relocation.c:3494`), so a pasted identifier or version is one
 * term to look up. Stop words take a position but give no term, so phrases keep their gaps.
 */

/** Longest term indexed: longer runs (base64, hashes of hashes) give no joined term. */
export const MAX_TERM_CHARS = 64;
/** Atoms of one compound that are indexed; the rest of a very long run is cut. */
export const MAX_COMPOUND_ATOMS = 24;
/** Segments longer than this are not split at case changes (base64 is not camelCase). */
const MAX_CAMEL_SEGMENT = 48;

/**
 * Words that carry no meaning on their own in a query (articles, pronouns, auxiliaries,
 * prepositions). Kept short on purpose: a word a reader might search for (`one`, `can`, `all`,
 * `how`) is not here.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been being but by did do does for from had has have he her hers him his i if in into is it its ' +
    'me my not of on or our ours she so than that the their them then there these they this those to us was we were what ' +
    'when where which who whom will with would you your yours should could'
  ).split(' '),
);

/** One term of a text: its string, its position, and where its characters are in the text. */
export interface Token {
  term: string;
  position: number;
  /** Offsets in the folded text (see `foldText`), which has the same length as the original when it is ASCII. */
  start: number;
  end: number;
  /** True for a joined form of a compound (not an atom). */
  joined: boolean;
}

const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /[\u0300-\u036f]/g;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const APOSTROPHES = /['\u2019]/g;

/**
 * Letters with a stroke, which Unicode does not decompose into a letter and a mark, folded as a
 * reader types them on an English keyboard (`Bjørndal` → `Bjorndal`, `Łódź` → `Lodz`). Only
 * letters that fold to one letter: `æ` or `ß` would change the text's length.
 */
const STROKES: Record<string, string> = { ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ħ: 'h', Ħ: 'H', ı: 'i' };
const STROKED = /[øØłŁđĐħĦı]/g;

/**
 * Text as search sees it: accents and strokes folded away (`Zoë` → `Zoe`, `ø` → `o`),
 * compatibility forms unified. Case is kept (camelCase is read from it).
 *
 * @param text any text
 */
export function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.normalize('NFKD').replace(MARKS, '').replace(STROKED, (c) => STROKES[c]!);
}

/** Length of the letter or digit at `i` (2 for a surrogate pair), or 0. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) return WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
  return WORD_CHAR.test(text[i]!) ? 1 : 0;
}

/** `. _ / : -`, which join the atoms of a compound. */
function isJoiner(c: number): boolean {
  return c === 0x2e || c === 0x5f || c === 0x2f || c === 0x3a || c === 0x2d;
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/** The term for characters [start, end) of folded text: lower case, apostrophes dropped. */
function termOf(folded: string, start: number, end: number, apostrophe: boolean): string {
  const raw = folded.slice(start, end).toLowerCase();
  return apostrophe ? raw.replace(APOSTROPHES, '') : raw;
}

/** Receives each term of a text: its string, position, and character range; `joined` for a compound's joined form. */
export type TermSink = (term: string, position: number, start: number, end: number, joined: boolean) => void;

/**
 * Split folded text into terms with positions, calling `sink` for each, in order (the build's
 * fast path; `tokenize` gives objects). Returns the next free position.
 *
 * @param folded text from `foldText`
 * @param sink receives each term
 * @param firstPosition the position of the first atom
 */
export function scanTerms(folded: string, sink: TermSink, firstPosition = 0): number {
  let position = firstPosition;
  const starts: number[] = [];
  const ends: number[] = [];
  const n = folded.length;
  let i = 0;
  while (i < n) {
    let w = wordCharAt(folded, i);
    if (w === 0) {
      i++;
      continue;
    }
    let atoms = 0;
    let apostrophe = false;
    // One compound: segments joined by one or two joiners.
    for (;;) {
      const segStart = i;
      while (i < n) {
        w = wordCharAt(folded, i);
        if (w > 0) {
          i += w;
        } else if (isApostrophe(folded.charCodeAt(i)) && wordCharAt(folded, i + 1) > 0) {
          apostrophe = true;
          i++;
        } else {
          break;
        }
      }
      // Atoms of the segment: split where case changes (`OpenBMC`, `XMLHttpRequest`; not `PDFs`).
      let atomStart = segStart;
      if (i - segStart <= MAX_CAMEL_SEGMENT) {
        for (let k = segStart + 1; k < i; k++) {
          const c = folded.charCodeAt(k);
          if (!isUpper(c)) continue;
          const prev = folded.charCodeAt(k - 1);
          let split = isLower(prev);
          if (!split && isUpper(prev) && k + 1 < i) {
            const next = folded.charCodeAt(k + 1);
            split = isLower(next) && !(next === 0x73 && k + 2 === i);
          }
          if (split && atoms < MAX_COMPOUND_ATOMS) {
            starts[atoms] = atomStart;
            ends[atoms++] = k;
            atomStart = k;
          }
        }
      }
      if (atoms < MAX_COMPOUND_ATOMS) {
        starts[atoms] = atomStart;
        ends[atoms++] = i;
      }
      // Joiners continue the compound only when a letter or digit follows them.
      let j = i;
      while (j < n && j - i < 2 && isJoiner(folded.charCodeAt(j))) j++;
      if (j > i && wordCharAt(folded, j) > 0) {
        i = j;
        continue;
      }
      break;
    }
    const first = position;
    for (let k = 0; k < atoms; k++) {
      const t = termOf(folded, starts[k]!, ends[k]!, apostrophe);
      if (!STOP_WORDS.has(t) && t.length <= MAX_TERM_CHARS) sink(t, position, starts[k]!, ends[k]!, false);
      position++;
    }
    if (atoms < 2) continue;
    const last = atoms - 1;
    // Prefixes (`5.15` of `5.15.2`) and the whole, at the first atom's position.
    for (let k = 1; k <= last; k++) {
      if (ends[k]! - starts[0]! > MAX_TERM_CHARS) break;
      sink(termOf(folded, starts[0]!, ends[k]!, apostrophe), first, starts[0]!, ends[k]!, true);
    }
    // Suffixes (`relocation.c:3494` of `fs/btrfs/relocation.c:3494`), at their first atom's position.
    for (let k = last - 1; k >= 1; k--) {
      if (ends[last]! - starts[k]! > MAX_TERM_CHARS) break;
      sink(termOf(folded, starts[k]!, ends[last]!, apostrophe), first + k, starts[k]!, ends[last]!, true);
    }
  }
  return position;
}

/**
 * Split folded text into terms with positions, calling `emit` for each, in order. Returns the
 * number of positions used (the next free position).
 *
 * @param folded text from `foldText`
 * @param emit receives each term
 * @param firstPosition the position of the first atom
 */
export function tokenize(folded: string, emit: (token: Token) => void, firstPosition = 0): number {
  return scanTerms(folded, (term, position, start, end, joined) => emit({ term, position, start, end, joined }), firstPosition);
}

/**
 * The terms of a text, in order (a convenience over `tokenize` for short texts such as queries).
 *
 * @param text any text (folded here)
 */
export function termsOf(text: string): Token[] {
  const out: Token[] = [];
  tokenize(foldText(text), (t) => out.push(t));
  return out;
}
