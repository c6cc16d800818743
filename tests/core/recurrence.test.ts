import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/core/errors.js';
import { describeRecurrence, recurrenceChoiceOf, toRecurrence, validateRrule, type RecurrenceChoice } from '../../src/core/events/recurrence.js';

describe('toRecurrence', () => {
  it('builds the RRULE line for each simple choice', () => {
    expect(toRecurrence({ kind: 'none' })).toBeNull();
    expect(toRecurrence({ kind: 'daily' })).toEqual(['RRULE:FREQ=DAILY']);
    expect(toRecurrence({ kind: 'weekly', days: ['WE', 'MO', 'WE'] })).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE']);
    expect(toRecurrence({ kind: 'weekly', days: [] })).toEqual(['RRULE:FREQ=WEEKLY']);
    expect(toRecurrence({ kind: 'monthly' })).toEqual(['RRULE:FREQ=MONTHLY']);
    expect(toRecurrence({ kind: 'yearly' })).toEqual(['RRULE:FREQ=YEARLY']);
  });

  it('adds an end by date or by count', () => {
    expect(toRecurrence({ kind: 'daily' }, { count: 10 })).toEqual(['RRULE:FREQ=DAILY;COUNT=10']);
    expect(toRecurrence({ kind: 'monthly' }, { until: '2026-12-31' })).toEqual(['RRULE:FREQ=MONTHLY;UNTIL=20261231']);
    expect(toRecurrence({ kind: 'weekly', days: ['FR'] }, { until: '20261231T235959Z' })).toEqual([
      'RRULE:FREQ=WEEKLY;BYDAY=FR;UNTIL=20261231T235959Z',
    ]);
    // An end chosen in the modal replaces the custom rule's own.
    expect(toRecurrence({ kind: 'custom', rule: 'freq=daily;count=5' }, { until: '2026-12-31' })).toEqual(['RRULE:FREQ=DAILY;UNTIL=20261231']);
  });

  it('normalises a custom rule and refuses a bad one or a bad end', () => {
    expect(toRecurrence({ kind: 'custom', rule: 'rrule:freq=monthly;byday=2tu' })).toEqual(['RRULE:FREQ=MONTHLY;BYDAY=2TU']);
    expect(() => toRecurrence({ kind: 'custom', rule: 'FREQ=HOURLY' })).toThrow(UserFacingError);
    expect(() => toRecurrence({ kind: 'daily' }, { count: 0 })).toThrow(/COUNT/);
    expect(() => toRecurrence({ kind: 'daily' }, { until: '2026-13-01' })).toThrow(/UNTIL/);
    expect(() => toRecurrence({ kind: 'daily' }, { count: 3, until: '2026-12-31' })).toThrow(/not both/);
  });
});

