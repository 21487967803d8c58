/**
 * Search, the parts shared by the build and the browser: what a message contributes to the index,
 * how the index is cut into shards, the query language, and which shards a query needs.
 */

/** Characters of a message's own text that are indexed: a 2 MB log paste must not bloat the index. */
export const MAX_DOC_BODY_CHARS = 2000;
/** Characters kept for the excerpt shown in results. */
export const EXCERPT_CHARS = 240;
/** A shard holds at most about this many messages (whole months; one huge month is one shard). */
export const MAX_SHARD_DOCS = 2500;

/**
 * One shard in the manifest: a list's messages over a range of months, published as files named
 * after `id`: `<id>.meta.json` (dates, minutes), `<id>.p<i>.json` (term parts,
 * see search-parts.ts) and `<id>.d<k>.json` (display data, `DOC_CHUNK` documents each).
 */
export interface ShardInfo {
  id: string;
  list: string;
  /** First and last month covered, `yyyy-mm`. */
  first: string;
  last: string;
  docs: number;
  /** Bytes of all the shard's files. */
  bytes: number;
  /** The index's fields and search pipeline, so term parts can be chosen before `meta` arrives. */
  fields: string[];
  pipeline: string[];
  /** The first term of each term part. */
  firsts: string[];
}

/** The manifest the browser loads first. */
export interface SearchManifest {
  version: 2;
  lists: string[];
  shards: ShardInfo[];
}

/** A shard's `meta` file: what every query of the shard needs besides the term parts. */
export interface ShardMeta {
  /** Each document's date in minutes since 1970, delta-coded. */
  minutes: number[];
  /** Refs of the documents that are sections of minutes. */
  sections: number[];
}

/** Display data of one document: [path, subject, from, dateMs, excerpt, kind]; kind 1 is a section of minutes. */
export type DocDisplay = [string, string, string, number, string, number];

/**
 * Text as the index holds it: accents folded away (`Zoë` → `Zoe`), since lunr's trimmer treats
 * non-ASCII letters as punctuation. Applied to documents and queries alike.
 *
 * @param text any text
 */
export function foldForIndex(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

const DIFF_LINE = /^(?:diff --git |index [0-9a-f]+\.\.|--- |\+\+\+ |@@ |[+-](?![+-]))/;

/**
 * The words a message itself wrote: no quoted lines, no "On … wrote:" attribution, no signature,
 * no diff hunks (patches are code, not prose), capped in length.
 *
 * @param text the message's plain text
 */
export function ownText(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let inDiff = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '-- ') break;
    if (/^(?:diff --git |Index: )/.test(line)) inDiff = true;
    if (inDiff || DIFF_LINE.test(line) || /^\s*>/.test(line)) continue;
    // git's diffstat (` path | 24 +++`, `1 file changed, …`) and the `---` that starts it.
    if (line === '---' || /^ \S.*\|\s+(?:\d+ [+-]*|Bin)/.test(line) || /^ \d+ files? changed/.test(line)) continue;
    // The attribution line before a quote ("On Mon, Bob wrote:") is not the writer's own words.
    if (/wrote:\s*$|writes:\s*$/.test(line) && /^\s*>/.test(lines[i + 1] ?? '')) continue;
    out.push(line);
  }
  return out.join(' ').replace(/\s+/g, ' ').trim().slice(0, MAX_DOC_BODY_CHARS);
}

/**
 * Cut a list's months into shards of at most `MAX_SHARD_DOCS` messages, newest first.
 *
 * @param months message counts per month, ascending
 * @param maxDocs the shard size
 */
export function planShards(months: readonly { month: string; count: number }[], maxDocs = MAX_SHARD_DOCS): { first: string; last: string; months: string[] }[] {
  const out: { first: string; last: string; months: string[] }[] = [];
  let current: string[] = [];
  let count = 0;
  for (let i = months.length - 1; i >= 0; i--) {
    const m = months[i]!;
    if (current.length > 0 && count + m.count > maxDocs) {
      out.push({ first: current[current.length - 1]!, last: current[0]!, months: current.reverse() });
      current = [];
      count = 0;
    }
    current.push(m.month);
    count += m.count;
  }
  if (current.length > 0) out.push({ first: current[current.length - 1]!, last: current[0]!, months: current.reverse() });
  return out;
}

