/**
 * Meetings in a list: which messages of a thread are minutes (with their structure, the replies
 * that quote them and the meeting they record), which announce or cancel a meeting, and, over the
 * whole list, meeting series with their topics, action items followed over time, attendance and
 * decisions, and the minutes.json export. Pure: the caller hands in metadata and a way to read a
 * message's text, so the site build, the scorer and the tests call the same code.
 */
import { datesIn } from './meeting-date.ts';
import { ANNOUNCES, CANCELLED, MEETING_NOUN, RECORD_WORDS } from './minutes-lexicon.ts';
import {
  completionNotes,
  detectParsed,
  forcedMinutes,
  mapReply,
  mayBeMinutes,
  ownSubject,
  parseMinutes,
  subjectSays,
  withWholeSection,
  type CompletionNote,
  type Detection,
  type Minutes,
  type MinutesContext,
  type MinutesOverrides,
  type QuoteMapping,
} from './minutes.ts';
import { forwardedHeader, readLines, wordsOf } from './minutes-text.ts';
import { baseSubject } from './subject.ts';

/** What the minutes finder needs to know of one message of a thread (no body). */
export interface ThreadMessage {
  /** The message's position in the list's date order. */
  n: number;
  messageId: string;
  subject: string;
  fromName: string;
  fromAddress: string;
  dateMs: number;
  /** The sender's UTC offset in minutes, for "today" and "this Wednesday"; 0 when unknown. */
  offsetMinutes?: number;
  /** Position of the parent in date order, or -1 (a root, or a parent not in the archive). */
  parent: number;
}

/** One thread, as the minutes finder reads it: its messages in any order. */
export interface MinutesThread {
  messages: readonly ThreadMessage[];
}

/** The meeting a message is about. */
export interface MeetingRef {
  /** The series' name as written ("Security Working Group"); the subject's words when it names none. */
  series: string;
  /** The series' key: lower case, "working group"/"workgroup"/"WG" as one word, for grouping. */
  seriesKey: string;
  /** The meeting's day (`yyyy-mm-dd`) from the subject, the report, the agenda or "today"; null when none is written. */
  date: string | null;
  /** Where the date was read. */
  dateFrom: 'subject' | 'text' | 'agenda' | 'forwarded' | 'none';
}

/** One minutes message of a list, with the replies that quote it and the meeting it records. */
export interface MinutesEntry {
  /** The minutes message's position in date order. */
  n: number;
  detection: Detection;
  structure: Minutes;
  /** Replies in the thread that quote the minutes, by position, with what they quote. */
  replies: { n: number; quotes: QuoteMapping[] }[];
  meeting: MeetingRef;
  /** The agenda these minutes answer (their parent, or the same series' notice for the same day), if archived. */
  agenda: number | undefined;
  /** Sentences of the minutes and of the replies below them that report something done, for closing actions. */
  followUps: { n: number; line: number; text: string }[];
}

/** A message that announces or cancels a meeting (not minutes), for the series pages. */
export interface MeetingNotice {
  n: number;
  kind: 'agenda' | 'cancellation';
  meeting: MeetingRef;
}

/** What one thread holds of meetings. */
export interface ThreadMeetings {
  minutes: MinutesEntry[];
  notices: MeetingNotice[];
}

/**
 * The minutes of one thread, in date order: each message taken for minutes, its structure, the
 * replies below it (at any depth) that quote its sections, and its meeting.
 *
 * @param thread the thread's messages (metadata only)
 * @param text reads the plain text of a message by its position; called only for messages that need it
 * @param overrides the list's minutes settings from list.json
 */
export function findThreadMinutes(thread: MinutesThread, text: (n: number) => string, overrides: MinutesOverrides = {}): MinutesEntry[] {
  return findThreadMeetings(thread, text, overrides).minutes;
}

