/**
 * Recurrence: an RRULE subset (DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT, UNTIL, BYDAY,
 * BYMONTHDAY, BYMONTH; EXDATE, RDATE) expanded into instances.
 */
import { DateTime, IANAZone } from 'luxon';
import { toDateTime, isoOf } from './event-times.js';
import { MAX_RECURRENCE_PERIODS } from './limits.js';
import { type ApiError, invalid } from './replies.js';
import type { CalendarEvent, EventDateTime } from './types.js';

type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

interface WeekdaySpec {
  weekday: number; // luxon: 1 = Monday … 7 = Sunday
  ordinal?: number;
}

interface RRule {
  freq: Frequency;
  interval: number;
  count?: number;
  untilMs?: number;
  byDay: WeekdaySpec[];
  byMonthDay: number[];
  byMonth: number[];
}

interface SeriesTiming {
  zone: string;
  allDay: boolean;
  first: DateTime;
  durationMs: number;
  durationDays: number;
}

const WEEKDAYS: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };
const SUPPORTED_RULE_PARTS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'WKST']);

function unsupportedRecurrence(detail: string): ApiError {
  return invalid(`fake-google does not support this recurrence: ${detail}`);
}

export function seriesTiming(master: CalendarEvent, calendarZone: string): SeriesTiming {
  const allDay = Boolean(master.start?.date);
  const zone = allDay ? calendarZone : (master.start?.timeZone ?? calendarZone);
  const first = toDateTime(master.start, calendarZone).setZone(zone);
  const end = toDateTime(master.end, calendarZone).setZone(zone);
  return {
    zone,
    allDay,
    first,
    durationMs: end.toMillis() - first.toMillis(),
    durationDays: Math.round(end.diff(first, 'days').days),
  };
}

/** Parses a date-time as used in UNTIL/EXDATE: `YYYYMMDD`, `YYYYMMDDTHHMMSS` or `…Z`. */
function parseICalDate(value: string, zone: string): DateTime {
  if (/^\d{8}$/.test(value)) return DateTime.fromFormat(value, 'yyyyMMdd', { zone });
  if (/^\d{8}T\d{6}Z$/i.test(value)) return DateTime.fromFormat(value.toUpperCase(), "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' });
  return DateTime.fromFormat(value, "yyyyMMdd'T'HHmmss", { zone });
}

function parseWeekdays(value: string): WeekdaySpec[] {
  return value.split(',').map((part) => {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(part);
    if (!match?.[2]) throw unsupportedRecurrence(`BYDAY=${value}`);
    const weekday = WEEKDAYS[match[2]] ?? 1;
    return match[1] ? { weekday, ordinal: Number(match[1]) } : { weekday };
  });
}

function parseNumberList(value: string | undefined): number[] {
  return value ? value.split(',').map(Number) : [];
}

function parseRRule(line: string, zone: string): RRule {
  const parts = new Map<string, string>();
  for (const part of line.slice('RRULE:'.length).split(';')) {
    const [key = '', value = ''] = part.split('=');
    if (!SUPPORTED_RULE_PARTS.has(key.toUpperCase())) throw unsupportedRecurrence(line);
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') throw unsupportedRecurrence(line);
  const until = parts.get('UNTIL');
  // A date-only UNTIL includes that whole day.
  const untilDt = until ? parseICalDate(until, zone) : undefined;
  const untilMs = untilDt && (until?.length === 8 ? untilDt.endOf('day') : untilDt).toMillis();
  const count = parts.get('COUNT');
  return {
    freq,
    interval: Math.max(1, Number(parts.get('INTERVAL') ?? 1)),
    count: count === undefined ? undefined : Number(count),
    untilMs,
    byDay: parts.has('BYDAY') ? parseWeekdays(parts.get('BYDAY') ?? '') : [],
    byMonthDay: parseNumberList(parts.get('BYMONTHDAY')),
    byMonth: parseNumberList(parts.get('BYMONTH')),
  };
}

/**
 * EXDATE / RDATE values: `YYYYMMDD` (VALUE=DATE) for an all-day series, `YYYYMMDDTHHMMSS` with an
 * IANA TZID or `…Z` in UTC for a timed one, several per line. Google documents these forms only
 * (RFC 5545 as its examples write it): a date for a timed series, a date-time for an all-day one,
 * a zone it does not know or a PERIOD are refused rather than guessed at.
 */
function parseDates(line: string, timing: Pick<SeriesTiming, 'zone' | 'allDay'>): number[] {
  const colon = line.indexOf(':');
  if (colon < 0) throw unsupportedRecurrence(line);
  const params = new Map(
    line
      .slice(0, colon)
      .split(';')
      .slice(1)
      .map((param) => {
        const [key = '', value = ''] = param.split('=');
        return [key.toUpperCase(), value] as const;
      }),
  );
  const tzid = params.get('TZID');
  if (tzid !== undefined && !IANAZone.isValidZone(tzid)) throw invalid(`Invalid time zone in recurrence: ${line}`);
  const valueType = params.get('VALUE')?.toUpperCase() ?? 'DATE-TIME';
  if (valueType !== (timing.allDay ? 'DATE' : 'DATE-TIME')) throw unsupportedRecurrence(line);
  const form = timing.allDay ? /^\d{8}$/ : tzid ? /^\d{8}T\d{6}$/ : /^\d{8}T\d{6}Z$/i;
  return line
    .slice(colon + 1)
    .split(',')
    .map((value) => {
      if (!form.test(value.trim())) throw unsupportedRecurrence(line);
      const at = parseICalDate(value.trim(), tzid ?? timing.zone);
      if (!at.isValid) throw unsupportedRecurrence(line);
      return at.toMillis();
    });
}

export function parseRecurrence(lines: string[], timing: Pick<SeriesTiming, 'zone' | 'allDay'>): { rule: RRule; exdates: Set<number>; rdates: number[] } {
  let rule: RRule | undefined;
  const exdates = new Set<number>();
  const rdates: number[] = [];
  for (const line of lines) {
    const upper = line.toUpperCase();
    if (upper.startsWith('RRULE:') && !rule) rule = parseRRule(line, timing.zone);
    else if (/^EXDATE[;:]/.test(upper)) parseDates(line, timing).forEach((ms) => exdates.add(ms));
    else if (/^RDATE[;:]/.test(upper)) rdates.push(...parseDates(line, timing));
    else throw unsupportedRecurrence(line);
  }
  if (!rule) throw unsupportedRecurrence('missing RRULE');
  return { rule, exdates, rdates };
}

function atTimeOf(day: DateTime, first: DateTime): DateTime {
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: first.hour, minute: first.minute, second: first.second },
    { zone: first.zone },
  );
}

