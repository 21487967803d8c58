/**
 * The topics of minutes: wiki, Markdown and underlined headings, the writer's numbered items with
 * or without a dot, short lines over lists, bullets under "Highlights:" or "Agenda", and the quoted
 * agenda items a results reply answers. Label lines, banners, attribution lines and tight lists
 * (how-to steps) are never topics. Pure, line-based, no recursion.
 */
import { ACTION_LABEL, ATTENDEES_LABEL, DECISION_LABEL, LABEL_LINE, TOPIC_LIST_LABEL } from './minutes-lexicon.ts';
import { ATTRIBUTION, MEETBOT_STAMP, isSignOff, listMarker, titleOf, wordsOf, type TextLine } from './minutes-text.ts';
import type { SectionKind } from './minutes.ts';

const WIKI_HEADING = /^\s*(={1,6})\s*([^=].*?)\s*\1\s*$/;
const MD_HEADING = /^\s{0,3}(#{1,6})\s+(\S.*?)\s*#*\s*$/;
const BOLD_LINE = /^\s{0,3}(?:\*\*|__)([^*_].{0,100}?)(?:\*\*|__)\s*:?\s*$/;
const UNDERLINE = /^\s*(=+|-+)\s*$/;
const BONUS = /^\s*(?:bonus|extra|added|new|additional)\s+(?:item|topic)\s+(\d{1,2})\s*[:.)-]\s*(\S.*)$/i;

/** A topic found in the text, before it becomes a section. */
export interface TopicCandidate {
  line: number;
  level: number;
  title: string;
  kind: SectionKind;
}

interface QuoteBlock {
  start: number;
  end: number;
  /** Top-level agenda items of the block: their first line and title. */
  items: { line: number; title: string }[];
  answered: boolean;
}

/** Whether a line is a label ("DISCUSSION:", "Next steps", "(4) Action items"): part of a topic, never a topic. */
export const isLabel = (title: string) =>
  LABEL_LINE.test(
    title
      .replace(/^\s*(?:#{1,6}\s+|\*\*|__)|(?:\*\*|__)\s*$/g, '')
      .replace(/\s*\([^)]{0,40}\)\s*$/, '')
      .replace(/[\s:.\-–]+$/, '')
      .replace(/^\s*\(?\d{1,2}[A-Za-z]?(?:[.)]\s*|\s+)/, '')
      .trim(),
  );

/** A heading that only gives the meeting's day ("## 2025-05-13", "Tuesday 6 May"): the meeting, not a topic. */
const isDateOnly = (title: string) =>
  /\d/.test(title) && title.replace(/\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:st|nd|rd|th)\b|[\d\W_]+/gi, '') === '';

