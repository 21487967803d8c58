import { describe, expect, it } from 'vitest';
import { formatDateTime, formatIsoLocal, formatMonth, monthKey, parseMailDate } from '../src/lib/dates.ts';

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
