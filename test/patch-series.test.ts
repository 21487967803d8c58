import { describe, expect, it } from 'vitest';
import { indexArchive } from '../src/lib/archive.ts';
import { findPatchSeries, formatRanges, sendKey, type ListPatches } from '../src/lib/patch-series.ts';
import { analyzePatch } from '../src/lib/patches.ts';

/** A message of a small list: who, when (days after 1 March 2025), what, in reply to what. */
interface Mail {
  id: string;
  from?: string;
  day: number;
  subject: string;
  replyTo?: string;
  text?: string;
}

const DAY = 24 * 3600 * 1000;
const START = Date.UTC(2025, 2, 1, 9);

/** A patch body in git format-patch layout touching one file. */
function patch(title: string, extra = ''): string {
  const file = `src/${title.replace(/\W+/g, '_')}.c`;
  return `${title}.\n\n${extra}Signed-off-by: Author <author@example.org>\n---\n ${file} | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1 +1,2 @@\n int x;\n+int y;\n-- \n2.47.1\n`;
}

/** The series of a list of mails, ages measured to its newest mail. */
function series(mails: Mail[], settings = { unansweredDays: 14, unappliedDays: 60 }): ListPatches {
  const index = indexArchive(
    mails.map((m, k) => {
      const from = m.from ?? 'erik';
      return {
        messageId: `${m.id}@example.org`,
        references: m.replyTo ? [`${m.replyTo}@example.org`] : [],
        inReplyTo: m.replyTo ? [`${m.replyTo}@example.org`] : [],
        subject: m.subject,
        from: { name: from[0]!.toUpperCase() + from.slice(1), address: `${from}@example.org` },
        dateMs: START + m.day * DAY,
        offsetMinutes: 0,
        stableKey: String(k).padStart(4, '0'),
      };
    }),
  );
  const byId = new Map(mails.map((m) => [`${m.id}@example.org`, m]));
  const analysis = index.messages.map((m) => {
    const mail = byId.get(m.messageId)!;
    return analyzePatch(mail.subject, mail.text ?? (mail.subject.startsWith('Re:') ? 'A comment.\n' : patch(mail.subject.replace(/^\[[^\]]*\]\s*/, ''))));
  });
  return findPatchSeries({ index, analysis, settings });
}

const titles = (lp: ListPatches) => lp.series.map((s) => `v${s.version} ${s.title} [${s.patches.map((p) => p.index).join(',')}]`);

