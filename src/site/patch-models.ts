/**
 * Models of the patch pages (the list of series, a series with its versions side by side, the
 * lost series), the message page's series bar, and the files beside them: the filters' JSON,
 * the lost series' Atom feed and each series' mbox for `git am`. Pure functions of a list's
 * index, its series (patch-series.ts) and its settings, like every model (see models.ts).
 */
import type { IndexedMessage } from '../lib/archive.ts';
import { feedIri } from '../lib/feeds.ts';
import { senderLabel } from '../lib/format.ts';
import type { Obfuscation } from '../lib/list-config.ts';
import { obfuscateText } from '../lib/obfuscate.ts';
import { PATCH_STATES, formatRanges, type Evidence, type ListPatches, type PatchSeries, type PatchState, type SeriesTag } from '../lib/patch-series.ts';
import { titleKey, type DiffSummary } from '../lib/patches.ts';
import { paths } from '../lib/urls.ts';
import type { ListData } from '../store/store.ts';

/** The evidence of a row on the list page is cut to this many characters (the series page has it all). */
export const ROW_EVIDENCE_CHARS = 140;
/** Paths of a diff listed per patch on the series page (the counts cover every file). */
export const SHOWN_DIFF_PATHS = 12;
/** Replies linked per patch on the series page (the count covers all). */
export const SHOWN_REPLIES = 30;

const DAY_MS = 24 * 3600 * 1000;

/** A tag as a page shows it. */
export interface TagModel {
  kind: string;
  who: string;
  dateMs: number;
  /** The message that gave it. */
  path: string;
  /** Given on the cover letter: it counts for every patch. */
  onCover: boolean;
  carried: boolean;
  /** The reply's sender is the person named (b4 adds only these to commits). */
  bySender: boolean;
}

/** Why a series is in its state, as a page shows it. */
export interface EvidenceModel {
  text: string;
  who: string;
  dateMs: number;
  path: string | undefined;
}

/** A row of the list of series. */
export interface PatchRowModel {
  id: number;
  /** The row's id on the page: its version's anchor on the family's pages (see `VersionModel`). */
  anchor: string;
  path: string;
  title: string;
  version: number;
  /**
   * The versions of its family in the archive, as ranges (`v7–v11`, `v1, v3–v4`); empty when the
   * family has no other version. A count would read as "v9 of 4" when v1 to v5 are not in the archive.
   */
  familyVersions: string;
  author: string;
  patches: number;
  total: number;
  missing: number;
  replies: number;
  /** Tags given, by kind (`Reviewed-by` → count). */
  tags: [kind: string, count: number][];
  state: PatchState;
  evidence: string;
  postedMs: number;
  ageDays: number;
  lost: 'unanswered' | 'unapplied' | undefined;
  rfc: boolean;
  backport: boolean;
}

/** `/<list>/patches/`: every series, newest first. */
export interface PatchesPageModel {
  kind: 'patches';
  path: string;
  list: string;
  listTitle: string;
  newestMs: number;
  counts: [state: PatchState, count: number][];
  lost: number;
  settings: { unansweredDays: number; unappliedDays: number };
  rows: PatchRowModel[];
}

/** One patch of a version on the series page. */
export interface PatchModel {
  index: number;
  path: string;
  title: string;
  postings: number;
  diff: DiffSummary | undefined;
  tags: TagModel[];
  replies: { path: string; who: string; dateMs: number }[];
  moreReplies: number;
  applied: EvidenceModel[];
}

/** One version of a family on the series page. */
export interface VersionModel {
  /**
   * Its section's id on the family's pages, from its lead message's slug: a link to it stays
   * right when the list gets an older series (a series' position would then move).
   */
  anchor: string;
  version: number;
  /** Its own page (each version has one; they show the same family). */
  path: string;
  mboxPath: string | undefined;
  title: string;
  author: string;
  firstMs: number;
  postedMs: number;
  rfc: boolean;
  resent: boolean;
  backport: boolean;
  prefixes: string[];
  state: PatchState;
  evidence: EvidenceModel[];
  appliedPatches: number[] | undefined;
  cover: { path: string; replies: { path: string; who: string; dateMs: number }[] } | undefined;
  patches: PatchModel[];
  total: number;
  /** The positions not in the archive, as ranges (`2, 4–6`). */
  missing: string;
  missingCount: number;
  /** Why it follows the version before it. */
  follows: { version: number; why: string[] } | undefined;
}

