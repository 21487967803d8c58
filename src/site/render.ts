/**
 * The render phase's work on one unit: page models (see models.ts) and the stored messages they
 * name → HTML through the compiled templates → files in the site folder. Runs on the render
 * workers, each on its own units; nothing here waits on another thread.
 */
import { bodyExcerpt, renderTextBody } from '../lib/body.ts';
import { formatDay, formatSentDateTime, formatUtcDateTime } from '../lib/dates.ts';
import { senderLabel } from '../lib/format.ts';
import { barHtml, joinView, messagePageHtml, messageViewHtml, threadMessageHtml, threadTreeHtml, type MessageLink, type MessageViewHtml, type SeriesBarInput } from '../lib/message-html.ts';
import { indexEntryId } from '../lib/navigation.ts';
import { minutesOverlay, type Discussion } from '../lib/minutes-view.ts';
import { relativeLinks } from '../lib/relative-links.ts';
import { amMessage } from '../lib/patch-mbox.ts';
import { isPatchAttachment } from '../lib/patches.ts';
import { sanitizeHtml } from '../lib/sanitize.ts';
import { treeItemsHtml, treeRowHtml, treeRowsHtml, type TreeRowOptions } from '../lib/tree-html.ts';
import type { UiStrings } from '../lib/ui-strings.ts';
import { INLINE_IMAGE_TYPES, attachmentExtension, href, paths } from '../lib/urls.ts';
import { type TreeRow, treeWindow } from '../lib/views.ts';
import { Store } from '../store/store.ts';
import { writeHtml } from '../lib/html.ts';
import { replyMailto } from '../lib/reply.ts';
import { feedFile, mboxFile } from './downloads.ts';
import type { SiteWriter, Written } from './writer.ts';
import { authorsData, type FeedLink, type KeyedDownload, type LinkModel, type MessagePageModel, type PageModel, type RawFileModel, type ThreadPageModel, type ThreadUnit, type ViewModel } from './models.ts';
import { STATE_LABELS, type PatchBarModel, type PatchMboxModel } from './patch-models.ts';

/** Renders a page model with the compiled templates (see templates.ts). */
export interface Templates {
  /** A whole page from its model and the HTML its template takes besides (views, trees). */
  page(model: PageModel, parts: Record<string, string>): Promise<string>;
  /** The message page's shell: the layout with the page's title and main content left to fill in. */
  messageShell(title: string, main: string, feeds: readonly [FeedLink, FeedLink]): string;
  /** The interface's words in the site's language (see ui-strings.ts). */
  strings: UiStrings;
}

/** A message's view as HTML, and the first words of its text (a folded message's summary). */
export interface RenderedView {
  html: MessageViewHtml;
  excerpt: string;
}

/** Where a render writes, and what it reads. */
export interface RenderOptions {
  storeDir: string;
  outDir: string;
  base: string;
  /**
   * Write files under their own names at once: for a clean build, whose folder was emptied and
   * which has no manifest until it finishes (a killed clean build is built clean again).
   */
  direct: boolean;
  /** Write pages with relative links, for a site opened from a folder (see relative-links.ts). */
  relative?: boolean;
}

/** Renders units: it keeps the store's chunk cache and the templates between units. */
export class Renderer {
  private readonly store: Store;
  private readonly options: RenderOptions;
  private readonly templates: Templates;
  private readonly writer: SiteWriter;

  /**
   * @param options where to read and write
   * @param templates the compiled templates
   * @param writer where files go
   */
  constructor(options: RenderOptions, templates: Templates, writer: SiteWriter) {
    this.options = options;
    this.templates = templates;
    this.writer = writer;
    this.store = new Store(options.storeDir);
  }

  private href(path: string): string {
    return href(this.options.base, path);
  }

  /** Write a page: as rendered, or with relative links when the site is built for a folder. */
  private writePage(path: string, html: string): void {
    // The 404 page keeps links from the base: a server shows it at any depth, and a site opened
    // from a folder never shows it.
    this.writer.write(path, this.options.relative && path !== '404.html' ? relativeLinks(html, path, this.options.base) : html);
  }

