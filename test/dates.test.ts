import { describe, expect, it } from 'vitest';
import { formatDateTime, formatIsoLocal, formatMonth, monthKey, parseMailDate, readMailDate } from '../src/lib/dates.ts';

const iso = (value: string) => {
  const d = parseMailDate(value);
  return d && { utc: new Date(d.ms).toISOString(), local: formatIsoLocal(d), zoneKnown: d.zoneKnown };
};

describe('parseMailDate', () => {
  it('reads RFC 5322 dates with a numeric zone and a comment', () => {
    expect(iso('Fri,  6 Apr 2007 15:43:55 -0700 (PDT)')).toEqual({ utc: '2007-04-06T22:43:55.000Z', local: '2007-04-06T15:43:55-07:00', zoneKnown: true });
  });
  it('reads obsolete zone names', () => {
    expect(iso('Tue, 04 Jan 1993 12:00:00 EST')?.utc).toBe('1993-01-04T17:00:00.000Z');
    expect(iso('Wed Feb  9 22:02 MET 2000')?.utc).toBe('2000-02-09T21:02:00.000Z');
  });
  it('assumes UTC, and says so, when no zone is given', () => {
    expect(iso('Mon Sep 17 00:00:00 2001')).toEqual({ utc: '2001-09-17T00:00:00.000Z', local: '2001-09-17T00:00:00+00:00', zoneKnown: false });
  });
  it('reads localised day and month names', () => {
    expect(iso('Donnerstag, 13 Juni 2002 10:00:00 +0200')?.utc).toBe('2002-06-13T08:00:00.000Z');
    expect(iso('jeu., 13 juin 2002 10:00:00 +0200')?.utc).toBe('2002-06-13T08:00:00.000Z');
    expect(iso('13 Dez 2002 10:00 +0000')?.utc).toBe('2002-12-13T10:00:00.000Z');
  });
  it('reads dd-Mon-yy with a two-digit year (RFC 5322 4.3)', () => {
    expect(iso('04-Jan-93')?.utc).toBe('1993-01-04T00:00:00.000Z');
    expect(iso('04-Jan-07')?.utc).toBe('2007-01-04T00:00:00.000Z');
  });
  it('reads asctime with the zone before the year (Gmail Takeout envelopes)', () => {
    expect(iso('Tue Jul 17 03:36:26 +0000 2018')?.utc).toBe('2018-07-17T03:36:26.000Z');
  });
  it('reads ISO 8601', () => {
    expect(iso('2013-06-13T10:00:00Z')?.utc).toBe('2013-06-13T10:00:00.000Z');
    expect(iso('2013-06-13 10:00:00+02:00')?.utc).toBe('2013-06-13T08:00:00.000Z');
  });
  it('reads 12-hour times', () => {
    expect(iso('Mon, 6 Jan 2025 3:05 PM +0000')?.utc).toBe('2025-01-06T15:05:00.000Z');
  });
  it('gives undefined for text that is no date', () => {
    expect(parseMailDate('garbage')).toBeUndefined();
    expect(parseMailDate('')).toBeUndefined();
    expect(parseMailDate(undefined)).toBeUndefined();
    expect(parseMailDate('32 Foo 2020')).toBeUndefined();
  });
});

describe('readMailDate', () => {
  it('reads times with one-digit fields', () => {
    const r = readMailDate('Thu, 11 Jul 1996 14:20:6 +0800');
    expect(r.date && new Date(r.date.ms).toISOString()).toBe('1996-07-11T06:20:06.000Z');
    expect(r).toMatchObject({ timeRead: true, unread: [], impossibleZone: undefined });
    expect(iso('Thu, 11 Jul 1996 9:5 +0000')?.utc).toBe('1996-07-11T09:05:00.000Z');
  });
  it('says which parts it could not read, instead of a silent midnight', () => {
    const r = readMailDate('Sat, 13 Jul 1996 14h20 +0800');
    expect(r.unread).toEqual(['14h20']);
    expect(r.timeRead).toBe(false);
    expect(r.date && formatIsoLocal(r.date)).toBe('1996-07-13T00:00:00+08:00');
    expect(readMailDate('04-Jan-93')).toMatchObject({ timeRead: false, unread: [] });
    expect(readMailDate('2013-06-13')).toMatchObject({ timeRead: false });
    expect(readMailDate('Mon, 6 Jan 2025 10:00:00 CET +0100')).toMatchObject({ timeRead: true, unread: [] });
  });
  it('ignores a zone beyond ±14:00 and names it', () => {
    const r = readMailDate('Fri, 12 Jul 1996 09:15:00 -3100');
    expect(r.impossibleZone).toBe('-3100');
    expect(r.date).toEqual({ ms: Date.UTC(1996, 6, 12, 9, 15), offsetMinutes: 0, zoneKnown: false });
    expect(readMailDate('Fri, 12 Jul 1996 09:15:00 +0575').impossibleZone).toBe('+0575');
    expect(readMailDate('Fri, 12 Jul 1996 09:15:00 +1400').date?.offsetMinutes).toBe(840);
    expect(readMailDate('1996-07-12T09:15:00-31:00').impossibleZone).toBe('-31:00');
  });
});

describe('formatting', () => {
  it('formats absolute dates with the writer\'s zone, independent of the machine', () => {
    expect(formatDateTime(Date.UTC(2025, 0, 8, 8, 14), 60)).toBe('2025-01-08 09:14 +0100');
    expect(formatDateTime(Date.UTC(2025, 0, 8, 8, 14), -330)).toBe('2025-01-08 02:44 -0530');
  });
  it('names months in English', () => {
    expect(formatMonth('2025-02')).toBe('February 2025');
    expect(monthKey(Date.UTC(2025, 1, 28, 23, 59))).toBe('2025-02');
  });
});
