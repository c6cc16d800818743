import { afterEach, describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/events/duration.js';
import { DEFAULT_EVENT_MINUTES, parseQuickAdd, type EventDraft } from '../../src/core/events/quick-add.js';

// Monday 30 November 2026, 11:00 in New York.
const NOW = new Date('2026-11-30T16:00:00Z');
const NY = 'America/New_York';

function clear(text: string, now = NOW, zone = NY): EventDraft {
  const r = parseQuickAdd(text, { now, zone });
  if (r.kind !== 'clear') throw new Error(`“${text}” was unclear: ${r.reason}`);
  return r.draft;
}

function unclear(text: string, now = NOW, zone = NY) {
  const r = parseQuickAdd(text, { now, zone });
  if (r.kind !== 'unclear') throw new Error(`“${text}” was clear: ${JSON.stringify(r.draft)}`);
  return r;
}

const timed = (title: string, start: string, end: string, attendees: string[] = [], timeZone = NY): EventDraft => ({
  title,
  allDay: false,
  start,
  end,
  timeZone,
  attendees,
});

describe('parseQuickAdd', () => {
  it('reads a title, a date and time, and a duration', () => {
    expect(clear('Lunch with Bob tomorrow 12:30 for 45m')).toEqual(
      timed('Lunch with Bob', '2026-12-01T12:30:00-05:00', '2026-12-01T13:15:00-05:00'),
    );
    expect(clear('Board call next Tue 3-4pm')).toEqual(timed('Board call', '2026-12-08T15:00:00-05:00', '2026-12-08T16:00:00-05:00'));
  });

  it('takes email addresses as attendees and out of the title', () => {
    expect(clear('Dentist on Dec 3 at 9am for 1h with bob@example.com')).toEqual(
      timed('Dentist', '2026-12-03T09:00:00-05:00', '2026-12-03T10:00:00-05:00', ['bob@example.com']),
    );
    const sync = clear('Sync with Ann@Example.com and <mailto:raj@example.org|raj@example.org>, ann@example.com about budget tomorrow 3pm');
    expect(sync.title).toBe('Sync about budget');
    expect(sync.attendees).toEqual(['ann@example.com', 'raj@example.org']);
  });

  it('reads date ranges as all-day events with an exclusive end', () => {
    const offsite = clear('Team offsite Jan 12-14');
    expect(offsite).toEqual({ title: 'Team offsite', allDay: true, start: '2027-01-12', end: '2027-01-15', timeZone: NY, attendees: [] });
    expect(clear('OOO Dec 24-26')).toMatchObject({ title: 'OOO', allDay: true, start: '2026-12-24', end: '2026-12-27' });
    expect(clear('Trip dec 30 to jan 2')).toMatchObject({ allDay: true, start: '2026-12-30', end: '2027-01-03' });
  });

  it('reads a single date as all-day when the words say so', () => {
    expect(clear('Vacation Dec 21')).toMatchObject({ title: 'Vacation', allDay: true, start: '2026-12-21', end: '2026-12-22' });
    expect(clear('Conference all day Dec 3')).toMatchObject({ title: 'Conference', allDay: true, start: '2026-12-03', end: '2026-12-04' });
    expect(clear('Offsite all-day tomorrow')).toMatchObject({ title: 'Offsite', allDay: true, start: '2026-12-01', end: '2026-12-02' });
  });

  it('reads "until" ends', () => {
    expect(clear('Call 3pm until 5')).toEqual(timed('Call', '2026-11-30T15:00:00-05:00', '2026-11-30T17:00:00-05:00'));
    expect(clear('Call 3pm until 5:30pm')).toEqual(timed('Call', '2026-11-30T15:00:00-05:00', '2026-11-30T17:30:00-05:00'));
    expect(clear('Call tomorrow 12:30 until 1:15').end).toBe('2026-12-01T13:15:00-05:00');
  });

  it(`gives timed events without an end ${DEFAULT_EVENT_MINUTES} minutes`, () => {
    expect(DEFAULT_EVENT_MINUTES).toBe(30);
    expect(clear('Standup tomorrow 9:15')).toEqual(timed('Standup', '2026-12-01T09:15:00-05:00', '2026-12-01T09:45:00-05:00'));
  });

  it('reads times the way people write them', () => {
    // A number after a date is a time, not a two-digit year.
    expect(clear('Lunch Dec 3 12-1pm')).toEqual(timed('Lunch', '2026-12-03T12:00:00-05:00', '2026-12-03T13:00:00-05:00'));
    expect(clear('Lunch tomorrow 12-1')).toMatchObject({ start: '2026-12-01T12:00:00-05:00', end: '2026-12-01T13:00:00-05:00' });
    // Hours 1 to 6 without am/pm are afternoon; a leading zero means what it says.
    expect(clear('Meeting friday at 3').start).toBe('2026-12-04T15:00:00-05:00');
    expect(clear('Focus tomorrow 03:00').start).toBe('2026-12-01T03:00:00-05:00');
    // "9-5" is a working day, not 9am to 5am.
    expect(clear('tomorrow at 9-5 Workshop')).toEqual(timed('Workshop', '2026-12-01T09:00:00-05:00', '2026-12-01T17:00:00-05:00'));
    // An explicit pm-to-am range runs overnight.
    expect(clear('Party tomorrow 10pm until 1am')).toMatchObject({ start: '2026-12-01T22:00:00-05:00', end: '2026-12-02T01:00:00-05:00' });
    expect(clear('Trip Dec 3 9am to Dec 4 5pm')).toMatchObject({ start: '2026-12-03T09:00:00-05:00', end: '2026-12-04T17:00:00-05:00' });
    // A time without a date is today's.
    expect(clear('Call 3pm').start).toBe('2026-11-30T15:00:00-05:00');
  });

  it('finds the date even when a word of the title looks like one', () => {
    expect(clear('Night shift tomorrow 10pm until 6am')).toEqual(
      timed('Night shift', '2026-12-01T22:00:00-05:00', '2026-12-02T06:00:00-05:00'),
    );
  });

  it('cleans fillers left behind by the date', () => {
    expect(clear('Call on Dec 3 at 3pm with Sam').title).toBe('Call with Sam');
    expect(clear('Coffee at Blue Bottle tomorrow 10am').title).toBe('Coffee at Blue Bottle');
    expect(clear('Workshop from tomorrow 9am to 11am').title).toBe('Workshop');
  });

  it('asks when a date has no time and nothing says all-day', () => {
    const r = unclear('Call Bob tomorrow');
    expect(r.reason).toBe('no time given');
    expect(r.draft).toEqual({ title: 'Call Bob', start: '2026-12-01', timeZone: NY, attendees: [] });
  });

  it('asks when there is no date or time, no title, or the time has passed', () => {
    expect(unclear('Lunch with bob@example.com')).toEqual({
      kind: 'unclear',
      reason: 'no date or time',
      draft: { title: 'Lunch', timeZone: NY, attendees: ['bob@example.com'] },
    });
    expect(unclear('tomorrow 3pm')).toMatchObject({ reason: 'no title', draft: { title: '', start: '2026-12-01T15:00:00-05:00' } });
    expect(unclear('Review today 9am')).toMatchObject({
      reason: 'that time has already passed',
      draft: { title: 'Review', start: '2026-11-30T09:00:00-05:00' },
    });
    expect(unclear('Review 9am').reason).toBe('that time has already passed');
  });

  it('asks when the end is not after the start', () => {
    expect(unclear('Call 3pm until 1pm').reason).toBe('the end is not after the start');
    expect(unclear('Call tomorrow 5-3').reason).toBe('the end is not after the start');
  });

  describe('daylight-saving changes', () => {
    // Saturday 7 March 2026, noon in New York; clocks go forward at 2am on Sunday.
    const beforeSpring = new Date('2026-03-07T17:00:00Z');

    it('uses the offset in force on the day, not today', () => {
      expect(clear('Standup tomorrow 9:15', beforeSpring)).toEqual(
        timed('Standup', '2026-03-08T09:15:00-04:00', '2026-03-08T09:45:00-04:00'),
      );
    });

    it('keeps durations in real time across the change', () => {
      // 1am EST plus two hours is 4am EDT.
      expect(clear('Sync tomorrow 1am for 2h', beforeSpring)).toMatchObject({ start: '2026-03-08T01:00:00-05:00', end: '2026-03-08T04:00:00-04:00' });
      expect(clear('Night shift tomorrow 1am until 4am', beforeSpring)).toMatchObject({
        start: '2026-03-08T01:00:00-05:00',
        end: '2026-03-08T04:00:00-04:00',
      });
    });

    it('asks about a time the clocks skip', () => {
      expect(unclear('Call tomorrow 2:30am', beforeSpring).reason).toMatch(/doesn't exist/);
    });

    it('takes the first of a repeated hour when the clocks go back', () => {
      // Paris goes from 03:00 CEST back to 02:00 CET on Sunday 25 October 2026.
      const beforeAutumn = new Date('2026-10-24T10:00:00Z');
      expect(clear('Sync tomorrow 2:30am', beforeAutumn, 'Europe/Paris')).toMatchObject({
        start: '2026-10-25T02:30:00+02:00',
        end: '2026-10-25T02:00:00+01:00',
      });
      expect(clear('Sync tomorrow 9am for 1h', beforeAutumn, 'Europe/Paris')).toMatchObject({
        start: '2026-10-25T09:00:00+01:00',
        end: '2026-10-25T10:00:00+01:00',
        timeZone: 'Europe/Paris',
      });
    });
  });

  it("uses the viewer's date in a half-hour zone", () => {
    // 20:00 UTC on 30 November is 01:30 on 1 December in Kolkata.
    const late = new Date('2026-11-30T20:00:00Z');
    const zone = 'Asia/Kolkata';
    expect(clear('Lunch tomorrow 12:30', late, zone)).toEqual(timed('Lunch', '2026-12-02T12:30:00+05:30', '2026-12-02T13:00:00+05:30', [], zone));
    expect(clear('Call 3pm', late, zone).start).toBe('2026-12-01T15:00:00+05:30');
    expect(clear('Trip Dec 1-2', late, zone)).toMatchObject({ start: '2026-12-01', end: '2026-12-03' });
  });

  describe("whatever the server's own zone", () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });

    it('gives the same events', () => {
      const late = new Date('2026-11-30T20:00:00Z');
      const beforeSpring = new Date('2026-03-07T17:00:00Z');
      const cases = () => [
        parseQuickAdd('Trip Dec 1-2', { now: late, zone: 'Asia/Kolkata' }),
        parseQuickAdd('Lunch Monday 12:30', { now: late, zone: 'Asia/Kolkata' }),
        parseQuickAdd('Standup tomorrow 9:15', { now: beforeSpring, zone: NY }),
        parseQuickAdd('Night shift tomorrow 1am until 4am', { now: beforeSpring, zone: NY }),
        parseQuickAdd('Board call next Tue 3-4pm', { now: NOW, zone: 'Europe/Paris' }),
      ];
      process.env.TZ = 'UTC';
      const expected = cases();
      expect(expected[0]).toMatchObject({ kind: 'clear', draft: { start: '2026-12-01' } });
      for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata']) {
        process.env.TZ = zone;
        expect(new Date(2026, 0, 1).getTimezoneOffset(), zone).not.toBe(0); // the change took effect
        expect(cases(), zone).toEqual(expected);
      }
    });
  });
});

describe('parseDuration', () => {
  it('reads the usual ways of writing a duration', () => {
    const cases: Record<string, number> = {
      '45m': 45,
      '45 min': 45,
      '45 minutes': 45,
      '1h': 60,
      '1.5 hours': 90,
      '1h30': 90,
      '1h 30m': 90,
      '1 hour and 15 minutes': 75,
      '90 mins': 90,
      'an hour': 60,
      'An Hour': 60,
      'half an hour': 30,
      'an hour and a half': 90,
      '2 hrs': 120,
    };
    for (const [text, minutes] of Object.entries(cases)) expect(parseDuration(text), text).toBe(minutes);
  });

  it('returns null for anything else', () => {
    for (const text of ['', '45', 'soon', '0m', '1h 75', '45 months', 'h']) expect(parseDuration(text), text).toBeNull();
  });
});