/**
 * Everything one thread holds of meetings: its minutes (see `findThreadMinutes`) and the messages
 * that announce or cancel a meeting, each with its series and day.
 *
 * @param thread the thread's messages (metadata only)
 * @param text reads the plain text of a message by its position; called only for messages that need it
 * @param overrides the list's minutes settings from list.json
 */
export function findThreadMeetings(thread: MinutesThread, text: (n: number) => string, overrides: MinutesOverrides = {}): ThreadMeetings {
  const facts = threadFacts(thread);
  const byN = facts.byN;
  const children = new Map<number, number[]>();
  for (const m of thread.messages) {
    if (!byN.has(m.parent)) continue;
    const list = children.get(m.parent) ?? [];
    list.push(m.n);
    children.set(m.parent, list);
  }
  const ordered = [...thread.messages].sort((a, b) => a.n - b.n);
  const out: ThreadMeetings = { minutes: [], notices: [] };
  const taken = new Set<number>();
  // A message's meeting, with its parent's read one level up (no walk up the thread).
  const meetingFor = (m: ThreadMessage, body: string): MeetingRef => {
    const parent = byN.get(m.parent);
    const up = parent ? meetingOf(parent, text(parent.n), undefined, byN.get(parent.parent)) : undefined;
    return meetingOf(m, body, up, parent);
  };
  for (const m of ordered) {
    const body = readsAsMinutes(facts, m, overrides) ? text(m.n) : undefined;
    if (body === undefined) continue;
    const context = contextOf(facts, m, taken);
    const forced = forcedMinutes(overrides, m.messageId);
    const parent = byN.get(m.parent);
    if (forced === undefined && !mayBeMinutes(m.subject, body, overrides, context)) {
      // Only a subject that names a meeting can announce or cancel one: the rest is not read further.
      const notice = MEETING_NOUN.test(ownSubject(m.subject).subject) ? noticeKind(m, body, parent) : undefined;
      if (notice) out.notices.push({ n: m.n, kind: notice, meeting: meetingFor(m, body) });
      continue;
    }
    const parsed = parseMinutes(body, context);
    const detection: Detection =
      forced !== undefined ? { minutes: forced, score: forced ? 100 : 0, reasons: [`forced ${forced ? 'on' : 'off'} in list.json`] } : detectParsed(m.subject, parsed, overrides, context);
    if (!detection.minutes) {
      const notice = MEETING_NOUN.test(ownSubject(m.subject).subject) ? noticeKind(m, body, parent) : undefined;
      if (notice) out.notices.push({ n: m.n, kind: notice, meeting: meetingFor(m, body) });
      continue;
    }
    const meeting = meetingFor(m, body);
    taken.add(m.n);
    const structure = withWholeSection(parsed, body, ownSubject(m.subject).subject);
    const replies: MinutesEntry['replies'] = [];
    const followUps: MinutesEntry['followUps'] = completionNotes(body).map((c) => ({ n: m.n, ...c }));
    // Replies at any depth below the minutes message, with an explicit stack (reply chains can be deep).
    const stack = [...(children.get(m.n) ?? [])];
    while (stack.length > 0) {
      const r = stack.pop()!;
      stack.push(...(children.get(r) ?? []));
      const replyText = text(r);
      const quotes = mapReply(body, structure, replyText);
      if (quotes.length > 0) replies.push({ n: r, quotes });
      followUps.push(...completionNotes(replyText).map((c: CompletionNote) => ({ n: r, ...c })));
    }
    replies.sort((a, b) => a.n - b.n);
    followUps.sort((a, b) => a.n - b.n || a.line - b.line);
    const agenda = parent && !taken.has(parent.n) && subjectSays(parent.subject).meeting !== undefined ? parent.n : undefined;
    out.minutes.push({ n: m.n, detection, structure, replies, meeting, agenda, followUps });
  }
  return out;
}

