/**
 * Meeting minutes: recognising them, reading their structure (sections, attendees, speakers,
 * action items, decisions, notes) as an overlay on the original lines, and finding which
 * sections a reply quotes. Pure, line-based, no recursion.
 */
import { splitLines } from './body.ts';

/** A section of the minutes: a heading and the lines up to the next heading of any level. */
export interface MinutesSection {
  title: string;
  /** 1 for `= X =`, `# X` or an underlined title; deeper levels for `== X ==`, `## X`. */
  level: number;
  /** A fragment id for the section, unique within the message. */
  anchor: string;
  /** Line of the heading, from 0. */
  line: number;
  /** First line after the section (exclusive). */
  end: number;
}

/** An action item. */
export interface ActionItem {
  text: string;
  owner: string | undefined;
  due: string | undefined;
  /** Index into `sections`, or -1 before the first heading. */
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

/** The structure of one minutes message. */
export interface Minutes {
  sections: MinutesSection[];
  attendees: string[];
  actions: ActionItem[];
  decisions: Decision[];
  notes: MinutesNote[];
  speakers: SpeakerTurn[];
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

/** Lines of a minutes message read at most; the rest is shown but not structured. */
export const MAX_MINUTES_LINES = 20_000;
/** Words in a quote fragment matched against the minutes. */
export const QUOTE_SHINGLE_WORDS = 5;

const SUBJECT_WORDS = /\b(?:minutes|meeting notes|notes (?:from|of)|design session|summary of|meeting\b.*\bresults|results\b.*\bmeeting|hackathon|highlights)\b/i;
const REPLY = /^\s*(?:re|aw|sv|antw)\s*:/i;
const NOT_MINUTES = /\b(?:cancel+ed|canceled|postponed|invitation|invite)\b/i;

const WIKI_HEADING = /^\s*(={1,6})\s*([^=].*?)\s*\1\s*$/;
const MD_HEADING = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;
const UNDERLINE = /^\s*(=+|-+)\s*$/;
const NUMBERED = /^\s{0,3}(\d{1,2})[.)]\s+(\S[^\n]{2,})$/;
const LABEL = /^\s*(session description|agenda|discussion|summary|action items?|decisions?|notes|next (?:meeting|steps)|minutes|(?:meeting )?(?:highlights|results|outcomes?)(?: (?:from|of) (?:the|today's) meeting)?)\s*:?\s*$/i;

const ACTION = /^\s*(?:[*\-•]+\s*)?(?:\[\s*action\s*(?:item)?\s*\]\s*:?|action(?:\s+item)?\s*(?:\(([^)]{1,40})\))?\s*:|ai\s*(?:\(([^)]{1,40})\))?\s*:|todo\s*\(([^)]{1,40})\)\s*:|todo\s*:)\s*(.+)$/i;
const DECISION = /^\s*(?:[*\-•]+\s*)?(?:\[\s*(?:conclusion|decision|agreed|resolved)\s*\]\s*:?|(?:conclusion|decision|decided|agreed|resolved)\s*:)\s*(.+)$/i;
const NOTE = /^\s*(?:[*\-•]+\s*)?(?:\[\s*note\s*\]\s*:?|note\s*:)\s*(.+)$/i;
const BRACKET_SPEAKER = /^\s*(?:[*\-•]+\s*)?\[([A-Z][\p{L}.'-]*(?:\s[A-Z][\p{L}.'-]*)?)\]\s*(.+)$/u;
const COLON_SPEAKER = /^\s*([A-Z][\p{L}.'-]{1,20}(?:\s[A-Z][\p{L}.'-]{1,20})?)\s*:\s+(\S.*)$/u;
const ATTENDEES = /^\s*(?:attendees|present|participants|attending)\s*:\s*(.*)$/i;
const MARKER_WORDS = new Set(['action', 'ai', 'todo', 'note', 'conclusion', 'decision', 'agreed', 'resolved', 'attendees', 'present', 'agenda', 'subject', 'date', 'from', 'to', 'cc', 'http', 'https', 're']);
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';
const DUE = new RegExp(`\\b(?:by|due|before)\\s+((?:\\d{4}-\\d{2}-\\d{2})|(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}(?:\\s+\\d{4})?)|(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?)|(?:next\\s+\\w+)|(?:end of\\s+\\w+))`, 'i');

/**
 * Decide whether a message is minutes, and say why. Usually that is a thread's first message;
 * working groups also post the results as a reply to their agenda, with the subject changed
 * (`Re: … meeting - Wed 16 September - meeting highlights`), so a reply counts when its subject
 * adds minutes words to its parent's.
 *
 * @param messageId the message's Message-ID (for overrides)
 * @param subject its subject
 * @param text its plain text
 * @param overrides per-list settings
 * @param parentSubject the parent's subject, for a reply
 */