/** `/<list>/patches/<slug>/`: a series and every version of it, side by side. */
export interface PatchSeriesPageModel {
  kind: 'patchSeries';
  path: string;
  list: string;
  listTitle: string;
  title: string;
  /** The version this page is named for, as a position in `versions`. */
  current: number;
  /**
   * Whether that version is lost, and since when: its page alone says so. Not in `versions`,
   * which every page of the family shares (and hashes as one): a version that got lost would
   * have the page of each other version written again, with the same bytes. Nor for how many
   * days: the count grows with every day of mail.
   */
  lost: { kind: 'unanswered' | 'unapplied'; sinceMs: number } | undefined;
  versions: VersionModel[];
  /** The matrix: one row per patch title, one cell per version (the patch's position there, or 0). */
  grid: { title: string; cells: { index: number; path: string; tags: number }[] }[];
}

/** A lost series on the lost page and in its feed. */
export interface LostRowModel {
  id: number;
  path: string;
  title: string;
  version: number;
  author: string;
  kind: 'unanswered' | 'unapplied';
  days: number;
  sinceMs: number;
  postedMs: number;
  patches: number;
  tags: string;
}

/** `/<list>/patches/lost/`: the series that got no answer, and the reviewed ones never reported applied. */
export interface PatchesLostPageModel {
  kind: 'patchesLost';
  path: string;
  list: string;
  listTitle: string;
  newestMs: number;
  settings: { unansweredDays: number; unappliedDays: number };
  unanswered: LostRowModel[];
  unapplied: LostRowModel[];
}

/** The series bar on a patch's message page. */
export interface PatchBarModel {
  seriesPath: string;
  title: string;
  version: number;
  /** The message's position in the series (0: the cover letter). */
  index: number;
  total: number;
  cover: string | undefined;
  previous: { path: string; index: number; title: string } | undefined;
  next: { path: string; index: number; title: string } | undefined;
  versions: { version: number; path: string; current: boolean }[];
  state: PatchState;
  /** Tags given on this patch (and on the cover letter). */
  tags: TagModel[];
  mboxPath: string | undefined;
}

/** A file written beside the patch pages from the raw messages: a series as an mbox for `git am`. */
export interface PatchMboxModel {
  path: string;
  /** The patches in order: where each one's parsed text and raw bytes are, and the trailers to add. */
  patches: { entry: string; chunk: number; slot: number; span: [number, number]; bodyHash: string; rawHash: string; trailers: string[] }[];
}

/** Page names of the states. */
export const STATE_LABELS: Record<PatchState, string> = {
  new: 'new',
  reviewed: 'reviewed',
  'changes-requested': 'changes requested',
  applied: 'applied',
  superseded: 'superseded',
};

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** What the models of one list's patch pages read. */
interface Context {
  list: string;
  mode: Obfuscation;
  messages: readonly IndexedMessage[];
  patches: ListPatches;
}

function who(ctx: Context, n: number): string {
  const m = ctx.messages[n]!;
  return senderLabel(m.fromName, m.fromAddress, ctx.mode);
}

function messagePath(ctx: Context, n: number): string {
  return paths.message(ctx.list, ctx.messages[n]!.slug);
}

function tagModel(ctx: Context, t: SeriesTag): TagModel {
  return { kind: t.kind, who: senderLabel(t.name, t.address, ctx.mode), dateMs: t.dateMs, path: messagePath(ctx, t.n), onCover: t.index === 0, carried: t.carried, bySender: t.bySender };
}

function evidenceModel(ctx: Context, e: Evidence): EvidenceModel {
  return { text: obfuscateText(e.text, ctx.mode), who: e.n >= 0 ? who(ctx, e.n) : '', dateMs: e.dateMs, path: e.n >= 0 ? messagePath(ctx, e.n) : undefined };
}

function authorOf(ctx: Context, s: PatchSeries): string {
  return senderLabel(s.author.name, s.author.address, ctx.mode);
}

function seriesPath(ctx: Context, s: PatchSeries): string {
  return paths.patchSeries(ctx.list, s.slug);
}

/** A version's id on its family's pages and on the patch list, from its slug as its page's path is. */
function versionAnchor(s: PatchSeries): string {
  return `v-${s.slug}`;
}

/** A series can be downloaded for `git am` when it has patches. */
function mboxPathOf(ctx: Context, s: PatchSeries): string | undefined {
  return s.patches.length > 0 ? paths.patchMbox(ctx.list, s.slug, s.version) : undefined;
}

