/**
 * A message as HTML: the MHonArc bar, the message view (headers, minutes summary, body,
 * attachments) and the rest of a message page (follow-ups, references, thread tree).
 *
 * A message page is the one page a build writes for every message, so its markup is built here as
 * hast and serialised once (html.ts escapes every text and attribute), on the site worker ahead of
 * the pages, instead of through Astro's component renderer on the thread that writes the pages.
 * Bodies are HTML already (rendered by body.ts, or sanitised by sanitize.ts) and go in as they are.
 */
import type { Element, ElementContent, Properties } from 'hast';
import { writeHtml } from './html.ts';
import type { IndexedMessage } from './archive.ts';
import { formatDateTime } from './dates.ts';
import { formatAddress, formatSize } from './format.ts';
import type { Obfuscation } from './list-config.ts';
import type { Message } from './message.ts';
import type { Detection, Minutes } from './minutes.ts';
import type { BarLink } from './navigation.ts';
import { obfuscateText } from './obfuscate.ts';
import { INLINE_IMAGE_TYPES } from './urls.ts';

/** The header fields a message view shows (the rest of a message is its body). */
export type ShownHeaders = Pick<Message, 'messageId' | 'syntheticId' | 'inReplyTo' | 'subject' | 'from' | 'to' | 'cc' | 'dateSource' | 'attachments'>;

/** Everything a message view shows, with its links made. */
export interface MessageViewInput {
  /** The message in the index: slug, date and whether its Message-ID is used twice. */
  message: Pick<IndexedMessage, 'slug' | 'dateMs' | 'offsetMinutes' | 'duplicate'>;
  headers: ShownHeaders;
  /** The body as HTML. */
  body: string;
  /** The sanitised HTML part offered beside a text body. */
  htmlVersion: string | undefined;
  /** The message has an HTML part too large or too deeply nested to show. */
  htmlRefused: boolean;
  obfuscation: Obfuscation;
  rawHref: string;
  /** The link of attachment `k`. */
  attachmentHref: (k: number) => string;
  /** The In-Reply-To message's page, when it is in the archive. */
  inReplyToHref: string | undefined;
  /** The parent a message was linked to by its subject alone. */
  inferredParent: { subject: string; href: string } | undefined;
  /** The sections of minutes this reply quotes. */
  replyingTo: { title: string; href: string }[] | undefined;
  /** The minutes this message is, for the summary box. */
  minutes: { structure: Minutes; detection: Detection } | undefined;
}

/**
 * A message view cut at its heading, which is `<h1>` on the message page and `<h2>` on the thread
 * page: the view is rendered once for both.
 */
export interface MessageViewHtml {
  /** `<article …>`. */
  open: string;
  /** The heading's content. */
  heading: string;
  /** The rest, through `</article>`. */
  rest: string;
}

/** A message in a list of links (follow-ups, references). */
export interface MessageLink {
  href: string;
  subject: string;
  /** The sender, as the list shows senders. */
  who: string;
  inferred: boolean;
}

/** The parts of a message page around its view. */
export interface MessagePageInput {
  crumbs: { home: string; list: { title: string; href: string }; month: { label: string; href: string } };
  /** The bar, as `barHtml` wrote it (shown at the top and the bottom). */
  bar: { top: string; bottom: string };
  followUps: MessageLink[];
  references: {
    /** The Message-ID of a parent that is not in the archive. */
    ghost: string | undefined;
    first: MessageLink[];
    /** Ancestors left out between `first` and `near`. */
    skipped: number;
    near: MessageLink[];
  };
  threadHref: string;
  nextThread: { href: string; subject: string } | undefined;
  tree: ThreadTreeHtml;
  /** For a patch or a cover letter: its series, neighbours, versions and the tags given on it. */
  series?: SeriesBarInput;
}

/** The series bar of a patch's message page, with its links made. */
export interface SeriesBarInput {
  seriesHref: string;
  title: string;
  version: number;
  /** The message's position (0: the cover letter) and the series' count. */
  index: number;
  total: number;
  /** The series' state as the pages name it. */
  state: string;
  /** The class of the state's badge. */
  stateClass: string;
  cover: string | undefined;
  previous: { href: string; index: number; title: string } | undefined;
  next: { href: string; index: number; title: string } | undefined;
  versions: { version: number; href: string; current: boolean }[];
  mboxHref: string | undefined;
  tags: { kind: string; who: string; href: string; date: string; note: string }[];
}

/** A thread tree's rows (see tree-html.ts) and the rows left out before and after them. */
export interface ThreadTreeHtml {
  rows: string;
  before: number;
  after: number;
}

