import { describe, expect, it } from 'vitest';
import { MAX_HTML_CHARS, sanitizeHtml } from '../src/lib/sanitize.ts';

const clean = (html: string, cid?: (id: string) => string | undefined) =>
  sanitizeHtml(html, { obfuscation: 'full', ...(cid ? { cidHref: cid } : {}) })!;

describe('sanitizeHtml', () => {
  it('removes scripts, styles, handlers and inline styles', () => {
    const out = clean('<script>alert(1)</script><style>p{}</style><p onclick="alert(2)" style="color:red" onmouseover=x>hi</p><svg onload=alert(3)><script>alert(4)</script></svg>');
    expect(out).toBe('<p>hi</p>');
  });
  it('refuses javascript:, data: and vbscript: URLs, however they are spelled', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java&#x09;script:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x']) {
      expect(clean(`<a href="${href}">x</a>`)).toBe('<a rel="nofollow noopener noreferrer">x</a>');
    }
  });
  it('drops relative links, which would point into the archive', () => {
    expect(clean('<a href="/youtube/v3#quota">a</a><a href="../x">b</a><a href="#top">c</a>')).toBe('<a rel="nofollow noopener noreferrer">a</a><a rel="nofollow noopener noreferrer">b</a><a rel="nofollow noopener noreferrer">c</a>');
  });
  it('keeps http(s) links and marks them nofollow noopener', () => {
    expect(clean('<a href="https://example.org/a">a</a>')).toBe('<a href="https://example.org/a" rel="nofollow noopener noreferrer">a</a>');
  });
  it('drops base, meta refresh, forms, frames, objects and links', () => {
    const out = clean('<base href="https://evil/"><meta http-equiv="refresh" content="0;url=https://evil"><link rel=stylesheet href="https://evil/x.css"><form action="https://evil"><input name=q><button>go</button></form><iframe src="https://evil"></iframe><object data="x"></object><embed src="x"><p>ok</p>');
    expect(out).toBe('<p>ok</p>');
  });
  it('blocks remote images (tracking pixels) and data: images, keeping a visible note', () => {
    const out = clean('<img src="https://tracker.example/p.gif" alt="logo"><img src="data:image/png;base64,AAAA"><img src="//tracker.example/p.gif">');
    expect(out).not.toContain('<img');
    expect(out).toContain('[remote image not loaded: logo]');
    expect(out).toContain('[image]');
  });
  it('shows cid: images from the message itself', () => {
    const out = clean('<img src="cid:part1@example.org" alt="graph">', (cid) => (cid === 'part1@example.org' ? '/dev/m/x/attachment-1.png' : undefined));
    expect(out).toBe('<img src="/dev/m/x/attachment-1.png" alt="graph">');
  });
  it('obfuscates addresses in text and removes mailto: links', () => {
    const out = clean('<p>Write to <a href="mailto:dana@example.org">dana@example.org</a></p>');
    expect(out).toBe('<p>Write to <a rel="nofollow noopener noreferrer">dana@xxxxxxx</a></p>');
  });
  it('prefixes ids so mail cannot clobber the page\'s own', () => {
    expect(clean('<p id="main">x</p><a name="top">y</a>')).not.toMatch(/id="main"|name="top"/);
  });
  it('refuses to render an enormous HTML part', () => {
    expect(sanitizeHtml('x'.repeat(MAX_HTML_CHARS + 1), { obfuscation: 'none' })).toBeUndefined();
  });
  it('renders moderately nested markup and gives up, without crashing, on extreme nesting', () => {
    expect(clean(`${'<div>'.repeat(500)}x${'</div>'.repeat(500)}`)).toContain('x');
    expect(sanitizeHtml(`${'<div>'.repeat(50000)}x`, { obfuscation: 'none' })).toBeUndefined();
  });
});
