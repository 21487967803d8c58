import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectMinutes, mapReply, parseMinutes, structureMinutes } from '../src/lib/minutes.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/minutes/${name}`, import.meta.url), 'utf8');
const wiki = fixture('wiki-hackathon.txt');

describe('parseMinutes, wiki style', () => {
  const m = parseMinutes(wiki);
  it('reads = Section = and == Sub == headings with levels and unique anchors', () => {
    expect(m.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Release Planning'],
      [2, "Bob's Proposal"],
      [1, 'Write-Ahead Log'],
      [1, 'Checksums at Start-up'],
      [1, 'Any Other Business'],
    ]);
    expect(new Set(m.sections.map((s) => s.anchor)).size).toBe(5);
    expect(m.sections[0]!.anchor).toBe('s-release-planning');
  });
  it('reads [ACTION] items with owners, due dates and sections', () => {
    expect(m.actions.map((a) => [a.owner, m.sections[a.section]?.title, a.due])).toEqual([
      ['Alice', 'Release Planning', '1 March'],
      ['Dana', 'Release Planning', undefined],
      ['Bob', "Bob's Proposal", undefined],
      ['Erik', 'Write-Ahead Log', undefined],
      ['Zoë', 'Checksums at Start-up', undefined],
    ]);
    expect(m.actions[0]!.text).toBe('Alice write up the release process on the wiki by 1 March');
  });
  it('reads [Conclusion] decisions, [Note] notes, [Carol] speakers and the attendee list', () => {
    expect(m.decisions.map((d) => m.sections[d.section]!.title)).toEqual(['Release Planning', 'Release Planning', 'Write-Ahead Log', 'Checksums at Start-up']);
    expect(m.decisions[0]!.text).toMatch(/^We all agreed on a six-month cadence.*and July; 2.0 will be the July 2025 release and 1.10 ships in February.$/);
    expect(m.notes).toHaveLength(2);
    expect(m.speakers.map((s) => s.speaker)).toEqual(['Carol']);
    expect(m.attendees).toEqual(['Alice Lindqvist', 'Bob Okafor', 'Carol Nguyen', 'Dana Whitfield', 'Erik Johansson', 'Frank Moreau', 'Zoë Müller']);
  });
  it('keeps the text as it is: structure only points at lines', () => {
    const lines = wiki.split('\n');
    for (const a of m.actions) expect(lines[a.line]).toContain(a.text);
    for (const s of m.sections) expect(lines[s.line]).toContain(s.title);
  });
});

describe('parseMinutes, other styles', () => {
  it('reads speaker-line minutes with a session description, AI (name) and TODO(name)', () => {
    const m = parseMinutes(fixture('speaker-lines-design-session.txt'));
    expect(m.sections.map((s) => s.title)).toEqual(['Session description']);
    expect(m.speakers.map((s) => s.speaker)).toEqual(['Dana', 'Erik', 'Zoë', 'Dana', 'Bob']);
    expect(m.actions.map((a) => [a.owner, a.due])).toEqual([
      ['Erik', 'end of June'],
      ['zoe', undefined],
    ]);
    expect(m.decisions.map((d) => d.text)).toEqual(['start with read-only volumes in 2.1.']);
  });
  it('reads Markdown minutes: # headings, attendees over two lines, an Action items: block, Agreed and RESOLVED', () => {
    const m = parseMinutes(fixture('markdown-working-group.txt'));
    expect(m.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Storage working group, 6 May 2025'],
      [2, '1. Release status'],
      [2, '2. Device passthrough'],
      [2, 'Action items'],
    ]);
    expect(m.attendees).toEqual(['Alice Lindqvist', 'Bob Okafor', 'Carol Nguyen', 'Gina Rossi']);
    expect(m.actions.map((a) => [a.owner, a.due])).toEqual([
      ['Carol', '2025-05-20'],
      ['Bob', undefined],
    ]);
    expect(m.decisions.map((d) => d.text)).toEqual(['the 1.10 branch gets fixes until 2.0 ships.', 'passthrough is in scope for 2.1.']);
  });
  it('takes numbered topics as sections in a "results" mail without headings', () => {
    const m = parseMinutes(fixture('results-numbered.txt'));
    expect(m.sections.map((s) => s.title)).toEqual(['CVE process for the web server', 'Certificate chains in the management API', 'Password policy defaults']);
  });
});

