// clockTime (src/shared/clock-time.ts) writes what luxon's toFormat('HH:mm') wrote before it, for
// any instant in any zone: the agenda's times must not change with the faster formatter.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { clockTime } from '../../src/shared/clock-time.js';

const ZONES = Intl.supportedValuesOf('timeZone');

describe('clockTime', () => {
  it('matches luxon for any instant and zone (DST changes, half-hour and 45-minute offsets, midnight)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...ZONES, 'UTC', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham'),
        (ms, zone) => {
          expect(clockTime(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).toFormat('HH:mm'));
        },
      ),
      { seed: 18, numRuns: 1000 },
    );
  });

  it('writes midnight as 00:00, not 24:00', () => {
    expect(clockTime(Date.UTC(2026, 11, 2, 0, 0), 'UTC')).toBe('00:00');
    expect(clockTime(Date.UTC(2026, 11, 2, 23, 59), 'UTC')).toBe('23:59');
  });

  it('refuses a zone that does not exist', () => {
    expect(() => clockTime(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
