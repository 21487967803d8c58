/**
 * A message as HTML: the MHonArc bar, the message view (headers, minutes summary, body,
 * attachments) and the rest of a message page (follow-ups, references, thread tree).
 *
 * A message page is the one page a build writes for every message, so its markup is built here as
 * hast and serialised once (html.ts escapes every text and attribute), on the site worker ahead of
 * the pages, instead of through Astro's component renderer on the thread that writes the pages.
 * Bodies are HTML already (rendered by body.ts, or sanitised by sanitize.ts) and go in as they are.
 */
import type { Element, ElementContent, Parents, Properties, Root, Text } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { writeHtml } from './html.ts';
import type { IndexedMessage } from './archive.ts';
import { formatSentDateTime } from './dates.ts';
import { formatAddress, formatSize } from './format.ts';
import type { Obfuscation } from './list-config.ts';
import type { Message } from './message.ts';
import type { Detection, Minutes, MinutesSection } from './minutes.ts';
import type { Discussion } from './minutes-view.ts';
import type { BarLink } from './navigation.ts';
import { obfuscateText } from './obfuscate.ts';
import { type UiStrings, monthName } from './ui-strings.ts';
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
  /**
   * The minutes this message is, for the summary box; with the replies that discuss each section
   * (by section) when the body is the message's HTML, where no heading of ours shows them.
   */
  minutes: { structure: Minutes; detection: Detection; discussions?: ReadonlyMap<number, readonly Discussion[]> } | undefined;
  /** The interface's words. */
  t: UiStrings;
  /** `mailto:` links replying to the list and to the sender (see reply.ts), when they can be offered. */
  reply?: { list: string | undefined; sender: string | undefined };
}

/**
 * A message view in parts: the message page shows them all under an `<h1>` of the subject; the
 * thread page heads the message with its sender and date, leaves the header block to the message
 * page, and may fold the content. The view is rendered once for both.
 */
export interface MessageViewHtml {
  /** `<article …>`. */
  open: string;
  /** The subject, as the heading's content. */
  heading: string;
  /** The header block (`<dl>`). */
  headers: string;
  /** The minutes summary, the body, the HTML version and the attachments. */
  content: string;
  /** The raw message's link. */
  raw: string;
}

/** A message in a list of links (follow-ups, references). */
export interface MessageLink {
  href: string;
  subject: string;
  /** The sender, as the list shows senders. */
  who: string;
  /** The day it was sent, `2025-01-08`. */
  day: string;
  /** Its subject is not its parent's: the link shows the subject, else the sender and day. */
  newSubject: boolean;
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
    /** Ancestors between `first` and `near`, folded. */
    folded: MessageLink[];
    /** Ancestors between `first` and `folded`, not listed. */
    skipped: number;
    near: MessageLink[];
  };
  threadHref: string;
  nextThread: { href: string; subject: string } | undefined;
  tree: ThreadTreeHtml;
  /** The interface's words. */
  t: UiStrings;
  /** Downloads offered beside the thread (its mbox, the month's mbox, its feed). */
  downloads?: { label: string; href: string }[];
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

/** A thread tree's items (see tree-html.ts) and the rows left out before and after them. */
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

/**
 * The bar `[Date Prev][Date Next][Thread Prev][Thread Next][Date Index][Thread Index]`; an end of
 * the archive shows its link disabled, not missing.
 *
 * @param links the six links (see navigation.ts)
 * @param label the bar's accessible name
 * @param href a site path as a link under the site's base
 * @param t the interface's words
 */
export function barHtml(links: readonly BarLink[], label: string, href: (path: string) => string, t: UiStrings): string {
  const titleOf = (l: BarLink): string => {
    if (l.path === undefined) return l.kind === 'dateIndex' || l.kind === 'threadIndex' ? '' : t.barNone[l.kind];
    if (l.kind === 'dateIndex') return t.barByDate(l.month ?? '');
    if (l.kind === 'threadIndex') return t.barByThread(l.month ?? '');
    if (l.kind === 'prevMonth' || l.kind === 'nextMonth') return monthName(t, l.month ?? '');
    return l.subject || t.noSubject;
  };
  const children = links.map((l) =>
    l.path === undefined
      ? el('span', { className: ['off'], ariaDisabled: 'true', title: titleOf(l) }, [text(`[${t.bar[l.kind]}]`)])
      : el('a', { href: href(l.path), title: l.key ? t.barKey(titleOf(l), l.key) : titleOf(l), rel: l.rel ? [l.rel] : undefined, dataKey: l.key }, [text(`[${t.bar[l.kind]}]`)]),
  );
  return html([el('key-nav', { className: ['bar'], role: 'navigation', ariaLabel: label }, children)]);
}

