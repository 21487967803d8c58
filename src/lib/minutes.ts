/**
 * Meeting minutes: recognising them from what the text says (not only the subject), reading their
 * structure (topics, attendees, speakers, action items with owners, decisions, notes) as an overlay
 * on the original lines, and finding which topics a reply quotes. Pure, line-based, no recursion.
 * The words the rules look for are in minutes-lexicon.ts; the reading of lines in minutes-text.ts.
 */
import { splitLines } from './body.ts';
import {
  ABSENT_LABEL,
  ACTION_LABEL,
  COMPLETED as COMPLETED_WORDS,
  NOT_COMPLETED as NOT_DONE_WORDS,
  ACTION_MARKER,
  ATTENDEES_LABEL,
  DECISION_LABEL,
  DECISION_MARKER,
  DECISION_PHRASES,
  DISCUSSED,
  DONE_MARKER,
  LABEL_LINE,
  MEETING_NOUN,
  MINUTES_AS_TIME,
  NO_ATTENDANCE,
  NOT_DECIDED,
  NOT_HELD,
  NOT_OWNER,
  OWNER_LINK,
  RECORD_WORDS,
  REPORTS_MEETING,
  STRONG_RECORD,
  TASK_VERBS,
  TODO_OWNER,
  TOPIC_LIST_LABEL,
} from './minutes-lexicon.ts';
import { isSignOff, listMarker, readLines, sentencesOf, titleOf, wordsOf, type TextLine } from './minutes-text.ts';

export { MAX_MINUTES_LINES } from './minutes-text.ts';

/** Where a topic was read from. */
export type SectionKind = 'heading' | 'numbered' | 'agenda' | 'plain' | 'list' | 'whole';

/** A topic of the minutes: a title and the lines up to the next topic. */
export interface MinutesSection {
  title: string;
  /** 1 for `= X =`, `# X`, numbered and agenda topics; deeper levels for `== X ==`, `## X`, `2A.`. */
  level: number;
  /** A fragment id for the section, unique within the message. */
  anchor: string;
  /** Line of the heading (a quoted line for a topic taken from the quoted agenda), from 0. */
  line: number;
  /** First line after the section (exclusive). */
  end: number;
  /**
   * `heading` (wiki, Markdown, underlined), `numbered` (the writer's numbered topics), `agenda` (a
   * quoted agenda item the text answers), `plain` (a short line over a list), `list` (bullets under
   * "Highlights:"/"Topics:"), `whole` (no topic at all: one section over the text, for its anchor).
   */
  kind: SectionKind;
}

/** An action item. */
export interface ActionItem {
  /** The task, from its verb on where the sentence names an owner. */
  text: string;
  /** A person or a team, never a verb; undefined when nobody is named. */
  owner: string | undefined;
  due: string | undefined;
  /** `done` when the minutes mark it so (`DONE:`); later mail can close it too (meetings.ts). */
  state: 'open' | 'done';
  /** Index into `sections`, or -1 outside any topic. */
  section: number;
  line: number;
}

/** A decision, conclusion or resolution. */
export interface Decision {
  text: string;
  section: number;
  line: number;
}

/** A note marked as such. */
export interface MinutesNote {
  text: string;
  section: number;
  line: number;
}

/** A line where a speaker is reported (`[Carol] Stated that …`, `Dana: …`). */
export interface SpeakerTurn {
  speaker: string;
  section: number;
  line: number;
}

/** What the text says about being a meeting's record, for detection. */
export interface MinutesEvidence {
  /** A phrase reporting that a meeting took place ("notes from today's workgroup", "thanks to all who attended"). */
  reports: string | undefined;
  /** Sentences saying what was discussed ("we discussed", "no discussion"). */
  discussed: number;
  /** Quote blocks of agenda items, each followed by the writer's answer. */
  answered: number;
}

/** The structure of one minutes message. */
export interface Minutes {
  sections: MinutesSection[];
  attendees: string[];
  actions: ActionItem[];
  decisions: Decision[];
  notes: MinutesNote[];
  speakers: SpeakerTurn[];
  evidence: MinutesEvidence;
}

/** Why a message was or was not taken for minutes. */
export interface Detection {
  minutes: boolean;
  score: number;
  reasons: string[];
}

/** Per-list overrides from list.json. */
export interface MinutesOverrides {
  /** Extra subject patterns (regular expressions, case-insensitive). */
  subjects?: string[];
  /** Message-IDs always (true) or never (false) treated as minutes. */
  force?: Record<string, boolean>;
}

/** What the reader of a message knows of its place: the author, the parent, the thread. */
export interface MinutesContext {
  /** The writer's display name: the owner of "I will …". */
  author?: string;
  /** Names of the thread's writers: owners are recognised among them first. */
  names?: readonly string[];
  /** The parent's subject, for a reply. */
  parentSubject?: string;
  /** True when the parent was itself taken for minutes: a reply to minutes discusses them. */
  parentIsMinutes?: boolean;
  /** The thread's first subject, for a reply. */
  threadSubject?: string;
}

/** Own lines (not blank) from the top within which a message reports the meeting it records. */
export const REPORT_WITHIN_LINES = 15;
/** Characters of a text scanned for a meeting report before the text is parsed. */
export const MAX_SCAN_CHARS = 20_000;
/** Words in a quote fragment matched against the minutes. */
export const QUOTE_SHINGLE_WORDS = 5;
/** Words an owner name has at most ("Jandra and Kathy" is three). */
export const MAX_OWNER_WORDS = 5;

const REPLY = /^\s*(?:re|aw|sv|antw|odp|vs)\s*(?:\[\d+\]|\^\d+)?\s*:/i;
const WAS = /\s*[[(]\s*(?:was|previously|formerly)\s*:[^\])]*[\])]?\s*$/i;
const WIKI_HEADING = /^\s*(={1,6})\s*([^=].*?)\s*\1\s*$/;
const MD_HEADING = /^\s{0,3}(#{1,6})\s+(\S.*?)\s*#*\s*$/;
const BOLD_LINE = /^\s{0,3}(?:\*\*|__)([^*_].{0,100}?)(?:\*\*|__)\s*:?\s*$/;
const UNDERLINE = /^\s*(=+|-+)\s*$/;
const ATTRIBUTION = /(?:\bwrote|\bwrites|\ba écrit|\bschrieb|\bskrev|\bescribió)\s*:\s*$/i;
const NOTE = /^\s*(?:[*\-•]+\s*)?(?:\[\s*note\s*\]\s*:?|note\s*:|n\.?b\.?\s*:)\s*(.+)$/i;
const BRACKET_SPEAKER = /^\s*(?:[*\-•]+\s*)?\[([\p{Lu}][\p{L}.'’-]*(?:\s[\p{Lu}][\p{L}.'’-]*)?)\]\s*(.+)$/u;
const COLON_SPEAKER = /^\s*(?:[*\-•]+\s*)?([\p{Lu}][\p{L}.'’-]{1,20}(?:\s[\p{Lu}][\p{L}.'’-]{1,20})?)\s*:\s+(\S.*)$/u;
const BONUS = /^\s*(?:bonus|extra|added|new|additional)\s+(?:item|topic)\s+(\d{1,2})\s*[:.)-]\s*(\S.*)$/i;
const ANSWER_INLINE = /^\s*(?:answer|ans|a)\s*:\s*(\S.*)$/i;
const YES_NO = /^\s*(?:yes|no)\b/i;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DUE = new RegExp(`\\b(?:by|due|before|until)\\s+((?:\\d{4}-\\d{2}-\\d{2})|(?:\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?)|(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}(?:\\s+\\d{4})?)|(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?)|(?:next\\s+\\w+)|(?:end\\s+of\\s+(?:the\\s+)?\\w+)|(?:the\\s+next\\s+(?:\\w+\\s+)?(?:meeting|call|session)(?:\\s+on\\s+\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?)?))`, 'i');
const NOT_VERB = new Set(['everyone', 'everybody', 'someone', 'somebody', 'anyone', 'anybody', 'all', 'us', 'you', 'them', 'him', 'her', 'me', 'who', 'which', 'that']);
const DETERMINER = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'your', 'their', 'its', 'his', 'her', 'my', 'up', 'out', 'in', 'on', 'with', 'to', 'into', 'for', 'back', 'all', 'any', 'some', 'more', 'each', 'both', 'what', 'how', 'which', 'whether', 'if', 'it', 'them']);

