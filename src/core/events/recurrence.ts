import { DateTime } from 'luxon';
import { CoreError } from '../errors.js';

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export const isWeekday = (d: string): d is Weekday => (WEEKDAYS as readonly string[]).includes(d);

export type RecurrenceChoice =
  | { kind: 'none' }
  | { kind: 'daily' }
  | { kind: 'weekly'; days: Weekday[] }
  | { kind: 'monthly' }
  | { kind: 'yearly' }
  | { kind: 'custom'; rule: string };

export type RruleCheck = { ok: true; rule: string } | { ok: false; error: string };

export const DAY_NAMES: Record<Weekday, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const UNITS: Record<string, string> = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' };
const EXAMPLE = 'e.g. FREQ=WEEKLY;BYDAY=MO,WE or FREQ=MONTHLY;BYDAY=1FR;COUNT=6';

type Part = [name: string, value: string];

/**
 * The `recurrence` lines for Google Calendar, or null for a one-off event. `until` is a date
 * (YYYY-MM-DD or YYYYMMDD, the last day included) or a UTC date-time (YYYYMMDDTHHMMSSZ).
 * Throws CoreError('invalid_input') for an invalid custom rule or end.
 */
export function toRecurrence(choice: RecurrenceChoice, opts: { until?: string; count?: number } = {}): string[] | null {
  if (choice.kind === 'none') return null;
  let parts: Part[];
  if (choice.kind === 'custom') parts = parseChecked(choice.rule);
  else {
    parts = [['FREQ', choice.kind.toUpperCase()]];
    const days = choice.kind === 'weekly' ? WEEKDAYS.filter((d) => choice.days.includes(d)) : [];
    if (days.length) parts.push(['BYDAY', days.join(',')]);
  }
  if (opts.until !== undefined && opts.count !== undefined) {
    throw new CoreError('recurrence_ends_twice', {});
  }
  if (opts.until !== undefined || opts.count !== undefined) {
    parts = parts.filter(([name]) => name !== 'UNTIL' && name !== 'COUNT');
    if (opts.count !== undefined) parts.push(['COUNT', String(opts.count)]);
    else if (opts.until !== undefined) parts.push(['UNTIL', opts.until.replace(/-/g, '')]);
  }
  const checked = validateRrule(format(parts));
  if (!checked.ok) throw new CoreError('invalid_input', { reason: checked.error });
  return [checked.rule];
}

/** Checks a recurrence rule the way a person would type it, with or without the `RRULE:` prefix. */
export function validateRrule(rule: string): RruleCheck {
  const parsed = parse(rule);
  return 'error' in parsed ? { ok: false, error: parsed.error } : { ok: true, rule: `RRULE:${format(parsed.parts)}` };
}

/**
 * A short description for people: "Weekly on Mon, Wed", "Every 2 weeks on Fri", "Daily, 10 times".
 * An UNTIL time (Google writes the end of the last day, in UTC) is shown as a date in `zone`.
 */
