import { describe, expect, it } from 'vitest';
import { datesIn } from '../src/lib/meeting-date.ts';

const sent = Date.parse('2019-08-27T22:48:20Z');
const days = (text: string, at = sent, offset = 0) => datesIn(text, at, offset).map((d) => d.iso);

describe('datesIn', () => {
  it('reads ISO, US numeric, month-day and day-month dates, with ordinals and a range', () => {
    expect(days('meeting 2020-01-22')).toEqual(['2020-01-22']);
    expect(days('before 12/18/19')).toEqual(['2019-12-18']);
    expect(days('Minutes Feb17th & Feb10th', Date.parse('2020-02-17T10:00:00Z'))).toEqual(['2020-02-17', '2020-02-10']);
    expect(days('Wed 16 September', Date.parse('2020-09-15T19:00:00Z'))).toEqual(['2020-09-16']);
    expect(days('Hackathon in Lyon (12-13 February)', Date.parse('2025-02-14T15:20:00Z'))).toEqual(['2025-02-12']);
  });
  it('takes the year nearest the day the mail was sent', () => {
    expect(days('notes from December 30', Date.parse('2021-01-04T10:00:00Z'))).toEqual(['2020-12-30']);
  });
  it('moves a day to the weekday written when the two disagree, as a recurring meeting keeps its weekday', () => {
    // 27 August 2019 was a Tuesday.
    expect(days('Notes for Wednesday, August 27th')).toEqual(['2019-08-28']);
  });
  it('reads today, tomorrow and this/next Wednesday in the sender\'s own time zone', () => {
    // 23:30 UTC on Sunday is already Monday in Sydney.
    expect(days('meeting today', Date.parse('2025-05-04T23:30:00Z'), 600)).toEqual(['2025-05-05']);
    expect(days('this Wednesday', Date.parse('2025-05-05T09:00:00Z'))).toEqual(['2025-05-07']);
    expect(days('next Monday', Date.parse('2025-05-05T09:00:00Z'))).toEqual(['2025-05-12']);
    expect(days('GUI workgroup meeting - Wednesday 10:30 AM CST', Date.parse('2019-06-18T09:00:00Z'))).toEqual(['2019-06-19']);
  });
  it('does not take "may" the verb, a version or a count for a date', () => {
    expect(days('item 3 may be dropped')).toEqual([]);
    expect(days('release 2.10 ships')).toEqual([]);
    expect(days('every 5 minutes')).toEqual([]);
  });
});