describe('validateRrule', () => {
  it('accepts rules with or without the prefix, in any case, and normalises them', () => {
    expect(validateRrule('RRULE:FREQ=WEEKLY;BYDAY=MO,WE')).toEqual({ ok: true, rule: 'RRULE:FREQ=WEEKLY;BYDAY=MO,WE' });
    expect(validateRrule(' freq=weekly; interval=02 ;byday=mo,we; ')).toEqual({ ok: true, rule: 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE' });
    for (const rule of [
      'FREQ=DAILY;COUNT=10',
      'FREQ=DAILY;UNTIL=20261231',
      'FREQ=DAILY;UNTIL=20261231T235959Z',
      'FREQ=MONTHLY;BYDAY=-1FR',
      'FREQ=MONTHLY;BYMONTHDAY=-1',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
      'FREQ=WEEKLY;WKST=SU;BYDAY=SU,SA',
    ]) {
      expect(validateRrule(rule), rule).toEqual({ ok: true, rule: `RRULE:${rule}` });
    }
  });

  const rejects = (rule: string, error: RegExp) => {
    const result = validateRrule(rule);
    expect(result.ok, rule).toBe(false);
    if (!result.ok) expect(result.error, rule).toMatch(error);
  };

  it('refuses frequencies Google Calendar does not offer, and a missing FREQ', () => {
    rejects('FREQ=HOURLY', /can't repeat events hourly.*DAILY, WEEKLY, MONTHLY or YEARLY/);
    rejects('FREQ=MINUTELY', /minutely/);
    rejects('FREQ=SECONDLY', /secondly/);
    rejects('FREQ=FORTNIGHTLY', /FREQ must be/);
    rejects('INTERVAL=2', /needs a FREQ/);
    rejects('', /empty/);
    rejects('RRULE:', /empty/);
  });

  it('names the part that is wrong', () => {
    rejects('FREQ=DAILY;INTERVAL=0', /^INTERVAL must be a whole number/);
    rejects('FREQ=DAILY;INTERVAL=1.5', /^INTERVAL/);
    rejects('FREQ=DAILY;COUNT=-3', /^COUNT/);
    rejects('FREQ=DAILY;UNTIL=20261340', /^UNTIL/);
    rejects('FREQ=DAILY;UNTIL=20261231T235959', /^UNTIL/); // floating times are refused by Google
    rejects('FREQ=DAILY;UNTIL=2026-12-31', /^UNTIL/);
    rejects('FREQ=WEEKLY;BYDAY=MO,XX', /^BYDAY/);
    rejects('FREQ=MONTHLY;BYDAY=0MO', /^BYDAY/);
    rejects('FREQ=MONTHLY;BYMONTHDAY=32', /^BYMONTHDAY/);
    rejects('FREQ=MONTHLY;BYMONTHDAY=0', /^BYMONTHDAY/);
    rejects('FREQ=YEARLY;BYMONTH=13', /^BYMONTH/);
    rejects('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0', /^BYSETPOS/);
    rejects('FREQ=WEEKLY;WKST=XX', /^WKST/);
    rejects('FREQ=DAILY;BYHOUR=9', /^BYHOUR isn't supported/);
    rejects('FREQ=DAILY;COLOR=RED', /^COLOR isn't supported/);
    rejects('FREQ=DAILY;COUNT', /“COUNT” isn't a NAME=VALUE part/);
    rejects('FREQ=DAILY;FREQ=WEEKLY', /FREQ appears more than once/);
  });

  it('refuses combinations that cannot work', () => {
    rejects('FREQ=DAILY;COUNT=3;UNTIL=20261231', /COUNT or UNTIL, not both/);
    rejects('FREQ=WEEKLY;BYDAY=2TU', /only work with FREQ=MONTHLY or YEARLY/);
    rejects('FREQ=WEEKLY;BYMONTHDAY=1', /BYMONTHDAY can't be used with FREQ=WEEKLY/);
    rejects('FREQ=MONTHLY;BYSETPOS=1', /BYSETPOS needs another BY/);
    rejects('FREQ=DAILY\nFREQ=WEEKLY', /single line/);
  });
});

describe('describeRecurrence', () => {
  it('describes common rules in words', () => {
    const cases: [string[] | null, string][] = [
      [null, 'Does not repeat'],
      [[], 'Does not repeat'],
      [['RRULE:FREQ=DAILY'], 'Daily'],
      [['RRULE:FREQ=WEEKLY;BYDAY=WE,MO'], 'Weekly on Mon, Wed'],
      [['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'], 'Every 2 weeks on Fri'],
      [['RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'], 'Every weekday'],
      [['RRULE:FREQ=DAILY;COUNT=10'], 'Daily, 10 times'],
      [['RRULE:FREQ=DAILY;COUNT=1'], 'Daily, once'],
      [['RRULE:FREQ=MONTHLY;UNTIL=20261231'], 'Monthly until 31 Dec 2026'],
      [['RRULE:FREQ=MONTHLY;BYDAY=2TU'], 'Monthly on the 2nd Tue'],
      [['RRULE:FREQ=MONTHLY;BYDAY=-1FR'], 'Monthly on the last Fri'],
      [['RRULE:FREQ=MONTHLY;BYMONTHDAY=15'], 'Monthly on day 15'],
      [['RRULE:FREQ=MONTHLY;BYMONTHDAY=-1'], 'Monthly on the last day'],
      [['RRULE:FREQ=YEARLY;INTERVAL=3'], 'Every 3 years'],
      [['EXDATE;TZID=Europe/Paris:20261207T090000', 'RRULE:FREQ=DAILY'], 'Daily (with exceptions)'],
    ];
    for (const [lines, text] of cases) expect(describeRecurrence(lines), JSON.stringify(lines)).toBe(text);
  });

  it("shows a UTC end time as the date in the viewer's zone", () => {
    // Google stores "until 31 Dec" for a New York event as the end of that day in UTC.
    const lines = ['RRULE:FREQ=WEEKLY;UNTIL=20270101T045959Z;BYDAY=MO'];
    expect(describeRecurrence(lines, 'America/New_York')).toBe('Weekly on Mon until 31 Dec 2026');
    expect(describeRecurrence(lines)).toBe('Weekly on Mon until 1 Jan 2027');
  });

  it('falls back to the rule itself for anything else', () => {
    expect(describeRecurrence(['RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH'])).toBe('Custom: FREQ=YEARLY;BYMONTH=11;BYDAY=4TH');
    expect(describeRecurrence(['RRULE:FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1'])).toBe('Custom: FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1');
    expect(describeRecurrence(['RRULE:FREQ=HOURLY'])).toBe('Custom: FREQ=HOURLY');
    expect(describeRecurrence(['RDATE:20261225'])).toBe('Custom: RDATE:20261225');
  });
});

describe('recurrenceChoiceOf', () => {
  it('recovers the simple choices', () => {
    expect(recurrenceChoiceOf(null)).toEqual({ kind: 'none' });
    expect(recurrenceChoiceOf([])).toEqual({ kind: 'none' });
    expect(recurrenceChoiceOf(['RRULE:FREQ=DAILY'])).toEqual({ kind: 'daily' });
    expect(recurrenceChoiceOf(['RRULE:FREQ=WEEKLY;BYDAY=WE,MO'])).toEqual({ kind: 'weekly', days: ['MO', 'WE'] });
    expect(recurrenceChoiceOf(['RRULE:FREQ=WEEKLY'])).toEqual({ kind: 'weekly', days: [] });
    expect(recurrenceChoiceOf(['RRULE:FREQ=MONTHLY;INTERVAL=1'])).toEqual({ kind: 'monthly' });
    expect(recurrenceChoiceOf(['rrule:freq=yearly'])).toEqual({ kind: 'yearly' });
  });

  it('keeps anything more as a custom rule, so saving the modal unchanged loses nothing', () => {
    const lines = ['RRULE:FREQ=DAILY;COUNT=10', 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', 'RRULE:FREQ=MONTHLY;BYDAY=2TU', 'RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231'];
    for (const line of lines) {
      const choice = recurrenceChoiceOf([line]);
      expect(choice, line).toEqual({ kind: 'custom', rule: line });
      expect(toRecurrence(choice), line).toEqual([line]);
    }
  });

  it('round-trips every simple choice through toRecurrence', () => {
    const choices: RecurrenceChoice[] = [{ kind: 'daily' }, { kind: 'weekly', days: ['TU', 'TH'] }, { kind: 'monthly' }, { kind: 'yearly' }];
    for (const choice of choices) {
      expect(recurrenceChoiceOf(toRecurrence(choice))).toEqual(choice);
    }
  });
});
