/**
 * The minutes scorer (`npm run bench -- minutes`): detection and structure against the frozen labels in
 * bench/eval/minutes-labels.json, scored as bench/eval/MINUTES-SCORING.md says, and the claims made on
 * ordinary mail (blinux-list, linux-btrfs), printed to be read. `--detail` also prints, per labelled
 * minutes message, the items that were missed or found in excess; `--labels-only` skips ordinary mail.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexArchive, type ArchiveIndex, type ArchiveInput } from '../src/lib/archive.ts';
import { buildMeetings, findThreadMeetings, structureThreadMessage, type MeetingsData, type MinutesEntry, type MinutesThread } from '../src/lib/meetings.ts';
import { looksLikeMarkdown, renderMarkdownNotes } from '../src/lib/markdown.ts';
import { parseMessage, type Message } from '../src/lib/message.ts';
import type { Minutes } from '../src/lib/minutes.ts';
import { readMboxFile } from '../src/import/read-mbox.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CORPORA = join(ROOT, '..', 'shared', 'corpora');
const LABELS = join(ROOT, 'bench', 'eval', 'minutes-labels.json');

/** One message of a labelled source, as the labels describe it. */
interface LabelRecord {
  source: string;
  position: number;
  messageId: string | null;
  subject: string;
  kind: string;
  series: string | null;
  meetingDate: string | null;
  agendaFor?: string | null;
  structure: null | {
    sections: { title: string; doubt?: string }[];
    decisions: { text: string; section: string | null; doubt?: string }[];
    actions: { owner: string | null; text: string; section: string | null; doubt?: string }[];
    attendees: string[];
  };
}

/** A list read for scoring: its messages in input order, its index, and its minutes. */
interface ScoredList {
  messages: { message: Message; file: string; position: number }[];
  index: ArchiveIndex;
  entries: MinutesEntry[];
  meetings: MeetingsData;
  threadOf: (n: number) => MinutesThread;
  text: (n: number) => string;
  findMs: number;
  /** Reading and parsing the mbox files. */
  readMs: number;
  /** Minutes whose text looks like Markdown, and the time to render them as Markdown. */
  markdown: number;
  markdownMs: number;
  /** The same for every message of the list (a worst case: the pages render only minutes). */
  anyMarkdown: number;
  anyMarkdownMs: number;
}

/** Read and parse mbox files with the project's splitter and parser, then index and find the minutes. */
async function readList(files: { path: string; name: string }[]): Promise<ScoredList> {
  const messages: ScoredList['messages'] = [];
  const readStarted = performance.now();
  for (const f of files) {
    for await (const batch of readMboxFile(f.path)) {
      for (const m of batch) {
        const { message } = await parseMessage(m.raw, m.envelope, { file: f.name, index: m.index, offset: m.offset, length: m.length });
        messages.push({ message, file: f.name, position: m.index + 1 });
      }
    }
  }
  const inputs: ArchiveInput[] = messages.map(({ message: m }) => ({
    messageId: m.messageId,
    references: m.references,
    inReplyTo: m.inReplyTo,
    subject: m.subject,
    from: m.from,
    dateMs: m.date.ms,
    offsetMinutes: m.date.offsetMinutes,
    stableKey: `${m.source.file}\u0000${String(m.source.index).padStart(9, '0')}`,
  }));
  const readMs = performance.now() - readStarted;
  const index = indexArchive(inputs);
  const text = (n: number) => messages[index.messages[n]!.input]!.message.text;
  const threads = index.threads.map((t) => ({ messages: t.messages.map((n) => index.messages[n]!) }));
  const started = performance.now();
  const found = threads.map((t) => findThreadMeetings(t, text, {}));
  const entries = found.flatMap((f) => f.minutes);
  const findMs = performance.now() - started;
  const meetings = buildMeetings(entries, found.flatMap((f) => f.notices), (n) => index.messages[n]!);
  const threadOf = (n: number) => threads[index.threads.findIndex((t) => t.messages.includes(n))]!;
  // Minutes in Markdown rendered as Markdown, as the pages do: what that costs beside reading and
  // parsing the list; and every message that looks like Markdown, minutes or not, as a worst case.
  const render = (ns: readonly number[]) => {
    const t0 = performance.now();
    let count = 0;
    for (const n of ns) {
      const t = text(n);
      if (!looksLikeMarkdown(t)) continue;
      count++;
      renderMarkdownNotes(t, entries.find((e) => e.n === n)?.structure.sections ?? [], { obfuscation: 'full' });
    }
    return { count, ms: performance.now() - t0 };
  };
  const minutesMd = render(entries.map((e) => e.n));
  const allMd = render(index.messages.map((m) => m.n));
  return { messages, index, entries, meetings, threadOf, text, findMs, readMs, markdown: minutesMd.count, markdownMs: minutesMd.ms, anyMarkdown: allMd.count, anyMarkdownMs: allMd.ms };
}

