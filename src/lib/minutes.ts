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
  DISCUSSED,
  DONE_MARKER,
  MEETING_NOUN,
  MINUTES_AS_TIME,
  NO_ATTENDANCE,
  NOT_HELD,
  NOT_OWNER,
  RECORD_WORDS,
  REPORTS_MEETING,
  STRONG_RECORD,
  TASK_VERBS,
  TODO_OWNER,
} from './minutes-lexicon.ts';
import { cleanTask, markedTask, ownerName, sentenceActions, sentenceDecision } from './minutes-items.ts';
import { ATTRIBUTION, MEETBOT_STAMP, isSignOff, listMarker, readLines, sentencesOf, wordsOf, type TextLine } from './minutes-text.ts';
import { findTopics, isLabel } from './minutes-topics.ts';

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

/**
 * Whether list.json forces a message on (true) or off (false) as minutes; undefined when it does
 * not name it. Only the record's own keys count: a Message-ID such as `constructor` names no
 * setting.
 *
 * @param overrides per-list settings
 * @param messageId the message's id, without angle brackets
 */
export function forcedMinutes(overrides: MinutesOverrides, messageId: string): boolean | undefined {
  const force = overrides.force;
  return force !== undefined && Object.hasOwn(force, messageId) ? force[messageId] : undefined;
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

const REPLY = /^\s*(?:re|aw|sv|antw|odp|vs)\s*(?:\[\d+\]|\^\d+)?\s*:/i;
const WAS = /\s*[[(]\s*(?:was|previously|formerly)\s*:[^\])]*[\])]?\s*$/i;
const NOTE = /^\s*(?:[*\-•]+\s*)?(?:\[\s*note\s*\]\s*:?|note\s*:|n\.?b\.?\s*:)\s*(.+)$/i;
const BRACKET_SPEAKER = /^\s*(?:[*\-•]+\s*)?\[([\p{Lu}][\p{L}.'’-]*(?:\s[\p{Lu}][\p{L}.'’-]*)?)\]\s*(.+)$/u;
const COLON_SPEAKER = /^\s*(?:[*\-•]+\s*)?([\p{Lu}][\p{L}.'’-]{1,20}(?:\s[\p{Lu}][\p{L}.'’-]{1,20})?)\s*:\s+(\S.*)$/u;
const ANSWER_INLINE = /^\s*(?:answer|ans|a)\s*:\s*(\S.*)$/i;
const YES_NO = /^\s*(?:yes|no)\b/i;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DUE = new RegExp(`\\b(?:by|due|before|until)\\s+((?:\\d{4}-\\d{2}-\\d{2})|(?:\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?)|(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}(?:\\s+\\d{4})?)|(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?)|(?:(?:next\\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day)|(?:next\\s+\\w+)|(?:end\\s+of\\s+(?:the\\s+)?\\w+)|(?:the\\s+next\\s+(?:\\w+\\s+)?(?:meeting|call|session)(?:\\s+on\\s+\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?)?))`, 'i');

