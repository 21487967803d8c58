import { describe, expect, it } from 'vitest';
import { readListConfig } from '../src/lib/list-config.ts';
import { removalReason } from '../src/lib/removal.ts';

describe('removalReason', () => {
  it("gives a removed message's reason, and none for another message or a list that removes none", () => {
    const { remove } = readListConfig('dev', { remove: { '<spam@x.org>': 'spam' } }, 'f');
    expect(removalReason(remove, 'spam@x.org')).toBe('spam');
    expect(removalReason(remove, 'ham@x.org')).toBeUndefined();
    // A Message-ID that names a property every object has is not removed.
    expect(removalReason(remove, 'constructor')).toBeUndefined();
    expect(removalReason(readListConfig('dev', undefined, 'f').remove, 'spam@x.org')).toBeUndefined();
  });
  it('removes a message whose Message-ID is __proto__', () => {
    const { remove } = readListConfig('dev', JSON.parse('{"remove": {"<__proto__>": "spam"}}'), 'f');
    expect(Object.keys(remove)).toEqual(['__proto__']);
    expect(removalReason(remove, '__proto__')).toBe('spam');
    expect(removalReason(remove, 'constructor')).toBeUndefined();
  });
});
