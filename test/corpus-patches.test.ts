/**
 * Patches of real mail (linux-btrfs 2020 in ../shared/corpora, or THREADLINE_CORPORA; skipped when
 * absent): what `git am` reads of a patch in a series mbox is what it reads of the original
 * message, diff and commit message alike.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { splitMbox } from '../src/lib/mbox.ts';
import { parseMessage } from '../src/lib/message.ts';
import { MBOX_ENVELOPE, amMessage } from '../src/lib/patch-mbox.ts';
import { analyzePatch } from '../src/lib/patches.ts';

const CORPORA = process.env['THREADLINE_CORPORA'] ?? new URL('../../shared/corpora/', import.meta.url).pathname;
const FILE = join(CORPORA, 'linux-btrfs', '2020.mbox.gz');
const hasGit = spawnSync('git', ['--version']).status === 0;
/** Patches compared: enough to meet base64, quoted-printable and 8-bit bodies, several mail clients. */
const SAMPLE = 400;

describe.skipIf(!existsSync(FILE) || !hasGit)('series mbox on linux-btrfs 2020', () => {
  const work = mkdtempSync(join(tmpdir(), 'threadline-mailinfo-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** What git mailinfo takes from one message: the commit message and the patch. */
  function mailinfo(bytes: Uint8Array): { msg: string; patch: string } {
    const input = join(work, 'in');
    writeFileSync(input, bytes);
    execFileSync('git', ['mailinfo', '-u', join(work, 'msg'), join(work, 'patch')], { input: readFileSync(input), stdio: ['pipe', 'ignore', 'ignore'] });
    return { msg: readFileSync(join(work, 'msg'), 'utf8'), patch: readFileSync(join(work, 'patch'), 'utf8') };
  }

  it(`gives git mailinfo the same patch and commit message as the original, for ${SAMPLE} patches`, async () => {
    const messages = splitMbox(gunzipSync(readFileSync(FILE)));
    const differ: string[] = [];
    let compared = 0;
    let quotedPrintable = 0;
    let base64 = 0;
    for (const m of messages) {
      if (compared >= SAMPLE) break;
      const { message } = await parseMessage(m.raw, m.envelope, { file: '2020.mbox.gz', index: m.index, offset: m.offset, length: m.length });
      const analysis = analyzePatch(message.subject, message.text);
      // Single-part patches: a multipart message's patch may sit in an attachment git reads its own way.
      if (!analysis?.diff || !analysis.subject?.tagged || message.attachments.length > 0 || message.html !== undefined) continue;
      compared++;
      const head = m.raw.subarray(0, m.raw.indexOf('\n\n')).toString('latin1').toLowerCase();
      if (head.includes('quoted-printable')) quotedPrintable++;
      if (head.includes('base64')) base64++;
      const original = mailinfo(m.raw);
      // One message of the mbox without its envelope line and the blank line that separates it from the next.
      const am = amMessage(m.raw, message.text, []);
      const ours = mailinfo(am.subarray(Buffer.byteLength(`${MBOX_ENVELOPE}\n`), am.length - 1));
      // A message sent with CRLF inside its base64 keeps the CRs in git's view of the original; the archive's text has none.
      const lf = (t: string) => t.replace(/\r/g, '').trim();
      if (lf(original.patch) !== lf(ours.patch) || lf(original.msg) !== lf(ours.msg)) differ.push(message.messageId);
    }
    expect(compared).toBe(SAMPLE);
    expect(quotedPrintable + base64).toBeGreaterThan(0);
    expect(differ).toEqual([]);
  }, 600_000);
});
