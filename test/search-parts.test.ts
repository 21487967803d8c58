import lunr from 'lunr';
import { describe, expect, it } from 'vitest';
import { PartsBuilder, joinParts, packParts, partsFor, queryTerms, type CutIndex, type PartData, type SerializedIndex } from '../src/lib/search-parts.ts';

// A small corpus with shared and rare words, so terms spread over many parts when parts are tiny.
const WORDS = ['balance', 'balancing', 'scrub', 'snapshot', 'snapshots', 'raid5', 'corruption', 'send', 'receive', 'qgroup', 'compress', 'compression', 'degraded', 'mount', 'device', 'checksum', 'zstd', 'defrag', 'subvolume', 'quota'];
const docs = Array.from({ length: 60 }, (_, i) => ({
  r: String(i),
  subject: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}`,
  from: ['josef', 'david', 'qu', 'filipe'][i % 4]!,
  body: Array.from({ length: 12 }, (_, k) => WORDS[(i * 3 + k * k) % WORDS.length]).join(' '),
}));

// Words lunr's pipeline treats specially: trimmed to nothing, stop words, hyphens, case, names of Object's properties, non-ASCII.
const tricky = [
  { r: '60', subject: '... -- Re: the THE The', from: 'constructor', body: '__proto__ hasOwnProperty toString ... ,,, x-y-z naïve façade 日本語 ümlaut Ümlaut' },
  { r: '61', subject: '', from: '', body: '' },
];

function build(corpus: typeof docs): lunr.Index {
  return lunr(function () {
    this.ref('r');
    this.field('subject', { boost: 10 });
    this.field('from', { boost: 5 });
    this.field('body');
    for (const d of corpus) this.add(d);
  });
}

function buildParts(corpus: typeof docs, targetBytes: number): CutIndex {
  const pipeline = new lunr.Pipeline();
  pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
  const builder = new PartsBuilder([{ name: 'subject', boost: 10 }, { name: 'from', boost: 5 }, { name: 'body', boost: 1 }], pipeline);
  for (const d of corpus) builder.add([d.subject, d.from, d.body]);
  return builder.cut(targetBytes);
}

/** The parts cut from lunr's own index: what `PartsBuilder` must give without building it. */
function cutLunrIndex(index: SerializedIndex, targetBytes: number): CutIndex {
  const weights = new Map(index.fieldVectors.map(([fieldRef, elements]) => [fieldRef, new Map(elements.flatMap((v, i) => (i % 2 === 0 ? [[v, elements[i + 1]!] as const] : [])))]));
  const entries: PartData = index.invertedIndex.map(([term, posting]) => [
    term,
    posting._index,
    index.fields.map((field) => {
      let previous = 0;
      return Object.keys((posting[field] as object | undefined) ?? {})
        .map(Number)
        .sort((a, b) => a - b)
        .flatMap((ref) => {
          const out = [ref - previous, Math.round((weights.get(`${field}/${ref}`)?.get(posting._index) ?? 0) * 1000)];
          previous = ref;
          return out;
        });
    }),
  ]);
  return packParts(entries, targetBytes);
}

describe('term-partitioned index', () => {
  const whole = build(docs);
  const json = whole.toJSON() as unknown as SerializedIndex;
  const cut = buildParts(docs, 300);

  it("gives exactly the parts of lunr's own index: terms, term indexes and weights", () => {
    expect(cut).toEqual(cutLunrIndex(json, 300));
    const withTricky = buildParts([...docs, ...tricky], 300);
    expect(withTricky).toEqual(cutLunrIndex(build([...docs, ...tricky]).toJSON() as unknown as SerializedIndex, 300));
    const terms = withTricky.parts.flatMap((p) => p.map((e) => e[0]));
    expect(terms).toContain('');
    expect(terms).toContain('constructor');
    expect(terms).toContain('__proto__');
  });

  it('cuts the terms into ordered parts of about the target size, each term in exactly one part', () => {
    expect(cut.parts.length).toBeGreaterThan(5);
    expect(cut.firsts).toEqual(cut.parts.map((p) => p[0]![0]));
    const terms = cut.parts.flatMap((p) => p.map((e) => e[0]));
    expect(terms).toEqual(json.invertedIndex.map(([t]) => t));
    for (const part of cut.parts) if (part.length > 1) expect(JSON.stringify(part).length).toBeLessThan(300 + 200);
  });

  const queries = ['balance', 'snapshots', 'raid5 corruption', '+send -receive', 'from:josef', 'subject:qgroup', 'compress*', 'balanc*', 'degraded~1', '*group', '-balance', 'nothing-here'];
  for (const q of queries) {
    it(`gives the same results and scores as the whole index for "${q}", loading only the parts it needs`, () => {
      const wanted = partsFor(cut.firsts, queryTerms(q, json.fields));
      const partial = lunr.Index.load(joinParts(json.fields, json.pipeline, wanted.map((i) => cut.parts[i]!)));
      // The order of equal scores is lunr's insertion order, which the parts do not keep.
      const ranked = (index: lunr.Index) => index.search(q).map((r) => `${r.score.toFixed(6)} ${r.ref}`).sort();
      expect(ranked(partial)).toEqual(ranked(whole));
      if (!/[~]|^[*-]/.test(q)) expect(wanted.length).toBeLessThan(cut.parts.length / 2);
    });
  }

  it('reads query terms as the index stores them: stemmed, or a prefix for a wildcard', () => {
    expect(queryTerms('Snapshots subject:Balancing', json.fields)).toEqual([
      { term: 'snapshot', prefix: false },
      { term: 'balanc', prefix: false },
    ]);
    expect(queryTerms('compress*', json.fields)).toEqual([{ term: 'compress', prefix: true }]);
    expect(queryTerms('degraded~1', json.fields)).toBeUndefined();
    expect(() => queryTerms('nofield:x', json.fields)).toThrow(lunr.QueryParseError);
  });

  it('chooses the part holding a term, and every part a prefix reaches', () => {
    const firsts = ['a', 'ba', 'bc', 'bd', 'c'];
    expect(partsFor(firsts, [{ term: 'bb', prefix: false }])).toEqual([1]);
    expect(partsFor(firsts, [{ term: 'b', prefix: true }])).toEqual([0, 1, 2, 3]);
    expect(partsFor(firsts, [{ term: 'zz', prefix: false }, { term: '0', prefix: false }])).toEqual([0, 4]);
    expect(partsFor(firsts, undefined)).toEqual([0, 1, 2, 3, 4]);
  });
});
