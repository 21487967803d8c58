import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../src/lib/search-analysis.ts';
import { searchDocuments } from '../src/lib/search-documents.ts';
import { MIN_SEGMENT_DOCS, buildSearchIndex, segmentStarts, updateSearchIndex, partFiles, type PreviousIndex, type SearchFile, dateRange, decodeDocSet, decodeNorm, encodeNorm, readPart, readPostings, readPositions, readThreadBlock } from '../src/lib/search-index.ts';
import { FIELDS, displayChunkOf, displayFile, type SearchManifest } from '../src/lib/search-schema.ts';
import type { SearchMessageInput } from '../src/lib/search-documents.ts';
import { displayRow, indexFiles, inputs, type TestMessage } from './search-fixture.ts';

const WORDS = ['balance', 'scrub', 'snapshot', 'raid5', 'corruption', 'send', 'receive', 'qgroup', 'compress', 'degraded', 'mount', 'device', 'checksum', 'zstd', 'defrag', 'subvolume', 'quota'];
const corpus = (count: number, from = 0): TestMessage[] =>
  Array.from({ length: count }, (_, k) => {
    const i = k + from;
    return { id: `m${String(i).padStart(4, '0')}`, subject: `${WORDS[i % WORDS.length]} report`, dateMs: Date.UTC(2024, 0, 1) + i * 3_600_000, text: `${Array.from({ length: 20 }, (_, j) => WORDS[(i * 7 + j * j) % WORDS.length]).join(' ')} ${Array.from({ length: 8 }, (_, j) => `vocab${(i * 37 + j * 101) % 3000}`).join(' ')} unique${i}word` };
  });
const manifestOf = (files: ReturnType<typeof indexFiles>) => JSON.parse(files.find((f) => f.path === 'manifest.json')!.content as string) as SearchManifest;