// ---------------------------------------------------------------------------------------------
// Topics

interface TopicCandidate {
  line: number;
  level: number;
  title: string;
  kind: SectionKind;
}

interface QuoteBlock {
  start: number;
  end: number;
  /** Top-level agenda items of the block: their first line and title. */
  items: { line: number; title: string }[];
  answered: boolean;
}

const isLabel = (title: string) =>
  LABEL_LINE.test(
    title
      .replace(/^\s*(?:#{1,6}\s+|\*\*|__)|(?:\*\*|__)\s*$/g, '')
      .replace(/\s*\([^)]{0,40}\)\s*$/, '')
      .replace(/[\s:.\-–]+$/, '')
      .replace(/^\s*\(?\d{1,2}[A-Za-z]?(?:[.)]\s*|\s+)/, '')
      .trim(),
  );

/** A heading that only gives the meeting's day ("## 2025-05-13", "Tuesday 6 May"): the meeting, not a topic. */
const isDateOnly = (title: string) =>
  /\d/.test(title) && title.replace(/\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:st|nd|rd|th)\b|[\d\W_]+/gi, '') === '';

/** MeetBot's "(nick, 16:13:30)" after an item: who typed it and when, not part of it. */
const MEETBOT_STAMP = /\s*\([\w.@-]{1,40},\s*\d{1,2}:\d{2}(?::\d{2})?\)\s*$/;

