import { describe, expect, it } from 'vitest';
import { rankDocs, searchIndex, type IndexSource } from '../src/lib/search-engine.ts';
import { parseQuery } from '../src/lib/search-query.ts';
import { testIndex } from './search-fixture.ts';

const messages = [
  { id: 'a', subject: 'Release cadence', text: 'We should release every six weeks.\nThe write ahead log needs a checksum.' },
  { id: 'b', subject: 'Checksums at start-up', text: 'Verify the checksum of every segment at start-up, before the write ahead log is replayed.' },
  { id: 'c', subject: 'Re: Release cadence', parentSubject: 'Release cadence', thread: 'lumen/t/a/', text: 'Six weeks is too short for a release.' },
  { id: 'd', subject: 'Spinning disks', fromName: 'Karen Orca', fromAddress: 'karen@example.org', text: 'Orca reads the screen aloud. Spinning disks are slow.' },
  { id: 'e', subject: 'Orca and braille', fromName: 'Bob Reader', text: 'Orca works with my braille display.' },
  { id: 'f', subject: 'Crash in btrfs_commit_transaction', text: 'kernel BUG at fs/btrfs/relocation.c:3494!\nbtrfs_commit_transaction+0x99/0x150\nSeen on 5.15.2 with generic/475.' },
  { id: 'g', subject: 'OpenBMC security', text: 'The OpenBMC daemons should not run as root, we agreed.' },
  { id: 'h', subject: 'Crashes again', text: 'It crashes every night. Crashed twice today.' },
  { id: 'i', subject: 'A crash', text: 'One crash.' },
  { id: 'j', subject: 'Other list', list: 'other', text: 'Checksum talk on another list.' },
  { id: 'k', subject: '[PATCH] wal: batch appends', text: 'Batch the appends.\n---\n src/wal/queue.c | 12 ++++\n 1 file changed\n\ndiff --git a/src/wal/queue.c b/src/wal/queue.c\n@@ -1,3 +1,4 @@ static int wal_queue_init(void)\n+int wal_queue_push(struct wal *w)\n+{\n' },
];

describe('patch filters', () => {
  const patches = testIndex([
    { id: 'p1', subject: '[PATCH v2 1/2] wal: batch appends', text: 'Batch the appends.', patch: { series: 'wal: batch fsync', facets: ['patch', 'state:reviewed'] } },
    { id: 'p2', subject: '[PATCH 1/1] scrub: run in the background', text: 'Scrub later.', patch: { series: 'scrub: run in the background', facets: ['patch', 'state:new', 'state:lost'] } },
    { id: 'r1', subject: 'Re: [PATCH v2 1/2] wal: batch appends', parentSubject: '[PATCH v2 1/2] wal: batch appends', text: 'Looks good: batch them.' },
  ]);

  it('keeps patches with is:patch, a state with state:, lost series with is:lost', async () => {
    expect((await patches.search('batch')).paths.sort()).toEqual(['lumen/m/p1/', 'lumen/m/r1/']);
    expect((await patches.search('batch is:patch')).paths).toEqual(['lumen/m/p1/']);
    expect((await patches.search('is:lost scrub')).paths).toEqual(['lumen/m/p2/']);
    expect((await patches.search('scrub state:reviewed')).paths).toEqual([]);
    expect((await patches.search('state:applied batch')).paths).toEqual([]);
  });

  it("finds a patch by its series' title", async () => {
    expect((await patches.search('fsync is:patch')).paths).toEqual(['lumen/m/p1/']);
  });
});

