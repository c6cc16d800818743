import { afterEach, describe, expect, it } from 'vitest';
import { MAX_WHEN_DAYS, parseWhen, splitWhen } from '../../src/core/events/when.js';

// Monday 30 November 2026, 11:00 in New York.
const NOW = new Date('2026-11-30T16:00:00Z');
const NY = 'America/New_York';

function range(text: string, now = NOW, zone = NY) {
  const r = parseWhen(text, { now, zone });
  if ('error' in r) throw new Error(`“${text}” did not parse: ${r.error}`);
  return { start: r.start.toISOString(), end: r.end.toISOString(), label: r.label };
}

function error(text: string, now = NOW, zone = NY): string {
  const r = parseWhen(text, { now, zone });
  if (!('error' in r)) throw new Error(`“${text}” parsed as ${r.label}`);
  return r.error;
}

describe('parseWhen', () => {
  it('defaults to the next 7 days from the start of today', () => {
    expect(range('')).toEqual({ start: '2026-11-30T05:00:00.000Z', end: '2026-12-07T05:00:00.000Z', label: 'the next 7 days' });
    expect(range('  ')).toEqual(range(''));
    const r = parseWhen('', { now: NOW, zone: NY, defaultDays: 14 });
    expect(r).toMatchObject({ end: new Date('2026-12-14T05:00:00Z'), label: 'the next 14 days' });
  });

  it('reads single days relative to today', () => {
    expect(range('today')).toEqual({ start: '2026-11-30T05:00:00.000Z', end: '2026-12-01T05:00:00.000Z', label: 'today' });
    expect(range('Tomorrow')).toEqual({ start: '2026-12-01T05:00:00.000Z', end: '2026-12-02T05:00:00.000Z', label: 'tomorrow' });
    expect(range('yesterday')).toEqual({ start: '2026-11-29T05:00:00.000Z', end: '2026-11-30T05:00:00.000Z', label: 'yesterday' });
  });

  it('reads ISO weeks (Monday to Sunday) and calendar months', () => {
    expect(range('this week')).toEqual({
      start: '2026-11-30T05:00:00.000Z',
      end: '2026-12-07T05:00:00.000Z',
      label: 'this week (30 Nov – 6 Dec)',
    });
    expect(range('next week')).toEqual({
      start: '2026-12-07T05:00:00.000Z',
      end: '2026-12-14T05:00:00.000Z',
      label: 'next week (7 Dec – 13 Dec)',
    });
    // On a Sunday, "this week" is still the week that started on Monday.
    expect(range('this week', new Date('2026-12-06T16:00:00Z')).start).toBe('2026-11-30T05:00:00.000Z');
    // November starts in daylight time (UTC-4) and ends in standard time (UTC-5).
    expect(range('this month')).toEqual({
      start: '2026-11-01T04:00:00.000Z',
      end: '2026-12-01T05:00:00.000Z',
      label: 'this month (November 2026)',
    });
    expect(range('next month')).toEqual({
      start: '2026-12-01T05:00:00.000Z',
      end: '2027-01-01T05:00:00.000Z',
      label: 'next month (December 2026)',
    });
  });

  it('reads "next N days" from the start of today', () => {
    expect(range('next 3 days')).toEqual({ start: '2026-11-30T05:00:00.000Z', end: '2026-12-03T05:00:00.000Z', label: 'the next 3 days' });
    expect(range('next 10 days')).toMatchObject({ end: '2026-12-10T05:00:00.000Z', label: 'the next 10 days' });
    expect(range('next 1 day').label).toBe('the next 1 day');
    expect(error('next 0 days')).toMatch(/at least one day/);
  });

  it('reads weekdays forward, as whole days', () => {
    expect(range('monday')).toEqual({ start: '2026-11-30T05:00:00.000Z', end: '2026-12-01T05:00:00.000Z', label: 'Mon 30 Nov' });
    expect(range('friday')).toMatchObject({ start: '2026-12-04T05:00:00.000Z', label: 'Fri 4 Dec' });
    // chrono's reading: "next Tuesday" is the Tuesday of next week, not tomorrow.
    expect(range('next tuesday')).toEqual({ start: '2026-12-08T05:00:00.000Z', end: '2026-12-09T05:00:00.000Z', label: 'Tue 8 Dec' });
  });

  it('reads dates and inclusive date ranges in several spellings', () => {
    expect(range('dec 1')).toEqual({ start: '2026-12-01T05:00:00.000Z', end: '2026-12-02T05:00:00.000Z', label: 'Tue 1 Dec' });
    const expected = { start: '2026-12-01T05:00:00.000Z', end: '2026-12-06T05:00:00.000Z', label: 'Tue 1 Dec – Sat 5 Dec' };
    const spellings = ['dec 1 to dec 5', 'dec 1 - dec 5', 'Dec 1 – Dec 5', 'from dec 1 until dec 5', 'dec 1-5', '2026-12-01..2026-12-05'];
    for (const text of spellings) {
      expect(range(text), text).toEqual(expected);
    }
    expect(range('2026-12-01')).toEqual(range('dec 1'));
  });

  it('looks forward for dates without a year and shows the year when it is not this one', () => {
    expect(range('dec 30 to jan 2')).toEqual({
      start: '2026-12-30T05:00:00.000Z',
      end: '2027-01-03T05:00:00.000Z',
      label: 'Wed 30 Dec – Sat 2 Jan 2027',
    });
    expect(range('nov 1').start).toBe('2027-11-01T04:00:00.000Z');
    expect(range('december')).toMatchObject({ start: '2026-12-01T05:00:00.000Z', end: '2027-01-01T05:00:00.000Z', label: 'December' });
  });

  it(`caps ranges at ${MAX_WHEN_DAYS} days`, () => {
    expect(range(`next ${MAX_WHEN_DAYS} days`).end).toBe('2027-03-02T05:00:00.000Z');
    expect(error(`next ${MAX_WHEN_DAYS + 1} days`)).toMatch(/at most 92 days/);
    expect(error('dec 1 to mar 30')).toMatch(/120 days.*at most 92 days/);
  });

  it('rejects backwards ranges, impossible dates and what it cannot read', () => {
    expect(error('2026-12-05..2026-12-01')).toMatch(/ends .* before it starts/);
    expect(error('2026-02-30')).toMatch(/isn't a real date/);
    const message = error('whenever');
    expect(message).toContain('“whenever”');
    expect(message).toContain('next week');
    expect(message).toContain('dec 1 to dec 5');
    expect(error('at 3pm')).toMatch(/couldn't read/); // a time is not a range of days
    expect(error('acme next week')).toMatch(/couldn't read/); // the whole text must be a date
  });

  it('gives days of 23 and 25 hours across daylight-saving changes', () => {
    // New York springs forward on Sunday 8 March 2026.
    expect(range('this week', new Date('2026-03-04T15:00:00Z'))).toMatchObject({
      start: '2026-03-02T05:00:00.000Z',
      end: '2026-03-09T04:00:00.000Z',
    });
    expect(range('2026-03-08')).toMatchObject({ start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' });
    // Paris falls back on Sunday 25 October 2026.
    const paris = new Date('2026-10-24T10:00:00Z');
    expect(range('tomorrow', paris, 'Europe/Paris')).toEqual({
      start: '2026-10-24T22:00:00.000Z',
      end: '2026-10-25T23:00:00.000Z',
      label: 'tomorrow',
    });
  });

  it("uses the viewer's date, not UTC's, in a half-hour zone", () => {
    // 20:00 UTC on 30 November is 01:30 on 1 December in Kolkata.
    const late = new Date('2026-11-30T20:00:00Z');
    expect(range('today', late, 'Asia/Kolkata')).toEqual({ start: '2026-11-30T18:30:00.000Z', end: '2026-12-01T18:30:00.000Z', label: 'today' });
    expect(range('dec 1', late, 'Asia/Kolkata')).toMatchObject({ start: '2026-11-30T18:30:00.000Z', label: 'Tue 1 Dec' });
    expect(range('today', late, NY).start).toBe('2026-11-30T05:00:00.000Z');
  });

  describe("whatever the server's own zone", () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });

    it('gives the same ranges', () => {
      const late = new Date('2026-11-30T20:00:00Z');
      const cases = () => ({
        kolkata: ['today', 'dec 1', 'dec 1-2', 'monday', 'this week'].map((t) => range(t, late, 'Asia/Kolkata')),
        ny: ['tomorrow', 'friday', 'dec 1 to dec 5', 'next month'].map((t) => range(t)),
      });
      process.env.TZ = 'UTC';
      const expected = cases();
      expect(expected.kolkata[1]!.start).toBe('2026-11-30T18:30:00.000Z');
      for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata']) {
        process.env.TZ = zone;
        expect(new Date(2026, 0, 1).getTimezoneOffset(), zone).not.toBe(0); // the change took effect
        expect(cases(), zone).toEqual(expected);
      }
    });
  });
});

describe('splitWhen', () => {
  it('takes the longest trailing words that read as a when', () => {
    expect(splitWhen(['acme', 'next', 'week'])).toEqual({ rest: ['acme'], when: 'next week' });
    expect(splitWhen(['acme', 'primary', 'next', 'week'])).toEqual({ rest: ['acme', 'primary'], when: 'next week' });
    expect(splitWhen(['acme', 'primary', 'dec', '1', '-', 'dec', '5'])).toEqual({ rest: ['acme', 'primary'], when: 'dec 1 - dec 5' });
    expect(splitWhen(['acme', 'from', 'dec', '1', 'until', 'dec', '5'])).toEqual({ rest: ['acme'], when: 'from dec 1 until dec 5' });
    expect(splitWhen(['acme', '2026-12-01..2026-12-05'])).toEqual({ rest: ['acme'], when: '2026-12-01..2026-12-05' });
    expect(splitWhen(['next', 'week'])).toEqual({ rest: [], when: 'next week' });
  });

  it('leaves the words alone when there is no when', () => {
    expect(splitWhen(['acme'])).toEqual({ rest: ['acme'], when: '' });
    expect(splitWhen(['acme', 'primary'])).toEqual({ rest: ['acme', 'primary'], when: '' });
    expect(splitWhen([])).toEqual({ rest: [], when: '' });
  });

  it('keeps a range that is too long together so the caller can report it', () => {
    expect(splitWhen(['acme', 'dec', '1', 'to', 'mar', '30'])).toEqual({ rest: ['acme'], when: 'dec 1 to mar 30' });
  });

  it('never takes a quoted name into the when', () => {
    expect(splitWhen(['Dec 1 Party', 'tomorrow'])).toEqual({ rest: ['Dec 1 Party'], when: 'tomorrow' });
    expect(splitWhen(['acme', 'March 3'])).toEqual({ rest: ['acme', 'March 3'], when: '' });
  });
});
