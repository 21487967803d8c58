import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findThreadMinutes, type ThreadMessage } from '../src/lib/meetings.ts';
import { completionNotes, detectMinutes, mapReply, parseMinutes, structureMinutes, subjectSays } from '../src/lib/minutes.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/minutes/${name}`, import.meta.url), 'utf8');
const wiki = fixture('wiki-hackathon.txt');
const titles = (text: string) => parseMinutes(text).sections.map((s) => s.title);
const owned = (text: string, author?: string) => parseMinutes(text, author === undefined ? {} : { author }).actions.map((a) => [a.owner, a.text]);

/** A thread of two messages: an agenda and a reply to it, as the finder sees them. */
function agendaThread(agendaSubject: string, replySubject: string, replyText: string, agendaText = 'Topics:\n1. Freeze date\n') {
  const messages: ThreadMessage[] = [
    { n: 0, messageId: 'agenda@x', subject: agendaSubject, fromName: 'Ruth Abebe', fromAddress: 'ruth@x', dateMs: Date.UTC(2025, 2, 4, 9), parent: -1 },
    { n: 1, messageId: 'reply@x', subject: replySubject, fromName: 'Ruth Abebe', fromAddress: 'ruth@x', dateMs: Date.UTC(2025, 2, 6, 18), parent: 0 },
  ];
  const texts = [agendaText, replyText];
  return findThreadMinutes({ messages }, (n) => texts[n]!, {});
}

describe('parseMinutes, wiki style', () => {
  const m = parseMinutes(wiki);
  it('reads = Section = and == Sub == headings with levels and unique anchors', () => {
    expect(m.sections.map((s) => [s.level, s.title, s.kind])).toEqual([
      [1, 'Release Planning', 'heading'],
      [2, "Bob's Proposal", 'heading'],
      [1, 'Write-Ahead Log', 'heading'],
      [1, 'Checksums at Start-up', 'heading'],
      [1, 'Any Other Business', 'heading'],
    ]);
    expect(new Set(m.sections.map((s) => s.anchor)).size).toBe(5);
    expect(m.sections[0]!.anchor).toBe('s-release-planning');
  });
  it('leaves an address in a heading out of its anchor', () => {
    const withAddress = parseMinutes('= Mail admin@example.org about the list =\nWe will.\n\n= Other =\nNothing.\n');
    expect(withAddress.sections[0]!.title).toBe('Mail admin@example.org about the list');
    expect(withAddress.sections[0]!.anchor).toBe('s-mail-about-the-list');
  });
  it('reads [ACTION] items and "Name will …" with the owner apart from the task, due dates and sections', () => {
    expect(m.actions.map((a) => [a.owner, a.text, m.sections[a.section]?.title, a.due])).toEqual([
      ['Alice', 'write up the release process on the wiki by 1 March', 'Release Planning', '1 March'],
      ['Dana', 'prepare the 1.10 release', 'Release Planning', undefined],
      ['Bob', 'send the rota proposal to the list', "Bob's Proposal", undefined],
      ['Erik', 'post v2 of the series with the window as a setting', 'Write-Ahead Log', undefined],
      ['Zoë', 'implement the background scrub', 'Checksums at Start-up', undefined],
      ['Frank', 'look for a venue', 'Any Other Business', undefined],
    ]);
  });
  it('reads [Conclusion] decisions as written, [Note] notes, [Carol] speakers and the attendee list', () => {
    expect(m.decisions.map((d) => m.sections[d.section]!.title)).toEqual(['Release Planning', 'Release Planning', 'Write-Ahead Log', 'Checksums at Start-up']);
    expect(m.decisions[0]!.text).toMatch(/^We all agreed on a six-month cadence.*and July; 2.0 will be the July 2025 release and 1.10 ships in February.$/);
    expect(m.notes).toHaveLength(2);
    expect(m.speakers.map((s) => s.speaker)).toEqual(['Carol', 'Erik']);
    expect(m.attendees).toEqual(['Alice Lindqvist', 'Bob Okafor', 'Carol Nguyen', 'Dana Whitfield', 'Erik Johansson', 'Frank Moreau', 'Zoë Müller']);
  });
  it('keeps the text as it is: structure only points at lines', () => {
    const lines = wiki.split('\n');
    for (const a of m.actions) expect(lines[a.line]).toContain(a.text);
    for (const s of m.sections) expect(lines[s.line]).toContain(s.title);
  });
});

