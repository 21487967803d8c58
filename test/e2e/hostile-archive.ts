/**
 * A hostile archive, written at test time (a 20 MB body and a 5,000-message chain do not belong
 * in the repository): script in every header field, hostile HTML parts and attachment names,
 * path-traversing Message-IDs, reference loops, duplicates, absurd dates, broken bytes and
 * pathological MIME. Every payload that could run calls `alert`, so a dialog means a hole.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Messages in the `deep` list: one reply chain. */
export const DEEP_CHAIN = 5000;

const XSS = `<script>alert('xss')</script><img src=x onerror="alert('xss')"><svg onload=alert('xss')>`;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const encoded = (s: string) => `=?UTF-8?B?${b64(s)}?=`;

let clock = Date.UTC(2024, 5, 1, 12);
function date(): string {
  clock += 3_600_000;
  return new Date(clock).toUTCString().replace('GMT', '+0000');
}

interface Mail {
  headers: string[];
  body: string | Buffer;
  envelope: string;
  /** Write the headers as latin1 (one byte per character), to put invalid UTF-8 in them. */
  latin1?: boolean;
}

function mail(headers: string[], body: string | Buffer, envelope = 'hostile@example.org Sat Jun  1 12:00:00 2024'): Mail {
  return { headers, body, envelope };
}

