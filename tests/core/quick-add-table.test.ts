import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseQuickAdd, type EventDraft } from '../../src/core/events/quick-add.js';

/**
 * One phrase per test: what a person types into quick add, read at a fixed moment in their zone,
 * and the exact event that should come out (or why it needs confirming).
 */

interface Moment {
  /** Shown in the test name. */
  where: string;
  now: Date;
  zone: string;
  /** The local wall time `now` is meant to be, checked below so a wrong instant can't hide. */
  local: string;
}

const NY = 'America/New_York';
const PARIS = 'Europe/Paris';
const KOLKATA = 'Asia/Kolkata';
const SYDNEY = 'Australia/Sydney';

// Friday 23 October 2026, 10:00 CEST in Paris; EU clocks go back (03:00 CEST → 02:00 CET) on Sunday the 25th.
const PARIS_AUTUMN: Moment = { where: 'Paris, before EU autumn change', now: new Date('2026-10-23T08:00:00Z'), zone: PARIS, local: '2026-10-23T10:00' };
// Friday 30 October 2026, 10:00 EDT in New York; US clocks go back (02:00 EDT → 01:00 EST) on Sunday 1 November.
const NY_AUTUMN: Moment = { where: 'New York, before US autumn change', now: new Date('2026-10-30T14:00:00Z'), zone: NY, local: '2026-10-30T10:00' };
// Friday 12 March 2027, 10:00 EST in New York; US clocks go forward (02:00 EST → 03:00 EDT) on Sunday the 14th.
const NY_SPRING: Moment = { where: 'New York, before US spring change', now: new Date('2027-03-12T15:00:00Z'), zone: NY, local: '2027-03-12T10:00' };
// Friday 2 October 2026, 10:00 AEST in Sydney; clocks go forward (02:00 AEST → 03:00 AEDT) on Sunday the 4th.
const SYDNEY_SPRING: Moment = { where: 'Sydney, before spring change', now: new Date('2026-10-02T00:00:00Z'), zone: SYDNEY, local: '2026-10-02T10:00' };

// Wednesday 25 November 2026, 10:00 local, no change near.
const NY_NOV: Moment = { where: 'New York', now: new Date('2026-11-25T15:00:00Z'), zone: NY, local: '2026-11-25T10:00' };
const PARIS_NOV: Moment = { where: 'Paris', now: new Date('2026-11-25T09:00:00Z'), zone: PARIS, local: '2026-11-25T10:00' };
const KOLKATA_NOV: Moment = { where: 'Kolkata', now: new Date('2026-11-25T04:30:00Z'), zone: KOLKATA, local: '2026-11-25T10:00' };
// Still Tuesday the 24th in UTC: "tomorrow" must be Sydney's tomorrow.
const SYDNEY_NOV: Moment = { where: 'Sydney', now: new Date('2026-11-24T23:00:00Z'), zone: SYDNEY, local: '2026-11-25T10:00' };

const MOMENTS = [PARIS_AUTUMN, NY_AUTUMN, NY_SPRING, SYDNEY_SPRING, NY_NOV, PARIS_NOV, KOLKATA_NOV, SYDNEY_NOV];

interface ClearCase {
  where: string;
  moment: Moment;
  text: string;
  draft: EventDraft;
}

function timed(moment: Moment, text: string, title: string, start: string, end: string, attendees: string[] = []): ClearCase {
  return { where: moment.where, moment, text, draft: { title, allDay: false, start, end, timeZone: moment.zone, attendees } };
}

/** `end` is the day after the last day. */
function allDay(moment: Moment, text: string, title: string, start: string, end: string, attendees: string[] = []): ClearCase {
  return { where: moment.where, moment, text, draft: { title, allDay: true, start, end, timeZone: moment.zone, attendees } };
}