const text = (value: string): ElementContent => ({ type: 'text', value });
const el = (tagName: string, properties: Properties = {}, children: ElementContent[] = []): Element => ({ type: 'element', tagName, properties, children });
// Trusted HTML (bodies, tree rows, the bar) goes in as it is; see the module comment.
const raw = (value: string): ElementContent => ({ type: 'raw', value }) as unknown as ElementContent;
const html = (nodes: ElementContent[]): string => writeHtml(nodes, { allowDangerousHtml: true });
const orNone = (subject: string): string => subject || '(no subject)';

/**
 * The bar `[Date Prev][Date Next][Thread Prev][Thread Next][Date Index][Thread Index]`; an end of
 * the archive shows its link disabled, not missing.
 *
 * @param links the six links (see navigation.ts)
 * @param label the bar's accessible name
 * @param href a site path as a link under the site's base
 */
export function barHtml(links: readonly BarLink[], label: string, href: (path: string) => string): string {
  const children = links.map((l) =>
    l.path === undefined
      ? el('span', { className: ['off'], ariaDisabled: 'true', title: l.title }, [text(`[${l.label}]`)])
      : el('a', { href: href(l.path), title: l.key ? `${l.title} (key ${l.key})` : l.title, rel: l.rel ? [l.rel] : undefined, dataKey: l.key }, [text(`[${l.label}]`)]),
  );
  return html([el('key-nav', { className: ['bar'], role: 'navigation', ariaLabel: label }, children)]);
}

/** The box at the top of a minutes message: decisions, action items and a table of contents. */
function minutesSummary({ structure: m, detection }: { structure: Minutes; detection: Detection }, mode: Obfuscation): Element {
  const sectionLink = (k: number): ElementContent[] => {
    const section = m.sections[k];
    return section ? [text(' '), el('a', { href: `#${section.anchor}`, className: ['muted'] }, [text(`(${section.title})`)])] : [];
  };
  const counts = `Meeting minutes: ${m.sections.length} sections, ${m.decisions.length} decisions, ${m.actions.length} action items${m.attendees.length > 0 ? `, ${m.attendees.length} attendees` : ''}.`;
  const children: ElementContent[] = [el('p', { className: ['muted'] }, [text(`${counts} Recognised as minutes because: ${detection.reasons.join('; ')}.`)])];
  if (m.decisions.length > 0) {
    const items = m.decisions.map((d) => el('li', {}, [text(obfuscateText(d.text, mode)), ...sectionLink(d.section)]));
    children.push(el('section', {}, [el('h2', {}, [text('Decisions')]), el('ul', {}, items)]));
  }
  if (m.actions.length > 0) {
    const items = m.actions.map((a) =>
      el('li', {}, [
        ...(a.owner ? [el('strong', {}, [text(`${obfuscateText(a.owner, mode)}: `)])] : []),
        text(obfuscateText(a.text, mode)),
        ...(a.due ? [el('span', { className: ['tag'] }, [text(`due ${a.due}`)])] : []),
        ...sectionLink(a.section),
      ]),
    );
    children.push(el('section', {}, [el('h2', {}, [text('Action items')]), el('ul', {}, items)]));
  }
  if (m.sections.length > 0) {
    const items = m.sections.map((s) => el('li', { className: [`toc-${Math.min(s.level, 3)}`] }, [el('a', { href: `#${s.anchor}` }, [text(s.title)])]));
    children.push(el('nav', { ariaLabel: 'Sections of the minutes' }, [el('h2', {}, [text('Contents')]), el('ol', { className: ['toc'] }, items)]));
  }
  return el('aside', { className: ['minutes-summary'], ariaLabel: 'Summary of the minutes' }, children);
}

/**
 * A message's view: headers (addresses as the list shows them), minutes summary, body, the HTML
 * version, attachments and the raw message link.
 *
 * @param input the message and its links
 */