/** Markup headings: wiki `= X =`, Markdown `# X`, a bold line, an underlined title. */
function markupHeadings(own: readonly TextLine[], lines: readonly TextLine[]): TopicCandidate[] {
  const out: TopicCandidate[] = [];
  for (const l of own) {
    const wiki = WIKI_HEADING.exec(l.body);
    const md = MD_HEADING.exec(l.body);
    const bold = BOLD_LINE.exec(l.body);
    const next = lines[l.i + 1];
    if (wiki) out.push({ line: l.i, level: wiki[1]!.length, title: wiki[2]!, kind: 'heading' });
    else if (md && !/^\s*#+[^\s#]/.test(l.body)) out.push({ line: l.i, level: md[1]!.length, title: md[2]!, kind: 'heading' });
    else if (bold && (lines[l.i - 1]?.blank ?? true)) out.push({ line: l.i, level: 2, title: bold[1]!, kind: 'heading' });
    else if (
      next !== undefined && next.depth === 0 && l.body.trim().length >= 3 && UNDERLINE.test(next.body) && next.body.trim().length >= 3 &&
      Math.abs(next.body.trim().length - l.body.trim().length) <= 4 && !UNDERLINE.test(l.body) && !listMarker(l.body)
    ) {
      out.push({ line: l.i, level: next.body.trim().startsWith('=') ? 1 : 2, title: l.body.trim(), kind: 'heading' });
    }
  }
  // A single top heading over deeper ones is the document's title ("# Storage WG, 6 May"), not a topic.
  const top = Math.min(...out.map((h) => h.level));
  const atTop = out.filter((h) => h.level === top);
  if (out.length > 1 && atTop.length === 1 && atTop[0] === out[0]) out.shift();
  return out
    .map((h) => ({ ...h, title: h.title.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/^\s*(?:\(?\d{1,2}[A-Za-z]?[.)]|\d{1,2}\s)\s*/, '').replace(/[*_`]+/g, '').trim() }))
    .filter((h) => !isBanner(h.title) && !isDateOnly(h.title));
}

/** A banner ("=== MEETING ACCESS ON ZOOM ===", "*** DIAL-IN DETAILS ***"): shouting, not a topic. */
function isBanner(title: string): boolean {
  const letters = title.replace(/[^\p{L}]/gu, '');
  return (letters.length >= 8 && letters === letters.toUpperCase() && wordsOf(title).length >= 3) || /\b(?:dial-?in|join(?:ing)? (?:the )?(?:meeting|call)|meeting (?:access|link|info|details))\b/i.test(title);
}

/** The writer's numbered topics: items that each open a paragraph, not a tight list. */
function numberedTopics(own: readonly TextLine[], lines: readonly TextLine[], afterQuotedAgenda: boolean): { topics: TopicCandidate[]; closers: number[] } {
  const topics: TopicCandidate[] = [];
  const closers: number[] = [];
  const numberAt = (i: number) => {
    const l = lines[i];
    return l !== undefined && l.depth === 0 && !l.blank && listMarker(l.body, true)?.kind === 'number';
  };
  for (const l of own) {
    if (l.indent > 1 || l.blank) continue;
    const bonus = BONUS.exec(l.body);
    const marker = bonus ? undefined : listMarker(l.body, true);
    if (!bonus && marker?.kind !== 'number') continue;
    // A tight list (items on consecutive lines) is a list inside a topic, not a list of topics.
    if (!bonus && (numberAt(l.i - 1) || numberAt(l.i + 1))) continue;
    const prev = lines[l.i - 1];
    if (prev !== undefined && !prev.blank && prev.depth === 0 && !isLabel(prev.body.trim())) continue;
    // Items right under "Action items:" or "Next steps:" are that label's items.
    let k = l.i - 1;
    while (k >= 0 && lines[k]!.blank) k--;
    const lead = k >= 0 ? lines[k]! : undefined;
    if (lead && lead.depth === 0 && (ACTION_LABEL.test(lead.body.trim().replace(/:$/, '')) || DECISION_LABEL.test(lead.body.trim().replace(/:$/, '')))) continue;
    let text = bonus ? bonus[2]! : l.body.slice(marker!.textStart);
    // An HTML list rendered as text puts the item's words on the next lines.
    if (text.trim() === '') {
      let j = l.i + 1;
      while (j < lines.length && lines[j]!.blank && j < l.i + 3) j++;
      const first = lines[j];
      if (!first || first.depth !== 0 || first.indent <= l.indent || listMarker(first.body)) continue;
      text = first.body;
    }
    if (!/\p{L}/u.test(text)) continue;
    const title = titleOf([text], true);
    if (isLabel(title)) {
      closers.push(l.i);
      continue;
    }
    topics.push({ line: l.i, level: /\d[A-Za-z]$/.test(marker?.number ?? '') ? 2 : 1, title, kind: 'numbered' });
  }
  if (topics.length < (afterQuotedAgenda ? 1 : 2)) return { topics: [], closers };
  return { topics, closers };
}

/** Short lines standing over a list ("Dump Research" over "1. …"): topics of notes written plainly. */
function plainHeadings(own: readonly TextLine[], lines: readonly TextLine[]): TopicCandidate[] {
  const out: TopicCandidate[] = [];
  for (const l of own) {
    if (l.blank || l.indent > 3 || listMarker(l.body, true) || !(lines[l.i - 1]?.blank ?? true)) continue;
    // The paragraph: this line and at most one more.
    const second = lines[l.i + 1];
    const two = second !== undefined && second.depth === 0 && !second.blank && !listMarker(second.body);
    if (two && !(lines[l.i + 2]?.blank ?? true)) continue;
    const raw = (two ? `${l.body} ${second.body}` : l.body).replace(/<(?:https?|ftp):[^>\s]*>/gi, ' ').replace(/\s+/g, ' ').trim();
    const words = wordsOf(raw);
    if (words.length === 0 || words.length > 10 || /[.,;:!?]$/.test(raw) || !/^[\p{Lu}\p{N}"“]/u.test(raw) || /(?:https?|ftp):\/\//.test(raw)) continue;
    if (isLabel(raw) || isSignOff(raw) || ATTRIBUTION.test(raw) || ATTENDEES_LABEL.test(raw) || /^(?:hi|hello|dear|hey)\b/i.test(raw)) continue;
    let j = l.i + (two ? 2 : 1);
    if (lines[j]?.blank) j++;
    const next = lines[j];
    if (!next || next.depth !== 0 || !listMarker(next.body)) continue;
    out.push({ line: l.i, level: 1, title: raw, kind: 'plain' });
  }
  return out;
}

/** Bullets under "Highlights:" or "Topics discussed:" that read as titles, not sentences. */
function listedTopics(own: readonly TextLine[], lines: readonly TextLine[]): TopicCandidate[] {
  const out: TopicCandidate[] = [];
  for (const l of own) {
    if (!TOPIC_LIST_LABEL.test(l.body.trim().replace(/^(?:\*\*|__|#{1,6}\s+)|(?:\*\*|__)$/g, '').replace(/:$/, ''))) continue;
    let top = -1;
    for (let j = l.i + 1; j < lines.length; j++) {
      const item = lines[j]!;
      if (item.depth !== 0 || item.after) break;
      if (item.blank || (UNDERLINE.test(item.body) && j === l.i + 1)) {
        if (out.length === 0) continue;
        break;
      }
      const m = listMarker(item.body);
      if (!m) break;
      // Sub-items are the notes of their topic.
      if (top < 0) top = item.indent;
      if (item.indent > top) continue;
      const text = item.body.slice(m.textStart).replace(MEETBOT_STAMP, '').replace(/^\[[^\]]{1,40}\]\s*/, '').trim();
      const first = wordsOf(text)[0] ?? '';
      if (wordsOf(text).length > 14 || /^(?:we|i|they|it|there|he|she|you)$/.test(first) || /ed$/.test(first)) return [];
      out.push({ line: j, level: 1, title: titleOf([text]), kind: 'list' });
    }
    if (out.length > 0) break;
  }
  return out;
}

/**
 * Quote blocks of a reply, each with the top-level agenda items it quotes and whether the writer
 * answers it (own words, not a sign-off, before the next quote).
 */
function quoteBlocks(lines: readonly TextLine[]): QuoteBlock[] {
  const blocks: QuoteBlock[] = [];
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.depth === 0 || lines[i]!.after) {
      i++;
      continue;
    }
    const start = i;
    while (i < lines.length && lines[i]!.depth > 0) i++;
    const end = i;
    const markers = lines.slice(start, end).flatMap((l) => {
      const m = listMarker(l.body);
      return m ? [{ l, m }] : [];
    });
    const top = Math.min(...markers.map((x) => x.l.indent));
    const topKind = markers.find((x) => x.l.indent === top)?.m.kind;
    const items: QuoteBlock['items'] = [];
    for (const { l, m } of markers) {
      // Sub-items (deeper, or bullets under numbered items) belong to their item.
      if (m.kind !== topKind || l.indent > top + (m.kind === 'number' ? 1 : 0)) continue;
      const parts = [l.body.slice(m.textStart)];
      for (let j = l.i + 1; j < end; j++) {
        const c = lines[j]!;
        if (c.blank) {
          // "1." alone, then its words after a blank line (an HTML list as text).
          if (parts.join('').trim() === '') continue;
          break;
        }
        if (listMarker(c.body)) break;
        parts.push(c.body);
      }
      const text = parts.join('\n').trim();
      // "- Jose" under the quoted agenda is its writer's sign-off, not an item.
      if (!/^[\p{L}\p{N}("“'‘]/u.test(text) || (m.kind === 'bullet' && wordsOf(text).length === 1 && isSignOff(`- ${text}`))) continue;
      items.push({ line: l.i, title: titleOf(parts.map((p) => p.trim()).filter((p) => p !== '')) });
    }
    let answered = false;
    for (let j = end; j < lines.length && lines[j]!.depth === 0 && !lines[j]!.after; j++) {
      const b = lines[j]!.body;
      if (lines[j]!.blank || isSignOff(b) || ATTRIBUTION.test(b)) continue;
      answered = true;
      break;
    }
    blocks.push({ start, end, items, answered });
  }
  return blocks;
}

const slugUse = (title: string, used: Set<string>): string => {
  const base = `s-${title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'section'}`;
  let anchor = base;
  for (let k = 2; used.has(anchor); k++) anchor = `${base}-${k}`;
  used.add(anchor);
  return anchor;
};

const overlap = (a: string, b: string): number => {
  const x = wordsOf(a);
  const y = new Set(wordsOf(b));
  if (x.length === 0 || y.size === 0) return 0;
  return x.filter((w) => y.has(w)).length / Math.max(x.length, y.size);
};

// ---------------------------------------------------------------------------------------------
// Items

interface Unit {
  /** Lines of the unit, first to last. */
  lines: number[];
  /** Offsets of each line's text in `text`. */
  offsets: number[];
  text: string;
  list: boolean;
}

/** Whether a capitalised phrase can name who does a task: a person or a team, never a verb or a pronoun. */
function ownerName(raw: string, known: ReadonlySet<string>): string | undefined {
  const name = raw.trim().replace(/^@/, '').replace(/\s+/g, ' ');
  const people = name.split(/\s*(?:,|&|\band\b)\s*/).filter(Boolean);
  if (people.length === 0 || wordsOf(name).length > MAX_OWNER_WORDS) return undefined;
  for (const p of people) {
    const words = p.split(' ');
    const first = words[0]!.toLowerCase();
    if (known.has(first) || known.has(p.toLowerCase())) continue;
    if (NOT_OWNER.has(first) || TASK_VERBS.has(first) || words.length > 3) return undefined;
    // OpenBMC, BMCWeb: product names, not people (an all-capitals team such as IBM is one).
    if (words.some((w) => /^\p{Lu}.*\p{Ll}.*\p{Lu}/u.test(w) || /^\p{Ll}/u.test(w))) return undefined;
  }
  return name;
}

const OWNER_AT_START = /^(?:(?:then|so|and|also|finally|meanwhile|in particular)\s*,?\s+)?(@?[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,2}(?:\s*(?:,|&|\band\b)\s*[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?)*)(?:\s+\([^)]{1,40}\))?(?=\s)/u;

/** Whether an -ing form is that of a task verb (working, creating, planning). */
function isTaskVerbIng(word: string): boolean {
  const stem = word.slice(0, -3);
  return TASK_VERBS.has(stem) || TASK_VERBS.has(`${stem}e`) || (stem.length > 2 && stem.at(-1) === stem.at(-2) && TASK_VERBS.has(stem.slice(0, -1)));
}

/** The task of a clause that starts with an owner: `Kathy is going to check …` → Kathy, "check …". */
function ownedTask(clause: string, known: ReadonlySet<string>, author: string | undefined): { owner: string | undefined; text: string } | undefined {
  const i = /^(?:(?:[Tt]hen|[Ss]o|[Aa]nd|[Aa]lso|[Ff]inally)\s+)?I(?:\s+\([^)]{1,40}\))?(?:'ll|’ll|\s+will|\s+am going to|\s+plan to|\s+intend to|\s+volunteered to|\s+agreed to|\s+offered to)\s+(\p{Ll}[\p{L}'’-]*\b.*)$/u.exec(clause);
  if (i) return { owner: author, text: i[1]! };
  const m = OWNER_AT_START.exec(clause);
  if (!m) return undefined;
  const rest = clause.slice(m[0].length);
  // Work under way: "IBM is working on a prototype", "Jandra and Kathy are creating mockups".
  const ongoing = /^\s+(?:is|are)\s+(?:currently\s+|still\s+|now\s+|also\s+|actively\s+)?(\p{Ll}+ing)\b/u.exec(rest);
  if (ongoing && isTaskVerbIng(ongoing[1]!)) {
    const owner = ownerName(m[1]!, known);
    return owner ? { owner, text: rest.slice(ongoing[0].length - ongoing[1]!.length) } : undefined;
  }
  const link = OWNER_LINK.exec(rest);
  if (!link) return undefined;
  const task = rest.slice(link[0].length);
  const verb = /^(\p{Ll}[\p{L}'’-]*)/u.exec(task)?.[1];
  if (!verb || DETERMINER.has(verb) || NOT_VERB.has(verb) || !/[a-z]/.test(verb)) return undefined;
  // "Carol to collect …" names a task; "Thanks to everyone", "Link to wiki" do not: after a name
  // nobody in the thread bears, "to" must lead to a task verb.
  if (link[1]!.toLowerCase() === 'to' && !TASK_VERBS.has(verb) && !wordsOf(m[1]!).some((w) => known.has(w))) return undefined;
  const owner = ownerName(m[1]!, known);
  if (!owner) return undefined;
  return { owner, text: task };
}

/** A task with the owner named in a marker's rest (`Joseph to push …`, `Alice write up …`, `Bob: measure …`). */
function markedTask(rest: string, known: ReadonlySet<string>, author: string | undefined): { owner: string | undefined; text: string } {
  const owned = ownedTask(rest, known, author);
  if (owned) return owned;
  // "@omar to move …", and IRC nicks in lower case where the item is marked as an action ("omar to tag …").
  const handle = /^(@[\p{L}\d._-]+|[\p{Ll}\d._-]{2,24})[:,]?\s+(?:to|will|should|shall|can)\s+(?!be\b|have\b)(\p{Ll}[\p{L}'’-]*\b.*)$/u.exec(rest);
  if (handle && (handle[1]!.startsWith('@') || (!NOT_OWNER.has(handle[1]!) && !TASK_VERBS.has(handle[1]!) && !DETERMINER.has(handle[1]!)))) {
    return { owner: handle[1]!.replace(/^@/, ''), text: handle[2]! };
  }
  const colon = /^(@[\p{L}\d._-]+|[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?)\s*[:–-]\s+(\S.*)$/u.exec(rest);
  if (colon) {
    // "@omar: …" names a person by handle.
    const owner = colon[1]!.startsWith('@') ? colon[1]!.slice(1) : ownerName(colon[1]!, known);
    if (owner) return { owner, text: colon[2]! };
  }
  // `Alice write up …`: a name straight before a verb, in items marked as actions.
  const bare = /^(@?[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?)\s+(\p{Ll}[\p{L}'’-]*)\b/u.exec(rest);
  if (bare && !DETERMINER.has(bare[2]!) && !NOT_VERB.has(bare[2]!) && (TASK_VERBS.has(bare[2]!) || /(?:ed|es|s)$/.test(bare[2]!))) {
    const owner = ownerName(bare[1]!, known);
    if (owner) return { owner, text: rest.slice(bare[1]!.length).trim() };
  }
  const trailing = /\(([\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?(?:\s*(?:,|&|and)\s*[\p{Lu}][\p{L}'’.-]*)*)\)\s*\.?$/u.exec(rest);
  if (trailing) {
    const owner = ownerName(trailing[1]!, known);
    if (owner) return { owner, text: rest.slice(0, trailing.index).trim() };
  }
  const please = /^please\s+(\S.*)$/i.exec(rest);
  return { owner: undefined, text: please ? please[1]! : rest };
}

const cleanTask = (text: string) =>
  text
    .replace(MEETBOT_STAMP, '')
    .replace(/\s+TODO\b\.?/g, '')
    .replace(/\s*[:\-–]\s+<?(?:https?|ftp):\/\/\S+>?\s*\.?$/i, '')
    .replace(/[\s.:;,]+$/, '')
    .trim();

/** Clause starts in a sentence: its beginning and after `,` `;` `:` `and`. */
function clauseStarts(sentence: string): number[] {
  const out = [0];
  for (const m of sentence.matchAll(/(?:[;:]\s+|,\s+(?:and\s+|but\s+|so\s+)?|\s+and\s+|\s+but\s+)/g)) out.push(m.index + m[0].length);
  return out;
}

/** Actions a plain sentence states, without a marker. */
function sentenceActions(sentence: string, inList: boolean, known: ReadonlySet<string>, author: string | undefined): { owner: string | undefined; text: string }[] {
  const s = sentence.trim();
  // A question is no task, except a request: "Will someone please check the labels?"
  if (s.endsWith('?')) {
    const request = /\b(?:[Ww]ill|[Cc]an|[Cc]ould|[Ww]ould)\s+(?:someone|somebody|anyone|anybody|you)\s+(?:please\s+)?(\p{Ll}.*?)\??$/u.exec(s);
    return request ? [{ owner: undefined, text: request[1]! }] : [];
  }
  const found: { owner: string | undefined; text: string }[] = [];
  const starts = clauseStarts(s);
  // "Jandra and Kathy are creating …" is one task: a clause inside an owner found already is skipped.
  let covered = -1;
  for (const at of starts) {
    if (at <= covered) continue;
    const clause = s.slice(at);
    const owned = ownedTask(clause, known, author);
    if (owned) {
      found.push(owned);
      covered = s.length - owned.text.length;
      continue;
    }
    // "… and is going to check with …": the sentence's subject owns the task.
    if (at > 0) {
      const link = /^(?:is|are)\s+(?:going|planning)\s+to\s+(\p{Ll}.*)$|^will\s+(\p{Ll}.*)$/u.exec(clause);
      const subject = OWNER_AT_START.exec(s);
      if (link && subject) {
        const owner = ownerName(subject[1]!, known);
        if (owner) found.push({ owner, text: (link[1] ?? link[2])! });
      }
    }
  }
  if (found.length > 0) return found;
  const patterns: RegExp[] = [
    /\b(?:[Ww]ill|[Cc]an|[Cc]ould|[Ww]ould)\s+(?:someone|somebody|anyone|anybody)\s+(?:please\s+)?(\p{Ll}.*)$/u,
    /\bneeds?\s+(?:someone|somebody|a\s+volunteer)\s+to\s+(\p{Ll}.*)$/u,
    /^(?:we\s+)?(?:will\s+|would\s+)?(?:still\s+)?need\s+to\s+(\p{Ll}.*)$/iu,
    /[;,]\s+(?:we\s+)?(?:will\s+)?need\s+to\s+(\p{Ll}.*)$/u,
    /\bnext\s+steps?\s+(?:is|are|will\s+be)\s*(?:to\s*)?(\p{Ll}.*)$/iu,
    /\baction\s+items?\s+(?:was|were|is|are)\s+to\s+(\p{Ll}.*)$/iu,
    /^please\s+(?!feel\s+free|let\s+(?:me|us)\s+know|see\b|find\b|note\b|join\b|check\s+your|update\s+your\s+calendar|reply\b|welcome\b|accept\b|forgive\b|excuse\b|ignore\b)(\p{Ll}.*)$/iu,
    /\b(?:^|we\s+|everyone\s+|all\s+)agreed\s+to\s+(\p{Ll}.*)$/iu,
  ];
  for (const p of patterns) {
    const m = p.exec(s);
    if (m) return [{ owner: undefined, text: m[1]! }];
  }
  // An instruction in the notes' prose: "Use the email thread for discussion."
  if (!inList) {
    const imperative = /^([\p{Lu}][\p{Ll}-]+)\s+([\p{L}']+)/u.exec(s);
    if (imperative && TASK_VERBS.has(imperative[1]!.toLowerCase()) && DETERMINER.has(imperative[2]!.toLowerCase())) return [{ owner: undefined, text: s }];
  }
  return [];
}

/** The clause of a decision: from the last clause break before its words. */
function decisionText(sentence: string, at: number): string {
  let start = 0;
  for (const m of sentence.slice(0, at).matchAll(/;\s+/g)) start = m.index + m[0].length;
  return sentence.slice(start).replace(/^(?:and|so|but)\s+/i, '').trim();
}

function sentenceDecision(sentence: string): string | undefined {
  const s = sentence.trim();
  if (s.endsWith('?') || NOT_DECIDED.test(s)) return undefined;
  for (const p of DECISION_PHRASES) {
    const m = p.exec(s);
    if (m) return decisionText(s, m.index);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/**
 * Read the structure of minutes: topics (headings, the writer's numbered topics, short lines over
 * lists, the quoted agenda items the text answers, bullets under "Highlights:"), attendees, speaker
 * lines, action items with owner and due date, decisions and notes. Label lines ("Next steps:",
 * "DISCUSSION:") are parts of a topic, attribution lines and banners never topics. The text itself
 * is not changed: everything refers to line numbers of `splitLines(text)`.
 *
 * @param text the message's plain text
 * @param context the author and thread names, for owners
 */
export function parseMinutes(text: string, context: MinutesContext = {}): Minutes {
  const lines = readLines(text);
  const own = lines.filter((l) => l.depth === 0 && !l.after);
  const known = new Set<string>();
  for (const n of [...(context.names ?? []), context.author ?? '']) {
    for (const w of wordsOf(n)) if (w.length > 1 && !NOT_OWNER.has(w) && !TASK_VERBS.has(w)) known.add(w);
  }

  // Topics, from the strongest sign to the weakest.
  const blocks = quoteBlocks(lines);
  const answeredItems = blocks.filter((b) => b.answered && b.items.length > 0);
  const quoted = answeredItems.length >= 2 ? answeredItems.flatMap((b) => b.items.map((it) => ({ line: it.line, level: 1, title: it.title, kind: 'agenda' as const }))) : [];
  // The whole agenda quoted first, then each item again with its answer: the item is one topic, where it is answered.
  const agenda = quoted.filter((t, k) => !quoted.slice(k + 1).some((later) => overlap(t.title, later.title) > 0.8));
  const markup = markupHeadings(own, lines);
  const closers: number[] = markup.filter((h) => isLabel(h.title)).map((h) => h.line);
  let topics: TopicCandidate[] = markup.filter((h) => !isLabel(h.title));
  if (topics.length < 2) {
    const numbered = numberedTopics(own, lines, agenda.length > 0);
    closers.push(...numbered.closers);
    topics.push(...numbered.topics);
    // The writer's numbered topic repeats the quoted agenda item it answers: keep the writer's line.
    topics.push(...agenda.filter((a) => !numbered.topics.some((t) => overlap(a.title, t.title) > 0.5)));
  }
  if (markup.length === 0 && topics.length === 0) topics.push(...plainHeadings(own, lines));
  if (topics.length === 0) topics.push(...listedTopics(own, lines));
  topics = topics.filter((t) => t.title !== '').sort((a, b) => a.line - b.line);

  const used = new Set<string>();
  const bounds = [...topics.map((t) => t.line), ...closers].sort((a, b) => a - b);
  const sections: MinutesSection[] = topics.map((t) => ({
    title: t.title.replace(/\s+/g, ' ').slice(0, 200),
    level: t.level,
    anchor: slugUse(t.title, used),
    line: t.line,
    end: bounds.find((b) => b > t.line) ?? lines.length,
    kind: t.kind,
  }));
  const sectionAt = (line: number): number => {
    let found = -1;
    for (let k = 0; k < sections.length && sections[k]!.line <= line; k++) found = k;
    return found >= 0 && line < sections[found]!.end ? found : -1;
  };
  const topicLines = new Set([...sections.map((s) => s.line), ...closers]);
  const headingLines = new Set(sections.map((s) => s.line));

  const minutes: Minutes = { sections, attendees: [], actions: [], decisions: [], notes: [], speakers: [], evidence: { reports: undefined, discussed: 0, answered: answeredItems.length } };
  // The report opens the message ("Notes from today's workgroup", "Thanks to all who attended");
  // deep in a long reply it points at some other meeting ("here are the notes from that session").
  const ownText = own.filter((l) => !l.blank).slice(0, REPORT_WITHIN_LINES).map((l) => l.body).join('\n');
  for (const p of REPORTS_MEETING) {
    const m = p.exec(ownText.replace(/\s+/g, ' '));
    if (m) {
      minutes.evidence.reports = m[0];
      break;
    }
  }

  // Attendees, then units (list items and paragraphs) read for items.
  const consumed = new Set<number>();
  for (const l of own) {
    if (ABSENT_LABEL.test(l.body)) {
      for (let j = l.i; j < lines.length && !lines[j]!.blank; j++) consumed.add(j);
      continue;
    }
    const a = ATTENDEES_LABEL.exec(l.body);
    if (!a || headingLines.has(l.i) || listMarker(l.body)?.kind === 'number') continue;
    consumed.add(l.i);
    const names: string[] = [];
    const inline = (a[1] ?? '').trim();
    if (NO_ATTENDANCE.test(inline)) continue;
    if (inline) names.push(inline);
    for (let j = l.i + 1; j < lines.length && j < l.i + 60; j++) {
      const c = lines[j]!;
      if (c.depth !== 0 || c.after) break;
      if (c.blank) {
        if (names.length === 0 && j === l.i + 1) continue;
        break;
      }
      if (topicLines.has(j) || isLabel(c.body.trim()) || ATTENDEES_LABEL.test(c.body) || ABSENT_LABEL.test(c.body)) break;
      if (/:\s*$/.test(c.body) && !listMarker(c.body)) break;
      consumed.add(j);
      names.push(listMarker(c.body) ? c.body.slice(listMarker(c.body)!.textStart) : c.body);
    }
    const joined = names.join(', ');
    if (NO_ATTENDANCE.test(joined)) continue;
    for (const n of joined.split(/[,;\n]|\s+and\s+|\s{3,}/)) {
      const name = n.replace(/\([^)]*\)|<[^>]*>|\[[^\]]*\]|\S+@\S+/g, ' ').replace(/^[\s*\-•\d.)]+|[\s.;:]+$/g, '').replace(/\s+/g, ' ').trim();
      const words = name.split(' ');
      // A person ("Zoë Müller", "Anne van der Berg") or a screen name ("jdoe42"); not a piece of a sentence.
      const person = words.every((w) => /^[\p{Lu}]/u.test(w) || /^(?:van|von|der|den|de|da|di|du|del|la|le|bin|al|y|zu|ter|ten)$/.test(w));
      const screen = words.length === 1 && /^[\p{L}\d._-]+$/u.test(name);
      if (name.length < 2 || words.length > 5 || /[:!?]/.test(name) || (!person && !screen) || /^(?:and|the|all|everyone|none|n\/a)$/i.test(name)) continue;
      if (!minutes.attendees.includes(name)) minutes.attendees.push(name);
    }
  }
  for (const a of minutes.attendees) for (const w of wordsOf(a)) if (w.length > 1) known.add(w);

  const units: Unit[] = [];
  const startsUnit = (l: TextLine) =>
    listMarker(l.body) !== undefined || ACTION_MARKER.test(l.body.trim()) || TODO_OWNER.test(l.body.trim()) || DECISION_MARKER.test(l.body.trim()) ||
    DONE_MARKER.test(l.body.trim()) || NOTE.test(l.body) || BRACKET_SPEAKER.test(l.body) || COLON_SPEAKER.test(l.body) || ANSWER_INLINE.test(l.body) || isLabel(l.body.trim());
  let current: Unit | undefined;
  // A bullet alone on its line, its words below (an HTML list as text): the words are a list item.
  let loneMarker = false;
  for (const l of own) {
    if (l.blank || headingLines.has(l.i) || consumed.has(l.i) || ATTRIBUTION.test(l.body)) {
      current = undefined;
      continue;
    }
    const m = listMarker(l.body);
    if (/^\s*(?:[*\-•+‣◦]|\(?\d{1,2}[A-Za-z]?[.)])\s*$/.test(l.body)) {
      loneMarker = true;
      current = undefined;
      continue;
    }
    // One item per line: a short line that ends without a stop, then a capital, is not a wrapped sentence.
    const prev = lines[l.i - 1];
    const itemPerLine = prev !== undefined && prev.body.trim().length < 55 && !/[,;]$/.test(prev.body.trim()) && /^\s*[\p{Lu}\[@]/u.test(l.body);
    if (!current || startsUnit(l) || prev?.depth !== 0 || itemPerLine) {
      current = { lines: [], offsets: [], text: '', list: m !== undefined || loneMarker };
      units.push(current);
      loneMarker = false;
    }
    current.offsets.push(current.text.length + (current.text ? 1 : 0));
    current.text += (current.text ? ' ' : '') + l.body.trim();
    current.lines.push(l.i);
  }
  const lineOf = (u: Unit, offset: number) => {
    let k = 0;
    while (k + 1 < u.offsets.length && u.offsets[k + 1]! <= offset) k++;
    return u.lines[k]!;
  };

  const author = context.author;
  let labelled: 'action' | 'decision' | undefined;
  let labelList = false;
  let lastUnitLine = -1;
  for (const u of units) {
    const first = u.lines[0]!;
    // A label's items end at a topic, or at a paragraph after a blank line once its list has begun.
    if (labelled && (sections.some((x) => x.line > lastUnitLine && x.line < first) || (!u.list && lines[first - 1]?.blank && labelList))) labelled = undefined;
    lastUnitLine = u.lines[u.lines.length - 1]!;
    const section = sectionAt(first);
    const marker = listMarker(u.text);
    const body = marker ? u.text.slice(marker.textStart).trim() : u.text;
    const at = u.text.length - body.length;
    const push = (kind: 'action' | 'decision', raw: string, offset: number, owner?: string, state: 'open' | 'done' = 'open') => {
      // A decision is quoted as written; a task loses its closing full stop (it reads as an item).
      const text = kind === 'decision' ? raw.replace(MEETBOT_STAMP, '').replace(/[\s:;,]+$/, '').trim() : cleanTask(raw);
      if (!/\p{L}/u.test(text)) return;
      const line = lineOf(u, offset);
      if (kind === 'decision') minutes.decisions.push({ text, section, line });
      // The same task listed again (MeetBot's "Action Items" repeats the ACTION lines) is one task.
      else if (!minutes.actions.some((a) => a.text === text && a.owner === owner)) minutes.actions.push({ text, owner, due: DUE.exec(text)?.[1], state, section, line });
    };
    const label = body.replace(/^\s*(?:#{1,6}\s+|=+\s*)/, '').replace(/\s*=+\s*$/, '').replace(/^(?:\*\*|__)|(?:\*\*|__)$/g, '').replace(/:$/, '').trim();
    if (isLabel(label) && !/:\s*\S/.test(body)) {
      labelled = ACTION_LABEL.test(label) ? 'action' : DECISION_LABEL.test(label) ? 'decision' : undefined;
      labelList = false;
      continue;
    }
    const note = NOTE.exec(u.text);
    if (note) {
      minutes.notes.push({ text: note[1]!.trim(), section, line: first });
      continue;
    }
    if (labelled !== undefined && u.list) {
      labelList = true;
      if (isSignOff(u.text)) continue;
      if (labelled === 'decision') push('decision', body, at);
      else {
        const t = markedTask(body, known, author);
        push('action', t.text, at, t.owner);
      }
      continue;
    }
    const marked = [ACTION_MARKER, TODO_OWNER, DONE_MARKER, DECISION_MARKER, ANSWER_INLINE].some((r) => r.test(body));
    const speaker = marked ? null : (BRACKET_SPEAKER.exec(u.text) ?? COLON_SPEAKER.exec(u.text));
    if (speaker && !isLabel(speaker[1]!) && !ACTION_MARKER.test(`${speaker[1]}:`) && !DECISION_MARKER.test(`${speaker[1]}:`) && !/^(?:answer|question|discussion|note|subject|date|from|to|cc|re|http|https|bonus)$/i.test(speaker[1]!)) {
      minutes.speakers.push({ speaker: speaker[1]!, section, line: first });
      continue;
    }
    // A yes/no answer opening the text under a topic that asks a question is what the meeting concluded.
    const topic = section >= 0 ? sections[section] : undefined;
    const firstUnderTopic = topic !== undefined && topic.title.endsWith('?') && !units.some((o) => o !== u && o.lines[0]! > topic.line && o.lines[0]! < first);
    if (firstUnderTopic && YES_NO.test(body)) {
      const sentences = sentencesOf(body);
      const shortFirst = sentences.length > 1 && wordsOf(sentences[0]!.text).length <= 2;
      push('decision', shortFirst ? `${sentences[0]!.text} ${sentences[1]!.text}` : (sentences[0]?.text ?? body), at);
      continue;
    }
    if (DISCUSSED.test(body)) minutes.evidence.discussed++;
    const sentences = sentencesOf(body);
    for (const [index, sentence] of sentences.entries()) {
      const offset = at + sentence.start;
      const s = sentence.text;
      // "Check the labels. TODO": a TODO standing alone marks the sentence before it.
      if (/^TODO\b[:.!]?$/.test(s)) {
        const before = sentences[index - 1];
        if (before && !minutes.actions.some((a) => a.line === lineOf(u, at + before.start) && before.text.includes(a.text))) push('action', before.text, at + before.start);
        continue;
      }
      const done = DONE_MARKER.exec(s);
      const todoOwner = TODO_OWNER.exec(s);
      const action = ACTION_MARKER.exec(s);
      if (done || todoOwner || action) {
        const rest = s.slice((done ?? todoOwner ?? action)![0].length).trim();
        const explicit = todoOwner?.[1] ?? action?.[1] ?? action?.[2] ?? action?.[3];
        // An owner written in the marker (`AI (Erik):`, `TODO(zoe)`) is trusted as written.
        const t = explicit !== undefined ? { owner: ownerName(explicit, known) ?? explicit.trim().replace(/^@/, ''), text: rest } : markedTask(rest, known, author);
        push('action', t.text, offset, t.owner, done ? 'done' : 'open');
        continue;
      }
      const decision = DECISION_MARKER.exec(s);
      if (decision) {
        push('decision', s.slice(decision[0].length), offset);
        continue;
      }
      const answer = ANSWER_INLINE.exec(s);
      const plain = (answer ? answer[1]! : s).replace(/(?:^|\s)TODO\b[:.]?/g, ' ').trim();
      const todo = plain !== (answer ? answer[1]! : s).trim();
      const actions = sentenceActions(plain, u.list, known, author);
      for (const a of actions) push('action', a.text, offset, a.owner);
      if (todo && actions.length === 0) push('action', plain, offset);
      const d = sentenceDecision(plain);
      if (d) push('decision', d, offset);
      // "ANSWER: Yes, and SPDM is new.": an answer given on the spot is the meeting's conclusion.
      else if (answer && index === 0 && actions.length === 0 && !todo) push('decision', plain, offset);
    }
    if (/\b(?:next\s+steps?|action\s+items?|todos?|to-?dos?)\s*:\s*$/i.test(body)) {
      labelled = 'action';
      labelList = false;
    }
  }
  return minutes;
}

/**
 * The structure of a message taken for minutes: `parseMinutes`, and when the minutes name no topic,
 * one section over the whole text (kind `whole`), so that the page still has an anchor and replies
 * can still be matched to it.
 *
 * @param text the minutes' plain text
 * @param title the title for a whole-text section (the subject)
 * @param context the author and thread names, for owners
 */
export function structureMinutes(text: string, title: string, context: MinutesContext = {}): Minutes {
  return withWholeSection(parseMinutes(text, context), text, title);
}

/**
 * Give minutes without topics the one whole-text section (see `structureMinutes`).
 *
 * @param minutes the structure read by `parseMinutes`
 * @param text the minutes' plain text
 * @param title the title for the section (the subject)
 */
export function withWholeSection(minutes: Minutes, text: string, title: string): Minutes {
  if (minutes.sections.length > 0) return minutes;
  const lines = splitLines(text);
  const first = Math.max(0, lines.findIndex((l) => l.trim() !== '' && !/^\s*>/.test(l)));
  minutes.sections.push({ title: title.replace(/^\s*(?:(?:re|aw|sv|fwd?)\s*:\s*)+/i, '') || 'Minutes', level: 1, anchor: 's-minutes', line: first, end: lines.length, kind: 'whole' });
  // Items read before the section existed belonged to no section; now they belong to this one.
  for (const list of [minutes.actions, minutes.decisions, minutes.notes, minutes.speakers]) for (const item of list) item.section = 0;
  return minutes;
}

/**
 * A subject without reply prefixes and without a trailing `[was: …]` (a topic split off from
 * another thread keeps the old subject there; it is not this message's subject).
 *
 * @param subject the decoded subject
 */
export function ownSubject(subject: string): { subject: string; split: boolean } {
  let s = subject;
  const split = WAS.test(s);
  s = s.replace(WAS, '');
  for (let k = 0; k < 8 && /^\s*(?:(?:re|aw|sv|antw|odp|vs|fwd?|wg|tr)\s*(?:\[\d+\])?\s*:|\[[^\]]{1,40}\])\s*/i.test(s); k++) {
    s = s.replace(/^\s*(?:(?:re|aw|sv|antw|odp|vs|fwd?|wg|tr)\s*(?:\[\d+\])?\s*:|\[[^\]]{1,40}\])\s*/i, '');
  }
  return { subject: s.trim(), split };
}

/** What a subject says of minutes: the record word it holds, if any, and whether it names a meeting. */
export function subjectSays(subject: string): { record: string | undefined; meeting: string | undefined; notHeld: string | undefined } {
  const s = ownSubject(subject).subject;
  const meeting = MEETING_NOUN.exec(s)?.[0];
  let record: string | undefined;
  const strong = STRONG_RECORD.exec(s);
  if (strong && !(strong[0].toLowerCase() === 'minutes' && MINUTES_AS_TIME.test(s))) record = strong[0];
  else if (meeting) {
    const weak = RECORD_WORDS.exec(s);
    if (weak) record = weak[0];
  }
  return { record, meeting, notHeld: NOT_HELD.exec(s)?.[0] };
}

/**
 * Decide whether a message is minutes, and say why. The subject helps ("… minutes", "… meeting -
 * results") but the text decides: a report of a meeting that took place ("notes from today's
 * workgroup", "thanks to all who attended") with something recorded (topics answered, decisions,
 * actions, attendees, what was discussed). A reply to minutes discusses them; a reply to an agenda
 * that reports the meeting is its minutes.
 *
 * @param messageId the message's Message-ID (for overrides)
 * @param subject its subject
 * @param text its plain text
 * @param overrides per-list settings
 * @param context the parent, the thread and the author
 */
export function detectMinutes(messageId: string, subject: string, text: string, overrides: MinutesOverrides = {}, context: MinutesContext = {}): Detection {
  const forced = overrides.force?.[messageId];
  if (forced !== undefined) return { minutes: forced, score: forced ? 100 : 0, reasons: [`forced ${forced ? 'on' : 'off'} in list.json`] };
  return detectParsed(subject, parseMinutes(text, context), overrides, context);
}

/**
 * The record word a reply's subject adds to its parent's ("Re: Docs team - 4 June - results" under
 * "Docs team - 4 June"): the reply posts the record of what the parent announced.
 *
 * @param subject the reply's subject
 * @param parentSubject the parent's subject
 */
export function addedRecord(subject: string, parentSubject: string | undefined): string | undefined {
  if (parentSubject === undefined || !REPLY.test(subject) || subjectSays(parentSubject).record !== undefined) return undefined;
  const own = ownSubject(subject).subject;
  const parentBase = ownSubject(parentSubject).subject.toLowerCase();
  if (parentBase.length === 0 || !own.toLowerCase().startsWith(parentBase)) return undefined;
  return RECORD_WORDS.exec(own.slice(parentBase.length))?.[0];
}

/**
 * Whether a message can be minutes at all, before its text is parsed: its subject (or its
 * thread's) names a meeting or a record, a list.json pattern matches, or the text reports a
 * meeting. Most mail of an ordinary list stops here.
 *
 * @param subject the message's subject
 * @param text its plain text
 * @param overrides per-list settings
 * @param context the parent and the thread
 */
export function mayBeMinutes(subject: string, text: string, overrides: MinutesOverrides, context: MinutesContext): boolean {
  if (addedRecord(subject, context.parentSubject) !== undefined) return true;
  for (const s of [subject, context.parentSubject, context.threadSubject]) {
    if (s === undefined) continue;
    const says = subjectSays(s);
    if (says.record !== undefined || says.meeting !== undefined) return true;
    if ((overrides.subjects ?? []).some((p) => new RegExp(p, 'i').test(ownSubject(s).subject))) return true;
  }
  const flat = (text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text).replace(/\s+/g, ' ');
  // Every phrase holds one of these words: a cheap test first, the phrases only when one is there.
  if (!/\b(?:notes|minutes|highlights|summary|recap|results|outcomes?|readout|report|attended|attending|came|joined|participated|held|met|spent)\b/i.test(flat)) return false;
  return REPORTS_MEETING.some((p) => p.test(flat));
}

/**
 * `detectMinutes` on a structure already read (the finder reads each text once).
 *
 * @param subject the message's subject
 * @param m its structure from `parseMinutes`
 * @param overrides per-list settings
 * @param context the parent, the thread and the author
 */
export function detectParsed(subject: string, m: Minutes, overrides: MinutesOverrides, context: MinutesContext): Detection {
  const reasons: string[] = [];
  const { subject: own, split } = ownSubject(subject);
  const says = subjectSays(own);
  const reply = REPLY.test(subject);
  // A reply's subject speaks for it only when it adds the record words its parent did not have.
  const parentSays = context.parentSubject !== undefined ? subjectSays(context.parentSubject) : undefined;
  let record = says.record !== undefined && !(reply && parentSays?.record !== undefined) ? says.record : undefined;
  if (record === undefined && reply) record = addedRecord(subject, context.parentSubject);
  if (context.parentIsMinutes && !(record !== undefined && m.evidence.reports !== undefined)) return { minutes: false, score: 0, reasons: ['a reply to minutes: it discusses them'] };
  if (says.notHeld && record === undefined) return { minutes: false, score: 0, reasons: [`the subject announces a meeting to come or not held ("${says.notHeld}")`] };
  if (split) reasons.push('a topic split off another thread ("was: …"): its old subject is not read');

  const topics = m.sections.filter((s) => s.kind !== 'whole').length;
  const items = m.actions.length + m.decisions.length;
  const kinds: string[] = [];
  if (items > 0) kinds.push(`${m.actions.length} action items, ${m.decisions.length} decisions`);
  if (m.attendees.length >= 2) kinds.push(`attendee list of ${m.attendees.length}`);
  const meetingContext = says.meeting ?? (context.threadSubject !== undefined ? subjectSays(context.threadSubject).meeting : undefined) ?? parentSays?.meeting;
  // Answers under quoted items are results only when what is quoted is a meeting's agenda: inline review is the same shape.
  if (m.evidence.answered >= 2 && (meetingContext !== undefined || record !== undefined)) kinds.push(`results written under ${m.evidence.answered} quoted agenda items`);
  if (m.evidence.discussed > 0) kinds.push(`${m.evidence.discussed} sentences on what was discussed`);
  if (m.speakers.length >= 3) kinds.push(`${m.speakers.length} speaker lines`);
  const content = [...kinds];
  if (topics >= 2) content.push(`${topics} topics`);

  let score = 0;
  if (record !== undefined) {
    score += 2;
    reasons.push(`subject says minutes ("${record}"${says.meeting && !record.toLowerCase().includes('minutes') ? `, "${says.meeting}"` : ''})`);
  }
  for (const pattern of overrides.subjects ?? []) {
    if (new RegExp(pattern, 'i').test(own)) {
      score += 2;
      reasons.push(`subject matches list.json pattern /${pattern}/`);
    }
  }
  if (m.evidence.reports !== undefined) {
    score += 2;
    reasons.push(`the text reports a meeting ("${m.evidence.reports.replace(/\s+/g, ' ').slice(0, 80)}")`);
  }
  score += Math.min(content.length, 3);
  reasons.push(...content);
  // The subject or the text must say "record of a meeting"; content alone (lists, "Name: …" lines) is any mail.
  const says_ = record !== undefined || m.evidence.reports !== undefined || (overrides.subjects ?? []).some((p) => new RegExp(p, 'i').test(own));
  let minutes = says_ && score >= 3 && content.length > 0;
  // A meeting named in the subject and two kinds of record (not topics alone: agendas have topics).
  if (!minutes && meetingContext !== undefined && kinds.length >= 2) {
    minutes = true;
    reasons.push(`a meeting named in the subject ("${meetingContext}") and two kinds of record`);
  }
  return { minutes, score, reasons: reasons.length > 0 ? reasons : ['nothing in the subject or the text says minutes'] };
}

/** Which sections one quote block of a reply comes from, and the reply's answer to it. */
export interface QuoteMapping {
  /** Index into the minutes' sections. */
  section: number;
  /** Lines of the reply that hold the quote, [first, end). */
  quote: [number, number];
  /** Lines of the reply's own text that follow the quote, [first, end), if any. */
  answer: [number, number] | undefined;
}

function shingleWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
}

/**
 * Map a reply's quoted text to the sections of the minutes it quotes, tolerating re-wrapped
 * lines, any quote depth and trimmed quotes: the quote's words are matched as 5-word shingles
 * against each section's words. A reply that quotes nothing maps to nothing.
 *
 * @param minutesText the minutes' plain text
 * @param minutes the structure from `parseMinutes`
 * @param replyText the reply's plain text
 */
export function mapReply(minutesText: string, minutes: Minutes, replyText: string): QuoteMapping[] {
  if (minutes.sections.length === 0) return [];
  const lines = splitLines(minutesText);
  const shingleSection = new Map<string, number>();
  minutes.sections.forEach((s, k) => {
    // A section's own text (its heading line included), not its subsections'.
    const w = shingleWords(lines.slice(s.line, s.end).map((l) => l.replace(/^(?:\s*>)+/, '')).join(' '));
    for (let i = 0; i + QUOTE_SHINGLE_WORDS <= w.length; i++) {
      const key = w.slice(i, i + QUOTE_SHINGLE_WORDS).join(' ');
      if (!shingleSection.has(key)) shingleSection.set(key, k);
    }
  });
  const reply = splitLines(replyText);
  const out: QuoteMapping[] = [];
  for (let i = 0; i < reply.length; ) {
    if (!/^\s*>/.test(reply[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < reply.length && /^\s*>/.test(reply[i]!)) i++;
    const quoted = shingleWords(reply.slice(start, i).map((l) => l.replace(/^(?:\s*>)+/, '')).join(' '));
    const votes = new Map<number, number>();
    for (let k = 0; k + QUOTE_SHINGLE_WORDS <= quoted.length; k++) {
      const section = shingleSection.get(quoted.slice(k, k + QUOTE_SHINGLE_WORDS).join(' '));
      if (section !== undefined) votes.set(section, (votes.get(section) ?? 0) + 1);
    }
    // The section most of the quote comes from; a heading line alone (one shingle) counts too.
    let best = -1;
    let bestVotes = 0;
    for (const [section, n] of votes) if (n > bestVotes || (n === bestVotes && section < best)) [best, bestVotes] = [section, n];
    if (best < 0) continue;
    let j = i;
    while (j < reply.length && !/^\s*>/.test(reply[j]!) && !/^--\s?$/.test(reply[j]!)) j++;
    const own = reply.slice(i, j).some((l) => l.trim() !== '');
    out.push({ section: best, quote: [start, i], answer: own ? [i, j] : undefined });
  }
  return out;
}

/** A sentence of a later message that says something was done, for closing action items. */
export interface CompletionNote {
  /** Line of the sentence in that message. */
  line: number;
  text: string;
}

/**
 * Sentences of a message's own text (not its quotes) that report something done ("the release
 * process is now on the wiki", "DONE: …"), for matching against earlier action items.
 *
 * @param text the message's plain text
 */
export function completionNotes(text: string): CompletionNote[] {
  const out: CompletionNote[] = [];
  for (const l of readLines(text)) {
    if (l.depth !== 0 || l.after || l.blank) continue;
    for (const s of sentencesOf(l.body.trim())) {
      if (DONE_MARKER.test(s.text) || (COMPLETED_WORDS.test(s.text) && !NOT_DONE_WORDS.test(s.text))) out.push({ line: l.i, text: s.text });
    }
  }
  return out;
}