/**
 * The structure `findThreadMinutes` gives a message when it takes it for minutes, whether or not it
 * does: for scoring structure apart from detection, and for a message forced on in list.json.
 *
 * @param thread the thread's messages (metadata only)
 * @param n the message's position in date order
 * @param text reads the plain text of a message by its position
 */
export function structureThreadMessage(thread: MinutesThread, n: number, text: (n: number) => string): Minutes {
  const facts = threadFacts(thread);
  const m = facts.byN.get(n);
  const body = text(n);
  if (!m) return withWholeSection(parseMinutes(body), body, 'Minutes');
  return withWholeSection(parseMinutes(body, contextOf(facts, m, new Set())), body, ownSubject(m.subject).subject);
}

/**
 * Whether a message's text is worth reading for minutes: a thread's first message, a reply under a
 * new subject, or a reply in a thread about a meeting (results posted under the agenda's subject).
 * Replies in ordinary threads are passed over without reading their text.
 */
function readsAsMinutes(facts: ThreadFacts, m: ThreadMessage, overrides: MinutesOverrides): boolean {
  const parent = facts.byN.get(m.parent);
  if (!parent || forcedMinutes(overrides, m.messageId) !== undefined) return true;
  if (baseSubject(ownSubject(parent.subject).subject) !== baseSubject(ownSubject(m.subject).subject)) return true;
  for (const s of [parent.subject, facts.root.subject]) {
    const says = subjectSays(s);
    if (says.meeting !== undefined || says.record !== undefined) return true;
    if ((overrides.subjects ?? []).some((p) => new RegExp(p, 'i').test(s))) return true;
  }
  return false;
}

/** What every message of a thread shares: its first message and its writers' names, computed once. */
interface ThreadFacts {
  byN: ReadonlyMap<number, ThreadMessage>;
  root: ThreadMessage;
  names: string[];
}

function threadFacts(thread: MinutesThread): ThreadFacts {
  const byN = new Map(thread.messages.map((m) => [m.n, m]));
  const ordered = [...thread.messages].sort((a, b) => a.n - b.n);
  // The thread's first message without a parent in the thread (a ghost-rooted thread has several).
  const root = ordered.find((m) => !byN.has(m.parent)) ?? ordered[0]!;
  return { byN, root, names: [...new Set(thread.messages.map((x) => x.fromName).filter((x) => x !== ''))].sort() };
}

function contextOf(facts: ThreadFacts, m: ThreadMessage, taken: ReadonlySet<number>): MinutesContext {
  const parent = facts.byN.get(m.parent);
  const context: MinutesContext = { names: facts.names, threadSubject: facts.root.subject };
  const author = m.fromName || m.fromAddress.split('@')[0] || '';
  if (author) context.author = author;
  if (parent) {
    context.parentSubject = parent.subject;
    context.parentIsMinutes = taken.has(parent.n);
  }
  return context;
}

/** An announcement or a cancellation of a meeting, judged by the subject and the first lines. */
function noticeKind(m: ThreadMessage, body: string, parent: ThreadMessage | undefined): MeetingNotice['kind'] | undefined {
  const own = ownSubject(m.subject).subject;
  if (MEETING_NOUN.exec(own) === null) return undefined;
  const first = readLines(body)
    .filter((l) => l.depth === 0 && !l.after && !l.blank)
    .slice(0, 4)
    .map((l) => l.body)
    .join(' ');
  if (CANCELLED.test(own) || CANCELLED.test(first)) return 'cancellation';
  // A reply under the same subject is a comment on the notice, not another one.
  if (parent && baseSubject(ownSubject(parent.subject).subject) === baseSubject(own)) return undefined;
  if (ANNOUNCES.test(own) || ANNOUNCES.test(first) || datesIn(own, m.dateMs, m.offsetMinutes ?? 0).some((d) => d.iso >= new Date(m.dateMs).toISOString().slice(0, 10))) return 'agenda';
  return undefined;
}

