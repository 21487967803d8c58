/**
 * Patch series over a whole list: which messages are patches and cover letters, how they group
 * into series, how series link into versions (v1 → v2 → v3), what the replies say (trailers,
 * "applied, thanks", requests for a new version), each series' state with its evidence, and the
 * series that got lost. A pure function of the list's index and what the parse phase recorded
 * of each message (patches.ts): no message text is read here.
 *
 * Grouping follows patchwork: a patch joins the series of the nearest message it replies to
 * (cover letter or earlier patch) with the same version and count; without threading, a series
 * of the same author, version and count begun within `SERIES_WINDOW_MS`. Trailers follow b4: a
 * reply's trailers go to the patch it answers (at any depth), a cover letter's to every patch.
 */
import type { ArchiveIndex, IndexedMessage } from './archive.ts';
import { REVIEW_TRAILERS, parsePatchSubject, titleKey, type DiffSummary, type PatchAnalysis, type PatchSubject } from './patches.ts';

/** Patches without threading join a series begun this long before (patchwork's 20 minutes). */
export const SERIES_WINDOW_MS = 20 * 60 * 1000;
/** An earlier version is looked for this far back. */
export const VERSION_WINDOW_MS = 365 * 24 * 3600 * 1000;
/** A RESEND without threading is folded into an earlier posting this far back. */
export const RESEND_WINDOW_MS = 180 * 24 * 3600 * 1000;
/** Ancestors walked to find the series a patch replies to. */
export const MAX_ANCESTOR_STEPS = 64;
/** The share of a list's reports of applying, and their least number, that make their sender a maintainer (see `findPatchSeries`). */
const MAINTAINER_SHARE = 0.1;
const MIN_MAINTAINER_REPORTS = 2;
/** A count beyond this (`[PATCH 1/5000]`) is not believed: missing patches are not listed past it. */
export const MAX_SERIES_PATCHES = 500;
/** Evidence items kept per series and kind. */
export const MAX_EVIDENCE = 6;

const DAY_MS = 24 * 3600 * 1000;

/** The list's settings for patch tracking (`list.json` → `patches`). */
export interface PatchSettings {
  /** A series with no reply from anyone but its author after this many days is lost. */
  unansweredDays: number;
  /** A reviewed series never reported applied after this many days is lost. */
  unappliedDays: number;
}


/** The state of a series, as patchwork names them. */
export type PatchState = 'new' | 'reviewed' | 'changes-requested' | 'applied' | 'superseded';

/** Every state, in the order pages list them. */
export const PATCH_STATES: readonly PatchState[] = ['new', 'reviewed', 'changes-requested', 'applied', 'superseded'];

/** A trailer given on a series. */
export interface SeriesTag {
  kind: string;
  name: string;
  address: string;
  /** The message that gave it: a reply, or the patch itself for a tag carried from an earlier version. */
  n: number;
  dateMs: number;
  /** The patch it was given on; 0 for the cover letter (it then counts for every patch). */
  index: number;
  /** The reply's sender is the person the trailer names (b4 adds only these to commits). */
  bySender: boolean;
  /** Written in the patch's own commit message (kept from an earlier version). */
  carried: boolean;
}

/** A message that shows why a series is in its state. */
export interface Evidence {
  /** The message; -1 when the evidence is not one message. */
  n: number;
  who: string;
  dateMs: number;
  text: string;
}

/** One patch of a series. */
export interface SeriesPatch {
  /** Its position, from 1 (a single patch without a counter is 1). */
  index: number;
  /** The message shown for it: its latest posting. */
  n: number;
  /** Every posting of it (a RESEND adds one), in date order. */
  postings: number[];
  title: string;
  diff: DiffSummary | undefined;
  /** Tags given on it or on the cover letter, by date. */
  tags: SeriesTag[];
  /** Replies to it (at any depth, not other patches), by date. */
  replies: number[];
  applied: Evidence[];
}

/** One series: one version of a patch set, with its cover letter and patches. */
export interface PatchSeries {
  /** Position among the list's series (by first posting). */
  id: number;
  /** The slug of its lead message (the cover letter, else the first patch): its page's name. */
  slug: string;
  lead: number;
  /** The cover letter's postings, in date order; empty when there is none. */
  covers: number[];
  title: string;
  version: number;
  /** Patches the subjects announce (1 for a single patch). */
  total: number;
  rfc: boolean;
  /** A backport to a stable branch (`[PATCH AUTOSEL 5.4 …]`, `[PATCH 5.10 012/150]`): applied elsewhere, never lost. */
  backport: boolean;
  /** Resent at least once (`RESEND`, or the same patches posted again). */
  resent: boolean;
  prefixes: string[];
  author: { name: string; address: string };
  firstMs: number;
  /** Its latest posting (a RESEND restarts the wait). */
  postedMs: number;
  patches: SeriesPatch[];
  /** Positions `1..total` not in the archive. */
  missing: number[];
  /** Replies to its cover letter. */
  coverReplies: number[];
  /** Replies to any of its messages, by date. */
  replies: number;
  /** Someone other than the author replied. */
  answered: boolean;
  /** Its family (all versions) in `ListPatches.families`. */
  family: number;
  /** The earlier version it follows, with why they were linked; undefined for a first version. */
  previous: { id: number; why: string[] } | undefined;
  /** Later versions that follow it. */
  next: number[];
  state: PatchState;
  evidence: Evidence[];
  /** When only some patches were reported applied: their positions. */
  appliedPatches: number[] | undefined;
  /** Every tag given on the series, by date. */
  tags: SeriesTag[];
  /** Set when the series got lost: how, and since when. */
  lost: { kind: 'unanswered' | 'unapplied'; sinceMs: number; days: number } | undefined;
}

