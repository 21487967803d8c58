import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMeetings, findThreadMeetings, type ThreadMessage } from '../src/lib/meetings.ts';
import { parseMinutes } from '../src/lib/minutes.ts';
import { actionsByOwner, actionsOverTime, attendanceGrid, decisionsLog, discussionsBySection, minutesOverlay, sectionHref, seriesRows, seriesSlug, topicIndex } from '../src/lib/minutes-view.ts';

const wiki = parseMinutes(readFileSync(new URL('./fixtures/minutes/wiki-hackathon.txt', import.meta.url), 'utf8'));
const speakers = parseMinutes(readFileSync(new URL('./fixtures/minutes/speaker-lines-design-session.txt', import.meta.url), 'utf8'));

describe('minutes view', () => {
  it('groups action items by owner, newest minutes first within an owner', () => {
    const groups = actionsByOwner([
      { n: 3, structure: wiki },
      { n: 7, structure: speakers },
    ]);
    expect(groups.map((g) => g.owner)).toEqual(['Alice', 'Bob', 'Dana', 'Erik', 'Frank', 'zoe', 'Zoë']);
    expect(groups.find((g) => g.owner === 'Erik')!.rows.map((r) => r.n)).toEqual([7, 3]);
    expect(groups[0]!.rows[0]!.section?.anchor).toBe('s-release-planning');
  });
  it('draws headings with their discussions and marks items over the lines', () => {
    const discussions = discussionsBySection([{ n: 9, quotes: [{ section: 1, quote: [0, 2], answer: undefined }] }], (n) => ({ href: `/m/${n}/`, label: `reply ${n}` }));
    const overlay = minutesOverlay(wiki, discussions);
    expect([...overlay.headings.values()].map((h) => h.anchor)).toEqual(wiki.sections.map((s) => s.anchor));
    expect(overlay.headings.get(wiki.sections[1]!.line)!.after).toHaveLength(2);
    expect(overlay.headings.get(wiki.sections[0]!.line)!.after).toEqual([]);
    expect(overlay.marks.get(wiki.actions[0]!.line)).toBe('action');
    expect(overlay.marks.get(wiki.decisions[0]!.line)).toBe('decision');
  });
  it('links a section, or the message when there is none', () => {
    expect(sectionHref('/m/x/', wiki.sections[0])).toBe('/m/x/#s-release-planning');
    expect(sectionHref('/m/x/', undefined)).toBe('/m/x/');
  });
});

describe('series pages', () => {
  const meetingFixture = (name: string) => readFileSync(new URL(`./fixtures/meetings/${name}`, import.meta.url), 'utf8');
  const msg = (n: number, subject: string, fromName: string, date: string, parent = -1): ThreadMessage => ({ n, messageId: `m${n}@x`, subject, fromName, fromAddress: 'a@x', dateMs: Date.parse(`${date}Z`), parent });
  const messages = [
    msg(0, 'Docs working group meeting - Tuesday May 6', 'Ruth Abebe', '2025-05-04T10:00:00'),
    msg(1, 'Re: Docs working group meeting - Tuesday May 6', 'Ruth Abebe', '2025-05-06T18:00:00', 0),
    msg(2, 'Re: Docs working group meeting - Tuesday May 6', 'Lena Brandt', '2025-05-08T09:00:00', 1),
    msg(3, 'Docs working group meeting May 20 cancelled', 'Ruth Abebe', '2025-05-15T09:00:00'),
    msg(4, 'Docs working group minutes 2025-06-03', 'Ruth Abebe', '2025-06-03T19:00:00'),
  ];
  const texts = ['agenda-may-6.txt', 'results-may-6.txt', 'reply-done.txt', 'cancel-may-20.txt', 'minutes-june-3.txt'].map(meetingFixture);
  const found = [[0, 1, 2], [3], [4]].map((ns) => findThreadMeetings({ messages: ns.map((n) => messages[n]!) }, (n) => texts[n]!));
  const data = buildMeetings(found.flatMap((f) => f.minutes), found.flatMap((f) => f.notices), (n) => messages[n]!);
  const series = data.series[0]!;

  it('lists each series with its meetings, dates and counts', () => {
    expect(seriesRows(data)).toEqual([
      { key: 'docs wg', name: 'Docs working group', slug: 'docs-wg', meetings: 3, withMinutes: 2, first: '2025-05-06', last: '2025-06-03', topics: 2, decisions: 1, openActions: 2, doneActions: 2 },
    ]);
  });
  it('makes slugs safe for files, and distinct for keys that differ outside ASCII', () => {
    expect(seriesSlug('docs wg')).toBe('docs-wg');
    expect(seriesSlug('zoë wg')).not.toBe(seriesSlug('zoe wg'));
    expect(seriesSlug('会議')).toMatch(/^series-[a-z0-9]+$/);
  });
  it('shows open actions oldest first, then done ones with their evidence', () => {
    const { open, done } = actionsOverTime(series);
    expect(open.map((a) => [a.meeting, a.text])).toEqual([
      [0, 'rebuild the index every hour'],
      [2, 'watch the rebuild times'],
    ]);
    expect(done.map((a) => [a.text, a.evidence?.n])).toEqual([
      ['write the cron job', 4],
      ['add the storage terms to the glossary', 2],
    ]);
  });
  it('draws attendance as a grid over the meetings that recorded it', () => {
    expect(attendanceGrid(series)).toEqual({
      meetings: [0, 2],
      rows: [
        { name: 'Omar Haddad', present: [true, true] },
        { name: 'Ruth Abebe', present: [true, true] },
        { name: 'Lena Brandt', present: [true, false] },
      ],
    });
  });
  it('indexes topics alphabetically and logs decisions newest first', () => {
    expect(topicIndex(data).map((t) => [t.title, t.occurrences.length])).toEqual([
      ['Glossary', 2],
      ['Search index rebuilds', 2],
    ]);
    expect(decisionsLog(data)).toEqual([{ text: 'We agreed to rebuild the index every hour.', series: 'Docs working group', date: '2025-05-06', n: 1, section: 0 }]);
  });
});
