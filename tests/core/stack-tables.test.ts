import { describe, expect, it } from 'vitest';
import { event } from './fixtures.js';
import type { CalendarEvent } from '../../src/core/events/types.js';
import { findConflicts, type StackedEvent } from '../../src/core/stack/conflicts.js';
import { findFreeSlots, type Participant } from '../../src/core/stack/free-slots.js';
import { DEFAULT_WORKING_HOURS } from '../../src/core/stack/working-hours.js';

const on = (clientId: string, e: CalendarEvent): StackedEvent => ({ clientId, clientName: clientId, event: e });

describe('conflict table', () => {
  const base = on('acme', event('a', '2026-12-07T10:00:00Z', '2026-12-07T11:00:00Z'));
  const cases: [string, StackedEvent, boolean][] = [
    ['touching: ends when the other starts', on('globex', event('b', '2026-12-07T11:00:00Z', '2026-12-07T12:00:00Z')), false],
    ['overlapping by a minute', on('globex', event('b', '2026-12-07T10:59:00Z', '2026-12-07T12:00:00Z')), true],
    ['inside the other', on('globex', event('b', '2026-12-07T10:15:00Z', '2026-12-07T10:45:00Z')), true],
    ['declined by the client', on('globex', event('b', '2026-12-07T10:30:00Z', '2026-12-07T11:30:00Z', { selfResponse: 'declined' })), false],
    ['transparent (shown as free)', on('globex', event('b', '2026-12-07T10:30:00Z', '2026-12-07T11:30:00Z', { transparency: 'transparent' })), false],
    ['all-day on the same day', on('globex', event('b', '2026-12-07', '2026-12-08')), false],
    ['cancelled', on('globex', event('b', '2026-12-07T10:30:00Z', '2026-12-07T11:30:00Z', { status: 'cancelled' })), false],
    ['same instant written in another zone', on('globex', event('b', '2026-12-07T05:30:00-05:00', '2026-12-07T06:30:00-05:00')), true],
    ['different zone, different instant', on('globex', event('b', '2026-12-07T10:30:00-05:00', '2026-12-07T11:30:00-05:00')), false],
    ['same client, another calendar', on('acme', event('b', '2026-12-07T10:30:00Z', '2026-12-07T11:30:00Z', { calendarId: 'board' })), true],
    ['same client, same calendar', on('acme', event('b', '2026-12-07T10:30:00Z', '2026-12-07T11:30:00Z')), false],
  ];
  it.each(cases)('%s', (_name, other, conflicts) => {
    expect(findConflicts([base, other]).length > 0).toBe(conflicts);
  });

  it('cross-midnight events conflict with what they overlap on the next day', () => {
    const night = on('acme', event('n', '2026-12-07T22:00:00Z', '2026-12-08T02:00:00Z'));
    const early = on('globex', event('e', '2026-12-08T01:00:00Z', '2026-12-08T03:00:00Z'));
    const later = on('initech', event('l', '2026-12-08T02:00:00Z', '2026-12-08T03:00:00Z'));
    const found = findConflicts([night, early, later]).map((c) => [c.a.event.id, c.b.event.id, new Date(c.overlapStart).toISOString(), new Date(c.overlapEnd).toISOString()]);
    expect(found).toEqual([
      ['n', 'e', '2026-12-08T01:00:00.000Z', '2026-12-08T02:00:00.000Z'],
      ['e', 'l', '2026-12-08T02:00:00.000Z', '2026-12-08T03:00:00.000Z'],
    ]);
  });
});

describe('free-slot table', () => {
  const person = (id: string, zone: string, busy: [string, string][] = []): Participant => ({
    id, name: id, hours: { ...DEFAULT_WORKING_HOURS, zone },
    busy: busy.map(([s, e]) => ({ start: Date.parse(s), end: Date.parse(e) })),
  });
  const iso = (slots: { start: number; end: number }[]) => slots.map((s) => [new Date(s.start).toISOString(), new Date(s.end).toISOString()]);
  const day = (d: string) => ({ start: new Date(`${d}T00:00:00Z`), end: new Date(`${d}T23:59:59Z`), now: new Date('2026-01-01T00:00:00Z') });

  it.each([
    [
      'New York and Paris overlap 15:00-17:00 Paris in winter',
      [person('ny', 'America/New_York'), person('paris', 'Europe/Paris')], day('2026-12-07'), 30,
      [['2026-12-07T14:00:00.000Z', '2026-12-07T16:00:00.000Z']],
    ],
    [
      'the week the US has changed its clocks and Europe has not: the overlap grows to three hours',
      [person('ny', 'America/New_York'), person('paris', 'Europe/Paris')], day('2027-03-16'), 30,
      [['2027-03-16T13:00:00.000Z', '2027-03-16T16:00:00.000Z']],
    ],
    [
      'busy time splits the window; the short remainder is dropped',
      [person('london', 'Europe/London', [['2026-12-07T10:00:00Z', '2026-12-07T16:40:00Z']])], day('2026-12-07'), 30,
      [['2026-12-07T09:00:00.000Z', '2026-12-07T10:00:00.000Z']],
    ],
    [
      'nothing free: busy all day',
      [person('london', 'Europe/London', [['2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z']])], day('2026-12-07'), 15,
      [],
    ],
    [
      'a duration longer than any gap',
      [person('london', 'Europe/London', [['2026-12-07T11:00:00Z', '2026-12-07T12:00:00Z'], ['2026-12-07T14:00:00Z', '2026-12-07T15:00:00Z']])], day('2026-12-07'), 150,
      [],
    ],
    [
      'a weekend has no working hours',
      [person('london', 'Europe/London')], day('2026-12-05'), 30,
      [],
    ],
  ] as const)('%s', (_name, people, range, minutes, expected) => {
    expect(iso(findFreeSlots([...people], { ...range, minMinutes: minutes }))).toEqual(expected);
  });
});
