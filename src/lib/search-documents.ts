/**
 * What a message contributes to search: one document for the message (its subject, author, its
 * own words in full and the identifiers of its patches), and one for each section of minutes.
 * Quoted text is someone else's words and is left out; so are PGP armour and a list's footer.
 */
import { obfuscateText } from './obfuscate.ts';
import type { Obfuscation } from './list-config.ts';
import { EXCERPT_SOURCE_CHARS, MAX_FIELD_CHARS } from './search-schema.ts';
import { baseSubject } from './subject.ts';

/** A section of minutes, as search needs it (lines of the message's text, from 0; `end` exclusive). */
export interface SearchSection {
  title: string;
  anchor: string;
  line: number;
  end: number;
  /** Owners of the section's action items. */
  owners: string[];
}

/** What the pipeline knows of a message, for search. */
export interface SearchMessageInput {
  list: string;
  /** The message page's site path, without the base (`<list>/m/<slug>/`). */
  path: string;
  /** The thread page's site path: results of one thread are grouped by it. */
  thread: string;
  subject: string;
  /** The subject of the message it replies to, when that is in the archive. */
  parentSubject?: string | undefined;
  fromName: string;
  fromAddress: string;
  /** The list's address obfuscation: hidden addresses are neither shown nor searchable. */
  obfuscation: Obfuscation;
  dateMs: number;
  /** The message's whole plain text. */
  text: string;
  /** Sections, when the message is minutes. */
  sections?: readonly SearchSection[] | undefined;
  /** For a patch or cover letter: its series' title (searched as a topic) and its facets (see `SearchDocument.facets`). */
  patch?: { series: string; facets: readonly string[] } | undefined;
}

/** One search document: the texts of its fields and what a result shows. */
export interface SearchDocument {
  list: string;
  /** The result's link (a section's ends in `#<anchor>`). */
  path: string;
  thread: string;
  dateMs: number;
  /** 0 a message, 1 a section of minutes. */
  kind: 0 | 1;
  /** Shown as the result's title. */
  title: string;
  /** Shown as the result's author. */
  author: string;
  /** The text excerpts are cut from. */
  excerpt: string;
  /** Filters the document passes besides list and date: `patch`, `state:<state>` (`new`, `reviewed`, `changes-requested`, `applied`, `superseded`, `lost`). */
  facets: string[];
  /** Text of each field, in the order of `FIELDS` (subject, from, body, code, owner, topic). */
  fields: [subject: string, from: string, body: string, code: string, owner: string, topic: string];
}

const REPLY_PREFIX = /^(?:\s*(?:re|fwd?|aw|sv|antw)(?:\[\d+\])?\s*:\s*)+/i;
const DIFF_START = /^(?:diff --git |diff -[a-zA-Z]+ |Index: |--- (?:a\/|\S+\s+\d{4}-)|\+\+\+ b\/)/;
const DIFFSTAT = /^ (\S.*?)\s+\|\s+(?:\d+ ?[+-]*|Bin\b)/;
const QUOTE = /^\s*>/;
const ORIGINAL_MESSAGE = /^-{3,} ?Original Message ?-{3,}/i;
const ATTRIBUTION = /(?:wrote|writes|a écrit|schrieb):\s*$/;
const DIFF_LINE = /^(?:[ +\-\\@]|diff |index |new file|deleted file|(?:dis)?similarity|rename |copy |old mode|new mode|Binary files)/;
const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?(.*)$/;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]{2,}/g;
const C_WORDS = new Set('auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false null NULL u8 u16 u32 u64 s8 s16 s32 s64 unlikely likely'.split(' '));

/**
 * The writer's own text and the identifiers of the patches in it.
 *
 * @param text a message's plain text
 */
