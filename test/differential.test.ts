/**
 * The differential suite over ../shared/corpora (skipped when absent): every message is read by the
 * fast path, by mailparser and by the independent reading of reference-mail.ts, and each
 * disagreement on subject, From name, date or the first 300 characters of text must be listed,
 * with its reason, in differential-expectations.json. Then threading over the same messages: every
 * In-Reply-To that names an archived message gives that parent, and the links inferred from
 * subjects are counted by kind (same author, other author) under the current rule and under the
 * rule it replaced.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForWorker } from '../src/import/worker-bundle.ts';
import { indexArchive, type ArchiveIndex } from '../src/lib/archive.ts';
import { baseSubject, isReplySubject } from '../src/lib/subject.ts';
import { INFERRED_REPLY_WINDOW_MS, MAX_INFERENCE_CANDIDATES } from '../src/lib/thread.ts';
import { CORPORA, mailboxes, present } from './corpora.ts';
import type { Disagreement, FileResult, ThreadRecord } from './differential.ts';

interface Expectation {
  field: string;
  split: string;
  messages: string[];
  reason: string;
}

const expectations = (JSON.parse(readFileSync(new URL('./differential-expectations.json', import.meta.url), 'utf8')) as { disagreements: Expectation[] }).disagreements;
const work = mkdtempSync(join(tmpdir(), 'threadline-differential-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Compare every corpus mailbox on worker threads, biggest files first. */
async function compareAll(): Promise<FileResult[]> {
  const workerFile = join(work, 'differential-worker.mjs');
  await bundleForWorker(fileURLToPath(new URL('./differential-worker.ts', import.meta.url)), workerFile);
  const queue = [...mailboxes].sort((a, b) => statSync(b).size - statSync(a).size);
  const results: FileResult[] = [];
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerFile);
      const next = (): void => {
        const file = queue.shift();
        if (file === undefined) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.postMessage({ file, corpora: CORPORA });
      };
      worker.on('message', (reply: { result?: FileResult; error?: string }) => {
        if (reply.error !== undefined) {
          void worker.terminate();
          reject(new Error(reply.error));
          return;
        }
        results.push(reply.result!);
        next();
      });
      worker.on('error', reject);
      next();
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(2, availableParallelism())) }, run));
  return results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

let results: FileResult[] = [];