describe('searchIndex', () => {
  const index = testIndex(messages, ['lumen', 'other']);

  it('requires every word by default', async () => {
    const { paths, outcome } = await index.search('checksum segment');
    expect(outcome.mode).toBe('all');
    expect(paths).toEqual(['lumen/m/b/']);
  });

  it('falls back to any word when no message has all, most words first, and says so', async () => {
    const { paths, outcome } = await index.search('segment braille');
    expect(outcome.mode).toBe('any');
    expect(paths.sort()).toEqual(['lumen/m/b/', 'lumen/m/e/']);
  });

  it('adds documents with some of the words after fewer full matches than asked for', async () => {
    const { paths, partial } = await index.search('checksum segment', { fillTo: 10 });
    expect(paths).toEqual(['lumen/m/b/']);
    expect(partial).toEqual(expect.arrayContaining(['lumen/m/a/', 'other/m/j/']));
  });

  it('matches a quoted phrase only where its words stand side by side', async () => {
    expect((await index.search('"write ahead log"')).paths.sort()).toEqual(['lumen/m/a/', 'lumen/m/b/']);
    expect((await index.search('"ahead write"')).paths).toEqual([]);
    // "not" and "as" are common words: gaps the phrase keeps.
    expect((await index.search('"daemons should not run as root"')).paths).toEqual(['lumen/m/g/']);
    expect((await index.search('"daemons run root"')).paths).toEqual([]);
  });

  it('combines a field with words as AND', async () => {
    expect((await index.search('from:karen orca')).paths).toEqual(['lumen/m/d/']);
    expect((await index.search('orca')).paths.sort()).toEqual(['lumen/m/d/', 'lumen/m/e/']);
    expect((await index.search('subject:spinning')).paths).toEqual(['lumen/m/d/']);
    expect((await index.search('body:braille')).paths).toEqual(['lumen/m/e/']);
  });

  it('excludes -word', async () => {
    expect((await index.search('orca -braille')).paths).toEqual(['lumen/m/d/']);
  });

  it('finds identifiers, paths and versions as pasted, and by their parts', async () => {
    for (const q of ['btrfs_commit_transaction', 'relocation.c:3494', 'fs/btrfs/relocation.c', '5.15.2', '5.15', 'generic/475', 'commit transaction', 'OpenBMC', 'open bmc', 'openbmc']) {
      const { paths } = await index.search(q);
      expect(paths.length, q).toBeGreaterThan(0);
      expect(paths, q).toContain(q.toLowerCase().includes('bmc') ? 'lumen/m/g/' : 'lumen/m/f/');
    }
  });

  it('finds the identifiers a patch adds and the files it touches', async () => {
    expect((await index.search('wal_queue_push')).paths).toEqual(['lumen/m/k/']);
    expect((await index.search('code:wal_queue_init')).paths).toEqual(['lumen/m/k/']);
    expect((await index.search('src/wal/queue.c')).paths).toEqual(['lumen/m/k/']);
  });

  it('finds all forms of a word, the form typed first', async () => {
    const local = testIndex([
      { id: 'one', subject: 'Report', text: 'The disk crashed once.' },
      { id: 'two', subject: 'Report', text: 'The disk crashes once.' },
      { id: 'three', subject: 'Report', text: 'The disk crash once.' },
      { id: 'other', subject: 'Report', text: 'The disk crashers once.' },
    ]);
    const crashes = await local.search('crashes');
    expect(crashes.paths[0]).toBe('lumen/m/two/');
    expect(crashes.paths.slice().sort()).toEqual(['lumen/m/one/', 'lumen/m/three/', 'lumen/m/two/']);
    expect((await local.search('crash')).paths[0]).toBe('lumen/m/three/');
    expect((await local.search('crashed')).paths[0]).toBe('lumen/m/one/');
  });

  it('finds the forms of words joined by a hyphen, the form typed first', async () => {
    const local = testIndex([
      { id: 'one', subject: 'Report', text: 'My Sound-Cards are out of order.' },
      { id: 'two', subject: 'Report', text: 'The sound-card is quiet.' },
      { id: 'other', subject: 'Report', text: 'A sound card, and a sound-cart.' },
    ]);
    const plural = await local.search('sound-cards');
    expect(plural.paths[0]).toBe('lumen/m/one/');
    expect(plural.paths).toContain('lumen/m/two/');
    expect(plural.paths).not.toContain('lumen/m/other/');
    expect((await local.search('sound-card')).paths[0]).toBe('lumen/m/two/');
  });

  it('applies list, date and minutes filters from compact per-document data', async () => {
    expect((await index.search('checksum list:other')).paths).toEqual(['other/m/j/']);
    const dated = await index.search('checksum after:2025-01-02 before:2025-01-09');
    expect(dated.paths).toEqual(['lumen/m/b/']);
    expect((await index.search('checksum list:nowhere')).outcome.problems[0]).toContain('no list');
  });

  it('groups the results of one thread under its best message', async () => {
    const { grouped } = await index.search('release');
    const thread = grouped.find((g) => g.includes('lumen/m/a/'))!;
    expect(thread.sort()).toEqual(['lumen/m/a/', 'lumen/m/c/']);
    expect(grouped).toHaveLength(1);
  });

  it('ranks a subject a message wrote above the subject a reply inherited', async () => {
    expect((await index.search('cadence')).grouped[0]![0]).toBe('lumen/m/a/');
  });

  it('sorts by date when asked', async () => {
    const { paths } = await index.search('checksum', { byDate: true });
    expect(paths).toEqual(['other/m/j/', 'lumen/m/b/', 'lumen/m/a/']);
  });

  it('reads only the parts of the query words, not the whole index', async () => {
    await index.search('orca');
    expect(index.reads.filter((p) => p.startsWith('p/'))).toHaveLength(1);
  });

  it('lets a body holding every word beat a subject holding one', async () => {
    const local = testIndex([
      { id: 'subject-one', subject: 'Cadence', text: 'Nothing else here at all about it.' },
      { id: 'body-all', subject: 'Planning', text: 'The release cadence of the storage engine.' },
    ]);
    const { paths, outcome } = await local.search('release cadence storage');
    expect(outcome.mode).toBe('all');
    expect(paths).toEqual(['lumen/m/body-all/']);
    const any = await local.search('cadence storage');
    expect(any.paths[0]).toBe('lumen/m/body-all/');
  });
});

