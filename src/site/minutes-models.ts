/**
 * The models of a list's meeting pages: the series index (`/<list>/minutes/`), one page per
 * series (meetings by day, action items over time, attendance, topics, decisions), the topic
 * index, and the data of `minutes.json`. Built from `buildMeetings` (lib/meetings.ts) and the
 * helpers of lib/minutes-view.ts; every link is a site path, so the templates only lay them out.
 */
import type { IndexedMessage } from '../lib/archive.ts';
import { buildMeetings, minutesExport, type MeetingsData, type MinutesExport } from '../lib/meetings.ts';
import { actionsOverTime, attendanceGrid, decisionsLog, sectionHref, seriesRows, seriesSlug, topicIndex, type SeriesRow } from '../lib/minutes-view.ts';
import type { Obfuscation } from '../lib/list-config.ts';
import { obfuscateText } from '../lib/obfuscate.ts';
import { paths } from '../lib/urls.ts';
import type { ListMinutes } from './minutes-data.ts';
import type { ListData } from '../store/store.ts';

/** A message a meeting page links: its page (or section) and subject. */
export interface MeetingLink {
  path: string;
  subject: string;
}

/** An action item as the series page shows it. */
export interface ActionView {
  owner: string | undefined;
  text: string;
  due: string | undefined;
  /** The meeting's day, and the section of the minutes the item is in. */
  date: string | null;
  path: string;
  /** What closed it, with a link to the message that says so. */
  evidence: { text: string; path: string; how: 'marked' | 'follow-up' } | undefined;
}

/** One meeting series' page. */
export interface MinutesSeriesPageModel {
  kind: 'minutesSeries';
  path: string;
  list: string;
  listTitle: string;
  obfuscation: Obfuscation;
  name: string;
  meetings: { date: string | null; minutes: MeetingLink[]; agenda: MeetingLink[]; cancelled: MeetingLink[]; attendees: number }[];
  open: ActionView[];
  done: ActionView[];
  attendance: { dates: (string | null)[]; rows: { name: string; present: boolean[] }[] };
  topics: { title: string; occurrences: { date: string | null; path: string }[] }[];
  decisions: { text: string; date: string | null; path: string }[];
}

/** The list's topic index: every topic of every series, with the meetings that discussed it. */
export interface MinutesTopicsPageModel {
  kind: 'minutesTopics';
  path: string;
  list: string;
  listTitle: string;
  obfuscation: Obfuscation;
  rows: { title: string; series: string; seriesPath: string; occurrences: { date: string | null; path: string }[] }[];
}

/** A series row of the minutes index, with its page. */
export type SeriesRowModel = SeriesRow & { path: string };

/** A list's meetings, with the look-ups the pages need. */
export interface ListMeetings {
  data: MeetingsData;
  rows: SeriesRowModel[];
}

/**
 * Group a list's minutes into meeting series.
 *
 * @param data the list
 * @param minutes its minutes and meeting notices
 */
export function listMeetings(data: ListData, minutes: ListMinutes): ListMeetings {
  const messages = data.index.messages;
  const meetings = buildMeetings(minutes.entries, minutes.notices, (n) => messages[n]!);
  const list = data.config.name;
  return { data: meetings, rows: seriesRows(meetings).map((r) => ({ ...r, path: paths.minutesSeries(list, r.slug) })) };
}

/**
 * The series pages and the topic index of a list.
 *
 * @param data the list
 * @param minutes its minutes
 * @param meetings its series
 */
