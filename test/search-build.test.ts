import { describe, expect, it } from 'vitest';
import type { SearchManifest } from '../src/lib/search-schema.ts';
import type { SearchFile } from '../src/lib/search-index.ts';
import { searchFiles, type PreviousSearch, type SearchMessage, type SearchState } from '../src/site/search-build.ts';
import { displayRow, inputs, type TestMessage } from './search-fixture.ts';

const WORDS = ['scrub', 'balance', 'quota', 'snapshot', 'csum', 'relocation', 'degraded', 'trim'];
const message = (i: number): TestMessage => ({ id: `m${i}`, subject: `${WORDS[i % WORDS.length]} report`, dateMs: Date.UTC(2024, 0, 1) + i * 3_600_000, text: `${WORDS[(i * 3) % WORDS.length]} and ${WORDS[(i * 5) % WORDS.length]} word${i}` });
// Minutes with three sections: four documents, across a display chunk's end (8 documents).
const minutes: TestMessage = {
  id: 'notes',
  subject: 'Meeting minutes',
  dateMs: Date.UTC(2024, 0, 1) + 5 * 3_600_000 + 1,
  text: 'Scrub\n\nscrub progress\n\nQuota\n\nquota review\n\nTrim\n\ntrim on ssd',
  sections: [
    { title: 'Scrub', anchor: 'scrub', line: 0, end: 2, owners: [] },
    { title: 'Quota', anchor: 'quota', line: 4, end: 6, owners: [] },
    { title: 'Trim', anchor: 'trim', line: 8, end: 10, owners: [] },
  ],
};

/** The index of some messages, from `previous` where given; its files by path, its state and how many messages it analysed. */
function run(messages: TestMessage[], previous?: PreviousSearch) {
  // Each message's text stands for its hash.
  const given: SearchMessage[] = inputs(messages)
    .sort((a, b) => a.dateMs - b.dateMs || (a.path < b.path ? -1 : 1))
    .map(({ text, ...input }) => ({ input, bodyHash: text, body: ['', 0, 0] }));
  const files = new Map<string, SearchFile['content']>();
  const kept: string[] = [];
  const keep = (path: string) => {
    if (!path.startsWith('search/d/')) throw new Error(`${path} was kept: an index this small is one segment, written whole`);
    kept.push(path);
  };
  return { files, kept, ...searchFiles(given, ['lumen'], (m) => m.bodyHash, previous, (f) => files.set(f.path, f.content), keep) };
}

/** The last index as a build reads it, with the excerpts of the documents `lost` cannot be read. */
function previousOf(last: { files: Map<string, SearchFile['content']>; state: SearchState }, lost: (doc: number) => boolean, intact?: (chunk: number) => boolean, asked: number[] = []): PreviousSearch {
  const bytes = (path: string) => {
    const content = last.files.get(`search/${path}`)!;
    return typeof content === 'string' ? new TextEncoder().encode(content) : content;
  };
  const manifest = JSON.parse(new TextDecoder().decode(bytes('manifest.json'))) as SearchManifest;
  return {
    state: last.state,
    manifest,
    part: (name) => ({ bin: bytes(`p/${name}.bin`), pos: bytes(`p/${name}.pos`) }),
    keyOf: () => undefined,
    excerpt: (doc) => {
      asked.push(doc);
      return lost(doc) ? undefined : displayRow(bytes, manifest, doc)[7];
    },
    ...(intact ? { displayIntact: intact } : {}),
  };
}

describe('searchFiles', () => {
  const before = [...Array.from({ length: 20 }, (_, i) => message(i)), minutes];
  const after = [...before, message(20)];

  it('keeps the documents whose excerpts it finds, and analyses only new mail', () => {
    const last = run(before);
    const updated = run(after, previousOf(last, () => false));
    expect(updated.analysed).toBe(1);
    expect(updated.files).toEqual(run(after).files);
  });

  it('analyses again a message whose excerpts are not all found, and gives the same files', () => {
    const last = run(before);
    // The minutes are documents 6 to 9: its message, then its sections. Their last three go.
    expect(last.state.messages[6]![1]).toBe(4);
    const updated = run(after, previousOf(last, (doc) => doc >= 7 && doc < 10));
    // The minutes and the new message.
    expect(updated.analysed).toBe(2);
    expect(updated.files).toEqual(run(after).files);
  });

  /** The files of an update, with those it kept taken from the last index. */
  const site = (updated: ReturnType<typeof run>, last: ReturnType<typeof run>) => new Map([...updated.files, ...updated.kept.map((path) => [path, last.files.get(path)!] as const)].sort(([a], [b]) => (a < b ? -1 : 1)));
  const sorted = (files: Map<string, SearchFile['content']>) => new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));

  it('keeps the display chunks that are as they were written, and reads none of their excerpts', () => {
    const last = run(before);
    // 24 documents: three full chunks, each kept; the new message's document starts a fourth.
    expect(last.files.has('search/d/2.json')).toBe(true);
    const asked: number[] = [];
    const updated = run(after, previousOf(last, () => false, () => true, asked));
    expect(updated.analysed).toBe(1);
    expect(updated.kept).toEqual(['search/d/0.json', 'search/d/1.json', 'search/d/2.json']);
    expect(asked).toEqual([]);
    expect(site(updated, last)).toEqual(sorted(run(after).files));
  });

  it('reads a chunk not as it was written for its excerpts, and writes it again', () => {
    const last = run(before);
    const asked: number[] = [];
    const updated = run(after, previousOf(last, () => false, (chunk) => chunk !== 1, asked));
    expect(updated.analysed).toBe(1);
    expect(updated.kept).toEqual(['search/d/0.json', 'search/d/2.json']);
    expect(updated.files.has('search/d/1.json')).toBe(true);
    // Its documents, and the minutes' first two (6 and 7, in chunk 0): a message's documents are read together.
    expect(asked).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(site(updated, last)).toEqual(sorted(run(after).files));
  });

  it('reads excerpts in order when older mail moves documents, and stops at a chunk changed by something else', () => {
    const last = run(before);
    const later = before.slice(1);
    const asked: number[] = [];
    const updated = run(later, previousOf(last, () => false, () => true, asked));
    // Every document moved back by one: no chunk is kept, and each excerpt is read once, in order.
    expect(updated.kept).toEqual([]);
    expect(asked).toEqual(Array.from({ length: 23 }, (_, k) => k + 1));
    expect(updated.files).toEqual(run(later).files);
    // A chunk the site's manifest records as written but which has lost its rows.
    expect(() => run(later, previousOf(last, (doc) => doc === 10, () => true))).toThrow(/not as the last build wrote it: run threadline build --clean/);
  });
});