export function messageViewHtml(input: MessageViewInput): MessageViewHtml {
  const { message: m, headers: h, obfuscation: mode } = input;
  const field = (name: string, value: ElementContent[]): ElementContent[] => [el('dt', {}, [text(name)]), el('dd', {}, value)];
  const code = (id: string) => el('code', {}, [text(`<${id}>`)]);
  const dl: ElementContent[] = [
    ...field('From', [text(h.from ? formatAddress(h.from, mode) : 'unknown')]),
    ...field('Date', [
      el('time', { dateTime: new Date(m.dateMs).toISOString() }, [text(formatDateTime(m.dateMs, m.offsetMinutes))]),
      ...(h.dateSource !== 'header' ? [text(' '), el('span', { className: ['tag'], title: 'the message has no usable Date header' }, [text('date from the mbox envelope')])] : []),
    ]),
  ];
  if (h.to.length > 0) dl.push(...field('To', [text(h.to.map((a) => formatAddress(a, mode)).join(', '))]));
  if (h.cc.length > 0) dl.push(...field('Cc', [text(h.cc.map((a) => formatAddress(a, mode)).join(', '))]));
  dl.push(...field('Subject', [text(orNone(h.subject))]));
  dl.push(...field('Message-ID', [h.syntheticId ? el('span', { className: ['muted'] }, [text('none in the message')]) : code(h.messageId)]));
  const inReplyTo = h.inReplyTo[0];
  if (inReplyTo !== undefined) {
    dl.push(
      ...field(
        'In-Reply-To',
        input.inReplyToHref ? [el('a', { href: input.inReplyToHref }, [code(inReplyTo)])] : [code(inReplyTo), text(' '), el('span', { className: ['muted'] }, [text('(not in the archive)')])],
      ),
    );
  }
  if (input.inferredParent) {
    dl.push(
      ...field('Reply to', [
        el('a', { href: input.inferredParent.href }, [text(input.inferredParent.subject)]),
        text(' '),
        el('span', { className: ['tag'], title: 'the message has no In-Reply-To or References; it was linked to this thread by its subject' }, [text('inferred from the subject')]),
      ]),
    );
  }
  if (input.replyingTo) {
    const links = input.replyingTo.flatMap((s, i) => [...(i > 0 ? [text(', ')] : []), el('a', { href: s.href }, [text(s.title)])]);
    dl.push(...field('Replying to', [...links, text(' '), el('span', { className: ['muted'] }, [text('(sections of the minutes)')])]));
  }
  if (m.duplicate) dl.push(...field('Note', [el('span', { className: ['tag'] }, [text('another message in the archive has the same Message-ID')])]));
  const rest: ElementContent[] = [el('dl', { className: ['headers'] }, dl)];
  if (input.minutes) rest.push(minutesSummary(input.minutes, mode));
  rest.push(raw(input.body));
  if (input.htmlRefused) {
    rest.push(
      el('p', { className: ['muted'] }, [
        text('The HTML part of this message is too large or too deeply nested to show; the '),
        el('a', { href: input.rawHref }, [text('raw message')]),
        text(' has it.'),
      ]),
    );
  }
  if (input.htmlVersion !== undefined) {
    rest.push(el('details', { className: ['html-version'] }, [el('summary', {}, [text('HTML version of this message')]), el('div', { className: ['html-body'] }, [raw(input.htmlVersion)])]));
  }
  if (h.attachments.length > 0) {
    const items = h.attachments.map((a, k) => {
      const name = a.filename || `attachment ${k + 1}`;
      const href = input.attachmentHref(k);
      return el('li', {}, [
        el('a', { href }, [text(name)]),
        text(' '),
        el('span', { className: ['muted'] }, [text(`${a.contentType}, ${formatSize(a.size)}`)]),
        ...(INLINE_IMAGE_TYPES.has(a.contentType) ? [text(' '), el('img', { src: href, alt: name, loading: 'lazy' })] : []),
      ]);
    });
    rest.push(el('section', { className: ['attachments'], ariaLabel: 'Attachments' }, [el('h3', {}, [text('Attachments')]), el('ul', {}, items)]));
  }
  rest.push(el('p', { className: ['raw'] }, [el('a', { href: input.rawHref }, [text('Raw message')])]));
  const open = html([el('article', { id: m.slug, className: ['message'], dataMessageId: h.messageId })]);
  return { open: open.slice(0, -'</article>'.length), heading: html([text(orNone(h.subject))]), rest: `${html(rest)}</article>` };
}

/**
 * A message view with its heading at a level.
 *
 * @param view the view
 * @param level 1 on the message's page, 2 on its thread's page
 */
export function joinView(view: MessageViewHtml, level: 1 | 2): string {
  return `${view.open}<h${level}>${view.heading}</h${level}>${view.rest}`;
}

/**
 * A thread tree with notes on the rows left out (a message page shows a window of a long thread).
 *
 * @param tree the rows and what was left out
 * @param threadHref the thread's page
 */
export function threadTreeHtml(tree: ThreadTreeHtml, threadHref: string): string {
  const note = (count: number, which: string) =>
    el('p', { className: ['muted'] }, [text(`${count} ${which} messages of this thread are not listed here; `), el('a', { href: threadHref }, [text('see the whole thread')]), text('.')]);
  return html([...(tree.before > 0 ? [note(tree.before, 'earlier')] : []), el('ul', { className: ['tree'] }, [raw(tree.rows)]), ...(tree.after > 0 ? [note(tree.after, 'later')] : [])]);
}

/**
 * The series bar: where a patch sits in its series, its neighbours, the series' other versions,
 * and the review tags given on it in replies.
 *
 * @param bar the series and its links
 */