function tagCounts(s: PatchSeries): [string, number][] {
  const counts = new Map<string, number>();
  for (const t of s.tags) if (!t.carried) counts.set(t.kind, (counts.get(t.kind) ?? 0) + 1);
  return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * Version numbers as ranges (`[1, 3, 4, 4]` → `v1, v3–v4`), or empty when there is one version.
 *
 * @param versions the version numbers of a family, in any order, repeats allowed
 */
function versionRanges(versions: readonly number[]): string {
  const distinct = [...new Set(versions)].sort((a, b) => a - b);
  if (distinct.length < 2) return '';
  return formatRanges(distinct)
    .split(', ')
    .map((part) => part.replace(/\d+/g, 'v$&'))
    .join(', ');
}

function context(data: ListData, patches: ListPatches): Context {
  return { list: data.config.name, mode: data.config.obfuscation, messages: data.index.messages, patches };
}

/**
 * The list of a list's series, newest first.
 *
 * @param data the list
 * @param patches its series
 */
export function patchListPage(data: ListData, patches: ListPatches): PatchesPageModel {
  const ctx = context(data, patches);
  const rows: PatchRowModel[] = [...patches.series]
    .sort((a, b) => b.postedMs - a.postedMs || b.id - a.id)
    .map((s) => ({
      id: s.id,
      anchor: versionAnchor(s),
      path: seriesPath(ctx, s),
      title: s.title,
      version: s.version,
      familyVersions: versionRanges(patches.families[s.family]!.map((id) => patches.series[id]!.version)),
      author: authorOf(ctx, s),
      patches: s.patches.length,
      total: s.total,
      missing: s.missing.length,
      replies: s.replies,
      tags: tagCounts(s),
      state: s.state,
      evidence: cut(s.evidence[0] ? obfuscateText(s.evidence[0].text, ctx.mode) : '', ROW_EVIDENCE_CHARS),
      postedMs: s.postedMs,
      ageDays: Math.floor((patches.newestMs - s.postedMs) / DAY_MS),
      lost: s.lost?.kind,
      rfc: s.rfc,
      backport: s.backport,
    }));
  const counts = PATCH_STATES.map((state) => [state, patches.series.filter((s) => s.state === state).length] as [PatchState, number]);
  const lost = patches.series.filter((s) => s.lost !== undefined).length;
  return { kind: 'patches', path: paths.patches(ctx.list), list: ctx.list, listTitle: data.config.title, newestMs: patches.newestMs, counts, lost, settings: patches.settings, rows };
}

/**
 * The lost series of a list, the longest waiting first.
 *
 * @param data the list
 * @param patches its series
 */
export function patchLostPage(data: ListData, patches: ListPatches): PatchesLostPageModel {
  const ctx = context(data, patches);
  const lostRows = patches.series.filter((s) => s.lost !== undefined).map((s) => lostRow(ctx, s));
  const byWait = (a: LostRowModel, b: LostRowModel) => b.days - a.days || a.id - b.id;
  return {
    kind: 'patchesLost',
    path: paths.patchesLost(ctx.list),
    list: ctx.list,
    listTitle: data.config.title,
    newestMs: patches.newestMs,
    settings: patches.settings,
    unanswered: lostRows.filter((r) => r.kind === 'unanswered').sort(byWait),
    unapplied: lostRows.filter((r) => r.kind === 'unapplied').sort(byWait),
  };
}

/**
 * The models of a list's patch pages: the list of series, the lost series, one page per series.
 * None when the list has no patches (its pages then link none).
 *
 * @param data the list
 * @param patches its series
 */
export function patchPages(data: ListData, patches: ListPatches): (PatchesPageModel | PatchSeriesPageModel | PatchesLostPageModel)[] {
  if (patches.series.length === 0) return [];
  const ctx = context(data, patches);
  const pages: (PatchesPageModel | PatchSeriesPageModel | PatchesLostPageModel)[] = [patchListPage(data, patches), patchLostPage(data, patches)];
  for (const family of patches.families) {
    const versions = family.map((id) => versionModel(ctx, patches.series[id]!));
    const grid = versionGrid(ctx, family.map((id) => patches.series[id]!));
    family.forEach((id, k) => {
      const s = patches.series[id]!;
      const lost = s.lost ? { kind: s.lost.kind, sinceMs: s.lost.sinceMs } : undefined;
      pages.push({ kind: 'patchSeries', path: seriesPath(ctx, s), list: ctx.list, listTitle: data.config.title, title: s.title, current: k, lost, versions, grid });
    });
  }
  return pages;
}

function lostRow(ctx: Context, s: PatchSeries): LostRowModel {
  const lost = s.lost!;
  return {
    id: s.id,
    path: seriesPath(ctx, s),
    title: s.title,
    version: s.version,
    author: authorOf(ctx, s),
    kind: lost.kind,
    days: lost.days,
    sinceMs: lost.sinceMs,
    postedMs: s.postedMs,
    patches: s.patches.length,
    tags: tagCounts(s)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', '),
  };
}

