import { describe, expect, it } from 'vitest';
import { cleanDisplayName, parseAddressList } from '../src/lib/address.ts';

const same = (s: string) => s;

describe('parseAddressList', () => {
  it('reads names, quoted names with commas, bare addresses and comments', () => {
    expect(parseAddressList('Alice <a@example.org>, "Bob, B." <b@example.org>, c@example.org (Carol), d@example.org', same)).toEqual([
      { name: 'Alice', address: 'a@example.org' },
      { name: 'Bob, B.', address: 'b@example.org' },
      { name: 'Carol', address: 'c@example.org' },
      { name: '', address: 'd@example.org' },
    ]);
  });
  it('flattens groups and drops empty ones', () => {
    expect(parseAddressList('undisclosed-recipients:;', same)).toEqual([]);
    expect(parseAddressList('team: a@example.org, B <b@example.org>;', same)).toEqual([
      { name: '', address: 'a@example.org' },
      { name: 'B', address: 'b@example.org' },
    ]);
  });
  it('drops a name that only repeats the address', () => {
    expect(parseAddressList('"a@example.org" <a@example.org>', same)).toEqual([{ name: '', address: 'a@example.org' }]);
  });
  it('decodes display names with the given decoder', () => {
    expect(parseAddressList('=?x?= <a@example.org>', () => 'Zoë')).toEqual([{ name: 'Zoë', address: 'a@example.org' }]);
  });
  it('keeps a comment-only entry as a name', () => {
    expect(parseAddressList('(no To-header on input)', same)).toEqual([{ name: 'no To-header on input', address: '' }]);
  });
  it('finds the address outside quotes, and a bare address after a quoted name', () => {
    expect(parseAddressList('"Name <a@example.org>" <a@example.org>', same)).toEqual([{ name: 'Name', address: 'a@example.org' }]);
    expect(parseAddressList('"Name <old@example.org>" <new@example.org>', same)).toEqual([{ name: 'Name <old@example.org>', address: 'new@example.org' }]);
    expect(parseAddressList('"Name " a@example.org', same)).toEqual([{ name: 'Name', address: 'a@example.org' }]);
    expect(parseAddressList('"Name \\"quoted\\"" <a@example.org> (comment)', same)).toEqual([{ name: 'Name "quoted"', address: 'a@example.org' }]);
    expect(parseAddressList('<a@example.org> (Name (nested))', same)).toEqual([{ name: 'Name (nested)', address: 'a@example.org' }]);
  });
});

describe('cleanDisplayName', () => {
  it('drops quotes left around a name and a copy of the address', () => {
    expect(cleanDisplayName('"Name "', 'a@x')).toBe('Name');
    expect(cleanDisplayName("'Name'", 'a@x')).toBe('Name');
    expect(cleanDisplayName("'t Hooft", 'a@x')).toBe("'t Hooft");
    expect(cleanDisplayName('"Name " <A@X>', 'a@x')).toBe('Name');
    expect(cleanDisplayName('Name (a@x)', 'a@x')).toBe('Name');
    expect(cleanDisplayName('a@x', 'a@x')).toBe('');
    expect(cleanDisplayName('Name <b@x>', 'a@x')).toBe('Name <b@x>');
  });
});