  /**
   * Render a message's view.
   *
   * @param view its model
   */
  view(view: ViewModel): RenderedView {
    const t = this.templates.strings;
    if (view.removed !== undefined) return { html: removedViewHtml(view, t), excerpt: '' };
    const message = this.store.readBody(view.body.entry, view.body.chunk, view.body.slot).message;
    const mode = view.obfuscation;
    const attachmentHref = (k: number) => this.href(paths.attachment(view.list, view.slug, k, attachmentExtension(message.attachments[k]!.contentType)));
    const cidHref = (cid: string) => {
      const k = message.attachments.findIndex((a) => a.contentId === cid && INLINE_IMAGE_TYPES.has(a.contentType));
      return k < 0 ? undefined : attachmentHref(k);
    };
    // Own keys only: an id such as `constructor` is not a link every view has.
    const messageHref = (id: string) => (Object.hasOwn(view.links, id) ? this.href(view.links[id]!) : undefined);
    const html = message.html === undefined ? undefined : sanitizeHtml(message.html, { obfuscation: mode, cidHref });
    const htmlRefused = message.html !== undefined && html === undefined;
    const rawHref = this.href(paths.raw(view.list, view.slug));
    let body: string;
    let htmlVersion: string | undefined;
    const discussions = new Map<number, Discussion[]>((view.minutes?.discussions ?? []).map(([k, links]) => [k, links.map((l) => ({ href: this.href(l.path), label: l.label }))]));
    // Minutes shown as their HTML have no headings of ours: the summary's contents list the replies.
    const htmlBody = message.textFromHtml && html !== undefined;
    if (htmlBody) {
      body = `<div class="html-body">${html}</div>`;
    } else {
      const overlay = view.minutes ? minutesOverlay(view.minutes.structure, discussions, t) : undefined;
      body = renderTextBody(message.text, { obfuscation: mode, messageHref, rawHref, t, ...(overlay ? { overlay } : {}) });
      htmlVersion = html;
    }
    const { messageId, syntheticId, inReplyTo, references, subject, from, to, cc, dateSource } = message;
    const inReplyToId = inReplyTo[0];
    const rendered = messageViewHtml({
      message: { slug: view.slug, dateMs: view.dateMs, offsetMinutes: view.offsetMinutes, duplicate: view.duplicate },
      headers: { messageId, syntheticId, inReplyTo, subject, from, to, cc, dateSource, attachments: message.attachments },
      body,
      htmlVersion,
      htmlRefused,
      obfuscation: mode,
      rawHref,
      attachmentHref,
      inReplyToHref: inReplyToId === undefined ? undefined : messageHref(inReplyToId),
      inferredParent: view.inferredParent ? { subject: view.inferredParent.subject, href: this.href(view.inferredParent.path) } : undefined,
      replyingTo: view.replyingTo?.map((r) => ({ title: r.title, href: this.href(r.path) })),
      minutes: view.minutes ? { structure: view.minutes.structure, detection: view.minutes.detection, ...(htmlBody ? { discussions } : {}) } : undefined,
      t,
      reply: {
        list: view.reply.list === '' ? undefined : replyMailto({ to: view.reply.list, messageId, references, subject }),
        sender: view.reply.sender === undefined ? undefined : replyMailto({ to: view.reply.sender, messageId, references, subject }),
      },
    });
    return { html: rendered, excerpt: bodyExcerpt(message.text, mode) };
  }

  /**
   * Render and write the pages of a thread whose keys changed, and copy its changed files.
   *
   * @param unit the thread's unit
   * @param dirty the site paths to write, with their keys
   */
  async thread(unit: ThreadUnit, dirty: ReadonlyMap<string, string>): Promise<Written[]> {
    const written: Written[] = [];
    const views = new Map<number, RenderedView>();
    const viewOf = (n: number): RenderedView => {
      let v = views.get(n);
      if (!v) {
        v = this.view(unit.views[n]!);
        views.set(n, v);
      }
      return v;
    };
    const rowOptions = (anchors?: ReadonlySet<number>): TreeRowOptions => ({
      link: (n) => (anchors?.has(n) ? `#${unit.messages[n]!.slug}` : this.href(paths.message(unit.list, unit.messages[n]!.slug))),
      obfuscation: unit.obfuscation,
      showDepth: true,
      t: this.templates.strings,
    });
    let rowsHtml: string[] | undefined;
    const threadHref = this.href(unit.threadPath);
    for (const page of unit.pages) {
      const key = dirty.get(page.path);
      if (key === undefined) continue;
      if (page.kind === 'message') {
        rowsHtml ??= treeRowsHtml(unit.messages, unit.rows, rowOptions());
        this.writePage(page.path, this.messagePage(unit, page, viewOf(page.n).html, rowsHtml, threadHref, rowOptions()));
      } else {
        this.writePage(page.path, await this.threadPage(unit, page, viewOf, rowOptions));
      }
      written.push([page.path, key]);
    }
    written.push(...this.files(unit.files, dirty));
    written.push(...this.downloads(unit.downloads.flatMap((model) => (dirty.has(model.path) ? [{ model, key: dirty.get(model.path)! }] : []))));
    return written;
  }

