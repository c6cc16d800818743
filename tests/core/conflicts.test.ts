import { describe, expect, it } from 'vitest';
import { event } from './fixtures.js';
import type { CalendarEvent } from '../../src/core/events/types.js';
import { blocksTime, findConflicts, type StackedEvent } from '../../src/core/stack/conflicts.js';


const stack = (clientId: string, e: CalendarEvent): StackedEvent => ({ clientId, clientName: clientId.toUpperCase(), event: e });
const pairs = (items: StackedEvent[]) => findConflicts(items).map((c) => [c.a.event.id, c.b.event.id]);

describe('findConflicts', () => {
  it('finds overlaps across clients, with the overlap window, regardless of offsets', () => {
    const a = stack('acme', event('standup', '2026-12-01T10:00:00-05:00', '2026-12-01T11:00:00-05:00'));
    const b = stack('globex', event('review', '2026-12-01T16:30:00+01:00', '2026-12-01T17:30:00+01:00'));
    expect(findConflicts([b, a])).toEqual([
      { a, b, overlapStart: Date.parse('2026-12-01T15:30:00Z'), overlapEnd: Date.parse('2026-12-01T16:00:00Z') },
    ]);
  });

  it('finds overlaps across calendars of one client but not within one calendar', () => {
    const work = stack('acme', event('w', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { calendarId: 'work' }));
    const home = stack('acme', event('h', '2026-12-01T10:30:00Z', '2026-12-01T11:30:00Z', { calendarId: 'home' }));
    const work2 = stack('acme', event('w2', '2026-12-01T10:45:00Z', '2026-12-01T12:00:00Z', { calendarId: 'work' }));
    expect(pairs([work, home, work2])).toEqual([['w', 'h'], ['h', 'w2']]);
  });

  it('reads a time without offset in the event zone', () => {
    const a = stack('acme', event('local', '2026-12-01T10:00:00', '2026-12-01T11:00:00', { timeZone: 'America/New_York' }));
    const b = stack('globex', event('utc', '2026-12-01T15:30:00Z', '2026-12-01T16:30:00Z'));
    expect(findConflicts([a, b])).toMatchObject([{ overlapStart: Date.parse('2026-12-01T15:30:00Z'), overlapEnd: Date.parse('2026-12-01T16:00:00Z') }]);
  });

  it('does not count adjacent events', () => {
    const a = stack('acme', event('a', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    const b = stack('globex', event('b', '2026-12-01T11:00:00Z', '2026-12-01T12:00:00Z'));
    expect(findConflicts([a, b])).toEqual([]);
  });

  it('ignores declined, transparent, cancelled and all-day events', () => {
    const base = stack('acme', event('base', '2026-12-01T09:00:00Z', '2026-12-01T18:00:00Z'));
    const others = [
      event('declined', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { selfResponse: 'declined' }),
      event('transparent', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { transparency: 'transparent' }),
      event('cancelled', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { status: 'cancelled' }),
      event('holiday', '2026-12-01', '2026-12-02'),
    ].map((e) => stack('globex', e));
    expect(findConflicts([base, ...others])).toEqual([]);
    expect(others.map((o) => blocksTime(o.event))).toEqual([false, false, false, true]);
  });

  it('treats one meeting on two calendars of a client as one event', () => {
    const onWork = stack('acme', event('m1', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { calendarId: 'work' }));
    const onHome = stack('acme', event('m1', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z', { calendarId: 'home' }));
    const other = stack('globex', event('g', '2026-12-01T10:30:00Z', '2026-12-01T11:30:00Z'));
    // Also on "work": the overlap is already visible there.
    const sameCal = stack('acme', event('w', '2026-12-01T10:15:00Z', '2026-12-01T10:45:00Z', { calendarId: 'work' }));
    expect(pairs([onWork, onHome, other, sameCal])).toEqual([['m1', 'g'], ['w', 'g']]);
  });

  it('handles thousands of events and agrees with a pairwise check', () => {
    let seed = 42;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const day0 = Date.parse('2026-12-01T00:00:00Z');
    const items = Array.from({ length: 5000 }, (_, i) => {
      const start = day0 + Math.floor(random() * 30 * 96) * 15 * 60_000;
      const end = start + (1 + Math.floor(random() * 8)) * 15 * 60_000;
      const e = event(`e${i}`, new Date(start).toISOString(), new Date(end).toISOString(), { calendarId: `cal${i % 3}` });
      return stack(`client${Math.floor(random() * 20)}`, e);
    });

    const found = findConflicts(items).map((c) => [c.a.event.id, c.b.event.id].sort().join());

    const spans = items.map((s) => [Date.parse(s.event.start.dateTime!), Date.parse(s.event.end.dateTime!)] as const);
    const expected: string[] = [];
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const [s1, e1] = spans[i]!;
        const [s2, e2] = spans[j]!;
        const sameCalendar = items[i]!.clientId === items[j]!.clientId && items[i]!.event.calendarId === items[j]!.event.calendarId;
        if (s1 < e2 && s2 < e1 && !sameCalendar) expected.push([`e${i}`, `e${j}`].sort().join());
      }
    }
    expect(expected.length).toBeGreaterThan(1000);
    expect(found.sort()).toEqual(expected.sort());
  });
});
