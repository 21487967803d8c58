/**
 * Dates of meetings as mail writes them: `2020-01-22`, `12/18/19`, `Wednesday June 26`, `Wed 16
 * September`, `Feb17th`, `12-13 February`, and relative ones (`today`, `this Wednesday`) read
 * against the day the mail was sent, in the sender's own time zone. Pure, no `Date.now()`.
 */

/** A calendar day found in a text. */
export interface FoundDate {
  /** `yyyy-mm-dd`. */
  iso: string;
  /** Where the date starts in the text. */
  index: number;
  /** How much was written: a relative word, or a day with or without its year. */
  kind: 'absolute' | 'year-inferred' | 'relative';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\\.?';
const DAY_MS = 86_400_000;

const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => { y?: number; mo: number; d: number; wd?: string } | undefined }[] = [
  { re: /\b((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})\b/g, read: (m) => ({ y: +m[1]!, mo: +m[2]!, d: +m[3]! }) },
  // US order, as the corpora write it (12/18/19); a day above 12 first means day/month.
  {
    re: /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/g,
    read: (m) => {
      const a = +m[1]!;
      const b = +m[2]!;
      const y = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
      return a > 12 ? { y, mo: b, d: a } : { y, mo: a, d: b };
    },
  },
  { re: new RegExp(`\\b(?:${WEEKDAY},?\\s+(?:the\\s+)?)?${MONTH}\\s*(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+((?:19|20)\\d\\d)\\b)?`, 'gi'), read: (m) => ({ ...(m[4] ? { y: +m[4] } : {}), mo: monthOf(m[2]!), d: +m[3]!, ...(m[1] ? { wd: m[1] } : {}) }) },
  { re: new RegExp(`\\b(?:${WEEKDAY},?\\s+(?:the\\s+)?)?(\\d{1,2})(?:st|nd|rd|th)?(?:\\s*[-–]\\s*\\d{1,2}(?:st|nd|rd|th)?)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s+((?:19|20)\\d\\d)\\b)?`, 'gi'), read: (m) => ({ ...(m[4] ? { y: +m[4] } : {}), mo: monthOf(m[3]!), d: +m[2]!, ...(m[1] ? { wd: m[1] } : {}) }) },
];

function monthOf(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The sender's local calendar day, as milliseconds at midnight UTC of that day. */
function localDay(sentMs: number, offsetMinutes: number): number {
  const local = sentMs + offsetMinutes * 60_000;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

function valid(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * The calendar days a text names, in the order they appear. A day without a year takes the year
 * that puts it nearest the day the mail was sent; a weekday that does not fit the day written
 * ("Wednesday, August 27th" in a year where the 27th is a Tuesday) moves the day to that weekday
 * within three days, since a recurring meeting keeps its weekday.
 *
 * @param text the text (a subject, a line)
 * @param sentMs when the mail was sent
 * @param offsetMinutes the sender's UTC offset
 */
export function datesIn(text: string, sentMs: number, offsetMinutes = 0): FoundDate[] {
  const sent = localDay(sentMs, offsetMinutes);
  const out: FoundDate[] = [];
  const taken: [number, number][] = [];
  for (const p of PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const at = m.index;
      if (taken.some(([a, b]) => at < b && at + m[0].length > a)) continue;
      const r = p.read(m as RegExpExecArray);
      // "3 may be dropped": the modal verb, not the month.
      if (!r || r.mo < 1 || /\bmay\b/.test(m[0]) && r.y === undefined) continue;
      let ms: number | undefined;
      if (r.y !== undefined) ms = valid(r.y, r.mo, r.d) ? Date.UTC(r.y, r.mo - 1, r.d) : undefined;
      else {
        const year = new Date(sent).getUTCFullYear();
        const options = [year - 1, year, year + 1].filter((y) => valid(y, r.mo, r.d)).map((y) => Date.UTC(y, r.mo - 1, r.d));
        ms = options.sort((a, b) => Math.abs(a - sent) - Math.abs(b - sent))[0];
      }
      if (ms === undefined) continue;
      if (r.wd) {
        const want = WEEKDAYS.indexOf(r.wd.slice(0, 3).toLowerCase());
        const have = new Date(ms).getUTCDay();
        if (want >= 0 && want !== have) {
          const shift = [-3, -2, -1, 1, 2, 3].find((k) => (have + k + 7) % 7 === want);
          if (shift !== undefined) ms += shift * DAY_MS;
        }
      }
      taken.push([at, at + m[0].length]);
      out.push({ iso: iso(ms), index: at, kind: r.y !== undefined ? 'absolute' : 'year-inferred' });
    }
  }
  const relative = new RegExp(`\\b(today|tonight|tomorrow|yesterday)(?:'s)?\\b|\\b(this|next|last|on)\\s+${WEEKDAY}(?!\\s*,?\\s*(?:\\d|${MONTH}))`, 'gi');
  for (const m of text.matchAll(relative)) {
    if (taken.some(([a, b]) => m.index < b && m.index + m[0].length > a)) continue;
    let ms = sent;
    const word = (m[1] ?? '').toLowerCase();
    if (word === 'tomorrow') ms += DAY_MS;
    else if (word === 'yesterday') ms -= DAY_MS;
    else if (m[2]) {
      const want = WEEKDAYS.indexOf(m[3]!.slice(0, 3).toLowerCase());
      const have = new Date(sent).getUTCDay();
      const ahead = (want - have + 7) % 7;
      const which = m[2].toLowerCase();
      ms += (which === 'last' ? ahead - 7 : which === 'next' && ahead === 0 ? 7 : ahead) * DAY_MS;
    }
    out.push({ iso: iso(ms), index: m.index, kind: 'relative' });
  }
  // A weekday alone ("meeting - Wednesday 10:30 AM"): the next such day from the day it was sent.
  if (out.length === 0) {
    const alone = new RegExp(`\\b${WEEKDAY}\\b`, 'i').exec(text);
    if (alone) {
      const want = WEEKDAYS.indexOf(alone[1]!.slice(0, 3).toLowerCase());
      const have = new Date(sent).getUTCDay();
      out.push({ iso: iso(sent + ((want - have + 7) % 7) * DAY_MS), index: alone.index, kind: 'relative' });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