describe('rankDocs', () => {
  it('orders as the comparator sorts did: score, then documents matched first, ties newest first', () => {
    // A pseudo-random case with many equal scores and counts (ties), tiny and huge scores.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const n = 5000;
    const scores = Float64Array.from({ length: n }, () => (random() < 0.3 ? Math.floor(random() * 4) : random() < 0.5 ? random() * 1e-9 : random() * 1e6));
    const matched = Uint8Array.from({ length: n }, () => 1 + Math.floor(random() * 3));
    const docs = Array.from({ length: n }, (_, d) => d).filter(() => random() < 0.8);
    const byScore = (x: number, y: number) => scores[y]! - scores[x]! || y - x;
    expect([...rankDocs(docs, scores, undefined)]).toEqual([...docs].sort(byScore));
    expect([...rankDocs(docs, scores, matched)]).toEqual([...docs].sort((x, y) => matched[y]! - matched[x]! || byScore(x, y)));
    expect([...rankDocs(docs, undefined, undefined)]).toEqual([...docs].sort((x, y) => y - x));
    expect([...rankDocs([], scores, matched)]).toEqual([]);
  });
});

describe('thread blocks', () => {
  it('reads a thread block again, past the cache, when it does not hold one entry per document', async () => {
    const index = testIndex(messages, ['lumen', 'other']);
    const fresh = await index.search('release');
    const stale = new Map(index.files);
    // A block of an older, smaller index: one document short.
    stale.set('t/0.bin', index.files.get('t/0.bin')!.slice(0, -1));
    const asked: string[] = [];
    const source: IndexSource = {
      manifest: index.manifest,
      read: async (path, again) => {
        asked.push(`${path}${again ? ' again' : ''}`);
        return (again ? index.files : stale).get(path)!;
      },
    };
    const outcome = await searchIndex(parseQuery('release'), source, {});
    expect(asked).toContain('t/0.bin again');
    expect(outcome).toEqual(fresh.outcome);
  });
});

describe('an index in segments', () => {
  const WORDS = ['balance', 'scrub', 'snapshot', 'raid5', 'corruption', 'send', 'receive', 'qgroup', 'compress', 'degraded', 'mount', 'device', 'checksum', 'zstd', 'defrag', 'subvolume', 'quota'];
  const corpus = Array.from({ length: 200 }, (_, i) => ({
    id: `m${String(i).padStart(3, '0')}`,
    subject: `${WORDS[i % WORDS.length]} ${WORDS[(i * 5) % WORDS.length]} report`,
    fromName: i % 3 === 0 ? 'Karen Orca' : 'Bob Reader',
    dateMs: Date.UTC(2024, 0, 1) + i * 3_600_000,
    text: `${Array.from({ length: 24 }, (_, j) => WORDS[(i * 7 + j * j) % WORDS.length]).join(' ')} mounting mounted vocab${i % 40} unique${i}word`,
  }));
  // 200 documents: with a step of 16, the head holds 192, the tail 6 and the newest 2; parts of 256 bytes make many of each.
  const one = testIndex(corpus, undefined, { partBytes: 256 });
  const three = testIndex(corpus, undefined, { partBytes: 256, segmentDocs: 16 });

  it('cuts the index in a head, a tail and the newest documents', () => {
    expect(one.manifest.segments.map((s) => s.start)).toEqual([0]);
    expect(three.manifest.segments.map((s) => s.start)).toEqual([0, 192, 198]);
    expect(three.manifest.segments[1]!.parts.length).toBeGreaterThan(1);
    expect(three.manifest.segments[2]!.parts.length).toBeGreaterThan(0);
  });

  it('finds and scores as one segment does: words, forms, prefixes, phrases, fields, exclusions', async () => {
    const queries = ['scrub', 'mount', 'mount*', 'vocab1*', 'zstd checksum', '"raid5 corruption"', 'subject:quota', 'from:orca balance', 'device -degraded', 'unique195word', 'unique3word', 'defrag subvolume quota'];
    for (const q of queries) {
      const a = await one.search(q, { fillTo: 20 });
      const b = await three.search(q, { fillTo: 20 });
      expect(a.outcome.total, q).toBeGreaterThan(0);
      expect(b.grouped, q).toEqual(a.grouped);
      expect(b.partial, q).toEqual(a.partial);
      expect(b.outcome.total, q).toBe(a.outcome.total);
      expect(b.outcome.problems, q).toEqual(a.outcome.problems);
      for (const [k, g] of b.outcome.groups.entries()) expect(g.score, q).toBeCloseTo(a.outcome.groups[k]!.score, 9);
    }
  });

  it('reads a part of each segment for a word', async () => {
    await three.search('scrub');
    expect(three.reads.filter((p) => p.startsWith('p/'))).toHaveLength(3);
  });
});

