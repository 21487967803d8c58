import { describe, expect, it } from 'vitest';
import { matchItems, ownerRight, scoreWords, similarity } from '../bench/minutes.ts';

describe('the minutes scorer (bench/eval/MINUTES-SCORING.md)', () => {
  it('drops quote markers, bullets and item numbers before cutting words', () => {
    expect(scoreWords('> > 2A. Release  planning: v2.0?')).toEqual(['release', 'planning', 'v2', '0']);
    expect(scoreWords('(3) BMC use cases')).toEqual(['bmc', 'use', 'cases']);
    expect(scoreWords('* 10 Session timeouts')).toEqual(['session', 'timeouts']);
  });
  it('measures shared words against the longer text', () => {
    expect(similarity(scoreWords('send the email'), scoreWords('Alice to send the email'))).toBeCloseTo(3 / 5);
    expect(similarity([], scoreWords('x'))).toBe(0);
  });
  it('matches one to one, best pairs first, only above one half', () => {
    const labels = ['review the test plan', 'write the docs'].map(scoreWords);
    const found = ['Bob to review the test plan', 'review the test plan', 'docs'].map(scoreWords);
    expect(matchItems(labels, found)).toEqual([[0, 1]]);
    expect(matchItems([scoreWords('a b')], [scoreWords('a c')])).toEqual([]);
  });
  it('takes an owner as right when the names correspond person by person', () => {
    expect(ownerRight(null, undefined)).toBe(true);
    expect(ownerRight('Joseph Reynolds', 'Joseph')).toBe(true);
    expect(ownerRight('Jandra and Kathy', 'Kathy, Jandra')).toBe(true);
    expect(ownerRight('Jandra and Kathy', 'Jandra')).toBe(false);
    expect(ownerRight('Kathy', undefined)).toBe(false);
    expect(ownerRight(null, 'Create')).toBe(false);
  });
});