const SERIES_NOISE = new RegExp(
  [
    '\\([^)]*\\)',
    '\\[[^\\]]*\\]',
    '\\b(?:today|tonight|tomorrow|yesterday)(?:\'s|’s)?\\b',
    '\\b(?:this|next|last)\\s+(?:week(?:\'s|’s)?|month(?:\'s|’s)?)\\b',
    '\\b(?:reminder|canceled|cancelled|cancel+ing|postponed|rescheduled|agenda|invitation|invite|updated?)\\b\\s*:?',
    '\\b\\d{1,2}(?::\\d\\d)?\\s*(?:am|pm)\\b',
    '\\b(?:pdt|pst|cst|cdt|est|edt|utc|gmt|cet|cest|bst|ist|central|pacific|eastern)\\b',
  ].join('|'),
  'gi',
);

/**
 * The meeting series a subject names: the words up to its meeting noun ("Security Working Group"
 * in "Re: Security Working Group meeting - Wednesday June 26 - results"), without dates, times,
 * "today's", "reminder:" and the like. Without a meeting noun, the subject without its record words.
 *
 * @param subject a subject
 */
export function seriesOf(subject: string): { name: string; key: string } {
  let s = ownSubject(subject).subject.replace(SERIES_NOISE, ' ');
  for (const d of datesIn(s, 0).filter((x) => x.kind !== 'relative').sort((a, b) => b.index - a.index)) {
    const m = /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+|(?:mon|tue|wed|thu|fri|sat|sun)\.?,?\s+)?\S+(?:\s*\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d\d)?/i.exec(s.slice(d.index));
    if (m) s = `${s.slice(0, d.index)} ${s.slice(d.index + m[0].length)}`;
  }
  s = s
    .replace(/\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)\b/gi, ' ')
    .replace(/\s*[-–—:|,]\s*/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();
  const noun = MEETING_NOUN.exec(s);
  let name: string;
  if (noun && /^meetings?$/i.test(noun[0]) && noun.index === 0) {
    name = s.replace(RECORD_WORDS, ' ');
  } else if (noun) {
    name = s.slice(0, noun.index + noun[0].length);
  } else {
    name = s.replace(new RegExp(RECORD_WORDS.source, 'gi'), ' ');
  }
  name = name
    .replace(/^(?:\s*-\s*)+|(?:\s*-\s*)+$/g, '')
    .replace(/\s+-\s+/g, ' ')
    .replace(/^(?:the|our|upcoming|weekly|next)\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '') name = ownSubject(subject).subject.trim() || '(no subject)';
  return { name, key: seriesKey(name) };
}

/** The grouping key of a series name. */
function seriesKey(name: string): string {
  return wordsOf(
    name
      .toLowerCase()
      .replace(/\b(?:work(?:ing)?\s*groups?|wgs?)\b/g, ' wg ')
      .replace(/\bmeetings?\b/g, ' ')
      .replace(/\bsessions\b/g, 'session'),
  ).join(' ');
}

/**
 * The meeting a message is about: its series (from its subject, or its thread's) and its day: the
 * subject's date, a date in the lines that report the meeting ("Notes from … for Wednesday, August
 * 27th", "meeting held 2020-09-16"), the agenda's day, "today"; a forwarded copy's inner subject
 * and date count as its own.
 *
 * @param m the message's metadata
 * @param body its plain text
 * @param parentMeeting the meeting of its parent, when the parent was read
 * @param parent the parent's metadata
 */
