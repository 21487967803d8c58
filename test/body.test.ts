import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FOLD_QUOTED_LINES, MAX_EXCERPT_CHARS, MAX_QUOTE_DEPTH, MAX_RENDERED_LINES, bodyExcerpt, renderTextBody, type BodyOptions } from '../src/lib/body.ts';

const dir = new URL('./fixtures/bodies/', import.meta.url);
const archived = new Set(['wal-v2-0@erik.example.org']);
const options = (obfuscation: BodyOptions['obfuscation']): BodyOptions => ({
  obfuscation,
  messageHref: (id) => (archived.has(id) ? `/lumen-devel/m/${id}/` : undefined),
  rawHref: '/lumen-devel/m/x/raw.txt',
});

describe('renderTextBody snapshots', () => {
  // Rendered HTML is compared with files under test/__snapshots__/body/, so a reviewer reads real HTML
  // diffs. `vitest -u` regenerates them.
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    it(`renders ${name}`, async () => {
      const text = readFileSync(new URL(name, dir), 'utf8');
      await expect(renderTextBody(text, options('full'))).toMatchFileSnapshot(`./__snapshots__/body/${name.replace(/\.txt$/, '.full.html')}`);
    });
  }
  it('renders hostile-text.txt without obfuscation', async () => {
    const text = readFileSync(new URL('hostile-text.txt', dir), 'utf8');
    await expect(renderTextBody(text, options('none'))).toMatchFileSnapshot('./__snapshots__/body/hostile-text.none.html');
  });
});

describe('renderTextBody', () => {
  it('escapes markup in text', () => {
    const html = renderTextBody('<script>alert(1)</script> & <img src=x onerror=alert(2)>', options('none'));
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#x3C;script>');
  });

  it('links only http, https, ftp and mailto URLs, with rel="nofollow noopener"', () => {
    const html = renderTextBody('a https://x.example/ b ftp://f.example/ c javascript:alert(1) d data:text/html,x e mailto:a@b.example', options('none'));
    expect(html).toContain('<a href="https://x.example/" rel="nofollow noopener noreferrer">');
    expect(html).toContain('href="ftp://f.example/"');
    expect(html).toContain('href="mailto:a@b.example"');
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain('href="data');
  });

  it('hides addresses on a line with no link, which skips the link pattern', () => {
    const html = renderTextBody('write to ann@example.org today\n> or bob@example.net', options('full'));
    expect(html).toContain('ann@xxxxxxx today');
    expect(html).toContain('bob@xxxxxxx');
    expect(html).not.toContain('example.');
  });

  it('never makes mailto links for obfuscated addresses, and hides them in text', () => {
    const html = renderTextBody('mail alice@example.org or mailto:alice@example.org', options('domain'));
    expect(html).not.toContain('mailto:alice@example.org"');
    expect(html).not.toContain('example.org');
    expect(html).toContain('alice@…');
  });

  it('links Message-IDs that are in the archive, and only those', () => {
    const html = renderTextBody('see <wal-v2-0@erik.example.org> and <gone@example.net>', options('none'));
    expect(html).toContain('<a href="/lumen-devel/m/wal-v2-0@erik.example.org/" class="msgid">wal-v2-0@erik.example.org</a>');
    expect(html).toContain('&#x3C;gone@example.net>');
  });

  it('folds a quote run longer than the limit and leaves shorter ones open', () => {
    const quote = (n: number) => Array.from({ length: n }, (_, i) => `> line ${i}`).join('\n');
    expect(renderTextBody(quote(FOLD_QUOTED_LINES + 1), options('none'))).toContain(`<details class="fold"><summary>${FOLD_QUOTED_LINES + 1} quoted lines</summary>`);
    expect(renderTextBody(quote(FOLD_QUOTED_LINES), options('none'))).not.toContain('<details');
  });

  it('counts a quote level for each > after at most one space or tab', () => {
    const depths = (line: string) => renderTextBody(line, options('none')).match(/<blockquote>/g)?.length ?? 0;
    expect([' > a', '\t>> b', '> > > c', '>  > d', '  > e', 'f > g', '>'].map(depths)).toEqual([1, 2, 3, 1, 0, 0, 1]);
  });

  it('caps nesting at the quote-depth limit without recursion', () => {
    const deep = `${'>'.repeat(5000)} deep`;
    const html = renderTextBody(deep, options('none'));
    expect(html.match(/<blockquote>/g)).toHaveLength(MAX_QUOTE_DEPTH);
    expect(html).toContain('deep');
  });

  it('cuts an enormous body with a note linking the raw message', () => {
    const html = renderTextBody('x\n'.repeat(MAX_RENDERED_LINES + 10), options('none'));
    expect(html).toContain('the raw message</a>');
    expect(html.match(/x\n/g)!.length).toBe(MAX_RENDERED_LINES);
  });
});