export function detectMinutes(messageId: string, subject: string, text: string, overrides: MinutesOverrides = {}, parentSubject?: string): Detection {
  const forced = overrides.force?.[messageId];
  if (forced !== undefined) return { minutes: forced, score: forced ? 100 : 0, reasons: [`forced ${forced ? 'on' : 'off'} in list.json`] };
  const reasons: string[] = [];
  let score = 0;
  if (REPLY.test(subject)) {
    // Only a reply that brings the minutes words itself: a reply to minutes repeats them.
    const added = parentSubject !== undefined && !SUBJECT_WORDS.test(parentSubject);
    if (!added || !SUBJECT_WORDS.test(subject)) return { minutes: false, score: 0, reasons: ['a reply, not the minutes themselves'] };
    score += 1;
    reasons.push('a reply whose subject announces the results');
  }
  if (NOT_MINUTES.test(subject)) return { minutes: false, score: 0, reasons: ['the subject announces a cancellation or an invitation'] };
  if (SUBJECT_WORDS.test(subject)) {
    score += 2;
    reasons.push(`subject says minutes ("${SUBJECT_WORDS.exec(subject)![0]}")`);
  }
  for (const pattern of overrides.subjects ?? []) {
    if (new RegExp(pattern, 'i').test(subject)) {
      score += 2;
      reasons.push(`subject matches list.json pattern /${pattern}/`);
    }
  }
  const m = parseMinutes(text);
  const headings = m.sections.length;
  if (headings >= 2) {
    score += 1;
    reasons.push(`${headings} section headings`);
  }
  const markers = m.actions.length + m.decisions.length;
  if (markers >= 1) {
    score += markers >= 3 ? 2 : 1;
    reasons.push(`${m.actions.length} ${m.actions.length === 1 ? 'action item' : 'action items'}, ${m.decisions.length} ${m.decisions.length === 1 ? 'decision' : 'decisions'}`);
  }
  if (m.speakers.length >= 3) {
    score += 1;
    reasons.push(`${m.speakers.length} speaker lines`);
  }
  if (m.attendees.length >= 2) {
    score += 1;
    reasons.push(`attendee list of ${m.attendees.length}`);
  }
  return { minutes: score >= 3, score, reasons };
}

function slugify(title: string, used: Set<string>): string {
  const base = `s-${title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'section'}`;
  let anchor = base;
  for (let k = 2; used.has(anchor); k++) anchor = `${base}-${k}`;
  used.add(anchor);
  return anchor;
}

function ownerOf(text: string, explicit: string | undefined): string | undefined {
  if (explicit) return explicit.trim().replace(/^@/, '');
  // `Alice write up …`, `Alice Lindqvist to send …`, `@alice: …`: a name before the verb.
  const at = /^@([\w.-]+)/.exec(text);
  if (at) return at[1];
  const name = /^([A-Z][\p{L}'-]+(?:\s[A-Z][\p{L}'-]+)?)(?=\s*(?:[:,]|\s(?:to\s|will\s|[a-z])))/u.exec(text);
  if (!name) return undefined;
  const first = name[1]!.split(' ')[0]!.toLowerCase();
  return MARKER_WORDS.has(first) || ['we', 'the', 'all', 'everyone', 'someone', 'need'].includes(first) ? undefined : name[1];
}

function splitNames(value: string): string[] {
  return value
    .split(/[,;]|\band\b/)
    .map((s) => s.replace(/\([^)]*\)|<[^>]*>/g, '').replace(/^[\s*\-•]+|[\s.]+$/g, '').trim())
    .filter((s) => s.length > 1 && s.length < 60);
}

/**
 * Read the structure of minutes: headings (wiki `= X =`, Markdown `# X`, underlined titles, known
 * labels such as `Action items:`, or numbered topics when there is nothing else), attendees,
 * speaker lines, action items with owner and due date, decisions and notes. The text itself is
 * not changed: everything refers to line numbers.
 *
 * @param text the message's plain text
 */
