// What the event form's check is made of, without Slack or Google: the time a half-filled form
// covers (read from what the user typed) and the slots Find a time cuts from free windows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formInterval, formMinutes, type EventForm } from '../../src/core/events/form.js';
import { slotsIn } from '../../src/core/stack/availability.js';
import { runs, userText } from './properties/arbitraries.js';

const blank: EventForm = {
  title: '', description: null, location: null, startDate: null, startTime: null, endDate: null, endTime: null, duration: null,
  allDay: false, timeZone: 'Europe/Paris', attendees: [], recurrence: 'none', weeklyDays: [], customRule: null, meet: false, reminder: null,
};
const MIN = 60_000;

describe('formInterval: the time a half-filled form covers', () => {
  it('reads the pickers in the form\u2019s zone, with an end time, a duration, or neither', () => {
    const at = { ...blank, startDate: '2026-12-03', startTime: '15:30' };
    expect(formInterval({ ...at, endTime: '16:30' })).toEqual({ start: new Date('2026-12-03T14:30:00Z'), end: new Date('2026-12-03T15:30:00Z') });
    expect(formInterval({ ...at, duration: '45m', endTime: '23:00' })).toEqual({ start: new Date('2026-12-03T14:30:00Z'), end: new Date('2026-12-03T15:15:00Z') });
    expect(formInterval(at)).toBeNull();
    expect(formInterval({ ...at, endTime: '15:00' })).toBeNull();
    expect(formInterval({ ...at, allDay: true, endTime: '16:30' })).toBeNull();
    // The title is not the check's business.
    expect(formInterval({ ...at, title: '', endTime: '16:30' })).not.toBeNull();
  });

  it('never throws on what a user types in the duration box, and a typed "<n>m" lasts n minutes', () => {
    const at = { ...blank, startDate: '2026-12-03', startTime: '09:00', timeZone: 'America/New_York' };
    fc.assert(
      fc.property(userText(200), fc.integer({ min: 1, max: 24 * 60 }), (typed, n) => {
        const span = formInterval({ ...at, duration: typed });
        if (span) expect(span.end.getTime()).toBeGreaterThan(span.start.getTime());
        expect(formMinutes({ ...at, duration: `${n}m` }, 30)).toBe(n);
        const exact = formInterval({ ...at, duration: `${n}m` });
        expect(exact && (exact.end.getTime() - exact.start.getTime()) / MIN).toBe(n);
      }),
      runs(300),
    );
  });

  it('formMinutes: the typed duration, else start to end, else the fallback', () => {
    const at = { ...blank, startDate: '2026-12-03', startTime: '09:00' };
    expect(formMinutes({ ...at, endTime: '10:30' }, 30)).toBe(90);
    expect(formMinutes({ ...at, duration: '2h', endTime: '10:30' }, 30)).toBe(120);
    expect(formMinutes({ ...at, duration: 'soon' }, 30)).toBe(30);
    expect(formMinutes(blank, 30)).toBe(30);
  });
});

describe('slotsIn: Find a time\u2019s slots from free windows', () => {
  const at = (h: number, m = 0) => Date.UTC(2026, 11, 2, h, m);
  it('cuts back-to-back slots of the duration from each window in order, leaving what is too short, up to the count', () => {
    const windows = [{ start: at(9), end: at(9, 45) }, { start: at(11), end: at(13, 30) }, { start: at(15), end: at(17) }];
    expect(slotsIn(windows, 60, 3)).toEqual([{ start: at(11), end: at(12) }, { start: at(12), end: at(13) }, { start: at(15), end: at(16) }]);
    expect(slotsIn(windows, 45, 1)).toEqual([{ start: at(9), end: at(9, 45) }]);
    expect(slotsIn(windows, 180, 3)).toEqual([]);
  });

  it('every slot lies inside a window, lasts the duration, and none overlap', () => {
    const windowsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 600 })), { maxLength: 8 }).map((pairs) => {
      let cursor = at(0);
      return pairs.map(([gap, length]) => {
        const start = cursor + gap * MIN;
        cursor = start + length * MIN;
        return { start, end: cursor };
      });
    });
    fc.assert(
      fc.property(windowsArb, fc.integer({ min: 1, max: 240 }), fc.integer({ min: 0, max: 5 }), (windows, minutes, count) => {
        const slots = slotsIn(windows, minutes, count);
        expect(slots.length).toBeLessThanOrEqual(count);
        slots.forEach((s, i) => {
          expect(s.end - s.start).toBe(minutes * MIN);
          expect(windows.some((w) => w.start <= s.start && s.end <= w.end)).toBe(true);
          if (i > 0) expect(s.start).toBeGreaterThanOrEqual(slots[i - 1]!.end);
        });
      }),
      runs(300),
    );
  });
});