// --- matching, as MINUTES-SCORING.md defines it ---

const LEADING_MARKERS = /^(?:\s*>)*\s*(?:[*\-•]\s*)?(?:\(?\d{1,3}[a-z]?[.)]?\s+|\(?\d{1,3}[a-z]?[.)]\s*)?/i;

/** The words of a text, normalised for matching. */
export function scoreWords(text: string): string[] {
  const t = text.normalize('NFKC').toLowerCase().replace(/^\s*>[>\s]*/gm, '').replace(LEADING_MARKERS, '');
  return t.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Shared words (multiset) over the longer text's word count. */
export function similarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of b) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      shared++;
      counts.set(w, c - 1);
    }
  }
  return shared / Math.max(a.length, b.length);
}

/** One-to-one greedy matching of label items to found items: pairs [label, found]. */
export function matchItems(labels: string[][], found: string[][]): [number, number][] {
  const pairs: { l: number; f: number; s: number }[] = [];
  labels.forEach((l, i) => {
    found.forEach((f, j) => {
      const s = similarity(l, f);
      if (s > 0.5) pairs.push({ l: i, f: j, s });
    });
  });
  pairs.sort((x, y) => y.s - x.s || x.l - y.l || x.f - y.f);
  const usedL = new Set<number>();
  const usedF = new Set<number>();
  const out: [number, number][] = [];
  for (const p of pairs) {
    if (usedL.has(p.l) || usedF.has(p.f)) continue;
    usedL.add(p.l);
    usedF.add(p.f);
    out.push([p.l, p.f]);
  }
  return out;
}

const personWords = (name: string) => name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const prefixOf = (a: string[], b: string[]) => a.length <= b.length && a.every((w, i) => b[i] === w);

/** Whether a found owner is the labelled one (see MINUTES-SCORING.md). */
export function ownerRight(label: string | null, found: string | undefined): boolean {
  const l = (label ?? '').trim();
  const f = (found ?? '').trim();
  if (l === '' || f === '') return l === '' && f === '';
  const people = (s: string) => s.split(/,|&|\/|\band\b/i).map(personWords).filter((p) => p.length > 0);
  const lp = people(l);
  const fp = people(f);
  if (lp.length !== fp.length) return false;
  const used = new Set<number>();
  for (const p of lp) {
    const k = fp.findIndex((q, j) => !used.has(j) && (prefixOf(p, q) || prefixOf(q, p)));
    if (k < 0) return false;
    used.add(k);
  }
  return true;
}

const attendeeWords = (name: string) => scoreWords(name.replace(/\([^)]*\)|\[[^\]]*\]|<[^>]*>/g, ' '));

interface Tally {
  labelled: number;
  found: number;
  matched: number;
}

