/**
 * Real mail added day by day, in the order it arrived (skipped when ../shared/corpora is absent).
 * A list's mbox file is written as mail arrives, and mail is dated when it was sent: a message
 * that arrives late sorts before mail already archived. Each update must give the cold build's
 * site byte for byte, and write no page it leaves as it was.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMailDate } from '../src/lib/dates.ts';
import { splitMbox } from '../src/lib/mbox.ts';
import { buildSite, type BuildOptions } from '../src/site/build.ts';
import { CORPORA, present } from './corpora.ts';
import { tree } from './site-files.ts';

const work = mkdtempSync(join(tmpdir(), 'threadline-updates-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An mbox file's messages: each one's bytes as the file has them (envelope line first), and its date. */
function messagesOf(bytes: Buffer): { bytes: Buffer; dateMs: number }[] {
  return splitMbox(bytes).map((m) => {
    const head = m.raw.subarray(0, m.raw.indexOf('\n\n')).toString('latin1');
    return { bytes: bytes.subarray(m.offset, m.offset + m.length), dateMs: parseMailDate(/^Date:(.*)$/im.exec(head)?.[1])?.ms ?? Number.NaN };
  });
}

const SOURCE = join(CORPORA, 'linux-btrfs', '2021.mbox.gz');

const options = (dir: string, archive: string): BuildOptions => ({ archiveDir: archive, storeDir: join(dir, 'store'), outDir: join(dir, 'dist'), base: '/', jobs: 0, checkPlan: true });

describe.skipIf(!present || !existsSync(SOURCE))('updates of real mail in arrival order', () => {
  it('linux-btrfs 2021, four days of 50 messages, two of them days late: each update is the cold site, and writes only pages that change', async () => {
    const all = messagesOf(gunzipSync(readFileSync(SOURCE)));
    // Messages 4,500 to 5,200 as they arrived (May 2021): the 5,095th was sent nine days before
    // the mail around it arrived, the 5,161st five days before.
    const base = all.slice(4500, 5000);
    const days = [0, 1, 2, 3].map((d) => all.slice(5000 + d * 50, 5050 + d * 50));
    let newest = Math.max(...base.map((m) => m.dateMs));
    let late = 0;
    for (const day of days) {
      for (const m of day) {
        if (m.dateMs < newest - 86_400_000) late++;
        newest = Math.max(newest, m.dateMs);
      }
    }
    expect(late).toBeGreaterThanOrEqual(2);

    const dir = join(work, 'site');
    const archive = join(dir, 'archive');
    mkdirSync(join(archive, 'linux-btrfs'), { recursive: true });
    const file = join(archive, 'linux-btrfs', '2021.mbox');
    writeFileSync(file, Buffer.concat(base.map((m) => m.bytes)));
    await buildSite(options(dir, archive));
    for (const [k, day] of days.entries()) {
      const before = tree(join(dir, 'dist'));
      appendFileSync(file, Buffer.concat(day.map((m) => m.bytes)));
      const result = await buildSite(options(dir, archive));
      const after = tree(join(dir, 'dist'));
      const cold = join(work, `cold-${k}`);
      await buildSite(options(cold, archive));
      const coldTree = tree(join(cold, 'dist'));
      expect([...after.keys()].sort()).toEqual([...coldTree.keys()].sort());
      for (const [path, bytes] of coldTree) expect(after.get(path) === bytes, path).toBe(true);
      // Written: new, or other bytes than before. The search index's files are left out: its
      // parts are named by their content; its display chunks hold documents by date, and later
      // ones move with older mail. Its page is not.
      const written = readFileSync(result.site.writtenList, 'utf8').split('\n').filter((p) => p !== '' && (!p.startsWith('search/') || p === 'search/index.html'));
      expect(written.filter((p) => /^linux-btrfs\/m\/[^/]+\/index\.html$/.test(p) && !before.has(p))).toHaveLength(day.length);
      const same = written.filter((p) => before.has(p) && before.get(p) === after.get(p));
      expect(same, `day ${k + 1}: written with the bytes they had`).toEqual([]);
      rmSync(cold, { recursive: true, force: true });
    }
  });
});
