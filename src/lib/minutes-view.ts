/**
 * What the minutes pages show: the overlay of headings and marks drawn on a minutes message's
 * text with the "Discussed in" links under each section, and the view data of the series pages
 * (the index of series, actions over time, attendance, the topic index, the decisions log).
 */
import type { ElementContent } from 'hast';
import type { BodyOverlay } from './body.ts';
import type { ActionTrack, MeetingsData, Series, TopicTrack } from './meetings.ts';
import type { ActionItem, Minutes, MinutesSection, QuoteMapping } from './minutes.ts';
import { UI_STRINGS, type UiStrings } from './ui-strings.ts';

/** A reply that discusses a section, as a link. */
export interface Discussion {
  href: string;
  label: string;
}

/**
 * The body overlay of a minutes message: section headings with anchors and "Discussed in" links,
 * action/decision/note/speaker lines marked.
 *
 * @param minutes the structure
 * @param discussions replies discussing each section, by section index
 * @param t the interface's words
 */
export function minutesOverlay(minutes: Minutes, discussions: Map<number, Discussion[]>, t: UiStrings = UI_STRINGS.en): BodyOverlay {
  const headings: BodyOverlay['headings'] = new Map();
  minutes.sections.forEach((s, k) => {
    const links = discussions.get(k) ?? [];
    const after: ElementContent[] =
      links.length === 0
        ? []
        : [
            {
              type: 'element',
              tagName: 'span',
              properties: { className: ['discussed'] },
              children: [
                { type: 'text', value: t.discussedIn },
                ...links.flatMap((d, i): ElementContent[] => [
                  ...(i > 0 ? [{ type: 'text' as const, value: ', ' }] : []),
                  { type: 'element', tagName: 'a', properties: { href: d.href }, children: [{ type: 'text', value: d.label }] },
                ]),
              ],
            },
            { type: 'text', value: '\n' },
          ];
    headings.set(s.line, { level: s.level, anchor: s.anchor, after });
  });
  const marks: BodyOverlay['marks'] = new Map();
  for (const a of minutes.actions) marks.set(a.line, 'action');
  for (const d of minutes.decisions) marks.set(d.line, 'decision');
  for (const n of minutes.notes) marks.set(n.line, 'note');
  for (const t of minutes.speakers) if (!marks.has(t.line)) marks.set(t.line, 'speaker');
  return { headings, marks };
}

/**
 * Group the replies of a minutes message by the sections they quote.
 *
 * @param replies replies with what they quote
 * @param link the link for a reply
 */
export function discussionsBySection(replies: readonly { n: number; quotes: QuoteMapping[] }[], link: (n: number) => Discussion): Map<number, Discussion[]> {
  const out = new Map<number, Discussion[]>();
  for (const r of replies) {
    for (const section of new Set(r.quotes.map((q) => q.section))) {
      const list = out.get(section) ?? [];
      list.push(link(r.n));
      out.set(section, list);
    }
  }
  return out;
}

/** An action item as the per-list actions page lists it. */
export interface ActionRow {
  /** The minutes message's position in date order. */
  n: number;
  action: ActionItem;
  section: MinutesSection | undefined;
}

/**
 * Every action item of a list's minutes, grouped by owner (alphabetically, items without an owner
 * last under their own label), newest minutes first within an owner.
 *
 * @param entries the list's minutes messages with their structure, in date order
 */
export function actionsByOwner(entries: readonly { n: number; structure: Minutes }[]): { owner: string; rows: ActionRow[] }[] {
  const groups = new Map<string, ActionRow[]>();
  for (const e of [...entries].reverse()) {
    for (const action of e.structure.actions) {
      const owner = action.owner ?? '(no owner written)';
      const rows = groups.get(owner) ?? [];
      rows.push({ n: e.n, action, section: e.structure.sections[action.section] });
      groups.set(owner, rows);
    }
  }
  return [...groups].sort((a, b) => a[0].localeCompare(b[0], 'en')).map(([owner, rows]) => ({ owner, rows }));
}

/**
 * A link to a section of a minutes message, or to the message when the item has no section.
 *
 * @param messageHref the minutes message's URL
 * @param section the section, if any
 */
export function sectionHref(messageHref: string, section: MinutesSection | undefined): string {
  return section ? `${messageHref}#${section.anchor}` : messageHref;
}

