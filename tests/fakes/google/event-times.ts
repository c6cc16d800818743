/** Event boundaries as instants, time zones and RFC 3339 parameters, and what Google refuses in an event. */
import { DateTime, IANAZone } from 'luxon';
import { RFC3339, SUMMARY_MAX_CHARS, ATTENDEE_EMAIL } from './limits.js';
import { ApiError, badRequest, invalid } from './replies.js';
import type { CalendarEvent, EventDateTime } from './types.js';
import { memo } from './memo.js';

export interface TimeWindow {
  min?: number;
  max?: number;
}

function hasOffset(dateTime: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(dateTime);
}

/** Instant of an event boundary; all-day dates start at midnight in the calendar's zone. */
export function toDateTime(time: EventDateTime | undefined, calendarZone: string): DateTime {
  if (time?.date) return DateTime.fromISO(time.date, { zone: calendarZone });
  if (time?.dateTime) return DateTime.fromISO(time.dateTime, { zone: time.timeZone ?? calendarZone });
  return DateTime.invalid('missing');
}

/**
 * Boundaries and time parameters already turned into instants. luxon's parse was the fake's
 * costliest step: every list parses its timeMin and timeMax and each event's start and end, and
 * the benchmark's 400-call agendas spent more of the (shared) machine on it than the app spent on
 * its own answers. An instant is a pure function of the text and zones, so remembering it changes
 * no answer.
 */
const instant = memo<number>(10_000);

function boundaryMs(time: EventDateTime | undefined, calendarZone: string): number {
  const key = time?.date ? `d ${time.date} ${calendarZone}` : time?.dateTime ? `t ${time.dateTime} ${time.timeZone ?? calendarZone}` : undefined;
  if (key === undefined) return NaN;
  return instant(key, () => toDateTime(time, calendarZone).toMillis());
}

export function eventStartMs(event: CalendarEvent, zone: string): number {
  return boundaryMs(event.start ?? undefined, zone);
}

export function eventEndMs(event: CalendarEvent, zone: string): number {
  return boundaryMs(event.end ?? undefined, zone);
}

/** Google's list semantics: timeMin bounds the end, timeMax bounds the start, both exclusive. */
export function overlaps(event: CalendarEvent, zone: string, window: TimeWindow): boolean {
  return (
    (window.min === undefined || eventEndMs(event, zone) > window.min) &&
    (window.max === undefined || eventStartMs(event, zone) < window.max)
  );
}

export function isoOf(dt: DateTime): string {
  const iso = dt.toISO({ suppressMilliseconds: true });
  if (!iso) throw new Error(`fake-google: invalid date ${dt.invalidExplanation ?? ''}`);
  return iso;
}

export function parseTimeParam(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  return instant(`p ${value}`, () => {
    const dt = DateTime.fromISO(value, { setZone: true });
    if (!RFC3339.test(value) || !dt.isValid) throw badRequest();
    return dt.toMillis();
  });
}

export function validateTimeZone(zone: string | null | undefined, which: string): void {
  if (zone && !IANAZone.isValidZone(zone)) throw invalid(`Invalid time zone definition for ${which} time.`);
}

function validateBoundary(time: EventDateTime | undefined, which: 'start' | 'end', zone: string, recurring: boolean): DateTime {
  if (!time || (!time.date && !time.dateTime)) throw new ApiError(400, 'required', `Missing ${which} time.`);
  validateTimeZone(time.timeZone, which);
  if (time.date && !/^\d{4}-\d{2}-\d{2}$/.test(time.date)) throw invalid(`Invalid ${which} time.`);
  if (time.dateTime && !time.timeZone && (recurring || !hasOffset(time.dateTime))) {
    throw new ApiError(400, 'required', `Missing time zone definition for ${which} time.`);
  }
  const dt = toDateTime(time, zone);
  if (!dt.isValid) throw invalid(`Invalid ${which} time.`);
  return dt;
}

/** What Google refuses in an event's content, whatever the call that writes it. */
export function validateEventContent(event: CalendarEvent): void {
  if ((event.summary?.length ?? 0) > SUMMARY_MAX_CHARS) throw invalid(`fake-google: a summary over ${SUMMARY_MAX_CHARS} characters is refused (Google's limit is undocumented).`);
  for (const attendee of event.attendees ?? []) {
    if (!ATTENDEE_EMAIL.test(attendee.email ?? '')) throw invalid('Invalid attendee email.');
  }
}

export function validateEventTimes(event: CalendarEvent, zone: string): void {
  const recurring = Boolean(event.recurrence?.length);
  const start = validateBoundary(event.start ?? undefined, 'start', zone, recurring);
  const end = validateBoundary(event.end ?? undefined, 'end', zone, recurring);
  if (Boolean(event.start?.date) !== Boolean(event.end?.date)) {
    throw badRequest('Start and end times must either both be date or both be dateTime.');
  }
  const empty = event.start?.date ? end <= start : end < start;
  if (empty) throw new ApiError(400, 'timeRangeEmpty', 'The specified time range is empty.');
}