export function describeRecurrence(lines: string[] | null, zone = 'UTC'): string {
  const all = lines ?? [];
  const line = all.find((l) => /^RRULE:/i.test(l.trim()));
  if (!line) return all.length ? `Custom: ${all.join('; ')}` : 'Does not repeat';
  const exceptions = all.some((l) => /^EXDATE/i.test(l.trim())) ? ' (with exceptions)' : '';
  const parsed = parse(line);
  const custom = `Custom: ${line.trim().replace(/^RRULE:/i, '')}`;
  if ('error' in parsed) return custom;
  const p = new Map(parsed.parts);
  if ([...p.keys()].some((name) => !['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST'].includes(name))) return custom;

  const freq = p.get('FREQ');
  if (!freq) return custom;
  const interval = Number(p.get('INTERVAL') ?? 1);
  const byDay = p.get('BYDAY')?.split(',');
  const byMonthDay = p.get('BYMONTHDAY')?.split(',');
  let text = interval === 1 ? freq[0] + freq.slice(1).toLowerCase() : `Every ${interval} ${UNITS[freq]}s`;
  if (freq === 'WEEKLY' && byDay && !byMonthDay) {
    const days = WEEKDAYS.filter((d) => byDay.includes(d));
    if (days.length !== byDay.length) return custom;
    text = interval === 1 && days.join() === 'MO,TU,WE,TH,FR' ? 'Every weekday' : `${text} on ${days.map((d) => DAY_NAMES[d]).join(', ')}`;
  } else if (freq === 'MONTHLY' && byDay?.length === 1 && !byMonthDay) {
    const [, n, day] = /^([+-]?\d+)(\w\w)$/.exec(byDay[0] ?? '') ?? [];
    if (!n) return custom;
    text += ` on the ${ordinal(Number(n))} ${DAY_NAMES[day as Weekday]}`;
  } else if (freq === 'MONTHLY' && byMonthDay?.length === 1 && !byDay && Number(byMonthDay[0]) >= -1) {
    const n = Number(byMonthDay[0]);
    text += n === -1 ? ' on the last day' : ` on day ${n}`;
  } else if (byDay || byMonthDay) return custom;

  const count = p.get('COUNT');
  const until = p.get('UNTIL');
  if (count) text += count === '1' ? ', once' : `, ${count} times`;
  if (until) text += ` until ${untilDate(until).setZone(until.includes('T') ? zone : 'UTC').toFormat('d LLL yyyy')}`;
  return text + exceptions;
}

/**
 * The modal choice that reproduces `lines` exactly: anything the simple choices can't express
 * (an interval, an end, monthly on "the 2nd Tue") comes back as the custom rule, so saving the
 * edit modal unchanged never loses part of the rule. Lines other than the RRULE (EXDATE, RDATE)
 * are not represented; keep them separately when editing.
 */
export function recurrenceChoiceOf(lines: string[] | null): RecurrenceChoice {
  const line = lines?.find((l) => /^RRULE:/i.test(l.trim()));
  if (!line) return { kind: 'none' };
  const parsed = parse(line);
  if ('error' in parsed) return { kind: 'custom', rule: line.trim() };
  const parts = parsed.parts.filter(([name, value]) => !(name === 'INTERVAL' && value === '1'));
  const p = new Map(parts);
  const freq = p.get('FREQ');
  if (!freq) return { kind: 'custom', rule: line.trim() };
  if (parts.length === 1) {
    return freq === 'WEEKLY' ? { kind: 'weekly', days: [] } : { kind: freq.toLowerCase() as 'daily' | 'monthly' | 'yearly' };
  }
  const days = p.get('BYDAY')?.split(',') ?? [];
  if (freq === 'WEEKLY' && parts.length === 2 && days.every((d) => (WEEKDAYS as string[]).includes(d))) {
    return { kind: 'weekly', days: WEEKDAYS.filter((d) => days.includes(d)) };
  }
  return { kind: 'custom', rule: `RRULE:${format(parsed.parts)}` };
}

function parseChecked(rule: string): Part[] {
  const parsed = parse(rule);
  if ('error' in parsed) throw new CoreError('invalid_input', { reason: parsed.error });
  return parsed.parts;
}

function format(parts: Part[]): string {
  return parts.map(([name, value]) => `${name}=${value}`).join(';');
}

const positiveInt = (v: string) => /^\d+$/.test(v) && Number(v) >= 1;
const signedList = (max: number) => (v: string) =>
  v.split(',').every((n) => /^[+-]?\d{1,3}$/.test(n) && Math.abs(Number(n)) >= 1 && Math.abs(Number(n)) <= max);
const weekday = (v: string) => (WEEKDAYS as string[]).includes(v);