function versionModel(ctx: Context, s: PatchSeries): VersionModel {
  const replyLinks = (ns: readonly number[]) => ns.slice(0, SHOWN_REPLIES).map((r) => ({ path: messagePath(ctx, r), who: who(ctx, r), dateMs: ctx.messages[r]!.dateMs }));
  const previous = s.previous ? ctx.patches.series[s.previous.id] : undefined;
  return {
    anchor: versionAnchor(s),
    version: s.version,
    path: seriesPath(ctx, s),
    mboxPath: mboxPathOf(ctx, s),
    title: s.title,
    author: authorOf(ctx, s),
    firstMs: s.firstMs,
    postedMs: s.postedMs,
    rfc: s.rfc,
    resent: s.resent,
    backport: s.backport,
    prefixes: s.prefixes,
    state: s.state,
    evidence: s.evidence.map((e) => evidenceModel(ctx, e)),
    appliedPatches: s.appliedPatches,
    cover: s.covers.length > 0 ? { path: messagePath(ctx, s.covers[s.covers.length - 1]!), replies: replyLinks(s.coverReplies) } : undefined,
    patches: s.patches.map((p) => ({
      index: p.index,
      path: messagePath(ctx, p.n),
      title: p.title,
      postings: p.postings.length,
      diff: p.diff ? { ...p.diff, paths: p.diff.paths.slice(0, SHOWN_DIFF_PATHS) } : undefined,
      tags: p.tags.map((t) => tagModel(ctx, t)),
      replies: replyLinks(p.replies),
      moreReplies: Math.max(0, p.replies.length - SHOWN_REPLIES),
      applied: p.applied.map((e) => evidenceModel(ctx, e)),
    })),
    total: s.total,
    missing: formatRanges(s.missing),
    missingCount: s.missing.length,
    follows: s.previous && previous ? { version: previous.version, why: s.previous.why } : undefined,
  };
}

/** Patches of every version by title: a patch renamed between versions gets a row of its own. */
function versionGrid(ctx: Context, versions: readonly PatchSeries[]): PatchSeriesPageModel['grid'] {
  const rows = new Map<string, { title: string; cells: { index: number; path: string; tags: number }[] }>();
  // The latest version orders the rows; patches it dropped follow in the order they had.
  for (const s of [...versions].reverse()) {
    for (const p of s.patches) {
      const key = titleKey(p.title);
      if (!rows.has(key)) rows.set(key, { title: p.title, cells: versions.map(() => ({ index: 0, path: '', tags: 0 })) });
    }
  }
  versions.forEach((s, k) => {
    for (const p of s.patches) {
      const row = rows.get(titleKey(p.title))!;
      if (row.cells[k]!.index === 0) row.cells[k] = { index: p.index, path: messagePath(ctx, p.n), tags: p.tags.filter((t) => !t.carried).length };
    }
  });
  return [...rows.values()];
}

/**
 * The series bar of a patch's or cover letter's message page, or undefined for other mail.
 *
 * @param data the list
 * @param patches its series
 * @param n the message's position in date order
 */
export function patchBar(data: ListData, patches: ListPatches, n: number): PatchBarModel | undefined {
  const member = patches.members.get(n);
  if (!member) return undefined;
  const ctx = context(data, patches);
  const s = patches.series[member.series]!;
  const at = s.patches.findIndex((p) => p.index === member.index);
  const near = (k: number) => {
    const p = s.patches[k];
    return p ? { path: messagePath(ctx, p.n), index: p.index, title: p.title } : undefined;
  };
  const own = member.index === 0 ? [] : (s.patches[at]?.tags ?? []);
  return {
    seriesPath: seriesPath(ctx, s),
    title: s.title,
    version: s.version,
    index: member.index,
    total: s.total,
    cover: s.covers.length > 0 && member.index !== 0 ? messagePath(ctx, s.covers[s.covers.length - 1]!) : undefined,
    previous: member.index === 0 ? undefined : near(at - 1),
    next: member.index === 0 ? near(0) : near(at + 1),
    versions: patches.families[s.family]!.map((id) => ({ version: patches.series[id]!.version, path: seriesPath(ctx, patches.series[id]!), current: id === s.id })),
    state: s.state,
    tags: (member.index === 0 ? s.tags.filter((t) => t.index === 0) : own).map((t) => tagModel(ctx, t)),
    mboxPath: mboxPathOf(ctx, s),
  };
}