/** A row of `/<list>/minutes/`: one meeting series and what it holds. */
export interface SeriesRow {
  key: string;
  name: string;
  /** A file-safe slug of the series key, for its page. */
  slug: string;
  meetings: number;
  /** Meetings with minutes; the others had an agenda only, or were cancelled. */
  withMinutes: number;
  first: string | null;
  last: string | null;
  topics: number;
  decisions: number;
  openActions: number;
  doneActions: number;
}

/**
 * A series' slug: its key's words joined by dashes (ASCII letters and digits only), with a short
 * hash of the key when that leaves nothing or could collide with another series of the list.
 *
 * @param key the series key from `buildMeetings`
 */
export function seriesSlug(key: string): string {
  const ascii = key.normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  let h = 0x811c9dc5;
  for (const c of key) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193) >>> 0;
  // Keys that differ only in letters outside ASCII would share a slug: the hash keeps them apart.
  return ascii !== '' && ascii.replace(/-/g, ' ') === key ? ascii : `${ascii || 'series'}-${h.toString(36)}`;
}

/**
 * The rows of the list's minutes index: each series with its meetings, dates and counts, the
 * series with the latest meeting first.
 *
 * @param data the list's series from `buildMeetings`
 */
export function seriesRows(data: MeetingsData): SeriesRow[] {
  return data.series
    .map((s): SeriesRow => {
      const dated = s.meetings.map((m) => m.date).filter((d): d is string => d !== null).sort();
      return {
        key: s.key,
        name: s.name,
        slug: seriesSlug(s.key),
        meetings: s.meetings.length,
        withMinutes: s.meetings.filter((m) => m.minutes.length > 0).length,
        first: dated[0] ?? null,
        last: dated[dated.length - 1] ?? null,
        topics: s.topics.length,
        decisions: s.decisions.length,
        openActions: s.actions.filter((a) => a.state === 'open').length,
        doneActions: s.actions.filter((a) => a.state === 'done').length,
      };
    })
    .sort((a, b) => (b.last ?? '').localeCompare(a.last ?? '') || a.name.localeCompare(b.name, 'en'));
}

/**
 * A series' action items over time: open ones first (oldest meeting first, the longest waiting at
 * the top), then done ones (most recently closed first), each with the meeting it was set in.
 *
 * @param series one series from `buildMeetings`
 */
export function actionsOverTime(series: Series): { open: ActionTrack[]; done: ActionTrack[] } {
  const open = series.actions.filter((a) => a.state === 'open').sort((a, b) => a.meeting - b.meeting || a.n - b.n);
  const done = series.actions.filter((a) => a.state === 'done').sort((a, b) => (b.evidence?.n ?? b.n) - (a.evidence?.n ?? a.n) || a.n - b.n);
  return { open, done };
}

/**
 * A series' attendance as a grid: one column per meeting that recorded attendance, one row per
 * person (most meetings first), true where the person was present.
 *
 * @param series one series from `buildMeetings`
 */
export function attendanceGrid(series: Series): { meetings: number[]; rows: { name: string; present: boolean[] }[] } {
  const meetings = series.meetings.flatMap((m, k) => (m.attendees.length > 0 ? [k] : []));
  return { meetings, rows: series.attendance.map((p) => ({ name: p.name, present: meetings.map((k) => p.meetings.includes(k)) })) };
}

/** A topic of the list's topic index. */
export interface TopicRow {
  title: string;
  series: string;
  seriesKey: string;
  occurrences: TopicTrack['occurrences'];
}

/**
 * Every topic of every series, alphabetically, with the meetings that discussed it.
 *
 * @param data the list's series from `buildMeetings`
 */
export function topicIndex(data: MeetingsData): TopicRow[] {
  return data.series
    .flatMap((s) => s.topics.map((t) => ({ title: t.title, series: s.name, seriesKey: s.key, occurrences: t.occurrences })))
    .sort((a, b) => a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }) || a.seriesKey.localeCompare(b.seriesKey));
}

/** A line of the decisions log. */
export interface DecisionLogRow {
  text: string;
  series: string;
  date: string | null;
  /** The minutes message, and its section (-1 for none). */
  n: number;
  section: number;
}

/**
 * The list's decisions log: every decision, newest meeting first, with its series and day.
 *
 * @param data the list's series from `buildMeetings`
 */
export function decisionsLog(data: MeetingsData): DecisionLogRow[] {
  return data.series
    .flatMap((s) => s.decisions.map((d) => ({ text: d.text, series: s.name, date: s.meetings[d.meeting]?.date ?? null, n: d.n, section: d.section })))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.n - a.n || a.section - b.section);
}
