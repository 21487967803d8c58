import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { splitMbox } from '../src/lib/mbox.ts';
import { parseMessage } from '../src/lib/message.ts';
import { MBOX_ENVELOPE, addTrailers, amMessage, keptHeaders } from '../src/lib/patch-mbox.ts';

const ROOT = new URL('../', import.meta.url);
const hasGit = spawnSync('git', ['--version']).status === 0;
const decode = (parts: Uint8Array[]) => parts.map((p) => Buffer.from(p).toString('latin1'));

describe('keptHeaders', () => {
  it('keeps From, Date, Subject and Message-ID as sent (folded lines, encoded words), drops the rest and the envelope', () => {
    const raw = Buffer.from(
      'From erik@example.org Mon Mar 10 08:30:00 2025\r\nReceived: by x\r\nFrom: =?utf-8?q?Ren=C3=A9?= <rene@example.org>\r\nSubject: [PATCH 1/2] a very long\r\n subject line\r\nX-Subject: no\r\nDate: Mon, 10 Mar 2025 09:30:00 +0100\r\nMessage-ID: <a@b>\r\nSubject: second\r\n\r\nbody\r\nSubject: not a header\r\n',
      'latin1',
    );
    expect(decode(keptHeaders(raw))).toEqual(['From: =?utf-8?q?Ren=C3=A9?= <rene@example.org>', 'Subject: [PATCH 1/2] a very long', ' subject line', 'Date: Mon, 10 Mar 2025 09:30:00 +0100', 'Message-ID: <a@b>']);
  });
});

describe('addTrailers', () => {
  const patch = 'Fix it.\n\nSigned-off-by: Erik <erik@example.org>\n---\n a.c | 1 +\n\ndiff --git a/a.c b/a.c\n';
  it('adds trailers after the commit message\'s own, before ---, once each', () => {
    expect(addTrailers(patch, ['Reviewed-by: Bob <bob@example.org>', 'signed-off-by: Erik <erik@example.org>'])).toBe(
      'Fix it.\n\nSigned-off-by: Erik <erik@example.org>\nReviewed-by: Bob <bob@example.org>\n---\n a.c | 1 +\n\ndiff --git a/a.c b/a.c\n',
    );
  });
  it('starts a paragraph of trailers when the message has none, and finds the end of a message without ---', () => {
    expect(addTrailers('Fix it.\n\ndiff --git a/a.c b/a.c\n', ['Acked-by: Bob <bob@example.org>'])).toBe('Fix it.\n\nAcked-by: Bob <bob@example.org>\n\ndiff --git a/a.c b/a.c\n');
    expect(addTrailers(patch, [])).toBe(patch);
  });
});

describe('amMessage', () => {
  it('writes a message with a fixed envelope, escaping only lines that read as envelopes, the same bytes each time', () => {
    const raw = Buffer.from('From: Erik <erik@example.org>\nSubject: [PATCH] x\nDate: Mon, 10 Mar 2025 09:30:00 +0100\n\nignored');
    const text = 'From the start.\nFrom bob@example.org Mon Mar 10 09:30:00 2025\n>From bob@example.org Mon Mar 10 09:30:00 2025\n\nSigned-off-by: Erik <erik@example.org>\n---\ndiff --git a/a b/a';
    const out = Buffer.from(amMessage(raw, text, ['Reviewed-by: Bob <bob@example.org>'])).toString('utf8');
    expect(out).toBe(
      `${MBOX_ENVELOPE}\nFrom: Erik <erik@example.org>\nSubject: [PATCH] x\nDate: Mon, 10 Mar 2025 09:30:00 +0100\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nFrom the start.\n>From bob@example.org Mon Mar 10 09:30:00 2025\n>>From bob@example.org Mon Mar 10 09:30:00 2025\n\nSigned-off-by: Erik <erik@example.org>\nReviewed-by: Bob <bob@example.org>\n---\ndiff --git a/a b/a\n\n`,
    );
    expect(Buffer.from(amMessage(raw, text, []))).toEqual(Buffer.from(amMessage(raw, text, [])));
  });
});