/**
 * The mbox files of a list's series: each version's patches in order, the latest posting of
 * each, with the trailers replies gave it (from their senders, as `b4 am` adds them).
 *
 * @param data the list
 * @param patches its series
 */
export function patchMboxes(data: ListData, patches: ListPatches): PatchMboxModel[] {
  const ctx = context(data, patches);
  const out: PatchMboxModel[] = [];
  for (const s of patches.series) {
    const path = mboxPathOf(ctx, s);
    if (path === undefined) continue;
    out.push({
      path,
      patches: s.patches.map((p) => {
        const body = data.columns.body[p.n]!;
        const trailers: string[] = [];
        for (const t of p.tags) {
          if (t.carried || !t.bySender) continue;
          const line = `${t.kind}: ${t.name === '' ? t.address : `${t.name} <${t.address}>`}`;
          if (!trailers.includes(line)) trailers.push(line);
        }
        return { entry: data.entries[body.source]!, chunk: body.chunk, slot: body.slot, span: data.columns.rawSpan[p.n]!, bodyHash: data.columns.bodyHash[p.n]!, rawHash: data.columns.rawHash[p.n]!, trailers };
      }),
    });
  }
  return out;
}

/** The JSON the list page's filters read: per series its row id, state, author, age and lost kind. */
export interface PatchFilterData {
  newestMs: number;
  states: PatchState[];
  authors: string[];
  /** `[row id, state (index into states), author (index into authors), age in days, lost: 0 no, 1 unanswered, 2 unapplied]`. */
  series: [number, number, number, number, number][];
}

/**
 * The filters' JSON of a list's series page.
 *
 * @param page the list page's model
 */
export function patchFilterData(page: PatchesPageModel): PatchFilterData {
  const authors = [...new Set(page.rows.map((r) => r.author))].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const authorIndex = new Map(authors.map((a, k) => [a, k]));
  const states = [...PATCH_STATES];
  return {
    newestMs: page.newestMs,
    states,
    authors,
    series: page.rows.map((r) => [r.id, states.indexOf(r.state), authorIndex.get(r.author)!, r.ageDays, r.lost === 'unanswered' ? 1 : r.lost === 'unapplied' ? 2 : 0]),
  };
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function xml(text: string): string {
  // Characters XML 1.0 does not allow (controls from mail) are dropped, not escaped.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/**
 * The lost series as an Atom feed (RFC 4287): one entry per series, the longest waiting first,
 * updated when it became lost (so a reader sees it once), dated by the archive, never the clock.
 *
 * @param page the lost page's model
 * @param url a site path as the absolute URL (or path) the feed links
 */
export function lostFeedXml(page: PatchesLostPageModel, url: (path: string) => string): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { unansweredDays, unappliedDays } = page.settings;
  const rows = [...page.unanswered, ...page.unapplied].sort((a, b) => b.days - a.days || a.id - b.id);
  const lostAt = (r: LostRowModel) => r.sinceMs + (r.kind === 'unanswered' ? unansweredDays : unappliedDays) * DAY_MS;
  const entries = rows.map((r) => {
    const what = r.kind === 'unanswered' ? `no reply from anyone but its author for ${r.days} days` : `reviewed (${r.tags}) and not reported applied for ${r.days} days`;
    return [
      '  <entry>',
      `    <title>${xml(`[v${r.version}] ${r.title || '(no subject)'}`)}</title>`,
      `    <link href="${xml(url(r.path))}"/>`,
      // Permanent whatever the site's origin: the series and why it is lost (a review moves it).
      `    <id>${xml(feedIri(page.list, `${r.path}#lost-${r.kind}`))}</id>`,
      `    <updated>${iso(lostAt(r))}</updated>`,
      `    <published>${iso(r.postedMs)}</published>`,
      `    <author><name>${xml(r.author)}</name></author>`,
      `    <summary>${xml(`${r.patches} ${r.patches === 1 ? 'patch' : 'patches'} by ${r.author}: ${what}.`)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  const updated = Math.max(0, ...rows.map(lostAt));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(`Lost patches — ${page.listTitle}`)}</title>`,
    `  <subtitle>${xml(`Series with no reply after ${unansweredDays} days, or reviewed and not reported applied after ${unappliedDays} days`)}</subtitle>`,
    `  <link rel="self" href="${xml(url(paths.patchesLostFeed(page.list)))}"/>`,
    `  <link href="${xml(url(page.path))}"/>`,
    `  <id>${xml(feedIri(page.list, paths.patchesLostFeed(page.list)))}</id>`,
    `  <updated>${iso(rows.length > 0 ? updated : page.newestMs)}</updated>`,
    '  <generator>Threadline</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
