/**
 * Patches in mail, one message at a time: what a subject says (`[RFC PATCH net-next v2 3/5]`),
 * whether a body carries a patch (git format-patch layout, an inline diff, a `.patch`
 * attachment) or only quotes one (a review), the diff's size, the trailers a message gives
 * (`Reviewed-by: …`), and the sentences that say a patch was applied or that a new version is
 * due. Series, versions and review state are found over a whole list in patch-series.ts.
 *
 * Rules follow the tools maintainers use: patchwork's subject markers (`x/n`, `x of n`, `vN`,
 * `(vN)`) and its diff state machine (hunk line counts, so a signature's `-- ` is not a removed
 * line); b4's follow-up trailers (unquoted `Name-by: person <address>` lines above the
 * signature, with an address, no URL).
 */
import { separatorKind } from './own-text.ts';

/** Lines of a text scanned at most: a message of a million lines is an attack or a log, not a patch. */
export const MAX_SCANNED_LINES = 200_000;
/** Paths kept per diff (the counts cover every file). */
export const MAX_DIFF_PATHS = 64;
/** Sentences kept per message and kind (applied, changes). */
export const MAX_SENTENCES = 4;
/** A sentence kept as evidence is cut to this many characters. */
export const MAX_SENTENCE_CHARS = 200;
/** Trailers kept per message. */
export const MAX_TRAILERS = 64;
/** Bracket groups read at the start of a subject. */
export const MAX_SUBJECT_GROUPS = 8;

/** What a subject says about a patch. */
export interface PatchSubject {
  /** The subject carries a `PATCH` marker (`[PATCH]`, `[RFC PATCH v2 1/3]`, `[PATCHv2]`). */
  tagged: boolean;
  /** `Re:` (or a localised form) before it: a reply about a patch, not a patch. */
  reply: boolean;
  /** 1 unless the subject says `vN` (`[PATCH v3]`, `[PATCHv3]`, `… (v3)`). */
  version: number;
  /** Whether `version` was written in the subject. */
  versionGiven: boolean;
  /** `x` of `x/n`; 0 for a cover letter; -1 when there is no counter. */
  index: number;
  /** `n` of `x/n`; -1 when there is no counter. */
  total: number;
  resend: boolean;
  rfc: boolean;
  /** `[GIT PULL]`, `[PULL]`: a pull request, not a patch. */
  pull: boolean;
  /** Other words of the brackets, as written: `net-next`, `btrfs-progs`, `AUTOSEL`, `5.4`. */
  prefixes: string[];
  /** The subject after its brackets: the commit title (or the cover letter's title). */
  title: string;
}

/** How a message's body carries a patch. */
export type PatchBody = 'format-patch' | 'diff' | 'attachment' | 'quoted-diff';

/** The size of a diff: counted from its hunks, not read from a diffstat that may be cut. */
export interface DiffSummary {
  /** Files touched (renames counted once). */
  files: number;
  insertions: number;
  deletions: number;
  /** The files' paths (the new name of a renamed file), in diff order, at most `MAX_DIFF_PATHS`. */
  paths: string[];
}

/** Kinds of trailers collected from replies (b4's follow-up trailers, less the chain of custody). */
export const REVIEW_TRAILERS = ['Reviewed-by', 'Acked-by', 'Tested-by', 'Reported-by', 'Nacked-by', 'Suggested-by'] as const;
/** A kind of review trailer. */
export type TrailerKind = (typeof REVIEW_TRAILERS)[number];

/** A `Name-by: person <address>` line of a message's own (unquoted) text. */
export interface Trailer {
  /** The trailer's name as normalised (`Reviewed-by`), or as written for kinds outside `REVIEW_TRAILERS`. */
  kind: string;
  name: string;
  /** Lower-cased address. */
  address: string;
}

/** A message's own links to an earlier version of its series (`v1: https://lore…/<id>/`). */
export interface VersionLink {
  /** The version the line names; 0 when it says "previous version" without a number. */
  version: number;
  messageId: string;
}

