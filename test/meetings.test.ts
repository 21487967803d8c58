import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMeetings, findThreadMeetings, findThreadMinutes, meetingOf, minutesExport, seriesOf, structureThreadMessage, type MinutesThread, type ThreadMessage } from '../src/lib/meetings.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/meetings/${name}`, import.meta.url), 'utf8');
const at = (d: string) => Date.parse(`${d}Z`);
const msg = (n: number, subject: string, fromName: string, date: string, parent = -1): ThreadMessage => ({ n, messageId: `m${n}@x`, subject, fromName, fromAddress: `${fromName.split(' ')[0]!.toLowerCase()}@x`, dateMs: at(date), offsetMinutes: 0, parent });

/** A small list: an agenda with its results and a reply saying an action is done, a cancellation, later minutes. */
const messages = [
  msg(0, 'Docs working group meeting - Tuesday May 6', 'Ruth Abebe', '2025-05-04T10:00:00'),
  msg(1, 'Re: Docs working group meeting - Tuesday May 6', 'Ruth Abebe', '2025-05-06T18:00:00', 0),
  msg(2, 'Re: Docs working group meeting - Tuesday May 6', 'Lena Brandt', '2025-05-08T09:00:00', 1),
  msg(3, 'Docs working group meeting May 20 cancelled', 'Ruth Abebe', '2025-05-15T09:00:00'),
  msg(4, 'Docs working group minutes 2025-06-03', 'Ruth Abebe', '2025-06-03T19:00:00'),
];
const texts = [fixture('agenda-may-6.txt'), fixture('results-may-6.txt'), fixture('reply-done.txt'), fixture('cancel-may-20.txt'), fixture('minutes-june-3.txt')];
const text = (n: number) => texts[n]!;
const threads: MinutesThread[] = [{ messages: messages.slice(0, 3) }, { messages: [messages[3]!] }, { messages: [messages[4]!] }];
const found = threads.map((t) => findThreadMeetings(t, text));
const entries = found.flatMap((f) => f.minutes);
const notices = found.flatMap((f) => f.notices);
const data = buildMeetings(entries, notices, (n) => messages[n]!);

describe('findThreadMeetings', () => {
  it('takes the results posted under the agenda subject, links them to the agenda, and keeps the agenda as a notice', () => {
    expect(found[0]!.minutes.map((e) => [e.n, e.agenda, e.meeting.date, e.meeting.dateFrom])).toEqual([[1, 0, '2025-05-06', 'agenda']]);
    expect(found[0]!.notices.map((x) => [x.n, x.kind, x.meeting.date])).toEqual([[0, 'agenda', '2025-05-06']]);
  });
  it('reads a cancellation as a notice for its day, and dated minutes by their subject', () => {
    expect(found[1]!.notices.map((x) => [x.kind, x.meeting.date])).toEqual([['cancellation', '2025-05-20']]);
    expect(found[2]!.minutes.map((e) => [e.meeting.series, e.meeting.date, e.meeting.dateFrom])).toEqual([['Docs working group', '2025-06-03', 'subject']]);
  });
  it('collects the sentences below the minutes that report work done', () => {
    expect(found[0]!.minutes[0]!.followUps.map((f) => [f.n, f.text])).toEqual([[2, 'Done: the storage terms are now in the glossary.']]);
  });
  it('gives a missed message the structure it would have as minutes', () => {
    expect(structureThreadMessage(threads[0]!, 1, text).attendees).toEqual(['Ruth Abebe', 'Omar Haddad', 'Lena Brandt']);
  });
});

describe('forced minutes', () => {
  it('reads a Message-ID that names a property of every object as no setting', () => {
    // A message whose id is `constructor` once found Object's constructor as its setting: taken as
    // forced on, its finds held a function, and the build stopped where it kept them.
    const m = (n: number, messageId: string, subject: string, parent = -1): ThreadMessage => ({ n, messageId, subject, fromName: 'A', fromAddress: 'a@x.org', dateMs: Date.UTC(2025, 0, 6 + n), parent });
    const thread: MinutesThread = { messages: [m(0, 'constructor', 'Lunch on Friday'), m(1, 'toString', 'Re: Lunch on Friday', 0)] };
    const found = findThreadMeetings(thread, () => 'See you there.', { subjects: [], force: {} });
    expect(found).toEqual({ minutes: [], notices: [] });
    const forced = findThreadMeetings(thread, () => 'See you there.', { subjects: [], force: { constructor: true } });
    expect(forced.minutes.map((e) => e.n)).toEqual([0]);
  });
});

describe('deep threads', () => {
  it('reads a 5,000-deep reply chain under a meeting subject without recursing', () => {
    const chain: ThreadMessage[] = Array.from({ length: 5000 }, (_, n) => msg(n, n === 0 ? 'Infra meeting notes' : 'Re: Infra meeting notes', 'Ana Lima', '2025-01-01T00:00:00', n - 1));
    const body = (n: number) => (n === 0 ? 'Notes from the infra meeting.\n\nDecision: keep two runners.\n' : `> quoted\n\nreply ${n}\n`);
    const [entry] = findThreadMinutes({ messages: chain }, body);
    expect(entry?.n).toBe(0);
    expect(entry?.structure.decisions.map((d) => d.text)).toEqual(['keep two runners.']);
  });
});

