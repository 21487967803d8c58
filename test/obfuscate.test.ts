import { describe, expect, it } from 'vitest';
import { obfuscateAddress, obfuscateText } from '../src/lib/obfuscate.ts';
import { formatAddress, formatSize, senderLabel } from '../src/lib/format.ts';

describe('obfuscation', () => {
  it('hides the domain fully, partly or not at all', () => {
    expect(obfuscateAddress('alice@example.org', 'full')).toBe('alice@xxxxxxx');
    expect(obfuscateAddress('alice@example.org', 'domain')).toBe('alice@…');
    expect(obfuscateAddress('alice@example.org', 'none')).toBe('alice@example.org');
  });
  it('hides every address in text', () => {
    expect(obfuscateText('a@b.example.org, c.d+e@f.io wrote', 'full')).toBe('a@xxxxxxx, c.d+e@xxxxxxx wrote');
    expect(obfuscateText('no address @ here', 'full')).toBe('no address @ here');
  });
  it('formats headers and sender labels under the list\'s obfuscation', () => {
    expect(formatAddress({ name: 'Alice', address: 'alice@example.org' }, 'full')).toBe('Alice <alice@xxxxxxx>');
    expect(formatAddress({ name: 'bob@example.org', address: 'bob@example.org' }, 'domain')).toBe('bob@… <bob@…>');
    expect(senderLabel('', 'carol@example.org', 'full')).toBe('carol');
    expect(senderLabel('', 'carol@example.org', 'none')).toBe('carol@example.org');
    expect(senderLabel('', '', 'full')).toBe('unknown');
  });
  it('formats sizes without locale', () => {
    expect([formatSize(512), formatSize(14_200), formatSize(3_100_000)]).toEqual(['512 B', '14.2 KB', '3.1 MB']);
  });
});
