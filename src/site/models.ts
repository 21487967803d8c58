/**
 * Page models: for every page of the site, the data it shows, as plain JSON, computed from the
 * lists' indexes (never from bodies). A page is a pure function of its model and the compiled
 * site, so a model's hash is the page's key: a build renders the pages whose key changed.
 *
 * Bodies are the one input a model does not hold: it names the stored message and the hash of
 * its parsed content instead, and the renderer reads the message only when the page is rendered.
 */
import type { IndexedMessage } from '../lib/archive.ts';
import { senderLabel } from '../lib/format.ts';
import type { Obfuscation } from '../lib/list-config.ts';
import type { Detection, Minutes } from '../lib/minutes.ts';
import { sectionHref } from '../lib/minutes-view.ts';
import { ancestors, messageBar, monthBar, nextThread, shownAncestors, type BarLink } from '../lib/navigation.ts';
import type { TreeMessage } from '../lib/tree-html.ts';
import { attachmentExtension, paths } from '../lib/urls.ts';
import { MAX_THREAD_PAGE_MESSAGES, listOverview, monthMessages, monthThreads, threadLead, threadRows, threadSlug, type ListOverview, type MonthThread, type TreeRow } from '../lib/views.ts';
import type { ListData, ListSummary } from '../store/store.ts';
import type { ListPatches } from '../lib/patch-series.ts';
import type { ListMinutes } from './minutes-data.ts';
import { patchBar, patchPages, type PatchBarModel, type PatchesLostPageModel, type PatchesPageModel, type PatchSeriesPageModel } from './patch-models.ts';

/** A message in a list of links: path (relative to the base), subject, sender. */
export interface LinkModel {
  path: string;
  subject: string;
  who: string;
  inferred: boolean;
}

/** Where a message's parsed content is in the store, and its hash (what a page depends on). */
export interface BodyModel {
  /** The source entry, relative to the store. */
  entry: string;
  chunk: number;
  slot: number;
  hash: string;
}

/** What a message view shows: everything but the stored message itself. */
export interface ViewModel {
  list: string;
  slug: string;
  messageId: string;
  dateMs: number;
  offsetMinutes: number;
  duplicate: boolean;
  obfuscation: Obfuscation;
  body: BodyModel;
  /** Message-IDs the message names that are archived, with their pages. */
  links: Record<string, string>;
  inferredParent: { subject: string; path: string } | undefined;
  /** The sections of minutes this reply quotes. */
  replyingTo: { title: string; path: string }[] | undefined;
  /** The minutes this message is, with the replies that discuss each section. */
  minutes: { structure: Minutes; detection: Detection; discussions: [section: number, links: { path: string; label: string }[]][] } | undefined;
}

/** A message page: the view and what surrounds it. */
export interface MessagePageModel {
  kind: 'message';
  path: string;
  /** The message's position in date order (its view in the unit). */
  n: number;
  title: string;
  listTitle: string;
  month: string;
  bar: BarLink[];
  followUps: LinkModel[];
  references: { ghost: string | undefined; first: LinkModel[]; skipped: number; near: LinkModel[] };
  threadPath: string;
  nextThread: { path: string; subject: string } | undefined;
  /** For a patch or cover letter: its series bar and the tags given on it. */
  patch?: PatchBarModel;
}

/** A thread page: its tree and its first messages in full. */
export interface ThreadPageModel {
  kind: 'thread';
  path: string;
  list: string;
  title: string;
  listTitle: string;
  subject: string;
  count: number;
  /** Messages shown in full, by position. */
  shown: number[];
}

/** The pages of one thread, rendered together: they share the thread's tree and its messages' views. */
export interface ThreadUnit {
  kind: 'thread';
  list: string;
  obfuscation: Obfuscation;
  threadPath: string;
  /** The thread's rows and the messages they show. */
  rows: TreeRow[];
  messages: Record<number, TreeMessage>;
  views: Record<number, ViewModel>;
  pages: (MessagePageModel | ThreadPageModel)[];
  /** Raw files and attachments of the thread's messages. */
  files: RawFileModel[];
}

