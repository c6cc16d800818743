// Every parser of event text, over generated user text: each answers quickly with a result or
// words for the user, never an exception or a hang. `now` is fixed: the parsers take it as input.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_WHEN_DAYS, parseWhen, splitWhen } from '../../../src/core/events/when.js';
import { parseQuickAdd } from '../../../src/core/events/quick-add.js';
import { parseDuration } from '../../../src/core/events/duration.js';
import { validateRrule } from '../../../src/core/events/recurrence.js';
import { EventFormError, parseEventForm } from '../../../src/core/events/form.js';
import { parseMoveTime } from '../../../src/core/bulk/move.js';
import { splitArgs } from '../../../src/core/text/args.js';
import { quickly, runs, SLACK_TEXT_MAX, userText } from './arbitraries.js';

const zones = fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe');
const nows = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
const userError = (e: unknown) => typeof e === 'string' && e.trim().length > 0;

describe('the event parsers over any text', () => {
  // chrono and V8 compile on first use; that one-off cost is not the parsers'.
  beforeAll(() => {
    for (let i = 0; i < 3; i++) {
      parseQuickAdd('Lunch with bob@example.com tomorrow at noon for 1h '.repeat(i * 20), { now: new Date(), zone: 'UTC' });
      parseWhen('dec 1 to dec 5', { now: new Date(), zone: 'Asia/Kolkata' });
    }
  });

  it('parseWhen: a range of whole days within the limit, or an error to show', () => {
    fc.assert(
      fc.property(userText(), nows, zones, (text, now, zone) => {
        const r = quickly(() => parseWhen(text, { now, zone }));
        if ('error' in r) {
          expect(userError(r.error)).toBe(true);
          return;
        }
        expect(r.end.getTime()).toBeGreaterThan(r.start.getTime());
        expect(r.end.getTime() - r.start.getTime()).toBeLessThanOrEqual((MAX_WHEN_DAYS + 1) * 86_400_000);
        expect(r.label).not.toBe('');
      }),
      runs(200),
    );
  });

  it('splitWhen: the words are only ever divided, whatever the command holds', () => {
    fc.assert(
      fc.property(userText(), (text) => {
        const words = splitArgs(text);
        const { rest, when } = quickly(() => splitWhen(words));
        expect([...rest, ...(when ? [when] : [])].join(' ')).toBe(words.join(' '));
      }),
      runs(200),
    );
  });

  it('splitWhen on Slack\u2019s longest command of date words answers quickly', () => {
    // Each suffix was read as a date in turn: 4,000 characters of "dec 1 - " took 27 s.
    for (const unit of ['dec 1 - ', 'for 1h ', 'tomorrow ', '1 ']) {
      const words = splitArgs(unit.repeat(SLACK_TEXT_MAX / unit.length));
      expect(quickly(() => splitWhen(words)).when.length).toBeLessThan(200);
    }
  });

  it('parseQuickAdd: a clear event, or what it understood and why it is unsure', () => {
    fc.assert(
      fc.property(userText(), nows, zones, (text, now, zone) => {
        const r = quickly(() => parseQuickAdd(text, { now, zone }));
        expect(typeof r.draft.title).toBe('string');
        if (r.kind === 'unclear') {
          expect(userError(r.reason)).toBe(true);
          return;
        }
        expect(r.draft.title).not.toBe('');
        expect(r.draft.end > r.draft.start).toBe(true);
      }),
      runs(150),
    );
  });

  it('parseMoveTime: a new time or an error to show', () => {
    fc.assert(
      fc.property(userText(), nows, zones, fc.boolean(), (text, now, zone, allDay) => {
        const r = quickly(() => parseMoveTime(text, { now, zone, allDay }));
        if ('error' in r) expect(userError(r.error)).toBe(true);
        else expect(r.time.start).toBeTruthy();
      }),
      runs(100),
    );
  });

  it('parseDuration: whole positive minutes or null', () => {
    fc.assert(
      fc.property(userText(), (text) => {
        const minutes = quickly(() => parseDuration(text));
        if (minutes !== null) expect(Number.isSafeInteger(minutes) && minutes > 0).toBe(true);
      }),
      runs(300),
    );
  });

  it('validateRrule: a rule Google accepts, or an error to show', () => {
    const rules = fc.oneof(userText(), userText(200).map((t) => `FREQ=WEEKLY;${t}`), userText(200).map((t) => `RRULE:FREQ=DAILY;COUNT=${t}`));
    fc.assert(
      fc.property(rules, (text) => {
        const r = quickly(() => validateRrule(text));
        if (r.ok) expect(r.rule).toMatch(/^RRULE:FREQ=/);
        else expect(userError(r.error)).toBe(true);
      }),
      runs(300),
    );
  });

  it('parseEventForm: what Google gets, or field errors; never anything else', () => {
    const form = fc.record({
      title: userText(),
      description: fc.option(userText()),
      location: fc.option(userText(300)),
      startDate: fc.option(fc.oneof(fc.constant('2026-12-01'), userText(20))),
      startTime: fc.option(fc.oneof(fc.constant('09:30'), userText(10))),
      endDate: fc.option(fc.oneof(fc.constant('2026-12-02'), userText(20))),
      endTime: fc.option(fc.oneof(fc.constant('10:00'), userText(10))),
      duration: fc.option(userText(40)),
      allDay: fc.boolean(),
      timeZone: fc.oneof(zones, userText(40)),
      attendees: fc.array(userText(60), { maxLength: 5 }),
      recurrence: fc.constantFrom('none', 'daily', 'weekly', 'monthly', 'yearly', 'custom'),
      weeklyDays: fc.array(fc.oneof(fc.constantFrom('MO', 'FR'), userText(4)), { maxLength: 8 }),
      customRule: fc.option(userText(300)),
      meet: fc.boolean(),
      reminder: fc.option(fc.constantFrom('default', 'none', 'popup:10', 'email:60')),
    });
    fc.assert(
      fc.property(form, (f) => {
        try {
          const input = quickly(() => parseEventForm(f));
          expect(input.title).not.toBe('');
        } catch (err) {
          if (!(err instanceof EventFormError)) throw err;
          expect(Object.values(err.fields).every(userError)).toBe(true);
        }
      }),
      runs(150),
    );
  });
});
