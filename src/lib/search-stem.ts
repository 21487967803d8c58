/**
 * Word groups for search: which indexed words are forms of one word (`crash`, `crashes`,
 * `crashed`, `crashing`). The index keeps every word as written; a query word finds its whole
 * group and scores its own form above the others (see search-engine.ts).
 *
 * The group key comes from inflections only: Porter's step 1 (plural `-s`/`-es`/`-ies`, `-ed`,
 * `-ing`, final `-y`), without its derivational steps 2-5, which are what merge different words
 * (`university` and `universe` → `univers`, `general` and `generous` → `gener`, `organization`
 * and `organ` → `organ`), and with a few exceptions where step 1 itself merges different words
 * (`news` → `new`). Only plain lower-case words of 4 letters or more are grouped, and words joined
 * by hyphens by their last word (`sound-cards` with `sound-card`, `speech-dispatchers` with
 * `speech-dispatcher`); identifiers, numbers and other joined forms are their own group.
 */

/** Words step 1 would merge with a different word (`news` → `new`), kept as they are. */
const KEEP = new Set(['news', 'series', 'species', 'lens', 'evening', 'bias', 'alias', 'aliases', 'gas', 'canvas', 'atlas', 'chaos', 'sometimes']);

/** Plurals in `-us` (most words in `-us` are singular: `status`, `bus`, `virus`). */
const PLURAL_US = new Set(['cpus', 'gpus', 'vcpus', 'menus', 'emus', 'tpus', 'npus']);

const PLAIN = /^[a-z]{3,}$/;
const HYPHENATED = /^[a-z]+(?:-[a-z]+)+$/;

function isVowel(word: string, i: number): boolean {
  const c = word[i]!;
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return true;
  // Porter: y is a vowel after a consonant.
  return c === 'y' && i > 0 && !isVowel(word, i - 1);
}

/** Porter's measure m of a stem: the number of vowel-consonant sequences. */
function measure(stem: string): number {
  let m = 0;
  let i = 0;
  const n = stem.length;
  while (i < n && !isVowel(stem, i)) i++;
  while (i < n) {
    while (i < n && isVowel(stem, i)) i++;
    if (i >= n) break;
    m++;
    while (i < n && !isVowel(stem, i)) i++;
  }
  return m;
}

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (isVowel(stem, i)) return true;
  return false;
}

/** consonant-vowel-consonant at the end, the last not w, x or y (`hop`, not `snow`). */
function endsCvc(stem: string): boolean {
  const n = stem.length;
  if (n < 3) return false;
  const last = stem[n - 1]!;
  return !isVowel(stem, n - 3) && isVowel(stem, n - 2) && !isVowel(stem, n - 1) && last !== 'w' && last !== 'x' && last !== 'y';
}

/**
 * The group key of a term: the same for a word's inflected forms, different for different words.
 *
 * @param term an indexed term (lower case)
 */
export function stemTerm(term: string): string {
  if (!PLAIN.test(term)) {
    // Words joined by hyphens, grouped by the last one (a prose compound, not an identifier).
    const hyphen = term.lastIndexOf('-');
    if (hyphen <= 0 || !HYPHENATED.test(term)) return term;
    return `${term.slice(0, hyphen + 1)}${stemTerm(term.slice(hyphen + 1))}`;
  }
  if (KEEP.has(term)) return term;
  let w = term;
  // Step 1a: plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('is') && (!w.endsWith('us') || PLURAL_US.has(w))) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  let restored = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    restored = true;
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    restored = true;
  }
  if (restored) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (w.length >= 2 && w[w.length - 1] === w[w.length - 2] && !isVowel(w, w.length - 1) && !'lsz'.includes(w[w.length - 1]!)) w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += 'e';
  }
  // Step 1c: a final y after a consonant is i (`replies` and `reply` → `repli`, `tried` and `try` → `tri`).
  if (w.length > 2 && w.endsWith('y') && !'aeiou'.includes(w[w.length - 2]!)) w = `${w.slice(0, -1)}i`;
  // Step 5a: a final e goes, so `release`, `releases`, `released` and `crashes` (`crashe`) meet
  // their stems; kept after a short consonant-vowel-consonant stem (`close`, `case`).
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
  }
  return w.length >= 2 ? w : term;
}
