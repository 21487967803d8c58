import { describe, expect, it } from 'vitest';
import { baseSubject, isReplySubject } from '../src/lib/subject.ts';

describe('subjects', () => {
  it('strips reply and forward prefixes in many languages, and list tags', () => {
    expect(baseSubject('Re: Re: [lumen-devel] Release  plans')).toBe('release plans');
    expect(baseSubject('AW: SV: Fwd: RE[2]: Release plans')).toBe('release plans');
    expect(baseSubject('[list] Re: [list] Release plans')).toBe('release plans');
  });
  it('keeps patch tags, which distinguish messages of a series', () => {
    expect(baseSubject('Re: [PATCH v2 1/3] wal: queue')).toBe('[patch v2 1/3] wal: queue');
  });
  it('tells replies from originals', () => {
    expect(isReplySubject('Re: x')).toBe(true);
    expect(isReplySubject('[list] AW: x')).toBe(true);
    expect(isReplySubject('Fwd: x')).toBe(false);
    expect(isReplySubject('Release plans')).toBe(false);
  });
  it('stops after a bounded number of prefixes', () => {
    expect(baseSubject(`${'Re: '.repeat(10000)}x`)).toMatch(/x$/);
  });
});
