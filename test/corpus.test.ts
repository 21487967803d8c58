/**
 * Real mail from ../shared/corpora (skipped when that folder is absent): every mbox imports with
 * no message lost, and threading holds on notmuch's broken and threading corpora.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../src/lib/message.ts';
import { importArchive } from '../src/import/archive-import.ts';
import { MboxFileError, readMboxFile } from '../src/import/read-mbox.ts';
import { Store, type ListData } from '../src/store/store.ts';
import { CORPORA, JUDGED, envelopeLines, files, isNotMbox, mailboxes, present } from './corpora.ts';

const work = mkdtempSync(join(tmpdir(), 'threadline-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!present)('corpora', () => {
  it.each(mailboxes.map((f) => [relative(CORPORA, f), f]))('%s: messages read == envelope lines', async (name, file) => {
    let messages = 0;
    for await (const batch of readMboxFile(file)) messages += batch.length;
    const expected = JUDGED[name]?.messages ?? envelopeLines(file);
    expect(messages).toBe(expected);
  });

  it('rejects the files that are not mbox, naming each', async () => {
    const notMbox = files.filter(isNotMbox);
    expect(notMbox.length).toBeGreaterThan(5);
    for (const file of notMbox) {
      const attempt = async () => {
        for await (const batch of readMboxFile(file)) void batch;
      };
      await expect(attempt(), file).rejects.toThrow(MboxFileError);
      await expect(attempt(), file).rejects.toThrow(basename(file));
    }
  });

  it('imports every corpus folder with 0 lost messages, file by file, on worker threads', async () => {
    const archive = join(work, 'archive');
    const byFolder = new Map<string, string[]>();
    for (const f of mailboxes) {
      const folder = relative(CORPORA, dirname(f)).replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
    }
    for (const [folder, list] of byFolder) {
      mkdirSync(join(archive, folder), { recursive: true });
      for (const f of list) symlinkSync(f, join(archive, folder, basename(f)));
    }
    const { report } = await importArchive({ archiveDir: archive, store: new Store(join(work, 'store')), jobs: 2 });
    for (const [folder, list] of byFolder) {
      const byFile = new Map(report.lists[folder]!.fileReports.map((r) => [r.file, r]));
      for (const f of list) {
        const r = byFile.get(`${folder}/${basename(f)}`)!;
        expect(r.error, f).toBeUndefined();
        expect(r.messages, f).toBe(JUDGED[relative(CORPORA, f)]?.messages ?? envelopeLines(f));
      }
      const store = (await new Store(join(work, 'store')).readList(folder))!;
      expect(store.index.messages.length).toBe(report.lists[folder]!.messages);
      expect(new Set(store.index.messages.map((m) => m.slug)).size).toBe(store.index.messages.length);
      expect(store.index.threadOrder.slice().sort((a, b) => a - b)).toEqual(store.index.messages.map((m) => m.n));
    }
  }, 300_000);

  it('threads notmuch broken.mbox: a reference loop yields one thread, no cycle', async () => {
    const store = await importFolder('fixtures/notmuch-corpora/broken.mbox');
    const loop = store.index.messages.filter((m) => m.messageId.startsWith('mid-loop'));
    expect(loop).toHaveLength(2);
    expect(loop[0]!.thread).toBe(loop[1]!.thread);
    expect(loop.filter((m) => m.parent === -1)).toHaveLength(1);
  });

  it('threads notmuch threading.mbox: missing parents, fake roots and out-of-order References', async () => {
    const store = await importFolder('fixtures/notmuch-corpora/threading.mbox');
    const by = new Map(store.index.messages.map((m) => [m.messageId, m]));
    const parentOf = (id: string) => {
      const m = by.get(id)!;
      return m.parent >= 0 ? store.index.messages[m.parent]!.messageId : m.ghostParent >= 0 ? `ghost:${store.index.ghosts[m.ghostParent]}` : undefined;
    };
    expect(parentOf('000-real-root@example.org')).toBeUndefined();
    expect(parentOf('001-child@example.org')).toBe('000-real-root@example.org');
    expect(parentOf('001-grand-child@example.org')).toBe('001-child@example.org');
    expect(parentOf('001-grand-child2@example.org')).toBe('001-child@example.org');
    expect(parentOf('001-great-grand-child@example.org')).toBe('001-grand-child@example.org');
    // Its References end in a message that does not exist, below 001-child.
    expect(parentOf('001-fake-message-root@example.org')).toBe('001-child@example.org');
    // In-Reply-To wins over References written in the wrong order.
    expect(parentOf('B01-grand-child@example.org')).toBe('B01-child@example.org');
    expect(parentOf('B01-child@example.org')).toBe('B00-root@example.org');
    const rt = store.index.messages.filter((m) => m.messageId.startsWith('rt-4.2.8') || m.messageId === '87bmc6lp3h.fsf@len.workgroup');
    expect(new Set(rt.map((m) => m.thread)).size).toBe(1);
  });

  it('decodes the same text on the fast path as through mailparser for nearly all corpus mail', async () => {
    let compared = 0;
    let differ = 0;
    for (const file of mailboxes.filter((f) => !f.includes('linux-btrfs'))) {
      for await (const batch of readMboxFile(file)) {
        for (const m of batch) {
          const source = { file, index: m.index, offset: m.offset, length: m.length };
          const fast = (await parseMessage(m.raw, m.envelope, source)).message;
          const slow = (await parseMessage(m.raw, m.envelope, source, { fastPath: false })).message;
          compared++;
          // Whitespace and U+FFFD (which mailparser puts where our decoder keeps the bytes) aside.
          const norm = (s: string) => s.replace(/[\s\ufffd]+/g, ' ').trim();
          if (norm(fast.text) !== norm(slow.text) || norm(fast.subject) !== norm(slow.subject) || fast.from?.address !== slow.from?.address) differ++;
        }
      }
    }
    expect(compared).toBeGreaterThan(6000);
    expect(differ / compared).toBeLessThan(0.002);
  }, 300_000);
});

async function importFolder(file: string): Promise<ListData> {
  const name = basename(file).replace(/\W+/g, '-').toLowerCase();
  const archive = join(work, `one-${name}`);
  mkdirSync(join(archive, 'list'), { recursive: true });
  symlinkSync(join(CORPORA, file), join(archive, 'list', basename(file)));
  const store = join(work, `store-${name}`);
  const { lists } = await importArchive({ archiveDir: archive, store: new Store(store), jobs: 0 });
  return lists[0]!;
}

describe.skipIf(!present)('minutes corpus (openbmc working groups)', () => {
  it('detects the minutes and results mails, and maps replies only to sections that exist', async () => {
    const { detectMinutes, mapReply, parseMinutes, structureMinutes } = await import('../src/lib/minutes.ts');
    const messages: Awaited<ReturnType<typeof parseMessage>>['message'][] = [];
    for await (const batch of readMboxFile(join(CORPORA, 'minutes', 'openbmc-meetings-2019-2020.mbox'))) {
      for (const m of batch) messages.push((await parseMessage(m.raw, m.envelope, { file: 'openbmc', index: m.index, offset: m.offset, length: m.length })).message);
    }
    const byId = new Map(messages.map((m) => [m.messageId, m]));
    const detected = messages.filter((m) => {
      const parent = byId.get(m.inReplyTo[0] ?? m.references[m.references.length - 1] ?? '');
      return detectMinutes(m.messageId, m.subject, m.text, {}, parent ? { parentSubject: parent.subject } : {}).minutes;
    });
    // Counted by hand in this corpus (bench/eval/minutes-labels.json): 21 minutes, among them replies
    // that post the results under the agenda's subject; a spin-off "[was: … results]" thread is not.
    expect(detected.length).toBeGreaterThanOrEqual(20);
    expect(detected.every((m) => !/cancel|\[was:/i.test(m.subject))).toBe(true);
    // Structure read from the text itself: all but the three prose results mails (Sep 18, Nov 13, Dec 11).
    expect(detected.filter((m) => parseMinutes(m.text).sections.length > 0).length).toBeGreaterThanOrEqual(detected.length - 3);
    // As the site structures them (prose gets one whole-text section): every one has a section.
    for (const minutes of detected) {
      const structure = structureMinutes(minutes.text, minutes.subject);
      expect(structure.sections.length, minutes.subject).toBeGreaterThan(0);
      for (const reply of messages.filter((m) => m.inReplyTo.includes(minutes.messageId) || m.references.includes(minutes.messageId))) {
        for (const q of mapReply(minutes.text, structure, reply.text)) expect(structure.sections[q.section]).toBeDefined();
      }
    }
  });
});
