/**
 * What a message contributes to search: one document for the message (its subject, author, its
 * own words in full and the identifiers of its patches), and one for each section of minutes.
 * Quoted text is someone else's words and is left out; so are the signature, PGP armour and a
 * list's footer (own-text.ts knows how mail clients mark them).
 */
import { obfuscateText } from './obfuscate.ts';
import type { Obfuscation } from './list-config.ts';
import { attributionLines, forwardBelow, isHeaderLine, isSnipMarker, listFooterAt, mayOpenHeaders, quotedHeaderEnd, quotedHeaderValue, quotedSender, quotedSubject, separatorKind, signatureAt } from './own-text.ts';
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
const RULE = /^_{8,}\s*$/;
/** Lines of a signature looked at for its writer's name, below its delimiter. */
const SIGNATURE_NAME_LINES = 3;
// A closing: "Thanks,", "Best regards,", "Sincerely, Ann" (then the name follows).
const CLOSING = /^(?:(?:many |best |kind |warm |warmest |with kind )?(?:thanks|thank you|regards|wishes)|cheers|best|sincerely|yours(?: truly| sincerely)?|with respect|respectfully|greetings|ciao|gruß|grüße|cordialement)\b[\s,.!-]*/i;
const NAME_END = /\s*(?:<|\(|\||\s{2,}|\s--?\s)/;
// A name: one to four words of letters (initials, hyphens and apostrophes too), nothing else: not
// a motto, an address, a version or a link.
const NAME_SHAPE = /^\p{Lu}[\p{L}'’.-]*(?: [\p{L}'’.-]+){0,3}$/u;
const WORDS = /\S/;
const DIFF_LINE = /^(?:[ +\-\\@]|diff |index |new file|deleted file|(?:dis)?similarity|rename |copy |old mode|new mode|Binary files)/;
const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?(.*)$/;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]{2,}/g;
const C_WORDS = new Set('auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false null NULL u8 u16 u32 u64 s8 s16 s32 s64 unlikely likely'.split(' '));


/**
 * Whether what a quote separator (`-----Original Message-----`) at line `at` introduces is
 * quoted: headers on its line or the next, or `>` lines.
 */
function quoteBelow(lines: readonly string[], at: number): boolean {
  if (/[-\s]\S/.test(lines[at]!.replace(/^\s*-+[^-]*-+/, ''))) return true;
  for (let k = at + 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (!WORDS.test(line)) continue;
    return QUOTE.test(line) || isHeaderLine(line);
  }
  return false;
}

/**
 * The writer's name in a signature whose delimiter is at `at`: the first words of its line or of
 * the next lines, after a closing, when they have a name's shape; empty when they do not.
 */
function signatureName(lines: readonly string[], at: number): string {
  const candidates = [lines[at]!.replace(/^--\s?/, ''), ...lines.slice(at + 1, at + 1 + SIGNATURE_NAME_LINES)];
  for (const candidate of candidates) {
    // A closing alone ("Thanks,", "Warm regards,") comes before the name; one on the name's line goes.
    const line = candidate.trim().replace(CLOSING, '').trim();
    if (line === '') continue;
    if (QUOTE.test(line)) return '';
    // The name ends where an address, a title or a second column begins ("Ann Example <ann@…>", "Ann | Example Corp").
    const name = line.split(NAME_END)[0]!.trim();
    return NAME_SHAPE.test(name) ? name : '';
  }
  return '';
}

/** Whether any of the lines kept so far has words: whether the writer has said anything yet. */
function hasWords(own: readonly string[]): boolean {
  for (let k = own.length - 1; k >= 0; k--) if (WORDS.test(own[k]!)) return true;
  return false;
}

