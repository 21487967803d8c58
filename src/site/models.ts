/**
 * Page models: for every page of the site, the data it shows, as plain JSON, computed from the
 * lists' indexes (never from bodies). A page is a pure function of its model and the compiled
 * site, so a model's hash is the page's key: a build renders the pages whose key changed.
 *
 * Bodies are the one input a model does not hold: it names the stored message and the hash of
 * its parsed content instead, and the renderer reads the message only when the page is rendered.
 */
import { recordedSender } from '../lib/analysis.ts';
import type { IndexedMessage } from '../lib/archive.ts';
import { messageSender, type ListAuthors } from '../lib/authors.ts';
import { FEED_ENTRIES, messageIri } from '../lib/feeds.ts';
import { senderLabel } from '../lib/format.ts';
import type { Address } from '../lib/message.ts';
import { removalReason } from '../lib/removal.ts';
import type { Obfuscation } from '../lib/list-config.ts';
import type { Detection, Minutes } from '../lib/minutes.ts';
import { sectionHref } from '../lib/minutes-view.ts';
import { ancestors, messageBar, monthBar, nextThread, shownAncestors, type BarLink } from '../lib/navigation.ts';
import type { TreeMessage } from '../lib/tree-html.ts';
import { attachmentExtension, paths } from '../lib/urls.ts';
import { baseSubject } from '../lib/subject.ts';
import { LONG_THREAD_MESSAGES, MAX_THREAD_PAGE_MESSAGES, THREAD_OPEN_MESSAGES, listOverview, monthMessages, monthThreads, threadLead, threadRows, threadSlug, type ListOverview, type MonthThread, type TreeRow } from '../lib/views.ts';
import type { ListData, ListSummary } from '../store/store.ts';
import type { ListPatches } from '../lib/patch-series.ts';
import type { ListMinutes } from './minutes-data.ts';
import { decisionRows, meetingPages, type ListMeetings, type MinutesSeriesPageModel, type MinutesTopicsPageModel, type SeriesRowModel } from './minutes-models.ts';
import { patchBar, patchPages, type PatchBarModel, type PatchesLostPageModel, type PatchesPageModel, type PatchSeriesPageModel } from './patch-models.ts';

/** A message in a list of links: path (relative to the base), subject, sender, date. */
export interface LinkModel {
  path: string;
  subject: string;
  who: string;
  dateMs: number;
  /** The subject is not its parent's: the link shows it (else sender and day). */
  newSubject: boolean;
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
  /** Where replies go: the list's posting address (empty: none), and the sender when the list shows addresses. */
  reply: { list: string; sender: string | undefined };
  /** Why the message was removed from the site (list.json `remove`); its page shows this instead. */
  removed: string | undefined;
}

/** A feed a page announces in its head (`<link rel="alternate">`). */
export interface FeedLink {
  title: string;
  path: string;
}

/** A message page: the view and what surrounds it. */
export interface MessagePageModel {
  kind: 'message';
  path: string;
  /** The message's position in date order (its view in the unit). */
  n: number;
  subject: string;
  listTitle: string;
  month: string;
  bar: BarLink[];
  followUps: LinkModel[];
  references: { ghost: string | undefined; first: LinkModel[]; folded: LinkModel[]; skipped: number; near: LinkModel[] };
  threadPath: string;
  nextThread: { path: string; subject: string } | undefined;
  /** The thread's and the month's mbox. */
  downloads: { thread: string; month: string };
  /** The list's and the thread's feeds. */
  feeds: [FeedLink, FeedLink];
  /** For a patch or cover letter: its series bar and the tags given on it. */
  patch?: PatchBarModel;
}

/** A thread page: its tree and its first messages in full. */
export interface ThreadPageModel {
  kind: 'thread';
  path: string;
  list: string;
  listTitle: string;
  subject: string;
  count: number;
  /** The first and last message's dates. */
  firstMs: number;
  lastMs: number;
  /** The latest message: its slug, and whether this page shows it (else its own page is linked). */
  latest: { slug: string; onPage: boolean };
  /** Messages shown, by position, in thread order. */
  shown: number[];
  /** How many of them are open; the rest are folded (see THREAD_OPEN_MESSAGES). */
  open: number;
  /** Who wrote in the thread, most messages first, with their author pages. */
  participants: { name: string; path: string; count: number }[];
  /** The thread as mbox and as a feed. */
  downloads: { mbox: string; feed: string };
  feeds: FeedLink[];
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
  /** The thread's mbox and feed. */
  downloads: DownloadModel[];
}