describe('topics', () => {
  it('takes numbered topics with or without a dot; label lines (ANSWER, DISCUSSION, Next steps) are parts of a topic', () => {
    expect(titles(fixture('numbered-topics-without-dots.txt'))).toEqual(['Retire the old issue tracker?', 'Logo contest']);
    expect(titles(fixture('results-numbered.txt'))).toEqual(['CVE process for the web server', 'Certificate chains in the management API', 'Password policy defaults']);
  });
  it('never takes an attribution line, a banner or numbered how-to steps for a topic', () => {
    expect(titles(fixture('attribution-banner-howto.txt'))).toEqual(['Release checklist', 'Website']);
  });
  it('takes the quoted agenda items a results reply answers, once each, with their titles cut from links', () => {
    const m = parseMinutes(fixture('results-reply-under-agenda.txt'));
    expect(m.sections.map((s) => [s.kind, s.title])).toEqual([
      ['agenda', 'Move the user guide to the new site generator'],
      ['agenda', 'Screenshots in the admin chapter are out of date'],
      ['agenda', 'Translation workflow'],
    ]);
    expect(m.evidence.answered).toBe(3);
    expect(titles(fixture('results-subject-without-meeting.txt'))).toEqual(['Freeze date for 3.2', 'Who reviews the release notes']);
  });
  it('reads Markdown notes: the document title is not a topic, links keep their words, "### Action items" closes the topics', () => {
    const m = parseMinutes(fixture('markdown-notes.md.txt'));
    expect(m.sections.map((s) => s.title)).toEqual(['Search', 'Glossary']);
    const redirects = m.actions.find((a) => a.text.startsWith('Create the redirects'))!;
    expect(redirects.section).toBe(-1);
    expect(redirects.owner).toBeUndefined();
  });
  it('reads a short line over a list as a topic, and bullets under "Highlights:" that read as titles', () => {
    expect(titles('Notes from the call:\n\nBuild farm\n- two runners\n\nMirrors\n- more disk\n')).toEqual(['Build farm', 'Mirrors']);
    expect(titles('Highlights from the meeting:\n- Default passwords (item 2).\n- Threat models (items 3, 4).\n')).toEqual(['Default passwords (item 2)', 'Threat models (items 3, 4)']);
    expect(titles('Highlights:\n- We discussed the design of the cache.\n- We reviewed the open bugs.\n')).toEqual([]);
  });
});

describe('other common formats', () => {
  it('reads a MeetBot summary: topics, AGREED, ACTION with IRC nicks, people present; repeated action lists once', () => {
    const m = parseMinutes(fixture('meetbot-summary.txt'));
    expect(m.sections.map((s) => s.title)).toEqual(['Roll call', '2.1 release blockers', 'Mirror outage']);
    expect(m.decisions.map((d) => [d.text, m.sections[d.section]!.title])).toEqual([['ship 2.1 without the scrub throttle', '2.1 release blockers']]);
    expect(m.actions.map((a) => [a.owner, a.text, m.sections[a.section]?.title])).toEqual([
      ['omar', 'tag 2.1-rc1 on Thursday', '2.1 release blockers'],
      ['lena', 'write the incident report', 'Mirror outage'],
    ]);
    expect(m.attendees).toEqual(['ruth', 'omar', 'lena']);
    expect(detectMinutes('x@y', 'Summary/Minutes from today\'s Lumen weekly meeting', fixture('meetbot-summary.txt')).minutes).toBe(true);
  });
  it('reads working-group notes in Markdown: a date heading is the meeting, **Agenda** bullets are topics, AI: @handle', () => {
    const m = parseMinutes(fixture('sig-notes-markdown.txt'));
    expect(m.sections.map((s) => s.title)).toEqual(['Flaky CI on arm64', 'Docs freeze']);
    expect(m.attendees).toEqual(['Ruth Abebe', 'Omar Haddad']);
    expect(m.actions.map((a) => [a.owner, a.text])).toEqual([['omar', 'move them to the nightly job']]);
    expect(m.decisions.map((d) => d.text)).toEqual(['the docs freeze follows the code freeze by one week.']);
  });
});