/** What the parse phase records of a message for patch tracking (see analysis.ts). */
export interface PatchAnalysis {
  /** Set for a subject with patch markers that is not a reply. */
  subject?: PatchSubject;
  /** Set when the body holds a diff (or quotes one). */
  body?: PatchBody;
  /** The diff's size, for a body that carries one (not for one it quotes). */
  diff?: DiffSummary;
  /** Review trailers (`REVIEW_TRAILERS`) of its own text: for a patch, above its `---`; for a reply, anywhere unquoted. */
  trailers?: Trailer[];
  /** Sentences saying the patch was applied, queued, pushed or merged. */
  applied?: string[];
  /** Sentences asking for a new version, or promising one. */
  changes?: string[];
  /** Versions a change log names (`Changes in v2`, `v1 -> v2:`, `v2: - fix …`). */
  changelog?: number[];
  /** Links to earlier versions. */
  versionLinks?: VersionLink[];
}

// `Re:`, `AW:`, `SV:`, … as subject.ts reads them (a reply); `Fwd:` is neither a patch nor a reply to one.
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|rif|r|res|odp|ynt)\s*(?:\[\d+\]|\^\d+|\(\d+\))?\s*[:：]\s*/i;
const FORWARD_PREFIX = /^\s*(?:fwd?|wg|tr)\s*[:：]\s*/i;
const GROUP = /^\s*\[([^\]]{0,120})\]\s*/;
const COUNTER = /^0*(\d{1,4})\/0*(\d{1,4})$/;
const VERSION = /^v0*(\d{1,3})$/i;
const TITLE_VERSION = /\s*\((?:v|version\s*)(\d{1,3})\)\s*$/i;

/**
 * Parse a subject's patch markers.
 *
 * @param subject the decoded Subject header
 */
export function parsePatchSubject(subject: string): PatchSubject {
  let s = subject.replace(/\s+/g, ' ').trim();
  let reply = false;
  for (let i = 0; i < MAX_SUBJECT_GROUPS; i++) {
    const r = REPLY_PREFIX.exec(s) ?? FORWARD_PREFIX.exec(s);
    if (!r) break;
    reply = true;
    s = s.slice(r[0].length);
  }
  const out: PatchSubject = { tagged: false, reply, version: 1, versionGiven: false, index: -1, total: -1, resend: false, rfc: false, pull: false, prefixes: [], title: s };
  for (let g = 0; g < MAX_SUBJECT_GROUPS; g++) {
    const group = GROUP.exec(s);
    if (!group) break;
    s = s.slice(group[0].length);
    // `Re:` behind a list tag (`[list] Re: [PATCH] …`) is still a reply.
    const r = REPLY_PREFIX.exec(s);
    if (r) {
      out.reply = true;
      s = s.slice(r[0].length);
    }
    // `PATCH 1 of 3` (Mercurial's patchbomb) before splitting into words.
    const words = group[1]!.replace(/\b(\d{1,4}) of (\d{1,4})\b/i, '$1/$2').split(/[,\s]+/).filter((w) => w !== '');
    for (let word of words) {
      const patch = /^patch(?:es)?(?:[-_:]?(.+))?$/i.exec(word);
      if (patch) {
        out.tagged = true;
        if (patch[1] === undefined) continue;
        word = patch[1];
      }
      const counter = COUNTER.exec(word);
      const version = VERSION.exec(word);
      if (counter) {
        out.index = Number(counter[1]);
        out.total = Number(counter[2]);
      } else if (version) {
        out.version = Number(version[1]);
        out.versionGiven = true;
      } else if (/^(?:resend|repost)$/i.test(word)) {
        out.resend = true;
      } else if (/^rfc$/i.test(word)) {
        out.rfc = true;
      } else if (/^pull$/i.test(word)) {
        out.pull = true;
      } else if (/^rfc-?v0*(\d{1,3})$/i.test(word)) {
        out.rfc = true;
        out.version = Number(/(\d+)$/.exec(word)![1]);
        out.versionGiven = true;
      } else {
        out.prefixes.push(word);
      }
    }
  }
  if (out.pull) out.tagged = false;
  // patchwork: a version at the end of the title, `btrfs: fix foo (v2)`.
  const titleVersion = TITLE_VERSION.exec(s);
  if (titleVersion && !out.versionGiven) {
    out.version = Number(titleVersion[1]);
    out.versionGiven = true;
    s = s.slice(0, titleVersion.index);
  }
  if (out.total === 0 || out.index > 9999) {
    out.index = -1;
    out.total = -1;
  }
  out.title = s.trim();
  return out;
}