/** A file copied from a message's original bytes: `raw.txt`, or an attachment. */
export interface RawFileModel {
  path: string;
  entry: string;
  chunk: number;
  span: [offset: number, length: number];
  hash: string;
}

/** The date index of a month. */
export interface MonthPageModel {
  kind: 'month';
  path: string;
  list: string;
  listTitle: string;
  month: string;
  bar: BarLink[];
  messages: { path: string; subject: string; who: string; dateMs: number; offsetMinutes: number }[];
}

/** The thread index of a month. */
export interface MonthThreadsPageModel {
  kind: 'monthThreads';
  path: string;
  list: string;
  listTitle: string;
  month: string;
  bar: BarLink[];
  obfuscation: Obfuscation;
  threads: MonthThread[];
  messages: Record<number, TreeMessage>;
}

/** A list's home page. */
export interface ListPageModel {
  kind: 'list';
  path: string;
  list: string;
  title: string;
  description: string;
  messages: number;
  threads: number;
  hasMinutes: boolean;
  /** Patch series found in the list (0: the list links no patch pages), and how many got lost. */
  patches: { series: number; lost: number };
  overview: ListOverview;
}

/** A list's minutes, action items or decisions page. */
export interface MinutesPageModel {
  kind: 'minutes' | 'minutesActions' | 'minutesDecisions';
  path: string;
  list: string;
  listTitle: string;
  obfuscation: Obfuscation;
  entries: { path: string; subject: string; dateMs: number; structure: Minutes; replies: number }[];
}

/** The home page, search, lookup and not-found pages: they list the lists. */
export interface SitePageModel {
  kind: 'home' | 'search' | 'lookup' | 'notFound';
  path: string;
  lists: { name: string; title: string; description: string; messages: number; threads: number; firstMs: number; lastMs: number }[];
}

/** Every kind of page a template renders. */
export type PageModel =
  | MessagePageModel
  | ThreadPageModel
  | MonthPageModel
  | MonthThreadsPageModel
  | ListPageModel
  | MinutesPageModel
  | PatchesPageModel
  | PatchSeriesPageModel
  | PatchesLostPageModel
  | SitePageModel;

/** What a list's pages need besides its index. */
export interface ListContext {
  data: ListData;
  minutes: ListMinutes;
  patches: ListPatches;
}

function linkOf(ctx: ListContext, k: number): LinkModel {
  const m = ctx.data.index.messages[k]!;
  return { path: paths.message(ctx.data.config.name, m.slug), subject: m.subject, who: senderLabel(m.fromName, m.fromAddress, ctx.data.config.obfuscation), inferred: m.inferred };
}

function treeMessage(m: IndexedMessage): TreeMessage {
  return { slug: m.slug, subject: m.subject, fromName: m.fromName, fromAddress: m.fromAddress, dateMs: m.dateMs, inferred: m.inferred };
}

/**
 * The view model of a message.
 *
 * @param ctx the list
 * @param n the message's position in date order
 * @param slugs archived Message-IDs and their slugs
 */
