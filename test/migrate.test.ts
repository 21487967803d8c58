/**
 * Moving from MHonArc: an archive made by Debian's `mhonarc` from a small mbox, recorded by
 * migrate-mhonarc, built, and every old URL checked. Skips when mhonarc is not installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexArchive } from '../src/lib/archive.ts';
import { mhonarcDate, mhonarcIndexLinks, mhonarcMessageId, mhonarcPageKind } from '../src/lib/mhonarc.ts';
import { syntheticMessageId } from '../src/lib/message-id.ts';
import { RedirectMapError, isSafeOldPath, nginxRedirectMap, normalizePrefix, readRedirectMap, redirectPageHtml, resolveRedirects } from '../src/lib/redirects.ts';
import { buildSite } from '../src/site/build.ts';
import { migrateMhonarc } from '../src/site/migrate.ts';
import { verifySite } from '../src/site/verify.ts';
import { Store } from '../src/store/store.ts';

const MHONARC = ['/usr/bin/mhonarc', '/usr/local/bin/mhonarc'].find((p) => existsSync(p));

function mail(id: string | undefined, day: number, subject: string, replyTo?: string): string {
  return [
    `From ann@example.org Mon Jan  6 10:00:00 2025`,
    // MHonArc dates its pages by this one (its X-Date comment); the archive by the Date header.
    `Received: from relay.x.org by lists.x.org; ${day < 32 ? `${day} Jan` : day < 60 ? `${day - 31} Feb` : `${day - 59} Mar`} 2025 10:03:17 +0000`,
    'From: Ann <ann@example.org>',
    `Date: ${day < 32 ? `${day} Jan` : day < 60 ? `${day - 31} Feb` : `${day - 59} Mar`} 2025 10:00:00 +0000`,
    `Subject: ${subject}`,
    ...(id ? [`Message-ID: <${id}>`] : []),
    ...(replyTo ? [`In-Reply-To: <${replyTo}>`] : []),
    '',
    `Body of ${subject}.`,
    '',
    '',
  ].join('\n');
}

describe('MHonArc pages', () => {
  it('reads the escaped X-Message-Id comment, and ignores ids MHonArc made up', () => {
    expect(mhonarcMessageId('<!--X-Message-Id: a&#45;b&#46;c@x&#46;org -->')).toBe('a-b.c@x.org');
    expect(mhonarcMessageId('<!--X-Message-Id: 232cc01dc03d1d6ca67124e4cea4a5eb@NO&#45;ID&#45;FOUND.mhonarc.org -->')).toBeUndefined();
    expect(mhonarcMessageId('<p>no comment</p>')).toBeUndefined();
  });
  it('reads the date of a message page from its Date field, escaped as MHonArc writes it', () => {
    // The comment holds the Received header's date; the header block, the Date header's.
    const page = '<!--X-Date: Sat, 4 Jan 2025 10:03:17 +0000 -->\n<!--X-Head-of-Message-->\n<ul>\n<li><em>From</em>: Ann</li>\n<li><em>Date</em>: Sat, 4 Jan 2025 10:00:00 &#43;0100</li>\n</ul>\n<!--X-Head-of-Message-End-->';
    expect(mhonarcDate(page)).toBe(Date.UTC(2025, 0, 4, 9));
    // A page without the field (another layout): the comment.
    expect(mhonarcDate('<!--X-Date: Sat, 4 Jan 2025 10:00:00 &#43;0100 -->')).toBe(Date.UTC(2025, 0, 4, 9));
    expect(mhonarcDate('<!--X-Date: not a date -->')).toBeUndefined();
    expect(mhonarcDate('<p>no comment</p>')).toBeUndefined();
  });
  it('finds a message without a Message-ID by its date, unless two such share it', () => {
    const at = (day: number) => Date.UTC(2025, 2, day, 10);
    const input = (id: string, day: number) => ({ messageId: id, references: [], inReplyTo: [], subject: id, from: undefined, dateMs: at(day), offsetMinutes: 0, stableKey: id });
    // March 2: one message without an id; March 3: two; March 4: one with an id.
    const index = indexArchive([input(syntheticMessageId('a'.repeat(40)), 2), input(syntheticMessageId('b'.repeat(40)), 3), input(syntheticMessageId('c'.repeat(40)), 3), input('d@x.org', 4)]);
    const slugs = new Map(index.messages.map((m) => [m.messageId, m.slug]));
    const map = readRedirectMap(
      {
        version: 1,
        prefix: 'old/',
        pages: {
          'msg1.html': { message: null, date: at(2) },
          'msg2.html': { message: null, date: at(3) },
          'msg3.html': { message: null, date: at(4) },
          'msg4.html': { message: null },
          'maillist.html': { index: 'date', messages: [], dates: [at(2), at(3)] },
          'threads.html': { index: 'thread', messages: [], dates: [at(3)] },
        },
      },
      'f',
    );
    const to = Object.fromEntries(resolveRedirects(map, 'dev', index, slugs).map((r) => [r.from, [r.to, r.unresolved]]));
    expect(to).toEqual({
      'old/msg1.html': [`dev/m/${'a'.repeat(32)}@synthetic.threadline.invalid/`, false],
      'old/msg2.html': ['dev/', true],
      'old/msg3.html': ['dev/', true],
      'old/msg4.html': ['dev/', true],
      'old/maillist.html': ['dev/2025-03/', false],
      'old/threads.html': ['dev/', true],
    });
    expect(() => readRedirectMap({ version: 1, prefix: '', pages: { 'msg1.html': { message: 'a@x', date: 1 } } }, 'f')).toThrow(/neither a message nor an index/);
    expect(() => readRedirectMap({ version: 1, prefix: '', pages: { 'mail.html': { index: 'date', messages: [], dates: ['x'] } } }, 'f')).toThrow(/neither a message nor an index/);
  });
  it('names pages by their file names and lists an index page\'s messages once each', () => {
    expect(['msg00012.html', 'maillist.html', 'mail3.html', 'threads.html', 'thrd2.html', 'index.html'].map(mhonarcPageKind)).toEqual(['message', 'date', 'date', 'thread', 'thread', undefined]);
    expect(mhonarcIndexLinks('<a href="msg00002.html">x</a><a href="msg00001.html#top">y</a><a href="msg00002.html">z</a>')).toEqual(['msg00002.html', 'msg00001.html']);
  });
  it('keeps old paths plain and refuses a prefix or map that could write outside the site', () => {
    expect(normalizePrefix('/archives/dev/')).toBe('archives/dev/');
    expect(normalizePrefix('')).toBe('');
    expect(() => normalizePrefix('../x')).toThrow(RedirectMapError);
    expect(isSafeOldPath('2014-01/msg02670.html')).toBe(true);
    expect(isSafeOldPath('../x/msg1.html')).toBe(false);
    expect(isSafeOldPath('a/./msg1.html')).toBe(false);
    expect(() => readRedirectMap({ version: 1, prefix: '', pages: { '/etc/msg1.html': { message: 'a@x' } } }, 'f')).toThrow(/plain relative/);
  });
  it('writes redirect pages without script, escaped, and nginx rules quoted', () => {
    const page = redirectPageHtml('/dev/m/a"b<c/', 'https://x.org/dev/m/a"b<c/');
    expect(page).not.toContain('<script');
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/dev/m/a&quot;b&lt;c/">');
    expect(page).toContain('<link rel="canonical" href="https://x.org/dev/m/a&quot;b&lt;c/">');
    expect(nginxRedirectMap([{ from: 'old/msg1.html', to: 'dev/m/a;b/', unresolved: false }], '/')).toBe('"/old/msg1.html" "/dev/m/a;b/";\n');
  });
});

describe.skipIf(!MHONARC)('migrate-mhonarc on an archive made by mhonarc', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'threadline-migrate-'));
    mkdirSync(join(work, 'archive', 'dev'), { recursive: true });
    const jan = [mail('root@x.org', 2, 'Plan'), mail('r1@x.org', 3, 'Re: Plan', 'root@x.org'), mail(undefined, 4, 'No id'), mail('other@x.org', 5, 'Other')].join('');
    const feb = [mail('r2@x.org', 33, 'Re: Plan', 'r1@x.org'), mail('late@x.org', 34, 'Late')].join('');
    // A month whose messages all lack a Message-ID: its index pages are found by their dates.
    const mar = [mail(undefined, 62, 'March one'), mail(undefined, 63, 'March two')].join('');
    writeFileSync(join(work, 'archive', 'dev', '2025-01.mbox'), jan);
    writeFileSync(join(work, 'archive', 'dev', '2025-02.mbox'), feb);
    writeFileSync(join(work, 'archive', 'dev', '2025-03.mbox'), mar);
    // The old archive: a folder per month, January's indexes split into pages of two messages.
    for (const [month, args] of [['2025-01', ['-multipg', '-idxsize', '2']], ['2025-02', []], ['2025-03', []]] as const) {
      mkdirSync(join(work, 'old', month), { recursive: true });
      execFileSync(MHONARC!, ['-quiet', '-outdir', join(work, 'old', month), ...args, join(work, 'archive', 'dev', `${month}.mbox`)]);
    }
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('records every old page, and the build redirects each old URL to the same message or month', async () => {
    const result = await migrateMhonarc({ oldDir: join(work, 'old'), archiveDir: join(work, 'archive'), list: 'dev', prefix: '/old/dev/' });
    expect(result).toMatchObject({ messages: 8, withoutId: 3, skipped: [] });
    expect(result.indexes).toBeGreaterThanOrEqual(7);
    const built = await buildSite({ archiveDir: join(work, 'archive'), storeDir: join(work, 'store'), outDir: join(work, 'dist'), base: '/', jobs: 0, site: 'https://lists.example.org' });
    expect(built.site.redirects).toMatchObject({ written: 8 + result.indexes, unresolved: 0, skipped: [] });
    const dist = join(work, 'dist');
    const leadsTo = (path: string) => /url=([^"]*)"/.exec(readFileSync(join(dist, path), 'utf8'))![1];
    const slugOf = new Map((await new Store(join(work, 'store')).readList('dev'))!.index.messages.map((m) => [m.subject, m.slug]));
    // Each old message page leads to the message MHonArc showed there: by its id, or by its date
    // when it had none (its subject says which).
    let withoutId = 0;
    for (const month of ['2025-01', '2025-02', '2025-03']) {
      for (const name of readdirSync(join(work, 'old', month)).filter((n) => n.startsWith('msg'))) {
        const old = readFileSync(join(work, 'old', month, name), 'utf8');
        const id = mhonarcMessageId(old);
        if (!id) withoutId++;
        const subject = /<!--X-Subject: (.*) -->/.exec(old)![1]!;
        expect(leadsTo(`old/dev/${month}/${name}`), name).toBe(`/dev/m/${id ?? slugOf.get(subject)}/`);
      }
    }
    expect(withoutId).toBe(3);
    expect(leadsTo('old/dev/2025-01/maillist.html')).toBe('/dev/2025-01/');
    expect(leadsTo('old/dev/2025-01/threads.html')).toBe('/dev/2025-01/threads/');
    expect(leadsTo('old/dev/2025-02/threads.html')).toBe('/dev/2025-02/threads/');
    expect(leadsTo('old/dev/2025-03/maillist.html')).toBe('/dev/2025-03/');
    expect(leadsTo('old/dev/2025-03/threads.html')).toBe('/dev/2025-03/threads/');
    expect(readFileSync(join(dist, 'old/dev/2025-01/msg00000.html'), 'utf8')).toContain('<link rel="canonical" href="https://lists.example.org/dev/m/root@x.org/">');
    const rules = readFileSync(join(dist, '_redirects'), 'utf8');
    expect(rules).toContain('/old/dev/2025-01/maillist.html /dev/2025-01/ 301\n');
    expect(readFileSync(join(dist, 'nginx-redirects.map'), 'utf8')).toContain('"/old/dev/2025-01/maillist.html" "/dev/2025-01/";\n');
    const verified = await verifySite({ store: new Store(join(work, 'store')), outDir: dist, base: '/' });
    expect(verified.problems).toEqual([]);
    // An incremental build keeps the redirects as they are.
    const again = await buildSite({ archiveDir: join(work, 'archive'), storeDir: join(work, 'store'), outDir: dist, base: '/', jobs: 0, site: 'https://lists.example.org' });
    expect(again.site.written).toBe(0);
    expect(again.site.redirects.written).toBe(8 + result.indexes);
    // A site opened from a folder: each old page leads on by a path from its own folder.
    const local = join(work, 'local');
    await buildSite({ archiveDir: join(work, 'archive'), storeDir: join(work, 'store'), outDir: local, base: '/', jobs: 0, relative: true });
    const page = readFileSync(join(local, 'old/dev/2025-01/msg00000.html'), 'utf8');
    expect(/url=([^"]*)"/.exec(page)![1]).toBe('../../../dev/m/root@x.org/index.html');
    expect(page).toContain('href="../../../favicon.svg"');
    expect(existsSync(join(local, 'old/dev/2025-01', '../../../dev/m/root@x.org/index.html'))).toBe(true);
  });

  it('explains a missing list or an empty folder', async () => {
    await expect(migrateMhonarc({ oldDir: join(work, 'old'), archiveDir: join(work, 'archive'), list: 'nope' })).rejects.toThrow(/no list "nope"/);
    mkdirSync(join(work, 'empty'), { recursive: true });
    await expect(migrateMhonarc({ oldDir: join(work, 'empty'), archiveDir: join(work, 'archive'), list: 'dev' })).rejects.toThrow(/holds no MHonArc pages/);
  });
});
