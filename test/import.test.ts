import { appendFileSync, cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BYTES_PER_PARSE_WORKER, importArchive as runImport, parseWorkers } from '../src/import/archive-import.ts';
import { checkFiles } from '../src/import/check.ts';
import { bytesToRead, ImportError, type ReadPlan } from '../src/import/import.ts';
import { MAX_REPORTED_WARNINGS, formatReport } from '../src/import/report.ts';
import { STORE_VERSION, Store, type ListData } from '../src/store/store.ts';

/** Files the import may not open, as a file whose permissions changed: tests run as root, which chmod does not stop. */
const unreadable = vi.hoisted(() => new Set<string>());
/** Folders the import may not list, nor look into (as a folder without permission). */
const closed = vi.hoisted(() => new Set<string>());
const inClosed = (path: unknown) => [...closed].some((dir) => String(path).startsWith(`${dir}/`));
const denied = (path: unknown) => Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' });
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const open: typeof fs.open = async (path, ...rest) => {
    if (unreadable.has(String(path)) || inClosed(path)) throw denied(path);
    return fs.open(path, ...rest);
  };
  const stat = (async (path: string, ...rest: unknown[]) => {
    if (inClosed(path)) throw denied(path);
    return (fs.stat as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.stat;
  return { ...fs, default: { ...fs, open, stat }, open, stat };
});
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const { Readable } = await import('node:stream');
  const createReadStream = ((path: string, ...rest: unknown[]) => {
    if (!unreadable.has(String(path))) return (fs.createReadStream as (...a: unknown[]) => unknown)(path, ...rest);
    return new Readable({
      read() {
        this.destroy(denied(path));
      },
    });
  }) as typeof fs.createReadStream;
  const readdirSync = ((path: string, ...rest: unknown[]) => {
    if (closed.has(String(path)) || inClosed(path)) throw denied(path);
    return (fs.readdirSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readdirSync;
  return { ...fs, default: { ...fs, createReadStream, readdirSync }, createReadStream, readdirSync };
});

const fixtures = new URL('./fixtures/mbox/', import.meta.url);
let work: string;

function makeArchive(name: string): string {
  const archive = join(work, name, 'archive');
  mkdirSync(join(archive, 'dev'), { recursive: true });
  for (const f of ['mboxrd-escaped-from.mbox', 'pipermail-at-envelopes.mbox', 'crlf-and-mixed-endings.mbox', '2007-April.txt.gz']) {
    cpSync(new URL(f, fixtures), join(archive, 'dev', f));
  }
  writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Dev', obfuscation: 'domain' }));
  mkdirSync(join(archive, 'other'));
  cpSync(new URL('unmunged-from-in-body.mbox', fixtures), join(archive, 'other', 'a.mbox'));
  cpSync(new URL('not-mbox-no-envelope.txt', fixtures), join(archive, 'other', 'notes.txt'));
  return archive;
}

const readStore = async (store: string, list: string): Promise<ListData> => (await new Store(store).readList(list))!;

/** Import as `threadline import` does, with the store in a folder. */
async function importArchive(options: { archiveDir: string; storeDir: string; jobs: number; bytesPerWorker?: number }) {
  const store = new Store(options.storeDir);
  const { storeDir: _dir, ...rest } = options;
  const { report } = await runImport({ ...rest, store });
  await store.writeReport(report);
  return report;
}

/**
 * An archive with the empty list `dev`, its store, and what importing it prints: each call imports
 * the archive as it is then (tests of what an update prints).
 *
 * @param name the test's folder
 */
function updatedArchive(name: string): { archive: string; storeDir: string; lines: () => Promise<string[]> } {
  const archive = join(work, name, 'archive');
  mkdirSync(join(archive, 'dev'), { recursive: true });
  const storeDir = join(work, name, 'store');
  return { archive, storeDir, lines: async () => formatReport(await importArchive({ archiveDir: archive, storeDir, jobs: 0 })).split('\n') };
}

/** What an import read of one of list `dev`'s files. */
const fileReport = (report: Awaited<ReturnType<typeof importArchive>>, file: string) => report.lists['dev']!.fileReports.find((f) => f.file === file);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'threadline-import-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A message whose charset no one knows (an `unknown-charset` warning), ending in its body's line
 * break: no blank line after it.
 *
 * @param prefix its Message-ID's prefix, one per test
 * @param n its number (0-9): Message-ID, date and subject
 * @param charset its charset
 */
function oddMail(prefix: string, n: number, charset = 'y'): string {
  return `From a@example.org Tue Jan  7 10:00:0${n} 2025\nMessage-ID: <${prefix}${n}@example.org>\nDate: Tue, 7 Jan 2025 10:00:0${n} +0000\nSubject: odd ${n}\nContent-Type: text/plain; charset="${charset}"\n\nbody ${n}\n`;
}

/**
 * Remove a hash or key from the resume point of the one file of the list `dev`, as a store
 * written before it was kept has none.
 *
 * @param storeDir the store
 * @param hash the hash
 */
function forgetResumeHash(storeDir: string, hash: 'rawHash' | 'readBeforeKey'): void {
  const states = readdirSync(join(storeDir, 'sources', 'dev')).map((entry) => join(storeDir, 'sources', 'dev', entry, 'state.json'));
  expect(states).toHaveLength(1);
  const state = JSON.parse(readFileSync(states[0]!, 'utf8'));
  expect(state.resume[hash]).toEqual(expect.any(String));
  delete state.resume[hash];
  writeFileSync(states[0]!, JSON.stringify(state));
}

describe('importArchive', () => {
  it('follows a list folder that is a symbolic link', async () => {
    const real = join(work, 'linked', 'real-dev');
    mkdirSync(real, { recursive: true });
    cpSync(new URL('mboxrd-escaped-from.mbox', fixtures), join(real, 'a.mbox'));
    const archive = join(work, 'linked', 'archive');
    mkdirSync(archive);
    symlinkSync(real, join(archive, 'dev'));
    const report = await importArchive({ archiveDir: archive, storeDir: join(work, 'linked', 'store'), jobs: 0 });
    expect(report.lists['dev']!.messages).toBe(2);
  });

  it('imports every message, reports per list and per file, and warns about a file that is not mbox', async () => {
    const archive = makeArchive('a');
    const store = join(work, 'a', 'store');
    const report = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    // The gzip file holds the same messages as the plain one, byte for byte: each is shown once.
    expect(report.lists['dev']!.messages).toBe(2 + 2 + 2);
    expect(report.lists['dev']!.fileReports.map((f) => [f.file, f.messages])).toEqual([
      ['dev/2007-April.txt.gz', 2],
      ['dev/crlf-and-mixed-endings.mbox', 2],
      ['dev/mboxrd-escaped-from.mbox', 2],
      ['dev/pipermail-at-envelopes.mbox', 2],
    ]);
    expect(report.lists['dev']!.duplicates).toBe(0);
    expect(report.lists['dev']!.copies).toBe(2);
    // One warning for the file, at its first copy.
    expect(report.warnings.filter((w) => w.kind === 'identical-copy').map((w) => [w.file, w.index, w.detail])).toEqual([
      [
        'dev/pipermail-at-envelopes.mbox',
        0,
        '2 messages of this file, this one the first, are the same, byte for byte, as messages of dev/2007-April.txt.gz (this one as #1 of dev/2007-April.txt.gz): the site shows those',
      ],
    ]);
    expect(formatReport(report)).toMatch(/dev: 6 messages in 4 files \([^)]*\), \d+ threads?, 2 identical copies left out, 0 duplicate ids/);
    expect(report.lists['other']!.messages).toBe(2);
    expect(report.lists['other']!.warnings['not-mbox']).toBe(1);
    expect(report.warnings.find((w) => w.kind === 'not-mbox')).toMatchObject({ file: 'other/notes.txt' });
    expect(report.peakRssBytes).toBeGreaterThan(0);
    const saved = JSON.parse(readFileSync(join(store, 'report.json'), 'utf8'));
    expect(saved.lists.dev.messages).toBe(6);
  });

  it('writes a store whose raw bytes are the original messages', async () => {
    const archive = makeArchive('b');
    const storeDir = join(work, 'b', 'store');
    await importArchive({ archiveDir: archive, storeDir, jobs: 0 });
    const dev = await readStore(storeDir, 'dev');
    expect(dev.config.title).toBe('Dev');
    expect(dev.index.messages).toHaveLength(6);
    const store = new Store(storeDir);
    const original = readFileSync(new URL('pipermail-at-envelopes.mbox', fixtures), 'latin1');
    const expected = original.slice(original.indexOf('From: other at example.com'));
    // Shown from the .gz file, which holds the same bytes (see above).
    const n = dev.index.messages.findIndex((m) => m.messageId === 'p2@example.com');
    const ref = dev.columns.body[n]!;
    const [offset, length] = dev.columns.rawSpan[n]!;
    expect(store.readRaw(dev.entries[ref.source]!, ref.chunk).toString('latin1', offset, offset + length)).toBe(expected);
    expect(store.readBody(dev.entries[ref.source]!, ref.chunk, ref.slot).message.from).toEqual({ name: 'Other', address: 'other@example.com' });
    const reply = dev.index.messages[n]!;
    expect(dev.index.messages[reply.parent]!.messageId).toBe('p1@example.com');
    expect((await store.readSummaries()).map((l) => [l.config.name, l.messages])).toEqual([['dev', 6], ['other', 2]]);
  });

  it('reuses the store for unchanged files, indexes nothing anew, and reads only the new end of a grown file', async () => {
    const archive = makeArchive('c');
    const store = join(work, 'c', 'store');
    const first = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(first.cachedMessages).toBe(0);
    const second = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(second.parsedMessages).toBe(0);
    expect(second.indexedLists).toEqual([]);
    expect(second.cachedMessages).toBe(first.parsedMessages);
    const file = join(archive, 'dev', 'crlf-and-mixed-endings.mbox');
    writeFileSync(file, `${readFileSync(file, 'latin1')}\nFrom carol@example.org Tue Jan  7 10:00:00 2025\nSubject: three\n\nnew\n`, 'latin1');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const third = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    // The new message, and the last one before it, which new bytes could have continued.
    expect(third.parsedMessages).toBe(2);
    expect(third.indexedLists).toEqual(['dev']);
    // Nine in the files, two of them copies of others (see the first test).
    expect(third.lists['dev']!.messages).toBe(7);
    // From the store: what both lists' files hold (nine and two), copies too, but the two parsed.
    expect(third.cachedMessages).toBe(9 + 2 - 2);
    expect(fileReport(third, 'dev/crlf-and-mixed-endings.mbox')).toMatchObject({ read: 'appended', parsed: 2, messages: 3 });
  });

  it('prints in full only the warnings about mail read this time, and counts the others', async () => {
    const { archive, lines } = updatedArchive('warned');
    const message = (n: number) => `${oddMail('w', n)}\n`;
    const file = join(archive, 'dev', 'a.mbox');
    writeFileSync(file, message(1));
    writeFileSync(join(archive, 'dev', 'notes.txt'), 'not mail\n');
    const first = await lines();
    expect(first.filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([expect.stringContaining('message #1 <w1@example.org>: unknown-charset')]);
    expect(first.some((l) => l.includes('not repeated'))).toBe(false);
    // Nothing new: the message's warning is counted, not printed; the file that is not mail still is.
    const again = await lines();
    expect(again.filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([]);
    expect(again.filter((l) => l.startsWith('warning: dev/notes.txt'))).toHaveLength(1);
    expect(again).toContain('1 warning about mail read before not repeated: report.json in the store lists them');
    expect(again[0]).toContain('warnings: not-mbox 1, unknown-charset 1');
    // A message appended with the same problem: its warning is printed, the old one is not.
    writeFileSync(file, message(1) + message(2));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const third = await lines();
    expect(third.filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([expect.stringContaining('message #2 <w2@example.org>: unknown-charset')]);
    expect(third).toContain('1 warning about mail read before not repeated: report.json in the store lists them');
  });

  it('prints the warning of the last message read before when new bytes went on with it', async () => {
    const { archive, lines } = updatedArchive('continued');
    const head = (n: number) => `From a@example.org Tue Jan  7 10:00:0${n} 2025\nMessage-ID: <k${n}@example.org>\nDate: Tue, 7 Jan 2025 10:00:0${n} +0000\nSubject: part ${n}\n`;
    const file = join(archive, 'dev', 'a.mbox');
    // Copied while the second message was being delivered: it has part of its header only.
    writeFileSync(file, `${head(1)}\nbody 1\n\n${head(2)}`);
    expect((await lines()).filter((l) => l.startsWith('warning:'))).toEqual([]);
    // The rest of it arrives, with a charset no one knows, then a third message: both warnings are news.
    appendFileSync(file, `Content-Type: text/plain; charset="y"\n\nbody 2\n\n${head(3)}Content-Type: text/plain; charset="z"\n\nbody 3\n`);
    const grown = await lines();
    expect(grown.filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([
      expect.stringContaining('message #2 <k2@example.org>: unknown-charset'),
      expect.stringContaining('message #3 <k3@example.org>: unknown-charset'),
    ]);
    // A message appended after one that did not change: the one read again says nothing new.
    appendFileSync(file, `\n${head(4)}\nbody 4\n`);
    const again = await lines();
    expect(again.filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([]);
    expect(again).toContain('2 warnings about mail read before not repeated: report.json in the store lists them');
  });

  it('does not print the warnings of the last message read before again when only its blank lines grew', async () => {
    const { archive, storeDir, lines } = updatedArchive('blank-line');
    const message = (n: number) => oddMail('b', n);
    const file = join(archive, 'dev', 'a.mbox');
    writeFileSync(file, `${message(1)}\n`);
    expect((await lines()).filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([expect.stringContaining('message #1 <b1@example.org>: unknown-charset')]);
    // A writer that puts a blank line of its own before the message it appends: the first
    // message's bytes end in one more line break, and it has the warning it had.
    appendFileSync(file, `\n${message(2)}`);
    const grown = await lines();
    expect(grown.filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([expect.stringContaining('message #2 <b2@example.org>: unknown-charset')]);
    expect(grown).toContain('1 warning about mail read before not repeated: report.json in the store lists them');
    // A store from before the warnings' hash was kept: the message read again, its bytes changed, is news.
    forgetResumeHash(storeDir, 'readBeforeKey');
    appendFileSync(file, `\n\n${message(3)}`);
    expect((await lines()).filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([
      expect.stringContaining('message #2 <b2@example.org>: unknown-charset'),
      expect.stringContaining('message #3 <b3@example.org>: unknown-charset'),
    ]);
  });

  it('prints the warnings of the last message read before when read again under another Message-ID', async () => {
    const { archive, lines } = updatedArchive('renamed-last');
    const file = join(archive, 'dev', 'a.mbox');
    writeFileSync(file, `${oddMail('r', 1)}\n`);
    expect((await lines()).filter((l) => l.startsWith('warning: dev/'))).toHaveLength(1);
    // Its Message-ID edited, the warning the same, a message appended: both are news.
    writeFileSync(file, `${oddMail('r', 1).replace('<r1@', '<s1@')}\n${oddMail('r', 2)}`);
    expect((await lines()).filter((l) => l.startsWith('warning: dev/'))).toEqual([
      expect.stringContaining('message #1 <s1@example.org>: unknown-charset'),
      expect.stringContaining('message #2 <r2@example.org>: unknown-charset'),
    ]);
  });

  it('prints only new messages\' warnings when a file is read again in full: a gzip file made again, longer', async () => {
    const { archive, lines } = updatedArchive('regzipped');
    const message = (n: number, charset = 'y') => `${oddMail('g', n, charset)}\n`;
    const file = join(archive, 'dev', '2025-January.txt.gz');
    writeFileSync(file, gzipSync(message(1) + message(2)));
    expect((await lines()).filter((l) => l.startsWith('warning: dev/'))).toHaveLength(2);
    // Made again the next night with a third message, and the second message edited (another
    // unknown charset): its warning and the third's are news, the first's is not.
    writeFileSync(file, gzipSync(message(1) + message(2, 'w') + message(3)));
    const grown = await lines();
    expect(grown.filter((l) => l.startsWith('warning: dev/'))).toEqual([
      expect.stringContaining('message #2 <g2@example.org>: unknown-charset: charset "w"'),
      expect.stringContaining('message #3 <g3@example.org>: unknown-charset'),
    ]);
    expect(grown).toContain('1 warning about mail read before not repeated: report.json in the store lists them');
    // Made again with the first message delivered a second time, other headers, the same warning:
    // one message read before spares one message's warnings, not both.
    writeFileSync(file, gzipSync(message(1) + message(2, 'w') + message(3) + message(1).replace('Subject: odd 1', 'Subject: odd 1 again')));
    expect((await lines()).filter((l) => l.startsWith('warning: dev/'))).toEqual([expect.stringContaining('message #4 <g1@example.org>: unknown-charset')]);
    // A plain file changed before its end is read again in full: the message that changed and
    // the file's change are news, the message it held as it was is not.
    const plain = join(archive, 'dev', 'b.mbox');
    writeFileSync(plain, message(4) + message(5));
    expect((await lines()).filter((l) => l.startsWith('warning: dev/b.mbox'))).toHaveLength(2);
    writeFileSync(plain, message(4, 'w') + message(5));
    expect((await lines()).filter((l) => l.startsWith('warning: dev/b.mbox'))).toEqual([
      expect.stringContaining('changed-file'),
      expect.stringContaining('message #1 <g4@example.org>: unknown-charset: charset "w"'),
    ]);
  });

  it('prints the copy warning a message read again brings when its new line break makes it another file\'s copy', async () => {
    const { archive, lines } = updatedArchive('copy-grown');
    const message = (n: number, charset = 'y') => oddMail('c', n, charset);
    const file = join(archive, 'dev', 'a.mbox');
    writeFileSync(file, `${message(1, 'utf-8')}\n${message(2)}\n`);
    // b.mbox holds the second message with one line break more: not yet a copy.
    writeFileSync(join(archive, 'dev', 'b.mbox'), `${message(2)}\n\n`);
    expect((await lines()).filter((l) => l.startsWith('warning: dev/'))).toHaveLength(2);
    // A blank line before the appended message: a.mbox's second message now is b.mbox's, byte for
    // byte. Its own warning is not news; b.mbox's copy is.
    appendFileSync(file, `\n${message(3, 'utf-8')}`);
    expect((await lines()).filter((l) => l.startsWith('warning: dev/'))).toEqual([expect.stringMatching(/^warning: dev\/b\.mbox message #1 <c2@example\.org>: identical-copy/)]);
  });

  it('takes the last message as read before when the store kept no hash of it (an older store)', async () => {
    const { archive, storeDir, lines } = updatedArchive('unhashed');
    const message = (n: number) => oddMail('u', n);
    const file = join(archive, 'dev', 'a.mbox');
    writeFileSync(file, message(1));
    expect((await lines()).filter((l) => l.startsWith('warning: dev/a.mbox'))).toHaveLength(1);
    forgetResumeHash(storeDir, 'rawHash');
    // Its bytes went on (a line added to its body) and a message follows: only the new one is news.
    appendFileSync(file, `more\n\n${message(2)}`);
    expect((await lines()).filter((l) => l.startsWith('warning: dev/a.mbox'))).toEqual([expect.stringContaining('message #2 <u2@example.org>: unknown-charset')]);
  });

  it('prints the copy warning a new file brings on mail read before: the new file holds the message shown', async () => {
    const { archive, lines } = updatedArchive('copy-news');
    const mail = (id: string) => `From a@example.org Mon Jan  6 10:00:00 2025\nFrom: A <a@example.org>\nSubject: ${id}\nMessage-ID: <${id}@example.org>\nDate: Mon, 06 Jan 2025 10:00:00 +0000\n\n${id}.\n\n`;
    writeFileSync(join(archive, 'dev', 'b.mbox'), mail('one') + mail('two'));
    expect((await lines()).filter((l) => l.startsWith('warning:'))).toEqual([]);
    // a.mbox, read first, holds b.mbox's second message: b.mbox is unchanged, but its copy is news.
    writeFileSync(join(archive, 'dev', 'a.mbox'), mail('zero') + mail('two'));
    const added = await lines();
    expect(added.filter((l) => l.startsWith('warning:'))).toEqual([expect.stringMatching(/^warning: dev\/b\.mbox message #2 <two@example\.org>: identical-copy: .*#2 of dev\/a\.mbox/)]);
    // Nothing new since: it is counted, not printed again.
    const again = await lines();
    expect(again.filter((l) => l.startsWith('warning:'))).toEqual([]);
    expect(again).toContain('1 warning about mail read before not repeated: report.json in the store lists them');
    // Both files grow, the new mail in both: the copies of new mail are in a file read this time,
    // whose warning (at its first copy, read before) is not printed again on every update.
    for (const id of ['three', 'four']) {
      appendFileSync(join(archive, 'dev', 'a.mbox'), mail(id));
      appendFileSync(join(archive, 'dev', 'b.mbox'), mail(id));
      const grown = await lines();
      expect([id, grown.filter((l) => l.startsWith('warning:'))]).toEqual([id, []]);
    }
  });

  it('prints a new warning behind more than the report keeps about mail read before', async () => {
    const archive = join(work, 'capped', 'archive');
    mkdirSync(join(archive, 'dev'), { recursive: true });
    const message = (n: number) => `From a@example.org Tue Jan  7 10:00:00 2025\nMessage-ID: <c${n}@example.org>\nDate: Tue, 7 Jan 2025 10:00:00 +0000\nSubject: odd ${n}\nContent-Type: text/plain; charset="y"\n\nbody ${n}\n\n`;
    const old = MAX_REPORTED_WARNINGS + 10;
    const file = join(archive, 'dev', 'a.mbox');
    writeFileSync(file, Array.from({ length: old }, (_, n) => message(n)).join(''));
    const storeDir = join(work, 'capped', 'store');
    await importArchive({ archiveDir: archive, storeDir, jobs: 0 });
    writeFileSync(file, Array.from({ length: old + 1 }, (_, n) => message(n)).join(''));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const report = await importArchive({ archiveDir: archive, storeDir, jobs: 0 });
    const lines = formatReport(report).split('\n');
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([expect.stringContaining(`<c${old}@example.org>: unknown-charset`)]);
    expect(lines).toContain(`${old} warnings about mail read before not repeated: report.json in the store lists them`);
    expect(report.warnings).toHaveLength(MAX_REPORTED_WARNINGS);
    expect(report.warnings[0]!.messageId).toBe(`c${old}@example.org`);
  });

  it('reads every file again from a store an older version wrote', async () => {
    const archive = makeArchive('version');
    const storeDir = join(work, 'version', 'store');
    const first = await importArchive({ archiveDir: archive, storeDir, jobs: 0 });
    // What each file parsed to may differ between versions (see STORE_VERSION): none is trusted.
    const states = readdirSync(storeDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('state.json'));
    expect(states.length).toBeGreaterThan(0);
    for (const f of states) {
      const file = join(storeDir, f);
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: STORE_VERSION - 1 }));
    }
    const again = await importArchive({ archiveDir: archive, storeDir, jobs: 0 });
    expect(again.parsedMessages).toBe(first.parsedMessages);
    expect(again.cachedMessages).toBe(0);
    expect(again.lists['dev']!.messages).toBe(first.lists['dev']!.messages);
  });

  it("keeps a list's inputs key ahead of it, and reads a list saved without it", async () => {
    const archive = makeArchive('key');
    const storeDir = join(work, 'key', 'store');
    await importArchive({ archiveDir: archive, storeDir, jobs: 0 });
    const store = new Store(storeDir);
    const saved = (await store.readList('dev'))!;
    expect(await store.readListKey('dev')).toBe(saved.inputsKey);
    expect(await store.readListKey('absent')).toBeUndefined();
    const file = join(storeDir, 'lists', 'dev.bin');
    const bytes = readFileSync(file);
    // An older Threadline reads the key alone as the list, without a version: it indexes again.
    expect(deserialize(bytes)).toBe(saved.inputsKey);
    // As an older Threadline saved it: the list alone.
    writeFileSync(file, bytes.subarray(serialize(saved.inputsKey).length));
    expect(await store.readListKey('dev')).toBeUndefined();
    expect(await store.readList('dev')).toEqual(saved);
    const again = await importArchive({ archiveDir: archive, storeDir, jobs: 0 });
    expect(again.indexedLists).toEqual([]);
    expect(again.lists['dev']!.messages).toBe(saved.index.messages.length);
    // Cut short (a crash before the disk had it all): the list is indexed again, not an error.
    writeFileSync(file, readFileSync(file).subarray(0, 100));
    expect(await store.readList('dev')).toBeUndefined();
    expect((await importArchive({ archiveDir: archive, storeDir, jobs: 0 })).lists['dev']!.messages).toBe(saved.index.messages.length);
  });

  it("saves a list's columns packed, reads them back as indexed, and reads a list saved unpacked", async () => {
    const archive = makeArchive('packed');
    const store = new Store(join(work, 'packed', 'store'));
    const { lists } = await runImport({ archiveDir: archive, store, jobs: 0 });
    const indexed = lists.find((l) => l.config.name === 'dev')!;
    expect(indexed.columns.body.length).toBeGreaterThan(3);
    const saved = (await store.readList('dev'))!;
    expect(saved.columns).toEqual(indexed.columns);
    expect(Object.keys(saved.columns)).toEqual(Object.keys(indexed.columns));
    expect(saved.index).toEqual(indexed.index);
    // The file holds typed arrays, not a small array or object per message.
    const file = join(work, 'packed', 'store', 'lists', 'dev.bin');
    const bytes = readFileSync(file);
    const key = deserialize(bytes) as string;
    const payload = deserialize(bytes.subarray(serialize(key).length)) as { version: unknown; columns: Record<string, unknown> };
    for (const column of ['body', 'rawSpan', 'sourceIndex']) expect(payload.columns[column]).toBeUndefined();
    expect((payload.columns['packed'] as Record<string, unknown>)['spanOffset']).toBeInstanceOf(Float64Array);
    // A Threadline of this store version from before checks the version alone: it must not read this as its own.
    expect(payload.version).not.toBe(STORE_VERSION);
    // As saved before the columns were packed, by this store version: read as it was saved.
    writeFileSync(file, Buffer.concat([serialize(key), serialize({ ...payload, version: STORE_VERSION, columns: indexed.columns })]));
    expect(await store.readList('dev')).toEqual(saved);
    const again = await importArchive({ archiveDir: archive, storeDir: join(work, 'packed', 'store'), jobs: 0 });
    expect(again.indexedLists).toEqual([]);
  });

  it('does not read again a file whose time changed but not its bytes, plain, gzip or grown', async () => {
    const archive = makeArchive('t');
    const store = join(work, 't', 'store');
    const first = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    const grown = join(archive, 'dev', 'pipermail-at-envelopes.mbox');
    writeFileSync(grown, `${readFileSync(grown, 'latin1')}\nFrom carol@example.org Tue Jan  7 10:00:00 2025\nSubject: three\n\nnew\n`, 'latin1');
    expect(fileReport(await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 }), 'dev/pipermail-at-envelopes.mbox')).toMatchObject({ read: 'appended' });
    // As a copy, a checkout or a restore leaves them: every file has a new time.
    const files = ['2007-April.txt.gz', 'crlf-and-mixed-endings.mbox', 'mboxrd-escaped-from.mbox', 'pipermail-at-envelopes.mbox'];
    for (const f of files) utimesSync(join(archive, 'dev', f), new Date(), new Date(Date.now() + 60_000));
    const touched = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(touched.parsedMessages).toBe(0);
    expect(touched.indexedLists).toEqual([]);
    expect(touched.warnings.filter((w) => w.kind === 'changed-file')).toEqual([]);
    expect(touched.lists['dev']!.fileReports.map((f) => [f.file, f.read, f.checked])).toEqual(files.map((f) => [`dev/${f}`, 'unchanged', true]));
    expect(touched.lists['dev']!.messages).toBe(first.lists['dev']!.messages + 1);
    // The new time is recorded: the next build takes the files by size and time.
    const again = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(again.lists['dev']!.fileReports.map((f) => [f.read, f.checked])).toEqual(files.map(() => ['unchanged', undefined]));
    // Same size, a new time and one byte changed: read again in full, with a warning.
    const edited = join(archive, 'dev', 'mboxrd-escaped-from.mbox');
    const text = readFileSync(edited, 'latin1');
    const at = text.indexOf('Subject: ') + 'Subject: '.length;
    writeFileSync(edited, `${text.slice(0, at)}${text[at] === 'Q' ? 'R' : 'Q'}${text.slice(at + 1)}`, 'latin1');
    utimesSync(edited, new Date(), new Date(Date.now() + 120_000));
    const changed = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(fileReport(changed, 'dev/mboxrd-escaped-from.mbox')).toMatchObject({ read: 'full', parsed: 2 });
    expect(changed.warnings.find((w) => w.kind === 'changed-file')).toMatchObject({ file: 'dev/mboxrd-escaped-from.mbox' });
    expect(changed.indexedLists).toEqual(['dev']);
  });

  it('checks the bytes an append read again: an edit of the last message, then undone, is read again', async () => {
    const archive = makeArchive('u');
    const store = join(work, 'u', 'store');
    await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    const file = join(archive, 'dev', 'crlf-and-mixed-endings.mbox');
    const original = readFileSync(file, 'latin1');
    const at = original.lastIndexOf('\nSubject: ') + '\nSubject: '.length;
    const edited = `${original.slice(0, at)}${original[at] === 'Q' ? 'R' : 'Q'}${original.slice(at + 1)}`;
    const added = '\nFrom carol@example.org Tue Jan  7 10:00:00 2025\nSubject: three\n\nnew\n';
    // The last message edited in place, and a message appended: read from the last message on.
    writeFileSync(file, `${edited}${added}`, 'latin1');
    const appended = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(fileReport(appended, 'dev/crlf-and-mixed-endings.mbox')).toMatchObject({ read: 'appended', parsed: 2 });
    // The edit undone: the same size, a new time, and not the bytes the store holds.
    writeFileSync(file, `${original}${added}`, 'latin1');
    utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    const undone = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(fileReport(undone, 'dev/crlf-and-mixed-endings.mbox')).toMatchObject({ read: 'full', parsed: 3 });
    expect(undone.indexedLists).toEqual(['dev']);
  });

  it('reads a file again in full, with a warning, when it changed before its last message', async () => {
    const archive = makeArchive('f');
    const store = join(work, 'f', 'store');
    await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    const file = join(archive, 'dev', 'mboxrd-escaped-from.mbox');
    const text = readFileSync(file, 'latin1');
    // An edited first message, and a new message: not an append.
    writeFileSync(file, `${text.replace('Subject: ', 'Subject: Q')}\nFrom carol@example.org Tue Jan  7 10:00:00 2025\nSubject: three\n\nnew\n`, 'latin1');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const again = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(fileReport(again, 'dev/mboxrd-escaped-from.mbox')).toMatchObject({ read: 'full', parsed: 3 });
    expect(again.warnings.find((w) => w.kind === 'changed-file')).toMatchObject({ file: 'dev/mboxrd-escaped-from.mbox' });
  });

  it('reads the stored metadata again when an append turns out to be a change', async () => {
    // The import reads a list's stored metadata ahead while it parses; bytes that do not go on as
    // mbox make it read the file whole, which stores its metadata anew: what was read ahead is stale.
    const archive = makeArchive('r');
    const store = join(work, 'r', 'store');
    await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    const file = join(archive, 'dev', 'crlf-and-mixed-endings.mbox');
    // The last message's envelope line broken (the file grew, and what it held before that line is
    // unchanged): reading from that message on finds no message, and the file is read whole.
    const text = readFileSync(file, 'latin1');
    const last = text.lastIndexOf('\nFrom ') + 1;
    writeFileSync(file, `${text.slice(0, last)}X${text.slice(last + 1)}one more line\n`, 'latin1');
    const again = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(fileReport(again, 'dev/crlf-and-mixed-endings.mbox')).toMatchObject({ read: 'full' });
    await importArchive({ archiveDir: archive, storeDir: join(work, 'r', 'fresh'), jobs: 0 });
    const updated = await readStore(store, 'dev');
    const fresh = await readStore(join(work, 'r', 'fresh'), 'dev');
    expect(JSON.stringify(updated.index)).toBe(JSON.stringify(fresh.index));
    expect(updated.columns.bodyHash).toEqual(fresh.columns.bodyHash);
    expect(updated.columns.rawHash).toEqual(fresh.columns.rawHash);
  });

  it('gives the same index and bodies after an append as after reading the grown file from scratch', async () => {
    const archive = makeArchive('g');
    const storeA = join(work, 'g', 'a');
    await importArchive({ archiveDir: archive, storeDir: storeA, jobs: 0 });
    for (const f of ['crlf-and-mixed-endings.mbox', 'pipermail-at-envelopes.mbox']) {
      const file = join(archive, 'dev', f);
      writeFileSync(file, `${readFileSync(file, 'latin1')}\nFrom carol@example.org Tue Jan  7 10:00:00 2025\nMessage-ID: <new-${f}@example.org>\nSubject: Re: three\n\nnew\n`, 'latin1');
    }
    const appended = await importArchive({ archiveDir: archive, storeDir: storeA, jobs: 0 });
    expect(appended.parsedMessages).toBe(4);
    await importArchive({ archiveDir: archive, storeDir: join(work, 'g', 'b'), jobs: 0 });
    const a = await readStore(storeA, 'dev');
    const b = await readStore(join(work, 'g', 'b'), 'dev');
    expect(JSON.stringify(a.index)).toBe(JSON.stringify(b.index));
    expect(a.columns.bodyHash).toEqual(b.columns.bodyHash);
    expect(a.columns.rawHash).toEqual(b.columns.rawHash);
  });

  it('parses on worker threads with the same result as in-process', async () => {
    const archive = makeArchive('d');
    const inline = await importArchive({ archiveDir: archive, storeDir: join(work, 'd', 's0'), jobs: 0 });
    // A byte a worker: both start (the pool gives each chunk to the less busy one).
    const pooled = await importArchive({ archiveDir: archive, storeDir: join(work, 'd', 's2'), jobs: 2, bytesPerWorker: 1 });
    expect([pooled.jobs, pooled.parseWorkers]).toEqual([2, 2]);
    expect(inline.parseWorkers).toBe(0);
    const strip = (s: ListData) => JSON.stringify([s.index, s.columns.bodyHash]);
    expect(strip(await readStore(join(work, 'd', 's2'), 'dev'))).toBe(strip(await readStore(join(work, 'd', 's0'), 'dev')));
    expect(pooled.lists['dev']!.messages).toBe(inline.lists['dev']!.messages);
  });

  it('starts a parse worker for each share of the mail to read, none when nothing changed', () => {
    const file = (how: ReadPlan['how'], size: number, previous?: ReadPlan['previous'], path = 'a.mbox'): ReadPlan => ({ how, path, size, previous });
    const share = BYTES_PER_PARSE_WORKER;
    const resume = (offset: number) => ({ gzip: false, resume: { offset, index: 0, hash: '' } });
    expect(parseWorkers([file('unchanged', 10 * share)], 4)).toBe(0);
    // An append counts from where the last read stopped.
    expect(parseWorkers([file('append', 10 * share + 100, resume(10 * share))], 4)).toBe(1);
    expect(parseWorkers([file('append', 12 * share, resume(10 * share))], 4)).toBe(2);
    expect(parseWorkers([file('full', share + 1)], 4)).toBe(2);
    expect(parseWorkers([file('full', 10 * share)], 4)).toBe(4);
    // A gzip file holds more mail than its bytes: known from the last read, else by its name.
    expect(parseWorkers([file('full', share / 2, { gzip: true, resume: undefined })], 4)).toBe(2);
    expect(parseWorkers([file('full', share / 2, undefined, 'b.mbox.gz')], 4)).toBe(2);
    expect(parseWorkers([file('full', share / 2, { gzip: false, resume: undefined }, 'b.mbox.gz')], 4)).toBe(1);
    expect(parseWorkers([file('full', 100)], 4, 10)).toBe(4);
    expect(parseWorkers([file('full', 100)], 0)).toBe(0);
    expect(bytesToRead(file('append', 500, resume(120)))).toBe(380);
  });

  it('keeps the messages of a file that cannot be read this time, with a warning, and reads it when it can', async () => {
    const archive = makeArchive('unreadable');
    const store = join(work, 'unreadable', 'store');
    const first = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    const plain = join(archive, 'dev', 'crlf-and-mixed-endings.mbox');
    const gz = join(archive, 'dev', '2007-April.txt.gz');
    writeFileSync(plain, `${readFileSync(plain, 'latin1')}\nFrom carol@example.org Tue Jan  7 10:00:00 2025\nSubject: three\n\nnew\n`, 'latin1');
    // A new time, the same bytes: its bytes must be read to know.
    utimesSync(gz, new Date(), new Date(Date.now() + 60_000));
    unreadable.add(plain);
    unreadable.add(gz);
    try {
      const blocked = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
      expect(blocked.lists['dev']!.messages).toBe(first.lists['dev']!.messages);
      // Indexed again, for its warnings: the messages are those read before.
      expect(blocked.indexedLists).toEqual(['dev']);
      const warned = blocked.warnings.filter((w) => w.kind === 'unreadable-file');
      expect(warned.map((w) => w.file).sort()).toEqual(['dev/2007-April.txt.gz', 'dev/crlf-and-mixed-endings.mbox']);
      expect(warned[0]!.detail).toMatch(/cannot be read \(EACCES\).*messages read from it before are kept/);
      expect(blocked.lists['dev']!.warnings['unreadable-file']).toBe(2);
      expect(fileReport(blocked, 'dev/crlf-and-mixed-endings.mbox')).toMatchObject({ read: 'unchanged', messages: 2 });
      expect(fileReport(blocked, 'dev/crlf-and-mixed-endings.mbox')!.error).toMatch(/^dev\/crlf-and-mixed-endings\.mbox: cannot be read/);
      // Still unreadable: the list is kept, with its warnings, once each.
      const still = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
      expect(still.indexedLists).toEqual([]);
      expect(still.warnings.filter((w) => w.kind === 'unreadable-file')).toHaveLength(2);
      expect(still.lists['dev']!.messages).toBe(first.lists['dev']!.messages);
    } finally {
      unreadable.clear();
    }
    // Readable again: the grown file is read from where it ended, the gzip one found as it was.
    const again = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(again.warnings.filter((w) => w.kind === 'unreadable-file')).toEqual([]);
    expect(again.lists['dev']!.messages).toBe(first.lists['dev']!.messages + 1);
    expect(fileReport(again, 'dev/crlf-and-mixed-endings.mbox')).toMatchObject({ read: 'appended', messages: 3 });
    expect(fileReport(again, 'dev/2007-April.txt.gz')).toMatchObject({ read: 'unchanged', checked: true });
    // Only the gzip file made unreadable, with its time changed again: when it can be read, its
    // warning goes even though nothing else in the list changed.
    utimesSync(gz, new Date(), new Date(Date.now() + 120_000));
    unreadable.add(gz);
    try {
      expect((await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 })).lists['dev']!.warnings['unreadable-file']).toBe(1);
    } finally {
      unreadable.clear();
    }
    const readable = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(readable.lists['dev']!.warnings['unreadable-file']).toBeUndefined();
    expect(readable.lists['dev']!.messages).toBe(first.lists['dev']!.messages + 1);
  });

  it('says a new file cannot be read, not that it is not mbox, and imports it once it can', async () => {
    const archive = makeArchive('unreadable-new');
    const store = join(work, 'unreadable-new', 'store');
    const fresh = join(archive, 'dev', 'pipermail-at-envelopes.mbox');
    unreadable.add(fresh);
    try {
      const blocked = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
      expect(blocked.warnings.filter((w) => w.kind === 'not-mbox').map((w) => w.file)).toEqual(['other/notes.txt']);
      expect(blocked.warnings.find((w) => w.kind === 'unreadable-file')).toMatchObject({ file: 'dev/pipermail-at-envelopes.mbox', detail: expect.stringMatching(/cannot be read \(EACCES\).*imported once it can be read/) });
      expect(fileReport(blocked, 'dev/pipermail-at-envelopes.mbox')).toMatchObject({ messages: 0, parsed: 0 });
    } finally {
      unreadable.clear();
    }
    const again = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(again.warnings.filter((w) => w.kind === 'unreadable-file')).toEqual([]);
    expect(fileReport(again, 'dev/pipermail-at-envelopes.mbox')).toMatchObject({ read: 'full', messages: 2 });
  });

  it('keeps the messages read through a symbolic link whose target is gone, with a warning', async () => {
    const archive = makeArchive('broken-link');
    const store = join(work, 'broken-link', 'store');
    const mail = join(work, 'broken-link', 'mail');
    mkdirSync(mail);
    cpSync(new URL('pipermail-at-envelopes.mbox', fixtures), join(mail, 'cur.mbox'));
    symlinkSync(join(mail, 'cur.mbox'), join(archive, 'dev', 'cur.mbox'));
    const first = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(fileReport(first, 'dev/cur.mbox')).toMatchObject({ messages: 2 });
    // The disk the link leads to is not mounted: its messages stay, and the build says why.
    renameSync(mail, `${mail}-away`);
    const gone = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(gone.lists['dev']!.messages).toBe(first.lists['dev']!.messages);
    expect(gone.warnings.filter((w) => w.kind === 'unreadable-file')).toEqual([
      expect.objectContaining({ file: 'dev/cur.mbox', detail: expect.stringMatching(/cannot be read \(ENOENT\).*2 messages read from it before are kept/) }),
    ]);
    renameSync(`${mail}-away`, mail);
    const back = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(back.warnings.filter((w) => w.kind === 'unreadable-file')).toEqual([]);
    expect(back.lists['dev']!.messages).toBe(first.lists['dev']!.messages);
  });

  it('keeps the messages read through a link to a folder whose target is gone; a linked list is no stray file', async () => {
    const archive = makeArchive('broken-folder-link');
    const store = join(work, 'broken-folder-link', 'store');
    const years = join(work, 'broken-folder-link', 'years');
    mkdirSync(years);
    cpSync(new URL('pipermail-at-envelopes.mbox', fixtures), join(years, '2019.mbox'));
    symlinkSync(years, join(archive, 'dev', 'old'));
    // A list's folder linked in from elsewhere, as admins do.
    const elsewhere = join(work, 'broken-folder-link', 'linked');
    mkdirSync(elsewhere);
    cpSync(new URL('mboxrd-escaped-from.mbox', fixtures), join(elsewhere, 'a.mbox'));
    symlinkSync(elsewhere, join(archive, 'linked'));
    const first = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(fileReport(first, 'dev/old/2019.mbox')).toMatchObject({ messages: 2 });
    expect(first.warnings.filter((w) => w.kind === 'outside-list')).toEqual([]);
    renameSync(years, `${years}-away`);
    const gone = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(gone.lists['dev']!.messages).toBe(first.lists['dev']!.messages);
    expect(gone.warnings.filter((w) => w.kind === 'unreadable-file').map((w) => w.file)).toEqual(['dev/old/2019.mbox']);
  });

  it('keeps the messages of a folder that cannot be listed, with a warning, and goes on', async () => {
    const archive = makeArchive('closed-folder');
    const store = join(work, 'closed-folder', 'store');
    const sub = join(archive, 'dev', 'old');
    mkdirSync(sub);
    cpSync(new URL('pipermail-at-envelopes.mbox', fixtures), join(sub, '2019.mbox'));
    const first = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(fileReport(first, 'dev/old/2019.mbox')).toMatchObject({ messages: 2 });
    closed.add(sub);
    try {
      const blocked = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
      expect(blocked.lists['dev']!.messages).toBe(first.lists['dev']!.messages);
      expect(blocked.lists['other']!.messages).toBe(first.lists['other']!.messages);
      expect(blocked.warnings.filter((w) => w.kind === 'unreadable-file').map((w) => [w.file, w.detail])).toEqual([
        ['dev/old/2019.mbox', expect.stringMatching(/cannot be read \(EACCES\).*2 messages read from it before are kept/)],
        ['dev/old', expect.stringMatching(/folder that cannot be read \(EACCES\)/)],
      ]);
    } finally {
      closed.clear();
    }
    const again = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(again.warnings.filter((w) => w.kind === 'unreadable-file')).toEqual([]);
    expect(fileReport(again, 'dev/old/2019.mbox')).toMatchObject({ messages: 2 });
  });

  it('warns about a removal in list.json that names no message of the list', async () => {
    const archive = makeArchive('unmatched-removal');
    const store = join(work, 'unmatched-removal', 'store');
    const first = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    const known = (await new Store(store).readList('dev'))!.index.messages[0]!.messageId;
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Dev', remove: { [`<${known}>`]: 'spam', '<typo@example.org>': 'spam' } }));
    const report = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(report.lists['dev']!.messages).toBe(first.lists['dev']!.messages);
    expect(report.warnings.filter((w) => w.kind === 'unmatched-removal')).toEqual([
      expect.objectContaining({ list: 'dev', file: 'dev/list.json', messageId: 'typo@example.org', detail: expect.stringMatching(/names <typo@example\.org>, which no message of the list has/) }),
    ]);
  });

  it('warns about a forced minutes setting in list.json that names no message of the list', async () => {
    const archive = makeArchive('unmatched-force');
    const store = join(work, 'unmatched-force', 'store');
    await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    const known = (await new Store(store).readList('dev'))!.index.messages[0]!.messageId;
    writeFileSync(join(archive, 'dev', 'list.json'), JSON.stringify({ title: 'Dev', minutes: { force: { [`<${known}>`]: true, '<typo@example.org>': false } } }));
    const report = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(report.warnings.filter((w) => w.kind === 'unmatched-minutes-force')).toEqual([
      expect.objectContaining({ list: 'dev', file: 'dev/list.json', messageId: 'typo@example.org', detail: expect.stringMatching(/"minutes\.force" in list\.json names <typo@example\.org>, which no message of the list has/) }),
    ]);
  });

  it("hides an address in a subject as the list hides addresses", async () => {
    const archive = join(work, 'subject-address', 'archive');
    mkdirSync(join(archive, 'open'), { recursive: true });
    mkdirSync(join(archive, 'hidden'), { recursive: true });
    const mail = 'From a@example.org Mon Jan  6 10:00:00 2025\nFrom: A <a@example.org>\nSubject: Fwd: note from alice@example.org\nMessage-ID: <s1@example.org>\nDate: Mon, 06 Jan 2025 10:00:00 +0000\n\nText\n';
    for (const list of ['open', 'hidden']) writeFileSync(join(archive, list, 'a.mbox'), mail);
    writeFileSync(join(archive, 'open', 'list.json'), JSON.stringify({ obfuscation: 'none' }));
    const store = join(work, 'subject-address', 'store');
    await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    const subject = async (list: string) => (await new Store(store).readList(list))!.index.messages[0]!.subject;
    expect(await subject('hidden')).toBe('Fwd: note from alice@xxxxxxx');
    expect(await subject('open')).toBe('Fwd: note from alice@example.org');
  });

  it('refuses a store the import would read as a list, not one whose name starts with a dot', async () => {
    const archive = makeArchive('store-inside');
    await expect(importArchive({ archiveDir: archive, storeDir: join(archive, 'store'), jobs: 0 })).rejects.toThrow(/store .* is inside the archive folder .* --store/);
    const report = await importArchive({ archiveDir: archive, storeDir: join(archive, '.threadline'), jobs: 0 });
    expect(Object.keys(report.lists).sort()).toEqual(['dev', 'other']);
  });

  it('shows a message two files hold byte for byte once, from the first, and from the other once it is gone', async () => {
    const archive = join(work, 'identical-copy', 'archive');
    mkdirSync(join(archive, 'dev'), { recursive: true });
    const mail = (id: string, body: string) => `From a@example.org Mon Jan  6 10:00:00 2025\nFrom: A <a@example.org>\nSubject: ${id}\nMessage-ID: <${id}@example.org>\nDate: Mon, 06 Jan 2025 10:00:00 +0000\n\n${body}\n\n`;
    // b.mbox overlaps a.mbox by one message; it also holds another message under the same id.
    writeFileSync(join(archive, 'dev', 'a.mbox'), mail('one', 'First.') + mail('two', 'Second.'));
    writeFileSync(join(archive, 'dev', 'b.mbox'), mail('two', 'Second.') + mail('three', 'Third.') + mail('two', 'Second, edited.'));
    const store = join(work, 'identical-copy', 'store');
    const both = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(both.lists['dev']!.messages).toBe(4);
    expect(both.lists['dev']!.duplicates).toBe(1);
    expect(both.lists['dev']!.copies).toBe(1);
    expect(both.warnings.filter((w) => w.kind === 'identical-copy')).toEqual([
      expect.objectContaining({ file: 'dev/b.mbox', index: 0, messageId: 'two@example.org', detail: 'the same message, byte for byte, as message #2 of dev/a.mbox: the site shows that one' }),
    ]);
    const shownFrom = async () => {
      const data = await readStore(store, 'dev');
      return data.index.messages.map((m) => [m.messageId, data.sources[data.columns.body[m.n]!.source]]).sort();
    };
    expect(await shownFrom()).toEqual([
      ['one@example.org', 'dev/a.mbox'],
      ['three@example.org', 'dev/b.mbox'],
      ['two@example.org', 'dev/a.mbox'],
      ['two@example.org', 'dev/b.mbox'],
    ]);
    rmSync(join(archive, 'dev', 'a.mbox'));
    const left = await importArchive({ archiveDir: archive, storeDir: store, jobs: 0 });
    expect(left.lists['dev']!.messages).toBe(3);
    expect(left.warnings.filter((w) => w.kind === 'identical-copy')).toEqual([]);
    expect(await shownFrom()).toEqual([
      ['three@example.org', 'dev/b.mbox'],
      ['two@example.org', 'dev/b.mbox'],
      ['two@example.org', 'dev/b.mbox'],
    ]);
  });

  it('warns about mail in the archive folder itself, which no list reads', async () => {
    const archive = makeArchive('outside-list');
    cpSync(new URL('pipermail-at-envelopes.mbox', fixtures), join(archive, '2024.mbox'));
    writeFileSync(join(archive, 'README.md'), 'notes');
    const report = await importArchive({ archiveDir: archive, storeDir: join(work, 'outside-list', 'store'), jobs: 0 });
    expect(report.warnings.filter((w) => w.kind === 'outside-list')).toEqual([
      expect.objectContaining({ file: '2024.mbox', detail: expect.stringMatching(/no list reads it: move it into a list's folder, such as .*my-list\/2024\.mbox/) }),
    ]);
  });

  it('check says which files cannot be read and which are not mbox', async () => {
    const archive = makeArchive('check');
    const blocked = join(archive, 'dev', 'mboxrd-escaped-from.mbox');
    unreadable.add(blocked);
    try {
      const result = await checkFiles([blocked, join(archive, 'other', 'notes.txt')]);
      expect(result.errors).toBe(2);
      expect(result.warnings.map((w) => [w.file, w.kind])).toEqual([
        [blocked, 'unreadable-file'],
        [join(archive, 'other', 'notes.txt'), 'not-mbox'],
      ]);
    } finally {
      unreadable.clear();
    }
  });

  it('keeps the messages before the break of a truncated .gz file, and reports the break', async () => {
    const archive = join(work, 'trunc', 'archive');
    mkdirSync(join(archive, 'dev'), { recursive: true });
    const mbox = Array.from({ length: 200 }, (_, i) => `From a@example.org Mon Jan  6 10:00:00 2025\nMessage-ID: <t${i}@example.org>\nSubject: message ${i} ${'x'.repeat(i % 7)}\n\n${'body line with some words\n'.repeat(20)}\n`).join('');
    const gz = gzipSync(Buffer.from(mbox), { level: 1 });
    writeFileSync(join(archive, 'dev', 'cut.mbox.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const report = await importArchive({ archiveDir: archive, storeDir: join(work, 'trunc', 'store'), jobs: 0 });
    const dev = report.lists['dev']!;
    expect(dev.messages).toBeGreaterThan(50);
    expect(dev.messages).toBeLessThan(200);
    expect(dev.warnings['truncated-file']).toBe(1);
    expect(dev.fileReports[0]!.error).toMatch(/cut\.mbox\.gz: the gzip data is corrupt/);
  });

  it('explains a missing archive, an empty archive and a bad list.json', async () => {
    await expect(importArchive({ archiveDir: join(work, 'nope'), storeDir: join(work, 's'), jobs: 0 })).rejects.toThrow(/does not exist.*--archive/);
    mkdirSync(join(work, 'empty'));
    await expect(importArchive({ archiveDir: join(work, 'empty'), storeDir: join(work, 's'), jobs: 0 })).rejects.toThrow(ImportError);
    const archive = makeArchive('e');
    writeFileSync(join(archive, 'dev', 'list.json'), '{ "title": ');
    await expect(importArchive({ archiveDir: archive, storeDir: join(work, 'e', 's'), jobs: 0 })).rejects.toThrow(/list.json: not valid JSON/);
  });
});