describe('attendees', () => {
  it('reads Present:/Attended:/Participants: as a numbered list, with screen names, and skips apologies', () => {
    expect(parseMinutes(fixture('attendance-forms.txt')).attendees).toEqual(['Ruth Abebe', 'Omar Haddad', 'jdoe42']);
    expect(parseMinutes('Attended: Ana Lima (Acme), Bo Chen <bo@x.org>\n').attendees).toEqual(['Ana Lima', 'Bo Chen']);
    expect(parseMinutes('Attendance:\n- Ana Lima\n- Bo Chen\n\nNotes\n').attendees).toEqual(['Ana Lima', 'Bo Chen']);
  });
  it('takes "(did not record attendance)" as nobody, and never takes a piece of a sentence for a name', () => {
    expect(parseMinutes(fixture('no-attendance-recorded.txt')).attendees).toEqual([]);
    expect(parseMinutes('Present: the new design to the board\n').attendees).toEqual([]);
    expect(parseMinutes('Participants: Priya Nair, Tomasz Wilk, kwu\n').attendees).toEqual(['Priya Nair', 'Tomasz Wilk', 'kwu']);
  });
});

describe('action items', () => {
  it('reads AI:, Action (Name):, [ACTION], mid-line TODO, "needs someone to", "Name will", "Name to"', () => {
    expect(owned(fixture('action-forms.txt'))).toEqual([
      ['Omar', 'fix the ranking of old pages'],
      ['Ruth', 'write the query syntax help'],
      [undefined, 'Create a ticket for the slow filter'],
      [undefined, 'test it on mobile'],
      ['Lena', 'follow up with the designers'],
      ['Kim', 'send the contrast report'],
      [undefined, 'Document the keyboard shortcuts'],
      [undefined, 'check the screen reader labels'],
    ]);
  });
  it('reads TODO Name:, TODO for Name:, TODO(name), AI (Name): and "need someone to"', () => {
    expect(owned(fixture('design-sessions-notes.txt'))).toEqual([
      ['Hana', 'write the format description'],
      ['Tomasz', 'prototype the reader in the CLI'],
      [undefined, 'benchmark the checksum cost'],
    ]);
    expect(owned(fixture('speaker-lines-design-session.txt'))).toEqual([
      ['Erik', 'write a design document for WAL shipping by end of June'],
      ['zoe', 'prototype read-only migration'],
    ]);
  });
  it('never takes a verb for an owner', () => {
    for (const line of ['Action: Create the release page', 'TODO: Document the flags', 'AI: Follow up on the mirror', '[ACTION] Update the FAQ']) {
      expect(parseMinutes(line).actions[0]!.owner, line).toBeUndefined();
    }
    expect(owned('Thanks to everyone who came.\nLink to wiki: https://x.org/w\n')).toEqual([]);
  });
  it('gives "I will …" to the writer, ongoing work to its team, and a checkbox its state', () => {
    expect(owned('So I will send the summary to the list.', 'Ruth Abebe')).toEqual([['Ruth Abebe', 'send the summary to the list']]);
    expect(owned('- IBM is working on a prototype\n- Jandra and Kathy are creating mockups\n')).toEqual([
      ['IBM', 'working on a prototype'],
      ['Jandra and Kathy', 'creating mockups'],
    ]);
    const m = parseMinutes(fixture('markdown-notes.md.txt'));
    expect(m.actions.map((a) => [a.owner, a.state])).toContainEqual(['Lena', 'done']);
    expect(m.actions.map((a) => [a.owner, a.text])).toContainEqual(['omar', 'add the new storage terms']);
    expect(parseMinutes('DONE: Joseph added the workflow section.').actions[0]).toMatchObject({ owner: 'Joseph', state: 'done' });
  });
  it('reads "Name - task" list items, and a weekday as a due date', () => {
    const m = parseMinutes('Notes from the release call:\n\n- Chen - update the release notes by Friday.\n- Release - went fine.\n');
    expect(m.actions.map((a) => [a.owner, a.text, a.due])).toEqual([['Chen', 'update the release notes by Friday', 'Friday']]);
  });
  it('reads the items under "Next steps:" and "Action items" as actions, and "the next step is to …"', () => {
    expect(owned('Highlights: we met. Next steps:\n   1. Refine the list.\n   2. Work out the use cases.\n')).toEqual([
      [undefined, 'Refine the list'],
      [undefined, 'Work out the use cases'],
    ]);
    expect(owned('The next steps areto complete the investigation and push a fix.')).toEqual([[undefined, 'complete the investigation and push a fix']]);
  });
  it('does not take courtesy, statements of interest or review comments for actions', () => {
    expect(owned('Please feel free to add agenda topics.\nJoseph wants to implement it.\nJoseph is interested in helping.\n')).toEqual([]);
  });
});

