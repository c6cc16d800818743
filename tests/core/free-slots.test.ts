import { describe, expect, it } from 'vitest';
import type { Interval } from '../../src/core/events/types.js';
import { findFreeSlots, mergeIntervals, type Participant } from '../../src/core/stack/free-slots.js';
import { DEFAULT_WORKING_HOURS, workingIntervals } from '../../src/core/stack/working-hours.js';

const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);
const show = (intervals: Interval[]) => intervals.map((i) => `${new Date(i.start).toISOString()} → ${new Date(i.end).toISOString()}`);

const person = (id: string, zone: string, busy: Interval[] = []): Participant => ({
  id,
  name: id,
  hours: { zone, ...DEFAULT_WORKING_HOURS },
  busy,
});

describe('workingIntervals', () => {
  it('follows the US clock change: 09:00-17:00 New York moves by an hour in UTC', () => {
    const hours = { zone: 'America/New_York', ...DEFAULT_WORKING_HOURS };
    expect(show(workingIntervals(hours, { start: at('2026-10-30T00:00:00Z'), end: at('2026-11-03T00:00:00Z') }))).toEqual([
      '2026-10-30T13:00:00.000Z → 2026-10-30T21:00:00.000Z',
      '2026-11-02T14:00:00.000Z → 2026-11-02T22:00:00.000Z',
    ]);
  });

  it('measures wall-clock hours on the change days themselves', () => {
    const paris = { zone: 'Europe/Paris', days: [7], start: '00:00', end: '24:00' };
    const [sunday] = workingIntervals(paris, { start: at('2026-10-24T00:00:00Z'), end: at('2026-10-27T00:00:00Z') });
    expect((sunday!.end - sunday!.start) / 3_600_000).toBe(25);

    const newYork = { zone: 'America/New_York', days: [7], start: '01:00', end: '03:00' };
    expect(show(workingIntervals(newYork, { start: at('2026-10-31T00:00:00Z'), end: at('2026-11-02T00:00:00Z') }))).toEqual([
      '2026-11-01T05:00:00.000Z → 2026-11-01T08:00:00.000Z',
    ]);
  });

  it('clips to the range and carries overnight shifts from the day before', () => {
    const nights = { zone: 'UTC', days: [1], start: '22:00', end: '06:00' };
    // 2026-12-07 is a Monday.
    expect(show(workingIntervals(nights, { start: at('2026-12-08T00:00:00Z'), end: at('2026-12-15T03:00:00Z') }))).toEqual([
      '2026-12-08T00:00:00.000Z → 2026-12-08T06:00:00.000Z',
      '2026-12-14T22:00:00.000Z → 2026-12-15T03:00:00.000Z',
    ]);
  });

  it('rejects malformed times and unknown zones', () => {
    const range = { start: at('2026-12-07T00:00:00Z'), end: at('2026-12-08T00:00:00Z') };
    expect(() => workingIntervals({ zone: 'UTC', days: [1], start: '9am', end: '17:00' }, range)).toThrow(RangeError);
    expect(() => workingIntervals({ zone: 'UTC', days: [1], start: '09:00', end: '24:30' }, range)).toThrow(RangeError);
    expect(() => workingIntervals({ zone: 'Mars/Olympus', ...DEFAULT_WORKING_HOURS }, range)).toThrow(RangeError);
  });
});

describe('mergeIntervals', () => {
  it('sorts, joins overlapping and touching intervals, and drops empty ones', () => {
    const input = [
      { start: 50, end: 60 },
      { start: 10, end: 20 },
      { start: 15, end: 30 },
      { start: 30, end: 40 },
      { start: 45, end: 45 },
    ];
    expect(mergeIntervals(input)).toEqual([
      { start: 10, end: 40 },
      { start: 50, end: 60 },
    ]);
    expect(input[1]).toEqual({ start: 10, end: 20 });
  });
});

