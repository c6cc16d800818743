import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countOf, dueBefore, exceptionsFrom, withCount } from '../../src/core/events/edit.js';
import type { CalendarEvent } from '../../src/core/events/types.js';

// A split recounts a series' rule (issue 11): the rule text may be a user's custom RRULE, so the
// reading and rewriting of COUNT is tested on generated rules. Seeded and bounded.
const RUN = { seed: 1111, numRuns: 300 };
const PART = fc.constantFrom('FREQ=DAILY', 'FREQ=WEEKLY', 'INTERVAL=2', 'BYDAY=MO,WE', 'BYMONTHDAY=1', 'WKST=SU', 'BYSETPOS=-1');
const rule = fc.tuple(fc.array(PART, { maxLength: 4 }), fc.option(fc.integer({ min: 1, max: 999 }), { nil: null }), fc.nat({ max: 4 })).map(([parts, count, at]) => {
  const all: string[] = [...parts];
  if (count !== null) all.splice(Math.min(at, all.length), 0, `COUNT=${count}`);
  return { line: `RRULE:${all.join(';')}`, count };
});
const other = fc.constantFrom('EXDATE;TZID=Europe/Paris:20270305T090000', 'RDATE;VALUE=DATE:20270401', 'EXDATE:20270310T150000Z');

describe('recounting a series\u2019 rule', () => {
  it('reads the COUNT a rule has, wherever it sits, and rewrites only it', () => {
    fc.assert(
      fc.property(rule, fc.array(other, { maxLength: 2 }), fc.integer({ min: 1, max: 999 }), ({ line, count }, extra, n) => {
        const lines = [line, ...extra];
        expect(countOf(lines)).toBe(count);
        if (count === null) return;
        const rewritten = withCount(lines, n);
        expect(countOf(rewritten)).toBe(n);
        expect(rewritten.slice(1)).toEqual(extra);
        expect(rewritten[0]!.replace(/COUNT=\d+/, '')).toBe(line.replace(/COUNT=\d+/, ''));
      }),
      RUN,
    );
  });

  it('never throws on arbitrary text and finds no COUNT where none is a rule part', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 3 }), (lines) => {
        const count = countOf(lines);
        expect(count === null || Number.isInteger(count)).toBe(true);
        if (!lines.some((l) => /COUNT=\d/i.test(l))) expect(count).toBeNull();
      }),
      RUN,
    );
  });

  it('splits occurrences into those due before a point and the exceptions from it, in any zone and order', () => {
    const zones = fc.constantFrom('America/New_York', 'Europe/Paris', 'Pacific/Kiritimati', 'Pacific/Pago_Pago');
    const day = fc.integer({ min: 0, max: 59 }).map((d) => new Date(Date.UTC(2027, 2, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(day, { maxLength: 20 }), day, zones, (days, split, zone) => {
        const events = days.map((d, i) => ({ id: `e${i}`, start: { date: d }, originalStart: { date: d } }) as unknown as CalendarEvent);
        const before = dueBefore(events, { date: split }, zone);
        const from = exceptionsFrom(events, { date: split }, zone);
        expect(before).toBe(days.filter((d) => d < split).length);
        expect(from.map((e) => e.originalStart!.date)).toEqual(days.filter((d) => d >= split).sort());
      }),
      RUN,
    );
  });
});