/**
 * A title reduced for comparing versions of a series: lower case, words only.
 *
 * @param title a subject's title (see `parsePatchSubject`)
 */
export function titleKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const QUOTE_PREFIX = /^(?:[ \t]?[>|])+ ?/;
const DIFF_GIT = /^diff --git (?:"?a\/(.+?)"? "?b\/(.+?)"?|(\S+) (\S+))$/;
const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const OLD_FILE = /^--- (?:"?a\/|\/dev\/null|\S)/;
const NEW_FILE = /^\+\+\+ ("?b\/(.+?)"?|\/dev\/null|(\S+))(?:\t.*)?$/;
const DIFFSTAT_LINE = /^ \S.* \| +(?:\d+ ?[+-]*|Bin .*)$/;
const DIFFSTAT_SUMMARY = /^ \d+ files? changed(?:, \d+ insertions?\(\+\))?(?:, \d+ deletions?\(-\))?$/;
// Outlook and friends quote the whole original below a separator (see own-text.ts) or a rule,
// without `>`; Zimbra writes the same separator (`----- Original Message -----`, `-----
// Ursprüngliche Mail -----`) above a `>` quote.
const OUTLOOK_RULE = /^_{10,}\s*$/;
// `git log` or `git show` pasted into a message: `commit <sha>`, then `Author:`, `Date:` and the like.
const GIT_COMMIT = /^commit [0-9a-f]{7,40}\b/;
const GIT_COMMIT_HEADER = /^(?:Author|AuthorDate|Commit|CommitDate|Date|Merge):\s/;

/** Line-by-line reader of diffs: patchwork's state machine, counting a hunk's lines down from its header. */
class DiffCounter {
  files = 0;
  insertions = 0;
  deletions = 0;
  paths: string[] = [];
  private oldLeft = 0;
  private newLeft = 0;
  private pendingOld = false;
  private fileOpen = false;
  /** Inside `GIT binary patch` data (base85 lines). */
  private binary = false;

  /**
   * Feed one line; returns true when the line belongs to a diff.
   *
   * @param line the line, without its line end
   * @param next the line after it, if any
   */
  line(line: string, next?: string): boolean {
    // `-- ` then git's version ends a format-patch even when a hand-edited hunk claims more lines.
    if (line === '-- ' && (next === undefined || /^\d+\.\d+/.test(next))) {
      this.oldLeft = this.newLeft = 0;
      this.pendingOld = this.fileOpen = false;
      return false;
    }
    if (this.oldLeft > 0 || this.newLeft > 0) {
      const c = line.charCodeAt(0);
      if (c === 43 /* + */) {
        this.newLeft--;
        this.insertions++;
      } else if (c === 45 /* - */) {
        this.oldLeft--;
        this.deletions++;
      } else if (c === 92 /* \ */) {
        return true; // `\ No newline at end of file`
      } else if (c === 32 /* space */ || line === '') {
        this.oldLeft--;
        this.newLeft--;
      } else {
        // A hunk cut short (mangled by a mail client): the diff ends here.
        this.oldLeft = this.newLeft = 0;
        return false;
      }
      return true;
    }
    if (this.binary && this.fileOpen && /^(?:[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]*|literal \d+|delta \d+)?$/.test(line)) return true;
    this.binary = false;
    const git = DIFF_GIT.exec(line);
    if (git) {
      this.open(git[2] ?? git[4] ?? '');
      return true;
    }
    if (OLD_FILE.test(line)) {
      this.pendingOld = true;
      return true;
    }
    if (this.pendingOld || this.fileOpen) {
      const added = NEW_FILE.exec(line);
      if (added) {
        // Without `diff --git` (diff -u, quilt), `+++` opens the file.
        if (!this.fileOpen) this.open(added[2] ?? added[3] ?? '');
        this.pendingOld = false;
        return true;
      }
    }
    const hunk = HUNK.exec(line);
    if (hunk && this.fileOpen) {
      this.oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      this.newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      return true;
    }
    if (this.fileOpen && line === 'GIT binary patch') {
      this.binary = true;
      return true;
    }
    if (this.fileOpen && /^(?:index |new file mode|deleted file mode|old mode|new mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|Binary files|GIT binary patch|literal |delta )/.test(line)) return true;
    if (this.fileOpen && line === '') return true;
    this.pendingOld = false;
    this.fileOpen = false;
    return false;
  }

  private open(path: string): void {
    this.files++;
    this.fileOpen = true;
    this.pendingOld = false;
    if (this.paths.length < MAX_DIFF_PATHS) this.paths.push(path);
  }

  /** The summary, or undefined when no file was seen. */
  summary(): DiffSummary | undefined {
    return this.files === 0 ? undefined : { files: this.files, insertions: this.insertions, deletions: this.deletions, paths: this.paths };
  }
}

/**
 * The size of a diff in a text (a patch's body or attachment).
 *
 * @param text the text
 */
export function summarizeDiff(text: string): DiffSummary | undefined {
  const counter = new DiffCounter();
  const lines = text.split('\n', MAX_SCANNED_LINES).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  for (let i = 0; i < lines.length; i++) counter.line(lines[i]!, lines[i + 1]);
  return counter.summary();
}

/** A line that may start a diff (the counter decides: `--- x` must be followed by `+++ y`). */
const DIFF_START = /^(?:diff --git |--- \S)/;
/** A quoted line that shows a diff was quoted: a reply that quotes only these is a review. */
const QUOTED_DIFF = /^(?:diff --git |@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@)/;

const TRAILER = /^\s{0,4}([A-Za-z][A-Za-z-]{1,40}-by):\s*(.{1,300}?)\s*$/i;
const REVIEW_KINDS = new Set<string>(REVIEW_TRAILERS);
const KNOWN_TRAILERS = new Map<string, string>([...REVIEW_TRAILERS, 'Signed-off-by', 'Co-developed-by'].map((k) => [k.toLowerCase(), k]));
const ADDRESS = /<?([^\s<>"]+@[^\s<>"]+\.[^\s<>"]+?)>?(?=$|[\s,;)\]])/;

/**
 * A trailer line, or undefined: `Name-by:` followed by a person with an address (b4 takes only
 * person trailers from replies, and none that holds a URL).
 *
 * @param line one unquoted line
 */
export function parseTrailer(line: string): Trailer | undefined {
  const m = TRAILER.exec(line);
  if (!m) return undefined;
  const value = m[2]!;
  if (/https?:\/\//i.test(value)) return undefined;
  const address = ADDRESS.exec(value);
  if (!address) return undefined;
  const kind = KNOWN_TRAILERS.get(m[1]!.toLowerCase()) ?? m[1]!;
  // Quotes around the name go, an apostrophe in it stays (`Theodore Ts'o`).
  const name = value
    .slice(0, address.index)
    .replace(/"/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'(.*)'$/, '$1');
  return { kind, name, address: address[1]!.toLowerCase() };
}

// "Applied, thanks." "Added to misc-next, thanks." "I've queued patches 1-3 for 5.10." "Pushed to
// master." "Patch 1 added to misc-next." A subject (who or what) is allowed before the verb; after it,
// a destination or thanks must follow, so "I applied the patch and ran the tests" does not count.
const APPLIED = new RegExp(
  [
    '^(?:(?:ok(?:ay)?|thanks|thank you|great|nice|good|looks good|lgtm|done|sure)[,.!:]*\\s+)?',
    '(?:(?:i|we)(?:\'ve| have| just| now|\'ll have)?\\s+)?',
    '(?:(?:the\\s+|this\\s+|both\\s+|all\\s+|these\\s+|whole\\s+|first\\s+|v\\d+\\s+|remaining\\s+)*(?:patch(?:es|set)?|series|ones?|it|this|these|them|both|all|fixes?|changes?|commits?|v\\d+)(?:\\s+(?:#?\\d+(?:\\s*(?:-|to|and|,)\\s*#?\\d+)*|\\d+\\/\\d+))?\\s+)?',
    '(?:(?:#?\\d+(?:\\s*(?:-|–|to|and|,)\\s*#?\\d+)*)\\s+)?',
    '(?:(?:has|have|is|are|was|were|got|now)\\s+)?(?:(?:been|now)\\s+)?',
    // "Updated and pushed, thanks": the maintainer edited the patch, then applied it.
    '(?:(?:updated|fixed up|refreshed|rebased|amended|edited)\\s+and\\s+)?',
    '(applied|queued(?: up)?|pushed|merged|added|picked(?: up)?|committed|taken|moved)\\b',
    '(.*)$',
  ].join(''),
  'i',
);
// A destination is a tree, branch or queue ("to misc-next", "into my tree", "for 5.10"), not a purpose ("to ensure").
const APPLIED_REST = /^(?:\s*(?:it|them|this|these|the patch(?:es)?|the series|both|all|(?:patches\s+)?#?\d+(?:\s*(?:-|to|and|,)\s*#?\d+)*))?\s*(?:(?:from\s+(?:the\s+|a\s+)?[\w/.-]+(?:\s+branch)?\s+)?(?:to|into|onto|in|on|for)\s+(?!(?:commit\s+)?[0-9a-f]{7,40}\b)(?:(?:the|my|our|his|her|your|a|btrfs|linux|kdave'?s?)\s+)*[\w/.+-]*(?:next|master|main|devel|queue|tree|branch|for-|fix|stable|linus|mainline|upstream|mm\b|pile|git|repo|wip|rc\d|misc|\d)|[,.!:;]*\s*(?:thanks|thank you|thx|ty\b)|[.!]?\s*$)/i;
const APPLIED_NOT = /\b(?:test(?:ed|ing)?|ran|run|booted|reproduc|crash|fail|error|warning|build|compil|conflict|cleanly|locally|my machine|my box|my system|won't|not|n't|if |when |after |before |should|would|could|can |may |might|once |until|already in|kernel)\b/i;

// Clauses before the one with the verb, and their length, that `isAppliedSentence` reads past, if
// they hold no condition, negation or future: "If it builds, added to misc-next" is no record.
const APPLIED_LEAD_CLAUSES = 3;
const APPLIED_LEAD_CHARS = 100;
const APPLIED_LEAD_DOUBT = /\b(?:if|when|once|until|unless|after|before|should|would|could|can|may|might|will|not|no|but|unsure|maybe|perhaps|probably|with)\b|n't\b/i;

// "Patch updated and misc-next pushed": the branch is the subject.
const APPLIED_BRANCH = /^(?:(?:the\s+)?(?:patch(?:es)?|series)\s+(?:updated|added|applied)\s+and\s+)?(?:[\w/.-]*-next|misc-next|for-next|devel|master|main)\s+(?:(?:is|was|has been)\s+)?(?:pushed|updated)\b/i;

// A request for, or a promise of, a new version.
const CHANGES = [
  /\b(?:please|pls|kindly)\b[^.?!]{0,60}?\b(?:re-?send|re-?spin|re-?base|re-?work|send (?:a |an )?(?:new |updated |next |fixed )?(?:v\d+|version|revision|patch)|fix (?:this|that|it|the)|update (?:the|this)|split)\b/i,
  /\b(?:i'll|i will|will|i'm going to|going to|i shall)\s+(?:\w+\s+){0,4}?(?:send|post|spin|resend|respin|prepare|submit|fix|update|address|rework|do)\b[^.?!]{0,80}?\b(?:v\d+|new version|next version|updated version|new revision|next revision|respin|next iteration|new series|updated series|updated patch|new patch)\b/i,
  /\b(?:v\d+|next version|new version)\s+(?:will|is coming|coming (?:up|soon)|to follow|incoming)\b/i,
  /^(?:\W*|.{0,12}\W)(?:hard\s+)?na(?:c)?k(?:ed)?\b(?![-_])/i,
  /\bneeds? (?:a |to be )?(?:rebase[d]?|rework(?:ed)?|respin|resend|re-?spun)\b/i,
];
const CHANGELOG_LINE = [
  /\bchang(?:es|ed|elog|e log)\s+(?:in|since|from|for|to)\s+v(\d{1,3})\b/i,
  /^\s*[[(]?v(\d{1,3})\s*(?:->|→|-->|=>|to)\s*v(\d{1,3})[\])]?\s*:?/i,
  /^\s*[[(]?v(\d{1,3})[\])]?\s*:\s*(?:$|-|\*|\w)/i,
];
const VERSION_LINK_LINE = /^\s*(?:[[(]?v(\d{1,3})[\])]?|previous(?: version| posting| revision| series)?|link to v(\d{1,3})|v(\d{1,3}) (?:is )?at|(?:v(\d{1,3})|previous version) (?:link|thread))\s*[:\-–]?\s*(?:\S+\s+){0,3}?(<[^<>\s]+@[^<>\s]+>|https?:\/\/\S+)/i;
const URL_MESSAGE_ID = /^https?:\/\/[^/\s]+\/(?:r\/|[^/\s]+\/)?(?:[^/\s]+\/)*?([^/\s]+(?:@|%40)[^/\s#?]+?)(?:\/(?:[T#t].*)?)?(?:[?#].*)?$/;

function cut(sentence: string): string {
  const s = sentence.replace(/\s+/g, ' ').trim();
  return s.length <= MAX_SENTENCE_CHARS ? s : `${s.slice(0, MAX_SENTENCE_CHARS - 1)}…`;
}

/**
 * The Message-ID a link to an archived message holds (lore.kernel.org, public-inbox, patchwork's
 * `/project/…/patch/<id>/`), or `<id>` itself.
 *
 * @param link a URL or `<id@host>`
 */
export function messageIdOfLink(link: string): string | undefined {
  if (link.startsWith('<')) return link.slice(1, -1);
  const m = URL_MESSAGE_ID.exec(link.replace(/[>)\].,;]+$/, ''));
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

/** Unquoted text of a message split into the parts the rules read. */
interface Reading {
  /** Unquoted lines above the signature, outside diffs. */
  prose: string[];
  /** Index in `prose` of the `---` line that ends a format-patch commit message, or -1. */
  separator: number;
  body: PatchBody | undefined;
  diff: DiffSummary | undefined;
}

function read(text: string): Reading {
  const lines = text.split('\n', MAX_SCANNED_LINES);
  const prose: string[] = [];
  let separator = -1;
  let sawQuotedDiff = false;
  let sawDiffstat = false;
  const counter = new DiffCounter();
  let inDiff = false;
  let commit: 'none' | 'header' | 'message' = 'none';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (inDiff) {
      const next = lines[i + 1];
      if (counter.line(line, next?.endsWith('\r') ? next.slice(0, -1) : next)) continue;
      inDiff = false;
    }
    // The signature ends the prose (RFC 3676 4.3); a diff's removed `-- ` line is read above.
    if (line === '-- ') break;
    const rule = separatorKind(line);
    // Mutt ends what it forwards: the writer's words go on below ("----- End forwarded message -----").
    if (rule === 'end') continue;
    if (rule === 'forward') {
      let end = i + 1;
      while (end < lines.length && separatorKind(lines[end]!) !== 'end') end++;
      if (end < lines.length) {
        i = end;
        continue;
      }
      break;
    }
    if (rule !== undefined || OUTLOOK_RULE.test(line)) {
      // Below Outlook's rule the original runs unquoted to the end; below Zimbra's, it is quoted
      // with `>` and the reply may go on after it (a bottom-posted "Acked-by:").
      let k = i + 1;
      while (k < lines.length && lines[k]!.trim() === '') k++;
      if (k < lines.length && QUOTE_PREFIX.test(lines[k]!)) continue;
      break;
    }
    // A pasted commit is quoted: its message, indented four spaces below its header lines, holds
    // the trailers given to that commit, not the writer's own.
    // (A commit pasted after another starts in the one before's message.)
    if (commit !== 'header' && GIT_COMMIT.test(line) && GIT_COMMIT_HEADER.test(lines[i + 1] ?? '')) {
      commit = 'header';
      continue;
    }
    if (commit === 'header') {
      if (GIT_COMMIT_HEADER.test(line)) continue;
      commit = line === '' ? 'message' : 'none';
      if (commit === 'message') continue;
    }
    if (commit === 'message') {
      if (line === '' || line.startsWith('    ') || line.startsWith('\t')) continue;
      commit = 'none';
    }
    const quote = QUOTE_PREFIX.exec(line);
    if (quote) {
      if (!sawQuotedDiff && QUOTED_DIFF.test(line.slice(quote[0].length))) sawQuotedDiff = true;
      continue;
    }
    if (DIFF_START.test(line) && counter.line(line)) {
      inDiff = true;
      continue;
    }
    if (line === '---' && separator < 0 && counter.files === 0) separator = prose.length;
    if (!sawDiffstat && (DIFFSTAT_SUMMARY.test(line) || DIFFSTAT_LINE.test(line))) sawDiffstat = true;
    prose.push(line);
  }
  const diff = counter.summary();
  let body: PatchBody | undefined;
  if (diff) body = separator >= 0 && sawDiffstat ? 'format-patch' : 'diff';
  else if (sawQuotedDiff) body = 'quoted-diff';
  return { prose, separator, body, diff };
}

/** Sentences of prose lines: paragraphs joined, cut at `.`, `!` or `?` before a space. */
function sentences(lines: readonly string[]): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    for (const s of paragraph.join(' ').split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/)) if (s.trim() !== '') out.push(s.trim());
    paragraph = [];
  };
  for (const line of lines) {
    const t = line.trim();
    // Trailers, lists and headings are their own sentences.
    if (t === '' || TRAILER.test(t) || /^[-*•]\s/.test(t)) {
      flush();
      if (t !== '') out.push(t);
      continue;
    }
    paragraph.push(t);
  }
  flush();
  return out;
}

/**
 * Whether a sentence says a patch was applied (by whoever wrote it: the list-level rules check
 * that it was not the patch's author).
 *
 * @param sentence one sentence of a reply's own text
 */
export function isAppliedSentence(sentence: string): boolean {
  const s = sentence.replace(/^[-*•]\s+/, '');
  if (appliedClause(s)) return true;
  // "Makes sense, added to misc-next, thanks." "I've slightly rephrased the changelog, added to
  // misc-next.": the verb opens a later clause, after words that doubt nothing.
  if (s.includes('?')) return false;
  let lead = 0;
  for (let k = 0; k < APPLIED_LEAD_CLAUSES; k++) {
    lead = s.indexOf(',', lead) + 1;
    if (lead === 0 || lead > APPLIED_LEAD_CHARS) return false;
    if (APPLIED_LEAD_DOUBT.test(s.slice(0, lead)) || APPLIED_NOT.test(s.slice(0, lead))) return false;
    if (appliedClause(s.slice(lead).trim())) return true;
  }
  return false;
}

/** Whether a sentence says, from its start, that patches were applied (see `isAppliedSentence`). */
function appliedClause(s: string): boolean {
  if (APPLIED_BRANCH.test(s) && !s.includes('?') && !APPLIED_NOT.test(s)) return true;
  const m = APPLIED.exec(s);
  if (!m) return false;
  const rest = m[2]!;
  if (s.includes('?')) return false;
  // Only the clause of the verb is read for doubts: "Added to misc-next, I fixed the build warning".
  const clause = s.slice(0, s.length - rest.length) + rest.split(/[,;]/)[0]!;
  if (APPLIED_NOT.test(clause)) return false;
  return APPLIED_REST.test(rest);
}

/**
 * Whether a sentence asks for a new version (or refuses the patch), or promises one.
 *
 * @param sentence one sentence of a reply's own text
 */
export function isChangesSentence(sentence: string): boolean {
  // "Please don't resend the whole series", "no need to resend".
  if (/\b(?:don't|do not|no need|not need|needn't|doesn't need)\b/i.test(sentence) && !/^(?:\W*|.{0,12}\W)(?:hard\s+)?nac?k\b/i.test(sentence)) return false;
  return CHANGES.some((re) => re.test(sentence));
}

/**
 * What a message's text says about patches.
 *
 * @param subject the decoded Subject header
 * @param text the message's plain text
 * @param attachments text of attachments that carry a patch (`.patch`, `.diff`, text/x-patch)
 */
export function analyzePatch(subject: string, text: string, attachments: readonly string[] = []): PatchAnalysis | undefined {
  const out: PatchAnalysis = {};
  const parsed = parsePatchSubject(subject);
  if ((parsed.tagged || parsed.pull || parsed.index >= 0 || parsed.versionGiven || parsed.rfc) && !parsed.reply) out.subject = parsed;
  // Cheap tests first: most replies hold no diff, trailer or verdict.
  const { prose, separator, body, diff } = read(text);
  if (body) out.body = body;
  if (diff) out.diff = diff;
  if (!diff) {
    let attached: DiffSummary | undefined;
    for (const a of attachments) {
      const d = summarizeDiff(a);
      if (!d) continue;
      attached = attached ? { files: attached.files + d.files, insertions: attached.insertions + d.insertions, deletions: attached.deletions + d.deletions, paths: [...attached.paths, ...d.paths].slice(0, MAX_DIFF_PATHS) } : d;
    }
    if (attached) {
      out.body = 'attachment';
      out.diff = attached;
    }
  }
  // A patch's trailers are those of its commit message; a reply's, anywhere in its own text.
  const isPatch = out.diff !== undefined && !parsed.reply;
  const trailerLines = isPatch && separator >= 0 ? prose.slice(0, separator) : prose;
  const trailers: Trailer[] = [];
  for (const line of trailerLines) {
    if (trailers.length >= MAX_TRAILERS) break;
    if (!/-by:/i.test(line)) continue;
    const t = parseTrailer(line);
    // Only review trailers are kept: a patch's Signed-off-by lines would be most of what the store records.
    if (t && REVIEW_KINDS.has(t.kind)) trailers.push(t);
  }
  if (trailers.length > 0) out.trailers = trailers;
  const applied: string[] = [];
  const changes: string[] = [];
  const changelog = new Set<number>();
  const links: VersionLink[] = [];
  // A patch's own commit message says nothing of its review; its notes below `---` may link versions.
  const said = isPatch || out.subject?.tagged ? [] : sentences(prose);
  for (const s of said) {
    if (applied.length < MAX_SENTENCES && isAppliedSentence(s)) applied.push(cut(s));
    else if (changes.length < MAX_SENTENCES && isChangesSentence(s)) changes.push(cut(s));
  }
  if (applied.length > 0) out.applied = applied;
  if (changes.length > 0) out.changes = changes;
  if (!parsed.reply) {
    for (const line of prose) {
      if (!/v\d|previous|chang/i.test(line)) continue;
      for (const re of CHANGELOG_LINE) {
        const m = re.exec(line);
        if (m) for (const v of m.slice(1)) if (v !== undefined) changelog.add(Number(v));
      }
      const link = VERSION_LINK_LINE.exec(line);
      if (link && links.length < MAX_SENTENCES) {
        const id = messageIdOfLink(link[5]!);
        const version = Number(link[1] ?? link[2] ?? link[3] ?? link[4] ?? 0);
        if (id !== undefined) links.push({ version, messageId: id });
      }
    }
  }
  if (changelog.size > 0) out.changelog = [...changelog].sort((a, b) => a - b);
  if (links.length > 0) out.versionLinks = links;
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * Whether an attachment carries a patch, by its type or name.
 *
 * @param contentType the attachment's MIME type
 * @param filename the name the sender gave
 */
export function isPatchAttachment(contentType: string, filename: string): boolean {
  return /^(?:text\/x-(?:patch|diff)|text\/x-patch|application\/x-patch|text\/x-diff)$/i.test(contentType) || /\.(?:patch|diff)$/i.test(filename);
}
