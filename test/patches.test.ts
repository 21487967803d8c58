import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzePatch, isAppliedSentence, isChangesSentence, isPatchAttachment, messageIdOfLink, parsePatchSubject, parseTrailer, summarizeDiff, titleKey } from '../src/lib/patches.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/patches/${name}`, import.meta.url), 'utf8');

describe('parsePatchSubject', () => {
  const cases: [string, Partial<ReturnType<typeof parsePatchSubject>>][] = [
    ['[PATCH] btrfs: fix a leak', { tagged: true, version: 1, versionGiven: false, index: -1, total: -1, title: 'btrfs: fix a leak' }],
    ['[PATCH v3 2/7] btrfs: x', { tagged: true, version: 3, versionGiven: true, index: 2, total: 7, title: 'btrfs: x' }],
    ['[RFC PATCH net-next v2 0/5] y', { tagged: true, rfc: true, version: 2, index: 0, total: 5, prefixes: ['net-next'], title: 'y' }],
    ['[PATCH 1/2 RESEND] z', { resend: true, index: 1, total: 2 }],
    ['[RESEND PATCH] z', { resend: true, tagged: true }],
    ['Re: [PATCH v2 2/3] wal: batch', { reply: true, version: 2, index: 2 }],
    ['[lumen] Re: [PATCH] x', { reply: true, prefixes: ['lumen'] }],
    ['Fwd: [PATCH] x', { reply: true }],
    ['[PATCHv2 01/10] a', { version: 2, index: 1, total: 10 }],
    ['[PATCH1/8] b', { tagged: true, index: 1, total: 8 }],
    ['[PATCH 1 of 3] mercurial style', { index: 1, total: 3 }],
    ['[PATCH 0/8][v2] two groups', { version: 2, index: 0, total: 8, title: 'two groups' }],
    ['[PATCH AUTOSEL 5.4 12/34] backport', { prefixes: ['AUTOSEL', '5.4'], index: 12, total: 34 }],
    ['[PATCH v4.19.y 1/3] stable target, not a version', { version: 1, prefixes: ['v4.19.y'] }],
    ['[GIT PULL] Btrfs fixes', { pull: true, tagged: false }],
    ['btrfs: fix foo (v2)', { tagged: false, version: 2, versionGiven: true, title: 'btrfs: fix foo' }],
    ['[RFC] design only', { tagged: false, rfc: true }],
    ['[PATCH RFC-v2 2/2] q', { rfc: true, version: 2 }],
    ['[PATCH 0/0] no count', { index: -1, total: -1 }],
  ];
  for (const [subject, expected] of cases) {
    it(`reads ${JSON.stringify(subject)}`, () => {
      expect(parsePatchSubject(subject)).toMatchObject(expected);
    });
  }
  it('reduces titles to words for comparing versions', () => {
    expect(titleKey('Btrfs: Fix   the leak.')).toBe(titleKey('btrfs: fix the leak'));
  });
});

describe('analyzePatch: bodies', () => {
  it('reads a git format-patch layout: commit message, ---, diffstat, diff; trailers only above ---', () => {
    const a = analyzePatch('[PATCH 1/3] wal: queue', fixture('format-patch.txt'))!;
    expect(a.body).toBe('format-patch');
    expect(a.diff).toEqual({ files: 2, insertions: 4, deletions: 1, paths: ['src/wal/queue.h', 'src/wal/wal.c'] });
    // Review trailers only: the store keeps no Signed-off-by.
    expect(a.trailers?.map((t) => [t.kind, t.name, t.address])).toEqual([['Reported-by', 'Gina Rossi', 'gina@example.org']]);
    expect(a.subject).toMatchObject({ index: 1, total: 3 });
    // A patch's own text is not read for verdicts: its commit message may say "applied" of something else.
    expect(a.applied).toBeUndefined();
  });

  it('finds an inline diff without the format-patch layout', () => {
    const a = analyzePatch('Re: scrub is slow', fixture('inline-diff.txt'))!;
    expect(a.body).toBe('diff');
    expect(a.diff).toMatchObject({ files: 1, insertions: 1, deletions: 0, paths: ['src/scrub.c'] });
  });

  it('takes a reply that only quotes a diff for a review: no diff of its own', () => {
    const a = analyzePatch('Re: [PATCH v2 2/3] wal: batch', fixture('review-quotes-diff.txt'))!;
    expect(a.body).toBe('quoted-diff');
    expect(a.diff).toBeUndefined();
  });

  it('counts lines from the hunks: a hunk cut short by the signature stops there', () => {
    expect(summarizeDiff(fixture('hunk-claims-more-lines.txt'))).toEqual({ files: 1, insertions: 2, deletions: 0, paths: ['docs/config.md'] });
  });

  it('counts a renamed binary file once, by its new name, and reads on to the next file', () => {
    expect(summarizeDiff(fixture('rename-and-binary.txt'))).toEqual({ files: 2, insertions: 1, deletions: 1, paths: ['assets/logo.png', 'src/main.c'] });
  });

  it('reads a patch sent as an attachment', () => {
    const a = analyzePatch('[PATCH] fix', 'The patch is attached.\n', [fixture('format-patch.txt')])!;
    expect(a.body).toBe('attachment');
    expect(a.diff?.files).toBe(2);
    expect(isPatchAttachment('text/x-patch', '')).toBe(true);
    expect(isPatchAttachment('application/octet-stream', '0001-fix.patch')).toBe(true);
    expect(isPatchAttachment('text/plain', 'notes.txt')).toBe(false);
  });

  it('records nothing for mail that is not about patches', () => {
    expect(analyzePatch('Release cadence for 2.0', 'Shall we release twice a year?\n')).toBeUndefined();
  });
});