describe('buildMeetings', () => {
  const [docs] = data.series;
  it('groups a series by meeting day: agenda, results, cancellation, later minutes', () => {
    expect(data.series.map((s) => s.name)).toEqual(['Docs working group']);
    expect(docs!.meetings.map((m) => [m.date, m.agenda, m.minutes, m.cancelled])).toEqual([
      ['2025-05-06', [0], [1], []],
      ['2025-05-20', [], [], [3]],
      ['2025-06-03', [], [4], []],
    ]);
  });
  it('follows a topic across meetings', () => {
    expect(docs!.topics.map((t) => [t.title, t.occurrences.map((o) => o.meeting)])).toEqual([
      ['Search index rebuilds', [0, 2]],
      ['Glossary', [0, 2]],
    ]);
  });
  it('closes an action when its owner replies that it is done, or a later meeting records it, with the evidence', () => {
    const state = Object.fromEntries(docs!.actions.map((a) => [a.text, [a.owner, a.state, a.evidence?.n, a.evidence?.how]]));
    expect(state['add the storage terms to the glossary']).toEqual(['Lena', 'done', 2, 'follow-up']);
    expect(state['write the cron job']).toEqual(['Omar', 'done', 4, 'follow-up']);
    expect(state['watch the rebuild times']).toEqual(['Omar', 'open', undefined, undefined]);
  });
  it('counts attendance over time and logs decisions with their meeting and section', () => {
    expect(docs!.attendance.map((p) => [p.name, p.meetings])).toEqual([
      ['Omar Haddad', [0, 2]],
      ['Ruth Abebe', [0, 2]],
      ['Lena Brandt', [0]],
    ]);
    expect(docs!.decisions.map((d) => [d.text, d.meeting, d.section])).toEqual([['We agreed to rebuild the index every hour.', 0, 0]]);
  });
  it('merges a series named with and without a prefix', () => {
    const a = { ...entries[0]!, meeting: { ...entries[0]!.meeting, series: 'Acme Docs WG', seriesKey: 'acme docs wg' } };
    const b = { ...entries[1]!, meeting: { ...entries[1]!.meeting, series: 'Docs WG', seriesKey: 'docs wg' } };
    expect(buildMeetings([a, b], [], (n) => messages[n]!).series.map((s) => [s.key, s.meetings.length])).toEqual([['docs wg', 2]]);
  });
});

describe('minutesExport', () => {
  it('has exactly the documented shape, with sections by title and actions with their state', () => {
    const out = minutesExport(entries, data, (n) => messages[n]!, (n) => `/docs/m/m${n}/`);
    expect(Object.keys(out)).toEqual(['meetings']);
    expect(out.meetings.map((m) => Object.keys(m))).toEqual(out.meetings.map(() => ['messageId', 'url', 'subject', 'series', 'meetingDate', 'attendees', 'sections', 'decisions', 'actions']));
    const first = out.meetings[0]!;
    expect(first).toMatchObject({ messageId: 'm1@x', url: '/docs/m/m1/', series: 'Docs working group', meetingDate: '2025-05-06', attendees: ['Ruth Abebe', 'Omar Haddad', 'Lena Brandt'] });
    expect(first.sections).toEqual([
      { title: 'Search index rebuilds', anchor: 's-search-index-rebuilds' },
      { title: 'Glossary', anchor: 's-glossary' },
    ]);
    expect(first.actions).toContainEqual({ owner: 'Lena', text: 'add the storage terms to the glossary', due: null, section: 'Glossary', state: 'done' });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});

describe('series and days', () => {
  it('names a series by the words up to its meeting noun, without days, times or record words', () => {
    expect(seriesOf('Re: Security Working Group meeting - Wednesday June 26 - results').name).toBe('Security Working Group');
    expect(seriesOf("Today's OpenBMC PMCI WG meeting - cancelled").name).toBe('OpenBMC PMCI WG');
    expect(seriesOf('August 26th Release Planning Working Group meeting canceled').name).toBe('Release Planning Working Group');
    expect(seriesOf('Lumen Hackathon 2025 minutes').name).toBe('Lumen Hackathon');
    expect(seriesOf('Design Sessions notes: live migration').name).toBe('Design Sessions');
    expect(seriesOf('GUI Design Workgroup Notes and Next meeting').key).toBe('gui design wg');
  });
  it('reads the day of a forwarded copy from its inner subject', () => {
    const fwd = 'FYI\n\n---------- Forwarded message ---------\nFrom: Lena <l@x>\nDate: Mon, 12 May 2025 18:03:11 +0200\nSubject: Infra meeting minutes 2025-05-12\n\nNotes.\n';
    expect(meetingOf(msg(9, 'Fwd: Infra meeting minutes', 'Omar', '2025-05-20T10:00:00'), fwd)).toEqual({ series: 'Infra meeting', seriesKey: 'infra', date: '2025-05-12', dateFrom: 'forwarded' });
  });
  it('reads the day from the line that reports the meeting, not from the next meeting announced', () => {
    const m = msg(9, 'GUI workgroup notes', 'Derick', '2019-12-05T23:00:00');
    expect(meetingOf(m, 'Thanks to all who attended.\nOne action was to meet before our next meeting on 12/18/19.\n').date).toBeNull();
    expect(meetingOf(m, 'Notes from the GUI workgroup for Wednesday, December 4th.\n').date).toBe('2019-12-04');
  });
});