describe('findPatchSeries: grouping', () => {
  it('groups a cover letter and the patches that answer it', () => {
    const lp = series([
      { id: 'c', day: 0, subject: '[PATCH 0/3] wal: batch fsync', text: 'Cover.\n' },
      { id: 'p1', day: 0, subject: '[PATCH 1/3] wal: queue', replyTo: 'c' },
      { id: 'p2', day: 0, subject: '[PATCH 2/3] wal: batch', replyTo: 'c' },
      { id: 'p3', day: 0, subject: '[PATCH 3/3] docs: window', replyTo: 'c' },
    ]);
    expect(titles(lp)).toEqual(['v1 wal: batch fsync [1,2,3]']);
    expect(lp.series[0]!.covers).toHaveLength(1);
    expect(lp.series[0]!.missing).toEqual([]);
    expect(lp.members.size).toBe(4);
  });

  it('groups patches sent as a chain, each answering the one before', () => {
    const lp = series([
      { id: 'p1', day: 0, subject: '[PATCH 1/3] a' },
      { id: 'p2', day: 0, subject: '[PATCH 2/3] b', replyTo: 'p1' },
      { id: 'p3', day: 0, subject: '[PATCH 3/3] c', replyTo: 'p2' },
    ]);
    expect(titles(lp)).toEqual(['v1 a [1,2,3]']);
  });

  it('groups unthreaded patches of one author, version and count within minutes, not an hour later', () => {
    const lp = series([
      { id: 'p1', day: 0, subject: '[PATCH 1/2] a' },
      { id: 'p2', day: 5 / 1440, subject: '[PATCH 2/2] b' },
      { id: 'q1', day: 1, subject: '[PATCH 1/2] c' },
      { id: 'q2', day: 1 + 60 / 1440, subject: '[PATCH 2/2] d' },
      { id: 'r2', day: 2, from: 'dana', subject: '[PATCH 2/2] e' },
    ]);
    expect(titles(lp)).toEqual(['v1 a [1,2]', 'v1 c [1]', 'v1 d [2]', 'v1 e [2]']);
  });

  it('names the patches a series lacks', () => {
    const lp = series([
      { id: 'c', day: 0, subject: '[PATCH 0/5] five', text: 'Cover.\n' },
      ...[1, 3, 4].map((k) => ({ id: `p${k}`, day: 0, subject: `[PATCH ${k}/5] p${k}`, replyTo: 'c' })),
    ]);
    expect(lp.series[0]!.missing).toEqual([2, 5]);
    expect(formatRanges([2, 4, 5, 6, 9])).toBe('2, 4–6, 9');
  });

  it('gives patches without a version their cover letter\'s ([PATCH 0/2][v2] then [PATCH 1/2])', () => {
    const lp = series([
      { id: 'c', day: 0, subject: '[PATCH 0/2][v2] two groups', text: 'Cover.\n' },
      { id: 'p1', day: 0, subject: '[PATCH 1/2] a', replyTo: 'c' },
      { id: 'p2', day: 0, subject: '[PATCH 2/2] b', replyTo: 'c' },
    ]);
    expect(titles(lp)).toEqual(['v2 two groups [1,2]']);
  });

  it('keeps one git send-email run together when its subjects disagree on the version', () => {
    expect(sendKey('20200203110012.5954-4-anand.jain@oracle.com')).toBe(sendKey('20200203110012.5954-1-anand.jain@oracle.com'));
    expect(sendKey('1577959968-19427-2-git-send-email-a@b.c')).toBe(sendKey('1577959968-19427-1-git-send-email-a@b.c'));
    expect(sendKey('cover.1602756068.git.a@b.c')).toBe(sendKey(`${'a'.repeat(40)}.1602756068.git.a@b.c`));
    expect(sendKey('bob-review@example.org')).toBeUndefined();
    const lp = series([
      { id: '20250301090000.1-1-erik', day: 0, subject: '[PATCH v5 1/2] a' },
      { id: '20250301090000.1-2-erik', day: 0, subject: '[PATCH v2 2/2] b' },
    ]);
    expect(titles(lp)).toEqual(['v5 a [1,2]']);
  });

  it('keeps a cover letter with the patches of its git send-email run when it miscounts them', () => {
    // The k-th message of a git send-email run, each after the first answering it.
    const run = (stem: string, k: number, subject: string): Mail => ({ id: `${stem}-${k}-erik`, day: 0, subject, ...(k > 1 ? { replyTo: `${stem}-1-erik` } : { text: 'Cover.\n' }) });
    const lp = series([
      run('20250301090000.7', 1, '[PATCH v2 0/2] wal: batch fsync'),
      run('20250301090000.7', 2, '[PATCH v2 1/4] wal: queue'),
      run('20250301090000.7', 3, '[PATCH v2 2/4] wal: batch'),
      run('20250301090000.7', 4, '[PATCH v2 3/4] wal: sync'),
      run('20250301090000.7', 5, '[PATCH v2 4/4] docs: window'),
    ]);
    expect(titles(lp)).toEqual(['v2 wal: batch fsync [1,2,3,4]']);
    // The patches' count holds: none is missing.
    expect(lp.series[0]!.missing).toEqual([]);
    // Another run's patches, answering the same cover, stay apart.
    const other = series([
      { id: '20250301090000.7-1-erik', day: 0, subject: '[PATCH v2 0/2] wal: batch fsync', text: 'Cover.\n' },
      { id: '20250302090000.8-1-erik', day: 1, subject: '[PATCH v2 1/4] wal: queue', replyTo: '20250301090000.7-1-erik' },
    ]);
    expect(other.series).toHaveLength(2);
    // Two series sent in one run, each message answering the run's first: two series still.
    const two = series([
      run('20250301090000.9', 1, '[PATCH 0/2] wal: batch fsync'),
      run('20250301090000.9', 2, '[PATCH 1/2] wal: queue'),
      run('20250301090000.9', 3, '[PATCH 2/2] wal: batch'),
      { ...run('20250301090000.9', 4, '[PATCH 0/3] docs: rework'), text: 'Cover.\n' },
      run('20250301090000.9', 5, '[PATCH 1/3] docs: one'),
      run('20250301090000.9', 6, '[PATCH 2/3] docs: two'),
      run('20250301090000.9', 7, '[PATCH 3/3] docs: three'),
    ]);
    expect(titles(two).sort()).toEqual(['v1 docs: rework [1,2,3]', 'v1 wal: batch fsync [1,2]']);
  });

  it('takes a message without a counter or a diff for the cover letter of its git send-email run', () => {
    const lp = series([
      { id: '20250301090000.7-1-erik', day: 0, subject: '[RFC][PATCH V5] btrfs-progs: allocation hints', text: 'What changed since V4.\n' },
      { id: '20250301090000.7-2-erik', day: 0, subject: '[PATCH 1/2] btrfs-progs: add the ioctl', replyTo: '20250301090000.7-1-erik' },
      { id: '20250301090000.7-3-erik', day: 0, subject: '[PATCH 2/2] btrfs-progs: add the property', replyTo: '20250301090000.7-1-erik' },
    ]);
    expect(titles(lp)).toEqual(['v5 btrfs-progs: allocation hints [1,2]']);
    expect(lp.series[0]!.covers).toHaveLength(1);
  });

  it('does not take a review whose subject lost its "Re:" for a patch', () => {
    const lp = series([
      { id: 'p1', day: 0, subject: '[PATCH] a' },
      { id: 'r', day: 1, from: 'bob', subject: '[PATCH] a', replyTo: 'p1', text: '> diff --git a/x b/x\n> @@ -1 +1 @@\n\nWrong.\n' },
    ]);
    expect(lp.series).toHaveLength(1);
    expect(lp.replyOf.get(lp.series[0]!.lead + 1)).toBe(0);
  });

  it('takes an untagged diff that starts a thread for a patch, not one inside a thread', () => {
    const diff = patch('fix the scrub');
    const lp = series([
      { id: 'a', day: 0, subject: 'scrub: fix the page count', text: diff },
      { id: 'b', day: 1, from: 'bob', subject: 'Build broken' , text: 'It fails.\n' },
      { id: 'c', day: 2, subject: 'try this', replyTo: 'b', text: diff },
    ]);
    expect(titles(lp)).toEqual(['v1 scrub: fix the page count [1]']);
  });

  it('folds a RESEND into the series it resends: one series, waiting from the resend', () => {
    const lp = series([
      { id: 'p', day: 0, subject: '[PATCH] btrfs: fix a leak' },
      { id: 'r', day: 21, subject: '[PATCH RESEND] btrfs: fix a leak' },
      { id: 'x', day: 22, from: 'bob', subject: 'Re: [PATCH RESEND] btrfs: fix a leak', replyTo: 'r', text: 'Reviewed-by: Bob <bob@example.org>\n' },
    ]);
    expect(lp.series).toHaveLength(1);
    const s = lp.series[0]!;
    expect(s.resent).toBe(true);
    expect(s.patches[0]!.postings).toHaveLength(2);
    expect(s.postedMs).toBe(START + 21 * DAY);
    expect(s.state).toBe('reviewed');
  });

  it('keeps backports to different stable branches apart, and never calls them lost', () => {
    const lp = series([
      { id: 'a', day: 0, from: 'sasha', subject: '[PATCH AUTOSEL 5.4 3/20] btrfs: fix a leak' },
      { id: 'b', day: 0, from: 'sasha', subject: '[PATCH AUTOSEL 4.19 3/17] btrfs: fix a leak' },
      { id: 'z', day: 40, from: 'bob', subject: 'Unrelated', text: 'Hello.\n' },
    ]);
    expect(lp.series).toHaveLength(2);
    expect(lp.series.every((s) => s.backport && s.lost === undefined && s.next.length === 0)).toBe(true);
  });
});

