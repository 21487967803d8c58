import { describe, expect, it } from 'vitest';
import { stemTerm } from '../src/lib/search-stem.ts';

const same = (words: string[]) => new Set(words.map(stemTerm)).size === 1;

describe('word groups', () => {
  it('puts the inflected forms of a word in one group', () => {
    for (const forms of [
      ['crash', 'crashes', 'crashed', 'crashing'],
      ['release', 'releases', 'released', 'releasing'],
      ['cache', 'caches', 'cached', 'caching'],
      ['patch', 'patches', 'patched'],
      ['reply', 'replies', 'replied'],
      ['stop', 'stopped', 'stopping', 'stops'],
      ['snapshot', 'snapshots'],
      ['day', 'days'],
      ['close', 'closes', 'closed'],
      ['try', 'tries', 'tried', 'trying'],
      ['cpu', 'cpus'],
      ['key', 'keys'],
    ]) {
      expect(same(forms), forms.join(' ')).toBe(true);
    }
  });

  it('keeps different words apart, where a full Porter stemmer merges them', () => {
    for (const pair of [
      ['university', 'universe'],
      ['general', 'generous'],
      ['organ', 'organization'],
      ['news', 'new'],
      ['hope', 'hop'],
      ['compress', 'compression'],
      ['evening', 'even'],
    ]) {
      expect(same(pair), pair.join(' ')).toBe(false);
    }
  });

  it('leaves identifiers, numbers and joined forms as they are', () => {
    for (const term of ['raid5', 'btrfs_commit_transaction', '5.15', 'x86', 'generic/475', 'sound-card5', '--repair', 'x-y']) expect(stemTerm(term)).toBe(term);
  });

  it('groups words joined by hyphens by their last word', () => {
    expect(same(['sound-card', 'sound-cards'])).toBe(true);
    expect(same(['speech-dispatcher', 'speech-dispatchers'])).toBe(true);
    expect(same(['add-on', 'add-ons'])).toBe(true);
    expect(same(['sound-card', 'sound-cart'])).toBe(false);
    expect(stemTerm('speech-dispatchers')).toBe(`speech-${stemTerm('dispatchers')}`);
  });
});
