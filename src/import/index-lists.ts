/**
 * The index phase: each list's messages (metadata only) → threads, date and thread order, slugs,
 * neighbours, and the per-message columns later phases read. A list whose files and settings did
 * not change since the last index is loaded as it was saved, not indexed again.
 */
import { createHash } from 'node:crypto';
import { sourcesKey } from '../compiled.ts';
import { indexArchive, type ArchiveInput } from '../lib/archive.ts';
import type { ListConfig } from '../lib/list-config.ts';
import { hideRemoved } from '../lib/removal.ts';
import { obfuscateText } from '../lib/obfuscate.ts';
import { STORE_VERSION, type ListColumns, type ListData, type ListReport, type MessageMeta, type Store, type WarningRecord } from '../store/store.ts';
import { readBeforeKey, type ImportedSource } from './import.ts';
import { warnedThisTime } from './report.ts';

/** At most this many warnings are kept in full per list (see `ListReport.warningsKept`); all are counted. */
const MAX_LIST_WARNINGS = 500;

/**
 * The key of everything a list's index is computed from: its settings, its files as read, and
 * Threadline's code.
 *
 * @param config the list's settings
 * @param sources its files
 */
export function listInputsKey(config: ListConfig, sources: readonly ImportedSource[]): string {
  const hash = createHash('sha256');
  hash.update(`${STORE_VERSION}\u0000${sourcesKey()}\u0000${JSON.stringify(config)}`);
  for (const s of sources) {
    // The bytes' hashes where the store has them, so a file whose time alone changed is the same input.
    const bytes = s.state.digests ? s.state.digests.map((d) => d.hash).join(',') : s.state.mtimeMs;
    // And the file's error: a file that could not be read, or can again, changes its list's warnings.
    hash.update(`\u0000${s.file}\u0000${s.entry}\u0000${s.state.size}\u0000${bytes}\u0000${s.state.messages}\u0000${s.state.logicalBytes}\u0000${s.state.segments.length}\u0000${s.report.error ?? ''}`);
  }
  return hash.digest('hex').slice(0, 24);
}

/**
 * Index one list, or load its index when nothing it depends on changed.
 *
 * @param store the store
 * @param config the list's settings
 * @param sources its files, in archive order, as the import phase left them
 * @param extraWarnings warnings of the import phase about these files (not-mbox, changed files)
 * @returns the list's data, and whether it was indexed anew
 */