/** What each supported part accepts, and how to say so. */
const CHECKS: Record<string, { ok: (value: string) => boolean; expects: string }> = {
  INTERVAL: { ok: positiveInt, expects: 'a whole number of 1 or more' },
  COUNT: { ok: positiveInt, expects: 'a whole number of 1 or more' },
  UNTIL: { ok: (v) => untilDate(v).isValid, expects: 'a date like 20261231 or a UTC time like 20261231T235959Z' },
  BYDAY: {
    ok: (v) => v.split(',').every((d) => /^([+-]?[1-9]\d?)?(MO|TU|WE|TH|FR|SA|SU)$/.test(d) && Math.abs(parseInt(d, 10) || 1) <= 53),
    expects: 'days like MO,WE or, for monthly rules, 1FR or -1SU',
  },
  BYMONTHDAY: { ok: signedList(31), expects: 'days of the month from 1 to 31 (or -1 for the last)' },
  BYMONTH: { ok: (v) => v.split(',').every((m) => /^\d{1,2}$/.test(m) && +m >= 1 && +m <= 12), expects: 'months from 1 to 12' },
  BYSETPOS: { ok: signedList(366), expects: 'positions like 1 or -1' },
  WKST: { ok: weekday, expects: 'one day, like MO' },
};

function parse(rule: string): { parts: Part[] } | { error: string } {
  const body = rule.trim().replace(/^RRULE:/i, '').trim();
  if (!body) return { error: `The repeat rule is empty; ${EXAMPLE}.` };
  if (/[\r\n]/.test(body)) return { error: 'Enter one repeat rule on a single line.' };
  const parts: Part[] = [];
  for (const segment of body.split(';').filter((s) => s.trim())) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(segment);
    if (!m) return { error: `“${segment.trim()}” isn't a NAME=VALUE part; ${EXAMPLE}.` };
    const [, rawName = '', rawValue = ''] = m;
    const name = rawName.toUpperCase();
    const value = rawValue.toUpperCase();
    if (parts.some(([n]) => n === name)) return { error: `${name} appears more than once.` };
    if (name === 'FREQ') {
      if (['HOURLY', 'MINUTELY', 'SECONDLY'].includes(value)) {
        return { error: `Google Calendar can't repeat events ${value.toLowerCase()}; use DAILY, WEEKLY, MONTHLY or YEARLY.` };
      }
      if (!UNITS[value]) return { error: `FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not “${m[2]}”.` };
    } else {
      const check = CHECKS[name];
      if (!check) return { error: `${name} isn't supported here; use FREQ, ${Object.keys(CHECKS).join(', ')}.` };
      if (!check.ok(value)) return { error: `${name} must be ${check.expects}, not “${m[2]}”.` };
    }
    parts.push([name, name === 'INTERVAL' || name === 'COUNT' ? String(Number(value)) : value]);
  }
  const p = new Map(parts);
  const freq = p.get('FREQ');
  if (!freq) return { error: `The rule needs a FREQ (DAILY, WEEKLY, MONTHLY or YEARLY); ${EXAMPLE}.` };
  if (p.has('COUNT') && p.has('UNTIL')) return { error: 'Use COUNT or UNTIL, not both.' };
  if (/\d/.test(p.get('BYDAY') ?? '') && freq !== 'MONTHLY' && freq !== 'YEARLY') {
    return { error: 'Numbered days in BYDAY (like 1FR) only work with FREQ=MONTHLY or YEARLY.' };
  }
  if (p.has('BYMONTHDAY') && freq === 'WEEKLY') return { error: "BYMONTHDAY can't be used with FREQ=WEEKLY." };
  if (p.has('BYSETPOS') && ![...p.keys()].some((n) => n.startsWith('BY') && n !== 'BYSETPOS')) {
    return { error: 'BYSETPOS needs another BY… part to pick from, like BYDAY.' };
  }
  return { parts };
}

function untilDate(value: string): DateTime {
  const pattern = value.includes('T') ? "yyyyMMdd'T'HHmmss'Z'" : 'yyyyMMdd';
  return DateTime.fromFormat(value, pattern, { zone: 'UTC', locale: 'en-US' });
}

function ordinal(n: number): string {
  if (n === -1) return 'last';
  if (n < 0) return `${ordinal(-n)} to last`;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