const clearCases: ClearCase[] = [
  // Across the EU autumn change: +02:00 before Sunday 25 October, +01:00 from 03:00 that day.
  timed(PARIS_AUTUMN, 'Brunch sunday 9am', 'Brunch', '2026-10-25T09:00:00+01:00', '2026-10-25T09:30:00+01:00'),
  timed(PARIS_AUTUMN, 'Review monday 10am for 1h', 'Review', '2026-10-26T10:00:00+01:00', '2026-10-26T11:00:00+01:00'),
  timed(PARIS_AUTUMN, 'Call saturday 9am', 'Call', '2026-10-24T09:00:00+02:00', '2026-10-24T09:30:00+02:00'),
  timed(PARIS_AUTUMN, 'Dinner sunday 7pm-9pm', 'Dinner', '2026-10-25T19:00:00+01:00', '2026-10-25T21:00:00+01:00'),
  timed(PARIS_AUTUMN, 'Brunch sunday 9am with ann@example.com', 'Brunch', '2026-10-25T09:00:00+01:00', '2026-10-25T09:30:00+01:00', ['ann@example.com']),
  // Four real hours: 21:00Z to 01:00Z.
  timed(PARIS_AUTUMN, 'Late shift saturday 11pm for 4h', 'Late shift', '2026-10-24T23:00:00+02:00', '2026-10-25T02:00:00+01:00'),
  timed(PARIS_AUTUMN, 'Night shift saturday 10pm until 6am', 'Night shift', '2026-10-24T22:00:00+02:00', '2026-10-25T06:00:00+01:00'),
  // 02:30 happens twice; the first (CEST) is taken and the event lasts 30 real minutes.
  timed(PARIS_AUTUMN, 'Sync sunday 2:30am', 'Sync', '2026-10-25T02:30:00+02:00', '2026-10-25T02:00:00+01:00'),

  // Across the US autumn change: -04:00 before Sunday 1 November, -05:00 from 02:00 that day.
  timed(NY_AUTUMN, 'Brunch sunday 9am', 'Brunch', '2026-11-01T09:00:00-05:00', '2026-11-01T09:30:00-05:00'),
  timed(NY_AUTUMN, 'Review monday 10am for 1h', 'Review', '2026-11-02T10:00:00-05:00', '2026-11-02T11:00:00-05:00'),
  timed(NY_AUTUMN, 'Call tomorrow 3pm', 'Call', '2026-10-31T15:00:00-04:00', '2026-10-31T15:30:00-04:00'),
  timed(NY_AUTUMN, 'Night shift saturday 11pm for 4h', 'Night shift', '2026-10-31T23:00:00-04:00', '2026-11-01T02:00:00-05:00'),
  // 1am happens twice; the first (EDT) is taken.
  timed(NY_AUTUMN, 'Party saturday 10pm until 1am', 'Party', '2026-10-31T22:00:00-04:00', '2026-11-01T01:00:00-04:00'),
  allDay(NY_AUTUMN, 'Team offsite Oct 31-Nov 2', 'Team offsite', '2026-10-31', '2026-11-03'),

  // Across the US spring change: 02:00–03:00 on Sunday 14 March 2027 does not exist.
  timed(NY_SPRING, 'Call sunday 1:30am for 1h', 'Call', '2027-03-14T01:30:00-05:00', '2027-03-14T03:30:00-04:00'),
  timed(NY_SPRING, 'Call sunday 3am', 'Call', '2027-03-14T03:00:00-04:00', '2027-03-14T03:30:00-04:00'),
  timed(NY_SPRING, 'Call saturday 9am', 'Call', '2027-03-13T09:00:00-05:00', '2027-03-13T09:30:00-05:00'),

  // Across the Sydney spring change: +10:00 before 02:00 on Sunday 4 October, +11:00 after.
  timed(SYDNEY_SPRING, 'Night shift saturday 11pm for 4h', 'Night shift', '2026-10-03T23:00:00+10:00', '2026-10-04T04:00:00+11:00'),
  timed(SYDNEY_SPRING, 'Night shift saturday 10pm until 4am', 'Night shift', '2026-10-03T22:00:00+10:00', '2026-10-04T04:00:00+11:00'),

  // Durations.
  timed(NY_NOV, 'Lunch with Bob tomorrow 12:30 for 45m', 'Lunch with Bob', '2026-11-26T12:30:00-05:00', '2026-11-26T13:15:00-05:00'),
  timed(NY_NOV, 'Workshop friday 2pm for 1.5 hours', 'Workshop', '2026-11-27T14:00:00-05:00', '2026-11-27T15:30:00-05:00'),
  timed(NY_NOV, 'Planning tomorrow 10am for 1h30', 'Planning', '2026-11-26T10:00:00-05:00', '2026-11-26T11:30:00-05:00'),
  timed(NY_NOV, 'Interview tomorrow 11am for an hour', 'Interview', '2026-11-26T11:00:00-05:00', '2026-11-26T12:00:00-05:00'),
  timed(NY_NOV, 'Chat tomorrow 4pm for half an hour', 'Chat', '2026-11-26T16:00:00-05:00', '2026-11-26T16:30:00-05:00'),
  timed(NY_NOV, 'Review Dec 3 at 9am for 90 mins', 'Review', '2026-12-03T09:00:00-05:00', '2026-12-03T10:30:00-05:00'),
  timed(NY_NOV, 'Sync Monday 10am for 1 hour and 15 minutes', 'Sync', '2026-11-30T10:00:00-05:00', '2026-11-30T11:15:00-05:00'),
  timed(KOLKATA_NOV, 'Lunch tomorrow 12:30 for 1.5 hours', 'Lunch', '2026-11-26T12:30:00+05:30', '2026-11-26T14:00:00+05:30'),
  timed(KOLKATA_NOV, 'Standup monday 9:30 for 15m', 'Standup', '2026-11-30T09:30:00+05:30', '2026-11-30T09:45:00+05:30'),
  timed(SYDNEY_NOV, 'Lunch friday at noon for 45m', 'Lunch', '2026-11-27T12:00:00+11:00', '2026-11-27T12:45:00+11:00'),

  // Ranges and "until".
  timed(NY_NOV, 'Board call next Tue 3-4pm', 'Board call', '2026-12-01T15:00:00-05:00', '2026-12-01T16:00:00-05:00'),
  timed(NY_NOV, 'Workshop tomorrow 9-5', 'Workshop', '2026-11-26T09:00:00-05:00', '2026-11-26T17:00:00-05:00'),
  timed(NY_NOV, 'Sync tomorrow 11-1', 'Sync', '2026-11-26T11:00:00-05:00', '2026-11-26T13:00:00-05:00'),
  timed(NY_NOV, 'Call 3pm until 5', 'Call', '2026-11-25T15:00:00-05:00', '2026-11-25T17:00:00-05:00'),
  timed(NY_NOV, 'Call tomorrow 3pm until 5:30pm', 'Call', '2026-11-26T15:00:00-05:00', '2026-11-26T17:30:00-05:00'),
  timed(NY_NOV, 'Call tomorrow 11am until noon', 'Call', '2026-11-26T11:00:00-05:00', '2026-11-26T12:00:00-05:00'),
  timed(NY_NOV, 'Party friday 10pm until 1am', 'Party', '2026-11-27T22:00:00-05:00', '2026-11-28T01:00:00-05:00'),
  timed(NY_NOV, 'Call 10pm until 1am', 'Call', '2026-11-25T22:00:00-05:00', '2026-11-26T01:00:00-05:00'),
  timed(NY_NOV, 'Call tomorrow noon-1pm', 'Call', '2026-11-26T12:00:00-05:00', '2026-11-26T13:00:00-05:00'),
  timed(NY_NOV, 'Lunch tomorrow noon-1', 'Lunch', '2026-11-26T12:00:00-05:00', '2026-11-26T13:00:00-05:00'),
  // "Until midnight" is the midnight that ends the start's day.
  timed(NY_NOV, 'Call tomorrow 9pm until midnight', 'Call', '2026-11-26T21:00:00-05:00', '2026-11-27T00:00:00-05:00'),
  timed(NY_NOV, 'Party 10pm until midnight', 'Party', '2026-11-25T22:00:00-05:00', '2026-11-26T00:00:00-05:00'),
  timed(NY_NOV, 'Party friday 10pm until midnight', 'Party', '2026-11-27T22:00:00-05:00', '2026-11-28T00:00:00-05:00'),
  timed(NY_NOV, 'Call tomorrow 11am until midnight', 'Call', '2026-11-26T11:00:00-05:00', '2026-11-27T00:00:00-05:00'),
  timed(KOLKATA_NOV, 'Call 3-4pm', 'Call', '2026-11-25T15:00:00+05:30', '2026-11-25T16:00:00+05:30'),
  timed(KOLKATA_NOV, 'Workshop friday 9-5', 'Workshop', '2026-11-27T09:00:00+05:30', '2026-11-27T17:00:00+05:30'),
  timed(PARIS_NOV, 'Call 10pm until 1am', 'Call', '2026-11-25T22:00:00+01:00', '2026-11-26T01:00:00+01:00'),
  timed(PARIS_NOV, 'Workshop tomorrow 9-5', 'Workshop', '2026-11-26T09:00:00+01:00', '2026-11-26T17:00:00+01:00'),

  // Attendees: taken out of the title, lower-cased, de-duplicated, Slack's mailto links unwrapped.
  timed(NY_NOV, 'Coffee with ann@example.com tomorrow 9am', 'Coffee', '2026-11-26T09:00:00-05:00', '2026-11-26T09:30:00-05:00', ['ann@example.com']),
  timed(NY_NOV, 'Sync with ann@example.com and bob@example.org friday 3pm', 'Sync', '2026-11-27T15:00:00-05:00', '2026-11-27T15:30:00-05:00', [
    'ann@example.com',
    'bob@example.org',
  ]),
  timed(NY_NOV, 'Sync with Ann.Lee@Example.COM tomorrow 3pm', 'Sync', '2026-11-26T15:00:00-05:00', '2026-11-26T15:30:00-05:00', ['ann.lee@example.com']),
  timed(NY_NOV, 'Sync tomorrow 3pm with a@x.com and A@X.com', 'Sync', '2026-11-26T15:00:00-05:00', '2026-11-26T15:30:00-05:00', ['a@x.com']),
  timed(NY_NOV, 'Call <mailto:raj@example.org|raj@example.org> tomorrow 2pm', 'Call', '2026-11-26T14:00:00-05:00', '2026-11-26T14:30:00-05:00', ['raj@example.org']),
  timed(KOLKATA_NOV, 'Lunch Dec 3 at 1pm with Priya@Example.IN', 'Lunch', '2026-12-03T13:00:00+05:30', '2026-12-03T13:30:00+05:30', ['priya@example.in']),
  timed(KOLKATA_NOV, 'Call with <mailto:ravi@example.in|ravi@example.in> friday 11am for 45m', 'Call', '2026-11-27T11:00:00+05:30', '2026-11-27T11:45:00+05:30', [
    'ravi@example.in',
  ]),

  // All-day events, end exclusive.
  allDay(NY_NOV, 'Team offsite Jan 12-14', 'Team offsite', '2027-01-12', '2027-01-15'),
  allDay(NY_NOV, 'OOO Dec 24-26', 'OOO', '2026-12-24', '2026-12-27'),
  allDay(NY_NOV, 'Holiday on Dec 31', 'Holiday', '2026-12-31', '2027-01-01'),
  allDay(NY_NOV, 'Conference all day tomorrow', 'Conference', '2026-11-26', '2026-11-27'),
  allDay(NY_NOV, 'Offsite Dec 30 - Jan 2', 'Offsite', '2026-12-30', '2027-01-03'),
  allDay(NY_NOV, 'OOO Dec 24-Dec 26', 'OOO', '2026-12-24', '2026-12-27'),
  allDay(NY_NOV, 'OOO Dec 24-Dec 28', 'OOO', '2026-12-24', '2026-12-29'),
  // En and em dashes separate a range like a hyphen.
  allDay(NY_NOV, 'OOO Dec 24–26', 'OOO', '2026-12-24', '2026-12-27'),
  allDay(NY_NOV, 'OOO Dec 24—26', 'OOO', '2026-12-24', '2026-12-27'),
  allDay(KOLKATA_NOV, 'Team offsite Jan 12-14', 'Team offsite', '2027-01-12', '2027-01-15'),
  allDay(PARIS_NOV, 'Holiday on Dec 31', 'Holiday', '2026-12-31', '2027-01-01'),
  allDay(SYDNEY_NOV, 'OOO Dec 24-26', 'OOO', '2026-12-24', '2026-12-27'),

  // Weekday names: "next Tue" from a Wednesday is the coming Tuesday.
  timed(NY_NOV, 'Demo next Tue 3pm', 'Demo', '2026-12-01T15:00:00-05:00', '2026-12-01T15:30:00-05:00'),
  timed(NY_NOV, 'Lunch friday at noon', 'Lunch', '2026-11-27T12:00:00-05:00', '2026-11-27T12:30:00-05:00'),
  timed(PARIS_NOV, 'Demo next Tue 3pm', 'Demo', '2026-12-01T15:00:00+01:00', '2026-12-01T15:30:00+01:00'),
  timed(PARIS_NOV, 'Meeting friday at 3', 'Meeting', '2026-11-27T15:00:00+01:00', '2026-11-27T15:30:00+01:00'),

  // Noon, midnight, "tomorrow", times alone.
  timed(NY_NOV, 'Lunch tomorrow 12:30', 'Lunch', '2026-11-26T12:30:00-05:00', '2026-11-26T13:00:00-05:00'),
  timed(NY_NOV, 'Lunch noon', 'Lunch', '2026-11-25T12:00:00-05:00', '2026-11-25T12:30:00-05:00'),
  // "Tomorrow at midnight" is read as the midnight that starts tomorrow (00:00 Thursday).
  timed(NY_NOV, 'Release tomorrow at midnight', 'Release', '2026-11-26T00:00:00-05:00', '2026-11-26T00:30:00-05:00'),
  timed(KOLKATA_NOV, 'Lunch tomorrow 12:30', 'Lunch', '2026-11-26T12:30:00+05:30', '2026-11-26T13:00:00+05:30'),
  timed(KOLKATA_NOV, 'Call 3pm', 'Call', '2026-11-25T15:00:00+05:30', '2026-11-25T15:30:00+05:30'),
  timed(PARIS_NOV, 'Sync 14:00', 'Sync', '2026-11-25T14:00:00+01:00', '2026-11-25T14:30:00+01:00'),
  timed(SYDNEY_NOV, 'Sync tomorrow 9am', 'Sync', '2026-11-26T09:00:00+11:00', '2026-11-26T09:30:00+11:00'),

  // Explicit dates.
  timed(NY_NOV, 'Dentist Dec 3 at 9am', 'Dentist', '2026-12-03T09:00:00-05:00', '2026-12-03T09:30:00-05:00'),
  timed(NY_NOV, 'Review 2026-12-10 14:00', 'Review', '2026-12-10T14:00:00-05:00', '2026-12-10T14:30:00-05:00'),
  timed(SYDNEY_NOV, 'Review 2026-12-10 14:00', 'Review', '2026-12-10T14:00:00+11:00', '2026-12-10T14:30:00+11:00'),
];