export function splitOwnText(text: string): { own: string; code: string } {
  const lines = text.split('\n');
  const own: string[] = [];
  const paths: string[] = [];
  const contexts: string[] = [];
  const identifiers = new Set<string>();
  let inDiff = false;
  let inPgp = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Most lines are prose or quotes: the first character says which tests can apply.
    const c = line.charCodeAt(0);
    if (inPgp) {
      if (c === 45 && line.startsWith('-----END PGP ')) inPgp = false;
      continue;
    }
    if (!inDiff && (c === 62 || ((c === 32 || c === 9) && QUOTE.test(line)))) continue;
    if (c === 45 /* - */) {
      if (line.startsWith('-----BEGIN PGP SIGNATURE-----')) {
        inPgp = true;
        continue;
      }
      if (line.startsWith('-----BEGIN PGP SIGNED MESSAGE-----')) continue;
      // Outlook's top-posting: what follows is the message replied to.
      if (ORIGINAL_MESSAGE.test(line)) break;
    }
    if (c === 72 /* H */ && line.startsWith('Hash: ') && (lines[i - 1] ?? '').startsWith('-----BEGIN PGP SIGNED')) continue;
    // A list's footer (mailman's underscores, then the list's name and address).
    if (c === 95 /* _ */ && /^_{20,}\s*$/.test(line) && /mailing list|listinfo/i.test(lines.slice(i + 1, i + 4).join(' '))) break;
    if (!inDiff && (c === 100 || c === 73 || c === 45 || c === 43) && DIFF_START.test(line)) inDiff = true;
    if (inDiff) {
      const next = lines[i + 1] ?? '';
      if (line === '-- ') {
        inDiff = false;
        continue;
      }
      if (DIFF_LINE.test(line)) {
        if (c === 43 /* + */) {
          if (!line.startsWith('+++')) for (const m of line.matchAll(IDENTIFIER)) if (!C_WORDS.has(m[0])) identifiers.add(m[0]);
        } else if (c === 64 /* @ */) {
          const hunk = HUNK.exec(line);
          if (hunk?.[1]) contexts.push(hunk[1]);
        } else if (c === 100 /* d */) {
          const git = /^diff --git a\/(\S+) b\/(\S+)/.exec(line);
          if (git) paths.push(git[1]!, git[2]!);
        }
        continue;
      }
      // Mail clients strip the space of an empty context line: a blank line inside a hunk.
      if (line === '' && DIFF_LINE.test(next) && next !== '-- ') continue;
      inDiff = false;
      if (c === 62 || QUOTE.test(line)) continue;
    }
    if (c === 32 /* space */) {
      const stat = DIFFSTAT.exec(line);
      if (stat) {
        paths.push(stat[1]!.replace(/^\.\.\.\//, ''));
        continue;
      }
      if (/^ \d+ files? changed/.test(line)) continue;
    }
    if (line === '---') continue;
    // The attribution line before a quote ("On Mon, Bob wrote:") is not the writer's own words.
    if (line.endsWith(':') || line.endsWith(': ')) {
      if (ATTRIBUTION.test(line) && /^\s*(?:>|$)/.test(lines[i + 1] ?? '')) continue;
    }
    own.push(line);
  }
  const code = [...new Set(paths), ...contexts, ...identifiers].join('\n');
  return { own: own.join('\n').slice(0, MAX_FIELD_CHARS), code: code.slice(0, MAX_FIELD_CHARS) };
}

/** Text cut to at most `max` characters, at a word boundary. */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return space > max * 0.6 ? cut.slice(0, space) : cut;
}

/** Addresses as a list shows them, and as search may hold them: the local part only where domains are hidden. */
function searchable(text: string, mode: Obfuscation): string {
  const shown = obfuscateText(text, mode);
  return mode === 'none' ? shown : shown.replace(/@(?:xxxxxxx|…)/g, ' ');
}

/**
 * The documents one message contributes: the message, then each section of its minutes.
 *
 * @param input the message as the pipeline knows it
 */
export function searchDocuments(input: SearchMessageInput): SearchDocument[] {
  const mode = input.obfuscation;
  const { own, code } = splitOwnText(input.text);
  const shownOwn = obfuscateText(own, mode).replace(/\s+/g, ' ').trim();
  const localPart = input.fromAddress.split('@')[0] ?? '';
  const author = obfuscateText(input.fromName || localPart, mode);
  // The address is searchable only where the list shows it; the local part always is.
  const from = mode === 'none' ? `${input.fromName} ${input.fromAddress}` : `${obfuscateText(input.fromName, mode)} ${localPart}`;
  const subject = input.subject.replace(REPLY_PREFIX, '');
  // A reply that keeps its parent's subject did not write it.
  const inherited = input.parentSubject !== undefined && baseSubject(input.parentSubject) === baseSubject(input.subject);
  const docs: SearchDocument[] = [
    {
      list: input.list,
      path: input.path,
      thread: input.thread,
      dateMs: input.dateMs,
      kind: 0,
      title: input.subject,
      author,
      excerpt: cutAtWord(shownOwn, EXCERPT_SOURCE_CHARS),
      facets: input.patch ? [...input.patch.facets] : [],
      // A patch is found by its series' title too (a cover letter's subject names what its patches do).
      fields: [inherited ? '' : subject, searchable(from, mode), searchable(own, mode), code, '', [inherited ? subject : '', input.patch && input.patch.series !== subject ? input.patch.series : ''].join(' ').trim()],
    },
  ];
  if (input.sections && input.sections.length > 0) {
    const lines = input.text.split('\n');
    for (const section of input.sections) {
      const text = lines.slice(section.line + 1, section.end).join('\n').slice(0, MAX_FIELD_CHARS);
      const shown = obfuscateText(text, mode).replace(/\s+/g, ' ').trim();
      docs.push({
        list: input.list,
        path: `${input.path}#${section.anchor}`,
        thread: input.thread,
        dateMs: input.dateMs,
        kind: 1,
        title: `${section.title} — ${input.subject}`,
        author,
        excerpt: cutAtWord(shown, EXCERPT_SOURCE_CHARS),
        facets: [],
        fields: [section.title, searchable(from, mode), searchable(text, mode), '', searchable(section.owners.join(' '), mode), subject],
      });
    }
  }
  return docs;
}