describe('structureMinutes', () => {
  it('gives prose minutes one section over the whole text, holding its items', () => {
    const m = structureMinutes('On Tuesday we met.\nDecision: ship it.\n', 'Re: Meeting results');
    expect(m.sections).toEqual([{ title: 'Meeting results', level: 1, anchor: 's-minutes', line: 0, end: 3, whole: true }]);
    expect(m.decisions[0]!.section).toBe(0);
  });
  it('keeps the structure of minutes that have headings', () => {
    expect(structureMinutes(wiki, 'x').sections).toHaveLength(5);
  });
});

describe('detectMinutes', () => {
  it('fires on minutes and says why', () => {
    const d = detectMinutes('x@y', 'Lumen Hackathon 2025 minutes', wiki);
    expect(d.minutes).toBe(true);
    expect(d.reasons.join('; ')).toMatch(/subject says minutes.*section headings.*action items/);
    expect(detectMinutes('x@y', 'Security Working Group meeting - Wednesday May 6 - results', fixture('results-numbered.txt')).minutes).toBe(true);
    expect(detectMinutes('x@y', 'Design session: live migration', fixture('speaker-lines-design-session.txt')).minutes).toBe(true);
    expect(detectMinutes('x@y', 'Storage WG', fixture('markdown-working-group.txt')).minutes).toBe(true);
  });
  it('does not fire on replies, cancellations or ordinary mail', () => {
    expect(detectMinutes('x@y', 'Re: Lumen Hackathon 2025 minutes', wiki).minutes).toBe(false);
    expect(detectMinutes('x@y', "Today's PMCI WG meeting - cancelled", 'No meeting today.').minutes).toBe(false);
    expect(detectMinutes('x@y', 'Build failure on musl', 'Building fails with O_DIRECT undeclared.').minutes).toBe(false);
  });
  it('takes a reply that posts the results to its agenda thread', () => {
    const highlights = 'Here are highlights from the meeting.\n\n1. TLS certificates\nANSWER: manage certificates via Redfish.\n\n2. Session timeouts\nNo discussion.\n\nDecision: start with a design on the list.\n';
    const subject = 'Re: Security Working Group Meeting - Wed 16 September - meeting highlights';
    expect(detectMinutes('x@y', subject, highlights, {}, 'Security Working Group Meeting - Wed 16 September').minutes).toBe(true);
    expect(detectMinutes('x@y', 'Re: Lumen Hackathon 2025 minutes', wiki, {}, 'Lumen Hackathon 2025 minutes').minutes).toBe(false);
  });
  it('follows list.json overrides', () => {
    expect(detectMinutes('a@b', 'Weekly sync', 'x', { subjects: ['weekly sync'] }).reasons[0]).toContain('list.json pattern');
    expect(detectMinutes('a@b', 'Lumen Hackathon 2025 minutes', wiki, { force: { 'a@b': false } }).minutes).toBe(false);
    expect(detectMinutes('a@b', 'anything', '', { force: { 'a@b': true } }).minutes).toBe(true);
  });
});

describe('mapReply', () => {
  const m = parseMinutes(wiki);
  const title = (k: number) => m.sections[k]!.title;
  it('maps each quote of an inline reply to its section, with the answer that follows', () => {
    const reply = fixture('reply-bob-inline.txt');
    const mapped = mapReply(wiki, m, reply);
    expect(mapped.map((q) => title(q.section))).toEqual(["Bob's Proposal", "Bob's Proposal"]);
    const lines = reply.split('\n');
    expect(lines.slice(...mapped[0]!.answer!).join(' ')).toContain('three people *per release*');
  });
  it('tolerates re-wrapped lines and nested quote marks', () => {
    const mapped = mapReply(wiki, m, fixture('reply-rewrapped-nested.txt'));
    expect(mapped.map((q) => title(q.section))).toEqual(['Write-Ahead Log', 'Write-Ahead Log']);
  });
  it('maps a trimmed quote of a later section', () => {
    expect(mapReply(wiki, m, fixture('reply-zoe-checksums.txt')).map((q) => title(q.section))).toEqual(['Checksums at Start-up']);
  });
  it('maps nothing for a reply that quotes nothing', () => {
    expect(mapReply(wiki, m, fixture('reply-quotes-nothing.txt'))).toEqual([]);
  });
});