/** A message's original bytes, as an mbox download takes them. */
export interface RawRef {
  entry: string;
  chunk: number;
  span: [offset: number, length: number];
  dateMs: number;
  hash: string;
}

/** An mbox download (`thread.mbox.gz`, `<yyyy>-<mm>.mbox.gz`): the messages' bytes in date order, gzip'd. */
export interface MboxModel {
  kind: 'mbox';
  path: string;
  messages: RawRef[];
}

/** An Atom feed: its entries name their messages' stored bodies, read when the feed is written. */
export interface FeedModel {
  kind: 'feed';
  path: string;
  list: string;
  title: string;
  subtitle: string;
  /** The page the feed follows. */
  alternate: string;
  /** What links are made absolute with: the site's origin and base, or the base alone. */
  origin: string;
  obfuscation: Obfuscation;
  entries: { id: string; title: string; path: string; dateMs: number; author: { name: string; email: string | undefined }; body: BodyModel }[];
}

/** A file made from stored messages rather than a template. */
export type DownloadModel = MboxModel | FeedModel;

/** A download with its key (see `downloadKey` in build.ts): what a render task writes, and under what key. */
export interface KeyedDownload {
  model: DownloadModel;
  key: string;
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
  /** Its messages in date order; `slug` names each entry's anchor (see navigation.ts). */
  messages: { slug: string; path: string; subject: string; who: string; dateMs: number; offsetMinutes: number }[];
  /** The month as mbox. */
  mbox: string;
  feeds: FeedLink[];
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
  /** The month as mbox. */
  mbox: string;
  feeds: FeedLink[];
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
  /** How to post, subscribe and unsubscribe, and the list's own page (empty when not set). */
  join: { address: string; subscribe: string; unsubscribe: string; url: string };
  feeds: FeedLink[];
  authors: string;
}

/** A list's authors page. */
export interface AuthorsPageModel {
  kind: 'authors';
  path: string;
  list: string;
  listTitle: string;
  /** The sortable data file the page's script reads. */
  data: string;
  authors: { slug: string; path: string; name: string; messages: number; firstMs: number; lastMs: number; threadsStarted: number; search: string }[];
  feeds: FeedLink[];
}

/** One author's page: their messages by month. */
export interface AuthorPageModel {
  kind: 'author';
  path: string;
  list: string;
  listTitle: string;
  name: string;
  messages: number;
  threadsStarted: number;
  firstMs: number;
  lastMs: number;
  search: string;
  months: { month: string; messages: { path: string; subject: string; dateMs: number; offsetMinutes: number }[] }[];
  feeds: FeedLink[];
}

/** A list's minutes, action items or decisions page. */
export interface MinutesPageModel {
  kind: 'minutes' | 'minutesActions' | 'minutesDecisions';
  path: string;
  list: string;
  listTitle: string;
  obfuscation: Obfuscation;
  entries: { path: string; subject: string; dateMs: number; structure: Minutes; replies: number }[];
  /** The meeting series, latest meeting first (see minutes-models.ts). */
  series: SeriesRowModel[];
  /** Every decision with its series and day, newest meeting first. */
  decisions: { text: string; series: string; date: string | null; path: string }[];
  /** The list's minutes as data. */
  data: string;
}

/**
 * The home page, search, lookup and not-found pages: they list the lists. Only the home page
 * shows their sizes and dates; the others hold no more than they show, so that new mail does
 * not write them again.
 */
export type SitePageModel =
  | { kind: 'home'; path: string; lists: { name: string; title: string; description: string; messages: number; threads: number; firstMs: number; lastMs: number }[] }
  | { kind: 'search' | 'lookup' | 'notFound'; path: string; lists: { name: string; title: string }[] };

/** Every kind of page a template renders. */
export type PageModel =
  | MessagePageModel
  | ThreadPageModel
  | MonthPageModel
  | MonthThreadsPageModel
  | ListPageModel
  | AuthorsPageModel
  | AuthorPageModel
  | MinutesPageModel
  | MinutesSeriesPageModel
  | MinutesTopicsPageModel
  | PatchesPageModel
  | PatchSeriesPageModel
  | PatchesLostPageModel
  | SitePageModel;

/** What a list's pages need besides its index. */
export interface ListContext {
  data: ListData;
  minutes: ListMinutes;
  /** The minutes grouped into meeting series. */
  meetings: ListMeetings;
  patches: ListPatches;
  authors: ListAuthors;
  /** What feeds make links absolute with: the site's origin and base, or the base alone. */
  origin: string;
}

