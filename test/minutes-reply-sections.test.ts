import { describe, expect, it } from 'vitest';
import { detectMinutes, mapReply, parseMinutes } from '../src/lib/minutes.ts';

// Minutes with sub-items that are sections (2A, 2B), a section title holding a list archive's URL,
// and the agenda mail's sign-off quoted under the last topic.
const MINUTES = `Notes from today's security working group meeting:

1. Gerrit review of the web login change: https://gerrit.example.org/c/bmcweb/+/35457
We discussed fingerprinting and the desire to minimize this surface going forward.

2. Per https://lists.example.org/pipermail/devel/2020-October/023530.html do we agree on the approach?
We agreed in principle to organize security work to a subset of the topics listed.

2A. We reviewed the security reporting and bug fixing process of the response team.
 * Identify which open source packages are used in a build.

2B. What resources does the foundation offer?  Specifically, we want a private secure bug tracker for the response team to use.

3. Anton update on privilege separation work
Progress on ipmi-net and bmcweb: working on dbus config and sockets.

> Access, agenda and notes are in the wiki:
> https://wiki.example.org/Security-working-group
>
> Regards,
> Parth
`;
const minutes = parseMinutes(MINUTES);
const titles = (text: string) => mapReply(MINUTES, minutes, text).map((q) => minutes.sections[q.section]!.title);
const quote = (text: string, depth = 1) =>
  text
    .split('\n')
    .map((l) => `${'>'.repeat(depth)} ${l}`)
    .join('\n');
const lines = (from: number, to: number) => MINUTES.split('\n').slice(from, to).join('\n');

describe('the sections a reply discusses', () => {
  it('reads the fixture as the sections the cases below rely on', () => {
    expect(minutes.sections.map((s) => [s.title.slice(0, 24), s.level])).toEqual([
      ['Gerrit review of the web', 1],
      ['Per https://lists.exampl', 1],
      ['We reviewed the security', 2],
      ['What resources does the ', 2],
      ['Anton update on privileg', 1],
    ]);
  });

  it('attributes an answer under a quote of 2A and 2B to 2B, the sub-item quoted nearest before it', () => {
    const reply = `On 10/15/20, Joseph wrote:\n${quote(lines(8, 12))}\n\nKurt, could the foundation host a private tracker for us?\n`;
    expect(titles(reply)).toEqual(['What resources does the foundation offer?']);
  });

  it('attributes each answer of an inline reply to the section quoted just before it', () => {
    const reply = `${quote(lines(2, 4))}\n\nFingerprinting is the main risk.\n\n${quote(lines(13, 15))}\n\nThe sockets part is merged now.\n`;
    expect(titles(reply)).toEqual(['Gerrit review of the web login change', 'Anton update on privilege separation work']);
  });

  it('keeps a sub-item that is not a section of its own with its parent section', () => {
    const reply = `${quote(' * Identify which open source packages are used in a build.')}\n\nWe could use the build manifest for that.\n`;
    expect(titles(reply)).toEqual(['We reviewed the security reporting and bug fixing process of the response team']);
  });

  it('gives no section to a quote no own text follows: the quoted sign-off of the agenda, a top-post', () => {
    const signOff = `${quote(lines(8, 12))}\n\nAgreed, let us use the existing tools.\n\n...snip...\n${quote(lines(16, 21), 2)}\n`;
    expect(titles(signOff)).toEqual(['What resources does the foundation offer?']);
    const topPost = `Can we move the meeting to a time that suits Europe?\n\nOn 1/22/20, Joseph wrote:\n${quote(MINUTES.trimEnd())}\n`;
    expect(titles(topPost)).toEqual([]);
  });

  it('never counts the words of a URL as shared: a quote of another pipermail link is no quote of the minutes', () => {
    const reply = `${quote('See the replies in the archive here:\nhttps://lists.example.org/pipermail/devel/2020-October/023530.html\n- Joseph')}\n\nI think the current time works for most of us.\n`;
    expect(titles(reply)).toEqual([]);
  });

  it('attributes the nearest quote of the minutes to one answer only, past quotes of other messages', () => {
    const reply = `${quote(lines(11, 12), 2)}\n\nOn 10/15/20, Joseph wrote:\n${quote('What is commonly used for this?')}\n\nA private repository.\n\n${quote('Can LF help?')}\n\nIt would cost money.\n`;
    expect(titles(reply)).toEqual(['What resources does the foundation offer?']);
  });

  it('reads a quote run on over blank, "snip" and attribution lines to the answer after it', () => {
    const reply = `${quote(lines(8, 10))}\n\n[...]\n\nOn 10/15/20, Joseph wrote:\n${quote(lines(11, 12), 2)}\n> \n> Kurt,\n\nWhat about a private repository?\n`;
    expect(titles(reply)).toEqual(['What resources does the foundation offer?']);
  });

  it('lets a phrase two sections share tell neither', () => {
    const text = '1. Release plan\nThe release team will meet weekly from now on.\n\n2. Security\nThe release team will meet weekly from now on.\n';
    const m = parseMinutes(text);
    expect(m.sections).toHaveLength(2);
    expect(mapReply(text, m, '> The release team will meet weekly from now on.\n\nGood.\n')).toEqual([]);
  });
});

describe('the reasons minutes were recognised', () => {
  it('says "1 sentence" and "2 sentences" on what was discussed', () => {
    const reason = (text: string) => detectMinutes('m@x', 'Docs team meeting - results', text).reasons.find((r) => r.includes('on what was discussed'));
    expect(reason('Thanks to all who attended.\n\nWe discussed the release date.\n')).toBe('1 sentence on what was discussed');
    expect(reason('Thanks to all who attended.\n\nWe discussed the release date.\n\nWe talked about the docs.\n')).toBe('2 sentences on what was discussed');
  });
});