describe.skipIf(!present)('differential reading of the corpora', () => {
  beforeAll(async () => {
    results = await compareAll();
  }, 600_000);

  it('reads every message of every corpus mailbox three ways', () => {
    expect(results.map((r) => r.file)).toHaveLength(mailboxes.length);
    const messages = results.reduce((n, r) => n + r.messages, 0);
    const fastPath = results.reduce((n, r) => n + r.fastPath, 0);
    const referenced = { subject: 0, 'from-name': 0, date: 0, text: 0 };
    for (const r of results) for (const k of Object.keys(referenced) as (keyof typeof referenced)[]) referenced[k] += r.referenced[k];
    const disagreements = results.flatMap((r) => r.disagreements);
    console.log(
      `differential: ${messages} messages, ${fastPath} on the fast path; reference readings: ${Object.entries(referenced).map(([k, v]) => `${k} ${v}`).join(', ')}; ` +
        `disagreements: ${disagreements.length} (${[...new Set(disagreements.map((d) => d.field))].map((f) => `${f} ${disagreements.filter((d) => d.field === f).length}`).join(', ') || 'none'})`,
    );
    expect(messages).toBeGreaterThan(30_000);
    // The reference reads nearly every message's headers and date, and most texts.
    expect(referenced.subject).toBeGreaterThan(messages * 0.99);
    expect(referenced.text).toBeGreaterThan(messages * 0.9);
  });

  it('finds no disagreement that is not listed, with its reason, in differential-expectations.json', () => {
    const key = (message: string, field: string, split: string) => `${message} ${field} ${split}`;
    const expected = new Map<string, Expectation>();
    for (const e of expectations) {
      expect(e.reason.length, `${e.field} ${e.split}`).toBeGreaterThan(20);
      for (const m of e.messages) expected.set(key(m, e.field, e.split), e);
    }
    const found = results.flatMap((r) => r.disagreements);
    const show = (d: Disagreement) => `${key(d.message, d.field, d.split)}\n${Object.entries(d.values).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}`;
    const unexplained = found.filter((d) => !expected.has(key(d.message, d.field, d.split)));
    expect(unexplained.map(show), 'disagreements to fix, or to list with their reason').toEqual([]);
    const foundKeys = new Set(found.map((d) => key(d.message, d.field, d.split)));
    expect([...expected.keys()].filter((k) => !foundKeys.has(k)), 'listed disagreements that no longer happen').toEqual([]);
  });

  describe('threading', () => {
    // One list per corpus folder, as the corpus import makes them; indexed once.
    let indexed: { name: string; records: ThreadRecord[]; index: ArchiveIndex }[] | undefined;
    const lists = (): { name: string; records: ThreadRecord[]; index: ArchiveIndex }[] => {
      if (indexed) return indexed;
      const byFolder = new Map<string, ThreadRecord[]>();
      for (const r of results) {
        const folder = dirname(r.file);
        byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...r.threads]);
      }
      indexed = [...byFolder].map(([name, records]) => ({
        name,
        records,
        index: indexArchive(records.map((t) => ({ ...t, stableKey: t.message.replace(/#(\d+)$/, (_, n: string) => `#${n.padStart(8, '0')}`) }))),
      }));
      return indexed;
    };

    it('gives every message whose In-Reply-To names an archived message that parent', () => {
      let checked = 0;
      const loops: string[] = [];
      const copies: string[] = [];
      const wrong: string[] = [];
      for (const { records, index } of lists()) {
        const byId = new Map<string, number>();
        for (const m of index.messages) if (!byId.has(m.messageId)) byId.set(m.messageId, m.n);
        for (const m of index.messages) {
          const named = records[m.input]!.inReplyTo[0];
          const target = named === undefined ? undefined : byId.get(named);
          if (target === undefined) continue;
          checked++;
          if (m.parent >= 0 && index.messages[m.parent]!.messageId === named) continue;
          // JWZ keeps a reused Message-ID's later message under the first, whatever it names.
          if (m.duplicate) {
            copies.push(records[m.input]!.message);
            continue;
          }
          // Linking would close a loop: the message named is below this one.
          let loop = false;
          for (let up = target; up >= 0; up = index.messages[up]!.parent) if (up === m.n) loop = true;
          if (loop) loops.push(records[m.input]!.message);
          else wrong.push(`${records[m.input]!.message} names <${named}> but hangs under ${m.parent >= 0 ? `<${index.messages[m.parent]!.messageId}>` : 'nothing'}`);
        }
      }
      console.log(`threading: ${checked} In-Reply-To name an archived message; ${checked - loops.length - copies.length} give that parent, ${copies.length} are second copies of a reused Message-ID, ${loops.length} would close a loop`);
      expect(checked).toBeGreaterThan(15_000);
      expect(wrong).toEqual([]);
    });

    it('infers parents from subjects by the rule, and counts them by kind against the rule it replaced', () => {
      const author = (t: ThreadRecord) => (t.from?.address || t.from?.name || '').trim().toLowerCase();
      const count = { same: 0, other: 0 };
      const before = { same: 0, other: 0 };
      const passedOver: string[] = [];
      for (const { records, index } of lists()) {
        const rec = (n: number) => records[index.messages[n]!.input]!;
        // Conversations by base subject, in date order (the index's order).
        const conversations = new Map<string, number[]>();
        for (const m of index.messages) {
          const key = baseSubject(m.subject);
          if (key !== '') conversations.set(key, [...(conversations.get(key) ?? []), m.n]);
        }
        const below = (candidate: number, of: number): boolean => {
          for (let up = candidate; up >= 0; up = index.messages[up]!.parent) if (up === of) return true;
          return false;
        };
        for (const m of index.messages) {
          const t = rec(m.n);
          if (m.inferred) {
            const same = author(t) !== '' && author(t) === author(rec(m.parent));
            count[same ? 'same' : 'other']++;
            // A same-author parent only when no other author wrote before, in the window, within reach.
            if (same) {
              const list = conversations.get(baseSubject(m.subject))!;
              const at = list.indexOf(m.n);
              for (let j = at - 1; j >= 0 && j >= at - MAX_INFERENCE_CANDIDATES; j--) {
                const c = list[j]!;
                if (t.dateMs - rec(c).dateMs > INFERRED_REPLY_WINDOW_MS) break;
                if (author(rec(c)) !== author(t) && !below(c, m.n) && !index.messages[c]!.duplicate) passedOver.push(`${t.message} under its author's ${rec(m.parent).message}, not ${rec(c).message}`);
              }
            }
          }
          // The replaced rule: the newest earlier root (before inference) with the same base subject.
          const root = (n: number) => (index.messages[n]!.parent === -1 && index.messages[n]!.ghostParent === -1) || index.messages[n]!.inferred;
          if (!root(m.n) || t.references.length > 0 || t.inReplyTo.length > 0 || !isReplySubject(t.subject)) continue;
          let best = -1;
          for (const c of conversations.get(baseSubject(m.subject)) ?? []) {
            if (c === m.n || !root(c) || rec(c).dateMs > t.dateMs) continue;
            if (t.dateMs - rec(c).dateMs <= INFERRED_REPLY_WINDOW_MS) best = c;
          }
          if (best >= 0) before[author(t) !== '' && author(t) === author(rec(best)) ? 'same' : 'other']++;
        }
      }
      console.log(`inferred links: same author ${count.same}, other author ${count.other}; under the replaced rule (newest earlier root): same author ${before.same}, other author ${before.other}`);
      expect(count.other).toBeGreaterThan(before.other);
      expect(passedOver).toEqual([]);
    });
  });
});