interface UnclearCase {
  where: string;
  moment: Moment;
  text: string;
  reason: string;
  draft: Partial<EventDraft> & { title: string };
}

function unclear(moment: Moment, text: string, reason: string, draft: Partial<EventDraft> & { title: string }): UnclearCase {
  return { where: moment.where, moment, text, reason, draft: { timeZone: moment.zone, attendees: [], ...draft } };
}

const NO_TIME = 'no time given';
const NO_WHEN = 'no date or time';
const NO_TITLE = 'no title';
const PASSED = 'that time has already passed';
const DATE_PASSED = 'that date has already passed';
const BACKWARDS = 'the end is not after the start';
const SKIPPED = "that time doesn't exist that day (the clocks change)";

const unclearCases: UnclearCase[] = [
  unclear(NY_NOV, 'Call Bob tomorrow', NO_TIME, { title: 'Call Bob', start: '2026-11-26' }),
  unclear(PARIS_NOV, 'Dinner Dec 3', NO_TIME, { title: 'Dinner', start: '2026-12-03' }),
  unclear(SYDNEY_NOV, 'Call Bob tomorrow', NO_TIME, { title: 'Call Bob', start: '2026-11-26' }),
  unclear(NY_NOV, 'Lunch', NO_WHEN, { title: 'Lunch' }),
  unclear(SYDNEY_NOV, 'Lunch with bob@example.com', NO_WHEN, { title: 'Lunch', attendees: ['bob@example.com'] }),
  unclear(NY_NOV, '', NO_WHEN, { title: '' }),
  unclear(NY_NOV, 'Review 9am', PASSED, { title: 'Review', allDay: false, start: '2026-11-25T09:00:00-05:00', end: '2026-11-25T09:30:00-05:00' }),
  unclear(KOLKATA_NOV, 'Review today 9am', PASSED, {
    title: 'Review',
    allDay: false,
    start: '2026-11-25T09:00:00+05:30',
    end: '2026-11-25T09:30:00+05:30',
  }),
  unclear(PARIS_AUTUMN, 'Call today 9am', PASSED, {
    title: 'Call',
    allDay: false,
    start: '2026-10-23T09:00:00+02:00',
    end: '2026-10-23T09:30:00+02:00',
  }),
  unclear(NY_NOV, 'OOO yesterday', DATE_PASSED, { title: 'OOO', allDay: true, start: '2026-11-24', end: '2026-11-25' }),
  unclear(NY_NOV, 'Call tomorrow 3pm until 1pm', BACKWARDS, {
    title: 'Call',
    allDay: false,
    start: '2026-11-26T15:00:00-05:00',
    end: '2026-11-26T13:00:00-05:00',
  }),
  unclear(NY_NOV, 'Meeting tomorrow 5-3', BACKWARDS, {
    title: 'Meeting',
    allDay: false,
    start: '2026-11-26T17:00:00-05:00',
    end: '2026-11-26T03:00:00-05:00',
  }),
  unclear(NY_NOV, 'OOO Dec 26-24', BACKWARDS, { title: 'OOO', allDay: true, start: '2026-12-26', end: '2026-12-25' }),
  // 2:30am on Sunday 14 March 2027 is skipped in New York; luxon moves it to 3:30 EDT.
  unclear(NY_SPRING, 'Call sunday 2:30am', SKIPPED, {
    title: 'Call',
    allDay: false,
    start: '2027-03-14T03:30:00-04:00',
    end: '2027-03-14T04:00:00-04:00',
  }),
  unclear(NY_SPRING, 'Sync sunday 02:15', SKIPPED, {
    title: 'Sync',
    allDay: false,
    start: '2027-03-14T03:15:00-04:00',
    end: '2027-03-14T03:45:00-04:00',
  }),
  // 2:30am on Sunday 4 October 2026 is skipped in Sydney.
  unclear(SYDNEY_SPRING, 'Call sunday 2:30am', SKIPPED, {
    title: 'Call',
    allDay: false,
    start: '2026-10-04T03:30:00+11:00',
    end: '2026-10-04T04:00:00+11:00',
  }),
  unclear(NY_NOV, 'tomorrow 3pm', NO_TITLE, { title: '', allDay: false, start: '2026-11-26T15:00:00-05:00', end: '2026-11-26T15:30:00-05:00' }),
  unclear(NY_NOV, 'at 3pm tomorrow with bob@x.com', NO_TITLE, {
    title: '',
    allDay: false,
    start: '2026-11-26T15:00:00-05:00',
    end: '2026-11-26T15:30:00-05:00',
    attendees: ['bob@x.com'],
  }),
];

describe('quick-add phrase table', () => {
  it.each(MOMENTS)('$where: the fixed now is $local local time', ({ now, zone, local }) => {
    expect(DateTime.fromJSDate(now, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(local);
  });

  it.each(clearCases)('$where: $text', ({ moment, text, draft }) => {
    expect(parseQuickAdd(text, { now: moment.now, zone: moment.zone })).toEqual({ kind: 'clear', draft });
  });

  it.each(unclearCases)('$where: $text is unclear ($reason)', ({ moment, text, reason, draft }) => {
    expect(parseQuickAdd(text, { now: moment.now, zone: moment.zone })).toEqual({ kind: 'unclear', reason, draft });
  });

  it('covers enough phrases, zones and answers', () => {
    const all = [...clearCases, ...unclearCases];
    expect(all.length).toBeGreaterThanOrEqual(44);
    expect(unclearCases.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((c) => c.moment.zone))).toEqual(new Set([NY, PARIS, KOLKATA, SYDNEY]));
    expect(new Set(unclearCases.map((c) => c.reason))).toEqual(new Set([NO_TIME, NO_WHEN, NO_TITLE, PASSED, DATE_PASSED, BACKWARDS, SKIPPED]));
  });
});