/**
 * Whether a message was removed from the site (list.json `remove`).
 *
 * @param ctx the list
 * @param n the message's position
 */
export function isRemoved(ctx: Pick<ListContext, 'data'>, n: number): boolean {
  return removalReason(ctx.data.config.remove, ctx.data.index.messages[n]!.messageId) !== undefined;
}

/** The feeds every page of a list announces, and a thread's. */
function listFeeds(ctx: ListContext): FeedLink[] {
  const { name, title } = ctx.data.config;
  return [
    { title: `${title}: newest messages`, path: paths.listFeed(name) },
    { title: `${title}: new threads`, path: paths.threadsFeed(name) },
  ];
}

/** The shown sender of a message: its real sender (see lib/authors.ts) under the list's obfuscation. */
function shownSender(ctx: Pick<ListContext, 'data'>, n: number): Address {
  const m = ctx.data.index.messages[n]!;
  return messageSender(m, ctx.data.columns.analysis[n]);
}

function rawRef(ctx: Pick<ListContext, 'data'>, n: number): RawRef {
  const { data } = ctx;
  const body = data.columns.body[n]!;
  return { entry: data.entries[body.source]!, chunk: body.chunk, span: data.columns.rawSpan[n]!, dateMs: data.index.messages[n]!.dateMs, hash: data.columns.rawHash[n]! };
}

/**
 * A feed of messages: each entry is a message, newest first.
 *
 * @param ctx the list
 * @param path the feed's path
 * @param title its title
 * @param subtitle its subtitle
 * @param alternate the page it follows
 * @param messages the messages (removed ones are left out)
 */
function feedModel(ctx: DownloadContext, path: string, title: string, subtitle: string, alternate: string, messages: readonly number[]): FeedModel {
  const { data } = ctx;
  const mode = data.config.obfuscation;
  const entries = messages
    .filter((n) => !isRemoved(ctx, n))
    .map((n) => {
      const m = data.index.messages[n]!;
      const sender = shownSender(ctx, n);
      const body = data.columns.body[n]!;
      return {
        id: messageIri(m.messageId, m.slug, m.duplicate),
        title: m.subject,
        path: paths.message(data.config.name, m.slug),
        dateMs: m.dateMs,
        author: { name: senderLabel(sender.name, sender.address, mode), email: mode === 'none' && sender.address.includes('@') ? sender.address : undefined },
        body: { entry: data.entries[body.source]!, chunk: body.chunk, slot: body.slot, hash: data.columns.bodyHash[n]! },
      };
    });
  return { kind: 'feed', path, list: data.config.name, title, subtitle, alternate, origin: ctx.origin, obfuscation: mode, entries };
}

/**
 * A search for an author's messages (`from:` with their name's words).
 *
 * @param name the author's name as shown
 */
function authorSearch(name: string): string {
  const words = name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return `${paths.search()}?q=${encodeURIComponent(words.map((w) => `+from:${w}`).join(' '))}`;
}

function linkOf(ctx: ListContext, k: number): LinkModel {
  const m = ctx.data.index.messages[k]!;
  const parent = m.parent >= 0 ? ctx.data.index.messages[m.parent] : undefined;
  const sender = shownSender(ctx, k);
  return {
    path: paths.message(ctx.data.config.name, m.slug),
    subject: m.subject,
    who: senderLabel(sender.name, sender.address, ctx.data.config.obfuscation),
    dateMs: m.dateMs,
    newSubject: parent === undefined || baseSubject(parent.subject) !== baseSubject(m.subject),
    inferred: m.inferred,
  };
}

function treeMessage(ctx: ListContext, m: IndexedMessage): TreeMessage {
  const sender = shownSender(ctx, m.n);
  return { slug: m.slug, subject: m.subject, fromName: sender.name, fromAddress: sender.address, dateMs: m.dateMs, inferred: m.inferred };
}

/**
 * The view model of a message.
 *
 * @param ctx the list
 * @param n the message's position in date order
 * @param slugs archived Message-IDs and their slugs
 */
export function viewModel(ctx: ListContext, n: number, slugs: ReadonlyMap<string, string>): ViewModel {
  const { data } = ctx;
  const list = data.config.name;
  const index = data.index;
  const m = index.messages[n]!;
  const body = data.columns.body[n]!;
  const parent = m.parent >= 0 ? index.messages[m.parent] : undefined;
  const { links, minutes, replyingTo } = viewOfList(ctx, n, slugs);
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
    inferredParent: m.inferred && parent ? { subject: parent.subject, path: paths.message(list, parent.slug) } : undefined,
    replyingTo,
    minutes,
    reply: { list: data.config.address, sender: data.config.obfuscation === 'none' ? shownSender(ctx, n).address || undefined : undefined },
    removed: removalReason(data.config.remove, m.messageId),
  };
}

