/**
 * Where the shared corpora are and which of their files are mailboxes, for the corpus suites.
 * The corpora live beside the project (`../shared/corpora`); THREADLINE_CORPORA names another
 * folder (a worktree one level deeper, a CI cache). Suites skip when the folder is absent.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The corpora folder, with a trailing slash. */
export const CORPORA = (() => {
  const fromEnv = process.env['THREADLINE_CORPORA'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.endsWith('/') ? fromEnv : `${fromEnv}/`;
  return new URL('../../shared/corpora/', import.meta.url).pathname;
})();

/** Whether the corpora are there. */
export const present = existsSync(CORPORA);

// Files that are mail but not mbox, or expected outputs of other tools: not imported.
const NOT_MAILBOXES = /(?:README|SOURCE|SOURCE_COMMIT|summary\.txt|\.zip|\/_expected_outputs_not_mbox\/|\/single-messages\/|\/groupsio_unzipped\/?$|\.in$|0001mboxrd|0002mboxrd|\/comment\.in)/;
const NOT_MBOX_DIR = '/legacy-nonmbox-formats/';

/**
 * Whether a corpus file is kept there as not being mbox (IETF's tests); two files in that folder
 * are real mbox, kept as the format that works.
 *
 * @param file a path under CORPORA
 */
export const isNotMbox = (file: string): boolean => file.includes(NOT_MBOX_DIR) && !/\/(?:mailbox_mbox|mbox\.1)$/.test(file);

/** Where a plain count of lines starting with "From " is not the number of messages, and why. */
export const JUDGED: Record<string, { messages: number; why: string }> = {
  'fixtures/mimekit/unmunged.mbox.txt': { messages: 2, why: '"From Russia with love" is body text written without mboxo escaping' },
  'fixtures/git-t5100/sample.mboxrd': { messages: 2, why: '"From not mangled but this line should have been escaped" is body text' },
};

function walk(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) stack.push(p);
      else out.push(p);
    }
  }
  return out.sort();
}

/** Every corpus file that is mail, sorted (empty when the corpora are absent). */
export const files = present ? walk(CORPORA).filter((f) => !NOT_MAILBOXES.test(f)) : [];

/** The corpus files that are mbox and hold messages, sorted. */
export const mailboxes = files.filter((f) => !isNotMbox(f) && !f.endsWith('/empty') && !f.endsWith('/nul-plain') && !f.endsWith('nul-b64.in'));

/**
 * The number of envelope lines of an mbox (gzip or not): its number of messages, unless JUDGED.
 *
 * @param file a path under CORPORA
 */
export function envelopeLines(file: string): number {
  let data = readFileSync(file);
  if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
  const text = data.toString('latin1');
  return (text.match(/^\uFEFF?From /gm) ?? []).length;
}
