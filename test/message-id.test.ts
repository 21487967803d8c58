import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_ID_LENGTH, MAX_REFERENCES, isSyntheticMessageId, normalizeMessageId, parseIdList, syntheticMessageId } from '../src/lib/message-id.ts';

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
