import { describe, expect, it } from 'vitest';
import { anchorHtmlSections, messageViewHtml, type MessageViewInput } from '../src/lib/message-html.ts';
import { structureMinutes, type Minutes, type MinutesSection } from '../src/lib/minutes.ts';
import type { Discussion } from '../src/lib/minutes-view.ts';
import { UI_STRINGS } from '../src/lib/ui-strings.ts';

const section = (title: string, anchor: string, line: number): MinutesSection => ({ title, level: 1, anchor, line, end: line + 1, kind: 'numbered' });
const ids = (html: string) => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
const fragments = (html: string) => [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);

// The shape a mail client writes minutes in: topics after a <br> inside one <div>, a title split
// by bold text, a non-breaking space, another case than the text part's.
const HTML_MINUTES =
  '<div dir="ltr">Thanks to all who attended!</div>' +
  '<div dir="ltr">(1) User Profile Settings (shared by IBM)<br>- Reviewed prototype</div>' +
  '<div dir="ltr">(2) Style&#xA0;Guide (Shared by IBM)<br>- Discussed &#x3C;script> elements</div>' +
  '<div dir="ltr"><br>(3) <b>Vue</b> repo<br>- IBM is migrating changes</div>';
const SECTIONS = [
  section('User Profile Settings (shared by IBM)', 's-user-profile-settings-shared-by-ibm', 4),
  section('Style Guide (shared by IBM)', 's-style-guide-shared-by-ibm', 9),
  section('Vue repo', 's-vue-repo', 16),
];