/** A parsed query: the lunr part and our filters. */
export interface ParsedQuery {
  /** The query for lunr: words, `subject:`/`from:`/`body:`, `+`, `-`, `*`, `~n`. */
  lunr: string;
  list: string | undefined;
  /** Inclusive bounds as timestamps (UTC). */
  afterMs: number | undefined;
  beforeMs: number | undefined;
  /** `is:minutes`: only sections of minutes. */
  minutesOnly: boolean;
  /** Words to highlight in excerpts. */
  words: string[];
  /** Problems found, phrased for the reader; the query still runs without the bad part. */
  problems: string[];
}

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

/**
 * Parse the query language: free words; `subject:` `from:` `body:` `owner:`; `+must` `-not`
 * `word*` `word~1`; `list:name`; `after:2013-05` `before:2013-07-15` (year, month or day);
 * `is:minutes`. Never throws:
 * what cannot be understood is reported in `problems` and left out.
 *
 * @param query what the reader typed
 */
export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { lunr: '', list: undefined, afterMs: undefined, beforeMs: undefined, minutesOnly: false, words: [], problems: [] };
  const kept: string[] = [];
  for (const token of query.trim().split(/\s+/).filter(Boolean).slice(0, 32)) {
    const filter = /^(list|after|before|is):(.*)$/i.exec(token);
    if (filter) {
      const [, key, value] = filter as unknown as [string, string, string];
      const k = key.toLowerCase();
      if (k === 'list') parsed.list = value.toLowerCase();
      else if (k === 'is') {
        if (value.toLowerCase() === 'minutes') parsed.minutesOnly = true;
        else parsed.problems.push(`"${token}": the only is: filter is is:minutes`);
      }
      else {
        const bound = parseDateBound(value, k === 'before');
        if (bound === undefined) parsed.problems.push(`"${token}": write dates as 2013, 2013-05 or 2013-05-31`);
        else if (k === 'after') parsed.afterMs = bound;
        else parsed.beforeMs = bound;
      }
      continue;
    }
    const field = /^([+-]?)(subject|from|body|owner):(.*)$/i.exec(token);
    const word = (field ? field[3]! : token.replace(/^[+-]/, '')).toLowerCase();
    // lunr's own syntax errors (a lone "*", "~" without a number, an unknown field) are caught
    // here so the reader gets a sentence, not an exception.
    if (!/^[\p{L}\p{N}][\p{L}\p{N}_.'@-]*\*?(?:~\d)?$/u.test(word)) {
      parsed.problems.push(`"${token}" was left out: search for words, optionally with * at the end or ~1`);
      continue;
    }
    const clean = word.replace(/[.'@-]+/g, ' ').trim();
    const prefix = field ? `${field[1]}${field[2]!.toLowerCase()}:` : token.startsWith('+') || token.startsWith('-') ? token[0]! : '';
    for (const part of clean.split(' ')) {
      kept.push(`${prefix}${part}`);
      if (!prefix.startsWith('-')) parsed.words.push(part.replace(/[*~].*$/, ''));
    }
  }
  parsed.lunr = foldForIndex(kept.join(' '));
  if (parsed.lunr === '' && parsed.problems.length === 0 && query.trim() !== '') parsed.problems.push('the query has no words to search for');
  return parsed;
}

/**
 * The shards a query needs, newest first: a list filter and date bounds rule shards out.
 *
 * @param manifest the search manifest
 * @param query the parsed query
 */
export function selectShards(manifest: SearchManifest, query: ParsedQuery): ShardInfo[] {
  const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
  const after = query.afterMs === undefined ? undefined : monthOf(query.afterMs);
  const before = query.beforeMs === undefined ? undefined : monthOf(query.beforeMs);
  return manifest.shards
    .filter((s) => (query.list === undefined || s.list === query.list) && (after === undefined || s.last >= after) && (before === undefined || s.first <= before))
    .sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : a.list < b.list ? -1 : 1));
}