  /**
   * Write mbox downloads and feeds.
   *
   * @param items the files' models, with their keys
   */
  downloads(items: readonly KeyedDownload[]): Written[] {
    const written: Written[] = [];
    for (const { model, key } of items) {
      this.writer.write(model.path, model.kind === 'mbox' ? mboxFile(this.store, model) : feedFile(this.store, model));
      written.push([model.path, key]);
    }
    return written;
  }

  private messagePage(unit: ThreadUnit, page: MessagePageModel, view: MessageViewHtml, rowsHtml: readonly string[], threadHref: string, options: TreeRowOptions): string {
    const t = this.templates.strings;
    const link = (l: LinkModel): MessageLink => ({ href: this.href(l.path), subject: l.subject, who: l.who, day: formatUtcDateTime(l.dateMs), newSubject: l.newSubject, inferred: l.inferred });
    const toSite = (path: string) => this.href(path);
    const window = treeWindow(unit.rows, page.n);
    // The window's first row names the subject, and the page's own row is not a link: those two
    // rows are written for this page, the others come from the thread's rows written once.
    const at = window.rows.findIndex((r) => r.n === page.n);
    const contents = window.rows.map((row, i) =>
      i === at || i === 0 ? treeRowHtml(unit.messages, row, options, i === at, i === 0) : rowsHtml[window.before + i]!,
    );
    const around = messagePageHtml({
      crumbs: { home: this.href(paths.home()), list: { title: page.listTitle, href: this.href(paths.list(unit.list)) }, month: { label: page.month, href: this.href(paths.month(unit.list, page.month)) } },
      bar: { top: barHtml(page.bar, t.messageNavigation, toSite, t), bottom: barHtml(page.bar, t.messageNavigationBottom, toSite, t) },
      followUps: page.followUps.map(link),
      references: {
        ghost: page.references.ghost,
        first: page.references.first.map(link),
        folded: page.references.folded.map(link),
        skipped: page.references.skipped,
        near: page.references.near.map(link),
      },
      threadHref,
      nextThread: page.nextThread ? { href: this.href(page.nextThread.path), subject: page.nextThread.subject } : undefined,
      tree: { rows: treeItemsHtml(window.rows, contents, at), before: window.before, after: window.after },
      downloads: [
        { label: t.threadMbox, href: this.href(page.downloads.thread) },
        { label: t.monthMbox(page.month), href: this.href(page.downloads.month) },
        { label: t.threadFeed, href: this.href(page.feeds[1].path) },
      ],
      ...(page.patch ? { series: this.seriesBar(page.patch) } : {}),
      t,
    });
    return this.templates.messageShell(`${page.subject || t.noSubject} — ${page.listTitle}`, around.before + joinView(view, 1) + around.after, page.feeds);
  }

  private seriesBar(bar: PatchBarModel): SeriesBarInput {
    const near = (p: PatchBarModel['next']) => (p ? { href: this.href(p.path), index: p.index, title: p.title } : undefined);
    return {
      seriesHref: this.href(bar.seriesPath),
      title: bar.title,
      version: bar.version,
      index: bar.index,
      total: bar.total,
      state: STATE_LABELS[bar.state],
      stateClass: `s-${bar.state}`,
      cover: bar.cover === undefined ? undefined : this.href(bar.cover),
      previous: near(bar.previous),
      next: near(bar.next),
      versions: bar.versions.map((v) => ({ version: v.version, href: this.href(v.path), current: v.current })),
      mboxHref: bar.mboxPath === undefined ? undefined : this.href(bar.mboxPath),
      tags: bar.tags.map((t) => ({ kind: t.kind, who: t.who, href: this.href(t.path), date: formatDay(t.dateMs), note: t.carried ? ' (in the commit message)' : `${t.onCover ? ' (on the cover letter)' : ''}${t.bySender ? '' : ' (sent on their behalf)'}` })),
    };
  }

  private async threadPage(unit: ThreadUnit, page: ThreadPageModel, viewOf: (n: number) => RenderedView, rowOptions: (anchors?: ReadonlySet<number>) => TreeRowOptions): Promise<string> {
    const t = this.templates.strings;
    const anchors = new Set(page.shown);
    const tree = threadTreeHtml({ rows: treeItemsHtml(unit.rows, treeRowsHtml(unit.messages, unit.rows, rowOptions(anchors))), before: 0, after: 0 }, this.href(unit.threadPath), t);
    const rowOf = new Map<number, TreeRow>(unit.rows.map((r) => [r.n, r]));
    const messages = page.shown
      .map((n, i) => {
        const m = unit.messages[n]!;
        const v = unit.views[n]!;
        const view = viewOf(n);
        return threadMessageHtml(view.html, {
          who: senderLabel(m.fromName, m.fromAddress, unit.obfuscation),
          date: formatSentDateTime(v.dateMs, v.offsetMinutes),
          dateTime: new Date(v.dateMs).toISOString(),
          subject: rowOf.get(n)?.newSubject === true && i > 0 ? m.subject : undefined,
          folded: i >= page.open,
          excerpt: view.excerpt,
          pageHref: this.href(paths.message(unit.list, m.slug)),
          t,
        });
      })
      .join('');
    return this.templates.page(page, { tree, messages });
  }