describe('findPatchSeries: versions', () => {
  it('links v1 → v2 → v3 of one author by title; earlier versions are superseded', () => {
    const lp = series([
      { id: 'v1', day: 0, subject: '[PATCH] btrfs: fix a leak' },
      { id: 'v2', day: 3, subject: '[PATCH v2] btrfs: fix a leak' },
      { id: 'v3', day: 6, subject: '[PATCH v3] btrfs: fix a leak' },
    ]);
    const [a, b, c] = lp.series;
    expect(b!.previous).toEqual({ id: a!.id, why: ['same title'] });
    expect(c!.previous?.id).toBe(b!.id);
    expect(lp.families).toEqual([[0, 1, 2]]);
    expect([a!.state, b!.state, c!.state]).toEqual(['superseded', 'superseded', 'new']);
    expect(a!.evidence[0]!.text).toBe('v2 posted');
  });

  it('links versions whose cover letters differ by the titles of their patches', () => {
    const lp = series([
      { id: 'c1', day: 0, subject: '[PATCH 0/2] first try', text: 'Cover.\n' },
      { id: 'a1', day: 0, subject: '[PATCH 1/2] wal: queue', replyTo: 'c1' },
      { id: 'b1', day: 0, subject: '[PATCH 2/2] wal: batch', replyTo: 'c1' },
      { id: 'c2', day: 5, subject: '[PATCH v2 0/3] a better name', text: 'Changes since v1: more.\n' },
      { id: 'a2', day: 5, subject: '[PATCH v2 1/3] wal: queue', replyTo: 'c2' },
      { id: 'b2', day: 5, subject: '[PATCH v2 2/3] wal: batch', replyTo: 'c2' },
      { id: 'd2', day: 5, subject: '[PATCH v2 3/3] docs: window', replyTo: 'c2' },
    ]);
    expect(titles(lp)).toEqual(['v1 first try [1,2]', 'v2 a better name [1,2,3]']);
    expect(lp.series[1]!.previous).toEqual({ id: 0, why: ['2 of 3 patch titles as in v1', 'its change log names v1'] });
  });

  it('links a version that names the earlier one ("v1: <link>") even under another title', () => {
    const lp = series([
      { id: 'v1', day: 0, subject: '[PATCH] btrfs: one thing' },
      { id: 'v2', day: 9, subject: '[PATCH v2] btrfs: another name', text: patch('another name', 'v1: https://lore.kernel.org/list/v1@example.org/\n\n') },
    ]);
    expect(lp.series[1]!.previous).toEqual({ id: 0, why: ['links to v1'] });
  });

  it('links by shared patch titles a version posted within a year of the earlier one, not later', () => {
    const version = (v: number, day: number, name: string): Mail[] => [
      { id: `c${v}`, day, subject: `[PATCH v${v} 0/2] ${name}`, text: 'Cover.\n' },
      { id: `a${v}`, day, subject: `[PATCH v${v} 1/2] wal: queue`, replyTo: `c${v}` },
      { id: `b${v}`, day, subject: `[PATCH v${v} 2/2] wal: batch`, replyTo: `c${v}` },
    ];
    // v2 364 days after v1; v3 366 days after v2, each under a cover title of its own.
    const lp = series([...version(1, 0, 'first try'), ...version(2, 364, 'second name'), ...version(3, 730, 'third name')]);
    expect(titles(lp)).toEqual(['v1 first try [1,2]', 'v2 second name [1,2]', 'v3 third name [1,2]']);
    expect(lp.series[1]!.previous).toEqual({ id: 0, why: ['2 of 2 patch titles as in v1'] });
    expect(lp.series[2]!.previous).toBeUndefined();
  });

  it('does not link the same title from another author, nor a lower version', () => {
    const lp = series([
      { id: 'a', day: 0, subject: '[PATCH v2] btrfs: fix a leak' },
      { id: 'b', day: 1, from: 'dana', subject: '[PATCH v3] btrfs: fix a leak' },
      { id: 'c', day: 2, subject: '[PATCH] btrfs: fix a leak' },
    ]);
    expect(lp.series.map((s) => s.previous)).toEqual([undefined, undefined, undefined]);
  });

  it('follows the earlier series that shares its patches, not a later one of similar title (a "part 2" cover that meant part 1)', () => {
    // Part 1 posted as v3 under part 2's title, part 2's v2 five minutes later, then part 1 again as v4 under its own title.
    const cover = (id: string, day: number, subject: string, text: string): Mail => ({ id, day, subject, text });
    const patches = (stem: string, day: number, version: string, titles: string[]): Mail[] => titles.map((t, k) => ({ id: `${stem}${k + 1}`, day, subject: `[PATCH ${k + 1}/${titles.length}]${version} ${t}`, replyTo: stem }));
    const part1 = ['btrfs: hold a ref on the root', 'btrfs: put the root when done', 'btrfs: detect leaked roots'];
    const part2 = ['btrfs: free the root in its last put', 'btrfs: drop the subvol srcu'];
    const lp = series([
      cover('p1v3', 0, '[PATCH 0/3][v3] Cleanup how we handle root refs, part 2', 'v2->v3:\n- Rebased.\n'),
      ...patches('p1v3', 0, '', part1),
      cover('p2v2', 0.004, '[PATCH 0/2][v2] Cleanup how we handle root refs, part 2', 'v1->v2:\n- Rebased.\n'),
      ...patches('p2v2', 0.004, '', part2),
      cover('p1v4', 0.3, '[PATCH 0/3][v4] Cleanup how we handle root refs, part 1', 'v3->v4:\n- Fixed the title.\n\nv2->v3:\n- Rebased.\n'),
      ...patches('p1v4', 0.3, '', part1),
      cover('p2v4', 28, '[PATCH 0/2][v4] Cleanup how we handle root refs, part 2', 'v2->v4:\n- Rebased.\n'),
      ...patches('p2v4', 28, '', part2),
    ]);
    const byLead = (id: string) => lp.series.find((s) => s.slug === `${id}@example.org`)!;
    expect(byLead('p1v4').previous).toEqual({ id: byLead('p1v3').id, why: ['3 of 3 patch titles as in v3', 'its change log names v3'] });
    expect(byLead('p2v4').previous).toEqual({ id: byLead('p2v2').id, why: ['same title', 'its change log names v2'] });
    expect(lp.families.map((f) => f.map((id) => lp.series[id]!.version))).toEqual([[3, 4], [2, 4]]);
  });

  it('follows the earlier version that shares most of its patches, not a later single patch it took in', () => {
    const lp = series([
      { id: 'c2', day: 0, subject: '[PATCH v2 0/2] Cleanup error handling in relocation', text: 'v1->v2:\n- More checks.\n' },
      { id: 'a2', day: 0, subject: '[PATCH v2 1/2] btrfs: check the return of read_tree_block', replyTo: 'c2' },
      { id: 'b2', day: 0, subject: '[PATCH v2 2/2] btrfs: handle errors in relocate_block_group', replyTo: 'c2' },
      { id: 'one', day: 10, subject: '[PATCH] btrfs: fix error handling in commit_fs_roots' },
      { id: 'c3', day: 12, subject: '[PATCH v3 0/3] Cleanup error handling in relocation', text: 'v2->v3:\n- Took in the commit_fs_roots fix.\n\nv1->v2:\n- More checks.\n' },
      { id: 'a3', day: 12, subject: '[PATCH v3 1/3] btrfs: check the return of read_tree_block', replyTo: 'c3' },
      { id: 'b3', day: 12, subject: '[PATCH v3 2/3] btrfs: handle errors in relocate_block_group', replyTo: 'c3' },
      { id: 'x3', day: 12, subject: '[PATCH v3 3/3] btrfs: fix error handling in commit_fs_roots', replyTo: 'c3' },
    ]);
    const [v2, , v3] = lp.series;
    expect(v3!.previous).toEqual({ id: v2!.id, why: ['same title', 'its change log names v2'] });
  });

  it('does not take a companion series posted in reply to one of the same version for that version posted again', () => {
    // btrfs-progs' half of a kernel series, each posting threaded under the kernel cover letter.
    const kernel = (v: number, day: number): Mail[] => [
      { id: `k${v}`, day, subject: `[PATCH v${v} 0/2] btrfs: send compressed extents`, text: 'Cover.\n' },
      { id: `k${v}a`, day, subject: `[PATCH v${v} 1/2] btrfs: add send stream v2`, replyTo: `k${v}` },
      { id: `k${v}b`, day, subject: `[PATCH v${v} 2/2] btrfs: send compressed data`, replyTo: `k${v}` },
    ];
    const progs = (v: number, day: number): Mail[] => [
      { id: `p${v}a`, day, subject: `[PATCH v${v} 1/2] btrfs-progs: receive: support v2 send stream`, replyTo: `k${v}` },
      { id: `p${v}b`, day, subject: `[PATCH v${v} 2/2] btrfs-progs: receive: encoded writes`, replyTo: `p${v}a` },
    ];
    const lp = series([...kernel(1, 0), ...progs(1, 0), ...kernel(2, 30), ...progs(2, 30)]);
    const title = (id: number | undefined) => (id === undefined ? undefined : `v${lp.series[id]!.version} ${lp.series[id]!.title}`);
    expect(lp.series.map((s) => `${title(s.id)} <- ${title(s.previous?.id)}`)).toEqual([
      'v1 btrfs: send compressed extents <- undefined',
      'v1 btrfs-progs: receive: support v2 send stream <- undefined',
      'v2 btrfs: send compressed extents <- v1 btrfs: send compressed extents',
      'v2 btrfs-progs: receive: support v2 send stream <- v1 btrfs-progs: receive: support v2 send stream',
    ]);
  });

  it('does not take another series of the same version under last month\'s title ("Another batch of cleanups") for it posted again', () => {
    const lp = series([
      { id: 'c1', day: 0, subject: '[PATCH 0/2] Another batch of inode cleanups', text: 'Cover.\n' },
      { id: 'a1', day: 0, subject: '[PATCH 1/2] btrfs: make fiemap take btrfs_inode', replyTo: 'c1' },
      { id: 'b1', day: 0, subject: '[PATCH 2/2] btrfs: make lookup take btrfs_inode', replyTo: 'c1' },
      { id: 'c2', day: 60, subject: '[PATCH 0/2] Another batch of inode cleanups', text: 'Cover.\n' },
      { id: 'a2', day: 60, subject: '[PATCH 1/2] btrfs: make scrub take btrfs_inode', replyTo: 'c2' },
      { id: 'b2', day: 60, subject: '[PATCH 2/2] btrfs: make relocation take btrfs_inode', replyTo: 'c2' },
    ]);
    expect(lp.series.map((s) => s.previous)).toEqual([undefined, undefined]);
    // A later version shares the batch's patches: that one follows it.
    const v2 = series([
      { id: 'p1', day: 0, subject: '[PATCH] btrfs: fix a leak' },
      { id: 'c', day: 1, subject: '[PATCH 0/2] Lockdep fixes', text: 'Cover.\n' },
      { id: 'c1', day: 1, subject: '[PATCH 1/2] btrfs: lock the chunks', replyTo: 'c' },
      { id: 'c2', day: 1, subject: '[PATCH 2/2] btrfs: lock the roots', replyTo: 'c' },
      { id: 'd', day: 12, subject: '[PATCH 0/2] A couple of lockdep fixes', text: 'Cover.\n' },
      { id: 'd1', day: 12, subject: '[PATCH 1/2] btrfs: init sysfs outside of the chunk_mutex', replyTo: 'd' },
      { id: 'd2', day: 12, subject: '[PATCH 2/2] btrfs: do not create sysfs entries under chunk_mutex', replyTo: 'd' },
      { id: 'e', day: 13, subject: '[PATCH v2 0/4] Lockdep fixes', text: 'v1->v2:\n- Took in more.\n' },
      { id: 'e1', day: 13, subject: '[PATCH v2 1/4] btrfs: fix lockdep splat in add_missing_dev', replyTo: 'e' },
      { id: 'e2', day: 13, subject: '[PATCH v2 2/4] btrfs: init sysfs outside of the chunk_mutex', replyTo: 'e' },
      { id: 'e3', day: 13, subject: '[PATCH v2 3/4] btrfs: kill the rcu protection of space_info', replyTo: 'e' },
      { id: 'e4', day: 13, subject: '[PATCH v2 4/4] btrfs: do not create sysfs entries under any locks', replyTo: 'e' },
    ]);
    expect(titles(v2)[v2.series.find((s) => s.version === 2)!.previous!.id]).toBe('v1 A couple of lockdep fixes [1,2]');
  });

  it('takes the same version posted again ("v7 rebased") for a newer posting of it', () => {
    const lp = series([
      { id: 'a', day: 0, subject: '[PATCH v7] btrfs: read policy' },
      { id: 'b', day: 40, subject: '[PATCH v7 rebased] btrfs: read policy' },
    ]);
    expect(lp.series[1]!.previous).toEqual({ id: 0, why: ['v7 posted again', 'same title'] });
    expect(lp.series[0]!.state).toBe('superseded');
  });
});

