/**
 * The differential reading of one mbox file: every message through the fast path, through
 * mailparser and through the independent reading of reference-mail.ts, compared on subject,
 * From name, date and the first characters of text. Runs on worker threads (differential-worker.ts)
 * or in the test's own thread.
 */
import { relative } from 'node:path';
import { neutralizeLine, neutralizeText, parseMessage, type Message } from '../src/lib/message.ts';
import { readMboxFile } from '../src/import/read-mbox.ts';
import { readHeaderFields, referenceDate, referenceDisplayName, referenceText, referenceWords } from './reference-mail.ts';

/** How many characters of text are compared. */
export const TEXT_CHARS = 300;

/** The fields compared. */
export type Field = 'subject' | 'from-name' | 'date' | 'text';

/** The readings compared, in the order a split names them. */
export const READINGS = ['fast', 'mailparser', 'reference'] as const;

/** Where readings of one field of one message disagree. */
export interface Disagreement {
  /** `file#index`, the file relative to the corpora folder. */
  message: string;
  field: Field;
  /** The readings grouped by equal value, groups separated by ` / `: `fast,mailparser / reference`. */
  split: string;
  /** Each reading's value, for the failure message. */
  values: Partial<Record<(typeof READINGS)[number], string>>;
}

/** What the threading check needs of a message. */
export interface ThreadRecord {
  message: string;
  messageId: string;
  references: string[];
  inReplyTo: string[];
  subject: string;
  from: Message['from'];
  dateMs: number;
  offsetMinutes: number;
}

/** The result of one file. */
export interface FileResult {
  file: string;
  messages: number;
  /** Messages the fast path decoded (the others went through mailparser on both readings). */
  fastPath: number;
  /** Field comparisons that had a reference reading, by field. */
  referenced: Record<Field, number>;
  disagreements: Disagreement[];
  threads: ThreadRecord[];
}

function split(values: Partial<Record<(typeof READINGS)[number], string>>): string | undefined {
  const groups: string[][] = [];
  const seen: string[] = [];
  for (const reading of READINGS) {
    const value = values[reading];
    if (value === undefined) continue;
    const at = seen.indexOf(value);
    if (at >= 0) groups[at]!.push(reading);
    else {
      seen.push(value);
      groups.push([reading]);
    }
  }
  return groups.length > 1 ? groups.map((g) => g.join(',')).join(' / ') : undefined;
}

/**
 * Read every message of one mbox file three ways and compare.
 *
 * @param file the mbox path
 * @param corpora the corpora folder, to name messages relative to it
 */
export async function compareFile(file: string, corpora: string): Promise<FileResult> {
  const name = relative(corpora, file);
  const result: FileResult = { file: name, messages: 0, fastPath: 0, referenced: { subject: 0, 'from-name': 0, date: 0, text: 0 }, disagreements: [], threads: [] };
  for await (const batch of readMboxFile(file)) {
    for (const m of batch) {
      const message = `${name}#${m.index}`;
      const source = { file: name, index: m.index, offset: m.offset, length: m.length };
      const fast = await parseMessage(m.raw, m.envelope, source);
      // A message the fast path declines goes through mailparser on both readings: parse it once.
      const slow = fast.fastPath ? (await parseMessage(m.raw, m.envelope, source, { fastPath: false })).message : fast.message;
      result.messages++;
      if (fast.fastPath) result.fastPath++;
      const f = fast.message;
      const { fields } = readHeaderFields(m.raw);
      const subjectHeader = fields.get('subject')?.[0];
      const fromHeader = fields.get('from')?.[0];
      const dateHeader = fields.get('date')?.[0];
      const reference = {
        subject: subjectHeader === undefined ? undefined : neutralizeLine(referenceWords(subjectHeader)),
        'from-name': fromHeader === undefined || f.from === undefined ? undefined : neutralizeLine(referenceDisplayName(fromHeader)),
        date: dateHeader === undefined || f.dateSource !== 'header' ? undefined : referenceDate(dateHeader),
        text: referenceText(m.raw, TEXT_CHARS),
      };
      const readings: Record<Field, Partial<Record<(typeof READINGS)[number], string>>> = {
        subject: { fast: f.subject, mailparser: slow.subject },
        'from-name': { fast: f.from?.name ?? '', mailparser: slow.from?.name ?? '' },
        date: { fast: String(f.date.ms), mailparser: String(slow.date.ms) },
        text: { fast: f.text.slice(0, TEXT_CHARS), mailparser: slow.text.slice(0, TEXT_CHARS) },
      };
      if (reference.subject !== undefined) readings.subject.reference = reference.subject;
      if (reference['from-name'] !== undefined) readings['from-name'].reference = reference['from-name'];
      if (reference.date !== undefined) readings.date.reference = String(reference.date);
      if (reference.text !== undefined) readings.text.reference = neutralizeText(reference.text);
      for (const field of Object.keys(readings) as Field[]) {
        if (readings[field].reference !== undefined) result.referenced[field]++;
        const s = split(readings[field]);
        if (s !== undefined) result.disagreements.push({ message, field, split: s, values: readings[field] });
      }
      result.threads.push({ message, messageId: f.messageId, references: f.references, inReplyTo: f.inReplyTo, subject: f.subject, from: f.from, dateMs: f.date.ms, offsetMinutes: f.date.offsetMinutes });
    }
  }
  return result;
}
