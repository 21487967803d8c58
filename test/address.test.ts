import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../src/lib/address.ts';

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
});