/**
 * What a message's view shows of the list beyond its own index row, columns and the list's
 * settings (and its parent's row, which is in its thread): the pages of the archived messages it
 * names, its minutes with the replies that discuss each section, the sections it replies to.
 * `threadInput` holds what these are made from (`viewInput`) rather than the views, which are
 * made only for threads that changed.
 *
 * @param ctx the list
 * @param n the message's position in date order
 * @param slugs archived Message-IDs and their slugs
 */
function viewOfList(ctx: ListContext, n: number, slugs: ReadonlyMap<string, string>): Pick<ViewModel, 'links' | 'minutes' | 'replyingTo'> {
  const list = ctx.data.config.name;
  // Object.fromEntries defines each key: an id of `__proto__` stays a key, not the prototype.
  const links: Record<string, string> = Object.fromEntries(
    ctx.data.columns.mentions[n]!.flatMap((id) => {
      const slug = slugs.get(id);
      return slug === undefined ? [] : [[id, paths.message(list, slug)]];
    }),
  );
  return { links, ...minutesOfView(ctx, n) };
}

/**
 * What `viewOfList` is made from, for a thread's input: the slug of each Message-ID the message
 * names (null where the list has none), in the order of its `mentions` column (sorted, each
 * once), from which its links follow with the list's name; and its minutes and the sections it
 * replies to. The links themselves, made for every message of the list that names another,
 * cost each update more than these slugs.
 *
 * @param ctx the list
 * @param n the message's position in date order
 * @param slugs archived Message-IDs and their slugs
 */
function viewInput(ctx: ListContext, n: number, slugs: ReadonlyMap<string, string>): unknown {
  const { minutes } = ctx;
  const mentions = ctx.data.columns.mentions[n]!;
  const inMinutes = minutes.byMessage.has(n) || minutes.byReply.has(n);
  // A message that names no other and is in no minutes shows nothing of the list (most do).
  if (mentions.length === 0 && !inMinutes) return 0;
  return [mentions.map((id) => slugs.get(id) ?? null), inMinutes ? minutesOfView(ctx, n) : 0];
}

/**
 * A view's minutes: the message's own, with the replies that discuss each section, and the
 * sections of another's it replies to.
 *
 * @param ctx the list
 * @param n the message's position in date order
 */
function minutesOfView(ctx: ListContext, n: number): Pick<ViewModel, 'minutes' | 'replyingTo'> {
  const { data, minutes } = ctx;
  const list = data.config.name;
  const index = data.index;
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
  const replyingTo = replying
    ? [...new Set(replying.quotes.map((q) => q.section))].map((k) => {
        const section = replying.entry.structure.sections[k];
        return { title: section?.title ?? '', path: sectionHref(pathOf(replying.entry.n), section) };
      })
    : undefined;
  return { minutes: minutesModel, replyingTo };
}

/** The view models and series bars of a thread's messages: the bars made for its input, the views only for its unit. */
export interface ThreadParts {
  views: Record<number, ViewModel>;
  bars: Record<number, PatchBarModel | undefined>;
}

/**
 * The series bars of a thread's messages: made for its input, and kept for its unit.
 *
 * @param ctx the list
 * @param thread the thread's position
 */
export function threadBars(ctx: ListContext, thread: number): ThreadParts['bars'] {
  const bars: ThreadParts['bars'] = {};
  for (const n of ctx.data.index.threads[thread]!.messages) bars[n] = patchBar(ctx.data, ctx.patches, n);
  return bars;
}

/**
 * The view models and series bars of a thread's messages, for its unit.
 *
 * @param ctx the list
 * @param thread the thread's position
 * @param slugs archived Message-IDs and their slugs
 * @param bars its messages' series bars (`threadBars`)
 */
export function threadParts(ctx: ListContext, thread: number, slugs: ReadonlyMap<string, string>, bars: ThreadParts['bars']): ThreadParts {
  const parts: ThreadParts = { views: {}, bars };
  for (const n of ctx.data.index.threads[thread]!.messages) parts.views[n] = viewModel(ctx, n, slugs);
  return parts;
}

/**
 * The render unit of one thread: its message pages, its thread page, its messages' files.
 *
 * @param ctx the list
 * @param thread the thread's position
 * @param parts its messages' view models and series bars (`threadParts`)
 */