const f1 = (t: Tally) => {
  const p = t.found === 0 ? 0 : t.matched / t.found;
  const r = t.labelled === 0 ? 0 : t.matched / t.labelled;
  return { p, r, f: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
};

const fixed = (x: number) => x.toFixed(2);

function table(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join('\n');
}

const oneLine = (s: string, max = 110) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** Score the labelled set and print the figures. */
async function scoreLabels(detail: boolean): Promise<void> {
  const raw = readFileSync(LABELS);
  const labels = (JSON.parse(raw.toString('utf8')) as { messages: LabelRecord[] }).messages;
  console.log(`\n## Minutes: the labelled set\n\nlabels: bench/eval/minutes-labels.json, sha256 ${createHash('sha256').update(raw).digest('hex')}`);
  const groups: { files: { path: string; name: string }[] }[] = [
    { files: [{ path: join(CORPORA, 'minutes', 'openbmc-meetings-2019-2020.mbox'), name: 'minutes/openbmc-meetings-2019-2020.mbox' }] },
    { files: ['2025-01.mbox', '2025-02.mbox', '2025-03.mbox.gz'].map((f) => ({ path: join(ROOT, 'archive', 'lumen-devel', f), name: `archive/lumen-devel/${f}` })) },
    { files: [{ path: join(ROOT, 'archive', 'lumen-users', '2025.mbox'), name: 'archive/lumen-users/2025.mbox' }] },
  ];
  // source + position -> the list and the message's position in date order
  const where = new Map<string, { list: ScoredList; n: number }>();
  for (const g of groups) {
    if (!g.files.every((f) => existsSync(f.path))) {
      console.log(`(skipped ${g.files[0]!.name}: not found)`);
      continue;
    }
    const list = await readList(g.files);
    for (const m of list.index.messages) {
      const source = list.messages[m.input]!;
      where.set(`${source.file}#${source.position}`, { list, n: m.n });
    }
  }
  for (const list of new Set([...where.values()].map((w) => w.list))) {
    if (list.markdown > 0) console.log(`Markdown minutes in ${list.messages[0]!.file.split('/').slice(0, -1).join('/') || list.messages[0]!.file}: ${list.markdown}, rendered in ${Math.round(list.markdownMs)} ms (read+parse ${Math.round(list.readMs)} ms)`);
  }
  const present = labels.filter((l) => where.has(`${l.source}#${l.position}`));
  const absent = labels.length - present.length;
  if (absent > 0) console.log(`${absent} labelled messages not found in the sources read`);

  // Detection.
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: string[] = [];
  for (const l of present) {
    const { list, n } = where.get(`${l.source}#${l.position}`)!;
    const entry = list.entries.find((e) => e.n === n);
    const positive = l.kind === 'minutes';
    if (entry && positive) tp++;
    else if (entry) {
      fp++;
      wrong.push(`  false claim  ${l.source}#${l.position} [${l.kind}] ${oneLine(l.subject, 80)} — ${entry.detection.reasons.join('; ')}`);
    } else if (positive) {
      fn++;
      wrong.push(`  missed       ${l.source}#${l.position} ${oneLine(l.subject, 80)}`);
    }
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  console.log(`\n### Detection (kind "minutes" against the rest)\n\nlabelled ${present.length}, minutes ${tp + fn}, claimed ${tp + fp}: precision ${fixed(precision)}, recall ${fixed(recall)}`);
  if (wrong.length > 0) console.log(wrong.join('\n'));

  // Structure.
  const tallies: Record<'sections' | 'decisions' | 'actions' | 'attendees', Tally> = {
    sections: { labelled: 0, found: 0, matched: 0 },
    decisions: { labelled: 0, found: 0, matched: 0 },
    actions: { labelled: 0, found: 0, matched: 0 },
    attendees: { labelled: 0, found: 0, matched: 0 },
  };
  const sureTallies: typeof tallies = {
    sections: { labelled: 0, found: 0, matched: 0 },
    decisions: { labelled: 0, found: 0, matched: 0 },
    actions: { labelled: 0, found: 0, matched: 0 },
    attendees: { labelled: 0, found: 0, matched: 0 },
  };
  let ownersRight = 0;
  let placed = 0;
  let placedRight = 0;
  const perMessage: Record<string, string | number>[] = [];
  const details: string[] = [];
  for (const l of present) {
    if (!l.structure) continue;
    const { list, n } = where.get(`${l.source}#${l.position}`)!;
    const entry = list.entries.find((e) => e.n === n);
    const s: Minutes = entry?.structure ?? structureThreadMessage(list.threadOf(n), n, list.text);
    const topics = s.sections.filter((x) => x.kind !== 'whole');
    const sectionTitle = (k: number) => (k >= 0 && s.sections[k]?.kind !== 'whole' ? s.sections[k]?.title : undefined);
    const sameSection = (label: string | null, k: number) => {
      const found = sectionTitle(k);
      if (label === null || found === undefined) return label === null && found === undefined;
      return similarity(scoreWords(label), scoreWords(found)) > 0.5;
    };
    const row: Record<string, string | number> = { message: `${basename(l.source)}#${l.position}`, claimed: entry ? 'yes' : 'no' };
    const categories = {
      sections: { label: l.structure.sections.map((x) => x.title), doubt: l.structure.sections.map((x) => x.doubt !== undefined), found: topics.map((x) => x.title), words: scoreWords },
      decisions: { label: l.structure.decisions.map((x) => x.text), doubt: l.structure.decisions.map((x) => x.doubt !== undefined), found: s.decisions.map((x) => x.text), words: scoreWords },
      actions: { label: l.structure.actions.map((x) => x.text), doubt: l.structure.actions.map((x) => x.doubt !== undefined), found: s.actions.map((x) => x.text), words: scoreWords },
      attendees: { label: l.structure.attendees, doubt: l.structure.attendees.map(() => false), found: s.attendees, words: attendeeWords },
    };
    for (const [name, c] of Object.entries(categories) as [keyof typeof tallies, (typeof categories)['sections']][]) {
      const pairs = matchItems(c.label.map(c.words), c.found.map(c.words));
      const t = tallies[name];
      t.labelled += c.label.length;
      t.found += c.found.length;
      t.matched += pairs.length;
      // For information: the same without the labels marked with a doubt, and what they matched.
      const sure = sureTallies[name];
      const doubtful = new Set(pairs.filter(([li]) => c.doubt[li]).map(([, fi]) => fi));
      sure.labelled += c.doubt.filter((d) => !d).length;
      sure.found += c.found.length - doubtful.size;
      sure.matched += pairs.filter(([li]) => !c.doubt[li]).length;
      row[name] = `${pairs.length}/${c.label.length}/${c.found.length}`;
      if (name === 'actions') {
        for (const [li, fi] of pairs) {
          const right = ownerRight(l.structure.actions[li]!.owner, s.actions[fi]!.owner);
          if (right) ownersRight++;
          else if (detail) details.push(`    owner: label ${JSON.stringify(l.structure.actions[li]!.owner)}, found ${JSON.stringify(s.actions[fi]!.owner ?? null)} — ${oneLine(s.actions[fi]!.text, 70)}`);
        }
      }
      if (name === 'decisions' || name === 'actions') {
        for (const [li, fi] of pairs) {
          placed++;
          const labelSection = name === 'actions' ? l.structure.actions[li]!.section : l.structure.decisions[li]!.section;
          const foundSection = name === 'actions' ? s.actions[fi]!.section : s.decisions[fi]!.section;
          if (sameSection(labelSection, foundSection)) placedRight++;
        }
      }
      if (detail) {
        const ml = new Set(pairs.map((p) => p[0]));
        const mf = new Set(pairs.map((p) => p[1]));
        for (const [i, x] of c.label.entries()) if (!ml.has(i)) details.push(`    ${name} missed: ${oneLine(x)}`);
        for (const [i, x] of c.found.entries()) if (!mf.has(i)) details.push(`    ${name} extra:  ${oneLine(x)}`);
      }
    }
    perMessage.push(row);
    if (detail && details.length > 0) {
      console.log(`\n  ${row['message']} ${oneLine(l.subject, 80)}\n${details.join('\n')}`);
      details.length = 0;
    }
  }
  console.log('\n### Structure (matched/labelled/found per message)\n');
  console.log(table(perMessage));
  console.log(`\n${table(Object.entries(tallies).map(([name, t]) => {
    const { p, r, f } = f1(t);
    return { category: name, labelled: t.labelled, found: t.found, matched: t.matched, precision: fixed(p), recall: fixed(r), F1: fixed(f) };
  }))}`);
  console.log(`\nwithout the labels marked with a doubt (information): ${Object.entries(sureTallies).map(([name, t]) => `${name} F1 ${fixed(f1(t).f)} (${t.matched}/${t.labelled}/${t.found})`).join(', ')}`);
  // Meetings, for information: the day and the agenda of each labelled minutes message that was claimed.
  let dated = 0;
  let datedRight = 0;
  let linked = 0;
  let linkedRight = 0;
  const seriesNames = new Map<string, Set<string>>();
  for (const l of present) {
    if (l.kind !== 'minutes') continue;
    const { list, n } = where.get(`${l.source}#${l.position}`)!;
    const entry = list.entries.find((e) => e.n === n);
    if (!entry) continue;
    if (l.meetingDate !== null) {
      dated++;
      if (entry.meeting.date === l.meetingDate) datedRight++;
      else if (detail) console.log(`  date: ${basename(l.source)}#${l.position} label ${l.meetingDate}, found ${entry.meeting.date} (${entry.meeting.dateFrom})`);
    }
    if (l.agendaFor) {
      linked++;
      const meeting = list.meetings.series.flatMap((x) => x.meetings).find((x) => x.minutes.includes(n));
      const agendas = [...(entry.agenda !== undefined ? [entry.agenda] : []), ...(meeting?.agenda ?? [])];
      if (agendas.some((a) => list.index.messages[a]!.messageId === l.agendaFor)) linkedRight++;
    }
    if (l.series) seriesNames.set(l.series, (seriesNames.get(l.series) ?? new Set()).add(entry.meeting.seriesKey));
  }
  console.log(`\nmeetings (information): day right on ${datedRight} of ${dated} claimed minutes; agenda linked right on ${linkedRight} of ${linked}; labelled series -> found keys: ${[...seriesNames].map(([k, v]) => `${k} -> ${[...v].join(' | ')}`).join('; ')}`);
  const matchedActions = tallies.actions.matched;
  console.log(`\nowners right on ${ownersRight} of ${matchedActions} matched actions (${matchedActions === 0 ? '-' : fixed(ownersRight / matchedActions)}); matched decisions and actions in the labelled section: ${placedRight} of ${placed}`);
}

/** Run the finder on ordinary lists and print every claim. */
async function countClaims(): Promise<void> {
  console.log('\n## Minutes: claims on ordinary mail (each to be read; any claim here is presumed false)\n');
  const inputs: [string, string[]][] = [
    ['blinux-list', existsSync(join(CORPORA, 'blinux-list')) ? readdirSync(join(CORPORA, 'blinux-list')).filter((f) => f.endsWith('.mbox')).sort().map((f) => join(CORPORA, 'blinux-list', f)) : []],
    ['linux-btrfs', ['2020.mbox.gz', '2021.mbox.gz'].map((f) => join(CORPORA, 'linux-btrfs', f))],
  ];
  const rows: Record<string, string | number>[] = [];
  for (const [name, files] of inputs) {
    if (files.length === 0 || !files.every(existsSync)) {
      console.log(`(skipped ${name}: not in ../shared/corpora)`);
      continue;
    }
    const list = await readList(files.map((f) => ({ path: f, name: basename(f) })));
    rows.push({
      list: name,
      messages: list.index.messages.length,
      threads: list.index.threads.length,
      claims: list.entries.length,
      'finder ms': Math.round(list.findMs),
      'read+parse ms': Math.round(list.readMs),
      'Markdown minutes': list.markdown,
      'render ms': Math.round(list.markdownMs),
      'render / read+parse': `${((100 * list.markdownMs) / list.readMs).toFixed(2)}%`,
      'any msg as Markdown': `${list.anyMarkdown}: ${Math.round(list.anyMarkdownMs)} ms (${((100 * list.anyMarkdownMs) / list.readMs).toFixed(1)}%)`,
    });
    for (const e of list.entries) {
      const m = list.index.messages[e.n]!;
      console.log(`  ${name} ${new Date(m.dateMs).toISOString().slice(0, 10)} ${oneLine(m.subject, 70)} <${m.messageId}> — ${e.detection.reasons.join('; ')}`);
    }
  }
  console.log(`\n${table(rows)}`);
}

/** The `minutes` bench section: the labelled set, then claims on ordinary mail. */
export async function benchMinutes(): Promise<void> {
  const detail = process.argv.includes('--detail');
  await scoreLabels(detail);
  if (!process.argv.includes('--labels-only')) await countClaims();
}
