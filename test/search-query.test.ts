import { describe, expect, it } from 'vitest';
import { parseQuery } from '../src/lib/search-query.ts';
import { FIELD } from '../src/lib/search-schema.ts';

describe('parseQuery', () => {
  it('reads words, phrases, fields, exclusions and prefixes', () => {
    const q = parseQuery('release "write ahead log" from:Alice -draft check*');
    expect(q.clauses).toEqual([
      { kind: 'word', term: 'release', field: undefined, exclude: false },
      { kind: 'phrase', atoms: [{ term: 'write', offset: 0 }, { term: 'ahead', offset: 1 }, { term: 'log', offset: 2 }], field: undefined, exclude: false },
      { kind: 'word', term: 'alice', field: [FIELD.from], exclude: false },
      { kind: 'word', term: 'draft', field: undefined, exclude: true },
      { kind: 'prefix', prefix: 'check', field: undefined, exclude: false },
    ]);
  });

  it('reads a word that names a member of every object, before a colon, as no field', () => {
    for (const name of ['constructor', 'toString', 'valueOf']) {
      const [clause] = parseQuery(`${name}:btrfs`).clauses;
      expect(clause, name).toMatchObject({ kind: 'compound', whole: `${name.toLowerCase()}:btrfs` });
    }
  });
  it('reads a pasted identifier as one compound, with its atoms for when the whole is not indexed', () => {
    const [c] = parseQuery('relocation.c:3494').clauses;
    expect(c).toEqual({ kind: 'compound', whole: 'relocation.c:3494', atoms: [{ term: 'relocation', offset: 0 }, { term: 'c', offset: 1 }, { term: '3494', offset: 2 }], field: undefined, exclude: false });
    expect(parseQuery('generic/475').clauses[0]).toMatchObject({ kind: 'compound', whole: 'generic/475' });
    expect(parseQuery('OpenBMC').clauses[0]).toMatchObject({ kind: 'compound', whole: 'openbmc' });
  });

  it('searches a sender by the part of an address before the @, and says so', () => {
    const q = parseQuery('from:jrey@linux.ibm.com bmcweb');
    expect(q.clauses).toEqual([
      { kind: 'word', term: 'jrey', field: [FIELD.from], exclude: false },
      { kind: 'word', term: 'bmcweb', field: undefined, exclude: false },
    ]);
    expect(q.problems).toEqual(['"from:jrey@linux.ibm.com" was searched as from:jrey, the part before the @']);
    // Elsewhere an address is searched by its words, without a note.
    expect(parseQuery('jrey@linux.ibm.com').problems).toEqual([]);
  });

  it('tells of the words past the limit in one note, and counts a word said twice once', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const q = parseQuery([...words.slice(0, 10), ...words.slice(0, 10), ...words.slice(10)].join(' '));
    expect(q.clauses).toHaveLength(16);
    expect(q.problems).toEqual(['"word16", "word17", "word18" and 21 more were left out: a query holds at most 16 words and phrases']);
    expect(parseQuery(words.slice(0, 17).join(' ')).problems).toEqual(['"word16" was left out: a query holds at most 16 words and phrases']);
  });

  it('searches an option name as a word, not as an exclusion', () => {
    expect(parseQuery('--repair').clauses).toEqual([{ kind: 'word', term: 'repair', field: undefined, exclude: false }]);
  });

  it('leaves out common words and says which', () => {
    const q = parseQuery('what does btrfs stand for');
    expect(q.clauses.map((c) => (c.kind === 'word' ? c.term : ''))).toEqual(['btrfs', 'stand']);
    expect(q.stopped).toEqual(['what', 'does', 'for']);
  });

  it('takes list and date filters out of the words', () => {
    const q = parseQuery('fsync list:lumen-devel after:2025-02 before:2025-03-15 is:minutes');
    expect(q.clauses).toHaveLength(1);
    expect(q.list).toBe('lumen-devel');
    expect(q.minutesOnly).toBe(true);
    expect(new Date(q.afterMs!).toISOString()).toBe('2025-02-01T00:00:00.000Z');
    expect(new Date(q.beforeMs!).toISOString()).toBe('2025-03-15T23:59:59.999Z');
    expect(new Date(parseQuery('before:2024').beforeMs!).toISOString()).toBe('2024-12-31T23:59:59.999Z');
  });

  it('explains what it cannot use instead of throwing', () => {
    const q = parseQuery('after:someday is:thread s* *** cadense~1 good');
    expect(q.problems).toHaveLength(5);
    expect(q.problems[0]).toBe('"after:someday" is not a filter (write dates as 2013, 2013-05 or 2013-05-31), so it was searched as words');
    // The filters it could not use are searched as the compounds the mail may have.
    expect(q.clauses).toEqual([
      { kind: 'compound', whole: 'after:someday', atoms: [{ term: 'after', offset: 0 }, { term: 'someday', offset: 1 }], field: undefined, exclude: false },
      expect.objectContaining({ kind: 'compound', whole: 'is:thread' }),
      expect.objectContaining({ kind: 'word', term: 'cadense' }),
      expect.objectContaining({ kind: 'word', term: 'good' }),
    ]);
    expect(q.afterMs).toBeUndefined();
    expect(parseQuery('-draft').problems[0]).toContain('excluded words only');
  });

  it('takes the controls beside the box as filters, and leaves out a value they cannot take', () => {
    const q = parseQuery('wal', ['list:dev', 'after:2024']);
    expect(q.list).toBe('dev');
    expect(new Date(q.afterMs!).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(q.clauses).toHaveLength(1);
    // The date inputs accept 2013-13; typed in the box it would be text, from a control it is a bad date.
    const bad = parseQuery('', ['after:2013-13']);
    expect(bad.clauses).toEqual([]);
    expect(bad.afterMs).toBeUndefined();
    expect(bad.problems).toEqual(['"after:2013-13": write dates as 2013, 2013-05 or 2013-05-31']);
    expect(parseQuery('after:2013-13').clauses).toEqual([expect.objectContaining({ kind: 'compound', whole: 'after:2013-13' })]);
  });

  it('reads filter names in any case, and searches an unknown value as words in any case', () => {
    expect(parseQuery('IS:Minutes').minutesOnly).toBe(true);
    const q = parseQuery('IS:aa');
    expect(q.minutesOnly).toBe(false);
    expect(q.clauses).toEqual([expect.objectContaining({ kind: 'compound', whole: 'is:aa' })]);
  });

  it('lets subject: cover the subjects replies inherit', () => {
    expect(parseQuery('subject:wal').clauses[0]!.field).toEqual([FIELD.subject, FIELD.topic]);
  });

  it('reads the patch filters and refuses an unknown state', () => {
    const q = parseQuery('wal is:patch state:Reviewed is:lost');
    expect(q.facets).toEqual(['patch', 'state:reviewed', 'state:lost']);
    const merged = parseQuery('state:merged');
    expect(merged.problems[0]).toMatch(/one of new, reviewed, changes-requested, applied, superseded, lost/);
    expect(merged.facets).toEqual([]);
    expect(merged.clauses).toHaveLength(1);
  });
});
