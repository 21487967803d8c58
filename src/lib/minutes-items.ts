/**
 * Action items and decisions in the sentences of minutes: who owns a task (a person or a team,
 * never a verb or a pronoun; "I" is the writer), where the task starts, and which sentences state a
 * decision. The words come from minutes-lexicon.ts. Pure, no recursion.
 */
import { DECISION_PHRASES, NOT_DECIDED, NOT_OWNER, OWNER_LINK, TASK_VERBS } from './minutes-lexicon.ts';
import { MEETBOT_STAMP, wordsOf } from './minutes-text.ts';

/** A task and its owner, when one is named. */
export interface Task {
  owner: string | undefined;
  text: string;
}

/** Words an owner name has at most ("Jandra and Kathy" is three). */
export const MAX_OWNER_WORDS = 5;
const NOT_VERB = new Set(['everyone', 'everybody', 'someone', 'somebody', 'anyone', 'anybody', 'all', 'us', 'you', 'them', 'him', 'her', 'me', 'who', 'which', 'that']);
/** Words that follow a verb, never start a task: a determiner or a particle. */
export const DETERMINER = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'your', 'their', 'its', 'his', 'her', 'my', 'up', 'out', 'in', 'on', 'with', 'to', 'into', 'for', 'back', 'all', 'any', 'some', 'more', 'each', 'both', 'what', 'how', 'which', 'whether', 'if', 'it', 'them']);

/** Whether a capitalised phrase can name who does a task: a person or a team, never a verb or a pronoun. */
export function ownerName(raw: string, known: ReadonlySet<string>): string | undefined {
  const name = raw.trim().replace(/^@/, '').replace(/\s+/g, ' ');
  const people = name.split(/\s*(?:,|&|\band\b)\s*/).filter(Boolean);
  if (people.length === 0 || wordsOf(name).length > MAX_OWNER_WORDS) return undefined;
  for (const p of people) {
    const words = p.split(' ');
    const first = words[0]!.toLowerCase();
    if (known.has(first) || known.has(p.toLowerCase())) continue;
    if (NOT_OWNER.has(first) || TASK_VERBS.has(first) || words.length > 3) return undefined;
    // OpenBMC, BMCWeb: product names, not people (an all-capitals team such as IBM is one).
    if (words.some((w) => /^\p{Lu}.*\p{Ll}.*\p{Lu}/u.test(w) || /^\p{Ll}/u.test(w))) return undefined;
  }
  return name;
}

const OWNER_AT_START = /^(?:(?:then|so|and|also|finally|meanwhile|in particular)\s*,?\s+)?(@?[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,2}(?:\s*(?:,|&|\band\b)\s*[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?)*)(?:\s+\([^)]{1,40}\))?(?=\s)/u;

/** Whether an -ing form is that of a task verb (working, creating, planning). */
function isTaskVerbIng(word: string): boolean {
  const stem = word.slice(0, -3);
  return TASK_VERBS.has(stem) || TASK_VERBS.has(`${stem}e`) || (stem.length > 2 && stem.at(-1) === stem.at(-2) && TASK_VERBS.has(stem.slice(0, -1)));
}