describe('anchors of sections in an HTML body', () => {
  it('puts an anchor just before each title, in the line the title starts', () => {
    const html = anchorHtmlSections(HTML_MINUTES, SECTIONS);
    expect(ids(html)).toEqual(SECTIONS.map((s) => s.anchor));
    expect(html).toContain('(1) <span id="s-user-profile-settings-shared-by-ibm" class="minutes-anchor"></span>User Profile Settings (shared by IBM)<br>');
    expect(html).toContain('(2) <span id="s-style-guide-shared-by-ibm" class="minutes-anchor"></span>Style');
    expect(html).toContain('<br>(3) <b><span id="s-vue-repo" class="minutes-anchor"></span>Vue</b> repo');
  });

  it('keeps the rest of the body as it was, escaped', () => {
    const html = anchorHtmlSections(HTML_MINUTES, SECTIONS);
    expect(html.replace(/<span id="s-[^"]*" class="minutes-anchor"><\/span>/g, '')).toBe(HTML_MINUTES.replace('&#xA0;', '\u00a0'));
    expect(html).toContain('Discussed &#x3C;script> elements');
  });

  it('anchors a section whose title the HTML does not hold where the one before it is, or at the top', () => {
    const missing = [section('Not in the HTML', 's-first', 1), ...SECTIONS.slice(0, 2), section('Worded otherwise', 's-elsewhere', 12)];
    const html = anchorHtmlSections(HTML_MINUTES, missing);
    expect(html.startsWith('<span id="s-first" class="minutes-anchor"></span><div dir="ltr">Thanks')).toBe(true);
    expect(html).toContain('<span id="s-style-guide-shared-by-ibm" class="minutes-anchor"></span><span id="s-elsewhere" class="minutes-anchor"></span>Style');
  });

  it('finds titles in order: a title said again before its topic is not taken for it', () => {
    const html = anchorHtmlSections('<p>Agenda: budget, then travel.</p><p>1. Travel</p><p>2. Budget</p>', [section('Travel', 's-travel', 1), section('Budget', 's-budget', 2)]);
    expect(html).toBe('<p>Agenda: budget, then travel.</p><p>1. <span id="s-travel" class="minutes-anchor"></span>Travel</p><p>2. <span id="s-budget" class="minutes-anchor"></span>Budget</p>');
  });

  it('leaves a body that holds its anchors already (a text body with the overlay) untouched', () => {
    const body = '<div class="body"><h2 class="minutes-h" id="s-vue-repo">Vue repo</h2></div>';
    expect(anchorHtmlSections(body, [SECTIONS[2]!])).toBe(body);
  });
});

describe('the summary of minutes shown as HTML', () => {
  const t = UI_STRINGS.en;
  const view = (structure: Minutes, body: string, discussions?: ReadonlyMap<number, Discussion[]>): string => {
    const input: MessageViewInput = {
      message: { slug: 'm@x', dateMs: Date.UTC(2020, 0, 22), offsetMinutes: 0, duplicate: false },
      headers: { messageId: 'm@x', syntheticId: false, inReplyTo: [], subject: 'UI workgroup - highlights', dateSource: 'header', from: undefined, to: [], cc: [], attachments: [] },
      body,
      htmlVersion: undefined,
      htmlRefused: false,
      obfuscation: 'none',
      rawHref: '/l/m/m@x/raw.txt',
      attachmentHref: (k) => `/l/m/m@x/attachment-${k + 1}.bin`,
      inReplyToHref: undefined,
      inferredParent: undefined,
      replyingTo: undefined,
      minutes: { structure, detection: { minutes: true, score: 5, reasons: ['the text reports a meeting'] }, ...(discussions ? { discussions } : {}) },
      t,
    };
    return messageViewHtml(input).content;
  };

  it('links every section of an HTML-only message to an anchor in the shown HTML', () => {
    const structure = structureMinutes('Thanks to all who attended!\n\n(1) User Profile Settings (shared by IBM)\n- Reviewed prototype\n\n(2) Style Guide (shared by IBM)\n- Discussed elements\n\n(3) Vue repo\n- IBM will migrate the prototype to the new repo\n', 'UI workgroup - highlights');
    expect(structure.sections.map((s) => s.anchor)).toEqual(SECTIONS.map((s) => s.anchor));
    const content = view(structure, `<div class="html-body">${HTML_MINUTES}</div>`);
    const targets = fragments(content);
    expect(targets.length).toBeGreaterThanOrEqual(4);
    const present = new Set(ids(content));
    expect(targets.filter((f) => !present.has(f))).toEqual([]);
  });

  it('lists the replies discussing each section in the contents, as its HTML has no headings of ours', () => {
    const structure = structureMinutes('Thanks to all who attended!\n\n(1) User Profile Settings (shared by IBM)\n- Reviewed prototype\n\n(2) Style Guide (shared by IBM)\n- Discussed elements\n\n(3) Vue repo\n- IBM will migrate the prototype to the new repo\n', 'UI workgroup - highlights');
    const discussions = new Map([
      [1, [{ href: '/l/m/r1@x/', label: 'Re: UI workgroup <Ann>' }]],
      [2, [{ href: '/l/m/r1@x/', label: 'Re: UI workgroup <Ann>' }, { href: '/l/m/r2@x/', label: 'Re: Vue' }]],
    ]);
    const content = view(structure, `<div class="html-body">${HTML_MINUTES}</div>`, discussions);
    const contents = content.slice(content.indexOf('<ol class="toc">'), content.indexOf('</ol>'));
    expect(contents).toContain(
      '<li class="toc-1"><a href="#s-style-guide-shared-by-ibm">Style Guide (shared by IBM)</a> <span class="discussed">Discussed in: <a href="/l/m/r1@x/">Re: UI workgroup &#x3C;Ann></a></span></li>',
    );
    expect(contents).toContain('<a href="#s-vue-repo">Vue repo</a> <span class="discussed">Discussed in: <a href="/l/m/r1@x/">Re: UI workgroup &#x3C;Ann></a>, <a href="/l/m/r2@x/">Re: Vue</a></span>');
    // The first section has no reply; without discussions (a text body) the contents list none.
    expect(contents).toContain('<a href="#s-user-profile-settings-shared-by-ibm">User Profile Settings (shared by IBM)</a></li>');
    expect(view(structure, `<div class="html-body">${HTML_MINUTES}</div>`)).not.toContain('Discussed in');
  });

  it('counts no section and lists no contents for minutes without topics, as the minutes index does', () => {
    const structure = structureMinutes('Meeting minutes:\n\nWe discussed the release. Joseph will send an email with more on this topic.\n', 'Security meeting');
    expect(structure.sections.map((s) => s.kind)).toEqual(['whole']);
    const content = view(structure, '<div class="body"><p id="s-minutes">…</p></div>');
    expect(content).toContain('Meeting minutes: 0 sections,');
    expect(content).not.toContain('Contents');
    expect(fragments(content)).toEqual([]);
    // Shown as HTML, the replies to the whole are listed in the summary.
    const replied = view(structure, '<div class="html-body"><p>…</p></div>', new Map([[0, [{ href: '/l/m/r1@x/', label: 'Re: Security meeting' }]]]));
    expect(replied).toContain('<p class="discussed">Discussed in: <a href="/l/m/r1@x/">Re: Security meeting</a></p></aside>');
  });
});