export function threadUnit(ctx: ListContext, thread: number, parts: ThreadParts): ThreadUnit {
  const { data } = ctx;
  const list = data.config.name;
  const index = data.index;
  const t = index.threads[thread]!;
  const slug = threadSlug(index, thread);
  const threadPath = paths.thread(list, slug);
  const feeds = listFeeds(ctx);
  const threadFeed: FeedLink = { title: `Thread: ${threadLead(index, thread).subject || '(no subject)'}`, path: paths.threadFeed(list, slug) };
  const messages: Record<number, TreeMessage> = {};
  const views: Record<number, ViewModel> = {};
  const pages: ThreadUnit['pages'] = [];
  const files: RawFileModel[] = [];
  for (const n of t.messages) {
    const m = index.messages[n]!;
    messages[n] = treeMessage(ctx, m);
    views[n] = parts.views[n]!;
    const shown = shownAncestors(ancestors(index, n));
    const next = nextThread(index, n);
    const patch = parts.bars[n];
    pages.push({
      kind: 'message',
      path: paths.message(list, m.slug),
      n,
      subject: m.subject,
      listTitle: data.config.title,
      month: m.month,
      bar: messageBar(list, index, n),
      followUps: m.children.map((k) => linkOf(ctx, k)),
      references: {
        ghost: m.ghostParent >= 0 ? index.ghosts[m.ghostParent] : undefined,
        first: shown.first.map((k) => linkOf(ctx, k)),
        folded: shown.folded.map((k) => linkOf(ctx, k)),
        skipped: shown.skipped,
        near: shown.near.map((k) => linkOf(ctx, k)),
      },
      threadPath,
      nextThread: next >= 0 ? { path: paths.message(list, index.messages[next]!.slug), subject: index.messages[next]!.subject } : undefined,
      downloads: { thread: paths.threadMbox(list, slug), month: paths.monthMbox(list, m.month) },
      feeds: [feeds[0]!, threadFeed],
      ...(patch ? { patch } : {}),
    });
    // A removed message keeps its page; its bytes and attachments are not published.
    if (isRemoved(ctx, n)) continue;
    const body = data.columns.body[n]!;
    const entry = data.entries[body.source]!;
    files.push({ path: paths.raw(list, m.slug), entry, chunk: body.chunk, span: data.columns.rawSpan[n]!, hash: data.columns.rawHash[n]! });
    data.columns.attachments[n]!.forEach(([type, offset, length], k) => {
      files.push({ path: paths.attachment(list, m.slug, k, attachmentExtension(type)), entry, chunk: body.chunk, span: [offset, length], hash: `${data.columns.rawHash[n]!}:${k}` });
    });
  }
  const lead = threadLead(index, thread);
  let latest = t.messages[0]!;
  for (const n of t.messages) if (n > latest) latest = n;
  pages.push({
    kind: 'thread',
    path: threadPath,
    list,
    listTitle: data.config.title,
    subject: lead.subject,
    count: t.messages.length,
    firstMs: t.firstMs,
    lastMs: t.lastMs,
    // A thread of thousands of messages would make a page of hundreds of megabytes: the first
    // MAX_THREAD_PAGE_MESSAGES are shown in full, the tree links the rest to their own pages.
    latest: { slug: index.messages[latest]!.slug, onPage: t.messages.indexOf(latest) < MAX_THREAD_PAGE_MESSAGES },
    shown: t.messages.slice(0, MAX_THREAD_PAGE_MESSAGES),
    open: t.messages.length > LONG_THREAD_MESSAGES ? THREAD_OPEN_MESSAGES : MAX_THREAD_PAGE_MESSAGES,
    participants: participants(ctx, t.messages),
    downloads: { mbox: paths.threadMbox(list, slug), feed: threadFeed.path },
    feeds: [threadFeed, feeds[0]!],
  });
  return { kind: 'thread', list, obfuscation: data.config.obfuscation, threadPath, rows: threadRows(index, thread), messages, views, pages, files, downloads: threadDownloads(ctx, thread) };
}

/** What a list's downloads are made from: its index and columns, and the site's origin (not its minutes, series or authors). */
export type DownloadContext = Pick<ListContext, 'data' | 'origin'>;

/**
 * A thread's downloads: its mbox file and its feed. They follow from the index alone, so an update
 * can render them before it finds the minutes and series.
 *
 * @param ctx the list
 * @param thread the thread's position
 */
