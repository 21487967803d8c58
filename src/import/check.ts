/**
 * `threadline check`: parse mbox files and collect warnings, without writing anything.
 */
import { parseMessage } from '../lib/message.ts';
import type { WarningRecord } from '../store/store.ts';
import { MboxFileError, readMboxFile } from './read-mbox.ts';

/** What checking found. */
export interface CheckResult {
  files: number;
  messages: number;
  /** Files that could not be read as mbox. */
  errors: number;
  warnings: WarningRecord[];
}

/**
 * Parse every message of the given files and report their warnings.
 *
 * @param files paths of mbox files (plain or gzip)
 */
export async function checkFiles(files: string[]): Promise<CheckResult> {
  const result: CheckResult = { files: files.length, messages: 0, errors: 0, warnings: [] };
  for (const file of files) {
    try {
      for await (const batch of readMboxFile(file)) {
        for (const m of batch) {
          result.messages++;
          const { message } = await parseMessage(m.raw, m.envelope, { file, index: m.index, offset: m.offset, length: m.length });
          for (const w of message.warnings) {
            result.warnings.push({ list: '', file, index: m.index, messageId: message.messageId, ...w });
          }
        }
      }
    } catch (error) {
      if (!(error instanceof MboxFileError)) throw error;
      result.errors++;
      result.warnings.push({ list: '', file, index: -1, messageId: '', kind: error.unreadable ? 'unreadable-file' : 'not-mbox', detail: error.problem });
    }
  }
  return result;
}