function nthWeekdayOfMonth(month: DateTime, weekday: number, ordinal: number): number | undefined {
  const days = weekdayDaysOfMonth(month, weekday);
  return ordinal > 0 ? days[ordinal - 1] : days[days.length + ordinal];
}

function weekdayDaysOfMonth(month: DateTime, weekday: number): number[] {
  const firstMatch = 1 + ((weekday - month.startOf('month').weekday + 7) % 7);
  const days: number[] = [];
  for (let day = firstMatch; day <= (month.daysInMonth ?? 31); day += 7) days.push(day);
  return days;
}

function monthDays(rule: RRule, month: DateTime, first: DateTime): number[] {
  const daysInMonth = month.daysInMonth ?? 31;
  let days: number[];
  if (rule.byMonthDay.length) days = rule.byMonthDay.map((day) => (day < 0 ? daysInMonth + day + 1 : day));
  else if (rule.byDay.length) {
    days = rule.byDay.flatMap(({ weekday, ordinal }) =>
      ordinal ? (nthWeekdayOfMonth(month, weekday, ordinal) ?? []) : weekdayDaysOfMonth(month, weekday),
    );
  } else days = [first.day];
  return [...new Set(days)].filter((day) => day >= 1 && day <= daysInMonth).sort((a, b) => a - b);
}

function daysIn(month: DateTime, days: number[], first: DateTime): DateTime[] {
  return days.map((day) => atTimeOf(month.set({ day }), first));
}

