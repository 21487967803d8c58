import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexArchive } from '../src/lib/archive.ts';
import { formatSentDateTime, formatUtcDateTime, parseMailDate } from '../src/lib/dates.ts';
import { joinView, messageViewHtml } from '../src/lib/message-html.ts';
import { treeRowsHtml } from '../src/lib/tree-html.ts';
import { UI_STRINGS } from '../src/lib/ui-strings.ts';
import { threadRows } from '../src/lib/views.ts';
import { buildSite } from '../src/site/build.ts';
import { fixtureMbox } from './mbox-fixture.ts';
import { tree } from './site-files.ts';

const t = UI_STRINGS.en;
// blinux-list, 2020: <fea4d0e7-5caf-f5b7-cf0a-5f3b313acb3e@gmail.com>, sent on the 14th in
// its sender's zone, on the 15th in UTC, and so in the indexes.
const SENT = parseMailDate('Sat, 14 Nov 2020 21:19:40 -0700')!;

describe('dates as a message shows them', () => {
  it('says the date as sent with its zone, and the UTC time when it reads differently', () => {
    expect(formatSentDateTime(SENT.ms, SENT.offsetMinutes)).toBe('2020-11-14 21:19 -0700 (2020-11-15 04:19 UTC)');
    expect(formatSentDateTime(Date.UTC(2025, 0, 8, 8, 14), 60)).toBe('2025-01-08 09:14 +0100 (2025-01-08 08:14 UTC)');
    // Sent in UTC (or with no zone, UTC assumed), one time says it all.
    expect(formatSentDateTime(Date.UTC(2025, 0, 8, 8, 14), 0)).toBe('2025-01-08 08:14 +0000');
  });

  it('shows lists a time in UTC, the day and time they sort and group messages by', () => {
    expect(formatUtcDateTime(SENT.ms)).toBe('2020-11-15 04:19');
    expect(formatUtcDateTime(Date.UTC(2023, 11, 31, 23, 59, 59))).toBe('2023-12-31 23:59');
  });

  it("heads a message with both, in a <time> of the UTC instant, and a tree row with the UTC day and time, which tells apart rows of one sender on one day", () => {
    const index = indexArchive([
      { messageId: 'fea4d0e7@x', subject: 'latest iso of jenux?', from: { name: 'Tim', address: 'tim@example.org' }, dateMs: SENT.ms, offsetMinutes: SENT.offsetMinutes, stableKey: 'a', inReplyTo: [], references: [] },
    ]);
    const view = messageViewHtml({
      message: index.messages[0]!,
      headers: { messageId: 'fea4d0e7@x', syntheticId: false, inReplyTo: [], subject: 'latest iso of jenux?', dateSource: 'header', from: undefined, to: [], cc: [], attachments: [] },
      body: '',
      htmlVersion: undefined,
      htmlRefused: false,
      obfuscation: 'none',
      rawHref: 'raw.txt',
      attachmentHref: () => '',
      inReplyToHref: undefined,
      inferredParent: undefined,
      replyingTo: undefined,
      minutes: undefined,
      t,
    });
    expect(joinView(view, 1)).toContain('<dt>Date</dt><dd><time datetime="2020-11-15T04:19:40.000Z">2020-11-14 21:19 -0700 (2020-11-15 04:19 UTC)</time></dd>');
    const [row] = treeRowsHtml(index.messages, threadRows(index, 0), { link: () => '/m/', obfuscation: 'none', showDepth: false, t });
    expect(row).toContain('<time class="when" datetime="2020-11-15T04:19:40.000Z">2020-11-15 04:19</time>');
  });
});

// A built site: messages whose UTC day is not their sender's, on either side of a month's end.
const MAILS = [
  { id: 'may-end@example.org', date: 'Wed, 31 May 2023 23:49:00 -0700', subject: 'Late in May, early in June' },
  { id: 'west@example.org', date: 'Thu, 01 Jun 2023 11:58:00 -0500', subject: 'Re: Late in May, early in June', refs: 'may-end@example.org' },
  { id: 'south@example.org', date: 'Thu, 01 Jun 2023 14:19:00 -0300', subject: 'Re: Late in May, early in June', refs: 'west@example.org' },
  { id: 'east@example.org', date: 'Thu, 01 Jun 2023 19:13:00 +0200', subject: 'Evening', refs: 'may-end@example.org' },
  { id: 'utc@example.org', date: 'Fri, 02 Jun 2023 08:00:00 +0000', subject: 'In UTC' },
];

let work: string;
let site: Map<string, string>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'threadline-dates-'));
  mkdirSync(join(work, 'archive', 'dev'), { recursive: true });
  const mbox = fixtureMbox(MAILS.map((m) => ({ ...m, text: 'Text.' })), 'ann@example.org Thu Jun  1 10:00:00 2023');
  writeFileSync(join(work, 'archive', 'dev', 'all.mbox'), mbox);
  await buildSite({ archiveDir: join(work, 'archive'), storeDir: join(work, 'store'), outDir: join(work, 'dist'), base: '/', jobs: 0 });
  site = tree(join(work, 'dist'));
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The `<time>` elements of a page: instant and text. */
const times = (html: string): [string, string][] => [...html.matchAll(/<time[^>]* datetime="([^"]*)"[^>]*>([^<]*)<\/time>/g)].map((m) => [m[1]!, m[2]!]);

describe('a built site', () => {
  it('lists a month by date in UTC, in order, and says so once', () => {
    const html = site.get('dev/2023-06/index.html')!;
    expect(site.has('dev/2023-05/index.html')).toBe(false);
    expect(html.match(/dates and times in UTC/g)).toHaveLength(1);
    const shown = times(html);
    expect(shown.map(([, text]) => text)).toEqual(['2023-06-01 06:49', '2023-06-01 16:58', '2023-06-01 17:13', '2023-06-01 17:19', '2023-06-02 08:00']);
    for (const [instant, text] of shown) expect(formatUtcDateTime(Date.parse(instant))).toBe(text);
    expect(html).not.toMatch(/[+-]\d{4}</);
  });

  it('shows one message the same day everywhere: header, thread page, trees and indexes', () => {
    const day = '2023-06-01';
    const header = site.get('dev/m/may-end@example.org/index.html')!;
    expect(header).toContain('<time datetime="2023-06-01T06:49:00.000Z">2023-05-31 23:49 -0700 (2023-06-01 06:49 UTC)</time>');
    const thread = site.get('dev/t/may-end@example.org/index.html')!;
    expect(thread).toContain('<time datetime="2023-06-01T06:49:00.000Z">2023-05-31 23:49 -0700 (2023-06-01 06:49 UTC)</time>');
    const byThread = site.get('dev/2023-06/threads/index.html')!;
    expect(byThread.match(/dates and times in UTC/g)).toHaveLength(1);
    for (const page of [header, thread, byThread]) {
      // Every <time> of the root, whatever it says, names the root's UTC day.
      const ofRoot = times(page).filter(([instant]) => instant === '2023-06-01T06:49:00.000Z');
      expect(ofRoot.length).toBeGreaterThan(0);
      for (const [, text] of ofRoot) expect(text.includes('UTC') ? text.endsWith(`(${day} 06:49 UTC)`) : text.startsWith(day)).toBe(true);
    }
    // The message sent in UTC is shown once, with its zone.
    expect(site.get('dev/m/utc@example.org/index.html')).toContain('<time datetime="2023-06-02T08:00:00.000Z">2023-06-02 08:00 +0000</time>');
  });
});