describe('findFreeSlots', () => {
  const week = { start: at('2026-10-19T00:00:00Z'), end: at('2026-11-07T00:00:00Z'), now: at('2026-10-01T00:00:00Z'), minMinutes: 30 };

  it('intersects New York and Paris hours through both DST changes', () => {
    const slots = findFreeSlots([person('ny', 'America/New_York'), person('paris', 'Europe/Paris')], week);
    const byWeek = (from: string, to: string) => slots.filter((s) => s.start >= ms(from) && s.start < ms(to));

    // Both on summer time: 15:00-17:00 Paris.
    expect(show(byWeek('2026-10-19', '2026-10-24'))).toEqual(
      ['19', '20', '21', '22', '23'].map((d) => `2026-10-${d}T13:00:00.000Z → 2026-10-${d}T15:00:00.000Z`),
    );
    // Europe has changed, the US has not: 14:00-17:00 Paris.
    expect(show(byWeek('2026-10-26', '2026-10-31'))).toEqual(
      ['26', '27', '28', '29', '30'].map((d) => `2026-10-${d}T13:00:00.000Z → 2026-10-${d}T16:00:00.000Z`),
    );
    // Both on winter time: 15:00-17:00 Paris again.
    expect(show(byWeek('2026-11-02', '2026-11-07'))).toEqual(
      ['02', '03', '04', '05', '06'].map((d) => `2026-11-${d}T14:00:00.000Z → 2026-11-${d}T16:00:00.000Z`),
    );
    expect(slots).toHaveLength(15);
  });

  it('returns whole free windows around busy time, aligned to the step and at least minMinutes long', () => {
    const ny = person('ny', 'America/New_York', [
      { start: ms('2026-10-27T13:20:00Z'), end: ms('2026-10-27T14:10:00Z') },
      { start: ms('2026-10-28T12:00:00Z'), end: ms('2026-10-28T20:00:00Z') },
    ]);
    const paris = person('paris', 'Europe/Paris', [{ start: ms('2026-10-26T15:00:00Z'), end: ms('2026-10-26T15:30:00Z') }]);
    const slots = findFreeSlots([ny, paris], { ...week, start: at('2026-10-26T00:00:00Z'), end: at('2026-10-29T00:00:00Z') });

    expect(show(slots)).toEqual([
      '2026-10-26T13:00:00.000Z → 2026-10-26T15:00:00.000Z',
      '2026-10-26T15:30:00.000Z → 2026-10-26T16:00:00.000Z',
      // 13:00-13:20 is too short; 14:10 rounds up to 14:15.
      '2026-10-27T14:15:00.000Z → 2026-10-27T16:00:00.000Z',
    ]);
    expect(findFreeSlots([ny, paris], { ...week, start: at('2026-10-26T00:00:00Z'), end: at('2026-10-29T00:00:00Z'), minMinutes: 60 })).toHaveLength(2);
  });

  it('starts no earlier than now, rounded up to the step, and honours the limit', () => {
    const both = [person('ny', 'America/New_York'), person('paris', 'Europe/Paris')];
    expect(show(findFreeSlots(both, { ...week, now: at('2026-10-27T14:07:30Z'), limit: 2 }))).toEqual([
      '2026-10-27T14:15:00.000Z → 2026-10-27T16:00:00.000Z',
      '2026-10-28T13:00:00.000Z → 2026-10-28T16:00:00.000Z',
    ]);
    expect(show(findFreeSlots(both, { ...week, now: at('2026-10-27T14:07:30Z'), stepMinutes: 30, limit: 1 }))).toEqual([
      '2026-10-27T14:30:00.000Z → 2026-10-27T16:00:00.000Z',
    ]);
    expect(findFreeSlots(both, { ...week, now: at('2026-12-01T00:00:00Z') })).toEqual([]);
    expect(findFreeSlots(both, { ...week, limit: 0 })).toEqual([]);
  });

  it('finds nothing when working hours never overlap', () => {
    const slots = findFreeSlots([person('ny', 'America/New_York'), person('paris', 'Europe/Paris'), person('tokyo', 'Asia/Tokyo')], week);
    expect(slots).toEqual([]);
  });

  it('defaults to 20 slots', () => {
    const solo = [person('utc', 'UTC')];
    expect(findFreeSlots(solo, { ...week, end: at('2026-12-31T00:00:00Z') })).toHaveLength(20);
  });
});