export async function indexList(store: Store, config: ListConfig, sources: readonly ImportedSource[], extraWarnings: readonly WarningRecord[]): Promise<{ data: ListData; indexed: boolean }> {
  const inputsKey = listInputsKey(config, sources);
  // The saved list is read only when it may be the one asked for.
  const savedKey = await store.readListKey(config.name);
  const saved = savedKey === undefined || savedKey === inputsKey ? await store.readList(config.name) : undefined;
  const files = new Map(sources.map((s) => [`${config.name}\u0000${s.file}`, s.report] as const));
  if (saved && saved.inputsKey === inputsKey) {
    // Files unchanged (their errors too): the report's per-file figures say so, the warnings are
    // those kept, and of them only those about a file as a whole are this time's.
    saved.report.fileReports = sources.map((s) => s.report);
    // Marked by the import that found them again; this one read none of them.
    for (const w of saved.report.warningsKept) delete w.readBefore;
    saved.report.newWarnings = saved.report.warningsKept.filter((w) => warnedThisTime(w, files)).length;
    return { data: saved, indexed: false };
  }

  const name = config.name;
  const report: ListReport = { fileReports: sources.map((s) => s.report), bytes: 0, messages: 0, copies: 0, duplicates: 0, ghosts: 0, threads: 0, inferredLinks: 0, warnings: {}, warningsKept: [], newWarnings: 0 };
  // The first of this time's warnings and the first of the others, in the order found: a new
  // message's warning is kept even behind 500 about mail read before.
  const fresh: WarningRecord[] = [];
  const earlier: WarningRecord[] = [];
  const warn = (w: WarningRecord): void => {
    report.warnings[w.kind] = (report.warnings[w.kind] ?? 0) + 1;
    const isNew = warnedThisTime(w, files);
    if (isNew) report.newWarnings!++;
    const into = isNew ? fresh : earlier;
    if (into.length < MAX_LIST_WARNINGS) into.push(w);
  };
  for (const w of extraWarnings) warn(w);

  const metas: MessageMeta[] = [];
  const metaSource: number[] = [];
  const records: ArchiveInput[] = [];
  const intern = new Map<string, string>();
  // Strings that recur across messages (References, sender names) are kept once.
  const shared = (value: string): string => {
    const known = intern.get(value);
    if (known !== undefined) return known;
    intern.set(value, value);
    return value;
  };
  // The first of each message, by Message-ID and bytes: a later copy (mbox files that overlap, a
  // message delivered twice) is the same message, and is shown once, from where it came first.
  const firsts = new Map<string, { file: string; index: number }>();
  for (const [k, source] of sources.entries()) {
    report.bytes += source.report.bytes;
    // Each message found again spares one message's warnings (see `ImportedSource.readBefore`).
    const readBefore = new Map(source.readBefore);
    const fileMetas = source.state.messages > 0 ? await store.readSourceMetas(source.entry, source.state) : [];
    const copies: { index: number; messageId: string; of: { file: string; index: number } }[] = [];
    let last: MessageMeta | undefined;
    for (const m of fileMetas) {
      // No date anywhere: take the previous message's, so the message sorts where it was filed.
      if (m.dateSource === 'none' && last) {
        m.dateMs = last.dateMs;
        m.offsetMinutes = last.offsetMinutes;
      }
      last = m;
      const copyKey = `${m.messageId}\u0000${m.rawHash}`;
      const first = firsts.get(copyKey);
      if (first) {
        copies.push({ index: m.index, messageId: m.messageId, of: first });
        continue;
      }
      firsts.set(copyKey, { file: source.file, index: m.index });
      const warnings: WarningRecord[] = m.warnings.map((w) => ({ list: name, file: source.file, index: m.index, messageId: m.messageId, kind: w.kind, detail: w.detail }));
      if (readBefore.size > 0 && warnings.length > 0 && warnedThisTime(warnings[0]!, files)) {
        const key = readBeforeKey(m);
        const left = readBefore.get(key) ?? 0;
        if (left > 0) {
          readBefore.set(key, left - 1);
          for (const w of warnings) w.readBefore = true;
        }
      }
      for (const w of warnings) warn(w);
      metas.push(m);
      metaSource.push(k);
      records.push({
        messageId: shared(m.messageId),
        references: m.references.map(shared),
        inReplyTo: m.inReplyTo.map(shared),
        subject: m.subject,
        from: m.from ? { name: shared(m.from.name), address: shared(m.from.address) } : undefined,
        dateMs: m.dateMs,
        offsetMinutes: m.offsetMinutes,
        stableKey: `${source.file}\u0000${String(m.index).padStart(9, '0')}`,
      });
    }
    // One warning per file, at its first copy: a file that repeats another whole is one problem.
    if (copies.length > 0) {
      const { index, messageId, of } = copies[0]!;
      const files = [...new Set(copies.map((c) => c.of.file))].sort();
      const detail =
        copies.length === 1
          ? `the same message, byte for byte, as message #${of.index + 1} of ${of.file}: the site shows that one`
          : `${copies.length} messages of this file, this one the first, are the same, byte for byte, as messages of ${files.join(', ')} (this one as #${of.index + 1} of ${of.file}): the site shows those`;
      // Per file, the last message the site shows instead: whether any is new mail (see `warnedThisTime`).
      const shown = new Map<string, number>();
      for (const c of copies) shown.set(c.of.file, Math.max(shown.get(c.of.file) ?? -1, c.of.index));
      warn({ list: name, file: source.file, index, messageId, kind: 'identical-copy', detail, shown: [...shown].map(([file, at]) => ({ file, index: at })) });
      report.copies = (report.copies ?? 0) + copies.length;
    }
    if (source.state.messages === 0 && source.report.error === undefined) {
      warn({ list: name, file: source.file, index: -1, messageId: '', kind: 'empty-file', detail: 'the file holds no messages' });
    }
    if (source.state.readError !== undefined && source.report.read !== 'unchanged') {
      warn({ list: name, file: source.file, index: source.state.messages, messageId: '', kind: 'truncated-file', detail: `${source.state.readError}; the ${source.state.messages} messages before the break are imported` });
    }
  }

  const index = indexArchive(records);
  // A removed message's findings go too: its real sender, its patch (title, diff, trailers).
  const removed = new Set(hideRemoved(index, config.remove));
  // A subject can hold an address: every page, tree, feed and search entry shows the index's
  // subject, so it is hidden there as the list hides addresses (threading has read it already).
  if (config.obfuscation !== 'none') {
    for (const m of index.messages) if (m.subject.includes('@')) m.subject = obfuscateText(m.subject, config.obfuscation);
  }
  // A setting that names no message leaves the message it meant as it was (on the site, or with
  // its minutes or without): a typo in the id.
  const settings = [
    ['remove', config.remove, 'unmatched-removal', 'nothing was removed for it'],
    ['minutes.force', config.minutes.force, 'unmatched-minutes-force', 'it sets nothing'],
  ] as const;
  let ids: Set<string> | undefined;
  for (const [setting, byId, kind, effect] of settings) {
    for (const id of Object.keys(byId).sort()) {
      ids ??= new Set(index.messages.map((m) => m.messageId));
      if (ids.has(id)) continue;
      const detail = `"${setting}" in list.json names <${id}>, which no message of the list has, so ${effect}: check the Message-ID against the message's raw file`;
      warn({ list: name, file: `${name}/list.json`, index: -1, messageId: id, kind, detail });
    }
  }
  const order = index.messages.map((m) => m.input);
  const columns: ListColumns = {
    body: order.map((i) => ({ source: metaSource[i]!, chunk: metas[i]!.chunk, slot: metas[i]!.slot })),
    rawSpan: order.map((i) => metas[i]!.rawSpan),
    attachments: order.map((i) => metas[i]!.attachments.map(([type, offset, length]) => [shared(type), offset, length] as [string, number, number])),
    bodyHash: order.map((i) => metas[i]!.bodyHash),
    rawHash: order.map((i) => metas[i]!.rawHash),
    mentions: order.map((i) => metas[i]!.mentions),
    analysis: order.map((i, n) => (removed.has(n) ? undefined : metas[i]!.analysis)),
    sourceIndex: order.map((i) => metas[i]!.index),
  };
  report.warningsKept = [...fresh, ...earlier].slice(0, MAX_LIST_WARNINGS);
  report.messages = index.messages.length;
  report.duplicates = index.duplicates;
  report.ghosts = index.ghosts.length;
  report.threads = index.threads.length;
  report.inferredLinks = index.inferredLinks;
  const data: ListData = { config, inputsKey, entries: sources.map((s) => s.entry), sources: sources.map((s) => s.file), index, columns, report };
  await store.writeList(data);
  return { data, indexed: true };
}