export function meetingOf(m: ThreadMessage, body: string, parentMeeting?: MeetingRef, parent?: ThreadMessage): MeetingRef {
  const lines = readLines(body);
  const fwd = forwardedHeader(lines);
  let subject = m.subject;
  let sentMs = m.dateMs;
  let offset = m.offsetMinutes ?? 0;
  if (fwd?.subject && /^\s*(?:fwd?|fw|wg|tr)\s*:/i.test(m.subject)) subject = fwd.subject;
  if (fwd?.date) {
    const inner = Date.parse(fwd.date.replace(/\s+\(.*\)$/, '').replace(/\bat\s+/, ''));
    if (Number.isFinite(inner)) {
      sentMs = inner;
      offset = 0;
    }
  }
  const own = ownSubject(subject).subject;
  const sameAsParent = parent !== undefined && baseSubject(ownSubject(parent.subject).subject) === baseSubject(own);
  const series = MEETING_NOUN.test(own) || !parent ? seriesOf(subject) : seriesOf(parent.subject);
  const ref = (date: string | null, dateFrom: MeetingRef['dateFrom']): MeetingRef => ({ series: series.name, seriesKey: series.key, date, dateFrom });
  // A reply under the agenda's subject means the agenda's day, read against the agenda's sending.
  if (sameAsParent && parentMeeting?.date) return ref(parentMeeting.date, 'agenda');
  const inSubject = datesIn(own, sentMs, offset).find((d) => d.kind !== 'relative') ?? (sameAsParent ? undefined : datesIn(own, sentMs, offset)[0]);
  if (inSubject) return ref(inSubject.iso, fwd && subject !== m.subject ? 'forwarded' : 'subject');
  const first = lines.filter((l) => l.depth === 0 && !l.after && !l.blank).slice(0, 15);
  for (const l of first) {
    if (!/\b(?:notes|minutes|highlights|summary|held|meeting|call|session|workgroup|work group|working group|hackathon)\b/i.test(l.body)) continue;
    // "before our next scheduled meeting on 12/18/19" names another meeting.
    const d = datesIn(l.body, sentMs, offset).find(
      (x) => (x.kind !== 'relative' || /\btoday'?s?\b/i.test(l.body)) && !/\b(?:next|upcoming|following|before|prior\s+to|until|by|due)\b[^.;]{0,40}$/i.test(l.body.slice(0, x.index)),
    );
    if (d) return ref(d.iso, 'text');
  }
  if (parentMeeting?.date) return ref(parentMeeting.date, 'agenda');
  if (fwd?.date && subject !== m.subject) return ref(new Date(sentMs).toISOString().slice(0, 10), 'forwarded');
  return ref(null, 'none');
}

// ---------------------------------------------------------------------------------------------
// The list's meetings

/** One meeting of a series: its day and the messages about it. */
export interface Meeting {
  date: string | null;
  /** For ordering meetings without a day: the first message's time. */
  sortMs: number;
  /** Minutes messages (positions in date order). */
  minutes: number[];
  /** Agendas and reminders. */
  agenda: number[];
  /** Cancellations. */
  cancelled: number[];
  /** People listed as present, in the minutes' order. */
  attendees: string[];
}

/** A topic followed across the meetings of a series. */
export interface TopicTrack {
  /** The title as first written. */
  title: string;
  occurrences: { meeting: number; n: number; section: number; anchor: string; title: string }[];
}

/** An action item followed over time. */
export interface ActionTrack {
  owner: string | undefined;
  text: string;
  due: string | undefined;
  /** The minutes message and the meeting (index in the series) it comes from. */
  n: number;
  meeting: number;
  section: number;
  /** `done` when marked done, or when a later message says so (see `evidence`). */
  state: 'open' | 'done';
  evidence: { n: number; line: number; text: string; how: 'marked' | 'follow-up' } | undefined;
}

/** A decision, with where it was taken. */
export interface DecisionRow {
  text: string;
  n: number;
  meeting: number;
  section: number;
}

/** A meeting series with what the pages show of it. */
export interface Series {
  key: string;
  name: string;
  meetings: Meeting[];
  topics: TopicTrack[];
  actions: ActionTrack[];
  /** Who attended which meetings (indexes into `meetings`), by name. */
  attendance: { name: string; meetings: number[] }[];
  decisions: DecisionRow[];
}

/** All meeting series of a list. */
export interface MeetingsData {
  series: Series[];
}

/** Words a topic keeps for following it across meetings: no attribution, no filler. */
const TOPIC_FILLER = new Set(['the', 'a', 'an', 'of', 'for', 'to', 'in', 'on', 'and', 'or', 'with', 'from', 'by', 'fyi', 'email', 'update', 'updates', 'discuss', 'discussion', 'review', 'follow', 'up', 'is', 'are', 'we', 'do', 'how', 'what', 'should', 'can', 'about']);
/** Shared words (over the smaller set) above which two titles are one topic. */
export const SAME_TOPIC = 0.6;

const topicWords = (title: string) =>
  new Set(
    wordsOf(title.replace(/^\s*\([^)]*\)\s*:?\s*/, '').replace(/^[\p{L}]+\s*:\s*/u, ''))
      .map((w) => w.replace(/['’]s$/, '').replace(/(?<=[a-z]{3})s$/, ''))
      .filter((w) => w.length > 1 && !TOPIC_FILLER.has(w)),
  );

/**
 * Group a list's minutes and meeting notices into series: meetings by day, topics followed across
 * them, action items over time (closed by a `DONE` mark, by a later meeting's note or by a reply
 * saying it is done, with the evidence), attendance, decisions. Series whose key is contained in
 * another's ("openbmc security wg" and "security wg") are one series.
 *
 * @param entries the list's minutes, from `findThreadMeetings`
 * @param notices the list's agendas and cancellations
 * @param messages the list's messages by position (for dates and authors)
 */
export function buildMeetings(entries: readonly MinutesEntry[], notices: readonly MeetingNotice[], messages: (n: number) => ThreadMessage): MeetingsData {
  const keys = [...new Set([...entries.map((e) => e.meeting.seriesKey), ...notices.map((x) => x.meeting.seriesKey)])].sort();
  const merged = new Map<string, string>();
  for (const k of keys) {
    const words = k.split(' ');
    const shorter = keys.filter((o) => o !== k && o.split(' ').length >= 2 && isSubsequence(o.split(' '), words) && o.split(' ').at(-1) === words.at(-1));
    merged.set(k, shorter.length === 1 ? shorter[0]! : k);
  }
  const bySeries = new Map<string, { names: string[]; items: ({ kind: 'minutes'; e: MinutesEntry } | { kind: MeetingNotice['kind']; x: MeetingNotice })[] }>();
  const add = (ref: MeetingRef, item: { kind: 'minutes'; e: MinutesEntry } | { kind: MeetingNotice['kind']; x: MeetingNotice }) => {
    const key = merged.get(ref.seriesKey) ?? ref.seriesKey;
    const s = bySeries.get(key) ?? { names: [], items: [] };
    s.names.push(ref.series);
    s.items.push(item);
    bySeries.set(key, s);
  };
  for (const e of entries) add(e.meeting, { kind: 'minutes', e });
  for (const x of notices) add(x.meeting, { kind: x.kind, x });

  const series: Series[] = [];
  for (const [key, s] of bySeries) {
    // A series is shown when it has minutes; its agendas and cancellations come with them.
    if (!s.items.some((i) => i.kind === 'minutes')) continue;
    const meetings: Meeting[] = [];
    const meetingFor = (date: string | null, n: number): number => {
      const ms = messages(n).dateMs;
      let k = date === null ? -1 : meetings.findIndex((m) => m.date === date);
      if (k < 0) {
        meetings.push({ date, sortMs: date === null ? ms : Date.parse(`${date}T00:00:00Z`), minutes: [], agenda: [], cancelled: [], attendees: [] });
        k = meetings.length - 1;
      }
      return k;
    };
    for (const item of s.items) {
      if (item.kind === 'minutes') {
        const m = meetings[meetingFor(item.e.meeting.date, item.e.n)]!;
        m.minutes.push(item.e.n);
        for (const a of item.e.structure.attendees) if (!m.attendees.includes(a)) m.attendees.push(a);
      } else {
        const m = meetings[meetingFor(item.x.meeting.date, item.x.n)]!;
        (item.kind === 'agenda' ? m.agenda : m.cancelled).push(item.x.n);
      }
    }
    // Sort by day, then renumber: the tracks below refer to meetings by index.
    const order = meetings.map((m, k) => ({ m, k })).sort((a, b) => a.m.sortMs - b.m.sortMs || (a.m.minutes[0] ?? a.m.agenda[0] ?? 0) - (b.m.minutes[0] ?? b.m.agenda[0] ?? 0));
    const sorted = order.map((o) => o.m);
    for (const m of sorted) for (const list of [m.minutes, m.agenda, m.cancelled]) list.sort((a, b) => a - b);
    const indexOf = (n: number) => sorted.findIndex((m) => m.minutes.includes(n));
    const minutesEntries = s.items.flatMap((i) => (i.kind === 'minutes' ? [i.e] : [])).sort((a, b) => indexOf(a.n) - indexOf(b.n) || a.n - b.n);

    const topics: TopicTrack[] = [];
    const topicSets: Set<string>[] = [];
    const actions: ActionTrack[] = [];
    const decisions: DecisionRow[] = [];
    for (const e of minutesEntries) {
      const meeting = indexOf(e.n);
      e.structure.sections.forEach((sec, k) => {
        if (sec.kind === 'whole') return;
        const words = topicWords(sec.title);
        // Two topics of one message are two topics, however alike their words.
        let t = words.size === 0 ? -1 : topicSets.findIndex((w, k) => sameTopic(w, words) && !topics[k]!.occurrences.some((o) => o.n === e.n));
        if (t < 0) {
          topics.push({ title: sec.title, occurrences: [] });
          topicSets.push(words);
          t = topics.length - 1;
        }
        topics[t]!.occurrences.push({ meeting, n: e.n, section: k, anchor: sec.anchor, title: sec.title });
      });
      for (const d of e.structure.decisions) decisions.push({ text: d.text, n: e.n, meeting, section: d.section });
      for (const a of e.structure.actions) {
        actions.push({ owner: a.owner, text: a.text, due: a.due, n: e.n, meeting, section: a.section, state: a.state, evidence: a.state === 'done' ? { n: e.n, line: a.line, text: a.text, how: 'marked' } : undefined });
      }
    }
    // Later notes close earlier open actions: same words, and the owner wrote or is named.
    for (const a of actions) {
      if (a.state === 'done') continue;
      const words = taskWords(a.text);
      if (words.size < 2) continue;
      const later = minutesEntries.filter((e) => indexOf(e.n) >= a.meeting);
      for (const e of later) {
        const hit = e.followUps.find((f) => {
          // The minutes that set the action do not close it (a DONE mark there is read already).
          if (f.n === a.n) return false;
          const fw = taskWords(f.text);
          const share = [...words].filter((w) => fw.has(w)).length / words.size;
          if ([...words].filter((w) => fw.has(w)).length < 2 || share < 0.5) return false;
          // A later meeting's record speaks for the group; a reply must come from the owner or name them.
          if (f.n === e.n || !a.owner) return share >= 0.6;
          const ownerWords = wordsOf(a.owner);
          const author = wordsOf(messages(f.n).fromName);
          return ownerWords.some((w) => author.includes(w) || wordsOf(f.text).includes(w));
        });
        if (hit) {
          a.state = 'done';
          a.evidence = { n: hit.n, line: hit.line, text: hit.text, how: 'follow-up' };
          break;
        }
      }
    }
    const people = new Map<string, { name: string; meetings: number[] }>();
    sorted.forEach((m, k) => {
      for (const a of m.attendees) {
        const id = wordsOf(a).join(' ');
        const p = people.get(id) ?? { name: a, meetings: [] };
        if (!p.meetings.includes(k)) p.meetings.push(k);
        people.set(id, p);
      }
    });
    series.push({
      key,
      name: mostCommon(s.names),
      meetings: sorted,
      topics,
      actions,
      attendance: [...people.values()].sort((a, b) => b.meetings.length - a.meetings.length || a.name.localeCompare(b.name, 'en')),
      decisions,
    });
  }
  return { series: series.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.key.localeCompare(b.key)) };
}

const TASK_FILLER = new Set(['the', 'a', 'an', 'of', 'for', 'to', 'in', 'on', 'and', 'or', 'with', 'by', 'at', 'is', 'are', 'be', 'it', 'this', 'that', 'will', 'now', 'up', 'as', 'we', 'i', 'our', 'my', 'has', 'have', 'been', 'done']);
const taskWords = (text: string) => new Set(wordsOf(text).filter((w) => w.length > 2 && !TASK_FILLER.has(w)));

/** Two titles name one topic: most of the longer one's words, or most of the shorter one's and three at least. */
function sameTopic(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const n = [...a].filter((w) => b.has(w)).length;
  if (a.size === 1 || b.size === 1) return a.size === b.size && n === 1;
  return n / Math.max(a.size, b.size) >= 0.5 || (n >= 3 && n / Math.min(a.size, b.size) >= SAME_TOPIC);
}

function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  let k = 0;
  for (const w of long) if (w === short[k]) k++;
  return k === short.length && short.length < long.length;
}

function mostCommon(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0], 'en'))[0]?.[0] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Export