describe('findPatchSeries: review state', () => {
  const base: Mail[] = [
    { id: 'c', day: 0, subject: '[PATCH 0/2] wal', text: 'Cover.\n' },
    { id: 'p1', day: 0, subject: '[PATCH 1/2] wal: queue', replyTo: 'c' },
    { id: 'p2', day: 0, subject: '[PATCH 2/2] wal: batch', replyTo: 'c' },
  ];

  it('collects trailers with who and when: on the patch answered at any depth, the cover\'s on every patch', () => {
    const lp = series([
      ...base,
      { id: 'q', day: 1, from: 'bob', subject: 'Re: [PATCH 2/2] wal: batch', replyTo: 'p2', text: 'Why?\n' },
      { id: 'a', day: 2, subject: 'Re: [PATCH 2/2] wal: batch', replyTo: 'q', text: 'Because.\n' },
      { id: 't', day: 3, from: 'dana', subject: 'Re: [PATCH 2/2] wal: batch', replyTo: 'a', text: 'Tested-by: Dana <dana@example.org>\nReviewed-by: Erik <erik@example.org>\n' },
      { id: 'r', day: 4, from: 'carol', subject: 'Re: [PATCH 0/2] wal', replyTo: 'c', text: 'Reviewed-by: Carol <carol@example.org>\nAcked-by: Frank <frank@example.org>\n' },
    ]);
    const s = lp.series[0]!;
    const tags = (k: number) => s.patches[k]!.tags.map((t) => `${t.kind} ${t.name} idx${t.index}${t.bySender ? '' : ' relayed'}`);
    expect(tags(0)).toEqual(['Reviewed-by Carol idx0', 'Acked-by Frank idx0 relayed']);
    // Erik reviewing his own patch is not a review.
    expect(tags(1)).toEqual(['Tested-by Dana idx2', 'Reviewed-by Carol idx0', 'Acked-by Frank idx0 relayed']);
    expect(s.patches[1]!.tags[0]!.dateMs).toBe(START + 3 * DAY);
    expect(s.state).toBe('reviewed');
    expect(s.evidence.map((e) => e.text)).toEqual(['Tested-by: Dana <dana@example.org> (on patch 2)', 'Reviewed-by: Carol <carol@example.org> (on the cover letter)', 'Acked-by: Frank <frank@example.org> (on the cover letter)']);
    expect(s.replies).toBe(4);
  });

  it('takes "applied" only from someone other than the author, with the sentence as evidence', () => {
    const own = series([...base, { id: 'x', day: 1, subject: 'Re: [PATCH 0/2] wal', replyTo: 'c', text: 'Applied, thanks.\n' }]);
    expect(own.series[0]!.state).toBe('new');
    const lp = series([...base, { id: 'x', day: 1, from: 'alice', subject: 'Re: [PATCH 0/2] wal', replyTo: 'c', text: '> Cover.\n\nAdded to misc-next, thanks.\n' }]);
    expect(lp.series[0]!.state).toBe('applied');
    expect(lp.series[0]!.evidence).toEqual([{ n: 3, who: 'Alice', dateMs: START + DAY, text: 'Added to misc-next, thanks.' }]);
    expect(lp.series[0]!.appliedPatches).toBeUndefined();
  });

  it('says which patches were applied when only some were', () => {
    const lp = series([...base, { id: 'x', day: 1, from: 'alice', subject: 'Re: [PATCH 1/2] wal: queue', replyTo: 'p1', text: 'Applied, thanks.\n' }]);
    expect(lp.series[0]!.state).toBe('applied');
    expect(lp.series[0]!.appliedPatches).toEqual([1]);
  });

  it('marks changes requested by a reviewer or promised by the author, until a later tag on that patch', () => {
    const asked = series([...base, { id: 'x', day: 1, from: 'bob', subject: 'Re: [PATCH 2/2] wal: batch', replyTo: 'p2', text: 'Please send a v2 with the error kept.\n' }]);
    expect(asked.series[0]!.state).toBe('changes-requested');
    expect(asked.series[0]!.evidence[0]!.text).toBe('Please send a v2 with the error kept.');
    const promised = series([...base, { id: 'x', day: 1, subject: 'Re: [PATCH 2/2] wal: batch', replyTo: 'p2', text: "Right, I'll send a v2.\n" }]);
    expect(promised.series[0]!.state).toBe('changes-requested');
    const settled = series([
      ...base,
      { id: 'x', day: 1, from: 'bob', subject: 'Re: [PATCH 2/2] wal: batch', replyTo: 'p2', text: 'Please fix the comment.\n' },
      { id: 'y', day: 2, from: 'bob', subject: 'Re: [PATCH 2/2] wal: batch', replyTo: 'x', text: 'Reviewed-by: Bob <bob@example.org>\n' },
    ]);
    expect(settled.series[0]!.state).toBe('reviewed');
    const nacked = series([...base, { id: 'x', day: 1, from: 'bob', subject: 'Re: [PATCH 0/2] wal', replyTo: 'c', text: 'Nacked-by: Bob <bob@example.org>\n' }]);
    expect(nacked.series[0]!.state).toBe('changes-requested');
  });

  it('counts a tag carried in the commit message for the state, not as an answer', () => {
    const lp = series([
      { id: 'p', day: 0, subject: '[PATCH v2] btrfs: x', text: patch('x', 'Reviewed-by: Bob <bob@example.org>\n') },
      { id: 'z', day: 20, from: 'bob', subject: 'Unrelated', text: 'Hi.\n' },
    ]);
    const s = lp.series[0]!;
    expect(s.state).toBe('reviewed');
    expect(s.tags[0]).toMatchObject({ carried: true, kind: 'Reviewed-by' });
    expect(s.lost).toEqual({ kind: 'unanswered', sinceMs: START, days: 20 });
  });
});