describe.skipIf(!hasGit)('git am', () => {
  const work = mkdtempSync(join(tmpdir(), 'threadline-am-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** The sample archive's messages, parsed as the import parses them. */
  async function sample(file: string): Promise<Map<string, { raw: Buffer; text: string }>> {
    const bytes = readFileSync(new URL(`archive/lumen-devel/${file}`, ROOT));
    const out = new Map<string, { raw: Buffer; text: string }>();
    for (const m of splitMbox(file.endsWith('.gz') ? gunzipSync(bytes) : bytes)) {
      const { message } = await parseMessage(m.raw, m.envelope, { file, index: m.index, offset: m.offset, length: m.length });
      out.set(message.messageId, { raw: m.raw, text: message.text });
    }
    return out;
  }

  function repository(name: string): string {
    const dir = join(work, name);
    cpSync(new URL('test/fixtures/patches/lumen-base', ROOT), dir, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z' } });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'add', '-A');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'commit', '-q', '-m', 'base');
    return dir;
  }

  it("applies the sample's v3 series with the trailers its reviewers gave, quoted-printable patch included", async () => {
    const march = await sample('2025-03.mbox.gz');
    const ids = [2, 3, 4].map((k) => `20250310083000.9120-${k}-erik@example.org`);
    const trailers = [['Reviewed-by: Bob Okafor <bob@example.org>'], ['Reviewed-by: Bob Okafor <bob@example.org>'], ['Reviewed-by: Bob Okafor <bob@example.org>']];
    const mbox = Buffer.concat(ids.map((id, k) => amMessage(march.get(id)!.raw, march.get(id)!.text, trailers[k]!)));
    const dir = repository('v3');
    writeFileSync(join(dir, 'v3.mbox'), mbox);
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'am', '-q', 'v3.mbox'], { cwd: dir });
    const log = execFileSync('git', ['log', '--format=%an <%ae>%n%s%n%b%x00', 'main~3..main'], { cwd: dir, encoding: 'utf8' })
      .split('\0')
      .map((e) => e.trim())
      .filter(Boolean)
      .reverse();
    expect(log).toHaveLength(3);
    expect(log[0]).toBe(
      'Erik Johansson <erik@example.org>\nwal: track pending commits in a queue\nKeep committers waiting for durability in a FIFO so that one fsync can\nwake all of them. A waiter carries the error of the fsync that woke it.\n\nSigned-off-by: Erik Johansson <erik@example.org>\nReviewed-by: Carol Nguyen <carol@example.org>\nReviewed-by: Bob Okafor <bob@example.org>',
    );
    expect(log[1]).toMatch(/^Erik Johansson <erik@example.org>\nwal: batch fsync for commits within the window\n[\s\S]*Signed-off-by: Erik Johansson <erik@example.org>\nReviewed-by: Bob Okafor <bob@example.org>$/);
    expect(readFileSync(join(dir, 'src/wal/commit.c'), 'utf8')).toContain('\t\twal_queue_wake_upto(&wal->queue, wal->written_lsn, err);\n');
    expect(readFileSync(join(dir, 'docs/config.md'), 'utf8')).toContain('wal.batch_window_ms');
  });

  it('applies the single patches and the first version as the archive holds them', async () => {
    const feb = await sample('2025-02.mbox');
    for (const ids of [['20250217090000.7001-1-erik@example.org', '20250217090000.7001-2-erik@example.org'], ['20250203130500.4411-1-zoe@example.org'], ['20250220100000.5150-1-frank@example.org']]) {
      const dir = repository(ids[0]!);
      writeFileSync(join(dir, 'series.mbox'), Buffer.concat(ids.map((id) => amMessage(feb.get(id)!.raw, feb.get(id)!.text, []))));
      const run = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'am', '-q', 'series.mbox'], { cwd: dir, encoding: 'utf8' });
      expect(run.status, `${ids[0]}: ${run.stderr}`).toBe(0);
    }
  });
});