describe('analyzePatch: trailers in replies (b4 follow-up trailers)', () => {
  const a = analyzePatch('Re: [PATCH v2 2/3] wal: batch', fixture('review-quotes-diff.txt'))!;
  it('takes unquoted person trailers with an address, above the signature', () => {
    expect(a.trailers?.map((t) => [t.kind, t.name, t.address])).toEqual([
      ['Acked-by', 'Dana Whitfield', 'dana@example.org'],
      ['Reviewed-by', 'Bob Okafor', 'bob@example.org'],
    ]);
  });
  it("takes the trailers written below Zimbra's rule and its `>` quote, not those quoted", () => {
    const z = analyzePatch('Re: [PATCH 3/3] wal: fall back to buffered writes', fixture('zimbra-rule-above-quote.txt'))!;
    expect(z.trailers?.map((t) => [t.kind, t.name])).toEqual([['Acked-by', 'Dana Whitfield']]);
  });
  it("takes none of the original Outlook quotes unquoted below its rule", () => {
    expect(analyzePatch('RE: [PATCH 3/3] wal: fall back to buffered writes', fixture('outlook-rule-above-original.txt'))?.trailers).toBeUndefined();
  });
  it('takes none of the trailers of a pasted commit, and the writer\'s own indented one', () => {
    const g = analyzePatch('Re: [PATCH] wal: drop the fsync from the rename test', fixture('pasted-git-commit.txt'))!;
    expect(g.trailers?.map((t) => [t.kind, t.name])).toEqual([['Reviewed-by', 'Dana Whitfield']]);
  });
  it("takes the writer's trailers below what Mutt forwards, not the forwarded message's", () => {
    const text = 'This fixes it for me.\n\n----- Forwarded message from Ann Example <ann@example.org> -----\n\nDate: Mon, 13 Dec 2021 10:00:00 +0100\nFrom: Ann Example <ann@example.org>\nSubject: a hang\n\nTested-by: Ann Example <ann@example.org>\n\n----- End forwarded message -----\n\nReviewed-by: Dana Whitfield <dana@example.org>\n';
    const g = analyzePatch('Re: [PATCH] wal: drop the fsync from the rename test', text)!;
    expect(g.trailers?.map((t) => [t.kind, t.name])).toEqual([['Reviewed-by', 'Dana Whitfield']]);
  });
  it('takes none of the trailers of commits pasted one after another', () => {
    const commit = (sha: string, by: string) => `commit ${sha}\nAuthor: Erik Lindqvist <erik@example.org>\nDate:   Fri Feb 19 12:15:17 2016 +1100\n\n    wal: a fix\n\n    Acked-by: ${by}\n`;
    const text = `These two did the same:\n\n${commit('72da52702a4b5bea1170aed791893487d0748566', 'Carol Mbeki <carol@example.org>')}\n${commit('0123456789abcdef0123456789abcdef01234567', 'Frank Osei <frank@example.org>')}\nReviewed-by: Dana Whitfield <dana@example.org>\n`;
    const g = analyzePatch('Re: [PATCH] wal: drop the fsync from the rename test', text)!;
    expect(g.trailers?.map((t) => [t.kind, t.name])).toEqual([['Reviewed-by', 'Dana Whitfield']]);
  });
  it('parses one trailer line, refusing one without an address or with a URL', () => {
    expect(parseTrailer('Tested-by: Dana Whitfield <dana@example.org>')).toEqual({ kind: 'Tested-by', name: 'Dana Whitfield', address: 'dana@example.org' });
    expect(parseTrailer('reviewed-BY: "Okafor, Bob" <bob@example.org>')).toMatchObject({ kind: 'Reviewed-by', name: 'Okafor, Bob' });
    expect(parseTrailer('Acked-by: bob@example.org')).toMatchObject({ name: '', address: 'bob@example.org' });
    expect(parseTrailer("Reviewed-by: Theodore Ts'o <tytso@mit.edu>")).toMatchObject({ name: "Theodore Ts'o" });
    expect(parseTrailer("Acked-by: 'Bob Okafor' <bob@example.org>")).toMatchObject({ name: 'Bob Okafor' });
    expect(parseTrailer('Tested-by: Dana')).toBeUndefined();
    expect(parseTrailer('Link: https://example.org/x@y.z')).toBeUndefined();
  });
});