export function threadDownloads(ctx: DownloadContext, thread: number): DownloadModel[] {
  const { data } = ctx;
  const list = data.config.name;
  const index = data.index;
  const slug = threadSlug(index, thread);
  const lead = threadLead(index, thread);
  const kept = [...index.threads[thread]!.messages].sort((a, b) => a - b).filter((n) => !isRemoved(ctx, n));
  return [
    { kind: 'mbox', path: paths.threadMbox(list, slug), messages: kept.map((n) => rawRef(ctx, n)) },
    feedModel(ctx, paths.threadFeed(list, slug), `${lead.subject || '(no subject)'} — ${data.config.title}`, `The messages of a thread on ${data.config.title}`, paths.thread(list, slug), kept.slice(-FEED_ENTRIES)),
  ];
}

/**
 * Everything `threadUnit` reads, as one string, without making the unit: a build whose thread
 * has the input it had last time knows that its files' keys are those it recorded, and neither
 * makes the unit nor hashes its pages. It holds, for each of the thread's messages, its index
 * row (parent and children by their place in the thread, neighbours outside it by slug and parse
 * hash, so mail dated before the thread leaves it as it was: see `localPositions`), what its view
 * shows of the list (`viewInput`, what `viewOfList` is made from: the rest of a view is its row,
 * columns and the list's settings, so views are not made for threads that did not change), its
 * series bar, and the hashes of its body and of its raw bytes; for the thread, its row, ghost
 * root, participants and the next thread's first message. The list's settings and the compiled
 * site (which covers Threadline's code) are the caller's to add. What `threadUnit` comes to read
 * must be added here: the build tests build with `checkPlan`, which fails when a kept thread's
 * files would change, but only for mail that changes that input.
 *
 * What a page shows of a message's parse is held by the hash of the parse as the store keeps it
 * (`bodyHash`: the parsed message, its subject and sender too), a neighbour's subject likewise,
 * and of its analysis, the real sender and (through its series bar) its patch findings. Where the
 * store keeps a message is not held: pages show what it holds, not where. At 24k messages this
 * input was 38 MB of JSON and keying every thread took 314–390 ms of each update; it is 26 MB,
 * and 240–300 ms.
 *
 * @param ctx the list
 * @param thread the thread's position
 * @param slugs archived Message-IDs and their slugs
 * @param bars its messages' series bars (`threadBars`)
 */
export function threadInput(ctx: ListContext, thread: number, slugs: ReadonlyMap<string, string>, bars: ThreadParts['bars']): string {
  const { data } = ctx;
  const index = data.index;
  const { columns } = data;
  const t = index.threads[thread]!;
  // Positions are the thread's own (see `localPositions`); a ghost is held by its Message-ID.
  const at = localPositions(t.messages);
  const { n: _n, root, ghostRoot: _ghostRoot, messages: _messages, ...rest } = t;
  const text: string[] = [JSON.stringify([rest, at(root)]), t.ghostRoot >= 0 ? index.ghosts[t.ghostRoot]! : ''];
  const linked = (k: number) => (k < 0 ? '' : `${index.messages[k]!.slug}\u0001${columns.bodyHash[k]!}`);
  for (const n of t.messages) {
    const m = index.messages[n]!;
    const view = viewInput(ctx, n, slugs);
    // One array per message: its row (`ROW_FIELDS`; parent and children by their place in the
    // thread), ghost parent, real sender, view, series bar and hashes. Neighbours outside the
    // thread are held by slug and parse (`linked`), not position; the message's place in the
    // input and the thread's in thread order are shown nowhere.
    text.push(
      JSON.stringify([
        ROW_FIELDS.map((f) => m[f]),
        at(n),
        at(m.parent),
        m.children.map(at),
        m.ghostParent >= 0 ? index.ghosts[m.ghostParent]! : null,
        recordedSender(columns.analysis[n]) ?? null,
        view,
        bars[n] ?? null,
        columns.rawHash[n],
        columns.bodyHash[n],
      ]),
      linked(m.datePrev),
      linked(m.dateNext),
      linked(m.threadPrev),
      linked(m.threadNext),
    );
  }
  text.push(JSON.stringify(participants(ctx, t.messages)), linked(nextThread(index, t.messages[0]!)));
  return text.join('\u0000');
}

/**
 * The fields of an index row `threadInput` holds as they are, those the parse's hash holds, and
 * those it holds otherwise or not at all: together every field, or this does not compile (a new
 * field must be placed here). The date is held as it is: the index may take it from the mbox
 * separator or the message before.
 */
