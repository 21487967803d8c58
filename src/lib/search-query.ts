/**
 * The query language: words (all required), `"quoted phrases"`, `field:word`, `-word`,
 * `prefix*`, and the filters `list:`, `after:`, `before:`, `is:minutes`, `is:patch`, `is:lost`,
 * `state:<state>`. Words are split by the
 * index's own tokenizer (search-tokens.ts). Never throws: what cannot be understood is reported
 * in `problems` and left out, except a filter with a value it cannot take, which is searched as
 * the words it is.
 */
import { FIELD } from './search-schema.ts';
import { STOP_WORDS, foldText, tokenize, type Token } from './search-tokens.ts';

/** Words left out past MAX_QUERY_CLAUSES that their note names; it counts the rest. */
const LEFT_OUT_NAMED = 3;
/** Words and phrases read from one query; more are left out with a note. */
export const MAX_QUERY_CLAUSES = 16;
/** Shortest prefix a `*` may follow: a shorter one would read much of the index. */
export const MIN_PREFIX_CHARS = 2;

/** A term of a phrase or compound, at its offset from the first. */
export interface PhraseTerm {
  term: string;
  offset: number;
}

/** One condition of a query. */
export type Clause =
  /** A word: any form of it (its group), its own form scoring highest. */
  | { kind: 'word'; term: string; field: number[] | undefined; exclude: boolean }
  /** A compound typed whole (`5.15`, `btrfs_commit_transaction`): the joined term, or else its atoms side by side. */
  | { kind: 'compound'; whole: string; atoms: PhraseTerm[]; field: number[] | undefined; exclude: boolean }
  /** A quoted phrase: these words, in this order, side by side (common words are gaps). */
  | { kind: 'phrase'; atoms: PhraseTerm[]; field: number[] | undefined; exclude: boolean }
  /** `prefix*`: every term starting so. */
  | { kind: 'prefix'; prefix: string; field: number[] | undefined; exclude: boolean };

/** A parsed query. */
export interface ParsedQuery {
  clauses: Clause[];
  list: string | undefined;
  /** Inclusive bounds as timestamps (UTC). */
  afterMs: number | undefined;
  beforeMs: number | undefined;
  /** `is:minutes`: only sections of minutes. */
  minutesOnly: boolean;
  /** `is:patch`, `state:<state>`: only documents with these facets (see `SearchDocument.facets`). */
  facets: string[];
  /** Common words left out of the query (`the`, `of`). */
  stopped: string[];
  /** Problems found, phrased for the reader: what was left out, or searched as words instead of a filter. */
  problems: string[];
}

/** The fields a `name:` prefix searches: `subject:` covers the subjects replies inherit too. */
const FIELD_NAMES: Record<string, number[]> = { subject: [FIELD.subject, FIELD.topic], from: [FIELD.from], body: [FIELD.body], code: [FIELD.code], owner: [FIELD.owner] };

function parseDateBound(value: string, end: boolean): number | undefined {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? (end ? 12 : 1) : Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] !== undefined) {
    const day = Number(m[3]);
    if (day < 1 || day > 31) return undefined;
    return Date.UTC(year, month - 1, day + (end ? 1 : 0)) - (end ? 1 : 0);
  }
  return end ? Date.UTC(year, month, 1) - 1 : Date.UTC(year, month - 1, 1);
}

/** Split a query into its pieces: quoted phrases stay whole, with any `-` or `field:` before them. */
function pieces(query: string): string[] {
  const out: string[] = [];
  const re = /(?:[+-]?(?:[A-Za-z]+:)?"[^"]*"?)|\S+/g;
  for (const m of query.matchAll(re)) out.push(m[0]);
  return out;
}

/** The atoms of some text (joined forms left out), at offsets from the first. */
function atomsOf(text: string): { atoms: PhraseTerm[]; tokens: Token[]; stopped: string[] } {
  const tokens: Token[] = [];
  const folded = foldText(text);
  tokenize(folded, (t) => tokens.push(t));
  const atoms = tokens.filter((t) => !t.joined).map((t) => ({ term: t.term, offset: t.position }));
  const stopped = [...folded.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]).filter((w) => STOP_WORDS.has(w));
  return { atoms, tokens, stopped };
}

