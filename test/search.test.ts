import { describe, expect, it } from 'vitest';
import { MAX_DOC_BODY_CHARS, ownText, parseQuery, planShards, selectShards, type SearchManifest } from '../src/lib/search.ts';

describe('ownText', () => {
  it('leaves out quotes, the attribution line, the signature and patches', () => {
    const text = [
      'On Mon, Bob wrote:',
      '> quoted words',
      '>> deeper quoted words',
      'My own answer.',
      '---',
      ' src/wal/queue.h | 24 ++++',
      ' 1 file changed, 24 insertions(+)',
      'diff --git a/x b/x',
      '+added code',
      '-- ',
      'Signature words',
    ].join('\n');
    expect(ownText(text)).toBe('My own answer.');
  });
  it('caps what one message contributes', () => {
    expect(ownText('word '.repeat(100_000)).length).toBeLessThanOrEqual(MAX_DOC_BODY_CHARS);
  });
});

describe('parseQuery', () => {
  it('passes words, fields and lunr operators through', () => {
    expect(parseQuery('release +cadence -draft subject:wal from:Alice check* cadense~1').lunr).toBe('release +cadence -draft subject:wal from:alice check* cadense~1');
  });
  it('takes list and date filters out of the lunr query', () => {
    const q = parseQuery('fsync list:lumen-devel after:2025-02 before:2025-03-15');
    expect(q.lunr).toBe('fsync');
    expect(q.list).toBe('lumen-devel');
    expect(new Date(q.afterMs!).toISOString()).toBe('2025-02-01T00:00:00.000Z');
    expect(new Date(q.beforeMs!).toISOString()).toBe('2025-03-15T23:59:59.999Z');
    expect(new Date(parseQuery('before:2024').beforeMs!).toISOString()).toBe('2024-12-31T23:59:59.999Z');
  });
  it('folds accents, as the index does', () => {
    expect(parseQuery('owner:Zoë café').lunr).toBe('owner:zoe cafe');
  });
  it('reads is:minutes and owner:', () => {
    const q = parseQuery('release is:minutes owner:Alice');
    expect(q.minutesOnly).toBe(true);
    expect(q.lunr).toBe('release owner:alice');
    expect(parseQuery('is:patch x').problems[0]).toContain('is:minutes');
  });
  it('explains bad syntax instead of throwing', () => {
    const q = parseQuery('after:yesterday * ~ good subject:');
    expect(q.lunr).toBe('good');
    expect(q.problems).toHaveLength(4);
    expect(parseQuery('***').problems[0]).toContain('left out');
  });
  it('splits punctuation the index splits too, and keeps words to highlight', () => {
    const q = parseQuery('wal.batch_window_ms alice@example.org');
    expect(q.lunr).toBe('wal batch_window_ms alice example org');
    expect(q.words).toContain('batch_window_ms');
  });
});

describe('shards', () => {
  it('cuts months into shards of bounded size, newest first, never splitting a month', () => {
    const months = [
      { month: '2024-11', count: 900 },
      { month: '2024-12', count: 900 },
      { month: '2025-01', count: 900 },
      { month: '2025-02', count: 5000 },
      { month: '2025-03', count: 100 },
    ];
    expect(planShards(months, 2000).map((s) => [s.first, s.last])).toEqual([
      ['2025-03', '2025-03'],
      ['2025-02', '2025-02'],
      ['2024-12', '2025-01'],
      ['2024-11', '2024-11'],
    ]);
  });
  it('selects the shards a list or date filter needs, newest first', () => {
    const manifest: SearchManifest = {
      version: 2,
      lists: ['a', 'b'],
      shards: [
        { id: 'a1', list: 'a', first: '2024-01', last: '2024-06', docs: 1, bytes: 1, fields: [], pipeline: [], firsts: [] },
        { id: 'a2', list: 'a', first: '2024-07', last: '2024-12', docs: 1, bytes: 1, fields: [], pipeline: [], firsts: [] },
        { id: 'b1', list: 'b', first: '2024-01', last: '2024-12', docs: 1, bytes: 1, fields: [], pipeline: [], firsts: [] },
      ],
    };
    expect(selectShards(manifest, parseQuery('x')).map((s) => s.id)).toEqual(['a2', 'b1', 'a1']);
    expect(selectShards(manifest, parseQuery('x list:a')).map((s) => s.id)).toEqual(['a2', 'a1']);
    expect(selectShards(manifest, parseQuery('x before:2024-05')).map((s) => s.id)).toEqual(['b1', 'a1']);
    expect(selectShards(manifest, parseQuery('x after:2024-08 list:a')).map((s) => s.id)).toEqual(['a2']);
  });
});
