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
  it('takes an address as a whole run of local-part characters, left to right, never overlapping', () => {
    // The domain stops before a trailing dot; a top-level domain must end at a word boundary.
    expect(obfuscateText('<a@b.example.com.> x@y.com_z', 'full')).toBe('<a@xxxxxxx.> x@y.com_z');
    // The second address's local part runs back into the first match: a global replace skips it.
    expect(obfuscateText('a@b.com.c@d.org', 'full')).toBe('a@xxxxxxx.c@d.org');
    // 64 local characters make an address; 65 make none, nor does any shorter tail of them.
    expect(obfuscateText(`${'l'.repeat(64)}@ex.com`, 'domain')).toBe(`${'l'.repeat(64)}@…`);
    expect(obfuscateText(`${'l'.repeat(65)}@ex.com`, 'domain')).toBe(`${'l'.repeat(65)}@ex.com`);
    // Where one `@` has no address, the next may: `y` follows an `@`, which no local part holds.
    // A local part is ASCII: `é` is not one, nor is an empty one.
    expect(obfuscateText('x@y@z.example and @@q.io, é@mail.fr', 'full')).toBe('x@y@xxxxxxx and @@q.io, é@mail.fr');
    expect(obfuscateText('a@b.example.org', 'none')).toBe('a@b.example.org');
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