describe('analyzePatch: verdicts', () => {
  it('finds "applied" in the reply\'s own words, across a wrapped line, not in what it quotes', () => {
    const a = analyzePatch('Re: [PATCH] x', fixture('maintainer-reply-applied.txt'))!;
    expect(a.applied).toEqual(['Added to misc-next, thanks.']);
    expect(a.changes).toBeUndefined();
  });

  const applied = ['Applied, thanks.', 'Added to misc-next, thanks.', "I've added the patches to misc-next", 'Queued up, thanks!', '1-3 added to misc-next', 'Patches 1-5 added to misc-next, thanks', 'Pushed to master.', "I've queued patches 1-3 for 5.10.", 'Applied to u-boot/master, thanks!', 'Thanks, added to misc-next, with some changelog adjustments.', 'Added to misc-next with some fixups, I fixed the build warning', 'Updated and pushed, thanks.', 'Patch updated and misc-next pushed.', 'Patchset moved from topic branch to misc-next and I will forward it to rc.',
    // A clause before the verb (linux-btrfs, David Sterba's replies the first reading missed).
    'Makes sense, added to misc-next, thanks.', 'Nice catch, added to misc-next, thanks.', 'Thanks for the report and fix, added to misc-next.', 'Much better, added to misc-next, thanks.', 'Anyway, added to misc-next, thanks.', "I've slightly rephrased the changelog, added to misc-next, thanks."];
  const notApplied = ['I applied the patch and ran fstests', 'This was merged upstream.', 'Can it be applied to 5.4?', 'Applied patch fs/btrfs/ctree.h cleanly.', 'I applied this, and ran some tests', 'It was added to ensure that all disks have the same zone size.', 'It was added in 1b3922a8bc74 ("btrfs: use the real device").', 'I applied these to a 5.7.9 kernel.', 'If this gets applied to misc-next, the test fails.', "I'll add it to for-next for testing.", 'Is misc-next pushed already?', 'The check was moved to ensure ordering.',
    'If it builds, added to misc-next.', 'Once Josef acks it, added to misc-next it is.', "Sorry, not added to misc-next yet.", 'With the changes added, the test passes.', 'Makes sense, applied the patch and ran the tests.',
    // A tester's report, a doubt or a contrast before the verb (a review of the first reading).
    'With the fixes applied to misc-next, generic/475 passes.', 'With the fixes applied to my tree, the crash is gone.', 'With the changes merged into for-next, all tests pass.', 'Tested here, with the fixes applied to for-next, all good.', 'Looks fine, but the other one, added to misc-next, broke the build.', 'Unsure, added to misc-next for now.', "Thanks, I'll add it to misc-next once X is fixed."];
  for (const s of applied) it(`takes ${JSON.stringify(s)} for applied`, () => expect(isAppliedSentence(s)).toBe(true));
  for (const s of notApplied) it(`does not take ${JSON.stringify(s)} for applied`, () => expect(isAppliedSentence(s)).toBe(false));

  const changes = ['Please send a v2 with that fixed.', "I'll send v2 tomorrow.", 'Will fix in v3.', 'NAK.', 'IOW - NAK.', 'v2 will follow.', 'Please rebase on misc-next and resend.', 'Sure, I will fix and respin.'];
  const notChanges = ["Please don't resend the whole series.", 'The kernel would just ACK or NAK the whole string.', 'Nacked-by: X <x@example.org>', 'Looks good to me.'];
  for (const s of changes) it(`takes ${JSON.stringify(s)} for a request or promise of a new version`, () => expect(isChangesSentence(s)).toBe(true));
  for (const s of notChanges) it(`does not take ${JSON.stringify(s)} for a change request`, () => expect(isChangesSentence(s)).toBe(false));
});

describe('analyzePatch: links between versions', () => {
  it('reads "v2: <link>", "v1: <id>" and the change log of a cover letter', () => {
    const a = analyzePatch('[PATCH v3 0/3] wal: batch fsync', fixture('cover-letter-with-links.txt'))!;
    expect(a.versionLinks).toEqual([
      { version: 2, messageId: 'wal-v2-0@erik.example.org' },
      { version: 1, messageId: 'wal-v1-1@erik.example.org' },
    ]);
    expect(a.changelog).toEqual([1, 2]);
  });
  it('takes the Message-ID out of archive links', () => {
    expect(messageIdOfLink('https://lore.kernel.org/linux-btrfs/20200101.123-1-foo@suse.com/')).toBe('20200101.123-1-foo@suse.com');
    expect(messageIdOfLink('https://lore.kernel.org/r/abc%40x.org')).toBe('abc@x.org');
    expect(messageIdOfLink('https://lore.kernel.org/all/abc@x.org/T/#u')).toBe('abc@x.org');
    expect(messageIdOfLink('https://patchwork.kernel.org/project/linux-btrfs/patch/20200101@suse.com/')).toBe('20200101@suse.com');
    expect(messageIdOfLink('https://example.org/no/id/here')).toBeUndefined();
  });
});
