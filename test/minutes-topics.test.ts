import { describe, expect, it } from 'vitest';
import { readLines } from '../src/lib/minutes-text.ts';
import { findTopics, isLabel, titleOverlap } from '../src/lib/minutes-topics.ts';

const topicsOf = (text: string) => {
  const lines = readLines(text);
  return findTopics(lines, lines.filter((l) => l.depth === 0 && !l.after));
};

describe('isLabel', () => {
  it('knows label lines in their written forms', () => {
    for (const l of ['DISCUSSION:', 'Next steps', 'NEXT Step:', '(4) Action items', '## Action items', '**Attendees**', 'People Present (lines said)', 'Notes']) expect(isLabel(l), l).toBe(true);
    for (const t of ['Release planning', 'Any Other Business', 'Glossary']) expect(isLabel(t), t).toBe(false);
  });
});

describe('findTopics', () => {
  it('takes quoted agenda items only when two quote blocks or more are answered', () => {
    expect(topicsOf('> 1. Keys\n\nKeep them.\n\n> 2. Docs\n\nLater.\n').topics.map((t) => [t.kind, t.title])).toEqual([
      ['agenda', 'Keys'],
      ['agenda', 'Docs'],
    ]);
    expect(topicsOf('> 1. Keys\n> 2. Docs\n\nWe discussed keys only.\n').topics).toEqual([]);
  });
  it('makes "(4) Action items" close the topic above it instead of starting one', () => {
    const found = topicsOf('(1) Vue repo\n- migrating\n\n(2) Style guide\n- colours\n\n(4) Action items\n- Add the roadmap\n');
    expect(found.topics.map((t) => t.title)).toEqual(['Vue repo', 'Style guide']);
    expect(found.closers).toEqual([6]);
  });
  it('prefers markup headings over numbered lines inside them', () => {
    expect(topicsOf('= Build =\n\n1. Tag it.\n\n2. Push it.\n\n= Docs =\n\nfine\n').topics.map((t) => t.title)).toEqual(['Build', 'Docs']);
  });
});

describe('titleOverlap', () => {
  it('measures shared words over the longer title', () => {
    expect(titleOverlap('BMC use cases', 'BMC use cases for boot')).toBeCloseTo(3 / 5);
  });
});