/** One meeting's minutes in `/<list>/minutes/minutes.json`. */
export interface MinutesExportMeeting {
  messageId: string;
  url: string;
  subject: string;
  series: string;
  meetingDate: string | null;
  attendees: string[];
  sections: { title: string; anchor: string }[];
  decisions: { text: string; section: string | null }[];
  actions: { owner: string | null; text: string; due: string | null; section: string | null; state: 'open' | 'done' }[];
}

/** `/<list>/minutes/minutes.json`: what dashboards and bots build on. */
export interface MinutesExport {
  meetings: MinutesExportMeeting[];
}

/**
 * The minutes.json object of a list: one record per minutes message, in date order, with the
 * series' name as the pages show it and each action's state over time.
 *
 * @param entries the list's minutes
 * @param data the list's series from `buildMeetings`
 * @param messages the list's messages by position
 * @param url the page of a message (absolute or site-relative, as the site links it)
 */
export function minutesExport(entries: readonly MinutesEntry[], data: MeetingsData, messages: (n: number) => ThreadMessage, url: (n: number) => string): MinutesExport {
  const seriesOfN = new Map<number, Series>();
  for (const s of data.series) for (const m of s.meetings) for (const n of m.minutes) seriesOfN.set(n, s);
  const meetings = [...entries]
    .sort((a, b) => a.n - b.n)
    .map((e): MinutesExportMeeting => {
      const m = messages(e.n);
      const s = seriesOfN.get(e.n);
      const title = (k: number) => {
        const sec = k >= 0 ? e.structure.sections[k] : undefined;
        return sec && sec.kind !== 'whole' ? sec.title : null;
      };
      const tracked = s?.actions.filter((a) => a.n === e.n) ?? [];
      return {
        messageId: m.messageId,
        url: url(e.n),
        subject: m.subject,
        series: s?.name ?? e.meeting.series,
        meetingDate: e.meeting.date,
        attendees: [...e.structure.attendees],
        sections: e.structure.sections.filter((x) => x.kind !== 'whole').map((x) => ({ title: x.title, anchor: x.anchor })),
        decisions: e.structure.decisions.map((d) => ({ text: d.text, section: title(d.section) })),
        actions: e.structure.actions.map((a, k) => ({ owner: a.owner ?? null, text: a.text, due: a.due ?? null, section: title(a.section), state: tracked[k]?.state ?? a.state })),
      };
    });
  return { meetings };
}