export function seriesBarHtml(bar: SeriesBarInput): string {
  const sep = () => text(' · ');
  const near = (p: { href: string; index: number; title: string }, label: string) => el('a', { href: p.href, title: orNone(p.title) }, [text(label)]);
  const line: ElementContent[] = [
    text(bar.index === 0 ? 'Cover letter of ' : `Patch ${bar.index}/${bar.total} of `),
    el('a', { href: bar.seriesHref }, [text(`v${bar.version} “${orNone(bar.title)}”`)]),
    text(' — '),
    el('span', { className: ['state', bar.stateClass] }, [text(bar.state)]),
  ];
  if (bar.cover) line.push(sep(), el('a', { href: bar.cover }, [text('cover letter')]));
  if (bar.previous) line.push(sep(), near(bar.previous, `← ${bar.previous.index}/${bar.total}`));
  if (bar.next) line.push(sep(), near(bar.next, `${bar.next.index}/${bar.total} →`));
  if (bar.versions.length > 1) {
    line.push(sep(), text('versions: '));
    bar.versions.forEach((v, i) => {
      if (i > 0) line.push(text(' '));
      line.push(v.current ? el('strong', { ariaCurrent: 'page' }, [text(`v${v.version}`)]) : el('a', { href: v.href }, [text(`v${v.version}`)]));
    });
  }
  if (bar.mboxHref) line.push(sep(), el('a', { href: bar.mboxHref, download: true }, [text(`v${bar.version}.mbox`)]));
  const children: ElementContent[] = [el('p', {}, line)];
  if (bar.tags.length > 0) {
    children.push(
      el('p', {}, [text(bar.index === 0 ? 'Tags given on the cover letter (they count for every patch):' : 'Tags given on this patch:')]),
      el(
        'ul',
        {},
        bar.tags.map((t) => el('li', {}, [el('a', { href: t.href }, [text(`${t.kind}: ${t.who}`)]), text(' '), el('span', { className: ['muted'] }, [text(`${t.date}${t.note}`)])])),
      ),
    );
  }
  return html([el('nav', { className: ['series-bar'], ariaLabel: 'Patch series' }, children)]);
}

/**
 * What a message page shows around the message's view: crumbs and the bar before it; follow-ups,
 * references, the thread tree and the bar again after it.
 *
 * @param page the parts
 */
export function messagePageHtml(page: MessagePageInput): { before: string; after: string } {
  const link = (l: MessageLink, tagInferred: boolean): Element =>
    el('li', {}, [
      el('a', { href: l.href }, [text(orNone(l.subject))]),
      text(' '),
      el('span', { className: ['muted'] }, [text(`— ${l.who}`)]),
      ...(tagInferred && l.inferred ? [el('span', { className: ['tag'], title: 'linked by subject only' }, [text('inferred')])] : []),
    ]);
  const { crumbs, references: refs } = page;
  const before: ElementContent[] = [
    el('p', { className: ['crumbs'] }, [
      el('a', { href: crumbs.home }, [text('All lists')]),
      text(' / '),
      el('a', { href: crumbs.list.href }, [text(crumbs.list.title)]),
      text(' / '),
      el('a', { href: crumbs.month.href }, [text(crumbs.month.label)]),
    ]),
    raw(page.bar.top),
    ...(page.series ? [raw(seriesBarHtml(page.series))] : []),
  ];
  const after: ElementContent[] = [];
  if (page.followUps.length > 0) after.push(el('section', {}, [el('h2', {}, [text('Follow-ups')]), el('ul', {}, page.followUps.map((l) => link(l, true)))]));
  if (refs.ghost !== undefined || refs.first.length > 0) {
    const items: ElementContent[] = [];
    if (refs.ghost !== undefined) items.push(el('li', {}, [el('span', { className: ['tag'] }, [text('not in archive')]), text(' '), el('span', { className: ['muted'] }, [text(`<${refs.ghost}>`)])]));
    items.push(...refs.first.map((l) => link(l, false)));
    if (refs.skipped > 0) items.push(el('li', { className: ['muted'] }, [text(`… ${refs.skipped} more in `), el('a', { href: page.threadHref }, [text('the whole thread')])]));
    items.push(...refs.near.map((l) => link(l, false)));
    after.push(el('section', {}, [el('h2', {}, [text('References')]), el('ul', {}, items)]));
  }
  const next = page.nextThread
    ? [text(' · Next thread: '), el('a', { href: page.nextThread.href }, [text(orNone(page.nextThread.subject))])]
    : [el('span', { className: ['muted'] }, [text(' · this is the last thread')])];
  after.push(
    el('section', {}, [
      el('h2', {}, [text('Thread')]),
      el('p', {}, [el('a', { href: page.threadHref }, [text('Whole thread on one page')]), ...next]),
      raw(threadTreeHtml(page.tree, page.threadHref)),
    ]),
    raw(page.bar.bottom),
  );
  return { before: html(before), after: html(after) };
}
