// Real-world-shaped .ics files (Google, Outlook, Apple exports) parsed, applied to the fake Google
// through the real Calendar client, and read back as the app reads them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/core/events/types.js';
import { applyImportItem } from '../../src/core/imports/apply.js';
import { parseIcs } from '../../src/core/imports/ics.js';
import { importEventId } from '../../src/core/imports/ids.js';
import type { DuplicatePolicy, ImportOutcome, ParsedImport } from '../../src/core/imports/types.js';
import { calendar, fake, newCalendar, startGoogleForFile } from './apply-kit.js';

startGoogleForFile();

const fixture = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}.ics`, import.meta.url), 'utf8');

async function applyAll(parsed: ParsedImport, calendarId: string, policy: DuplicatePolicy = 'skip'): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  // In order, as the import job writes them: each series before its overrides.
  for (const item of parsed.items) outcomes.push(await applyImportItem(calendar, calendarId, item, policy));
  return outcomes;
}

/** The occurrences the app lists in March and April 2030, as title and start (date or time with offset). */
async function agenda(calendarId: string): Promise<CalendarEvent[]> {
  const { events } = await calendar.listEvents({ calendarId, timeMin: new Date('2030-03-01T00:00:00Z'), timeMax: new Date('2030-05-01T00:00:00Z'), all: true });
  return events;
}
const brief = (e: CalendarEvent) => [e.title, e.start.dateTime ?? e.start.date, e.end.dateTime ?? e.end.date];

const stored = (calendarId: string, uid: string) => fake.events(calendarId).find((e) => e.id === importEventId(uid));

/** Imports `name` into a fresh calendar, then again under each policy: a second import must change nothing. */
async function importTwice(name: string): Promise<{ cal: string; first: ImportOutcome[] }> {
  const cal = newCalendar('Europe/Paris');
  const parsed = parseIcs(fixture(name), { defaultTimeZone: 'Europe/Paris' });
  expect(parsed.problems).toEqual([]);
  const first = await applyAll(parsed, cal);
  expect(first.filter((o) => o.status === 'failed')).toEqual([]);
  const before = fake.events(cal);
  for (const policy of ['skip', 'update'] as const) {
    const again = await applyAll(parseIcs(fixture(name), { defaultTimeZone: 'Europe/Paris' }), cal, policy);
    expect(again.map((o) => o.status)).toEqual(again.map(() => 'skipped'));
  }
  expect(fake.events(cal)).toEqual(before);
  return { cal, first };
}

describe('importing a Google Calendar export', () => {
  it('keeps the series with its rule, the excluded and the moved occurrence, the UTC and the all-day event', async () => {
    const { cal, first } = await importTwice('google');
    expect(first.map((o) => o.status)).toEqual(['created', 'created', 'created', 'updated']);
    expect((await agenda(cal)).map(brief)).toEqual([
      ['Weekly sync', '2030-03-04T09:30:00+01:00', '2030-03-04T10:00:00+01:00'],
      ['Weekly sync', '2030-03-11T09:30:00+01:00', '2030-03-11T10:00:00+01:00'],
      ['Lunch with investors', '2030-03-12T13:00:00+01:00', '2030-03-12T14:30:00+01:00'],
      ['Offsite day', '2030-03-15', '2030-03-16'],
      // 18 March is an EXDATE; 25 March moved to the 26th, renamed.
      ['Weekly sync (moved)', '2030-03-26T14:00:00+01:00', '2030-03-26T14:30:00+01:00'],
      // Summer time from 31 March: the same wall time, an hour earlier in UTC; 8 April is UNTIL itself.
      ['Weekly sync', '2030-04-01T09:30:00+02:00', '2030-04-01T10:00:00+02:00'],
      ['Weekly sync', '2030-04-08T09:30:00+02:00', '2030-04-08T10:00:00+02:00'],
    ]);
    const series = stored(cal, '5k2v3sd1mgh0q8tq1s4r1b6d2c@google.com')!;
    expect(series.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20300408T073000Z', 'EXDATE;TZID=Europe/Paris:20300318T093000']);
    expect(series.start).toEqual({ dateTime: '2030-03-04T09:30:00+01:00', timeZone: 'Europe/Paris' });
    expect(series.description).toBe('Agenda:\n1. Numbers, forecasts; risks\n2. Hiring\n\nJoin: https://meet.google.com/abc-defg-hij');
    expect(series.location).toBe('Room 4, 2nd floor');
    expect(series.attendees!.map((a) => a.email)).toEqual(['ceo@acme.com', 'bob@example.com', 'ann@example.com']);
    const moved = (await agenda(cal)).find((e) => e.title === 'Weekly sync (moved)')!;
    expect(moved).toMatchObject({ recurringEventId: series.id, description: 'Moved for the board.', originalStart: { dateTime: '2030-03-25T09:30:00+01:00' } });
    expect(moved.attendees.map((a) => a.email)).toEqual(['ceo@acme.com', 'bob@example.com']);
    // A single event exported in UTC is shown in the calendar's zone (X-WR-TIMEZONE).
    expect(stored(cal, '1u7sgq3h3o9b2kdd8fbb3m2fj0@google.com')).toMatchObject({ location: 'Café de Flore, 172 Bd Saint-Germain, Paris', start: { timeZone: 'Europe/Paris' } });
  });
});

describe('importing an Outlook export', () => {
  it('reads Windows zone names, keeps the weekly series across the US change to summer time, its EXDATE and moved occurrence', async () => {
    const { cal, first } = await importTwice('outlook');
    expect(first.map((o) => o.status)).toEqual(['created', 'created', 'created', 'updated']);
    expect((await agenda(cal)).map(brief)).toEqual([
      ['Design review', '2030-03-05T09:00:00-08:00', '2030-03-05T10:00:00-08:00'],
      ['Company holiday', '2030-03-08', '2030-03-09'],
      ['Design review', '2030-03-12T09:00:00-07:00', '2030-03-12T10:00:00-07:00'],
      ['Design review (Wednesday this week)', '2030-03-27T11:00:00-07:00', '2030-03-27T12:00:00-07:00'],
      ['Call with the Berlin office', '2030-03-31T10:00:00+02:00', '2030-03-31T11:00:00+02:00'],
      ['Design review', '2030-04-02T09:00:00-07:00', '2030-04-02T10:00:00-07:00'],
    ]);
    const review = fake.events(cal).find((e) => e.summary === 'Design review')!;
    expect(review.start).toEqual({ dateTime: '2030-03-05T09:00:00-08:00', timeZone: 'America/Los_Angeles' });
    expect(review.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20300402T160000Z;WKST=SU', 'EXDATE;TZID=America/Los_Angeles:20300319T090000']);
    expect(review.description).toBe('Review the mock-ups.\nBring the printouts, please.\n');
    // Outlook leaves the organizer out of the attendees; it stays a guest.
    expect(review.attendees!.map((a) => a.email)).toEqual(['jane@contoso.com', 'bob@contoso.com', 'confrooma@contoso.com']);
    expect((await agenda(cal)).find((e) => e.title.endsWith('(Wednesday this week)'))).toMatchObject({ location: 'Conf Room B', originalStart: { dateTime: '2030-03-26T09:00:00-07:00' } });
    expect(fake.events(cal).find((e) => e.summary === 'Call with the Berlin office')!.start).toEqual({ dateTime: '2030-03-31T10:00:00+02:00', timeZone: 'Europe/Berlin' });
  });
});

describe('importing an Apple Calendar export', () => {
  it('keeps the IANA-zoned series with its extra date, drops the cancelled occurrence, reads the floating event in the client\u2019s zone', async () => {
    const { cal, first } = await importTwice('apple');
    expect(first.map((o) => o.status)).toEqual(['created', 'created', 'created', 'updated']);
    expect((await agenda(cal)).map(brief)).toEqual([
      ['Yoga', '2030-03-06T07:30:00-05:00', '2030-03-06T08:30:00-05:00'],
      ['Yoga', '2030-03-13T07:30:00-04:00', '2030-03-13T08:30:00-04:00'],
      ['Dinner at home', '2030-03-14T18:30:00+01:00', '2030-03-14T20:00:00+01:00'],
      // 20 March is cancelled (RECURRENCE-ID with STATUS:CANCELLED).
      ['Ski trip', '2030-03-21', '2030-03-24'],
      ['Yoga', '2030-03-27T07:30:00-04:00', '2030-03-27T08:30:00-04:00'],
      ['Yoga', '2030-03-30T10:00:00-04:00', '2030-03-30T11:00:00-04:00'],
    ]);
    const yoga = fake.events(cal).find((e) => e.summary === 'Yoga' && e.recurrence)!;
    expect(yoga.recurrence).toEqual(['RRULE:FREQ=WEEKLY;COUNT=4', 'RDATE;TZID=America/New_York:20300330T100000']);
    expect(yoga.start).toEqual({ dateTime: '2030-03-06T07:30:00-05:00', timeZone: 'America/New_York' });
    expect(fake.events(cal).find((e) => e.summary === 'Dinner at home')!.start).toEqual({ dateTime: '2030-03-14T18:30:00+01:00', timeZone: 'Europe/Paris' });
    // The to-do (VTODO) and the alarms (VALARM) are not events.
    expect(fake.events(cal).map((e) => e.summary)).not.toContain('Buy wax');
  });
});
