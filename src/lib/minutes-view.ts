/**
 * What a minutes message page shows on top of its text: the overlay of headings and marks for the
 * body, and the "Discussed in" links under each section.
 */
import type { ElementContent } from 'hast';
import type { BodyOverlay } from './body.ts';
import type { ActionItem, Minutes, MinutesSection, QuoteMapping } from './minutes.ts';
import { UI_STRINGS, type UiStrings } from './ui-strings.ts';

/** A reply that discusses a section, as a link. */
export interface Discussion {
  href: string;
  label: string;
}

/**
 * The body overlay of a minutes message: section headings with anchors and "Discussed in" links,
 * action/decision/note/speaker lines marked.
 *
 * @param minutes the structure
 * @param discussions replies discussing each section, by section index
 * @param t the interface's words
 */
export function minutesOverlay(minutes: Minutes, discussions: Map<number, Discussion[]>, t: UiStrings = UI_STRINGS.en): BodyOverlay {
  const headings: BodyOverlay['headings'] = new Map();
  minutes.sections.forEach((s, k) => {
    const links = discussions.get(k) ?? [];
    const after: ElementContent[] =
      links.length === 0
        ? []
        : [
            {
              type: 'element',
              tagName: 'span',
              properties: { className: ['discussed'] },
              children: [
                { type: 'text', value: t.discussedIn },
                ...links.flatMap((d, i): ElementContent[] => [
                  ...(i > 0 ? [{ type: 'text' as const, value: ', ' }] : []),
                  { type: 'element', tagName: 'a', properties: { href: d.href }, children: [{ type: 'text', value: d.label }] },
                ]),
              ],
            },
            { type: 'text', value: '\n' },
          ];
    headings.set(s.line, { level: s.level, anchor: s.anchor, after });
  });
  const marks: BodyOverlay['marks'] = new Map();
  for (const a of minutes.actions) marks.set(a.line, 'action');
  for (const d of minutes.decisions) marks.set(d.line, 'decision');
  for (const n of minutes.notes) marks.set(n.line, 'note');
  for (const t of minutes.speakers) if (!marks.has(t.line)) marks.set(t.line, 'speaker');
  return { headings, marks };
}

/**
 * Group the replies of a minutes message by the sections they quote.
 *
 * @param replies replies with what they quote
 * @param link the link for a reply
 */
export function discussionsBySection(replies: readonly { n: number; quotes: QuoteMapping[] }[], link: (n: number) => Discussion): Map<number, Discussion[]> {
  const out = new Map<number, Discussion[]>();
  for (const r of replies) {
    for (const section of new Set(r.quotes.map((q) => q.section))) {
      const list = out.get(section) ?? [];
      list.push(link(r.n));
      out.set(section, list);
    }
  }
  return out;
}

/** An action item as the per-list actions page lists it. */
export interface ActionRow {
  /** The minutes message's position in date order. */
  n: number;
  action: ActionItem;
  section: MinutesSection | undefined;
}

/**
 * Every action item of a list's minutes, grouped by owner (alphabetically, items without an owner
 * last under their own label), newest minutes first within an owner.
 *
 * @param entries the list's minutes messages with their structure, in date order
 */
export function actionsByOwner(entries: readonly { n: number; structure: Minutes }[]): { owner: string; rows: ActionRow[] }[] {
  const groups = new Map<string, ActionRow[]>();
  for (const e of [...entries].reverse()) {
    for (const action of e.structure.actions) {
      const owner = action.owner ?? '(no owner written)';
      const rows = groups.get(owner) ?? [];
      rows.push({ n: e.n, action, section: e.structure.sections[action.section] });
      groups.set(owner, rows);
    }
  }
  return [...groups].sort((a, b) => a[0].localeCompare(b[0], 'en')).map(([owner, rows]) => ({ owner, rows }));
}

/**
 * A link to a section of a minutes message, or to the message when the item has no section.
 *
 * @param messageHref the minutes message's URL
 * @param section the section, if any
 */
export function sectionHref(messageHref: string, section: MinutesSection | undefined): string {
  return section ? `${messageHref}#${section.anchor}` : messageHref;
}