export function parseMinutes(text: string): Minutes {
  // Split exactly as the body renderer does (body.ts), so line numbers mean the same lines.
  const lines = splitLines(text).slice(0, MAX_MINUTES_LINES);
  const headings: { line: number; level: number; title: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*>/.test(line)) continue;
    const wiki = WIKI_HEADING.exec(line);
    const md = MD_HEADING.exec(line);
    const next = lines[i + 1] ?? '';
    if (wiki) headings.push({ line: i, level: wiki[1]!.length, title: wiki[2]! });
    else if (md && !/^#\d/.test(line.trim())) headings.push({ line: i, level: md[1]!.length, title: md[2]! });
    else if (line.trim().length >= 3 && UNDERLINE.test(next) && next.trim().length >= 3 && Math.abs(next.trim().length - line.trim().length) <= 4 && !UNDERLINE.test(line)) {
      headings.push({ line: i, level: next.trim().startsWith('=') ? 1 : 2, title: line.trim() });
      i++;
    } else if (LABEL.test(line)) headings.push({ line: i, level: 2, title: line.trim().replace(/:$/, '') });
  }
  // Numbered topics ("1. Topic") become sections only in minutes that have no headings at all,
  // as working groups write their "results" mails; when the results answer the quoted agenda,
  // the quoted topics are the sections.
  if (headings.length === 0) {
    const numbered = (quoted: boolean) =>
      lines.flatMap((l, i) => {
        if (/^\s*>/.test(l) !== quoted) return [];
        const m = NUMBERED.exec(quoted ? l.replace(/^(?:\s*>)+/, '') : l);
        return m ? [{ line: i, level: 1, title: m[2]!.trim() }] : [];
      });
    const own = numbered(false);
    const agenda = own.length >= 2 ? own : numbered(true);
    if (agenda.length >= 2) headings.push(...agenda);
  }
  headings.sort((a, b) => a.line - b.line);
  const used = new Set<string>();
  const sections: MinutesSection[] = headings.map((h, k) => ({
    title: h.title.replace(/\s+/g, ' ').slice(0, 200),
    level: h.level,
    anchor: slugify(h.title, used),
    line: h.line,
    end: headings[k + 1]?.line ?? lines.length,
  }));
  const sectionAt = (line: number): number => {
    let found = -1;
    for (let k = 0; k < sections.length && sections[k]!.line <= line; k++) found = k;
    return found;
  };

  const minutes: Minutes = { sections, attendees: [], actions: [], decisions: [], notes: [], speakers: [] };
  const headingLines = new Set(sections.map((s) => s.line));
  // A marked item goes on over the following lines until a blank line, a bullet, another marker
  // or a heading: `[Conclusion] We all agreed …` is often wrapped.
  const continued = (first: string, from: number): string => {
    let textSoFar = first;
    for (let j = from + 1; j < lines.length && j < from + 10; j++) {
      const next = lines[j]!;
      if (next.trim() === '' || headingLines.has(j) || /^\s*(?:[*\-•]|\d+[.)]|\[|>)/.test(next) || ACTION.test(next) || DECISION.test(next) || NOTE.test(next) || COLON_SPEAKER.test(next)) break;
      textSoFar += ` ${next.trim()}`;
    }
    return textSoFar;
  };
  let inActionBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*>/.test(line) || line.trim() === '-- ') {
      if (line.trim() === '-- ') break;
      continue;
    }
    const section = sectionAt(i);
    const attendees = ATTENDEES.exec(line);
    if (attendees) {
      let names = attendees[1]!;
      // The list may go on over the following lines, up to a blank one.
      for (let j = i + 1; j < lines.length && lines[j]!.trim() !== '' && !/:\s*$/.test(lines[j]!) && j < i + 30; j++) names += `, ${lines[j]}`;
      minutes.attendees.push(...splitNames(names));
      continue;
    }
    if (sections.some((s) => s.line === i)) {
      inActionBlock = /action items?/i.test(line);
      continue;
    }
    const action = ACTION.exec(line);
    if (action) {
      const body = continued(action[4]!.trim(), i);
      minutes.actions.push({ text: body, owner: ownerOf(body, action[1] ?? action[2] ?? action[3]), due: DUE.exec(body)?.[1], section, line: i });
      continue;
    }
    // Bullets under an "Action items:" heading are actions even without a marker.
    if (inActionBlock && /^\s*(?:[*\-•]|\d+[.)])\s+\S/.test(line)) {
      const body = line.replace(/^\s*(?:[*\-•]|\d+[.)])\s+/, '').trim();
      minutes.actions.push({ text: body, owner: ownerOf(body, undefined), due: DUE.exec(body)?.[1], section, line: i });
      continue;
    }
    const decision = DECISION.exec(line);
    if (decision) {
      minutes.decisions.push({ text: continued(decision[1]!.trim(), i), section, line: i });
      continue;
    }
    const note = NOTE.exec(line);
    if (note) {
      minutes.notes.push({ text: continued(note[1]!.trim(), i), section, line: i });
      continue;
    }
    const speaker = BRACKET_SPEAKER.exec(line) ?? COLON_SPEAKER.exec(line);
    if (speaker && !MARKER_WORDS.has(speaker[1]!.split(' ')[0]!.toLowerCase())) {
      minutes.speakers.push({ speaker: speaker[1]!, section, line: i });
    }
  }
  return minutes;
}

/**
 * The structure of a message already taken for minutes: `parseMinutes`, and when the minutes are
 * prose without any heading, one section over the whole text, so that the page still has an
 * anchor and replies can still be matched to it.
 *
 * @param text the minutes' plain text
 * @param title the title for a whole-text section (the subject)
 */
export function structureMinutes(text: string, title: string): Minutes {
  const minutes = parseMinutes(text);
  if (minutes.sections.length > 0) return minutes;
  const lines = splitLines(text);
  const first = Math.max(0, lines.findIndex((l) => l.trim() !== '' && !/^\s*>/.test(l)));
  minutes.sections.push({ title: title.replace(/^\s*(?:re|aw|sv)\s*:\s*/i, '') || 'Minutes', level: 1, anchor: 's-minutes', line: first, end: lines.length });
  // Items read before the section existed belonged to no section; now they belong to this one.
  for (const list of [minutes.actions, minutes.decisions, minutes.notes, minutes.speakers]) for (const item of list) item.section = 0;
  return minutes;
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

function words(text: string): string[] {
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
    const w = words(lines.slice(s.line, s.end).join(' '));
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
    const quoted = words(reply.slice(start, i).map((l) => l.replace(/^(?:\s*>)+/, '')).join(' '));
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
