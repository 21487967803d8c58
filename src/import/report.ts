/**
 * Human-readable forms of the import report, warnings and progress, for the CLI.
 */
import type { ImportReport } from './archive-import.ts';
import type { ImportProgress, WarningRecord } from './import.ts';
import type { FileReport } from '../store/store.ts';

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * A count and its noun for the command's output: `1 file`, `2 files`, `1 duplicate id`.
 *
 * @param n the count
 * @param one the noun for one
 * @param other the noun for any other count (default: `one` with an s)
 */
export function counted(n: number, one: string, other = `${one}s`): string {
  return `${n} ${n === 1 ? one : other}`;
}

/**
 * One warning as a line: file, message, problem.
 *
 * @param w the warning
 */
export function formatWarning(w: WarningRecord): string {
  const where = w.index >= 0 ? `${w.file} message #${w.index + 1}${w.messageId ? ` <${w.messageId}>` : ''}` : w.file;
  return `warning: ${where}: ${w.kind}: ${w.detail}`;
}

/**
 * The progress line shown on a terminal during an import: messages, MB/s, ETA.
 *
 * @param p the progress figures
 */
export function progressLine(p: ImportProgress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.bytesRead / seconds : 0;
  const eta = rate > 0 ? Math.max(0, (p.bytesToRead - p.bytesRead) / rate) : 0;
  return `importing ${p.list}/${p.file}: ${counted(p.messages, 'message')}, ${mb(p.bytesRead)} of ${mb(p.bytesToRead)} at ${(rate / 1e6).toFixed(1)} MB/s, ETA ${Math.ceil(eta)} s`;
}

/**
 * How many messages a list's files hold (what the import read, now or before).
 *
 * @param files the list's file reports
 */
export function storedMessages(files: readonly FileReport[]): number {
  return files.reduce((sum, f) => sum + f.messages, 0);
}

/**
 * Whether a warning is about what this import read: a message new this time (of a file read in
 * full, any; of a file read from where it ended, those from `newFrom` on: the last old message
 * too when reading it again found it changed), a copy of one in a
 * file not read this time, or a file as a whole (such as a file that is not an mbox, which stays
 * a problem until it is moved). A message read
 * before keeps its warning in the list's report, but an update run from cron every hour need not
 * print it again each time; nor the warnings of a message read again that has nothing new to say
 * (marked `readBefore`, see `ImportedSource.readBefore`).
 *
 * @param w the warning
 * @param files the import's file reports, by list and file
 */
export function warnedThisTime(w: WarningRecord, files: ReadonlyMap<string, FileReport>): boolean {
  if (w.index < 0) return true;
  if (w.readBefore) return false;
  const reportOf = (file: string) => files.get(`${w.list}\u0000${file}`);
  const readNow = (file: string, index: number): boolean => {
    const report = reportOf(file);
    return report === undefined || index >= (report.newFrom ?? report.messages - report.parsed);
  };
  if (readNow(w.file, w.index)) return true;
  // The copies in a file not read this time are news when new mail holds the messages shown
  // instead: a new file that sorts before it holds them, and its copies are left out from now on.
  // (Of two files that both grow, each new copy is of new mail: the file's warning, at its first
  // copy, is not printed again each time.)
  return reportOf(w.file)?.read === 'unchanged' && (w.shown?.some((f) => readNow(f.file, f.index)) ?? false);
}

/** At most this many warnings are kept in full in the report; all are counted. */
export const MAX_REPORTED_WARNINGS = 500;

/**
 * Warnings to keep in full, at most `max`: those about what the import read this time first
 * (see `warnedThisTime`), then the others, each in the order given.
 *
 * @param warnings the warnings
 * @param isNew whether a warning is about what the import read this time
 * @param max how many to keep
 */
export function keptWarnings(warnings: readonly WarningRecord[], isNew: (w: WarningRecord) => boolean, max: number): WarningRecord[] {
  return [...warnings.filter(isNew), ...warnings.filter((w) => !isNew(w))].slice(0, max);
}

/**
 * The file reports of an import, by list and file, as `warnedThisTime` takes them.
 *
 * @param report the import report
 */
export function fileReportsOf(report: ImportReport): Map<string, FileReport> {
  return new Map(Object.entries(report.lists).flatMap(([name, list]) => list.fileReports.map((f) => [`${name}\u0000${f.file}`, f] as const)));
}

/**
 * The summary printed after an import: per list counts, warnings by kind, the first warnings in
 * full of those about what it read this time (see `warnedThisTime`), and how many others the
 * store's report holds.
 *
 * @param report the import report
 * @param shown how many warnings to print in full
 */
export function formatReport(report: ImportReport, shown = 20): string {
  const lines: string[] = [];
  // Read from the files: a list shows fewer when some are copies, which its line counts.
  let messages = 0;
  for (const [name, list] of Object.entries(report.lists)) {
    messages += storedMessages(list.fileReports);
    const kinds = Object.entries(list.warnings).map(([k, n]) => `${k} ${n}`).join(', ');
    lines.push(
      `${name}: ${counted(list.messages, 'message')} in ${counted(list.files, 'file')} (${mb(list.bytes)}), ${counted(list.threads, 'thread')}, ` +
        ((list.copies ?? 0) > 0 ? `${counted(list.copies!, 'identical copy', 'identical copies')} left out, ` : '') +
        `${counted(list.duplicates, 'duplicate id')}, ${counted(list.ghosts, 'ghost')}, ${counted(list.inferredLinks, 'inferred link')}` +
        (list.fileReports.some((f) => f.read === 'appended') ? `; ${counted(list.fileReports.filter((f) => f.read === 'appended').length, 'file')} read from where they ended` : '') +
        (list.fileReports.some((f) => f.checked) ? `; ${counted(list.fileReports.filter((f) => f.checked).length, 'file')} with a new time but the same bytes, not read` : '') +
        (kinds ? `; warnings: ${kinds}` : ''),
    );
  }
  const seconds = report.elapsedMs / 1000;
  lines.push(
    `imported ${counted(messages, 'message')} (${report.parsedMessages} parsed, ${report.cachedMessages} from the store) in ${seconds.toFixed(1)} s` +
      (report.parsedMessages > 0 ? `, ${Math.round(report.parsedMessages / seconds)} messages/s` : '') +
      `, peak RSS ${mb(report.peakRssBytes)}, ${counted(report.parseWorkers, 'parse worker')}`,
  );
  const files = fileReportsOf(report);
  const fresh = report.warnings.filter((w) => warnedThisTime(w, files));
  // Counted by kind above; the report keeps this time's first (see `keptWarnings`).
  const lists = Object.values(report.lists);
  const all = lists.reduce((sum, list) => sum + Object.values(list.warnings).reduce((a, n) => a + (n ?? 0), 0), 0);
  const fromLists = lists.reduce((sum, list) => sum + (list.newWarnings ?? 0), 0);
  // Warnings of no list (a file outside every list's folder) are this time's too.
  const outside = report.warnings.filter((w) => report.lists[w.list] === undefined).length;
  const newCount = Math.max(fresh.length, fromLists + outside);
  for (const w of fresh.slice(0, shown)) lines.push(formatWarning(w));
  if (newCount > shown) lines.push(`… ${counted(newCount - shown, 'more warning')} (report.json keeps the first ${MAX_REPORTED_WARNINGS} in full)`);
  const earlier = all + outside - newCount;
  if (earlier > 0) lines.push(`${counted(earlier, 'warning')} about mail read before not repeated: report.json in the store lists them`);
  return `${lines.join('\n')}\n`;
}
