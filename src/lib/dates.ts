/**
 * Dates of real mail: RFC 5322 and everything mail clients wrote instead.
 */

/** A point in time with the zone offset its writer used. */
export interface MailDate {
  /** Milliseconds since the epoch, UTC. */
  ms: number;
  /** The writer's offset from UTC in minutes (0 when the zone was missing). */
  offsetMinutes: number;
  /** False when the date named no zone and UTC was assumed. */
  zoneKnown: boolean;
}

// Month names by their first three letters, in the languages mail clients localise dates into.
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  mär: 3, mae: 3, mrz: 3, mai: 5, okt: 10, dez: 12, // German
  fév: 2, fev: 2, avr: 4, jui: 6, aoû: 8, aou: 8, déc: 12, // French (juin/juil resolved below)
  ene: 1, abr: 4, ago: 8, dic: 12, // Spanish
  gen: 1, mag: 5, giu: 6, lug: 7, set: 9, ott: 10, // Italian
  mrt: 3, mei: 5, // Dutch
};

// Zone names RFC 822 allowed, and a few that clients still write.
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0, BST: 60, IST: 60, CET: 60, MET: 60, MEZ: 60, CEST: 120, MEST: 120,
  MESZ: 120, EET: 120, EEST: 180, MSK: 180, JST: 540, KST: 540, HKT: 480, AEST: 600, AEDT: 660, NZST: 720,
  NZDT: 780, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600,
};

/** A numeric zone further from UTC than this (minutes) is a broken clock: it is ignored. */
export const MAX_ZONE_OFFSET_MINUTES = 14 * 60;

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?/i;
// Clients that format times by hand write `14:20:6` or `9:5`: one-digit fields are common in old mail.
const TIME = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?$/;
const NUMERIC_ZONE = /^(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})$/i;

function monthOf(token: string): number | undefined {
  const t = token.toLowerCase().replace(/\.$/, '');
  if (t.startsWith('juin')) return 6;
  if (t.startsWith('juil')) return 7;
  if (t.length < 3 || !/^\p{L}+$/u.test(t)) return undefined;
  return MONTHS[t.slice(0, 3)];
}

function fullYear(n: number, digits: number): number {
  if (digits >= 3) return n;
  // RFC 5322 section 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx.
  return n < 50 ? 2000 + n : 1900 + n;
}

function build(
  year: number, month: number, day: number, hour: number, minute: number, second: number,
  offset: number | undefined,
): MailDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  if (!Number.isFinite(local)) return undefined;
  const offsetMinutes = offset ?? 0;
  return { ms: local - offsetMinutes * 60_000, offsetMinutes, zoneKnown: offset !== undefined };
}

/** A date as read, with what could not be read in it, so the caller can say so. */
export interface DateReading {
  /** The date, or undefined when no day, month and year can be read. */
  date: MailDate | undefined;
  /** False when no time of day was read: the date is at 00:00. */
  timeRead: boolean;
  /** Parts of the value with digits in them that were not understood (`14h20`, `GMT+1`). */
  unread: string[];
  /** A numeric zone beyond ±14:00 (`-3100`), ignored: UTC is assumed. */
  impossibleZone: string | undefined;
}

/** A numeric zone's offset in minutes, or undefined when it is beyond what any clock uses. */
function zoneOffset(sign: string, hours: string, minutes: string): number | undefined {
  const total = Number(hours) * 60 + Number(minutes);
  if (Number(minutes) > 59 || total > MAX_ZONE_OFFSET_MINUTES) return undefined;
  return (sign === '-' ? -1 : 1) * total;
}

/**
 * Parse a Date header (or an mbox envelope date) as tolerantly as real mail requires:
 * RFC 5322, asctime (`Wed Feb  9 22:02 MET 2000`), `04-Jan-93`, localised names
 * (`Donnerstag, 13 Juni 2002`), ISO 8601, a missing zone (UTC assumed, `zoneKnown` false).
 *
 * @param value the header value
 * @returns the date, or undefined when no day, month and year can be read
 */
export function parseMailDate(value: string | undefined): MailDate | undefined {
  return readMailDate(value).date;
}

/**
 * Read a date as `parseMailDate` does, and say what was left unread: no time of day, tokens not
 * understood, an impossible zone. A date read only in part is still a date; the caller warns.
 *
 * @param value the header value
 */