export function meetingPages(data: ListData, minutes: ListMinutes, meetings: ListMeetings): (MinutesSeriesPageModel | MinutesTopicsPageModel)[] {
  const list = data.config.name;
  const listTitle = data.config.title;
  const obfuscation = data.config.obfuscation;
  const messages = data.index.messages;
  const link = (n: number): MeetingLink => ({ path: paths.message(list, messages[n]!.slug), subject: messages[n]!.subject });
  const sectionPath = (n: number, section: number): string => sectionOf(data, minutes, n, section);
  const pages: (MinutesSeriesPageModel | MinutesTopicsPageModel)[] = [];
  const seriesPath = new Map(meetings.rows.map((r) => [r.key, r.path]));
  for (const series of meetings.data.series) {
    const dateOf = (k: number) => series.meetings[k]?.date ?? null;
    const action = (a: (typeof series.actions)[number]): ActionView => ({
      owner: a.owner,
      text: a.text,
      due: a.due,
      date: dateOf(a.meeting),
      path: sectionPath(a.n, a.section),
      evidence: a.evidence ? { text: a.evidence.text, path: paths.message(list, messages[a.evidence.n]!.slug), how: a.evidence.how } : undefined,
    });
    const { open, done } = actionsOverTime(series);
    const grid = attendanceGrid(series);
    pages.push({
      kind: 'minutesSeries',
      path: seriesPath.get(series.key) ?? paths.minutesSeries(list, seriesSlug(series.key)),
      list,
      listTitle,
      obfuscation,
      name: series.name,
      // Newest meeting first, as the index lists series.
      meetings: series.meetings
        .map((m) => ({ date: m.date, minutes: m.minutes.map(link), agenda: m.agenda.map(link), cancelled: m.cancelled.map(link), attendees: m.attendees.length }))
        .reverse(),
      open: open.map(action),
      done: done.map(action),
      attendance: { dates: grid.meetings.map(dateOf), rows: grid.rows },
      topics: series.topics.map((t) => ({ title: t.title, occurrences: t.occurrences.map((o) => ({ date: dateOf(o.meeting), path: sectionPath(o.n, o.section) })) })),
      decisions: series.decisions.map((d) => ({ text: d.text, date: dateOf(d.meeting), path: sectionPath(d.n, d.section) })).reverse(),
    });
  }
  const dates = new Map(meetings.data.series.map((s) => [s.key, (k: number) => s.meetings[k]?.date ?? null]));
  pages.push({
    kind: 'minutesTopics',
    path: paths.minutesTopics(list),
    list,
    listTitle,
    obfuscation,
    rows: topicIndex(meetings.data).map((r) => ({
      title: r.title,
      series: r.series,
      seriesPath: seriesPath.get(r.seriesKey) ?? paths.minutes(list),
      occurrences: r.occurrences.map((o) => ({ date: dates.get(r.seriesKey)?.(o.meeting) ?? null, path: sectionPath(o.n, o.section) })),
    })),
  });
  return pages;
}

/**
 * The list's decisions log rows, newest meeting first, with links.
 *
 * @param data the list
 * @param minutes its minutes
 * @param meetings its series
 */
export function decisionRows(data: ListData, minutes: ListMinutes, meetings: ListMeetings): { text: string; series: string; date: string | null; path: string }[] {
  return decisionsLog(meetings.data).map((d) => ({ text: d.text, series: d.series, date: d.date, path: sectionOf(data, minutes, d.n, d.section) }));
}

/**
 * A section of a minutes message as a site path: the message's page and the section's anchor.
 *
 * @param data the list
 * @param minutes its minutes
 * @param n the minutes message's position
 * @param section the section's index in its structure; -1 for the message itself
 */
function sectionOf(data: ListData, minutes: ListMinutes, n: number, section: number): string {
  return sectionHref(paths.message(data.config.name, data.index.messages[n]!.slug), section >= 0 ? minutes.byMessage.get(n)?.structure.sections[section] : undefined);
}

/**
 * `minutes.json`: one record per minutes message, for dashboards and bots.
 *
 * @param data the list
 * @param minutes its minutes
 * @param meetings its series
 * @param url a site path as an absolute URL (or a path under the base, without `--site`)
 */
export function minutesJson(data: ListData, minutes: ListMinutes, meetings: ListMeetings, url: (path: string) => string): MinutesExport {
  const messages: readonly IndexedMessage[] = data.index.messages;
  const exported = minutesExport(minutes.entries, meetings.data, (n) => messages[n]!, (n) => url(paths.message(data.config.name, messages[n]!.slug)));
  // The text of minutes is shown under the list's address obfuscation: so is its data.
  const mode = data.config.obfuscation;
  const hide = (text: string) => obfuscateText(text, mode);
  return {
    meetings: exported.meetings.map((m) => ({
      ...m,
      attendees: m.attendees.map(hide),
      sections: m.sections.map((x) => ({ ...x, title: hide(x.title) })),
      decisions: m.decisions.map((d) => ({ text: hide(d.text), section: d.section === null ? null : hide(d.section) })),
      actions: m.actions.map((a) => ({ ...a, owner: a.owner === null ? null : hide(a.owner), text: hide(a.text), section: a.section === null ? null : hide(a.section) })),
    })),
  };
}