/** The task of a clause that starts with an owner: `Kathy is going to check …` → Kathy, "check …". */
export function ownedTask(clause: string, known: ReadonlySet<string>, author: string | undefined): Task | undefined {
  const i = /^(?:(?:[Tt]hen|[Ss]o|[Aa]nd|[Aa]lso|[Ff]inally)\s+)?I(?:\s+\([^)]{1,40}\))?(?:'ll|’ll|\s+will|\s+am going to|\s+plan to|\s+intend to|\s+volunteered to|\s+agreed to|\s+offered to)\s+(\p{Ll}[\p{L}'’-]*\b.*)$/u.exec(clause);
  if (i) return { owner: author, text: i[1]! };
  const m = OWNER_AT_START.exec(clause);
  if (!m) return undefined;
  const rest = clause.slice(m[0].length);
  // Work under way: "IBM is working on a prototype", "Jandra and Kathy are creating mockups".
  const ongoing = /^\s+(?:is|are)\s+(?:currently\s+|still\s+|now\s+|also\s+|actively\s+)?(\p{Ll}+ing)\b/u.exec(rest);
  if (ongoing && isTaskVerbIng(ongoing[1]!)) {
    const owner = ownerName(m[1]!, known);
    return owner ? { owner, text: rest.slice(ongoing[0].length - ongoing[1]!.length) } : undefined;
  }
  const link = OWNER_LINK.exec(rest);
  if (!link) return undefined;
  const task = rest.slice(link[0].length);
  const verb = /^(\p{Ll}[\p{L}'’-]*)/u.exec(task)?.[1];
  if (!verb || DETERMINER.has(verb) || NOT_VERB.has(verb) || !/[a-z]/.test(verb)) return undefined;
  // "Carol to collect …" names a task; "Thanks to everyone", "Link to wiki" do not: after a name
  // nobody in the thread bears, "to" must lead to a task verb.
  if (link[1]!.toLowerCase() === 'to' && !TASK_VERBS.has(verb) && !wordsOf(m[1]!).some((w) => known.has(w))) return undefined;
  const owner = ownerName(m[1]!, known);
  if (!owner) return undefined;
  return { owner, text: task };
}

/** A task with the owner named in a marker's rest (`Joseph to push …`, `Alice write up …`, `Bob: measure …`). */
export function markedTask(rest: string, known: ReadonlySet<string>, author: string | undefined): Task {
  const owned = ownedTask(rest, known, author);
  if (owned) return owned;
  // "@omar to move …", and IRC nicks in lower case where the item is marked as an action ("omar to tag …").
  const handle = /^(@[\p{L}\d._-]+|[\p{Ll}\d._-]{2,24})[:,]?\s+(?:to|will|should|shall|can)\s+(?!be\b|have\b)(\p{Ll}[\p{L}'’-]*\b.*)$/u.exec(rest);
  if (handle && (handle[1]!.startsWith('@') || (!NOT_OWNER.has(handle[1]!) && !TASK_VERBS.has(handle[1]!) && !DETERMINER.has(handle[1]!)))) {
    return { owner: handle[1]!.replace(/^@/, ''), text: handle[2]! };
  }
  const colon = /^(@[\p{L}\d._-]+|[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?)\s*[:–-]\s+(\S.*)$/u.exec(rest);
  if (colon) {
    // "@omar: …" names a person by handle.
    const owner = colon[1]!.startsWith('@') ? colon[1]!.slice(1) : ownerName(colon[1]!, known);
    if (owner) return { owner, text: colon[2]! };
  }
  // `Alice write up …`: a name straight before a verb, in items marked as actions.
  const bare = /^(@?[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?)\s+(\p{Ll}[\p{L}'’-]*)\b/u.exec(rest);
  if (bare && !DETERMINER.has(bare[2]!) && !NOT_VERB.has(bare[2]!) && (TASK_VERBS.has(bare[2]!) || /(?:ed|es|s)$/.test(bare[2]!))) {
    const owner = ownerName(bare[1]!, known);
    if (owner) return { owner, text: rest.slice(bare[1]!.length).trim() };
  }
  const trailing = /\(([\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?(?:\s*(?:,|&|and)\s*[\p{Lu}][\p{L}'’.-]*)*)\)\s*\.?$/u.exec(rest);
  if (trailing) {
    const owner = ownerName(trailing[1]!, known);
    if (owner) return { owner, text: rest.slice(0, trailing.index).trim() };
  }
  const please = /^please\s+(\S.*)$/i.exec(rest);
  return { owner: undefined, text: please ? please[1]! : rest };
}

/** A task's text as the pages show it: no MeetBot stamp, no TODO mark, no link appended after a dash, no closing stop. */
export const cleanTask = (text: string) =>
  text
    .replace(MEETBOT_STAMP, '')
    .replace(/\s+TODO\b\.?/g, '')
    .replace(/\s*[:\-–]\s+<?(?:https?|ftp):\/\/\S+>?\s*\.?$/i, '')
    .replace(/[\s.:;,]+$/, '')
    .trim();

/** Clause starts in a sentence: its beginning and after `,` `;` `:` `and`. */
function clauseStarts(sentence: string): number[] {
  const out = [0];
  for (const m of sentence.matchAll(/(?:[;:]\s+|,\s+(?:and\s+|but\s+|so\s+)?|\s+and\s+|\s+but\s+)/g)) out.push(m.index + m[0].length);
  return out;
}

/** Actions a plain sentence states, without a marker. */
export function sentenceActions(sentence: string, inList: boolean, known: ReadonlySet<string>, author: string | undefined): Task[] {
  const s = sentence.trim();
  // A question is no task, except a request: "Will someone please check the labels?"
  if (s.endsWith('?')) {
    const request = /\b(?:[Ww]ill|[Cc]an|[Cc]ould|[Ww]ould)\s+(?:someone|somebody|anyone|anybody|you)\s+(?:please\s+)?(\p{Ll}.*?)\??$/u.exec(s);
    return request ? [{ owner: undefined, text: request[1]! }] : [];
  }
  const found: Task[] = [];
  const starts = clauseStarts(s);
  // "Jandra and Kathy are creating …" is one task: a clause inside an owner found already is skipped.
  let covered = -1;
  for (const at of starts) {
    if (at <= covered) continue;
    const clause = s.slice(at);
    const owned = ownedTask(clause, known, author);
    if (owned) {
      found.push(owned);
      covered = s.length - owned.text.length;
      continue;
    }
    // "… and is going to check with …": the sentence's subject owns the task.
    if (at > 0) {
      const link = /^(?:is|are)\s+(?:going|planning)\s+to\s+(\p{Ll}.*)$|^will\s+(\p{Ll}.*)$/u.exec(clause);
      const subject = OWNER_AT_START.exec(s);
      if (link && subject) {
        const owner = ownerName(subject[1]!, known);
        if (owner) found.push({ owner, text: (link[1] ?? link[2])! });
      }
    }
  }
  if (found.length > 0) return found;
  // A list item "Chen - update the release notes": a name, a dash or a colon, a task verb.
  if (inList) {
    const dashed = /^([\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*)?)\s+[-–:]\s+(\p{Ll}+)\b/u.exec(s);
    const owner = dashed && TASK_VERBS.has(dashed[2]!) ? ownerName(dashed[1]!, known) : undefined;
    if (owner) return [{ owner, text: s.slice(dashed![0].length - dashed![2]!.length) }];
  }
  const patterns: RegExp[] = [
    /\b(?:[Ww]ill|[Cc]an|[Cc]ould|[Ww]ould)\s+(?:someone|somebody|anyone|anybody)\s+(?:please\s+)?(\p{Ll}.*)$/u,
    /\bneeds?\s+(?:someone|somebody|a\s+volunteer)\s+to\s+(\p{Ll}.*)$/u,
    /^(?:we\s+)?(?:will\s+|would\s+)?(?:still\s+)?need\s+to\s+(\p{Ll}.*)$/iu,
    /[;,]\s+(?:we\s+)?(?:will\s+)?need\s+to\s+(\p{Ll}.*)$/u,
    /\bnext\s+steps?\s+(?:is|are|will\s+be)\s*(?:to\s*)?(\p{Ll}.*)$/iu,
    /\baction\s+items?\s+(?:was|were|is|are)\s+to\s+(\p{Ll}.*)$/iu,
    /^please\s+(?!feel\s+free|let\s+(?:me|us)\s+know|see\b|find\b|note\b|join\b|check\s+your|update\s+your\s+calendar|reply\b|welcome\b|accept\b|forgive\b|excuse\b|ignore\b)(\p{Ll}.*)$/iu,
    /\b(?:^|we\s+|everyone\s+|all\s+)agreed\s+to\s+(\p{Ll}.*)$/iu,
  ];
  for (const p of patterns) {
    const m = p.exec(s);
    if (m) return [{ owner: undefined, text: m[1]! }];
  }
  // An instruction in the notes' prose: "Use the email thread for discussion."
  if (!inList) {
    const imperative = /^([\p{Lu}][\p{Ll}-]+)\s+([\p{L}']+)/u.exec(s);
    if (imperative && TASK_VERBS.has(imperative[1]!.toLowerCase()) && DETERMINER.has(imperative[2]!.toLowerCase())) return [{ owner: undefined, text: s }];
  }
  return [];
}

/** The clause of a decision: from the last clause break before its words. */
function decisionText(sentence: string, at: number): string {
  let start = 0;
  for (const m of sentence.slice(0, at).matchAll(/;\s+/g)) start = m.index + m[0].length;
  return sentence.slice(start).replace(/^(?:and|so|but)\s+/i, '').trim();
}

export function sentenceDecision(sentence: string): string | undefined {
  const s = sentence.trim();
  if (s.endsWith('?') || NOT_DECIDED.test(s)) return undefined;
  for (const p of DECISION_PHRASES) {
    const m = p.exec(s);
    if (m) return decisionText(s, m.index);
  }
  return undefined;
}