  /**
   * Copy the raw files and attachments whose keys changed out of the store.
   *
   * @param files the files
   * @param dirty the site paths to write, with their keys
   */
  files(files: readonly RawFileModel[], dirty: ReadonlyMap<string, string>): Written[] {
    const written: Written[] = [];
    for (const f of files) {
      const key = dirty.get(f.path);
      if (key === undefined) continue;
      const bytes = this.store.readRaw(f.entry, f.chunk);
      this.writer.write(f.path, bytes.subarray(f.span[0], f.span[0] + f.span[1]));
      written.push([f.path, key]);
    }
    return written;
  }

  /**
   * Write the mbox files of series whose keys changed: each patch from its stored text and the
   * header fields of its original bytes, with the trailers given in replies (see patch-mbox.ts).
   *
   * @param files the mboxes' models
   * @param dirty the site paths to write, with their keys
   */
  mboxes(files: readonly PatchMboxModel[], dirty: ReadonlyMap<string, string>): Written[] {
    const written: Written[] = [];
    const decoder = new TextDecoder('utf-8');
    for (const f of files) {
      const key = dirty.get(f.path);
      if (key === undefined) continue;
      const parts = f.patches.map((p) => {
        const bytes = this.store.readRaw(p.entry, p.chunk);
        const stored = this.store.readBody(p.entry, p.chunk, p.slot);
        let text = stored.message.text;
        // A patch sent as an attachment: its diff follows the message's own text, as `git am` reads it.
        stored.message.attachments.forEach((a, k) => {
          const span = stored.attachments[k];
          if (span && isPatchAttachment(a.contentType, a.filename)) text += `${text.endsWith('\n') ? '' : '\n'}${decoder.decode(bytes.subarray(span[0], span[0] + span[1]))}`;
        });
        return amMessage(bytes.subarray(p.span[0], p.span[0] + p.span[1]), text, p.trailers);
      });
      this.writer.write(f.path, Buffer.concat(parts));
      written.push([f.path, key]);
    }
    return written;
  }

  /**
   * Render and write pages that stand alone (indexes, list pages, site pages).
   *
   * @param pages the pages' models, with their keys
   */
  async pages(pages: readonly { model: PageModel; key: string }[]): Promise<Written[]> {
    const written: Written[] = [];
    for (const { model, key } of pages) {
      this.writePage(model.path, await this.templates.page(model, this.parts(model)));
      written.push([model.path, key]);
      // The authors page's data file is the same model as JSON: written with it, under its key.
      if (model.kind === 'authors') {
        this.writer.write(model.data, authorsData(model));
        written.push([model.data, key]);
      }
    }
    return written;
  }

  private parts(model: PageModel): Record<string, string> {
    const t = this.templates.strings;
    if (model.kind === 'monthThreads') {
      const options: TreeRowOptions = { link: (n) => this.href(paths.message(model.list, model.messages[n]!.slug)), obfuscation: model.obfuscation, showDepth: false, t };
      const ids = (rows: readonly TreeRow[]) => rows.map((r) => (r.n < 0 ? undefined : indexEntryId(model.messages[r.n]!.slug)));
      const trees = model.threads.map((th, i) => [`t${i}`, treeItemsHtml(th.rows, treeRowsHtml(model.messages, th.rows, options), -1, ids(th.rows))]);
      return { bar: barHtml(model.bar, t.monthsNavigation, (p) => this.href(p), t), ...Object.fromEntries(trees) };
    }
    if (model.kind === 'month') return { bar: barHtml(model.bar, t.monthsNavigation, (p) => this.href(p), t) };
    return {};
  }
}

/**
 * The view of a removed message: its place (anchor, heading) and why it is gone; nothing of the
 * message itself.
 *
 * @param view its model
 */
function removedViewHtml(view: ViewModel, t: UiStrings): MessageViewHtml {
  const open = writeHtml([{ type: 'element', tagName: 'article', properties: { id: view.slug, className: ['message', 'removed'], dataMessageId: view.messageId }, children: [] }]);
  const notice = writeHtml([{ type: 'element', tagName: 'p', properties: { className: ['note'] }, children: [{ type: 'text', value: t.removedNotice(view.removed ?? '') }] }]);
  return { open: open.slice(0, -'</article>'.length), heading: writeHtml([{ type: 'text', value: t.removedHeading }]), headers: '', content: notice, raw: '' };
}