export function viewModel(ctx: ListContext, n: number, slugs: ReadonlyMap<string, string>): ViewModel {
  const { data, minutes } = ctx;
  const list = data.config.name;
  const index = data.index;
  const m = index.messages[n]!;
  const body = data.columns.body[n]!;
  const links: Record<string, string> = {};
  for (const id of data.columns.mentions[n]!) {
    const slug = slugs.get(id);
    if (slug !== undefined) links[id] = paths.message(list, slug);
  }
  const parent = m.parent >= 0 ? index.messages[m.parent] : undefined;
  const entry = minutes.byMessage.get(n);
  const replying = minutes.byReply.get(n);
  const pathOf = (k: number) => paths.message(list, index.messages[k]!.slug);
  let minutesModel: ViewModel['minutes'];
  if (entry) {
    const bySection = new Map<number, { path: string; label: string }[]>();
    for (const r of entry.replies) {
      for (const section of new Set(r.quotes.map((q) => q.section))) {
        const rm = index.messages[r.n]!;
        const links = bySection.get(section) ?? [];
        links.push({ path: pathOf(r.n), label: `${senderLabel(rm.fromName, rm.fromAddress, data.config.obfuscation)}, ${rm.subject}` });
        bySection.set(section, links);
      }
    }
    minutesModel = { structure: entry.structure, detection: entry.detection, discussions: [...bySection].sort((a, b) => a[0] - b[0]) };
  }
  return {
    list,
    slug: m.slug,
    messageId: m.messageId,
    dateMs: m.dateMs,
    offsetMinutes: m.offsetMinutes,
    duplicate: m.duplicate,
    obfuscation: data.config.obfuscation,
    body: { entry: data.entries[body.source]!, chunk: body.chunk, slot: body.slot, hash: data.columns.bodyHash[n]! },
    links,
    inferredParent: m.inferred && parent ? { subject: parent.subject, path: pathOf(parent.n) } : undefined,
    replyingTo: replying
      ? [...new Set(replying.quotes.map((q) => q.section))].map((k) => {
          const section = replying.entry.structure.sections[k];
          return { title: section?.title ?? '', path: sectionHref(pathOf(replying.entry.n), section) };
        })
      : undefined,
    minutes: minutesModel,
  };
}

/**
 * The render unit of one thread: its message pages, its thread page, its messages' files.
 *
 * @param ctx the list
 * @param thread the thread's position
 * @param slugs archived Message-IDs and their slugs
 */
export function threadUnit(ctx: ListContext, thread: number, slugs: ReadonlyMap<string, string>): ThreadUnit {
  const { data } = ctx;
  const list = data.config.name;
  const index = data.index;
  const t = index.threads[thread]!;
  const threadPath = paths.thread(list, threadSlug(index, thread));
  const messages: Record<number, TreeMessage> = {};
  const views: Record<number, ViewModel> = {};
  const pages: ThreadUnit['pages'] = [];
  const files: RawFileModel[] = [];
  for (const n of t.messages) {
    const m = index.messages[n]!;
    messages[n] = treeMessage(m);
    views[n] = viewModel(ctx, n, slugs);
    const shown = shownAncestors(ancestors(index, n));
    const next = nextThread(index, n);
    const patch = patchBar(data, ctx.patches, n);
    pages.push({
      kind: 'message',
      path: paths.message(list, m.slug),
      n,
      title: `${m.subject || '(no subject)'} — ${data.config.title}`,
      listTitle: data.config.title,
      month: m.month,
      bar: messageBar(list, index, n),
      followUps: m.children.map((k) => linkOf(ctx, k)),
      references: { ghost: m.ghostParent >= 0 ? index.ghosts[m.ghostParent] : undefined, first: shown.first.map((k) => linkOf(ctx, k)), skipped: shown.skipped, near: shown.near.map((k) => linkOf(ctx, k)) },
      threadPath,
      nextThread: next >= 0 ? { path: paths.message(list, index.messages[next]!.slug), subject: index.messages[next]!.subject } : undefined,
      ...(patch ? { patch } : {}),
    });
    const body = data.columns.body[n]!;
    const entry = data.entries[body.source]!;
    files.push({ path: paths.raw(list, m.slug), entry, chunk: body.chunk, span: data.columns.rawSpan[n]!, hash: data.columns.rawHash[n]! });
    data.columns.attachments[n]!.forEach(([type, offset, length], k) => {
      files.push({ path: paths.attachment(list, m.slug, k, attachmentExtension(type)), entry, chunk: body.chunk, span: [offset, length], hash: `${data.columns.rawHash[n]!}:${k}` });
    });
  }
  const lead = threadLead(index, thread);
  pages.push({
    kind: 'thread',
    path: threadPath,
    list,
    title: `${lead.subject || '(no subject)'} (thread) — ${data.config.title}`,
    listTitle: data.config.title,
    subject: lead.subject,
    count: t.messages.length,
    // A thread of thousands of messages would make a page of hundreds of megabytes: the first
    // MAX_THREAD_PAGE_MESSAGES are shown in full, the tree links the rest to their own pages.
    shown: t.messages.slice(0, MAX_THREAD_PAGE_MESSAGES),
  });
  return { kind: 'thread', list, obfuscation: data.config.obfuscation, threadPath, rows: threadRows(index, thread), messages, views, pages, files };
}

