import { describe, expect, it } from 'vitest';
import { cleanTask, markedTask, ownedTask, ownerName, sentenceActions, sentenceDecision } from '../src/lib/minutes-items.ts';

const none = new Set<string>();

describe('ownerName', () => {
  it('takes people and teams, never verbs, pronouns or product names', () => {
    expect(ownerName('Jandra and Kathy', none)).toBe('Jandra and Kathy');
    expect(ownerName('IBM', none)).toBe('IBM');
    for (const bad of ['Create', 'Document', 'Follow', 'We', 'Everyone', 'OpenBMC', 'The team']) expect(ownerName(bad, none), bad).toBeUndefined();
  });
  it('trusts a name the thread knows', () => {
    expect(ownerName('Mark', new Set(['mark']))).toBe('Mark');
  });
});

describe('ownedTask and markedTask', () => {
  it('splits the owner from the task after will, to, plans to, is going to', () => {
    expect(ownedTask('Nancy plans to follow up.', none, undefined)).toEqual({ owner: 'Nancy', text: 'follow up.' });
    expect(ownedTask('Joseph to push notes into the docs', none, undefined)).toEqual({ owner: 'Joseph', text: 'push notes into the docs' });
    expect(ownedTask('I will send it', none, 'Ruth Abebe')).toEqual({ owner: 'Ruth Abebe', text: 'send it' });
    expect(ownedTask('Thanks to everyone', none, undefined)).toBeUndefined();
  });
  it('reads owners written in marked items: Name: task, Name task, @handle, a lower-case nick', () => {
    expect(markedTask('Bob: measure the overhead', none, undefined)).toEqual({ owner: 'Bob', text: 'measure the overhead' });
    expect(markedTask('Alice write up the process', none, undefined)).toEqual({ owner: 'Alice', text: 'write up the process' });
    expect(markedTask('@omar to move the tests', none, undefined)).toEqual({ owner: 'omar', text: 'move the tests' });
    expect(markedTask('lena to write the report', none, undefined)).toEqual({ owner: 'lena', text: 'write the report' });
    expect(markedTask('docs to be updated', none, undefined)).toEqual({ owner: undefined, text: 'docs to be updated' });
    expect(markedTask('Please create a design', none, undefined)).toEqual({ owner: undefined, text: 'create a design' });
  });
  it('cleans a task of stamps, TODO marks and appended links', () => {
    expect(cleanTask('tag rc1  (ruth, 16:13:30)')).toBe('tag rc1');
    expect(cleanTask('added the section - https://x.org/wiki .')).toBe('added the section');
  });
});

describe('sentenceActions and sentenceDecision', () => {
  it('finds tasks without markers, and none in questions or statements of interest', () => {
    expect(sentenceActions('We will need to determine where this lives.', false, none, undefined)).toEqual([{ owner: undefined, text: 'determine where this lives.' }]);
    expect(sentenceActions('Use the email thread for discussion.', false, none, undefined)).toEqual([{ owner: undefined, text: 'Use the email thread for discussion.' }]);
    expect(sentenceActions('Use the email thread for discussion.', true, none, undefined)).toEqual([]);
    expect(sentenceActions('Who can work on this?', false, none, undefined)).toEqual([]);
    expect(sentenceActions('Joseph wants to implement it.', false, none, undefined)).toEqual([]);
  });
  it('finds decisions and refuses negated, earlier or questioned ones', () => {
    expect(sentenceDecision('More is needed, but there is consensus that the guide helps.')).toBe('More is needed, but there is consensus that the guide helps.');
    expect(sentenceDecision('No need for a button until zeroconf.')).toBe('No need for a button until zeroconf.');
    for (const no of ['As previously agreed, quotas stay.', 'There was no agreement on limits.', 'Do we agree on this?', 'We pretty much re-hashed the ideas with no conclusions.']) expect(sentenceDecision(no), no).toBeUndefined();
  });
});
