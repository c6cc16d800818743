// The time of day a user picks ("HH:mm", from Slack's timepicker) becomes a pg-boss cron
// expression; pg-boss's own evaluation of it (previewSchedule, no database needed) must land on
// that minute in the user's zone, on every day, DST changes included.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { PgBoss } from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { dailyCron, TRIGGER_LEAD_MINUTES } from '../../src/jobs/digests.js';
import { LOOK_AGAIN_WITHIN_MS, msUntilNextDue } from '../../src/core/digest/service.js';
import { runs } from '../core/properties/arbitraries.js';

// Never started: previewSchedule only evaluates the expression.
const boss = new PgBoss({ connectionString: 'postgres://unused@127.0.0.1:1/unused' });
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];

describe('the daily digest\u2019s cron expression', () => {
  it('fires a few minutes before the chosen minute in the user\u2019s zone, once a day, near enough for the digest to look again at the minute', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        (hour, minute, zone, from) => {
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const [first, second] = boss.previewSchedule(dailyCron(time), { tz: zone, from, count: 2 });
          for (const at of [first!, second!]) {
            // The check the trigger leaves is delayed to the minute: it must be ahead, and near.
            const wait = msUntilNextDue({ time, timeZone: zone }, at);
            expect(wait).toBeGreaterThan(0);
            expect(wait).toBeLessThanOrEqual(LOOK_AGAIN_WITHIN_MS);
            const local = DateTime.fromJSDate(at, { zone }).plus({ minutes: TRIGGER_LEAD_MINUTES });
            // On the day the clocks change, a minute that does not exist is moved by the jump
            // (at most an hour); every other day it is exactly the chosen one.
            const clocksChange = local.startOf('day').offset !== local.endOf('day').offset;
            if (clocksChange) expect(Math.abs(local.diff(local.set({ hour, minute }), 'minutes').minutes)).toBeLessThanOrEqual(60);
            else expect(local.toFormat('HH:mm')).toBe(time);
          }
          expect(first!.getTime()).toBeGreaterThan(from.getTime());
          expect(second!.getTime() - first!.getTime()).toBeLessThanOrEqual(49 * 3_600_000);
        },
      ),
      runs(300),
    );
  });

  it('is the minute and hour the lead before the time given, the evening before for a time just after midnight', () => {
    expect(TRIGGER_LEAD_MINUTES).toBe(5);
    expect(dailyCron('08:00')).toBe('55 7 * * *');
    expect(dailyCron('23:59')).toBe('54 23 * * *');
    expect(dailyCron('00:05')).toBe('0 0 * * *');
    expect(dailyCron('00:02')).toBe('57 23 * * *');
  });
});