/** The states `state:` filters on: a patch series' state, or `lost`. */
export const PATCH_STATES: readonly string[] = ['new', 'reviewed', 'changes-requested', 'applied', 'superseded', 'lost'];

/**
 * What a filter does to the query, or why it cannot take this value (any list name can): read
 * once, so that what a filter takes and what it does are said in one place.
 *
 * @param key the filter's name, lower-cased
 * @param value what follows the colon
 */
function filterOf(key: string, value: string): ((query: ParsedQuery) => void) | string {
  const what = value.toLowerCase();
  if (key === 'list') {
    return (q) => {
      q.list = what;
    };
  }
  if (key === 'is') {
    if (what === 'minutes') {
      return (q) => {
        q.minutesOnly = true;
      };
    }
    if (what === 'patch' || what === 'lost') return (q) => void q.facets.push(what === 'patch' ? 'patch' : 'state:lost');
    return 'the is: filters are is:minutes, is:patch and is:lost';
  }
  if (key === 'state') return PATCH_STATES.includes(what) ? (q) => void q.facets.push(`state:${what}`) : `a patch's state is one of ${PATCH_STATES.join(', ')}`;
  const bound = parseDateBound(value, key === 'before');
  if (bound === undefined) return 'write dates as 2013, 2013-05 or 2013-05-31';
  return (q) => {
    if (key === 'after') q.afterMs = bound;
    else q.beforeMs = bound;
  };
}

/**
 * Parse what the reader typed.
 *
 * @param query the query
 * @param controls filters set outside the query (the search page's list and date controls, as
 *   `after:2013-05`): always filters, a value one cannot take is left out with a note
 */