/**
 * The pages of a list besides its threads: home, months, minutes, patches.
 *
 * @param ctx the list
 */
export function listPages(ctx: ListContext): PageModel[] {
  const { data, minutes } = ctx;
  const list = data.config.name;
  const index = data.index;
  const mode = data.config.obfuscation;
  const pages: PageModel[] = [
    {
      kind: 'list',
      path: paths.list(list),
      list,
      title: data.config.title,
      description: data.config.description,
      messages: index.messages.length,
      threads: index.threads.length,
      hasMinutes: minutes.entries.length > 0,
      patches: { series: ctx.patches.series.length, lost: ctx.patches.series.filter((s) => s.lost !== undefined).length },
      overview: listOverview(index),
    },
  ];
  for (const { month } of index.months) {
    pages.push({
      kind: 'month',
      path: paths.month(list, month),
      list,
      listTitle: data.config.title,
      month,
      bar: monthBar(list, index, month, 'date'),
      messages: monthMessages(index, month).map((m) => ({ path: paths.message(list, m.slug), subject: m.subject, who: senderLabel(m.fromName, m.fromAddress, mode), dateMs: m.dateMs, offsetMinutes: m.offsetMinutes })),
    });
    const threads = monthThreads(index, month);
    const messages: Record<number, TreeMessage> = {};
    for (const t of threads) for (const r of t.rows) if (r.n >= 0) messages[r.n] = treeMessage(index.messages[r.n]!);
    pages.push({ kind: 'monthThreads', path: paths.monthThreads(list, month), list, listTitle: data.config.title, month, bar: monthBar(list, index, month, 'threads'), obfuscation: mode, threads, messages });
  }
  if (minutes.entries.length > 0) {
    const entries = minutes.entries.map((e) => {
      const m = index.messages[e.n]!;
      return { path: paths.message(list, m.slug), subject: m.subject, dateMs: m.dateMs, structure: e.structure, replies: e.replies.length };
    });
    for (const [kind, path] of [
      ['minutes', paths.minutes(list)],
      ['minutesActions', paths.minutesActions(list)],
      ['minutesDecisions', paths.minutesDecisions(list)],
    ] as const) {
      pages.push({ kind, path, list, listTitle: data.config.title, obfuscation: mode, entries });
    }
  }
  pages.push(...patchPages(data, ctx.patches));
  return pages;
}

/**
 * The pages of the whole site that list the lists.
 *
 * @param lists every list's summary
 */
export function sitePages(lists: readonly ListSummary[]): SitePageModel[] {
  const shown = lists.map((l) => ({ name: l.config.name, title: l.config.title, description: l.config.description, messages: l.messages, threads: l.threads, firstMs: l.firstMs, lastMs: l.lastMs }));
  return [
    { kind: 'home', path: paths.home(), lists: shown },
    { kind: 'search', path: paths.search(), lists: shown },
    { kind: 'lookup', path: paths.lookup(), lists: shown },
    { kind: 'notFound', path: '404.html', lists: shown },
  ];
}

/**
 * The slugs of a list's archived Message-IDs (the first message using each), for links.
 *
 * @param data the list
 */
export function slugsById(data: ListData): Map<string, string> {
  const table = new Map<string, string>();
  for (const m of data.index.messages) if (!table.has(m.messageId)) table.set(m.messageId, m.slug);
  return table;
}
