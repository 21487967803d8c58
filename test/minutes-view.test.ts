import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMinutes } from '../src/lib/minutes.ts';
import { actionsByOwner, discussionsBySection, minutesOverlay, sectionHref } from '../src/lib/minutes-view.ts';

const wiki = parseMinutes(readFileSync(new URL('./fixtures/minutes/wiki-hackathon.txt', import.meta.url), 'utf8'));
const speakers = parseMinutes(readFileSync(new URL('./fixtures/minutes/speaker-lines-design-session.txt', import.meta.url), 'utf8'));

describe('minutes view', () => {
  it('groups action items by owner, newest minutes first within an owner', () => {
    const groups = actionsByOwner([
      { n: 3, structure: wiki },
      { n: 7, structure: speakers },
    ]);
    expect(groups.map((g) => g.owner)).toEqual(['Alice', 'Bob', 'Dana', 'Erik', 'Frank', 'zoe', 'Zoë']);
    expect(groups.find((g) => g.owner === 'Erik')!.rows.map((r) => r.n)).toEqual([7, 3]);
    expect(groups[0]!.rows[0]!.section?.anchor).toBe('s-release-planning');
  });
  it('draws headings with their discussions and marks items over the lines', () => {
    const discussions = discussionsBySection([{ n: 9, quotes: [{ section: 1, quote: [0, 2], answer: undefined }] }], (n) => ({ href: `/m/${n}/`, label: `reply ${n}` }));
    const overlay = minutesOverlay(wiki, discussions);
    expect([...overlay.headings.values()].map((h) => h.anchor)).toEqual(wiki.sections.map((s) => s.anchor));
    expect(overlay.headings.get(wiki.sections[1]!.line)!.after).toHaveLength(2);
    expect(overlay.headings.get(wiki.sections[0]!.line)!.after).toEqual([]);
    expect(overlay.marks.get(wiki.actions[0]!.line)).toBe('action');
    expect(overlay.marks.get(wiki.decisions[0]!.line)).toBe('decision');
  });
  it('links a section, or the message when there is none', () => {
    expect(sectionHref('/m/x/', wiki.sections[0])).toBe('/m/x/#s-release-planning');
    expect(sectionHref('/m/x/', undefined)).toBe('/m/x/');
  });
});
