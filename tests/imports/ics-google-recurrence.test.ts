// The recurrence lines an import writes, as the fake Google reads them: what Google documents it
// takes (RRULE, EXDATE, RDATE, with TZID or in UTC), and a refusal for what it does not say.
import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/core/calendars/ports.js';
import { anHour, calendar, newCalendar, startGoogleForFile } from './apply-kit.js';

startGoogleForFile();

const weekly = (recurrence: string[]): EventInput => ({
  ...anHour,
  title: 'Sync',
  start: { dateTime: '2030-03-04T09:30:00+01:00' },
  end: { dateTime: '2030-03-04T10:00:00+01:00' },
  recurrence,
});
const daily = (recurrence: string[]): EventInput => ({ ...weekly(recurrence), start: { date: '2030-03-04' }, end: { date: '2030-03-05' } });

async function starts(input: EventInput): Promise<string[]> {
  const cal = newCalendar();
  await calendar.insertEvent(cal, 'series01', input, 'none');
  const { events } = await calendar.listEvents({ calendarId: cal, timeMin: new Date('2030-03-01T00:00:00Z'), timeMax: new Date('2030-05-01T00:00:00Z') });
  return events.map((e) => e.start.dateTime ?? e.start.date);
}

describe('fake Google: recurrence lines of imported series', () => {
  it('an RDATE adds an occurrence at its own time, with the series\u2019 length', async () => {
    expect(await starts(weekly(['RRULE:FREQ=WEEKLY;COUNT=2', 'RDATE;TZID=Europe/Paris:20300307T150000']))).toEqual([
      '2030-03-04T09:30:00+01:00',
      '2030-03-07T15:00:00+01:00',
      '2030-03-11T09:30:00+01:00',
    ]);
  });

  it('EXDATE in UTC, with a TZID, and several values on one line all remove their occurrences', async () => {
    const lines = ['RRULE:FREQ=WEEKLY;COUNT=5', 'EXDATE:20300311T083000Z', 'EXDATE;TZID=Europe/Paris:20300318T093000,20300401T093000'];
    expect(await starts(weekly(lines))).toEqual(['2030-03-04T09:30:00+01:00', '2030-03-25T09:30:00+01:00']);
  });

  it('an all-day series takes EXDATE and RDATE as dates', async () => {
    expect(await starts(daily(['RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;VALUE=DATE:20300305', 'RDATE;VALUE=DATE:20300310']))).toEqual(['2030-03-04', '2030-03-06', '2030-03-10']);
  });

  it.each([
    ['an unknown TZID', 'EXDATE;TZID=Pacific Standard Time:20300311T093000'],
    ['a date for a timed series', 'EXDATE;VALUE=DATE:20300311'],
    ['an unreadable value', 'RDATE;TZID=Europe/Paris:2030-03-11'],
    ['a period', 'RDATE;VALUE=PERIOD:20300311T093000Z/PT1H'],
  ])('refuses %s rather than guess', async (_name, line) => {
    const cal = newCalendar();
    await expect(calendar.insertEvent(cal, 'series02', weekly(['RRULE:FREQ=WEEKLY;COUNT=3', line]), 'none')).rejects.toMatchObject({ code: 'google_refused' });
  });

  it('refuses a date-time EXDATE on an all-day series', async () => {
    const cal = newCalendar();
    await expect(calendar.insertEvent(cal, 'series03', daily(['RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20300305T000000Z']), 'none')).rejects.toMatchObject({ code: 'google_refused' });
  });
});