const ROW_FIELDS = ['slug', 'messageId', 'dateMs', 'offsetMinutes', 'month', 'inferred', 'depth', 'duplicate'] as const;
type RowParsed = 'subject' | 'fromName' | 'fromAddress';
type RowElsewhere = 'n' | 'input' | 'parent' | 'children' | 'thread' | 'ghostParent' | 'datePrev' | 'dateNext' | 'threadPrev' | 'threadNext';
const ROW_COVERED: Exclude<keyof IndexedMessage, (typeof ROW_FIELDS)[number] | RowParsed | RowElsewhere> extends never ? true : never = true;
void ROW_COVERED;

/**
 * A thread's messages by their place in it rather than their position in the list's date order.
 * Mail dated before a thread (late, or with a wrong clock) moves the position of every message
 * after it; a key holding positions would have every later page written again, with nothing on
 * it changed (one message dated nine months back made an update write 14,907 files).
 *
 * @param messages the thread's messages
 * @returns each message's place among them (in the order given); negative values (none) as they are
 */
export function localPositions(messages: readonly number[]): (n: number) => number {
  const local = new Map<number, number>(messages.map((n, i) => [n, i]));
  return (n) => (n < 0 ? n : local.get(n)!);
}

/**
 * Who wrote in a thread, most messages first (then by first message), with their pages.
 *
 * @param ctx the list
 * @param messages the thread's messages
 */
function participants(ctx: ListContext, messages: readonly number[]): ThreadPageModel['participants'] {
  const counts = new Map<number, { first: number; count: number }>();
  for (const n of [...messages].sort((a, b) => a - b)) {
    const a = ctx.authors.byMessage[n] ?? -1;
    if (a < 0) continue;
    const c = counts.get(a);
    if (c) c.count++;
    else counts.set(a, { first: n, count: 1 });
  }
  const mode = ctx.data.config.obfuscation;
  return [...counts]
    .sort((x, y) => y[1].count - x[1].count || x[1].first - y[1].first)
    .map(([a, c]) => {
      const author = ctx.authors.authors[a]!;
      return { name: senderLabel(author.name, author.address, mode), path: paths.author(ctx.data.config.name, author.slug), count: c.count };
    });
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
      join: { address: data.config.address, subscribe: data.config.subscribe, unsubscribe: data.config.unsubscribe, url: data.config.url },
      feeds: listFeeds(ctx),
      authors: paths.authors(list),
    },
  ];
  const feeds = listFeeds(ctx);
  for (const { month } of index.months) {
    pages.push({
      kind: 'month',
      path: paths.month(list, month),
      list,
      listTitle: data.config.title,
      month,
      bar: monthBar(list, index, month, 'date'),
      messages: monthMessages(index, month).map((m) => {
        const sender = shownSender(ctx, m.n);
        return { slug: m.slug, path: paths.message(list, m.slug), subject: m.subject, who: senderLabel(sender.name, sender.address, mode), dateMs: m.dateMs, offsetMinutes: m.offsetMinutes };
      }),
      mbox: paths.monthMbox(list, month),
      feeds,
    });
    const threads = monthThreads(index, month);
    const messages: Record<number, TreeMessage> = {};
    for (const t of threads) for (const r of t.rows) if (r.n >= 0) messages[r.n] = treeMessage(ctx, index.messages[r.n]!);
    pages.push({ kind: 'monthThreads', path: paths.monthThreads(list, month), list, listTitle: data.config.title, month, bar: monthBar(list, index, month, 'threads'), obfuscation: mode, threads, messages, mbox: paths.monthMbox(list, month), feeds });
  }
  pages.push(...authorPages(ctx, feeds));
  if (minutes.entries.length > 0) {
    const entries = minutes.entries.map((e) => {
      const m = index.messages[e.n]!;
      return { path: paths.message(list, m.slug), subject: m.subject, dateMs: m.dateMs, structure: e.structure, replies: e.replies.length };
    });
    const decisions = decisionRows(data, minutes, ctx.meetings);
    for (const [kind, path] of [
      ['minutes', paths.minutes(list)],
      ['minutesActions', paths.minutesActions(list)],
      ['minutesDecisions', paths.minutesDecisions(list)],
    ] as const) {
      pages.push({ kind, path, list, listTitle: data.config.title, obfuscation: mode, entries, series: ctx.meetings.rows, decisions, data: paths.minutesJson(list) });
    }
    pages.push(...meetingPages(data, minutes, ctx.meetings));
  }
  pages.push(...patchPages(data, ctx.patches));
  return pages;
}