/**
 * The writer's own text and the identifiers of the patches in it. Left out: quoted lines and
 * the attributions above them (see own-text.ts), a message quoted without `>` (Outlook's
 * separator or header block) and all after it, a forwarded message's separator and headers,
 * the signature and all after it (but for a patch's files), PGP armour, list footers and snip
 * markers. A forwarded message's sender is kept apart (`forwarded`): where a list rewrites the
 * sender to itself, the one who forwards their own mail is named nowhere else.
 *
 * @param text a message's plain text
 */
export function splitOwnText(text: string): { own: string; code: string; signature: string; forwarded: string } {
  const lines = text.split('\n');
  const own: string[] = [];
  // The line each own line came from: an attribution's wrapped first lines are taken back.
  const ownAt: number[] = [];
  let seenWords = false;
  let inSignature = false;
  // A signature known by its shape, not by `-- ` (RFC 3676): it ends where a quote begins, so an
  // interleaved reply goes on below it ("-- https://…" under a quoted passage).
  let looseSignature = false;
  // The writer's name from the signature: often the only place it is, where a list rewrites the
  // sender to itself.
  let signature = '';
  // The line of the last forwarded message's separator, and the senders of the messages forwarded.
  let forwardAt = -1;
  const senders: string[] = [];
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
    // Whether only blank lines came before: a signature delimiter there opens the text instead.
    const opening = !seenWords;
    if (opening && WORDS.test(line)) seenWords = true;
    if (inPgp) {
      if (c === 45 && line.startsWith('-----END PGP ')) inPgp = false;
      continue;
    }
    if (!inDiff && (c === 62 || ((c === 32 || c === 9) && QUOTE.test(line)))) {
      if (looseSignature) inSignature = looseSignature = false;
      continue;
    }
    if (c === 45 /* - */) {
      if (line.startsWith('-----BEGIN PGP SIGNATURE-----')) {
        inPgp = true;
        continue;
      }
      if (line.startsWith('-----BEGIN PGP SIGNED MESSAGE-----')) continue;
      // After the signature nothing is the writer's words, but a cover letter's shortlog and
      // diffstat may follow it.
      if (!inDiff && !inSignature && signatureAt(lines, i)) {
        // A signature that opens a forward (Pine's) is the forwarder's: the message passed on follows it.
        const forward = opening ? forwardBelow(lines, i) : -1;
        if (forward >= 0) {
          signature ||= signatureName(lines, i);
          i = forward - 1;
          continue;
        }
        if (!opening) {
          inSignature = true;
          // (A bare `--` is one to the end, like `-- `: Outlook's writers put it above a `>` quote
          // whose wrapped remnants are not quoted.)
          looseSignature = line !== '-- ' && line !== '--';
          // After a forward's separator, the signature is the forwarded message's writer's.
          if (forwardAt < 0) signature ||= signatureName(lines, i);
        }
        continue;
      }
    }
    // Outlook's top-posting: after the writer's words, the message they reply to. Before any
    // (a webmail that writes the reply below the message it quotes), the message's text. A
    // message passed on is what the writer sent to the list, after a note or a signature too.
    // (At the start of a line: an indented one is quoted text.)
    if (!inDiff && (c === 45 || c === 66 /* B */)) {
      const kind = separatorKind(line);
      if (kind === 'forward' || kind === 'end') {
        inSignature = looseSignature = false;
        if (kind === 'forward') {
          forwardAt = i;
          const sender = quotedSender(line);
          if (sender) senders.push(sender);
        }
        continue;
      }
      // Quoted headers or a quote follow Outlook's separator; below "--- Original message ---" in
      // a v2 cover letter, the first version's description is the writer's own.
      if (kind === 'quote') {
        if (hasWords(own) && quoteBelow(lines, i)) break;
        continue;
      }
    }
    if (c === 72 /* H */ && line.startsWith('Hash: ') && (lines[i - 1] ?? '').startsWith('-----BEGIN PGP SIGNED')) continue;
    if (listFooterAt(lines, i)) break;
    // A rule of underscores (Outlook's, above a quoted header block) has no words.
    if (c === 95 && RULE.test(line)) continue;
    if (!inDiff && (c === 100 || c === 73 || c === 45 || c === 43) && DIFF_START.test(line)) inDiff = true;
    if (inDiff) {
      const next = lines[i + 1] ?? '';
      // The signature ends a patch (git's `-- ` above its version).
      if (line === '-- ') {
        inDiff = false;
        inSignature = true;
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
    if (inSignature) continue;
    if (line === '---') continue;
    // A header block without `>`, as after a separator above (an indented one is a citation).
    const end = mayOpenHeaders(line) ? quotedHeaderEnd(lines, i) : -1;
    if (end >= 0) {
      // A forwarded message's headers, right below its separator, are left out; its text is kept.
      let forwarded = forwardAt >= 0;
      for (let k = forwardAt + 1; forwarded && k < i; k++) forwarded = !WORDS.test(lines[k]!);
      if (!forwarded && hasWords(own)) break;
      // Its sender is searched apart (see `forwarded`); its subject, wrapped or not, says what is
      // passed on: it is kept with its text.
      if (forwarded) {
        const sender = quotedHeaderValue(lines, i, end, quotedSender)?.parts.join(' ').trim();
        if (sender) senders.push(sender);
        const subject = quotedHeaderValue(lines, i, end, quotedSubject);
        subject?.parts.forEach((part, j) => {
          own.push(part);
          ownAt.push(subject.at + j);
        });
      }
      i = end - 1;
      continue;
    }
    // The attribution before a quote ("On Mon, Bob wrote:"), wrapped or not, is not the writer's own
    // words (most lines do not end in a colon, and are not trimmed to find it).
    const last = line.charCodeAt(line.length - 1);
    if (last === 58 /* : */ || last === 0xff1a /* ： */ || (last === 32 && line.charCodeAt(line.length - 2) === 58)) {
      const span = attributionLines(lines, i);
      if (span > 0) {
        while (ownAt.length > 0 && ownAt[ownAt.length - 1]! > i - span) {
          own.pop();
          ownAt.pop();
        }
        continue;
      }
    }
    if (line.length !== 0 && line.length <= 16 && isSnipMarker(line)) continue;
    own.push(line);
    ownAt.push(i);
  }
  const code = [...new Set(paths), ...contexts, ...identifiers].join('\n');
  return { own: own.join('\n').slice(0, MAX_FIELD_CHARS), code: code.slice(0, MAX_FIELD_CHARS), signature, forwarded: [...new Set(senders)].join('\n') };
}

/** Characters of forwarded messages' senders searched with a message's text (a field stays near `MAX_FIELD_CHARS`). */
const MAX_FORWARDED_CHARS = 1000;

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
  const { own, code, signature, forwarded } = splitOwnText(input.text);
  const shownOwn = obfuscateText(own, mode).replace(/\s+/g, ' ').trim();
  const localPart = input.fromAddress.split('@')[0] ?? '';
  const author = obfuscateText(input.fromName || localPart, mode);
  // The address is searchable only where the list shows it; the local part always is.
  // And the signature's first line: where a list rewrites the sender to itself, the writer's name is there.
  // (Not a name the sender has already: it would count twice.)
  const signed = signature !== '' && !input.fromName.toLowerCase().includes(signature.toLowerCase()) ? ` ${signature}` : '';
  const from = `${mode === 'none' ? `${input.fromName} ${input.fromAddress}` : `${obfuscateText(input.fromName, mode)} ${localPart}`}${signed}`;
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
      // The senders of forwarded messages are searched with the text, not shown in its excerpt.
      fields: [inherited ? '' : subject, searchable(from, mode), searchable(forwarded === '' ? own : `${own}\n${forwarded.slice(0, MAX_FORWARDED_CHARS)}`, mode), code, '', [inherited ? subject : '', input.patch && input.patch.series !== subject ? input.patch.series : ''].join(' ').trim()],
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