describe('buildSearchIndex', () => {
  it('writes byte-identical files for the same documents', () => {
    expect(indexFiles(corpus(300))).toEqual(indexFiles(corpus(300)));
  });

  it('names parts as the caller asks, with a suffix when two parts would share a name', () => {
    const docs = inputs(corpus(600))
      .sort((a, b) => a.dateMs - b.dateMs)
      .flatMap(searchDocuments)
      .map(analyzeDocument);
    const files = updateSearchIndex(docs, undefined, { partName: () => 'x', partBytes: 2048 }).files;
    const names = manifestOf(files).segments.flatMap((s) => [...s.parts, ...s.heavy].map(([, name]) => name));
    expect(names.length).toBeGreaterThan(2);
    expect([...names].sort()).toEqual(names.map((_, k) => (k === 0 ? 'x' : `x-${k}`)).sort());
    for (const name of names) expect(files.some((f) => f.path === `p/${name}.bin`) && files.some((f) => f.path === `p/${name}.pos`)).toBe(true);
  });

  it('refuses documents out of order', () => {
    const docs = inputs(corpus(2)).flatMap(searchDocuments).map(analyzeDocument).reverse();
    expect(() => buildSearchIndex(docs)).toThrow(/date, list, path order/);
  });

  it('keeps raw term frequencies, field lengths and positions, and a word group in one part', () => {
    const files = indexFiles([{ id: 'a', subject: 'Crash report', text: 'It crashes. It crashed. The crash.' }]);
    const manifest = manifestOf(files);
    const parts = manifest.segments[0]!.parts.map(([, name]) => readPart(files.find((f) => f.path === `p/${name}.bin`)!.content as Uint8Array));
    const holding = parts.filter((terms) => terms.some((t) => t.term.startsWith('crash')));
    expect(holding).toHaveLength(1);
    const [name] = manifest.segments[0]!.parts.map(([, n]) => n).filter((_, k) => parts[k]!.some((t) => t.term === 'crash'));
    const bin = files.find((f) => f.path === `p/${name}.bin`)!.content as Uint8Array;
    const term = readPart(bin).find((t) => t.term === 'crash')!;
    const postings = readPostings(bin, term);
    expect(Array.from(postings.docs)).toEqual([0]);
    expect(Array.from(postings.tfs.slice(0, FIELDS.length))).toEqual([1, 0, 1, 0, 0, 0]);
    expect(postings.lengths[2]).toBe(6);
    const positions = readPositions(files.find((f) => f.path === `p/${name}.pos`)!.content as Uint8Array, term, postings);
    // The subject (2 words), a gap, the author (3), a gap, then the body: "It crashes. It crashed. The crash."
    expect(Array.from(positions.list)).toEqual([0, 210]);
  });

  it('rewrites only the parts of the new documents\' words when mail is added', () => {
    // Small parts, so that this small index has many.
    const before = indexFiles(corpus(600), undefined, 2048);
    const after = indexFiles([...corpus(600), ...corpus(3, 600)], undefined, 2048);
    const parts = (files: typeof before) => new Set(files.filter((f) => f.path.startsWith('p/')).map((f) => f.path));
    const old = parts(before);
    const now = parts(after);
    const kept = [...now].filter((p) => old.has(p)).length;
    expect(manifestOf(after).segments[0]!.parts.length).toBeGreaterThan(20);
    // The new mail's words are in a few parts; every other part keeps its bytes and its name.
    expect(kept / now.size).toBeGreaterThan(0.5);
    const changed = after.filter((f) => !f.path.startsWith('p/') && JSON.stringify(before.find((b) => b.path === f.path)) !== JSON.stringify(f)).map((f) => f.path);
    expect(changed.sort()).toEqual(['d/75.json', 'dates.bin', 'f/list-lumen.bin', 'manifest.json', 't/0.bin']);
  });

  it('stores threads, lists, minutes sections and days as compact per-document data', () => {
    const files = indexFiles(
      [
        { id: 'a', list: 'one', dateMs: Date.UTC(2025, 0, 1), text: 'x' },
        { id: 'b', list: 'two', dateMs: Date.UTC(2025, 0, 2), text: 'y', thread: 'one/t/a/' },
        { id: 'c', list: 'one', dateMs: Date.UTC(2025, 0, 5), text: 'z', thread: 'one/t/a/', sections: [{ title: 'S', anchor: 's', line: 0, end: 1, owners: [] }] },
      ],
      ['one', 'two', 'three'],
    );
    const read = (p: string) => files.find((f) => f.path === p)!.content as Uint8Array;
    expect(readThreadBlock(read('t/0.bin'), 0, 8192)).toEqual([0, 0, 0, 0]);
    expect(Array.from(decodeDocSet(read('f/list-one.bin'), 4))).toEqual([1, 0, 1, 1]);
    expect(Array.from(decodeDocSet(read('f/list-three.bin'), 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(decodeDocSet(read('f/minutes.bin'), 4))).toEqual([0, 0, 0, 1]);
    expect(dateRange(read('dates.bin'), Date.UTC(2025, 0, 2), Date.UTC(2025, 0, 4))).toEqual([1, 2]);
    expect(dateRange(read('dates.bin'), Date.UTC(2025, 0, 3), undefined)).toEqual([2, 4]);
  });

  it('names display chunk files, and finds the chunk a file name holds', () => {
    expect(displayFile(3)).toBe('d/3.json');
    expect(displayChunkOf(displayFile(12))).toBe(12);
    expect(displayChunkOf('p/d3.bin')).toBeUndefined();
    expect(displayChunkOf('d/3.json.tmp')).toBeUndefined();
  });

  it('keeps field lengths in a byte, exactly when short and within 5% when long', () => {
    for (const length of [0, 1, 31, 32, 100, 1000, 50_000]) expect(Math.abs(decodeNorm(encodeNorm(length)) - length)).toBeLessThanOrEqual(Math.max(0, length * 0.026));
  });
});

describe('segmentStarts', () => {
  it('cuts a head, a tail and the newest documents, by the document count alone', () => {
    // Under eight times the unit: one segment.
    expect(segmentStarts(8191)).toEqual([0]);
    // A step of 2,048 (the largest power of two not above an eighth), and the newest after the
    // last multiple of 256 below the count.
    expect(segmentStarts(24_369)).toEqual([0, 22_528, 24_320]);
    expect(segmentStarts(22_785)).toEqual([0, 22_528, 22_784]);
    // No segment is empty: at a multiple of 256, the newest is the last 256 documents; where
    // those begin at the tail's start, the tail is the newest segment; at a multiple of the step,
    // the head is the whole index.
    expect(segmentStarts(23_040)).toEqual([0, 22_528, 22_784]);
    expect(segmentStarts(22_784)).toEqual([0, 22_528]);
    expect(segmentStarts(22_600)).toEqual([0, 22_528]);
    expect(segmentStarts(22_528)).toEqual([0]);
    expect(segmentStarts(16_384)).toEqual([0]);
    expect(segmentStarts(16_385)).toEqual([0, 16_384]);
    // At the scale bench's size: a step of 8,192, the newest after a multiple of 1,024.
    expect(segmentStarts(121_845)).toEqual([0, 114_688, 120_832]);
  });
});

// Each case runs on one segment, and on three (the head, the tail and the newest; see `segmentStarts`).
for (const segmentDocs of [MIN_SEGMENT_DOCS, 16]) {
  describe(segmentDocs === MIN_SEGMENT_DOCS ? 'updateSearchIndex' : 'updateSearchIndex, in segments', () => {
    /** Messages in index order, as the site passes them. */
    const ordered = (messages: TestMessage[]): SearchMessageInput[] => inputs(messages).sort((a, b) => a.dateMs - b.dateMs || (a.path < b.path ? -1 : 1));
    /** An index of some messages, updated from `previous` where a message's input is unchanged. */
    const build = (messages: TestMessage[], previous?: { index: PreviousIndex; keys: string[] }) => {
      const keys: string[] = [];
      const numbers = new Map(previous?.keys.map((key, d) => [key, d]));
      const entries = ordered(messages).flatMap((input) => {
        const key = JSON.stringify(input);
        const docs = searchDocuments(input).map(analyzeDocument);
        return docs.map((doc, k) => {
          keys.push(`${key}#${k}`);
          return numbers.get(`${key}#${k}`) ?? doc;
        });
      });
      const { files, docs } = updateSearchIndex(entries, previous?.index, { partBytes: 512, segmentDocs });
      const content = new Map(files.map((f) => [f.path, typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content]));
      const manifest = JSON.parse(new TextDecoder().decode(content.get('manifest.json')!)) as SearchManifest;
      const excerpt = (doc: number): string => displayRow((path) => content.get(path)!, manifest, doc)[7];
      const index: PreviousIndex = { manifest, docs, part: (name) => ({ bin: content.get(`p/${name}.bin`)!, pos: content.get(`p/${name}.pos`)! }), excerpt };
      return { files, index, keys };
    };
    const cold = (messages: TestMessage[]) => updateSearchIndex(ordered(messages).flatMap(searchDocuments).map(analyzeDocument), undefined, { partBytes: 512, segmentDocs }).files;
    /** An update's files written and kept (their bytes read by `bytesOf`), in path order, as a cold build lists its files. */
    const withKept = (files: SearchFile[], kept: string[], bytesOf: (path: string) => SearchFile['content']): SearchFile[] =>
      [...files, ...kept.map((path) => ({ path, content: bytesOf(path) }))].sort((a, b) => (a.path < b.path ? -1 : 1));
    /**
     * Add the corpus's message `at` to an index of its first `at` messages, every document kept:
     * the parts the update read, the files it kept, and all its files (written and kept, in path order).
     */
    const addOne = (previous: { index: PreviousIndex; keys: string[] }, at: number) => {
      const read: string[] = [];
      const index: PreviousIndex = {
        ...previous.index,
        part: (name) => {
          read.push(name);
          return previous.index.part(name);
        },
      };
      const kept: string[] = [];
      const { files } = updateSearchIndex([...previous.keys.map((_, k) => k), ...inputs(corpus(1, at)).flatMap(searchDocuments).map(analyzeDocument)], index, { partBytes: 512, segmentDocs, keep: (path) => kept.push(path) });
      const all = withKept(files, kept, (path) => (path.endsWith('.bin') ? previous.index.part(path.slice(2, -4)).bin : previous.index.part(path.slice(2, -4)).pos));
      return { read, kept, all };
    };
    const base = corpus(400);
    const minutes: TestMessage = { id: 'notes', subject: 'Meeting minutes', dateMs: Date.UTC(2024, 0, 3), text: 'Agenda\n\nscrub progress\n\nActions\n\nquota review', sections: [{ title: 'Agenda', anchor: 'agenda', line: 0, end: 2, owners: ['ann'] }] };

    const withPatch = (facets: string[]) => base.map((m, i) => (i === 200 ? { ...m, patch: { series: 'fix scrub', facets } } : m));
    const withMinutes = [...base.slice(0, 10), minutes, ...base.slice(10)];
    const cases: [string, TestMessage[], TestMessage[]][] = [
      ['mail appended at the end', base, [...base, ...corpus(30, 400)]],
      ['an old message whose patch state changed (same words)', withPatch(['patch']), withPatch(['patch', 'state:lost'])],
      ['a thread changed and mail appended', withMinutes, [...withMinutes.map((m, i) => (i === 300 ? { ...m, thread: 'lumen/t/m0001/' } : m)), ...corpus(4, 400)]],
      ['an old message whose words changed', base, base.map((m, i) => (i === 50 ? { ...m, text: `${m.text} brandnewword zstd` } : m))],
      ['a message dated among old mail', base, [...base, { id: 'late', dateMs: Date.UTC(2024, 0, 2), text: 'scrub balance misdated' }]],
      ['a message removed', withMinutes, withMinutes.filter((_, i) => i !== 7)],
      ['minutes sections changed', withMinutes, withMinutes.map((m) => (m.id === 'notes' ? { ...m, sections: [...m.sections!, { title: 'Actions', anchor: 'actions', line: 4, end: 5, owners: [] }] } : m))],
      ['nothing left', base, []],
    ];
    for (const [name, before, after] of cases) {
      it(`gives the files of a cold build: ${name}`, () => {
        const previous = build(before);
        const updated = build(after, previous);
        expect(updated.files).toEqual(cold(after));
        // And again from the update, as the next build would.
        const more = [...after, ...corpus(3, 500)];
        expect(build(more, updated).files).toEqual(cold(more));
      });
    }

    it('keeps the postings of documents it is given by number', () => {
      const previous = build(base);
      // Every document kept, one added: the old parts are read, not analysed again.
      const { read, kept, all } = addOne(previous, 400);
      const [head, ...rest] = previous.index.manifest.segments;
      expect(rest.map((segment) => segment.start)).toEqual(segmentDocs === MIN_SEGMENT_DOCS ? [] : [384, 396]);
      // One segment: all of it is read. Three: the head (384 documents of 400, and of 401) is
      // kept, unread; the tail moves on to 400 documents, so it and the newest are read.
      const segments = rest.length > 0 ? rest : [head!];
      expect(read.sort()).toEqual(segments.flatMap((segment) => [...segment.parts, ...segment.heavy]).map(([, name]) => name).sort());
      expect(kept.sort()).toEqual(rest.length > 0 ? partFiles({ ...previous.index.manifest, segments: [head!] }).sort() : []);
      // The files written and the files kept are those of a cold build.
      expect(all).toEqual(cold(corpus(401)));
    });

    if (segmentDocs !== MIN_SEGMENT_DOCS) {
      it('keeps a tail that was the newest segment when the next documents get one of their own', () => {
        // 388 documents: the head ends at 384 and the tail (4) is the newest; at 389 the newest begins at 388.
        const previous = build(corpus(388));
        expect(previous.index.manifest.segments.map((segment) => segment.start)).toEqual([0, 384]);
        const { read, kept, all } = addOne(previous, 388);
        expect(read).toEqual([]);
        expect(kept.sort()).toEqual(partFiles(previous.index.manifest).sort());
        expect(all).toEqual(cold(corpus(389)));
      });

      it('keeps the head and the tail when new mail stays in the newest segment, and reads that alone', () => {
        const previous = build(corpus(401));
        const { read, kept, all } = addOne(previous, 401);
        // 401 documents and 402 cut alike: the head ends at 384, the tail at 400.
        const [head, tail, newest] = previous.index.manifest.segments;
        expect([head, tail, newest].map((segment) => segment!.start)).toEqual([0, 384, 400]);
        expect(read.sort()).toEqual([...newest!.parts, ...newest!.heavy].map(([, name]) => name).sort());
        expect(kept.sort()).toEqual(partFiles({ ...previous.index.manifest, segments: [head!, tail!] }).sort());
        expect(all).toEqual(cold(corpus(402)));
      });
    }

    it('keeps the display chunks whose documents kept their numbers, without reading them', () => {
      const previous = build(base);
      const content = new Map(previous.files.map((f) => [f.path, f.content]));
      const update = (after: TestMessage[], intact: (chunk: number) => boolean) => {
        const asked: number[] = [];
        const index: PreviousIndex = {
          ...previous.index,
          excerpt: (doc) => {
            asked.push(doc);
            return previous.index.excerpt(doc);
          },
          displayIntact: intact,
        };
        const numbers = new Map(previous.keys.map((key, d) => [key, d]));
        const entries = ordered(after).flatMap((input) => searchDocuments(input).map((doc, k) => numbers.get(`${JSON.stringify(input)}#${k}`) ?? analyzeDocument(doc)));
        const kept: string[] = [];
        const { files } = updateSearchIndex(entries, index, { partBytes: 512, segmentDocs, keep: (path) => kept.push(path) });
        // The files written and the files kept are those of a cold build.
        expect(withKept(files, kept, (path) => content.get(path)!)).toEqual(cold(after));
        return { asked, kept: kept.filter((path) => displayChunkOf(path) !== undefined).map((path) => displayChunkOf(path)!), written: files.map((f) => displayChunkOf(f.path)).filter((c) => c !== undefined) };
      };
      const docs = previous.index.manifest.docs;
      const chunkDocs = previous.index.manifest.displayChunk;
      const full = Math.floor(docs / chunkDocs);
      // Mail appended: every full chunk is kept and none of its excerpts read; the last, partial
      // chunk is made again with the new documents.
      const appended = update([...base, ...corpus(30, 400)], () => true);
      expect(appended.kept).toEqual(Array.from({ length: full }, (_, c) => c));
      expect(appended.asked).toEqual(Array.from({ length: docs - full * chunkDocs }, (_, k) => full * chunkDocs + k));
      expect(appended.written[0]).toBe(full);
      // A chunk not as it was written is made again from the excerpts it had.
      const broken = update([...base, ...corpus(30, 400)], (c) => c !== 3);
      expect(broken.kept).not.toContain(3);
      expect(broken.written).toContain(3);
      expect(broken.asked.slice(0, chunkDocs)).toEqual(Array.from({ length: chunkDocs }, (_, k) => 3 * chunkDocs + k));
      // A message dated among old mail moves every later document: no chunk from it on is kept.
      const late = update([...base, { id: 'late', dateMs: Date.UTC(2024, 0, 2), text: 'scrub balance misdated' }], () => true);
      // It sorts as document 24: chunks 0 to 2 are kept, and every excerpt from there on is read, in order.
      expect(late.kept).toEqual([0, 1, 2]);
      expect(late.asked).toEqual(Array.from({ length: docs - 24 }, (_, k) => 24 + k));
    });

    it('hands each file to emit as it is made, and keeps none', () => {
      const docs = () => inputs(corpus(120)).flatMap(searchDocuments).map(analyzeDocument);
      const emitted: SearchFile[] = [];
      const { files } = updateSearchIndex(docs(), undefined, { partBytes: 512, emit: (f) => emitted.push(f) });
      expect(files).toEqual([]);
      expect(emitted.sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(updateSearchIndex(docs(), undefined, { partBytes: 512 }).files);
    });

    it('refuses a number that is not a document of the last index', () => {
      const previous = build(corpus(3));
      expect(() => updateSearchIndex([0, 0], previous.index)).toThrow(/not a document of the last index, or came twice/);
      expect(() => updateSearchIndex([5], previous.index)).toThrow(/not a document of the last index/);
    });
  });
}
