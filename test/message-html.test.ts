import { describe, expect, it } from 'vitest';
import { indexArchive, type ArchiveInput } from '../src/lib/archive.ts';
import { barHtml, joinView, messagePageHtml, messageViewHtml, threadMessageHtml, threadTreeHtml, type MessageLink, type MessageViewInput, type ThreadMessageInput } from '../src/lib/message-html.ts';
import type { Minutes } from '../src/lib/minutes.ts';
import { messageBar, monthBar } from '../src/lib/navigation.ts';
import { UI_STRINGS } from '../src/lib/ui-strings.ts';

const t = UI_STRINGS.en;

const HOSTILE = 'Plan <script>alert(1)</script> & "quotes"';
const input = (id: string, day: number, opts: Partial<ArchiveInput> = {}): ArchiveInput => ({
  subject: id, from: { name: '', address: `${id}@example.org` }, dateMs: Date.UTC(2025, 0, 1 + day, 9, 30), offsetMinutes: 60, stableKey: id, inReplyTo: [], references: [], ...opts,
  messageId: `${id}@x`,
});
const index = indexArchive([input('first', 0, { subject: HOSTILE }), input('dup', 1), input('dup', 2), input('last', 3, { subject: `Re: ${HOSTILE}` })]);
const [first, dupA, dupB, last] = index.messages;

const minutes: Minutes = {
  sections: [{ title: 'Release <Planning>', level: 1, anchor: 's-release-planning', line: 2, end: 8, kind: 'heading' }, { title: 'Deep', level: 5, anchor: 's-deep', line: 8, end: 9, kind: 'heading' }],
  attendees: ['Ann', 'Bob'],
  actions: [{ text: 'write it up, mail ann@example.org', owner: 'ann@example.org', due: '1 March', state: 'open', section: 0, line: 5 }, { text: 'no section', owner: undefined, due: undefined, state: 'open', section: -1, line: 1 }],
  decisions: [{ text: 'ship in July', section: 0, line: 4 }],
  notes: [],
  speakers: [],
  evidence: { reports: undefined, discussed: 0, answered: 0 },
};

/** A view with every optional part shown. */
const everything = (): MessageViewInput => ({
  message: last!,
  headers: {
    messageId: 'last@x', syntheticId: false, inReplyTo: ['missing@x'], subject: `Re: ${HOSTILE}`, dateSource: 'envelope',
    from: { name: 'Ann "A" <b>', address: 'ann@example.org' }, to: [{ name: '', address: 'list@example.org' }], cc: [{ name: 'Bob', address: 'bob@example.org' }],
    attachments: [
      { index: 0, filename: 'log <1>.txt', contentType: 'text/plain', size: 2048, inline: false },
      { index: 1, filename: '', contentType: 'image/png', size: 100, inline: true },
    ],
  },
  body: '<div class="body">Hello &#x26; welcome</div>',
  htmlVersion: '<p>html version</p>',
  htmlRefused: true,
  obfuscation: 'full',
  rawHref: '/list/m/last@x/raw.txt',
  attachmentHref: (k) => `/list/m/last@x/attachment-${k + 1}.bin?a=1&b=2`,
  inReplyToHref: undefined,
  inferredParent: { subject: HOSTILE, href: '/list/m/first@x/' },
  replyingTo: [{ title: 'Release <Planning>', href: '/list/m/first@x/#s-release-planning' }, { title: 'Deep', href: '/list/m/first@x/#s-deep' }],
  minutes: { structure: minutes, detection: { minutes: true, score: 5, reasons: ['subject says minutes ("Plan")', '2 section headings'] } },
  t,
});

/** A view with no optional part. */
const plain = (): MessageViewInput => ({
  ...everything(),
  message: first!,
  headers: { messageId: 'first@x', syntheticId: true, inReplyTo: [], subject: '', dateSource: 'header', from: undefined, to: [], cc: [], attachments: [] },
  htmlVersion: undefined,
  htmlRefused: false,
  inferredParent: undefined,
  replyingTo: undefined,
  minutes: undefined,
});

const link = (subject: string, inferred = false, newSubject = true): MessageLink => ({ href: `/list/m/${subject}/`, subject, who: 'Ann "A"', day: '2025-01-02', newSubject, inferred });