/** A list's series, families and look-ups. */
export interface ListPatches {
  settings: PatchSettings;
  /** The newest message's date: ages are measured to it, never to the clock (builds stay reproducible). */
  newestMs: number;
  series: PatchSeries[];
  /** Series ids of each family, oldest version first. */
  families: number[][];
  /** Patch and cover messages: their series and position (0 for a cover letter). */
  members: Map<number, { series: number; index: number }>;
  /** Replies: the series they answer. */
  replyOf: Map<number, number>;
}

/** What grouping reads of a list. */
export interface PatchInput {
  index: ArchiveIndex;
  /** The parse phase's patch findings, by message position (see analysis.ts). */
  analysis: readonly (PatchAnalysis | undefined)[];
  settings: PatchSettings;
}

const POSITIVE = new Set(['Reviewed-by', 'Acked-by', 'Tested-by']);
const REVIEW_KINDS = new Set<string>(REVIEW_TRAILERS);

function authorKey(m: IndexedMessage): string {
  return m.fromAddress.toLowerCase();
}

function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A function that remembers its results (titles and names recur across a list's series). */
function memo(f: (value: string) => string): (value: string) => string {
  const known = new Map<string, string>();
  return (value) => {
    let k = known.get(value);
    if (k === undefined) {
      k = f(value);
      known.set(value, k);
    }
    return k;
  };
}

/** A person as written in a header or a trailer. */
interface Person {
  name: string;
  address: string;
}

/**
 * A test of "the same person": same address, or the same name of two words or more (people post
 * from several addresses). Names are reduced once each: the test runs for every reply and candidate.
 */
function personMatcher(): (a: Person, b: Person) => boolean {
  const key = memo(nameKey);
  return (a, b) => {
    if (a.address !== '' && a.address.toLowerCase() === b.address.toLowerCase()) return true;
    const na = key(a.name);
    return na.includes(' ') && na === key(b.name);
  };
}

interface Draft {
  lead: number;
  covers: number[];
  sub: PatchSubject;
  author: { name: string; address: string };
  firstMs: number;
  postedMs: number;
  byIndex: Map<number, number[]>;
  resent: boolean;
  /** Folded into another draft. */
  into: number;
  /** The `git send-email` run that posted it (see `sendKey`). */
  send: string | undefined;
}

/**
 * What the Message-IDs of one `git send-email` (or `git format-patch --thread`) run share:
 * `20200103103115.7720-<k>-<author>`, `1577959968-19427-<k>-git-send-email-<author>`,
 * `cover.1602756068.git.<author>` and `<sha>.1602756068.git.<author>`. Patches of one run belong
 * to one series even when their subjects disagree on the version (`[PATCH 0/8][v2]` then `[PATCH 1/8]`).
 *
 * @param messageId a Message-ID
 */
export function sendKey(messageId: string): string | undefined {
  const m = /^(\d{8,14}\.\d+)-\d+-(.+@.+)$/.exec(messageId) ?? /^(\d{9,11}-\d+)-\d+-git-send-email-(.+)$/.exec(messageId) ?? /^(?:cover|[0-9a-f]{40})\.(\d{9,11})\.git\.(.+)$/.exec(messageId);
  return m ? `${m[1]}\u0000${m[2]}` : undefined;
}

/**
 * Find a list's patch series, their versions and states, and the lost ones.
 *
 * @param input the list's index, its messages' patch findings and the list's settings
 */
export function findPatchSeries(input: PatchInput): ListPatches {
  const { index, analysis, settings } = input;
  const messages = index.messages;
  const newestMs = messages.length > 0 ? messages[messages.length - 1]!.dateMs : 0;
  const samePerson = personMatcher();
  const tkey = memo(titleKey);
  const sameSender = (a: IndexedMessage, b: IndexedMessage): boolean => samePerson({ name: a.fromName, address: a.fromAddress }, { name: b.fromName, address: b.fromAddress });

  // 1. Members: patches and cover letters. A reply (`Re:`) is never one; nor a review whose
  //    subject lost its `Re:` (it quotes a diff and has none of its own).
  const subjects = new Map<number, PatchSubject>();
  for (const m of messages) {
    const a = analysis[m.n];
    let sub = a?.subject;
    const hasDiff = a?.diff !== undefined;
    if (!sub) {
      // Untagged mail with a diff of its own that starts a thread is a patch too (`git send-email` without a prefix).
      if (!hasDiff || m.parent >= 0 || m.ghostParent >= 0) continue;
      const parsed = parsePatchSubject(m.subject);
      if (parsed.reply || parsed.pull) continue;
      sub = parsed;
    }
    if (sub.pull || sub.reply) continue;
    if (!sub.tagged && !hasDiff && sub.index !== 0) continue;
    if (!hasDiff && sub.index !== 0 && m.parent >= 0) {
      const parentSub = subjects.get(m.parent);
      // A comment posted under a patch's own subject: no diff, answering someone else's patch.
      if (a?.body === 'quoted-diff' || (parentSub && !sameSender(messages[m.parent]!, m))) continue;
    }
    subjects.set(m.n, sub);
  }

  // A cover letter without a counter (`[RFC][PATCH V5] …` with no diff, then `[PATCH 1/2]`,
  // `[PATCH 2/2]` of the same git send-email run) is the cover letter of those patches.
  const runs = new Map<string, number[]>();
  for (const n of subjects.keys()) {
    const key = sendKey(messages[n]!.messageId);
    if (key === undefined) continue;
    const run = runs.get(key);
    if (run) run.push(n);
    else runs.set(key, [n]);
  }
  for (const members of runs.values()) {
    if (members.length < 2) continue;
    for (const n of members) {
      const sub = subjects.get(n)!;
      if (sub.index >= 0 || analysis[n]?.diff !== undefined) continue;
      const total = Math.max(...members.filter((k) => k !== n).map((k) => subjects.get(k)!.total));
      if (total > 0) subjects.set(n, { ...sub, index: 0, total });
    }
  }

  // A git send-email run with one cover letter is one series, whatever counts its subjects give;
  // one that sent several series (`git send-email a/*.patch b/*.patch`) has several covers.
  const oneCover = new Set<string>();
  for (const [key, members] of runs) if (members.filter((n) => subjects.get(n)!.index === 0).length === 1) oneCover.add(key);

  // 2. Series: by threading first, then by markers within the window.
  const drafts: Draft[] = [];
  const draftOf = new Map<number, number>();
  const byGhost = new Map<string, number>();
  const bySend = new Map<string, number>();
  const open = new Map<string, number[]>();
  // Thread order puts every message after the one it answers, whatever the clocks said: a cover
  // letter stamped a second after its patches still comes first.
  for (const n of index.threadOrder) {
    const sub = subjects.get(n);
    if (!sub) continue;
    const m = messages[n]!;
    const position = sub.index < 0 ? 1 : sub.index;
    const total = sub.total < 0 ? 1 : sub.total;
    const send = total > 1 ? sendKey(m.messageId) : undefined;
    let target = -1;
    {
      let k = m.parent;
      for (let step = 0; k >= 0 && step < MAX_ANCESTOR_STEPS; step++, k = messages[k]!.parent) {
        const d = draftOf.get(k);
        if (d === undefined) continue;
        const draft = drafts[d]!;
        const taken = position === 0 ? draft.covers : draft.byIndex.get(position);
        // A second patch at a taken position is a repost only under the same title; a cover
        // letter posted again under its first (a fixed subject) joins it.
        const repost = position === 0 || taken === undefined || taken.length === 0 || tkey(subjects.get(taken[0]!)!.title) === tkey(sub.title);
        // A patch that gives no version takes its cover letter's (b4 does the same).
        const sameRun = send !== undefined && draft.send === send;
        const version = draft.sub.version === sub.version || !sub.versionGiven || sameRun;
        // A run of one cover letter is one series even when the cover miscounts its patches
        // ([PATCH v2 0/2] over [PATCH v2 1/4] … 4/4).
        const miscounted = sameRun && position > 0 && oneCover.has(send);
        if (version && (totalOf(draft.sub) === total || miscounted) && repost && sameSender(messages[draft.lead]!, m)) {
          target = d;
          break;
        }
      }
      if (target < 0 && position > 0 && m.parent < 0 && m.ghostParent >= 0) {
        const g = byGhost.get(`${m.ghostParent}\u0000${sub.version}\u0000${total}\u0000${authorKey(m)}`);
        if (g !== undefined) target = g;
      }
      if (target < 0 && position > 0 && send !== undefined) {
        const d = bySend.get(send);
        if (d !== undefined && (totalOf(drafts[d]!.sub) === total || (drafts[d]!.covers.length > 0 && oneCover.has(send))) && !drafts[d]!.byIndex.has(position)) target = d;
      }
      if (target < 0 && position > 0 && total > 1) {
        for (const d of open.get(`${authorKey(m)}\u0000${sub.version}\u0000${total}`) ?? []) {
          const draft = drafts[d]!;
          if (Math.abs(m.dateMs - draft.firstMs) <= SERIES_WINDOW_MS && !draft.byIndex.has(position) && sameTitleSpace(draft.sub, sub)) target = d;
        }
      }
    }
    if (target < 0) {
      target = drafts.length;
      drafts.push({ lead: n, covers: [], sub, author: { name: m.fromName, address: m.fromAddress }, firstMs: m.dateMs, postedMs: m.dateMs, byIndex: new Map(), resent: false, into: -1, send });
      const key = `${authorKey(m)}\u0000${sub.version}\u0000${total}`;
      open.set(key, [...(open.get(key) ?? []).filter((d) => Math.abs(m.dateMs - drafts[d]!.firstMs) <= SERIES_WINDOW_MS), target]);
      if (send !== undefined && !bySend.has(send)) bySend.set(send, target);
      if (m.parent < 0 && m.ghostParent >= 0) byGhost.set(`${m.ghostParent}\u0000${sub.version}\u0000${total}\u0000${authorKey(m)}`, target);
    }
    const draft = drafts[target]!;
    if (position === 0) {
      draft.covers.push(n);
      // A cover letter that arrives after its first patch still leads the series.
      draft.lead = draft.covers[0]!;
      draft.sub = sub;
    } else {
      // Without a cover letter, the highest version a patch gives is the series'.
      if (draft.covers.length === 0 && sub.version > draft.sub.version) draft.sub = { ...draft.sub, version: sub.version, versionGiven: true };
      const postings = draft.byIndex.get(position) ?? [];
      if (postings.length > 0) draft.resent = true;
      postings.push(n);
      draft.byIndex.set(position, postings);
    }
    if (sub.resend) draft.resent = true;
    draft.postedMs = Math.max(draft.postedMs, m.dateMs);
    draft.firstMs = Math.min(draft.firstMs, m.dateMs);
    draftOf.set(n, target);
  }

  // 3. RESENDs (and the same patches posted again) fold into the earlier posting.
  const titlesOf = (d: Draft): string[] => [...d.byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => tkey(subjects.get(p[0]!)!.title));
  const resendKey = (d: Draft): string => `${authorKey(messages[d.lead]!)}\u0000${d.sub.version}\u0000${totalOf(d.sub)}\u0000${prefixKey(d.sub)}\u0000${tkey(d.sub.title)}\u0000${titlesOf(d).join('\u0001')}`;
  const earlier = new Map<string, number>();
  drafts.forEach((d, i) => {
    const key = resendKey(d);
    const prior = earlier.get(key);
    const isResend = d.sub.resend || [...d.byIndex.values()].some((p) => subjects.get(p[0]!)!.resend);
    if (prior !== undefined && d.firstMs - drafts[prior]!.postedMs <= RESEND_WINDOW_MS && (isResend || d.firstMs - drafts[prior]!.postedMs <= 30 * DAY_MS)) {
      const into = drafts[prior]!;
      into.covers.push(...d.covers);
      for (const [position, postings] of d.byIndex) into.byIndex.set(position, [...(into.byIndex.get(position) ?? []), ...postings]);
      into.postedMs = Math.max(into.postedMs, d.postedMs);
      into.resent = true;
      d.into = prior;
      for (const n of [...d.covers, ...[...d.byIndex.values()].flat()]) draftOf.set(n, prior);
      return;
    }
    earlier.set(key, i);
  });

  // 4. Series records, by first posting.
  const live = drafts.filter((d) => d.into < 0);
  const series: PatchSeries[] = live.map((d, id) => {
    const lead = d.covers[0] ?? [...d.byIndex.entries()].sort((a, b) => a[0] - b[0])[0]![1][0]!;
    // The patches' own count, when they agree on one, over a cover letter's that differs.
    const counts = new Set([...d.byIndex.values()].flat().map((n) => totalOf(subjects.get(n)!)));
    const total = Math.max(d.covers.length > 0 && counts.size === 1 ? [...counts][0]! : totalOf(d.sub), ...d.byIndex.keys());
    const patches: SeriesPatch[] = [...d.byIndex.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([position, postings]) => {
        postings.sort((a, b) => a - b);
        const n = postings[postings.length - 1]!;
        return { index: position, n, postings, title: subjects.get(n)!.title, diff: analysis[n]?.diff, tags: [], replies: [], applied: [] };
      });
    const present = new Set(d.byIndex.keys());
    const missing: number[] = [];
    if (total > 1) for (let k = 1; k <= Math.min(total, MAX_SERIES_PATCHES); k++) if (!present.has(k)) missing.push(k);
    const sub = d.sub;
    return {
      id,
      slug: messages[lead]!.slug,
      lead,
      covers: [...d.covers].sort((a, b) => a - b),
      // The latest cover letter names the series (a cover posted again fixes its subject).
      title: d.covers.length > 0 ? subjects.get(d.covers[d.covers.length - 1]!)!.title : patches[0]!.title,
      version: sub.version,
      total,
      rfc: [...d.covers, ...patches.map((p) => p.n)].some((n) => subjects.get(n)!.rfc),
      resent: d.resent,
      backport: sub.prefixes.some((p) => BACKPORT.test(p)),
      prefixes: sub.prefixes,
      author: d.author,
      firstMs: d.firstMs,
      postedMs: d.postedMs,
      patches,
      missing,
      coverReplies: [],
      replies: 0,
      answered: false,
      family: -1,
      previous: undefined,
      next: [],
      state: 'new',
      evidence: [],
      appliedPatches: undefined,
      tags: [],
      lost: undefined,
    };
  });
  series.sort((a, b) => a.firstMs - b.firstMs || a.lead - b.lead);
  for (const [k, s] of series.entries()) s.id = k;
  const members = new Map<number, { series: number; index: number }>();
  for (const s of series) {
    for (const c of s.covers) members.set(c, { series: s.id, index: 0 });
    for (const p of s.patches) for (const n of p.postings) members.set(n, { series: s.id, index: p.index });
  }

  // 5. Replies: each message below a member belongs to its nearest member ancestor.
  const replyOf = new Map<number, number>();
  const repliesOf = new Map<number, number[]>();
  for (const [k, member] of members) {
    const stack = [...messages[k]!.children];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (members.has(r)) continue;
      replyOf.set(r, member.series);
      const list = repliesOf.get(k) ?? [];
      list.push(r);
      repliesOf.set(k, list);
      stack.push(...messages[r]!.children);
    }
  }

  // 6. Tags, verdicts and requests from the replies.
  const who = (n: number): string => messages[n]!.fromName || messages[n]!.fromAddress.split('@')[0] || 'unknown';
  for (const s of series) {
    const author = s.author;
    const changes: (Evidence & { index: number })[] = [];
    const coverApplied: Evidence[] = [];
    const coverTags: SeriesTag[] = [];
    let replies = 0;
    const collect = (k: number, position: number, into: { tags: SeriesTag[]; applied: Evidence[]; replies: number[] }): void => {
      for (const r of repliesOf.get(k) ?? []) {
        replies++;
        into.replies.push(r);
        const rm = messages[r]!;
        const sender = { name: rm.fromName, address: rm.fromAddress };
        const fromAuthor = samePerson(sender, author);
        if (!fromAuthor) s.answered = true;
        const a = analysis[r];
        for (const t of a?.trailers ?? []) {
          if (!REVIEW_KINDS.has(t.kind) || samePerson(t, author)) continue;
          into.tags.push({ kind: t.kind, name: t.name, address: t.address, n: r, dateMs: rm.dateMs, index: position, bySender: samePerson(t, sender), carried: false });
        }
        if (fromAuthor) {
          for (const text of a?.changes ?? []) changes.push({ n: r, who: who(r), dateMs: rm.dateMs, text, index: position });
          continue;
        }
        for (const text of a?.applied ?? []) into.applied.push({ n: r, who: who(r), dateMs: rm.dateMs, text });
        for (const text of a?.changes ?? []) changes.push({ n: r, who: who(r), dateMs: rm.dateMs, text, index: position });
      }
    };
    const cover = { tags: coverTags, applied: coverApplied, replies: s.coverReplies };
    for (const c of s.covers) collect(c, 0, cover);
    for (const p of s.patches) {
      for (const n of p.postings) collect(n, p.index, p);
      // Tags carried in the patch's own commit message (given on an earlier version).
      for (const t of analysis[p.n]?.trailers ?? []) {
        if (!REVIEW_KINDS.has(t.kind) || samePerson(t, author)) continue;
        p.tags.push({ kind: t.kind, name: t.name, address: t.address, n: p.n, dateMs: messages[p.n]!.dateMs, index: p.index, bySender: false, carried: true });
      }
    }
    s.replies = replies;
    s.coverReplies.sort((a, b) => a - b);
    for (const p of s.patches) {
      p.replies.sort((a, b) => a - b);
      p.tags = dedupeTags([...p.tags, ...coverTags]);
      p.applied.sort((a, b) => a.dateMs - b.dateMs || a.n - b.n);
    }
    s.tags = dedupeTags([...coverTags, ...s.patches.flatMap((p) => p.tags)]);
    coverApplied.sort((a, b) => a.dateMs - b.dateMs || a.n - b.n);
    changes.sort((a, b) => a.dateMs - b.dateMs || a.n - b.n);
    settle(s, coverApplied, changes);
  }

  // 7. Versions: each series follows the earlier version of the same author that shares the most with it.
  linkVersions(series, messages, analysis, members, samePerson, tkey);
  const families: number[][] = [];
  for (const s of series) {
    if (s.previous !== undefined) continue;
    const family: number[] = [];
    const stack = [s.id];
    while (stack.length > 0) {
      const id = stack.pop()!;
      family.push(id);
      stack.push(...series[id]!.next);
    }
    family.sort((a, b) => series[a]!.version - series[b]!.version || series[a]!.firstMs - series[b]!.firstMs || a - b);
    for (const id of family) series[id]!.family = families.length;
    families.push(family);
  }
  for (const s of series) {
    if (s.next.length === 0 || s.state === 'applied') continue;
    const newer = series[s.next[0]!]!;
    s.state = 'superseded';
    s.evidence = [{ n: newer.lead, who: newer.author.name || newer.author.address, dateMs: newer.firstMs, text: `v${newer.version} posted` }];
  }

  // 8. Lost: waiting on someone, measured to the archive's newest message.
  // Tags carried in a commit message count for the state, not as an answer: a v3 that carries
  // v2's Reviewed-by and gets no reply is unanswered.
  // The list's maintainers: whoever made a tenth or more of its reports of applying another's
  // series (and two at least). They apply their own without such a report: on linux-btrfs 52 of
  // David Sterba's series were listed lost. One who applied a patch now and then is not one.
  const reporters: { person: Person; reports: number }[] = [];
  let reports = 0;
  for (const s of series) {
    if (s.state !== 'applied') continue;
    for (const e of s.evidence) {
      const sender = { name: messages[e.n]!.fromName, address: messages[e.n]!.fromAddress };
      if (samePerson(sender, s.author)) continue;
      const known = reporters.find((r) => samePerson(r.person, sender));
      if (known) known.reports++;
      else reporters.push({ person: sender, reports: 1 });
      reports++;
    }
  }
  const maintainers = reporters.filter((r) => r.reports >= Math.max(MIN_MAINTAINER_REPORTS, reports * MAINTAINER_SHARE)).map((r) => r.person);
  for (const s of series) {
    // A series waiting on its author (changes requested, or withdrawn with a Nack) is not lost,
    // nor one by a maintainer of the list.
    if (s.next.length > 0 || s.backport || s.state === 'applied' || s.state === 'superseded' || s.state === 'changes-requested') continue;
    if (maintainers.some((m) => samePerson(m, s.author))) continue;
    const waited = (since: number) => Math.floor((newestMs - since) / DAY_MS);
    const given = s.tags.filter((t) => !t.carried);
    const positive = given.filter((t) => POSITIVE.has(t.kind));
    if (!s.answered && given.length === 0 && waited(s.postedMs) >= settings.unansweredDays) {
      s.lost = { kind: 'unanswered', sinceMs: s.postedMs, days: waited(s.postedMs) };
    } else if (s.state === 'reviewed' && !s.rfc && positive.length > 0) {
      const since = Math.max(s.postedMs, ...positive.map((t) => t.dateMs));
      if (waited(since) >= settings.unappliedDays) s.lost = { kind: 'unapplied', sinceMs: since, days: waited(since) };
    }
  }
  return { settings, newestMs, series, families, members, replyOf };
}