describe('decisions', () => {
  it('reads consensus, RESOLVED, [Decision], decided, general agreement, approved; not previously agreed, no agreement or a question', () => {
    expect(parseMinutes(fixture('decisions-and-not.txt')).decisions.map((d) => d.text)).toEqual([
      'The consensus was to enable zstd by default.',
      'level 3 is the default.',
      'Old volumes keep their setting.',
      'We decided to drop lzo in 4.0.',
    ]);
    expect(parseMinutes(fixture('attendance-forms.txt')).decisions.map((d) => d.text)).toEqual(['The budget was approved.']);
    expect(parseMinutes('There was general agreement to version every chunk.').decisions).toHaveLength(1);
  });
  it('reads a yes/no answer to a topic that asks a question, and an ANSWER: given on the spot', () => {
    const m = parseMinutes(fixture('numbered-topics-without-dots.txt'));
    expect(m.decisions.map((d) => [d.text, m.sections[d.section]!.title])).toEqual([['Yes, after exporting the open issues.', 'Retire the old issue tracker?']]);
    const answered = parseMinutes('> 1. Can we drop the old API?\nNo.  Two vendors still use it.\n\n> 2. Docs?\nYes.\n');
    expect(answered.decisions.map((d) => d.text)).toEqual(['No. Two vendors still use it.', 'Yes.']);
  });
  it('takes "Agreed to …" for a decision and for the action agreed', () => {
    const m = parseMinutes('Reviewed the designs\n\n   - Agreed to review the test plan early next week.\n');
    expect(m.decisions.map((d) => d.text)).toEqual(['Agreed to review the test plan early next week.']);
    expect(m.actions.map((a) => a.text)).toEqual(['review the test plan early next week']);
  });
  it('keeps speakers\' words as speaker lines, not as the meeting\'s decisions', () => {
    expect(parseMinutes('Dana: agreed, read-only first.\nErik: yes.\nBob: fine.\n').decisions).toEqual([]);
  });
});

describe('structureMinutes', () => {
  it('gives prose minutes one whole-text section over the text, holding its items', () => {
    const m = structureMinutes('On Tuesday we met.\nDecision: ship it.\n', 'Re: Meeting results');
    expect(m.sections).toEqual([{ title: 'Meeting results', level: 1, anchor: 's-minutes', line: 0, end: 3, kind: 'whole' }]);
    expect(m.decisions[0]!.section).toBe(0);
  });
  it('keeps the structure of minutes that have topics', () => {
    expect(structureMinutes(wiki, 'x').sections).toHaveLength(5);
  });
});