/** The box at the top of a minutes message: decisions, action items and a table of contents. */
function minutesSummary({ structure: m, detection, discussions }: NonNullable<MessageViewInput['minutes']>, mode: Obfuscation, t: UiStrings): Element {
  // The one section over minutes that name no topic is there for its anchor, not a topic: the
  // summary counts topics as the minutes index and minutes.json do.
  const topics = m.sections.filter((s) => s.kind !== 'whole');
  const sectionLink = (k: number): ElementContent[] => {
    const section = m.sections[k];
    return section && section.kind !== 'whole' ? [text(' '), el('a', { href: `#${section.anchor}`, className: ['muted'] }, [text(`(${section.title})`)])] : [];
  };
  const counts = t.minutesCounts(topics.length, m.decisions.length, m.actions.length, m.attendees.length);
  const children: ElementContent[] = [el('p', { className: ['muted'] }, [text(`${counts} ${t.minutesBecause(detection.reasons)}`)])];
  if (m.decisions.length > 0) {
    const items = m.decisions.map((d) => el('li', {}, [text(obfuscateText(d.text, mode)), ...sectionLink(d.section)]));
    children.push(el('section', {}, [el('h2', {}, [text(t.decisions)]), el('ul', {}, items)]));
  }
  if (m.actions.length > 0) {
    const items = m.actions.map((a) =>
      el('li', {}, [
        ...(a.owner ? [el('strong', {}, [text(`${obfuscateText(a.owner, mode)}: `)])] : []),
        text(obfuscateText(a.text, mode)),
        ...(a.due ? [el('span', { className: ['tag'] }, [text(t.due(a.due))])] : []),
        ...sectionLink(a.section),
      ]),
    );
    children.push(el('section', {}, [el('h2', {}, [text(t.actionItems)]), el('ul', {}, items)]));
  }
  // The replies that discuss a section, when the body shows no heading of ours to list them under.
  const discussed = (s: MinutesSection, tag: string): Element[] => {
    const links = discussions?.get(m.sections.indexOf(s)) ?? [];
    if (links.length === 0) return [];
    const anchors = links.flatMap((d, i) => [...(i > 0 ? [text(', ')] : []), el('a', { href: d.href }, [text(d.label)])]);
    return [el(tag, { className: ['discussed'] }, [text(t.discussedIn), ...anchors])];
  };
  if (topics.length > 0) {
    const items = topics.map((s) => el('li', { className: [`toc-${Math.min(s.level, 3)}`] }, [el('a', { href: `#${s.anchor}` }, [text(s.title)]), ...discussed(s, 'span').flatMap((d) => [text(' '), d])]));
    children.push(el('nav', { ariaLabel: t.minutesSectionsLabel }, [el('h2', {}, [text(t.contents)]), el('ol', { className: ['toc'] }, items)]));
  } else {
    // Minutes that name no topic: the replies to the whole.
    for (const s of m.sections) children.push(...discussed(s, 'p'));
  }
  return el('aside', { className: ['minutes-summary'], ariaLabel: t.minutesSummaryLabel }, children);
}

// Elements inside a line of text: their edges do not break a section's title.
const INLINE = new Set(['a', 'abbr', 'b', 'big', 'cite', 'code', 'del', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'tt', 'u', 'var']);
/** Words of a title tried alone when the whole title is not found (an HTML part can word a long one differently). */
const TITLE_PREFIX_WORDS = 5;

/**
 * A minutes body shown as its sanitised HTML (an HTML-only message: the minutes were read from the
 * text made of it, so the overlay drew no headings) with an empty anchor element before each
 * section's title, so that every link to a section lands on it. Titles are found in order, case
 * and spacing aside; a section whose title is not found gets its anchor where the previous one is
 * (or at the top), never none. Anchors the body already holds are left as they are; the mail's own
 * `id`s were removed by the sanitizer, so ours cannot clash with them.
 *
 * @param body the body as sanitised HTML
 * @param sections the minutes' sections
 */