/** Candidate occurrences of one period (day/week/month/year), in chronological order. */
function periodCandidates(rule: RRule, first: DateTime, period: number): DateTime[] {
  const step = period * rule.interval;
  switch (rule.freq) {
    case 'DAILY': {
      const day = atTimeOf(first.plus({ days: step }), first);
      const weekdayOk = !rule.byDay.length || rule.byDay.some((spec) => spec.weekday === day.weekday);
      return weekdayOk ? [day] : [];
    }
    case 'WEEKLY': {
      const weekStart = first.startOf('week').plus({ weeks: step });
      const weekdays = rule.byDay.length ? rule.byDay.map((spec) => spec.weekday) : [first.weekday];
      return [...new Set(weekdays)].sort((a, b) => a - b).map((weekday) => atTimeOf(weekStart.plus({ days: weekday - 1 }), first));
    }
    case 'MONTHLY': {
      const month = first.startOf('month').plus({ months: step });
      return daysIn(month, monthDays(rule, month, first), first);
    }
    case 'YEARLY': {
      const year = first.startOf('year').plus({ years: step });
      const months = rule.byMonth.length ? [...rule.byMonth].sort((a, b) => a - b) : [first.month];
      return months.flatMap((monthNumber) => {
        const month = year.set({ month: monthNumber });
        return daysIn(month, monthDays(rule, month, first), first);
      });
    }
  }
}

function* ruleOccurrences(rule: RRule, first: DateTime): Generator<DateTime> {
  let emitted = 0;
  for (let period = 0; period < MAX_RECURRENCE_PERIODS; period++) {
    for (const occurrence of periodCandidates(rule, first, period)) {
      if (occurrence < first) continue;
      if (rule.byMonth.length && rule.freq !== 'YEARLY' && !rule.byMonth.includes(occurrence.month)) continue;
      if (rule.untilMs !== undefined && occurrence.toMillis() > rule.untilMs) return;
      if (rule.count !== undefined && emitted >= rule.count) return;
      emitted++;
      yield occurrence;
    }
  }
}

/** Original start times of a series' occurrences (its rule's and its RDATEs) that start before `horizonMs`. */
export function* occurrences(master: CalendarEvent, timing: SeriesTiming, horizonMs: number): Generator<DateTime> {
  const { rule, exdates, rdates } = parseRecurrence(master.recurrence ?? [], timing);
  // RDATEs merge into the rule's occurrences in time order; one the rule also has is one occurrence.
  const extra = [...new Set(rdates)].sort((a, b) => a - b).map((ms) => DateTime.fromMillis(ms, { zone: timing.zone }));
  const emit = function* (occurrence: DateTime) {
    if (!exdates.has(occurrence.toMillis())) yield occurrence;
  };
  for (const occurrence of ruleOccurrences(rule, timing.first)) {
    if (occurrence.toMillis() >= horizonMs) break;
    while (extra.length && extra[0]!.toMillis() < occurrence.toMillis()) yield* emit(extra.shift()!);
    if (extra[0]?.toMillis() === occurrence.toMillis()) extra.shift();
    yield* emit(occurrence);
  }
  for (const occurrence of extra) {
    if (occurrence.toMillis() >= horizonMs) return;
    yield* emit(occurrence);
  }
}

function instanceStamp(occurrence: DateTime, allDay: boolean): string {
  return allDay ? occurrence.toFormat('yyyyMMdd') : occurrence.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

export function stampToMillis(stamp: string, timing: SeriesTiming): number {
  return parseICalDate(stamp, timing.zone).toMillis();
}

function occurrenceTime(dt: DateTime, timing: SeriesTiming, template: EventDateTime | undefined): EventDateTime {
  if (timing.allDay) return { date: dt.toISODate() ?? undefined };
  const time: EventDateTime = { dateTime: isoOf(dt.setZone(timing.zone)) };
  if (template?.timeZone) time.timeZone = template.timeZone;
  return time;
}

export function occurrenceEnd(occurrence: DateTime, timing: SeriesTiming): DateTime {
  return timing.allDay ? occurrence.plus({ days: timing.durationDays }) : occurrence.plus({ milliseconds: timing.durationMs });
}

export function buildInstance(master: CalendarEvent, occurrence: DateTime, timing: SeriesTiming): CalendarEvent {
  const instance = structuredClone(master);
  delete instance.recurrence;
  const end = occurrenceEnd(occurrence, timing);
  const start = occurrenceTime(occurrence, timing, master.start ?? undefined);
  return {
    ...instance,
    id: `${master.id}_${instanceStamp(occurrence, timing.allDay)}`,
    recurringEventId: master.id,
    originalStartTime: start,
    start,
    end: occurrenceTime(end, timing, master.end ?? undefined),
  };
}