describe('a message as HTML', () => {
  it('shows every header, the minutes summary, both bodies and the attachments, escaped', async () => {
    const view = messageViewHtml(everything());
    const html = joinView(view, 1);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(view.open).toBe('<article id="last@x" class="message" data-message-id="last@x">');
    expect(html).toContain('<dd>Ann "A" &#x3C;b> &#x3C;ann@xxxxxxx></dd>');
    expect(html).toContain('<time datetime="2025-01-04T09:30:00.000Z">');
    expect(html).toContain('</time> <span class="tag" title="the message has no usable Date header">date from the mbox envelope</span>');
    expect(html).toContain('<code>&#x3C;missing@x></code> <span class="muted">(not in the archive)</span>');
    expect(html).toContain('<strong>ann@xxxxxxx: </strong>write it up, mail ann@xxxxxxx<span class="tag">due 1 March</span>');
    expect(html).toContain('<li class="toc-3"><a href="#s-deep">Deep</a></li>');
    expect(html).toContain('<div class="body">Hello &#x26; welcome</div>');
    expect(html).toContain('<img src="/list/m/last@x/attachment-2.bin?a=1&#x26;b=2" alt="attachment 2" loading="lazy">');
    expect(html.endsWith('<p class="raw"><a href="/list/m/last@x/raw.txt">Raw message</a></p></article>')).toBe(true);
    expect(html).toContain('<p class="muted">Meeting minutes: 2 sections, 1 decision, 2 action items, 2 attendees. Recognised as minutes because:');
    await expect(`${html}\n`).toMatchFileSnapshot('./__snapshots__/message/everything.html');
  });

  it('leaves out what a message does not have, and says so where it is missing', async () => {
    const html = joinView(messageViewHtml(plain()), 2);
    expect(html).toMatch(/^<article id="first@x" class="message" data-message-id="first@x"><h2>\(no subject\)<\/h2><dl class="headers"><dt>From<\/dt><dd>unknown<\/dd>/);
    expect(html).toContain('<dt>Message-ID</dt><dd><span class="muted">none in the message</span></dd>');
    for (const absent of ['<dt>To</dt>', '<dt>Cc</dt>', 'In-Reply-To', 'Reply to', 'Replying to', 'minutes-summary', 'html-version', 'attachments', 'too large', 'mbox envelope', '<dt>Note</dt>']) {
      expect(html).not.toContain(absent);
    }
    await expect(`${html}\n`).toMatchFileSnapshot('./__snapshots__/message/plain.html');
  });

  it('hides an address in the subject as the list hides addresses', () => {
    const subject = 'Fwd: note from alice@example.org';
    const view = (obfuscation: MessageViewInput['obfuscation']) => messageViewHtml({ ...plain(), obfuscation, headers: { ...plain().headers, subject } });
    expect(view('full').heading).toBe('Fwd: note from alice@xxxxxxx');
    expect(view('full').headers).toContain('<dd>Fwd: note from alice@xxxxxxx</dd>');
    expect(view('none').heading).toBe(subject);
  });

  it('notes a Message-ID that another message has too, and links an In-Reply-To in the archive', () => {
    const html = joinView(messageViewHtml({ ...plain(), message: dupB!, headers: { ...plain().headers, inReplyTo: ['dup@x'] }, inReplyToHref: `/list/m/${dupA!.slug}/` }), 1);
    expect(dupB!.duplicate).toBe(true);
    expect(html).toContain('<dt>Note</dt><dd><span class="tag">another message in the archive has the same Message-ID</span></dd>');
    expect(html).toContain(`<dt>In-Reply-To</dt><dd><a href="/list/m/${dupA!.slug}/"><code>&#x3C;dup@x></code></a></dd>`);
  });

  it('writes the bar with a disabled link at each end of the archive', () => {
    const html = barHtml(messageBar('list', index, 0), 'Message navigation', (path) => `/base/${path}`, t);
    expect(html).toMatch(/^<key-nav class="bar" role="navigation" aria-label="Message navigation">/);
    expect(html).toContain('<span class="off" aria-disabled="true" title="none: this is an end of the archive">[Date Prev]</span>');
    expect(html).toContain(`<a href="/base/list/m/${dupA!.slug}/" title="dup (key j)" rel="next" data-key="j">[Date Next]</a>`);
    expect(html).toContain('<a href="/base/list/2025-01/threads/#first@x" title="messages of 2025-01 by thread">[Thread Index]</a></key-nav>');
  });

  it("writes the bars in the site's language", () => {
    const de = UI_STRINGS.de;
    const bar = barHtml(messageBar('list', index, 0), de.messageNavigation, (path) => `/${path}`, de);
    expect(bar).toContain('aria-label="Navigation zwischen Nachrichten"');
    expect(bar).toContain('<span class="off" aria-disabled="true" title="keine: hier endet das Archiv">[Datum zurück]</span>');
    expect(bar).toContain('title="dup (Taste j)"');
    const months = barHtml(monthBar('list', index, '2025-01', 'date'), de.monthsNavigation, (path) => `/${path}`, de);
    expect(months).toContain('<span class="off" aria-disabled="true" title="keiner: dies ist der erste Monat">[Voriger Monat]</span>');
    expect(months).toContain('<a href="/list/2025-01/threads/" title="Nachrichten aus 2025-01 nach Thread">[Nach Thread]</a>');
  });

  it('heads a message on its thread page with its sender and date, and folds it when asked', () => {
    const view = messageViewHtml(everything());
    const input: ThreadMessageInput = { who: 'Ann <b>', date: '2025-01-04 10:30 +0100', dateTime: '2025-01-04T09:30:00.000Z', subject: undefined, folded: false, excerpt: 'Hello & welcome', pageHref: '/list/m/last@x/', t };
    const open = threadMessageHtml(view, input);
    expect(open).toMatch(/^<article id="last@x" class="message" data-message-id="last@x"><h2 class="msg-head"><span class="who">Ann &#x3C;b><\/span> <time datetime="2025-01-04T09:30:00.000Z">2025-01-04 10:30 \+0100<\/time><\/h2><aside class="minutes-summary"/);
    // The header block is the message page's; the thread page does not repeat it.
    expect(open).not.toContain('<dl class="headers">');
    expect(open).not.toContain('msg-subject');
    expect(open).not.toContain('<details class="msg-fold">');
    expect(open.endsWith('<p class="raw"><a href="/list/m/last@x/">Message page</a> · <a href="/list/m/last@x/raw.txt">Raw message</a></p></article>')).toBe(true);
    const folded = threadMessageHtml(view, { ...input, folded: true, subject: 'New <topic>' });
    expect(folded).toContain('<p class="msg-subject"><span class="muted">Subject: </span>New &#x3C;topic></p><details class="msg-fold"><summary>Hello &#x26; welcome</summary><aside class="minutes-summary"');
    expect(folded).toContain('</details><p class="raw">');
    expect(threadMessageHtml(view, { ...input, folded: true, excerpt: '' })).toContain('<summary>Show the message</summary>');
  });

  it('puts crumbs and the bar before the view; follow-ups, references, thread and bar after it', async () => {
    const parts = messagePageHtml({
      crumbs: { home: '/', list: { title: 'List <1>', href: '/list/' }, month: { label: '2025-01', href: '/list/2025-01/' } },
      bar: { top: '<key-nav>top</key-nav>', bottom: '<key-nav>bottom</key-nav>' },
      followUps: [link('reply'), link('by-subject', true)],
      references: { ghost: 'lost@x', first: [link('root')], folded: [link('middle', false, false)], skipped: 3, near: [link('parent', true, false)] },
      threadHref: '/list/t/root/',
      nextThread: undefined,
      tree: { rows: '<li>row</li>', before: 2, after: 0 },
      t,
    });
    expect(parts.before).toBe('<p class="crumbs"><a href="/">All lists</a> / <a href="/list/">List &#x3C;1></a> / <a href="/list/2025-01/">2025-01</a></p><key-nav>top</key-nav>');
    expect(parts.after).toContain(
      '<li><a href="/list/m/by-subject/">by-subject</a> <span class="muted">— Ann "A", 2025-01-02</span> <span class="tag" title="linked by subject only: the message has no In-Reply-To or References">inferred</span></li>',
    );
    // References do not tag inferred links: the message's own "Reply to" header does. A reply
    // whose subject is its parent's is named by its sender and day.
    expect(parts.after).toContain('<li><a href="/list/m/parent/"><span class="who">Ann "A"</span> <span class="when">2025-01-02</span></a></li>');
    // The ancestors between the root and the nearest are folded, with those beyond the fold counted.
    expect(parts.after).toContain(
      '<li><details class="refs-fold"><summary>4 messages in between</summary><ul class="links"><li class="muted">… 3 more in <a href="/list/t/root/">the whole thread</a></li><li><a href="/list/m/middle/">',
    );
    expect(parts.after).toContain('<li><span class="ghost" title="<lost@x>">(message not in the archive)</span></li>');
    expect(parts.after).toContain('<span class="muted"> · this is the last thread</span>');
    expect(parts.after).toContain('<p class="muted">2 earlier messages of this thread are not listed here; <a href="/list/t/root/">see the whole thread</a>.</p><ul class="tree"><li>row</li></ul>');
    expect(parts.after.endsWith('<key-nav>bottom</key-nav>')).toBe(true);
    await expect(`${parts.before}\n${parts.after}\n`).toMatchFileSnapshot('./__snapshots__/message/page-parts.html');
  });

  it('leaves out empty follow-ups and references, and links the next thread', () => {
    const parts = messagePageHtml({
      crumbs: { home: '/', list: { title: 'l', href: '/l/' }, month: { label: 'm', href: '/l/m/' } },
      bar: { top: '', bottom: '' },
      followUps: [],
      references: { ghost: undefined, first: [], folded: [], skipped: 0, near: [] },
      threadHref: '/l/t/a/',
      nextThread: { href: '/l/m/b/', subject: '' },
      tree: { rows: '', before: 0, after: 0 },
      t,
    });
    expect(parts.after).not.toContain('Follow-ups');
    expect(parts.after).not.toContain('References');
    expect(parts.after).toContain('<a href="/l/t/a/">Whole thread on one page</a> · Next thread: <a href="/l/m/b/">(no subject)</a>');
  });

  it('notes the rows a tree leaves out after its window', () => {
    expect(threadTreeHtml({ rows: '<li>r</li>', before: 0, after: 4 }, '/t/', t)).toBe('<ul class="tree"><li>r</li></ul><p class="muted">4 later messages of this thread are not listed here; <a href="/t/">see the whole thread</a>.</p>');
  });
});

describe('reply links and downloads', () => {
  it('put Reply and Reply to sender beside the raw message, and the downloads beside the thread', async () => {
    const view = messageViewHtml({
      ...everything(),
      reply: { list: 'mailto:dev@lists.example.org?subject=Re:%20x&In-Reply-To=%3Ca@x%3E&References=%3Ca@x%3E', sender: 'mailto:ann@example.org?subject=Re:%20x' },
    });
    const page = messagePageHtml({
      crumbs: { home: '/', list: { title: 'dev', href: '/dev/' }, month: { label: '2025-01', href: '/dev/2025-01/' } },
      bar: { top: '', bottom: '' },
      followUps: [],
      references: { ghost: undefined, first: [], folded: [], skipped: 0, near: [] },
      threadHref: '/dev/t/a@x/',
      nextThread: undefined,
      tree: { rows: '', before: 0, after: 0 },
      downloads: [
        { label: 'thread (mbox)', href: '/dev/t/a@x/thread.mbox.gz' },
        { label: '2025-01 (mbox)', href: '/dev/2025-01/2025-01.mbox.gz' },
        { label: 'thread feed', href: '/dev/t/a@x/atom.xml' },
      ],
      t,
    });
    await expect(`${page.before}${joinView(view, 1)}${page.after}\n`).toMatchFileSnapshot('./__snapshots__/message/reply-and-downloads.html');
    expect(view.raw).toContain('<a href="mailto:dev@lists.example.org?subject=Re:%20x&#x26;In-Reply-To=%3Ca@x%3E&#x26;References=%3Ca@x%3E" class="reply">Reply</a>');
  });
});
