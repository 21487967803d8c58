import { describe, expect, it } from 'vitest';
import { forwardedHeader, listMarker, readLines, sentencesOf, titleOf } from '../src/lib/minutes-text.ts';

describe('readLines', () => {
  it('ends the writer\'s own text at a signature and at an original message below a top-posted reply', () => {
    const lines = readLines('Works for me.\n\nFrom: Ruth <r@x>\nSent: Monday\nTo: list\nSubject: time\n\nOld text\n-- \nsig\n');
    expect(lines.filter((l) => !l.after && !l.blank).map((l) => l.body)).toEqual(['Works for me.']);
    expect(readLines('Hi\n-----Original Message-----\nold').map((l) => l.after)).toEqual([false, true, true]);
  });
  it('keeps the headers of a forward as the start of the forwarded text, and reads them', () => {
    const text = 'FYI\n\n-------- Forwarded Message --------\nSubject: \tWG notes\nDate: \tMon, 27 Jan 2020 11:42:04 -0600\nFrom: \tAna <a@x>\n\nNotes here.\n';
    expect(readLines(text).every((l) => !l.after)).toBe(true);
    expect(forwardedHeader(readLines(text))).toEqual({ from: 'Ana <a@x>', date: 'Mon, 27 Jan 2020 11:42:04 -0600', subject: 'WG notes', bodyLine: 6 });
  });
  it('reads quote depth and indentation', () => {
    expect(readLines('> > a\n>   1. b').map((l) => [l.depth, l.body, l.indent])).toEqual([
      [2, 'a', 0],
      [1, '  1. b', 2],
    ]);
  });
});

describe('listMarker', () => {
  it('knows bullets, 1., 1), (1), 2A. and, when asked, a bare number before a capital', () => {
    expect(['- a', '* a', '• a', '1. a', '1) a', '(4) Action items', '2A. We reviewed'].map((l) => listMarker(l)?.kind)).toEqual(['bullet', 'bullet', 'bullet', 'number', 'number', 'number', 'number']);
    expect(listMarker('2A. We')?.number).toBe('2A');
    expect(listMarker('1 Call for topics')).toBeUndefined();
    expect(listMarker('1 Call for topics', true)?.number).toBe('1');
    expect(listMarker('2 weeks from now', true)).toBeUndefined();
  });
});

describe('sentencesOf', () => {
  it('cuts at sentence ends, not after abbreviations or inside version numbers', () => {
    expect(sentencesOf('Ship 2.0 in July. Use e.g. zstd.  (See the list.) Next step').map((s) => s.text)).toEqual(['Ship 2.0 in July.', 'Use e.g. zstd.', '(See the list.)', 'Next step']);
  });
});

describe('titleOf', () => {
  it('cuts a long agenda item to its first sentence and keeps a question mark', () => {
    expect(titleOf(['Moving forward with assurance work.  ("How do we know?")  Review steps.'])).toBe('Moving forward with assurance work');
    expect(titleOf(['(Joseph): Is OpenBMC affected by cookie changes (https://x.org/a)? Do we want more?'])).toBe('(Joseph): Is OpenBMC affected by cookie changes?');
  });
  it('drops links appended to a title, keeps a link that is part of the sentence', () => {
    expect(titleOf(['Redfish forum question: Direction for channel restrictions - https://x.org/t/1'])).toBe('Redfish forum question: Direction for channel restrictions');
    expect(titleOf(['FYI: Code review: session timeouts', 'https://gerrit.example/c/1'])).toBe('FYI: Code review: session timeouts');
    expect(titleOf(['(Joseph): Per https://x.org/m/1 do we agree on the approach?  What next?'])).toBe('(Joseph): Per https://x.org/m/1 do we agree on the approach?');
    expect(titleOf(['The CSIS <https://x.org>published a paper.'])).toBe('The CSIS published a paper');
  });
  it('cuts at a colon before a whole sentence, not before a list, and at a dash for the writer\'s notes', () => {
    expect(titleOf(['FYI: moving to Meson build system (from cmake): A security concern is ensuring project defaults are kept.'])).toBe('FYI: moving to Meson build system (from cmake)');
    expect(titleOf(['Interest in implementing Redfish properties: HTTPS, IPMI, SSH?'])).toBe('Interest in implementing Redfish properties: HTTPS, IPMI, SSH?');
    expect(titleOf(['MCTP Design - offline review, and further discussion next week.'], true)).toBe('MCTP Design');
  });
  it('cuts where text flattened from HTML lost a line break', () => {
    expect(titleOf(['Use the Yocto cvecheck scan for our repos No CVE checking is done at the project level.'])).toBe('Use the Yocto cvecheck scan for our repos');
  });
});
