import { describe, expect, it } from 'vitest';
import { FEED_TEXT_CHARS, atomXml, feedIri, messageIri, type Feed } from '../src/lib/feeds.ts';
import { atomProblems } from './atom-schema.ts';

const feed = (entries: Feed['entries']): Feed => ({ id: feedIri('dev', 'dev/atom.xml'), title: 'dev <list> & co', subtitle: '', self: 'https://x.org/dev/atom.xml', alternate: 'https://x.org/dev/', entries });
const entry = (k: number, extra: Partial<Feed['entries'][number]> = {}): Feed['entries'][number] => ({
  id: messageIri(`m${k}@x.org`, `m${k}@x.org`, false),
  title: `Message ${k}`,
  link: `https://x.org/dev/m/m${k}@x.org/`,
  updatedMs: Date.UTC(2025, 0, k),
  author: { name: 'Ann', email: undefined },
  text: `text ${k}\n> quoted`,
  ...extra,
});

describe('atomXml', () => {
  it('writes a valid Atom 1.0 feed, newest entry first, updated at its newest entry', async () => {
    const xml = atomXml(feed([entry(1), entry(3), entry(2)]));
    expect(await atomProblems(xml)).toEqual([]);
    expect([...xml.matchAll(/<title>(Message \d)<\/title>/g)].map((m) => m[1])).toEqual(['Message 3', 'Message 2', 'Message 1']);
    expect(xml).toContain('<updated>2025-01-03T00:00:00Z</updated>\n<link rel="self"');
  });

  it('stays valid with hostile subjects, names and text: markup, controls, CDATA ends, addresses', async () => {
    const hostile = '<script>alert(1)</script> ]]> & \u0000\u0008\u001b "q" \ud800';
    const xml = atomXml(feed([entry(1, { title: hostile, author: { name: hostile, email: 'ann@x.org' }, text: hostile, link: 'https://x.org/a?b=1&c=<2>' })]));
    expect(await atomProblems(xml)).toEqual([]);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('<email>ann@x.org</email>');
  });

  it('is valid when empty, and dates it at the epoch rather than the clock', async () => {
    const xml = atomXml(feed([]));
    expect(await atomProblems(xml)).toEqual([]);
    expect(xml).toContain('<updated>1970-01-01T00:00:00Z</updated>');
    expect(atomXml(feed([entry(1)]))).toBe(atomXml(feed([entry(1)])));
  });

  it('cuts long text and says so', () => {
    const xml = atomXml(feed([entry(1, { text: 'x'.repeat(FEED_TEXT_CHARS + 100) })]));
    expect(xml).toContain(`${'x'.repeat(10)}\n…</pre>`);
    expect(xml).not.toContain('x'.repeat(FEED_TEXT_CHARS + 1));
  });

  it('is caught by the check when it breaks the schema or the rules', async () => {
    expect(await atomProblems(atomXml(feed([entry(1)])).replace(/<id>urn[^<]*<\/id>/, ''))).not.toEqual([]);
    expect(await atomProblems(atomXml(feed([entry(1)])).replace(/<author>.*<\/author>/, ''))).toContain('entry 0 has no author');
    expect(await atomProblems(atomXml(feed([entry(1)])).replace('2025-01-01T00:00:00Z</updated>\n<author>', 'Jan 1</updated>\n<author>'))).not.toEqual([]);
  });
});

describe('feed ids', () => {
  it('names a message by its mid: URI (RFC 2392), a reused Message-ID by its slug too', () => {
    expect(messageIri('a b%c@x.org', 's', false)).toBe('mid:a%20b%25c@x.org');
    expect(messageIri('a@x.org', 'a@x.org_2', true)).toBe('mid:a@x.org#a@x.org_2');
  });
  it('gives a feed a stable urn:uuid of the list and path, whatever the origin', () => {
    expect(feedIri('dev', 'dev/atom.xml')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(feedIri('dev', 'dev/atom.xml')).toBe(feedIri('dev', 'dev/atom.xml'));
    expect(feedIri('dev', 'dev/atom.xml')).not.toBe(feedIri('dev', 'dev/threads.atom'));
  });
});