// An anchor is in every link to its section, whatever the list's obfuscation: an address in the
// title is left out of it (the title itself is obfuscated where it is shown).
const slugUse = (title: string, used: Set<string>): string => {
  const base = `s-${title.replace(/[^\s<>()[\]]*@[^\s<>()[\]]+/g, ' ').toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'section'}`;
  let anchor = base;
  for (let k = 2; used.has(anchor); k++) anchor = `${base}-${k}`;
  used.add(anchor);
  return anchor;
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

  const { topics, closers, answered } = findTopics(lines, own);

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

  const minutes: Minutes = { sections, attendees: [], actions: [], decisions: [], notes: [], speakers: [], evidence: { reports: undefined, discussed: 0, answered } };
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
    const itemPerLine = prev !== undefined && prev.body.trim().length < 55 && !/[,;]$/.test(prev.body.trim()) && /^\s*[\p{Lu}[@]/u.test(l.body);
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
  // Topics that already have a unit of text below them: only the first can be the yes/no answer.
  const answeredTopics = new Set<number>();
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
    const firstUnderTopic = topic?.title.endsWith('?') && !answeredTopics.has(section);
    answeredTopics.add(section);
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
  const forced = forcedMinutes(overrides, messageId);
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
  if (items > 0) kinds.push(`${m.actions.length} ${m.actions.length === 1 ? 'action item' : 'action items'}, ${m.decisions.length} ${m.decisions.length === 1 ? 'decision' : 'decisions'}`);
  if (m.attendees.length >= 2) kinds.push(`attendee list of ${m.attendees.length}`);
  const meetingContext = says.meeting ?? (context.threadSubject !== undefined ? subjectSays(context.threadSubject).meeting : undefined) ?? parentSays?.meeting;
  // Answers under quoted items are results only when what is quoted is a meeting's agenda: inline review is the same shape.
  if (m.evidence.answered >= 2 && (meetingContext !== undefined || record !== undefined)) kinds.push(`results written under ${m.evidence.answered} quoted agenda items`);
  if (m.evidence.discussed > 0) kinds.push(`${m.evidence.discussed} ${m.evidence.discussed === 1 ? 'sentence' : 'sentences'} on what was discussed`);
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

// A URL's host and path (`lists.ozlabs.org/pipermail/openbmc/2020-January/…`) and an address are
// the same words in every mail that links the same place: they say nothing of what is discussed.
const URL_OR_ADDRESS = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\bmailto:)\S*|\b[\w-]+(?:\.[\w-]+)+\/\S*|\S+@\S+/gi;
const QUOTED = /^\s*>/;
// Lines that stand for quoted text cut out ("...snip...", "[...]", "<snip>"): not the writer's own words.
const SNIPPED = /^\s*[[<(]?\s*(?:\.{2,}|…)?\s*(?:snip(?:ped)?|cut|trimmed|\.{2,}|…)\s*(?:\.{2,}|…)?\s*[\]>)]?\s*$/i;
const SIGNATURE = /^--\s?$/;

function shingleWords(lines: readonly string[]): string[] {
  return lines
    .map((l) => l.replace(/^(?:\s*>)+/, '').replace(URL_OR_ADDRESS, ' '))
    .join(' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
}

/**
 * The lines of a section that are its text: its heading and body, without the quote the section
 * ends on after its own text (the agenda mail's sign-off and the list footer, quoted under the last
 * topic, are not that topic's words).
 */
function sectionText(lines: readonly string[], s: MinutesSection): readonly string[] {
  let end = s.end;
  while (end > s.line && (lines[end - 1]!.trim() === '' || QUOTED.test(lines[end - 1]!))) end--;
  // A section that is all quote (a quoted agenda item the text answers elsewhere) keeps its lines.
  return lines.slice(s.line, end > s.line ? end : s.end);
}

/**
 * Map a reply to the sections of the minutes it discusses. Each passage of the reply's own text is
 * attributed to the section quoted nearest before it: a quote of items 2A and 2B followed by an
 * answer discusses 2B (a sub-item that is not a section of its own belongs to its parent's text).
 * Quotes are matched as 5-word shingles against each section's words, tolerating re-wrapped lines,
 * any quote depth and trimmed quotes; words of URLs and addresses never count, and a shingle found
 * in two sections tells neither. A quote no own text follows (a top-post over the whole minutes, a
 * quoted sign-off) is discussed nowhere, and a reply that quotes nothing maps to nothing.
 *
 * @param minutesText the minutes' plain text
 * @param minutes the structure from `parseMinutes`
 * @param replyText the reply's plain text
 */
export function mapReply(minutesText: string, minutes: Minutes, replyText: string): QuoteMapping[] {
  if (minutes.sections.length === 0) return [];
  const lines = splitLines(minutesText);
  // Shingle -> its section, or -1 when two sections hold it.
  const shingleSection = new Map<string, number>();
  minutes.sections.forEach((s, k) => {
    const w = shingleWords(sectionText(lines, s));
    for (let i = 0; i + QUOTE_SHINGLE_WORDS <= w.length; i++) {
      const key = w.slice(i, i + QUOTE_SHINGLE_WORDS).join(' ');
      const seen = shingleSection.get(key);
      shingleSection.set(key, seen === undefined || seen === k ? k : -1);
    }
  });
  const reply = splitLines(replyText);
  const filler = (l: string) => l.trim() === '' || SNIPPED.test(l);
  const out: QuoteMapping[] = [];
  // The last quote run that came from the minutes, not yet answered.
  let pending: { section: number; quote: [number, number] } | undefined;
  for (let i = 0; i < reply.length; ) {
    const line = reply[i]!;
    if (QUOTED.test(line)) {
      // A quote run goes on over blank and "snip" lines between quoted ones.
      const start = i;
      let end = i;
      while (i < reply.length && (QUOTED.test(reply[i]!) || filler(reply[i]!))) {
        if (QUOTED.test(reply[i]!)) end = i + 1;
        i++;
      }
      i = end;
      const quoted = shingleWords(reply.slice(start, end).filter((l) => QUOTED.test(l)));
      // The section quoted last in the run: the one nearest before what the writer says next.
      let last = -1;
      for (let k = 0; k + QUOTE_SHINGLE_WORDS <= quoted.length; k++) {
        const section = shingleSection.get(quoted.slice(k, k + QUOTE_SHINGLE_WORDS).join(' '));
        if (section !== undefined && section >= 0) last = section;
      }
      // A run quoting something else (another reply) leaves the nearest quote of the minutes as it was.
      if (last >= 0) pending = { section: last, quote: [start, end] };
      continue;
    }
    if (SIGNATURE.test(line)) {
      // A signature runs to the next quote, if any (a top-post signs off above the quote).
      while (i < reply.length && !QUOTED.test(reply[i]!)) i++;
      continue;
    }
    const start = i;
    while (i < reply.length && !QUOTED.test(reply[i]!) && !SIGNATURE.test(reply[i]!)) i++;
    // "On …, Frank wrote:" and "...snip..." between two quotes are no answer to the first.
    const own = reply.slice(start, i).some((l) => !filler(l) && !ATTRIBUTION.test(l));
    if (own && pending) {
      out.push({ section: pending.section, quote: pending.quote, answer: [start, i] });
      pending = undefined;
    }
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