export function anchorHtmlSections(body: string, sections: readonly MinutesSection[]): string {
  const missing = sections.filter((s) => !body.includes(` id="${s.anchor}"`));
  if (missing.length === 0) return body;
  const root: Root = unified().use(rehypeParse, { fragment: true }).parse(body);
  // The text in document order, lower-cased with runs of white space as one space, and where
  // each of its characters comes from. An explicit stack: mail can nest elements thousands deep.
  let flat = '';
  const from: { node: Text; offset: number }[] = [];
  const where = new Map<Text, { parent: Parents; index: number }>();
  const add = (c: string, node: Text, offset: number): void => {
    if (/\s/.test(c)) {
      if (flat === '' || flat.endsWith(' ')) return;
      c = ' ';
    }
    // Lower-casing can lengthen a character ("İ"): each character it makes points to the original.
    const lower = c.toLowerCase();
    flat += lower;
    for (let j = 0; j < lower.length; j++) from.push({ node, offset });
  };
  // Where each line of the shown text starts: after a `<br>` or at a block's edge.
  const lineStarts = [0];
  const breakLine = (): void => {
    if (flat !== '' && !flat.endsWith(' ')) {
      flat += ' ';
      from.push(from[from.length - 1]!);
    }
    if (lineStarts[lineStarts.length - 1] !== flat.length) lineStarts.push(flat.length);
  };
  const stack: { parent: Parents; index: number }[] = [{ parent: root, index: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top.parent.children[top.index];
    if (node === undefined) {
      stack.pop();
      if (top.parent.type === 'element' && !INLINE.has(top.parent.tagName)) breakLine();
      continue;
    }
    top.index++;
    if (node.type === 'text') {
      where.set(node, { parent: top.parent, index: top.index - 1 });
      for (let k = 0; k < node.value.length; k++) add(node.value[k]!, node, k);
    } else if (node.type === 'element') {
      if (node.tagName === 'br' || !INLINE.has(node.tagName)) breakLine();
      stack.push({ parent: node, index: 0 });
    }
  }
  // A topic's title opens its line, after a number or a bullet at most ("(2) ", "2B. ", "- "): a
  // mention of it further on in a line (an agenda that lists the topics) is not the topic.
  const opensLine = (at: number): boolean => {
    // The last line start at or before `at`, by bisection (a long HTML part has many lines).
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    const start = lineStarts[lo]!;
    return /^[\s([]*(?:\d{1,3}[a-z]?|[a-z])?[.):\]]*\s*[-*•#]*\s*$/.test(flat.slice(start, at));
  };
  const find = (words: string, from: number): number => {
    let first = -1;
    for (let at = flat.indexOf(words, from); at >= 0; at = flat.indexOf(words, at + 1)) {
      if (opensLine(at)) return at;
      if (first < 0) first = at;
    }
    return first;
  };
  // Where each missing anchor goes: a position in `flat`, or -1 for the top of the body.
  const placed: { section: MinutesSection; at: number }[] = [];
  let cursor = 0;
  let previous = -1;
  for (const s of missing) {
    const title = s.title.replace(/\s+/g, ' ').trim().toLowerCase();
    let at = title === '' ? -1 : find(title, cursor);
    if (at < 0) {
      const prefix = title.split(' ').slice(0, TITLE_PREFIX_WORDS).join(' ');
      at = prefix.length < 4 ? -1 : find(prefix, cursor);
    }
    if (at >= 0) {
      cursor = at + 1;
      previous = at;
    }
    placed.push({ section: s, at: at >= 0 ? at : previous });
  }
  const anchor = (s: MinutesSection): Element => ({ type: 'element', tagName: 'span', properties: { id: s.anchor, className: ['minutes-anchor'] }, children: [] });
  // Last position first, so that inserting leaves the places found before it where they were.
  for (let k = placed.length - 1; k >= 0; ) {
    const at = placed[k]!.at;
    let first = k;
    while (first > 0 && placed[first - 1]!.at === at) first--;
    const anchors = placed.slice(first, k + 1).map((p) => anchor(p.section));
    k = first - 1;
    const start = at < 0 ? undefined : from[at];
    const spot = start === undefined ? undefined : where.get(start.node);
    if (start === undefined || spot === undefined) {
      root.children.unshift(...anchors);
      continue;
    }
    const { node, offset } = start;
    if (offset === 0) {
      spot.parent.children.splice(spot.index, 0, ...anchors);
      continue;
    }
    // The node keeps the text before the title (places found in it earlier stay right).
    const rest: Text = { type: 'text', value: node.value.slice(offset) };
    node.value = node.value.slice(0, offset);
    spot.parent.children.splice(spot.index + 1, 0, ...anchors, rest);
  }
  return writeHtml(root);
}

/**
 * A message's view: headers (addresses as the list shows them), minutes summary, body, the HTML
 * version, attachments and the raw message link.
 *
 * @param input the message and its links
 */
export function messageViewHtml(input: MessageViewInput): MessageViewHtml {
  const { message: m, headers: h, obfuscation: mode, t } = input;
  const f = t.fields;
  // A subject can hold an address (`Fwd: mail from alice@example.org`): hidden as in headers.
  const orNone = (subject: string): string => (subject === '' ? t.noSubject : obfuscateText(subject, mode));
  const field = (name: string, value: ElementContent[]): ElementContent[] => [el('dt', {}, [text(name)]), el('dd', {}, value)];
  const code = (id: string) => el('code', {}, [text(`<${id}>`)]);
  const dl: ElementContent[] = [
    ...field(f.from, [text(h.from ? formatAddress(h.from, mode) : t.unknownSender)]),
    ...field(f.date, [
      el('time', { dateTime: new Date(m.dateMs).toISOString() }, [text(formatSentDateTime(m.dateMs, m.offsetMinutes))]),
      ...(h.dateSource === 'envelope' ? [text(' '), el('span', { className: ['tag'], title: t.envelopeDateTitle }, [text(t.envelopeDate)])] : []),
      ...(h.dateSource === 'none' ? [text(' '), el('span', { className: ['tag'], title: t.noDateTitle }, [text(t.noDate)])] : []),
    ]),
  ];
  if (h.to.length > 0) dl.push(...field(f.to, [text(h.to.map((a) => formatAddress(a, mode)).join(', '))]));
  if (h.cc.length > 0) dl.push(...field(f.cc, [text(h.cc.map((a) => formatAddress(a, mode)).join(', '))]));
  dl.push(...field(f.subject, [text(orNone(h.subject))]));
  dl.push(...field(f.messageId, [h.syntheticId ? el('span', { className: ['muted'] }, [text(t.noMessageId)]) : code(h.messageId)]));
  const inReplyTo = h.inReplyTo[0];
  if (inReplyTo !== undefined) {
    dl.push(
      ...field(
        f.inReplyTo,
        input.inReplyToHref ? [el('a', { href: input.inReplyToHref }, [code(inReplyTo)])] : [code(inReplyTo), text(' '), el('span', { className: ['muted'] }, [text(t.notInTheArchive)])],
      ),
    );
  }
  if (input.inferredParent) {
    dl.push(
      ...field(f.replyTo, [
        el('a', { href: input.inferredParent.href }, [text(input.inferredParent.subject)]),
        text(' '),
        el('span', { className: ['tag'], title: t.inferredFromSubjectTitle }, [text(t.inferredFromSubject)]),
      ]),
    );
  }
  if (input.replyingTo) {
    const links = input.replyingTo.flatMap((s, i) => [...(i > 0 ? [text(', ')] : []), el('a', { href: s.href }, [text(s.title)])]);
    dl.push(...field(f.replyingTo, [...links, text(' '), el('span', { className: ['muted'] }, [text(t.sectionsOfTheMinutes)])]));
  }
  if (m.duplicate) dl.push(...field(f.note, [el('span', { className: ['tag'] }, [text(t.duplicateId)])]));
  const content: ElementContent[] = [];
  if (input.minutes) content.push(minutesSummary(input.minutes, mode, t));
  content.push(raw(input.minutes ? anchorHtmlSections(input.body, input.minutes.structure.sections) : input.body));
  if (input.htmlRefused) {
    const [before, link, after] = t.htmlRefused;
    content.push(el('p', { className: ['muted'] }, [text(before), el('a', { href: input.rawHref }, [text(link)]), text(after)]));
  }
  if (input.htmlVersion !== undefined) {
    content.push(el('details', { className: ['html-version'] }, [el('summary', {}, [text(t.htmlVersion)]), el('div', { className: ['html-body'] }, [raw(input.htmlVersion)])]));
  }
  if (h.attachments.length > 0) {
    const items = h.attachments.map((a, k) => {
      const name = a.filename || t.attachmentName(k + 1);
      const href = input.attachmentHref(k);
      return el('li', {}, [
        el('a', { href }, [text(name)]),
        text(' '),
        el('span', { className: ['muted'] }, [text(`${a.contentType}, ${formatSize(a.size)}`)]),
        ...(INLINE_IMAGE_TYPES.has(a.contentType) ? [text(' '), el('img', { src: href, alt: name, loading: 'lazy' })] : []),
      ]);
    });
    content.push(el('section', { className: ['attachments'], ariaLabel: t.attachments }, [el('h3', {}, [text(t.attachments)]), el('ul', {}, items)]));
  }
  const replies: ElementContent[] = [];
  if (input.reply?.list !== undefined) replies.push(text(' · '), el('a', { href: input.reply.list, className: ['reply'] }, [text(t.reply)]));
  if (input.reply?.sender !== undefined) replies.push(text(' · '), el('a', { href: input.reply.sender, className: ['reply'] }, [text(t.replyToSender)]));
  const open = html([el('article', { id: m.slug, className: ['message'], dataMessageId: h.messageId })]);
  return {
    open: open.slice(0, -'</article>'.length),
    heading: html([text(orNone(h.subject))]),
    headers: html([el('dl', { className: ['headers'] }, dl)]),
    content: html(content),
    raw: html([el('a', { href: input.rawHref }, [text(t.rawMessage)]), ...replies]),
  };
}

/**
 * A message view with its heading at a level.
 *
 * @param view the view
 * @param level 1 on the message's page, 2 on its thread's page
 */
export function joinView(view: MessageViewHtml, level: 1 | 2): string {
  return `${view.open}<h${level}>${view.heading}</h${level}>${view.headers}${view.content}${view.raw === "" ? "" : `<p class="raw">${view.raw}</p>`}</article>`;
}

/** How a thread page shows one of its messages. */
export interface ThreadMessageInput {
  /** The sender, as the list shows senders. */
  who: string;
  /** When it was sent, and the same as an ISO timestamp for `<time>`. */
  date: string;
  dateTime: string;
  /** The subject, when it is not its parent's (see `TreeRow.newSubject`). */
  subject: string | undefined;
  /** Fold the content under a summary: a long thread's later messages are folded. */
  folded: boolean;
  /** What the fold's summary shows: the first words of the message's own text. */
  excerpt: string;
  /** The message's own page. */
  pageHref: string;
  t: UiStrings;
}

/**
 * A message on its thread's page: headed by its sender and date (128 headings that all read
 * "Re: Plan" tell a screen reader's user nothing), its subject only where it changes, its header
 * block left to its own page, and its content folded in a `<details>` when the page folds it:
 * readable without a script, opened one by one or all at once.
 *
 * @param view the message's view
 * @param input the heading, the subject, whether it is folded and the links
 */
export function threadMessageHtml(view: MessageViewHtml, input: ThreadMessageInput): string {
  const { t } = input;
  const heading = html([el('h2', { className: ['msg-head'] }, [el('span', { className: ['who'] }, [text(input.who)]), text(' '), el('time', { dateTime: input.dateTime }, [text(input.date)])])]);
  const subject = input.subject === undefined ? '' : html([el('p', { className: ['msg-subject'] }, [el('span', { className: ['muted'] }, [text(`${t.subjectChanged} `)]), text(input.subject || t.noSubject)])]);
  const content = input.folded ? html([el('details', { className: ['msg-fold'] }, [el('summary', {}, [text(input.excerpt || t.showMessage)]), raw(view.content)])]) : view.content;
  const links = html([el('p', { className: ['raw'] }, [el('a', { href: input.pageHref }, [text(t.messagePage)]), ...(view.raw === '' ? [] : [text(' · '), raw(view.raw)])])]);
  return `${view.open}${heading}${subject}${content}${links}</article>`;
}

/**
 * A thread tree with notes on the rows left out (a message page shows a window of a long thread).
 *
 * @param tree the rows and what was left out
 * @param threadHref the thread's page
 * @param t the interface's words
 */
export function threadTreeHtml(tree: ThreadTreeHtml, threadHref: string, t: UiStrings): string {
  const note = (count: number, which: 'earlier' | 'later') => {
    const [before, link, after] = t.treeNotListed(count, which);
    return el('p', { className: ['muted'] }, [text(before), el('a', { href: threadHref }, [text(link)]), text(after)]);
  };
  return html([...(tree.before > 0 ? [note(tree.before, 'earlier')] : []), el('ul', { className: ['tree'] }, [raw(tree.rows)]), ...(tree.after > 0 ? [note(tree.after, 'later')] : [])]);
}

/**
 * The series bar: where a patch sits in its series, its neighbours, the series' other versions,
 * and the review tags given on it in replies.
 *
 * @param bar the series and its links
 * @param t the interface's words
 */
export function seriesBarHtml(bar: SeriesBarInput, t: UiStrings): string {
  const orNone = (subject: string): string => subject || t.noSubject;
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
  const { t, crumbs, references: refs } = page;
  const orNone = (subject: string): string => subject || t.noSubject;
  const link = (l: MessageLink, tagInferred: boolean): Element =>
    el('li', {}, [
      ...(l.newSubject
        ? [el('a', { href: l.href }, [text(orNone(l.subject))]), text(' '), el('span', { className: ['muted'] }, [text(`— ${l.who}, ${l.day}`)])]
        : [el('a', { href: l.href }, [el('span', { className: ['who'] }, [text(l.who)]), text(' '), el('span', { className: ['when'] }, [text(l.day)])])]),
      ...(tagInferred && l.inferred ? [text(' '), el('span', { className: ['tag'], title: t.inferredTitle }, [text(t.inferred)])] : []),
    ]);
  const before: ElementContent[] = [
    el('p', { className: ['crumbs'] }, [
      el('a', { href: crumbs.home }, [text(t.allLists)]),
      text(' / '),
      el('a', { href: crumbs.list.href }, [text(crumbs.list.title)]),
      text(' / '),
      el('a', { href: crumbs.month.href }, [text(crumbs.month.label)]),
    ]),
    raw(page.bar.top),
    ...(page.series ? [raw(seriesBarHtml(page.series, t))] : []),
  ];
  const after: ElementContent[] = [];
  if (page.followUps.length > 0) after.push(el('section', {}, [el('h2', {}, [text(t.followUps)]), el('ul', { className: ['links'] }, page.followUps.map((l) => link(l, true)))]));
  if (refs.ghost !== undefined || refs.first.length > 0) {
    const items: ElementContent[] = [];
    if (refs.ghost !== undefined) items.push(el('li', {}, [el('span', { className: ['ghost'], title: `<${refs.ghost}>` }, [text(t.ghostMessage)])]));
    items.push(...refs.first.map((l) => link(l, false)));
    if (refs.folded.length > 0) {
      const folded: ElementContent[] = [];
      if (refs.skipped > 0) {
        const [before, more, after] = t.referencesMore(refs.skipped);
        folded.push(el('li', { className: ['muted'] }, [text(before), el('a', { href: page.threadHref }, [text(more)]), text(after)]));
      }
      folded.push(...refs.folded.map((l) => link(l, false)));
      items.push(el('li', {}, [el('details', { className: ['refs-fold'] }, [el('summary', {}, [text(t.referencesBetween(refs.skipped + refs.folded.length))]), el('ul', { className: ['links'] }, folded)])]));
    }
    items.push(...refs.near.map((l) => link(l, false)));
    after.push(el('section', {}, [el('h2', {}, [text(t.references)]), el('ul', { className: ['links'] }, items)]));
  }
  const next = page.nextThread
    ? [text(` · ${t.nextThread} `), el('a', { href: page.nextThread.href }, [text(orNone(page.nextThread.subject))])]
    : [el('span', { className: ['muted'] }, [text(` · ${t.lastThread}`)])];
  after.push(
    el('section', {}, [
      el('h2', {}, [text(t.thread)]),
      el('p', {}, [el('a', { href: page.threadHref }, [text(t.wholeThread)]), ...next]),
      ...(page.downloads && page.downloads.length > 0
        ? [el('p', { className: ['downloads'] }, [text(`${t.download} `), ...page.downloads.flatMap((d, i) => [...(i > 0 ? [text(' · ')] : []), el('a', { href: d.href }, [text(d.label)])])])]
        : []),
      raw(threadTreeHtml(page.tree, page.threadHref, t)),
    ]),
    raw(page.bar.bottom),
  );
  return { before: html(before), after: html(after) };
}