/**
 * A list's authors page and a page per author.
 *
 * @param ctx the list
 * @param feeds the list's feeds
 */
function authorPages(ctx: ListContext, feeds: FeedLink[]): PageModel[] {
  const { data } = ctx;
  const list = data.config.name;
  const mode = data.config.obfuscation;
  const pages: PageModel[] = [];
  const rows: AuthorsPageModel['authors'] = [];
  for (const a of ctx.authors.authors) {
    const name = senderLabel(a.name, a.address, mode);
    const search = authorSearch(name);
    rows.push({ slug: a.slug, path: paths.author(list, a.slug), name, messages: a.messages.length, firstMs: a.firstMs, lastMs: a.lastMs, threadsStarted: a.threadsStarted, search });
    const months: AuthorPageModel['months'] = [];
    for (const n of a.messages) {
      const m = data.index.messages[n]!;
      let month = months[months.length - 1];
      if (month?.month !== m.month) {
        month = { month: m.month, messages: [] };
        months.push(month);
      }
      month.messages.push({ path: paths.message(list, m.slug), subject: m.subject, dateMs: m.dateMs, offsetMinutes: m.offsetMinutes });
    }
    pages.push({ kind: 'author', path: paths.author(list, a.slug), list, listTitle: data.config.title, name, messages: a.messages.length, threadsStarted: a.threadsStarted, firstMs: a.firstMs, lastMs: a.lastMs, search, months: months.reverse(), feeds });
  }
  pages.unshift({ kind: 'authors', path: paths.authors(list), list, listTitle: data.config.title, data: paths.authorsData(list), authors: rows, feeds });
  return pages;
}

/**
 * A list's downloads besides its threads': its feeds and its months' mbox files.
 *
 * @param ctx the list
 */
export function listDownloads(ctx: DownloadContext): DownloadModel[] {
  const { data } = ctx;
  const list = data.config.name;
  const index = data.index;
  const title = data.config.title;
  const out: DownloadModel[] = [];
  const newest: number[] = [];
  for (let n = index.messages.length - 1; n >= 0 && newest.length < FEED_ENTRIES; n--) if (!isRemoved(ctx, n)) newest.push(n);
  out.push(feedModel(ctx, paths.listFeed(list), `${title}: newest messages`, data.config.description, paths.list(list), newest));
  // New threads: each thread's first message, newest threads first, linking to the thread.
  const threads = [...index.threads].sort((a, b) => b.firstMs - a.firstMs || b.n - a.n).filter((t) => !isRemoved(ctx, threadLead(index, t.n).n)).slice(0, FEED_ENTRIES);
  const threadsFeed = feedModel(ctx, paths.threadsFeed(list), `${title}: new threads`, data.config.description, paths.list(list), threads.map((t) => threadLead(index, t.n).n));
  const threadPath = new Map(threads.map((t) => [paths.message(list, threadLead(index, t.n).slug), paths.thread(list, threadSlug(index, t.n))]));
  for (const e of threadsFeed.entries) e.path = threadPath.get(e.path) ?? e.path;
  out.push(threadsFeed);
  for (const { month } of index.months) {
    out.push({ kind: 'mbox', path: paths.monthMbox(list, month), messages: monthMessages(index, month).filter((m) => !isRemoved(ctx, m.n)).map((m) => rawRef(ctx, m.n)) });
  }
  return out;
}

/**
 * The authors page's data file: what its script sorts by, per author slug.
 *
 * @param page the authors page's model
 */
export function authorsData(page: AuthorsPageModel): string {
  return JSON.stringify({ columns: ['slug', 'name', 'messages', 'first', 'last', 'threads'], authors: page.authors.map((a) => [a.slug, a.name, a.messages, a.firstMs, a.lastMs, a.threadsStarted]) });
}

/**
 * The pages of the whole site that list the lists.
 *
 * @param lists every list's summary
 */
export function sitePages(lists: readonly ListSummary[]): SitePageModel[] {
  const cards = lists.map((l) => ({ name: l.config.name, title: l.config.title, description: l.config.description, messages: l.messages, threads: l.threads, firstMs: l.firstMs, lastMs: l.lastMs }));
  const names = lists.map((l) => ({ name: l.config.name, title: l.config.title }));
  return [
    { kind: 'home', path: paths.home(), lists: cards },
    { kind: 'search', path: paths.search(), lists: names },
    { kind: 'lookup', path: paths.lookup(), lists: names },
    { kind: 'notFound', path: '404.html', lists: names },
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
