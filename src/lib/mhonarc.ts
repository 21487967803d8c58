/**
 * Reading an MHonArc archive's pages for the move to Threadline: which message each
 * `msgNNNNN.html` shows (its `<!--X-Message-Id: …-->` comment) and which messages each index page
 * (`maillist.html`, `mailN.html`, `threads.html`, `thrdN.html`) lists. Pure: the caller reads files.
 */
import { decodeHTML } from 'entities';
import { parseMailDate } from './dates.ts';
import { normalizeMessageId } from './message-id.ts';

/** An index page maps to the month of most of the messages it lists; this many are read. */
export const MAX_INDEX_MESSAGES = 50;

// MHonArc writes the id HTML-escaped (`&#45;` for `-`) in a comment of its own.
const MESSAGE_ID_COMMENT = /<!--X-Message-Id: ([^\n]*?) ?-->/;
// The Date header as the page's header block shows it (MHonArc's default layout), and the date
// MHonArc sorted by: by default the first Received header's, else the Date header's.
const DATE_FIELD = /<!--X-Head-of-Message-->[\s\S]*?<li><em>Date<\/em>: ([^\n]*?)<\/li>[\s\S]*?<!--X-Head-of-Message-End-->/;
const DATE_COMMENT = /<!--X-Date: ([^\n]*?) ?-->/;
// Ids MHonArc makes up for messages without one: they name nothing the archive knows.
const MADE_UP_ID = /@NO-ID-FOUND\.mhonarc\.org$/i;

/** What kind of MHonArc page a file name is: a message, a date index or a thread index. */
export type MhonarcPageKind = 'message' | 'date' | 'thread';

/**
 * The kind of an MHonArc page, from its file name alone; undefined for other files.
 *
 * @param fileName the page's file name (no folder)
 */
export function mhonarcPageKind(fileName: string): MhonarcPageKind | undefined {
  if (/^msg\d+\.html?$/i.test(fileName)) return 'message';
  if (/^(?:maillist|mail\d+)\.html?$/i.test(fileName)) return 'date';
  if (/^(?:threads|thrd\d+)\.html?$/i.test(fileName)) return 'thread';
  return undefined;
}

/**
 * The Message-ID a message page shows, or undefined when it has none MHonArc did not make up.
 *
 * @param html the page
 */
export function mhonarcMessageId(html: string): string | undefined {
  const match = MESSAGE_ID_COMMENT.exec(html);
  if (!match) return undefined;
  const id = normalizeMessageId(decodeHTML(match[1]!.trim()));
  return id === undefined || MADE_UP_ID.test(id) ? undefined : id;
}

/**
 * When a message page's message was sent, by its Date header, in milliseconds: as the page's
 * header block shows it, else the `<!--X-Date: …-->` comment (by default MHonArc's comment holds
 * the first Received header's date, which the archive does not date a message by); undefined when
 * the page has neither as a date. For a message without a Message-ID, this is what finds it again
 * (see `resolveRedirects`).
 *
 * @param html the page
 */
export function mhonarcDate(html: string): number | undefined {
  for (const pattern of [DATE_FIELD, DATE_COMMENT]) {
    const match = pattern.exec(html);
    const ms = match ? parseMailDate(decodeHTML(match[1]!.trim()))?.ms : undefined;
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/**
 * The message pages an index page links, in order, each once (file names, `msg00012.html`).
 *
 * @param html the index page
 */
export function mhonarcIndexLinks(html: string): string[] {
  const seen = new Set<string>();
  for (const match of html.matchAll(/href="(msg\d+\.html?)(?:#[^"]*)?"/gi)) {
    seen.add(match[1]!);
    if (seen.size >= MAX_INDEX_MESSAGES) break;
  }
  return [...seen];
}