function mbox(mails: Mail[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of mails) {
    parts.push(Buffer.from(`From ${m.envelope}\n${m.headers.join('\n')}\n\n`, m.latin1 ? 'latin1' : 'utf8'));
    const body = typeof m.body === 'string' ? Buffer.from(m.body, 'utf8') : m.body;
    // mboxrd: escape `From ` (and `>From `) at line starts inside the body.
    parts.push(Buffer.from(body.toString('latin1').replace(/^(>*From )/gm, '>$1'), 'latin1'));
    parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

function hostileMails(): Mail[] {
  const out: Mail[] = [];
  // Script in every header field, plain and RFC 2047-encoded.
  out.push(
    mail(
      [
        `From: "${XSS}" <evil"onmouseover=alert(1)"@example.org>`,
        `To: "</script><script>alert('to')</script>" <to@example.org>, "<b onclick=alert(1)>x</b>" <b@example.org>`,
        `Cc: javascript:alert(1)@example.org`,
        `Subject: ${XSS} </title><script>alert('title')</script> ]]> \u2028 end`,
        `Message-ID: <"><script>alert('id')</script>@evil.example.org>`,
        `List-Id: <script>alert('listid')</script> <hostile.example.org>`,
        `Date: ${date()}`,
        'Content-Type: text/plain; charset=utf-8',
      ],
      `Plain text with ${XSS}\nand a link javascript:alert('text') and <https://example.org/"onmouseover="alert(1)>\nand data:text/html,<script>alert(1)</script>\nFrom the body, a line mboxrd must escape.\n>From an already quoted one.\n`,
    ),
    mail(
      [
        `From: ${encoded(XSS)} <encoded@example.org>`,
        `Subject: ${encoded(`encoded ${XSS}`)}`,
        `Message-ID: <encoded@evil.example.org>`,
        `In-Reply-To: <"><script>alert('id')</script>@evil.example.org>`,
        `Date: ${date()}`,
      ],
      'Replying to the header-script message.\n',
    ),
  );
  // A hostile HTML part beside a text part, and an HTML-only message.
  const html = `<html><head><base href="https://evil.example.com/"><meta http-equiv="refresh" content="0;url=https://evil.example.com/">
<link rel="stylesheet" href="https://evil.example.com/x.css"><style>body{background:url(javascript:alert(1))}</style><script>alert('html')</script></head>
<body onload="alert('onload')"><p id="main" name="main">Hello <a href="javascript:alert('href')">click</a> <a href="jav&#x09;ascript:alert('tab')">tab</a>
<a href="data:text/html,<script>alert(1)</script>">data</a> <a href="vbscript:msgbox(1)">vb</a> <a href="//evil.example.com/">proto-relative</a></p>
<img src="https://tracker.example.com/pixel.png" onerror="alert('img')"><img src="data:image/svg+xml,<svg onload=alert(1)>">
<form action="https://evil.example.com/"><input name="q" onfocus="alert(1)" autofocus><button formaction="javascript:alert(1)">go</button></form>
<iframe src="javascript:alert('iframe')"></iframe><object data="x.swf"></object><embed src="x.swf">
<svg><script>alert('svg')</script><a xlink:href="javascript:alert(1)"><text>svg link</text></a></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>
<div style="background:url(https://tracker.example.com/bg.png)">styled</div><details open ontoggle="alert('toggle')">x</details>
</body></html>`;
  out.push(
    mail(
      [
        'From: HTML Sender <html@example.org>',
        'Subject: hostile HTML alternative',
        'Message-ID: <html-alt@evil.example.org>',
        `Date: ${date()}`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="alt"',
      ],
      `--alt\nContent-Type: text/plain; charset=utf-8\n\nThe text part.\n--alt\nContent-Type: text/html; charset=utf-8\n\n${html}\n--alt--\n`,
    ),
    mail(
      ['From: HTML Only <htmlonly@example.org>', 'Subject: hostile HTML only', 'Message-ID: <html-only@evil.example.org>', `Date: ${date()}`, 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8'],
      html,
    ),
  );
  // Attachments whose names and types a static host would serve as active content.
  const attach = (name: string, type: string, content: string) =>
    `--mix\nContent-Type: ${type}; name="${name}"\nContent-Disposition: attachment; filename="${name}"\nContent-Transfer-Encoding: base64\n\n${b64(content)}\n`;
  out.push(
    mail(
      ['From: Attacher <attach@example.org>', 'Subject: attachments with active names', 'Message-ID: <attachments@evil.example.org>', `Date: ${date()}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="mix"'],
      `--mix\nContent-Type: text/plain\n\nSee attached.\n` +
        attach('x.html', 'text/html', `<script>alert('attachment')</script>`) +
        attach('../../index.html', 'text/html', `<script>alert('traversal')</script>`) +
        attach('a.svg', 'image/svg+xml', `<svg xmlns="http://www.w3.org/2000/svg" onload="alert('svg')"><script>alert('svg')</script></svg>`) +
        attach('evil.js', 'application/javascript', `alert('js')`) +
        attach('page.xhtml', 'application/xhtml+xml', `<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>`) +
        attach('CON\0.png\u202egnp.exe', 'image/png', 'not really a png') +
        attach('object.bin', 'constructor', 'a type that names a member of every object') +
        '--mix--\n',
    ),
  );
  // Message-IDs that try to leave their folder, collide by case, are absurdly long, or name
  // members every JavaScript object has (looked up in a plain object, `constructor` once stopped
  // the build).
  for (const id of ['constructor', '__proto__', 'toString', 'valueOf', '../../../../etc/passwd@evil.example.org', 'a/b/c@evil.example.org', '"quoted" id@evil.example.org', 'Case@Example.org', 'case@example.org', `${'x'.repeat(5000)}@evil.example.org`, 'nul\0byte@evil.example.org', '..@..', '%2e%2e%2f@evil.example.org']) {
    out.push(mail([`From: Ids <ids@example.org>`, `Subject: id ${id.slice(0, 40)}`, `Message-ID: <${id}>`, `Date: ${date()}`], `A message with the id <${id.slice(0, 100)}>.\n`));
  }
  out.push(mail(['From: Ids <ids@example.org>', 'Subject: Re: id constructor', 'Message-ID: <reply-to-constructor@evil.example.org>', 'In-Reply-To: <constructor>', 'References: <__proto__> <constructor>', `Date: ${date()}`], 'A reply to <constructor>.\n'));
  // Reference loops, a self-reference and a duplicate Message-ID.
  out.push(
    mail(['From: Loop <loop@example.org>', 'Subject: loop A', 'Message-ID: <loop-a@evil.example.org>', 'References: <loop-b@evil.example.org>', `Date: ${date()}`], 'A refers to B.\n'),
    mail(['From: Loop <loop@example.org>', 'Subject: loop B', 'Message-ID: <loop-b@evil.example.org>', 'References: <loop-a@evil.example.org>', `Date: ${date()}`], 'B refers to A.\n'),
    mail(['From: Loop <loop@example.org>', 'Subject: self', 'Message-ID: <self@evil.example.org>', 'In-Reply-To: <self@evil.example.org>', 'References: <self@evil.example.org>', `Date: ${date()}`], 'I refer to myself.\n'),
    mail(['From: Dup <dup@example.org>', 'Subject: duplicate one', 'Message-ID: <dup@evil.example.org>', `Date: ${date()}`], 'First of two with one id.\n'),
    mail(['From: Dup <dup@example.org>', 'Subject: duplicate two', 'Message-ID: <dup@evil.example.org>', `Date: ${date()}`], 'Second of two with one id.\n'),
  );
  // Dates: year 1900, year 9999, garbage, none at all (with a broken envelope too).
  out.push(
    mail(['From: Time <time@example.org>', 'Subject: year 1900', 'Message-ID: <y1900@evil.example.org>', 'Date: Mon, 1 Jan 1900 00:00:00 +0000'], 'Old.\n'),
    mail(['From: Time <time@example.org>', 'Subject: year 9999', 'Message-ID: <y9999@evil.example.org>', 'Date: Fri, 31 Dec 9999 23:59:59 +0000'], 'Future.\n'),
    mail(['From: Time <time@example.org>', 'Subject: garbage date', 'Message-ID: <garbage-date@evil.example.org>', `Date: <script>alert('date')</script>`], 'Garbage.\n'),
    mail(['From: Time <time@example.org>', 'Subject: no date anywhere', 'Message-ID: <no-date@evil.example.org>'], 'No date.\n', 'nobody@example.invalid'),
  );
  // Broken bytes: invalid UTF-8 and NUL in headers and body; bidi overrides in a subject.
  out.push(
    {
      ...mail(
        ['From: =?UTF-8?B?/w==?= Bytes <bytes@example.org>', 'Subject: invalid \xff\xfe bytes and a NUL \x00 here', 'Message-ID: <bytes@evil.example.org>', `Date: ${date()}`, 'Content-Type: text/plain; charset=utf-8'],
        Buffer.concat([Buffer.from('invalid '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00, 0x01, 0x1b]), Buffer.from(' bytes, NUL and escape\n')]),
      ),
      latin1: true,
    },
    mail(['From: "\u202eredli\u202c Mallory" <bidi@example.org>', 'Subject: invoice \u202etxt.exe\u202c and \u2066isolate', 'Message-ID: <bidi@evil.example.org>', `Date: ${date()}`], 'Bidi in the headers.\n'),
  );
  // Minutes-shaped mail carrying script in headings and actions.
  out.push(
    mail(
      ['From: Minutes <minutes@example.org>', `Subject: Meeting minutes ${XSS}`, 'Message-ID: <minutes@evil.example.org>', `Date: ${date()}`],
      `= Agenda ${XSS} =\n\n* item one\n\n== Decisions <script>alert(1)</script> ==\n\n[Conclusion] ${XSS}\n[ACTION]: <img src=x onerror=alert(1)> does ${XSS}\n[ACTION]: javascript:alert(1) reviews it\n`,
    ),
  );
  // 200-deep multipart nesting, with script at the bottom.
  let nested = '';
  for (let i = 1; i < 200; i++) nested += `--n${i - 1}\nContent-Type: multipart/mixed; boundary="n${i}"\n\n`;
  nested += `--n199\nContent-Type: text/html\n\n${XSS}\n`;
  for (let i = 199; i >= 0; i--) nested += `--n${i}--\n`;
  out.push(mail(['From: Nest <nest@example.org>', 'Subject: 200-deep multipart', 'Message-ID: <nested@evil.example.org>', `Date: ${date()}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="n0"'], nested));
  // A 20 MB body: one long line of words, then many short lines.
  const line = `${'word '.repeat(15)}\n`;
  out.push(mail(['From: Big <big@example.org>', 'Subject: a 20 MB body', 'Message-ID: <big@evil.example.org>', `Date: ${date()}`], line.repeat(Math.ceil((20 * 1024 * 1024) / line.length))));
  return out;
}

function deepChain(): Mail[] {
  const out: Mail[] = [];
  for (let i = 0; i < DEEP_CHAIN; i++) {
    const headers = ['From: Chain <chain@example.org>', `Subject: ${i === 0 ? 'a very deep thread' : 'Re: a very deep thread'}`, `Message-ID: <chain-${i}@deep.example.org>`, `Date: ${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toUTCString().replace('GMT', '+0000')}`];
    if (i > 0) headers.push(`In-Reply-To: <chain-${i - 1}@deep.example.org>`, `References: <chain-0@deep.example.org> <chain-${i - 1}@deep.example.org>`);
    out.push(mail(headers, `${'> '.repeat(Math.min(i, 40))}quoted\nReply ${i}.\n`));
  }
  return out;
}

/**
 * Write the hostile archive: list `hostile` (no obfuscation, so `mailto:` paths are exercised)
 * and list `deep` (a 5,000-message reply chain).
 *
 * @param dir the archive folder to create
 * @returns the number of messages written per list
 */
export function writeHostileArchive(dir: string): Record<string, number> {
  const hostile = hostileMails();
  const deep = deepChain();
  mkdirSync(join(dir, 'hostile'), { recursive: true });
  mkdirSync(join(dir, 'deep'), { recursive: true });
  writeFileSync(join(dir, 'hostile', 'list.json'), JSON.stringify({ title: 'Hostile <script>alert(1)</script>', obfuscation: 'none' }));
  writeFileSync(join(dir, 'hostile', 'hostile.mbox'), mbox(hostile));
  writeFileSync(join(dir, 'deep', 'deep.mbox'), mbox(deep));
  return { hostile: hostile.length, deep: deep.length };
}