/** Markup headings: wiki `= X =`, Markdown `# X`, a bold line, an underlined title. */
function markupHeadings(own: readonly TextLine[], lines: readonly TextLine[]): TopicCandidate[] {
  const out: TopicCandidate[] = [];
  for (const l of own) {
    const wiki = WIKI_HEADING.exec(l.body);
    const md = MD_HEADING.exec(l.body);
    const bold = BOLD_LINE.exec(l.body);
    const next = lines[l.i + 1];
    if (wiki) out.push({ line: l.i, level: wiki[1]!.length, title: wiki[2]!, kind: 'heading' });
    else if (md && !/^\s*#+[^\s#]/.test(l.body)) out.push({ line: l.i, level: md[1]!.length, title: md[2]!, kind: 'heading' });
    else if (bold && (lines[l.i - 1]?.blank ?? true)) out.push({ line: l.i, level: 2, title: bold[1]!, kind: 'heading' });
    else if (
      next !== undefined && next.depth === 0 && l.body.trim().length >= 3 && UNDERLINE.test(next.body) && next.body.trim().length >= 3 &&
      Math.abs(next.body.trim().length - l.body.trim().length) <= 4 && !UNDERLINE.test(l.body) && !listMarker(l.body)
    ) {
      out.push({ line: l.i, level: next.body.trim().startsWith('=') ? 1 : 2, title: l.body.trim(), kind: 'heading' });
    }
  }
  // A single top heading over deeper ones is the document's title ("# Storage WG, 6 May"), not a topic.
  const top = Math.min(...out.map((h) => h.level));
  const atTop = out.filter((h) => h.level === top);
  if (out.length > 1 && atTop.length === 1 && atTop[0] === out[0]) out.shift();
  return out
    .map((h) => ({ ...h, title: h.title.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/^\s*(?:\(?\d{1,2}[A-Za-z]?[.)]|\d{1,2}\s)\s*/, '').replace(/[*_`]+/g, '').trim() }))
    .filter((h) => !isBanner(h.title) && !isDateOnly(h.title));
}

/** A banner ("=== MEETING ACCESS ON ZOOM ===", "*** DIAL-IN DETAILS ***"): shouting, not a topic. */
function isBanner(title: string): boolean {
  const letters = title.replace(/[^\p{L}]/gu, '');
  return (letters.length >= 8 && letters === letters.toUpperCase() && wordsOf(title).length >= 3) || /\b(?:dial-?in|join(?:ing)? (?:the )?(?:meeting|call)|meeting (?:access|link|info|details))\b/i.test(title);
}

/** The writer's numbered topics: items that each open a paragraph, not a tight list. */
function numberedTopics(own: readonly TextLine[], lines: readonly TextLine[], afterQuotedAgenda: boolean): { topics: TopicCandidate[]; closers: number[] } {
  const topics: TopicCandidate[] = [];
  const closers: number[] = [];
  const numberAt = (i: number) => {
    const l = lines[i];
    return l !== undefined && l.depth === 0 && !l.blank && listMarker(l.body, true)?.kind === 'number';
  };
  for (const l of own) {
    if (l.indent > 1 || l.blank) continue;
    const bonus = BONUS.exec(l.body);
    const marker = bonus ? undefined : listMarker(l.body, true);
    if (!bonus && marker?.kind !== 'number') continue;
    // A tight list (items on consecutive lines) is a list inside a topic, not a list of topics.
    if (!bonus && (numberAt(l.i - 1) || numberAt(l.i + 1))) continue;
    const prev = lines[l.i - 1];
    if (prev !== undefined && !prev.blank && prev.depth === 0 && !isLabel(prev.body.trim())) continue;
    // Items right under "Action items:" or "Next steps:" are that label's items.
    let k = l.i - 1;
    while (k >= 0 && lines[k]!.blank) k--;
    const lead = k >= 0 ? lines[k]! : undefined;
    if (lead && lead.depth === 0 && (ACTION_LABEL.test(lead.body.trim().replace(/:$/, '')) || DECISION_LABEL.test(lead.body.trim().replace(/:$/, '')))) continue;
    let text = bonus ? bonus[2]! : l.body.slice(marker!.textStart);
    // An HTML list rendered as text puts the item's words on the next lines.
    if (text.trim() === '') {
      let j = l.i + 1;
      while (j < lines.length && lines[j]!.blank && j < l.i + 3) j++;
      const first = lines[j];
      if (first?.depth !== 0 || first.indent <= l.indent || listMarker(first.body)) continue;
      text = first.body;
    }
    if (!/\p{L}/u.test(text)) continue;
    const title = titleOf([text], true);
    if (isLabel(title)) {
      closers.push(l.i);
      continue;
    }
    topics.push({ line: l.i, level: /\d[A-Za-z]$/.test(marker?.number ?? '') ? 2 : 1, title, kind: 'numbered' });
  }
  if (topics.length < (afterQuotedAgenda ? 1 : 2)) return { topics: [], closers };
  return { topics, closers };
}

/** Short lines standing over a list ("Dump Research" over "1. …"): topics of notes written plainly. */
function plainHeadings(own: readonly TextLine[], lines: readonly TextLine[]): TopicCandidate[] {
  const out: TopicCandidate[] = [];
  for (const l of own) {
    if (l.blank || l.indent > 3 || listMarker(l.body, true) || !(lines[l.i - 1]?.blank ?? true)) continue;
    // The paragraph: this line and at most one more.
    const second = lines[l.i + 1];
    const two = second !== undefined && second.depth === 0 && !second.blank && !listMarker(second.body);
    if (two && !(lines[l.i + 2]?.blank ?? true)) continue;
    const raw = (two ? `${l.body} ${second.body}` : l.body).replace(/<(?:https?|ftp):[^>\s]*>/gi, ' ').replace(/\s+/g, ' ').trim();
    const words = wordsOf(raw);
    if (words.length === 0 || words.length > 10 || /[.,;:!?]$/.test(raw) || !/^[\p{Lu}\p{N}"“]/u.test(raw) || /(?:https?|ftp):\/\//.test(raw)) continue;
    if (isLabel(raw) || isSignOff(raw) || ATTRIBUTION.test(raw) || ATTENDEES_LABEL.test(raw) || /^(?:hi|hello|dear|hey)\b/i.test(raw)) continue;
    let j = l.i + (two ? 2 : 1);
    if (lines[j]?.blank) j++;
    const next = lines[j];
    if (next?.depth !== 0 || !listMarker(next.body)) continue;
    out.push({ line: l.i, level: 1, title: raw, kind: 'plain' });
  }
  return out;
}

/** Bullets under "Highlights:" or "Topics discussed:" that read as titles, not sentences. */
function listedTopics(own: readonly TextLine[], lines: readonly TextLine[]): TopicCandidate[] {
  const out: TopicCandidate[] = [];
  for (const l of own) {
    if (!TOPIC_LIST_LABEL.test(l.body.trim().replace(/^(?:\*\*|__|#{1,6}\s+)|(?:\*\*|__)$/g, '').replace(/:$/, ''))) continue;
    let top = -1;
    for (let j = l.i + 1; j < lines.length; j++) {
      const item = lines[j]!;
      if (item.depth !== 0 || item.after) break;
      if (item.blank || (UNDERLINE.test(item.body) && j === l.i + 1)) {
        if (out.length === 0) continue;
        break;
      }
      const m = listMarker(item.body);
      if (!m) break;
      // Sub-items are the notes of their topic.
      if (top < 0) top = item.indent;
      if (item.indent > top) continue;
      const text = item.body.slice(m.textStart).replace(MEETBOT_STAMP, '').replace(/^\[[^\]]{1,40}\]\s*/, '').trim();
      const first = wordsOf(text)[0] ?? '';
      if (wordsOf(text).length > 14 || /^(?:we|i|they|it|there|he|she|you)$/.test(first) || /ed$/.test(first)) return [];
      out.push({ line: j, level: 1, title: titleOf([text]), kind: 'list' });
    }
    if (out.length > 0) break;
  }
  return out;
}

/**
 * Quote blocks of a reply, each with the top-level agenda items it quotes and whether the writer
 * answers it (own words, not a sign-off, before the next quote).
 */
function quoteBlocks(lines: readonly TextLine[]): QuoteBlock[] {
  const blocks: QuoteBlock[] = [];
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.depth === 0 || lines[i]!.after) {
      i++;
      continue;
    }
    const start = i;
    while (i < lines.length && lines[i]!.depth > 0) i++;
    const end = i;
    const markers = lines.slice(start, end).flatMap((l) => {
      const m = listMarker(l.body);
      return m ? [{ l, m }] : [];
    });
    const top = Math.min(...markers.map((x) => x.l.indent));
    const topKind = markers.find((x) => x.l.indent === top)?.m.kind;
    const items: QuoteBlock['items'] = [];
    for (const { l, m } of markers) {
      // Sub-items (deeper, or bullets under numbered items) belong to their item.
      if (m.kind !== topKind || l.indent > top + (m.kind === 'number' ? 1 : 0)) continue;
      const parts = [l.body.slice(m.textStart)];
      for (let j = l.i + 1; j < end; j++) {
        const c = lines[j]!;
        if (c.blank) {
          // "1." alone, then its words after a blank line (an HTML list as text).
          if (parts.join('').trim() === '') continue;
          break;
        }
        if (listMarker(c.body)) break;
        parts.push(c.body);
      }
      const text = parts.join('\n').trim();
      // "- Jose" under the quoted agenda is its writer's sign-off, not an item.
      if (!/^[\p{L}\p{N}("“'‘]/u.test(text) || (m.kind === 'bullet' && wordsOf(text).length === 1 && isSignOff(`- ${text}`))) continue;
      items.push({ line: l.i, title: titleOf(parts.map((p) => p.trim()).filter((p) => p !== '')) });
    }
    let answered = false;
    for (let j = end; j < lines.length && lines[j]!.depth === 0 && !lines[j]!.after; j++) {
      const b = lines[j]!.body;
      if (lines[j]!.blank || isSignOff(b) || ATTRIBUTION.test(b)) continue;
      answered = true;
      break;
    }
    blocks.push({ start, end, items, answered });
  }
  return blocks;
}

/** Shared words of two titles over the longer one's: more than half means the same item. */
export const titleOverlap = (a: string, b: string): number => {
  const x = wordsOf(a);
  const y = new Set(wordsOf(b));
  if (x.length === 0 || y.size === 0) return 0;
  return x.filter((w) => y.has(w)).length / Math.max(x.length, y.size);
};

/** What the topics finder returns: topics, the label lines that close the topic above them, and the quote blocks answered. */
export interface FoundTopics {
  topics: TopicCandidate[];
  /** Label lines at topic level ("(4) Action items", "## Action items"): a topic ends there. */
  closers: number[];
  /** Quote blocks of agenda items, each followed by the writer's answer. */
  answered: number;
}

/**
 * The topics of a message, from the strongest sign to the weakest: markup headings; else the
 * writer's numbered items and the quoted agenda items the text answers (when two quote blocks or
 * more are answered); else short lines over lists; else bullets under a topics label.
 *
 * @param lines all lines of the message
 * @param own the writer's own lines (not quoted, before the signature)
 */
export function findTopics(lines: readonly TextLine[], own: readonly TextLine[]): FoundTopics {
  const blocks = quoteBlocks(lines);
  const answeredItems = blocks.filter((b) => b.answered && b.items.length > 0);
  const quoted = answeredItems.length >= 2 ? answeredItems.flatMap((b) => b.items.map((it) => ({ line: it.line, level: 1, title: it.title, kind: 'agenda' as const }))) : [];
  // The whole agenda quoted first, then each item again with its answer: the item is one topic, where it is answered.
  const agenda = quoted.filter((t, k) => !quoted.slice(k + 1).some((later) => titleOverlap(t.title, later.title) > 0.8));
  const markup = markupHeadings(own, lines);
  const closers: number[] = markup.filter((h) => isLabel(h.title)).map((h) => h.line);
  let topics: TopicCandidate[] = markup.filter((h) => !isLabel(h.title));
  if (topics.length < 2) {
    const numbered = numberedTopics(own, lines, agenda.length > 0);
    closers.push(...numbered.closers);
    topics.push(...numbered.topics);
    // The writer's numbered topic repeats the quoted agenda item it answers: keep the writer's line.
    topics.push(...agenda.filter((a) => !numbered.topics.some((t) => titleOverlap(a.title, t.title) > 0.5)));
  }
  if (markup.length === 0 && topics.length === 0) topics.push(...plainHeadings(own, lines));
  if (topics.length === 0) topics.push(...listedTopics(own, lines));
  topics = topics.filter((t) => t.title !== '').sort((a, b) => a.line - b.line);
  return { topics, closers, answered: answeredItems.length };
}