export function parseQuery(query: string, controls: readonly string[] = []): ParsedQuery {
  const parsed: ParsedQuery = { clauses: [], list: undefined, afterMs: undefined, beforeMs: undefined, minutesOnly: false, facets: [], stopped: [], problems: [] };
  const typed = pieces(query.trim());
  // Words past the limit, told of in one note.
  const tooMany: string[] = [];
  const seen = new Set<string>();
  for (const [at, piece] of [...typed, ...controls.map((c) => c.trim())].entries()) {
    const filter = /^(list|after|before|is|state):(.*)$/i.exec(piece);
    const use = filter ? filterOf(filter[1]!.toLowerCase(), filter[2]!) : undefined;
    if (typeof use === 'function') {
      use(parsed);
      continue;
    }
    // A filter typed with a value it cannot take (`is:aa`, `state:D`, `after:someday`) is text as
    // the mail has it: it is searched as words, and the reader is told why. A control's is left out.
    if (use !== undefined && at >= typed.length) {
      parsed.problems.push(`"${piece}": ${use}`);
      continue;
    }
    if (use !== undefined) parsed.problems.push(`"${piece}" is not a filter (${use}), so it was searched as words`);
    // One leading `-` excludes; `--repair` is an option name, searched as a word.
    const exclude = /^-[^-]/.test(piece);
    let rest = piece.replace(/^\+|^-(?!-)/, '');
    let field: number[] | undefined;
    const named = /^([A-Za-z]+):(.+)$/.exec(rest);
    // Own keys only: `constructor:` names no field.
    if (named && Object.hasOwn(FIELD_NAMES, named[1]!.toLowerCase())) {
      field = FIELD_NAMES[named[1]!.toLowerCase()];
      rest = named[2]!;
    }
    // A word said twice is one clause (a pasted text repeats its words).
    if (seen.has(piece.toLowerCase())) continue;
    seen.add(piece.toLowerCase());
    if (parsed.clauses.length >= MAX_QUERY_CLAUSES) {
      tooMany.push(piece);
      continue;
    }
    // An address names its sender by the part before the @: a list that hides addresses indexes
    // no domain (see obfuscate.ts), and the domain's words alone (`linux`, `com`) would find
    // other senders.
    const address = field === FIELD_NAMES['from'] ? /^([^\s@"*~]+)@[^\s@*~]+\.[^\s@*~]+$/.exec(rest) : null;
    if (address) {
      parsed.problems.push(`"${piece}" was searched as from:${address[1]}, the part before the @`);
      rest = address[1]!;
    }
    if (rest.startsWith('"')) {
      const { atoms, tokens, stopped } = atomsOf(rest.replace(/"/g, ''));
      parsed.stopped.push(...stopped);
      if (atoms.length === 0) {
        // Only common words, joined (`"of.the"`): the joined term is indexed.
        const joined = tokens.find((t) => t.joined && t.position === 0);
        if (joined && tokens.every((t) => !t.joined || t.end <= joined.end)) parsed.clauses.push({ kind: 'compound', whole: tokens.reduce((a, t) => (t.joined && t.position === 0 && t.term.length > a.length ? t.term : a), ''), atoms: [], field, exclude });
        continue;
      }
      const first = atoms[0]!.offset;
      const shifted = atoms.map((a) => ({ term: a.term, offset: a.offset - first }));
      parsed.clauses.push(atoms.length === 1 ? { kind: 'word', term: atoms[0]!.term, field, exclude } : { kind: 'phrase', atoms: shifted, field, exclude });
      continue;
    }
    if (/~\d*$/.test(rest)) {
      parsed.problems.push(`"${piece}": fuzzy matching is not supported, so the word is searched as written`);
      rest = rest.replace(/~\d*$/, '');
    }
    if (rest.endsWith('*')) {
      const { tokens } = atomsOf(rest.slice(0, -1));
      const whole = tokens.find((t) => t.joined && t.start === 0 && t.end === foldText(rest.slice(0, -1)).length) ?? tokens[0];
      if (!whole || whole.term.length < MIN_PREFIX_CHARS || tokens.length > 1 && !tokens.some((t) => t.joined)) {
        parsed.problems.push(`"${piece}" was left out: a prefix needs at least ${MIN_PREFIX_CHARS} letters before the *`);
        continue;
      }
      parsed.clauses.push({ kind: 'prefix', prefix: whole.term, field, exclude });
      continue;
    }
    const { atoms, tokens, stopped } = atomsOf(rest);
    // The whole compound as typed: the joined token that spans every atom.
    const whole = tokens.find((t) => t.joined && t.position === 0 && t.end - t.start === Math.max(...tokens.map((k) => k.end)) - Math.min(...tokens.map((k) => k.start)));
    if (atoms.length === 0 && !whole) {
      if (stopped.length > 0) parsed.stopped.push(...stopped);
      else if (rest.trim() !== '') parsed.problems.push(`"${piece}" was left out: it has no letters or digits to search for`);
      continue;
    }
    const wordCount = [...foldText(rest).matchAll(/[\p{L}\p{N}]+(?:(?:[._/:-]{1,2}|['\u2019])[\p{L}\p{N}]+)*/gu)].length;
    if (wordCount > 1) {
      // Punctuation other than the joiners split the piece (`a,b`): each part is a word of its own.
      for (const a of atoms) parsed.clauses.push({ kind: 'word', term: a.term, field, exclude });
      continue;
    }
    const first = atoms[0]?.offset ?? 0;
    const shifted = atoms.map((a) => ({ term: a.term, offset: a.offset - first }));
    if (atoms.length === 1 && !whole) parsed.clauses.push({ kind: 'word', term: atoms[0]!.term, field, exclude });
    else if (whole) parsed.clauses.push({ kind: 'compound', whole: whole.term, atoms: shifted, field, exclude });
    else parsed.clauses.push({ kind: 'phrase', atoms: shifted, field, exclude });
  }
  if (tooMany.length > 0) {
    const named = tooMany.slice(0, LEFT_OUT_NAMED).map((p) => `"${p}"`).join(', ');
    const more = tooMany.length > LEFT_OUT_NAMED ? ` and ${tooMany.length - LEFT_OUT_NAMED} more` : '';
    parsed.problems.push(`${named}${more} ${tooMany.length === 1 ? 'was' : 'were'} left out: a query holds at most ${MAX_QUERY_CLAUSES} words and phrases`);
  }
  if (parsed.clauses.every((c) => c.exclude) && parsed.clauses.length > 0) {
    parsed.problems.push('a query of excluded words only finds nothing: add a word to search for');
    parsed.clauses = [];
  }
  return parsed;
}
