import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_ID_LENGTH, MAX_REFERENCES, isSyntheticMessageId, normalizeMessageId, parseIdList, parseInReplyTo, syntheticMessageId } from '../src/lib/message-id.ts';

describe('message ids', () => {
  it('strips brackets and surrounding junk', () => {
    expect(normalizeMessageId(' <abc@example.org> (added by MTA)')).toBe('abc@example.org');
    expect(normalizeMessageId('abc@example.org')).toBe('abc@example.org');
    expect(normalizeMessageId('')).toBeUndefined();
    expect(normalizeMessageId('<>')).toBeUndefined();
  });
  it('reads id lists through junk, keeping order', () => {
    expect(parseIdList('<a@x> <b@x>\n\t<c@x>')).toEqual(['a@x', 'b@x', 'c@x']);
    expect(parseIdList('Your message of "Mon, 3 Jan" <orig@example.org>')).toEqual(['orig@example.org']);
    expect(parseIdList('a@x, b@x')).toEqual(['a@x', 'b@x']);
    expect(parseIdList('no ids here')).toEqual([]);
  });
  it('reads an id folded across lines inside its brackets, and no junk in brackets', () => {
    expect(parseIdList('<199607110620.OAA01234\n @example.org>')).toEqual(['199607110620.OAA01234@example.org']);
    expect(parseIdList('<1996.OAA01234 @example.org> <b@x>')).toEqual(['1996.OAA01234@example.org', 'b@x']);
    expect(parseIdList('<Mon, 3 Jan 93> <b@x>')).toEqual(['b@x']);
    expect(parseIdList('<a @b @c>')).toEqual([]);
  });
  it('bounds the number and length of ids', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `<id${i}@x>`).join(' ');
    const ids = parseIdList(many);
    expect(ids).toHaveLength(MAX_REFERENCES);
    expect(ids[ids.length - 1]).toBe('id999@x');
    expect(normalizeMessageId(`<${'a'.repeat(5000)}@x>`)!.length).toBe(MAX_MESSAGE_ID_LENGTH);
  });
  it('makes recognisable synthetic ids', () => {
    const id = syntheticMessageId('0123456789abcdef0123456789abcdef0123');
    expect(id).toBe('0123456789abcdef0123456789abcdef@synthetic.threadline.invalid');
    expect(isSyntheticMessageId(id)).toBe(true);
    expect(isSyntheticMessageId('a@example.org')).toBe(false);
  });
});

describe('parseInReplyTo', () => {
  const own = new Set(['ana@example.org', 'bruno@example.org']);
  const read = (value: string) => parseInReplyTo(value, own);

  it('takes plain ids and keeps their order', () => {
    expect(read('<a@x> <b@x>')).toEqual({ ids: ['a@x', 'b@x'], rejected: [] });
    expect(read('<id@host>; from cristy@example.org on Wed, Jun 14, 2000 at 10:11:12AM -0400').ids).toEqual(['id@host']);
    expect(read('Your message of "Mon, 03 Jan 93" <orig@example.org>').ids).toEqual(['orig@example.org']);
    expect(read('<id@host> (Ana Lima\'s message of "Mon, 1 Jul 1996 10:00:00 +0200")').ids).toEqual(['id@host']);
  });

  it('leaves out the message\'s own addresses', () => {
    expect(read('<Bruno@Example.org>')).toEqual({ ids: [], rejected: [{ token: 'Bruno@Example.org', reason: 'is an address of the message itself' }] });
  });

  it('leaves out the address of "Message from Name <addr> of date", keeping the id after it', () => {
    const r = read('Message from Wei Chen <wei@example.org>\n   of "Thu, 11 Jul 1996 14:20:06 +0800." <199607110620.OAA01234@example.org>');
    expect(r.ids).toEqual(['199607110620.OAA01234@example.org']);
    expect(r.rejected.map((x) => x.token)).toEqual(['wei@example.org']);
    expect(read('message from "Wei Chen" <wei@example.org>').ids).toEqual([]);
    // Digits after "from" are a date, not a name: what follows is an id.
    expect(read('<a@x> from "Wei" at Jul 11, 96 2:20 pm <b@x>').ids).toEqual(['a@x', 'b@x']);
  });

  it('leaves out "addr\'s message of date" and "<addr> (Name) "subject""', () => {
    expect(read("wei@example.org's message of Thu, 11 Jul 1996 14:20:06 +0800")).toMatchObject({ ids: [], rejected: [{ token: 'wei@example.org' }] });
    expect(read("<wei@example.org>'s message of Thu, 11 Jul 1996").ids).toEqual([]);
    expect(read('<wei@example.org> (Wei Chen) "Booting on the new board"')).toMatchObject({ ids: [], rejected: [{ token: 'wei@example.org' }] });
  });

  it('leaves out tokens without @, such as <no.id>', () => {
    expect(read('<no.id>')).toEqual({ ids: [], rejected: [{ token: 'no.id', reason: 'has no @' }] });
  });

  it('takes bare ids when there are no brackets at all', () => {
    expect(read('199607110620.OAA01234@example.org').ids).toEqual(['199607110620.OAA01234@example.org']);
    expect(read('no ids here')).toEqual({ ids: [], rejected: [] });
    expect(read('')).toEqual({ ids: [], rejected: [] });
  });
});