export function readMailDate(value: string | undefined): DateReading {
  const reading: DateReading = { date: undefined, timeRead: false, unread: [], impossibleZone: undefined };
  if (!value) return reading;
  const text = value.replace(/\([^)]*\)/g, ' ').trim();
  const iso = ISO.exec(text);
  if (iso) {
    const zone = iso[7];
    let offset: number | undefined;
    if (zone !== undefined) {
      const m = NUMERIC_ZONE.exec(zone);
      offset = m ? zoneOffset(m[1]!, m[2]!, m[3]!) : 0;
      if (offset === undefined) reading.impossibleZone = zone;
    }
    reading.timeRead = iso[4] !== undefined;
    reading.date = build(Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0), offset);
    return reading;
  }
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let offset: number | undefined;
  let zoneSeen = false;
  let pm: boolean | undefined;
  // `04-Jan-93` and `13.06.2002` become separate tokens; a numeric zone keeps its sign.
  const tokens = text.split(/[\s,]+|(?<=\d)-(?=\p{L})|(?<=\p{L})-(?=\d)|(?<=\d)\.(?=\d)|(?<=\p{L})\.(?=\s|\d)/u);
  for (const token of tokens) {
    if (token === '') continue;
    const time = TIME.exec(token);
    if (time && !reading.timeRead) {
      hour = Number(time[1]);
      minute = Number(time[2]);
      second = Number(time[3] ?? 0);
      reading.timeRead = true;
      continue;
    }
    const zone = NUMERIC_ZONE.exec(token);
    if (zone) {
      // The first zone counts; `CET +0100` names one zone twice.
      if (!zoneSeen) {
        zoneSeen = true;
        offset = zoneOffset(zone[1]!, zone[2]!, zone[3]!);
        if (offset === undefined) reading.impossibleZone = token;
      }
      continue;
    }
    const upper = token.toUpperCase();
    if (upper === 'AM' || upper === 'PM') {
      pm = upper === 'PM';
      continue;
    }
    if (!zoneSeen && ZONES[upper] !== undefined) {
      zoneSeen = true;
      offset = ZONES[upper];
      continue;
    }
    if (/^\d+$/.test(token)) {
      const n = Number(token);
      if (token.length >= 3 && year === undefined) year = n;
      else if (token.length < 3 && day === undefined && n >= 1 && n <= 31) day = n;
      else if (token.length < 3 && month === undefined && day !== undefined && n >= 1 && n <= 12 && year === undefined && tokens.length <= 4) month = n;
      else if (year === undefined) year = fullYear(n, token.length);
      else reading.unread.push(token);
      continue;
    }
    const m = monthOf(token);
    if (m !== undefined && month === undefined) month = m;
    else if (/\d/.test(token)) reading.unread.push(token);
  }
  if (pm !== undefined && hour <= 12) hour = (hour % 12) + (pm ? 12 : 0);
  if (day !== undefined && month !== undefined && year !== undefined) {
    reading.date = build(year, month, day, hour, minute, second, offset);
    return reading;
  }
  // Forms the tokens above do not cover; V8 reads some of them. What it read cannot be told apart.
  const fallback = Date.parse(text);
  if (!Number.isFinite(fallback)) return { date: undefined, timeRead: false, unread: [], impossibleZone: undefined };
  return {
    date: { ms: fallback, offsetMinutes: 0, zoneKnown: /[+-]\d{4}|GMT|UTC|Z$/i.test(text) },
    timeRead: /\d:\d/.test(text),
    unread: [],
    impossibleZone: undefined,
  };
}

/**
 * ISO 8601 in the writer's own zone, e.g. `2025-01-06T10:00:00+01:00`; independent of the machine's locale and zone.
 *
 * @param date a parsed mail date
 */
export function formatIsoLocal(date: MailDate): string {
  const local = new Date(date.ms + date.offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = date.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(date.offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${zone}`;
}

/**
 * The `yyyy-mm` month of a UTC timestamp: the unit of the archive's month pages.
 *
 * @param ms milliseconds since the epoch
 */
export function monthKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/**
 * A date as the writer saw it, absolute and unambiguous: `2025-01-08 09:14 +0100`.
 *
 * @param ms milliseconds since the epoch
 * @param offsetMinutes the writer's zone offset
 */
export function formatDateTime(ms: number, offsetMinutes: number): string {
  const iso = formatIsoLocal({ ms, offsetMinutes, zoneKnown: true });
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} ${iso.slice(19, 22)}${iso.slice(23, 25)}`;
}

/**
 * A date in UTC, `2025-01-08 08:14`: how lists, trees and indexes show a time, since they sort
 * and group messages by UTC (a page says once that its times are UTC).
 *
 * @param ms milliseconds since the epoch
 */
export function formatUtcDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * A date as its message's header shows it: as sent, in the sender's zone, and the UTC time too
 * when that reads differently (`2020-11-14 21:19 -0700 (2020-11-15 04:19 UTC)`), so the header
 * agrees with the indexes, which show UTC, and with the month that holds the message.
 *
 * @param ms milliseconds since the epoch
 * @param offsetMinutes the sender's zone offset
 */
export function formatSentDateTime(ms: number, offsetMinutes: number): string {
  const sent = formatDateTime(ms, offsetMinutes);
  return offsetMinutes === 0 ? sent : `${sent} (${formatUtcDateTime(ms)} UTC)`;
}

/**
 * The UTC day of a timestamp, `2025-01-08`.
 *
 * @param ms milliseconds since the epoch
 */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A month key as words, `2025-01` → `January 2025` (English, whatever the machine's locale).
 *
 * @param month a `yyyy-mm` key
 */
export function formatMonth(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${year}`;
}