describe('excerpts of folded messages', () => {
  it("takes a reply's own words: after a quote it answers, before a quote it sits on", () => {
    expect(bodyExcerpt('On Tue, Jan 7, 2025 at 10:00, Ann wrote:\n> the plan\n> more\n\nSounds good to me.\nShip it.\n-- \nBob', 'none')).toBe('Sounds good to me. Ship it.');
    expect(bodyExcerpt('Agreed, see below.\n\nOn Tue, Jan 7, 2025 at 10:00 Ann <ann@example.org>\nwrote:\n> the plan', 'none')).toBe('Agreed, see below.');
    expect(bodyExcerpt('Top post.\n-----Original Message-----\nFrom: Ann\nthe plan', 'none')).toBe('Top post.');
    expect(bodyExcerpt('> a\nfirst answer\n> b\nsecond answer\n____________\nlist footer', 'none')).toBe('first answer second answer');
  });
  it('knows the quotes, forwards and footers search knows (own-text.ts)', () => {
    // An attribution wrapped over three lines, one in French with a space before its colon.
    expect(bodyExcerpt('Have you tried this?\nOn Thu, 26 Sep 2019, Ann Example of\nthe example list\nwrote:\n\n> the plan', 'none')).toBe('Have you tried this?');
    expect(bodyExcerpt('Le 30/01/2023 à 00:40, Ann a écrit :\n> the plan\n\nNo, it does not.', 'none')).toBe('No, it does not.');
    // Outlook's header block without a separator line, and a forward with nothing added.
    expect(bodyExcerpt('Works for me.\n\nFrom: Ann Example <ann@example.org>\nSent: Monday, January 6, 2020 2:18 PM\nTo: The list\nSubject: Re: Time\n\nthe plan', 'none')).toBe('Works for me.');
    expect(bodyExcerpt('---------- Forwarded message ----------\nDate: Mon, 13 May 2019\nFrom: Ann Example <ann@example.org>\nTo: list@example.org\nSubject: News\n\nThe release is out.', 'none')).toBe('The release is out.');
    // A Google Groups footer without a delimiter, and a signature delimiter that opens the text.
    expect(bodyExcerpt('Read the man page.\n\nTo unsubscribe from this group and stop receiving emails from it, send an email to example+unsubscribe@example.org.', 'none')).toBe('Read the man page.');
    expect(bodyExcerpt('-- \nI have a two-disk enclosure on USB.', 'none')).toBe('I have a two-disk enclosure on USB.');
  });
  it("skips a forwarder's signature above the message passed on", () => {
    expect(bodyExcerpt('\n-- \nJude <jude at example dot org>\n"A motto."\n\n---------- Forwarded message ----------\nDate: Wed, 22 Mar 2023 11:12:05\nFrom: Ann Example <ann@example.org>\nSubject: News\n\nIt reaches 0.1.0.', 'none')).toBe('It reaches 0.1.0.');
  });
  it('reads past the quote under a few opening words: a bottom-posted reply', () => {
    expect(bodyExcerpt('Hi,\n\nOp 06-11-2020 om 10:00 schreef Qu:\n> the plan\n\nIt works here too.', 'none')).toBe('Hi, It works here too.');
    expect(bodyExcerpt('Hello Ann,\nOn Tue, Jan 7, 2025 at 10:00, Ann wrote:\n> the plan\nYes.', 'none')).toBe('Hello Ann, Yes.');
    expect(bodyExcerpt('Hi, Chime!\nOn Tue, Jan 7, 2025 at 10:00, Ann wrote:\n> the plan\nTry the other port.', 'none')).toBe('Hi, Chime! Try the other port.');
    // Not past a quote without `>`, nor under a sentence or more, nor when no words of the writer's follow.
    expect(bodyExcerpt('Hi,\n-----Original Message-----\nFrom: Ann Example <ann@example.org>\nSent: Monday, January 6, 2020 2:18 PM\nTo: The list\nthe plan', 'none')).toBe('Hi,');
    expect(bodyExcerpt('This is fixed in 5.10, and the backport is queued.\nOn Tue, Jan 7, 2025 at 10:00, Ann wrote:\n> the plan\nMore.', 'none')).toBe('This is fixed in 5.10, and the backport is queued.');
    expect(bodyExcerpt('Thanks!\nOn Tue, Jan 7, 2025 at 10:00, Ann wrote:\n> the plan\n-- \nBob', 'none')).toBe('Thanks!');
  });
  it('cuts at a word, hides addresses and stays short on a message of quotes only', () => {
    const long = bodyExcerpt(`${'word '.repeat(100)}\nmail ann@example.org`, 'full');
    expect(long.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS + 1);
    expect(long.endsWith('word…')).toBe(true);
    expect(bodyExcerpt('write to ann@example.org', 'full')).toBe('write to ann@xxxxxxx');
    expect(bodyExcerpt('> only\n> quotes\n', 'none')).toBe('');
    expect(bodyExcerpt(`${'> q\n'.repeat(10_000)}late words`, 'none')).toBe('');
  });
});