function totalOf(sub: PatchSubject): number {
  return sub.total < 0 ? 1 : sub.total;
}

/** Words of the brackets that name a stable branch. */
const BACKPORT = /^(?:autosel|stable(?:-[\d.]+y?)?|v?\d+\.\d+(?:\.y|\.\d+)?(?:-stable)?)$/i;

/** Words of the brackets that say how a series was posted, not what it is for. */
const POSTING_WORDS = /^(?:rebased?|resen[dt]|repost(?:ed)?|updated?|fixed|respin|take\d*|again|new|v\d+)$/i;

function prefixKey(sub: Pick<PatchSubject, 'prefixes'>): string {
  return sub.prefixes
    .filter((p) => !POSTING_WORDS.test(p))
    .map((p) => p.toLowerCase())
    .sort()
    .join(' ');
}

/** Two subjects of one posting share their prefixes (`[PATCH AUTOSEL 5.4 …]` and `[PATCH AUTOSEL 4.19 …]` do not). */
function sameTitleSpace(a: PatchSubject, b: PatchSubject): boolean {
  return prefixKey(a) === prefixKey(b);
}

function dedupeTags(tags: SeriesTag[]): SeriesTag[] {
  const seen = new Set<string>();
  const out: SeriesTag[] = [];
  for (const t of [...tags].sort((a, b) => Number(a.carried) - Number(b.carried) || a.dateMs - b.dateMs || a.n - b.n)) {
    const key = `${t.kind}\u0000${t.address}\u0000${t.index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  // Tags of one message keep the order they were written in (the sort is stable).
  return out.sort((a, b) => a.dateMs - b.dateMs || a.n - b.n);
}

/** The state a series' own replies give it (superseding is decided once versions are linked). */
function settle(s: PatchSeries, coverApplied: Evidence[], changes: readonly (Evidence & { index: number })[]): void {
  const patchApplied = s.patches.filter((p) => p.applied.length > 0);
  if (coverApplied.length > 0 || patchApplied.length > 0) {
    s.state = 'applied';
    s.evidence = [...coverApplied, ...patchApplied.flatMap((p) => p.applied)].sort((a, b) => a.dateMs - b.dateMs || a.n - b.n).slice(0, MAX_EVIDENCE);
    if (coverApplied.length === 0 && s.patches.length > 1 && patchApplied.length < s.patches.length) s.appliedPatches = patchApplied.map((p) => p.index);
    return;
  }
  const given = s.tags.filter((t) => !t.carried);
  const nacks = given.filter((t) => t.kind === 'Nacked-by');
  // A request answered by a later review tag on the same patch was settled (a nit the reviewer then acked).
  const settledBy = (c: { index: number; dateMs: number }) => s.tags.some((t) => POSITIVE.has(t.kind) && !t.carried && t.index === c.index && t.dateMs > c.dateMs);
  const open = changes.filter((c) => !settledBy(c)).map(({ index: _index, ...e }) => e);
  if (nacks.length > 0 || open.length > 0) {
    s.state = 'changes-requested';
    s.evidence = [...nacks.map((t) => ({ n: t.n, who: t.name || t.address, dateMs: t.dateMs, text: `Nacked-by: ${t.name} <${t.address}>` })), ...open].sort((a, b) => a.dateMs - b.dateMs || a.n - b.n).slice(0, MAX_EVIDENCE);
    return;
  }
  const positive = s.tags.filter((t) => POSITIVE.has(t.kind));
  if (positive.length > 0) {
    s.state = 'reviewed';
    // One line per reviewer and kind, naming the patches: a reviewer of twelve patches is one piece of evidence.
    const byPerson = new Map<string, SeriesTag[]>();
    for (const t of positive) byPerson.set(`${t.kind}\u0000${t.address}`, [...(byPerson.get(`${t.kind}\u0000${t.address}`) ?? []), t]);
    s.evidence = [...byPerson.values()].slice(0, MAX_EVIDENCE).map((ts) => {
      const t = ts[0]!;
      const notes: string[] = [];
      if (ts.some((x) => x.index === 0)) notes.push('on the cover letter');
      else if (s.total > 1) {
        const at = [...new Set(ts.map((x) => x.index))].sort((a, b) => a - b);
        notes.push(`on ${at.length === 1 ? 'patch' : 'patches'} ${formatRanges(at)}`);
      }
      if (ts.every((x) => x.carried)) notes.push('carried from an earlier version');
      const given = ts.find((x) => !x.carried) ?? t;
      return { n: given.n, who: given.name || given.address, dateMs: given.dateMs, text: `${t.kind}: ${t.name} <${t.address}>${notes.length > 0 ? ` (${notes.join(', ')})` : ''}` };
    });
    return;
  }
  s.state = 'new';
  s.evidence = [{ n: -1, who: '', dateMs: s.postedMs, text: s.replies === 0 ? 'no reply' : s.answered ? `${s.replies} ${s.replies === 1 ? 'reply' : 'replies'}, no review tag` : `${s.replies === 1 ? 'a reply' : `${s.replies} replies`} from the author only` }];
}

/** Shared words over all words of two title keys' word sets (Jaccard). */
function wordOverlap(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

/**
 * Positions as ranges: `[2, 4, 5, 6]` → `2, 4–6`.
 *
 * @param positions ascending positions
 */
export function formatRanges(positions: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < positions.length; ) {
    let j = i;
    while (j + 1 < positions.length && positions[j + 1] === positions[j]! + 1) j++;
    parts.push(j === i ? String(positions[i]) : `${positions[i]}–${positions[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * How strongly what two series share shows that one is an earlier version of the other, weakest
 * first (see `linkVersions`). b4 finds versions by exact cover subject (or change-id) and carries
 * trailers by exact patch title: shared patches and the same title outrank a title of similar
 * words, and threading alone does not make a version.
 */
const LINK_STRENGTH = {
  /** A cover letter retitled: most words kept, and the change log names the version. */
  similarTitle: 1,
  /** Posted in reply to it, sharing no patch title. */
  reply: 2,
  /** The same title, sharing no patch title ("Lockdep fixes" in August and in September). */
  sameTitle: 3,
  /** A few patches shared: at least half of the earlier series, fewer than half of this one. */
  fewPatches: 4,
  /**
   * Half of its patches or more shared; the same title, or posted in reply, and a patch shared
   * (or a side without patches); or a link to it in its text (`v1: <link>`: a cover letter often
   * links every earlier version, so a link does not pick the latest).
   */
  patches: 5,
} as const;

/** Link each series to the earlier version it follows (`previous`, `next`), by `LINK_STRENGTH`. */
function linkVersions(series: PatchSeries[], messages: readonly IndexedMessage[], analysis: readonly (PatchAnalysis | undefined)[], members: ReadonlyMap<number, { series: number; index: number }>, samePerson: (a: Person, b: Person) => boolean, tkey: (title: string) => string): void {
  // Earlier series of each address and of each full name, oldest first (series come by first posting).
  const byAuthor = new Map<string, number[]>();
  const idOf = new Map<string, number>();
  const owns = series.map((s) => [...s.covers, ...s.patches.flatMap((p) => p.postings)]);
  for (const s of series) for (const n of owns[s.id]!) idOf.set(messages[n]!.messageId, s.id);
  const titleSets = series.map((s) => new Set(s.patches.map((p) => tkey(p.title))));
  const titleKeys = series.map((s) => tkey(s.title));
  const prefixKeys = series.map((s) => prefixKey(s));
  // The series that have each patch title, in posting order (as ids are): a candidate that shares
  // no patch title, title, link or version named in the change log is passed over before it is
  // weighed. An author's series of the year before are each one's candidates: on linux-btrfs at
  // 24k messages 134,865 were weighed, of which 20,016 share one of these.
  const withTitle = new Map<string, number[]>();
  for (const s of series) {
    for (const x of titleSets[s.id]!) {
      const ids = withTitle.get(x);
      if (ids) ids.push(s.id);
      else withTitle.set(x, [s.id]);
    }
  }
  const titleWords: (Set<string> | undefined)[] = [];
  const wordsOf = (id: number) => (titleWords[id] ??= new Set(titleKeys[id]!.split(' ')));
  const seen = new Int32Array(series.length).fill(-1);
  // For the series weighed (`sharing[t]` is its id): how many of its patch titles each other series has.
  const sharing = new Int32Array(series.length).fill(-1);
  const sharedTitles = new Int32Array(series.length);
  for (const s of series) {
    const own = owns[s.id]!;
    // Explicit links: `v1: <link>` in its text, or posted in reply to the earlier version.
    const linked = new Map<number, { why: string; text: boolean }>();
    for (const n of own) {
      for (const l of analysis[n]?.versionLinks ?? []) {
        const t = idOf.get(l.messageId);
        if (t !== undefined && t !== s.id) linked.set(t, { why: `links to v${series[t]!.version}`, text: true });
      }
      let k = messages[n]!.parent;
      for (let step = 0; k >= 0 && step < MAX_ANCESTOR_STEPS; step++, k = messages[k]!.parent) {
        const member = members.get(k);
        if (member && member.series !== s.id) {
          if (!linked.has(member.series)) linked.set(member.series, { why: `posted in reply to v${series[member.series]!.version}`, text: false });
          break;
        }
      }
    }
    const keys = [`a:${s.author.address.toLowerCase()}`];
    const nk = nameKey(s.author.name);
    if (nk.includes(' ')) keys.push(`n:${nk}`);
    const candidates: number[] = [...linked.keys()];
    for (const key of keys) {
      const earlier = byAuthor.get(key) ?? [];
      for (let i = earlier.length - 1; i >= 0 && s.firstMs - series[earlier[i]!]!.firstMs <= VERSION_WINDOW_MS; i--) candidates.push(earlier[i]!);
    }
    const mine = titleSets[s.id]!;
    // Only series posted in the year up to this one can be weighed (see below): a title a list's
    // bot posts every week is counted over a year of them, not over all.
    const from = s.firstMs - VERSION_WINDOW_MS;
    for (const x of mine) {
      const ids = withTitle.get(x)!;
      let lo = 0;
      for (let hi = ids.length; lo < hi; ) {
        const mid = (lo + hi) >>> 1;
        if (series[ids[mid]!]!.firstMs < from) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < ids.length && series[ids[i]!]!.firstMs <= s.firstMs; i++) {
        const t = ids[i]!;
        const counted = sharing[t] === s.id ? sharedTitles[t]! : 0;
        sharing[t] = s.id;
        sharedTitles[t] = counted + 1;
      }
    }
    const changelog = new Set(own.flatMap((n) => analysis[n]?.changelog ?? []));
    let best: { id: number; why: string[]; strength: number; shared: number } | undefined;
    for (const t of candidates) {
      if (seen[t] === s.id) continue;
      seen[t] = s.id;
      const prior = series[t]!;
      // Each way below to a strength needs one of these; without them the candidate is passed over.
      if (sharing[t] !== s.id && titleKeys[t] !== titleKeys[s.id] && !linked.has(t) && !changelog.has(prior.version)) continue;
      if (prior.version > s.version || prior.firstMs > s.firstMs || s.firstMs - prior.firstMs > VERSION_WINDOW_MS) continue;
      // The same version posted again (`[PATCH v7 rebased]`): for the same purpose, within the RESEND window.
      const again = prior.version === s.version;
      if (again && (prefixKeys[t] !== prefixKeys[s.id] || s.firstMs - prior.firstMs > RESEND_WINDOW_MS)) continue;
      const link = linked.get(t);
      if (link === undefined && !samePerson(prior.author, s.author)) continue;
      const theirs = titleSets[t]!;
      const shared = sharing[t] === s.id ? sharedTitles[t]! : 0;
      const sameTitle = titleKeys[t] === titleKeys[s.id];
      const bothHavePatches = mine.size > 0 && theirs.size > 0;
      const similar = () => wordOverlap(wordsOf(t), wordsOf(s.id)) >= 0.5;
      let strength: number;
      if (link?.text || (shared > 0 && shared * 2 >= mine.size) || ((sameTitle || link !== undefined) && (shared > 0 || !bothHavePatches))) strength = LINK_STRENGTH.patches;
      else if (sameTitle) strength = LINK_STRENGTH.sameTitle;
      else if (link !== undefined) strength = LINK_STRENGTH.reply;
      else if (shared > 0 && shared * 2 >= theirs.size) strength = LINK_STRENGTH.fewPatches;
      else if (changelog.has(prior.version) && similar()) strength = LINK_STRENGTH.similarTitle;
      else continue;
      if (again && bothHavePatches && shared === 0) {
        // The same version posted again must share a patch with it: "Another batch of cleanups"
        // under last month's title is another series, and a btrfs-progs series posted in reply to
        // the kernel series of the same version goes with it, it does not replace it. A posting
        // again under a mangled subject, in reply to the first, still counts.
        if (strength === LINK_STRENGTH.sameTitle || (strength === LINK_STRENGTH.reply && !similar())) continue;
      }
      // The same version again needs more than a similar title and a change log that names it.
      if (again && strength === LINK_STRENGTH.similarTitle) continue;
      // The strongest evidence wins; among equals, the most patches shared for a few, then the
      // latest posting (a series renumbered from v1, a restart, follows its last posting, not an old v3).
      if (best) {
        const rival = series[best.id]!;
        const order = strength - best.strength || (strength === LINK_STRENGTH.fewPatches ? shared - best.shared : 0) || prior.firstMs - rival.firstMs || prior.version - rival.version;
        if (order <= 0) continue;
      }
      const why: string[] = [];
      if (link) why.push(link.why);
      if (sameTitle) why.push('same title');
      else if (shared > 0 && shared * 2 >= Math.min(mine.size, theirs.size)) why.push(`${shared} of ${s.patches.length} patch titles as in v${prior.version}`);
      else if (strength === LINK_STRENGTH.similarTitle) why.push('a similar title');
      if (again) why.unshift(`v${s.version} posted again`);
      if (changelog.has(prior.version) && link === undefined && !why.includes('a similar title')) why.push(`its change log names v${prior.version}`);
      best = { id: t, why, strength, shared };
    }
    if (best) {
      s.previous = { id: best.id, why: best.why };
      series[best.id]!.next.push(s.id);
    }
    for (const key of keys) {
      const list = byAuthor.get(key);
      if (list) list.push(s.id);
      else byAuthor.set(key, [s.id]);
    }
  }
}
