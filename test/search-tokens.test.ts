import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../src/lib/search-query.ts';
import { MAX_TERM_CHARS, STOP_WORDS, foldText, termsOf } from '../src/lib/search-tokens.ts';
import { testIndex } from './search-fixture.ts';

const terms = (text: string) => termsOf(text).map((t) => t.term);

describe('the search tokenizer', () => {
  it('splits identifiers at . _ / : - and keeps the joined forms', () => {
    expect(terms('btrfs_commit_transaction')).toEqual(['btrfs', 'commit', 'transaction', 'btrfs_commit', 'btrfs_commit_transaction', 'commit_transaction']);
    expect(terms('5.15.2')).toEqual(['5', '15', '2', '5.15', '5.15.2', '15.2']);
    expect(terms('generic/475')).toEqual(['generic', '475', 'generic/475']);
    expect(terms('fs/btrfs/relocation.c:3494')).toContain('relocation.c:3494');
    expect(terms('zstd:9')).toEqual(['zstd', '9', 'zstd:9']);
  });

  it('splits camelCase, keeps plural acronyms whole, and lower-cases', () => {
    expect(terms('OpenBMC')).toEqual(['open', 'bmc', 'openbmc']);
    expect(terms('XMLHttpRequest')).toEqual(['xml', 'http', 'request', 'xmlhttp', 'xmlhttprequest', 'httprequest']);
    expect(terms('PDFs')).toEqual(['pdfs']);
    expect(terms('BTRFS')).toEqual(['btrfs']);
  });

  it('drops stop words but keeps their positions, so phrases keep their gaps', () => {
    const tokens = termsOf('daemons should not run as root');
    expect(tokens.map((t) => [t.term, t.position])).toEqual([
      ['daemons', 0],
      ['run', 3],
      ['root', 5],
    ]);
  });

  it('folds accents and apostrophes', () => {
    expect(terms("Zoë's café don't")).toEqual(['zoes', 'cafe', 'dont']);
    expect(foldText('naïve')).toBe('naive');
    // Letters with a stroke, which do not decompose, fold too, and keep the text's length.
    expect(foldText('Bjørndal, Łódź, Đorđe, ħ')).toBe('Bjorndal, Lodz, Dorde, h');
  });

  it('ends a compound at other punctuation and at joiners with nothing after them', () => {
    expect(terms('func+0x99/0x150')).toEqual(['func', '0x99', '0x150', '0x99/0x150']);
    expect(terms('end. --repair')).toEqual(['end', 'repair']);
    expect(terms('x...y')).toEqual(['x', 'y']);
  });

  it('gives no joined term longer than the limit', () => {
    const long = Array.from({ length: 30 }, (_, i) => `part${i}`).join('_');
    expect(termsOf(long).every((t) => t.term.length <= MAX_TERM_CHARS)).toBe(true);
  });

  // Words as mail has them: identifiers, versions, paths, camelCase, punctuation, accents.
  const piece = fc.oneof(
    fc.constantFrom('btrfs', 'Orca', 'OpenBMC', 'wal', 'x86', 'Zoë', 'PDFs', 'raid5', 'café', 'the', 'of', 'don\'t', 'KASAN'),
    fc.stringMatching(/^[A-Za-z][a-z]{1,8}$/),
    fc.stringMatching(/^[0-9]{1,4}$/),
  );
  const word = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.constantFrom('.', '_', '/', ':', '-', '', '::'), fc.constantFrom('', '(', '"', '+'), fc.constantFrom('', ')', ',', '.', '!', ':')).map(([parts, joiner, before, after]) => `${before}${parts.join(joiner)}${after}`);

  it('finds a text by any of its words typed as a query (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(word, { minLength: 1, maxLength: 12 }), async (words) => {
        const text = words.join(' ');
        const index = testIndex([{ id: 'target', subject: 'x', text }, { id: 'other', subject: 'y', text: 'unrelated words here' }]);
        for (const w of words) {
          // A word of common words only is not a query, nor is a filter (`is:lost`, `after:2013`).
          if (termsOf(w).length === 0 || termsOf(w).every((t) => STOP_WORDS.has(t.term))) continue;
          const asQuery = parseQuery(w.replace(/^[-+]/, ''));
          if (asQuery.list !== undefined || asQuery.afterMs !== undefined || asQuery.beforeMs !== undefined || asQuery.minutesOnly || asQuery.facets.length > 0) continue;
          const { paths } = await index.search(w.replace(/^[-+]/, ''));
          expect(paths, `${JSON.stringify(w)} in ${JSON.stringify(text)}`).toContain('lumen/m/target/');
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds text that looks like a filter with a value the filter cannot take', async () => {
    // The case the property above once found: `is:aa` was read as a filter, refused, and searched nothing.
    const index = testIndex([{ id: 'target', subject: 'x', text: 'is:aa 0 and state:D after:someday' }, { id: 'other', subject: 'y', text: 'unrelated words here' }]);
    for (const q of ['is:aa', 'state:D', 'after:someday']) expect((await index.search(q)).paths, q).toEqual(['lumen/m/target/']);
  });

  it('gives the query the terms it gives the index (property)', () => {
    fc.assert(
      fc.property(word, (w) => {
        const indexed = new Set(terms(`before ${w} after`));
        for (const t of terms(w)) expect(indexed.has(t)).toBe(true);
      }),
    );
  });
});
