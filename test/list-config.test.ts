import { describe, expect, it } from 'vitest';
import { ListConfigError, readListConfig } from '../src/lib/list-config.ts';

describe('readListConfig', () => {
  it('fills defaults when there is no list.json', () => {
    expect(readListConfig('dev', undefined, 'x')).toEqual({ name: 'dev', title: 'dev', description: '', address: '', obfuscation: 'full', minutes: { subjects: [], force: {} } });
  });
  it('reads every setting', () => {
    expect(readListConfig('dev', { title: 'Dev', description: 'd', address: 'dev@x', obfuscation: 'none' }, 'x').obfuscation).toBe('none');
  });
  it('explains a bad value, an unknown key and a bad folder name', () => {
    expect(() => readListConfig('dev', { obfuscation: 'hide' }, 'archive/dev/list.json')).toThrow(/archive\/dev\/list.json: "obfuscation" must be "full", "domain" or "none"/);
    expect(() => readListConfig('dev', { titel: 'x' }, 'f')).toThrow(/unknown setting "titel"/);
    expect(() => readListConfig('Dev List', undefined, 'f')).toThrow(ListConfigError);
    expect(() => readListConfig('dev', [], 'f')).toThrow(/JSON object/);
    expect(() => readListConfig('dev', { minutes: { subjects: ['('] } }, 'f')).toThrow(/not a regular expression/);
    expect(readListConfig('dev', { minutes: { subjects: ['sync'], force: { 'a@b': true } } }, 'f').minutes).toEqual({ subjects: ['sync'], force: { 'a@b': true } });
  });
});
