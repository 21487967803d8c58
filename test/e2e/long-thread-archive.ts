/**
 * A list of long threads, written at test time: a 130-message discussion that branches, runs a
 * chain of replies 40 deep and changes its subject twice; and a thread whose first message is
 * missing. Eight people write, quote what they answer, and sign; some top-post.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Messages in the long thread. */
export const LONG_THREAD = 130;
/** How deep its chain of replies goes. */
export const DEEP_CHAIN = 40;
/** The long thread's root. */
export const LONG_ROOT = 'long-0@example.org';
/** The deepest message of the chain. */
export const DEEPEST = `long-${DEEP_CHAIN}@example.org`;

const PEOPLE = ['Ana Silva', 'Ben Okafor', 'Chloé Martin', 'Dev Patel', 'Eva Nowak', 'Femi Adeyemi', 'Gus Larsen', 'Hana Sato'];
const WORDS = 'screen reader braille display speech synthesis terminal console keyboard shortcut orca speakup espeak emacspeak brltty focus review cursor pitch rate punctuation'.split(' ');

function sentence(k: number): string {
  const words = Array.from({ length: 9 + (k % 7) }, (_, i) => WORDS[(k * 7 + i * 3) % WORDS.length]);
  return `${words.join(' ')}.`.replace(/^./, (c) => c.toUpperCase());
}

interface Mail {
  id: string;
  parent: string | undefined;
  references: string[];
  subject: string;
  from: string;
  minutes: number;
  body: string;
}

function render(m: Mail): string {
  const name = m.from;
  const address = `${name.split(' ')[0]!.toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '')}@example.org`;
  const date = new Date(Date.UTC(2024, 2, 4, 8) + m.minutes * 60_000).toUTCString().replace('GMT', '+0000');
  return [
    `From ${address} ${new Date(Date.UTC(2024, 2, 4, 8) + m.minutes * 60_000).toUTCString()}`,
    `From: ${name} <${address}>`,
    `Date: ${date}`,
    `Subject: ${m.subject}`,
    `Message-ID: <${m.id}>`,
    ...(m.parent ? [`In-Reply-To: <${m.parent}>`, `References: ${m.references.map((r) => `<${r}>`).join(' ')}`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body.replace(/^(>*From )/gm, '>$1'),
    '',
    '',
  ].join('\n');
}

/**
 * Write the `long` list into an archive folder.
 *
 * @param dir the archive folder
 */
export function writeLongThreadArchive(dir: string): void {
  const mails: Mail[] = [];
  const byId = new Map<string, Mail>();
  const add = (k: number, parent: Mail | undefined, subject?: string) => {
    const from = PEOPLE[(k * 5) % PEOPLE.length]!;
    const own = Array.from({ length: 2 + (k % 4) }, (_, i) => sentence(k + i)).join('\n');
    const quote = parent ? parent.body.split('\n').filter((l) => !l.startsWith('>') && !l.startsWith('--') && l !== '' && !l.startsWith(parent.from.split(' ')[0]!)).slice(0, 3) : [];
    const attribution = parent ? `On ${new Date(Date.UTC(2024, 2, 4, 8) + parent.minutes * 60_000).toUTCString()}, ${parent.from} wrote:` : '';
    // Every fifth reply is top-posted, the others answer below the quote.
    const body = !parent
      ? `Hello all,\n\n${own}\n\n-- \n${from}`
      : k % 5 === 0
        ? `${own}\n\n${attribution}\n${quote.map((l) => `> ${l}`).join('\n')}\n\n-- \n${from}`
        : `${attribution}\n${quote.map((l) => `> ${l}`).join('\n')}\n\n${own}\n\n-- \n${from}`;
    const m: Mail = {
      id: `long-${k}@example.org`,
      parent: parent?.id,
      references: parent ? [...parent.references, parent.id] : [],
      subject: subject ?? (parent ? `Re: ${parent.subject.replace(/^Re: /, '')}` : 'Command line programs for the blind'),
      from,
      minutes: k * 37,
      body,
    };
    mails.push(m);
    byId.set(m.id, m);
    return m;
  };
  const root = add(0, undefined);
  // A chain DEEP_CHAIN replies deep, each answering the one before.
  let last = root;
  for (let k = 1; k <= DEEP_CHAIN; k++) last = add(k, last, k === 25 ? 'Re: Command line programs (was: braille tables)' : undefined);
  // Then branches: replies to earlier messages, spread over the thread.
  for (let k = DEEP_CHAIN + 1; k < LONG_THREAD; k++) {
    const parent = byId.get(`long-${(k * 37 + 11) % k}@example.org`)!;
    add(k, parent, k === 90 ? 'Braille tables in liblouis' : undefined);
  }
  // A thread whose first message the archive does not have.
  const ghostReplies = Array.from({ length: 6 }, (_, i) => ({
    id: `ghost-${i}@example.org`,
    parent: i < 3 ? 'lost-root@example.org' : `ghost-${i - 3}@example.org`,
    references: i < 3 ? ['lost-root@example.org'] : ['lost-root@example.org', `ghost-${i - 3}@example.org`],
    subject: 'Re: Accessibility in Fedora Workstation',
    from: PEOPLE[i]!,
    minutes: 20_000 + i * 60,
    body: `${sentence(i)}\n\n-- \n${PEOPLE[i]!}`,
  }));
  mkdirSync(join(dir, 'long'), { recursive: true });
  writeFileSync(join(dir, 'long', 'list.json'), JSON.stringify({ title: 'Long threads', obfuscation: 'full' }));
  writeFileSync(join(dir, 'long', '2024-03.mbox'), [...mails, ...ghostReplies].map(render).join(''));
}