describe('findPatchSeries: lost series', () => {
  it('lists a series nobody but its author answered after N days, counted to the newest message', () => {
    const mails: Mail[] = [
      { id: 'p', day: 0, subject: '[PATCH] btrfs: x' },
      { id: 'self', day: 1, subject: 'Re: [PATCH] btrfs: x', replyTo: 'p', text: 'Ping?\n' },
    ];
    expect(series([...mails, { id: 'z', day: 13, from: 'bob', subject: 'Other', text: 'Hi.\n' }]).series[0]!.lost).toBeUndefined();
    expect(series([...mails, { id: 'z', day: 15, from: 'bob', subject: 'Other', text: 'Hi.\n' }]).series[0]!.lost).toEqual({ kind: 'unanswered', sinceMs: START, days: 15 });
    expect(series([...mails, { id: 'z', day: 15, from: 'bob', subject: 'Other', text: 'Hi.\n' }], { unansweredDays: 30, unappliedDays: 60 }).series[0]!.lost).toBeUndefined();
    const answered = series([...mails, { id: 'q', day: 2, from: 'bob', subject: 'Re: [PATCH] btrfs: x', replyTo: 'p', text: 'Why?\n' }, { id: 'z', day: 30, from: 'bob', subject: 'Other', text: 'Hi.\n' }]);
    expect(answered.series[0]!.lost).toBeUndefined();
  });

  it('lists a reviewed series not reported applied after M days from its last review, but not an RFC nor an applied one', () => {
    const review: Mail = { id: 'r', day: 2, from: 'bob', subject: 'Re: [PATCH] btrfs: x', replyTo: 'p', text: 'Reviewed-by: Bob <bob@example.org>\n' };
    const late: Mail = { id: 'z', day: 63, from: 'bob', subject: 'Other', text: 'Hi.\n' };
    expect(series([{ id: 'p', day: 0, subject: '[PATCH] btrfs: x' }, review, late]).series[0]!.lost).toEqual({ kind: 'unapplied', sinceMs: START + 2 * DAY, days: 61 });
    expect(series([{ id: 'p', day: 0, subject: '[RFC PATCH] btrfs: x' }, { ...review, subject: 'Re: [RFC PATCH] btrfs: x' }, late]).series[0]!.lost).toBeUndefined();
    const applied: Mail = { id: 'a', day: 3, from: 'alice', subject: 'Re: [PATCH] btrfs: x', replyTo: 'r', text: 'Applied, thanks.\n' };
    expect(series([{ id: 'p', day: 0, subject: '[PATCH] btrfs: x' }, review, applied, late]).series[0]!.lost).toBeUndefined();
  });

  it("does not list a maintainer's series: one who applies patches here applies their own without a report", () => {
    const mails: Mail[] = [
      // Alice applies two of Erik's patches, Dave one.
      { id: 'p1', day: 0, subject: '[PATCH] btrfs: one' },
      { id: 'a1', day: 1, from: 'alice', subject: 'Re: [PATCH] btrfs: one', replyTo: 'p1', text: 'Added to misc-next, thanks.\n' },
      { id: 'p2', day: 0, subject: '[PATCH] btrfs: two' },
      { id: 'a2', day: 1, from: 'alice', subject: 'Re: [PATCH] btrfs: two', replyTo: 'p2', text: 'Applied, thanks.\n' },
      { id: 'p3', day: 0, subject: '[PATCH] btrfs: three' },
      { id: 'a3', day: 1, from: 'dave', subject: 'Re: [PATCH] btrfs: three', replyTo: 'p3', text: 'Applied, thanks.\n' },
      // Alice's own series: one reviewed, one unanswered, neither reported applied.
      { id: 'own', day: 2, from: 'alice', subject: '[PATCH] btrfs: y' },
      { id: 'r', day: 3, from: 'bob', subject: 'Re: [PATCH] btrfs: y', replyTo: 'own', text: 'Reviewed-by: Bob <bob@example.org>\n' },
      { id: 'quiet', day: 4, from: 'alice', subject: '[PATCH] btrfs: z' },
      // Dave applied one patch: his own reviewed series is lost as anyone's.
      { id: 'daves', day: 2, from: 'dave', subject: '[PATCH] btrfs: w' },
      { id: 'rd', day: 3, from: 'bob', subject: 'Re: [PATCH] btrfs: w', replyTo: 'daves', text: 'Reviewed-by: Bob <bob@example.org>\n' },
      { id: 'z', day: 70, from: 'carol', subject: 'Other', text: 'Hi.\n' },
    ];
    const lost = Object.fromEntries(series(mails).series.map((s) => [s.title, s.lost?.kind]));
    expect(lost).toEqual({ 'btrfs: one': undefined, 'btrfs: two': undefined, 'btrfs: three': undefined, 'btrfs: y': undefined, 'btrfs: z': undefined, 'btrfs: w': 'unapplied' });
  });

  it('does not list a series its author withdrew, nor one waiting for a new version', () => {
    const lp = series([
      { id: 'p', day: 0, subject: '[PATCH] btrfs: x' },
      { id: 'n', day: 1, subject: 'Re: [PATCH] btrfs: x', replyTo: 'p', text: 'Nack. This will not work for direct I/O, sorry for the noise.\n' },
      { id: 'z', day: 30, from: 'bob', subject: 'Other', text: 'Hi.\n' },
    ]);
    expect(lp.series[0]!.state).toBe('changes-requested');
    expect(lp.series[0]!.lost).toBeUndefined();
  });

  it('does not list a series a later version replaced', () => {
    const lp = series([
      { id: 'v1', day: 0, subject: '[PATCH] btrfs: x' },
      { id: 'v2', day: 1, subject: '[PATCH v2] btrfs: x' },
      { id: 'z', day: 30, from: 'bob', subject: 'Other', text: 'Hi.\n' },
    ]);
    expect(lp.series.map((s) => s.lost?.kind)).toEqual([undefined, 'unanswered']);
  });
});