describe('detectMinutes', () => {
  it('fires on minutes and says why', () => {
    const d = detectMinutes('x@y', 'Lumen Hackathon 2025 minutes', wiki);
    expect(d.minutes).toBe(true);
    expect(d.reasons.join('; ')).toMatch(/subject says minutes.*the text reports a meeting.*action items/);
    expect(detectMinutes('x@y', 'Storage WG', fixture('markdown-working-group.txt')).minutes).toBe(true);
    expect(detectMinutes('x@y', 'Design Sessions notes: snapshot streaming', fixture('design-sessions-notes.txt')).minutes).toBe(true);
    expect(detectMinutes('x@y', 'Design session: live migration', fixture('speaker-lines-design-session.txt')).minutes).toBe(true);
  });
  it('reads a forwarded copy of minutes', () => {
    expect(detectMinutes('x@y', 'Fwd: Infra meeting minutes 2025-05-12', fixture('forwarded-minutes.txt')).minutes).toBe(true);
  });
  it('does not fire on replies to minutes, cancellations, announcements or ordinary mail', () => {
    expect(detectMinutes('x@y', 'Re: Lumen Hackathon 2025 minutes', wiki, {}, { parentSubject: 'Lumen Hackathon 2025 minutes', parentIsMinutes: true }).minutes).toBe(false);
    expect(detectMinutes('x@y', "Today's PMCI WG meeting - cancelled", 'No meeting today.').minutes).toBe(false);
    expect(detectMinutes('x@y', 'Web team meeting Thursday 15 May', fixture('announcement-with-old-actions.txt')).minutes).toBe(false);
    expect(detectMinutes('x@y', 'Build failure on musl', 'Building fails with O_DIRECT undeclared.').minutes).toBe(false);
    expect(detectMinutes('x@y', 'Screen reader setup notes', fixture('setup-notes-not-minutes.txt')).minutes).toBe(false);
    expect(detectMinutes('x@y', 'Re: [PATCH v2 2/3] wal: batch fsync', fixture('review-reply-inline.txt'), {}, { parentSubject: '[PATCH v2 2/3] wal: batch fsync' }).minutes).toBe(false);
    expect(detectMinutes('x@y', 'Re: docs workgroup meeting - Wednesday', fixture('thin-pointer-to-notes.txt'), {}, { parentSubject: 'docs workgroup meeting - Wednesday' }).minutes).toBe(false);
  });
  it('does not take "minutes" as a span of time for a minutes word', () => {
    expect(subjectSays('btrfs hangs the system for several seconds every few minutes').record).toBeUndefined();
    expect(subjectSays('Locked out for 5 minutes after 5 failures').record).toBeUndefined();
    expect(subjectSays('Lumen Hackathon 2025 minutes').record).toBe('minutes');
    expect(detectMinutes('x@y', 'Scrub hangs every few minutes', fixture('time-minutes-subject.txt')).minutes).toBe(false);
  });
  it('reads a topic split off a thread ("[was: … results]") by its own subject', () => {
    expect(detectMinutes('x@y', 'Signing keys [was: Security WG meeting - results]', 'How are the keys kept?\n\n> The meeting was held.\n> 1. Keys\n').minutes).toBe(false);
  });
  it('follows list.json overrides', () => {
    expect(detectMinutes('a@b', 'Weekly sync', 'Notes from the sync:\n\nDecision: ship it.\n', { subjects: ['weekly sync'] }).reasons.join()).toContain('list.json pattern');
    expect(detectMinutes('a@b', 'Lumen Hackathon 2025 minutes', wiki, { force: { 'a@b': false } }).minutes).toBe(false);
    expect(detectMinutes('a@b', 'anything', '', { force: { 'a@b': true } }).minutes).toBe(true);
  });
});

describe('results posted as a reply to the agenda', () => {
  it('takes a plain reply under the agenda subject that reports the meeting', () => {
    const [entry] = agendaThread('Docs team meeting - Thursday 6 March', 'Re: Docs team meeting - Thursday 6 March', fixture('results-reply-under-agenda.txt'));
    expect(entry?.n).toBe(1);
    expect(entry?.detection.reasons.join('; ')).toMatch(/reports a meeting.*quoted agenda items/);
    expect(entry?.agenda).toBe(0);
  });
  it('takes "Re: <group> - <date> - results" without the word "meeting"', () => {
    const [entry] = agendaThread('Docs team - 14 May', 'Re: Docs team - 14 May - results', fixture('results-subject-without-meeting.txt'));
    expect(entry?.detection.reasons.join('; ')).toMatch(/subject says minutes \("results"/);
  });
  it('leaves a reply that only comments on the agenda', () => {
    expect(agendaThread('Docs team meeting - Thursday', 'Re: Docs team meeting - Thursday', 'I cannot make it this week, sorry.\n')).toEqual([]);
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

describe('completionNotes', () => {
  it('finds the sentences of a reply that report work done, not work planned', () => {
    expect(completionNotes('As promised, the release process is now on the wiki.\nThe scrub is half written; I expect to post it in March.\n> DONE: quoted\n').map((c) => c.text)).toEqual([
      'As promised, the release process is now on the wiki.',
    ]);
  });
});
