import { DateTime, IANAZone } from 'luxon';
import type { SeriesEvent } from '../calendars/ports.js';
import type { EventTime } from '../events/types.js';

/** What an export file is made of: one calendar's events as series, read from Google. */
export interface ExportSource {
  /** The calendar's name as the user knows it (X-WR-CALNAME). */
  name: string;
  /** The calendar's zone: events Google reports without one are in it. */
  timeZone: string;
  events: readonly SeriesEvent[];
  /** DTSTAMP: when the file was made (the app's clock, never the machine's). */
  stampedAt: Date;
}

/**
 * One event of a file with what belongs to it: a series' occurrences changed on their own
 * (`changed`) and the ones cancelled (`cancelled`, where the series had put them). A single
 * event has neither.
 */
export interface SeriesGroup {
  event: SeriesEvent;
  changed: SeriesEvent[];
  cancelled: EventTime[];
}

/**
 * Gathers each series' exceptions under it. An exception whose series is not in the list (Google
 * lists a series only when one of its occurrences falls in the range) stands alone when it still
 * takes place, and is dropped when cancelled: nothing would show it.
 */
export function groupSeries(events: readonly SeriesEvent[]): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  for (const event of events) if (!event.recurringEventId && event.status !== 'cancelled') groups.set(event.id, { event, changed: [], cancelled: [] });
  const alone: SeriesGroup[] = [];
  for (const event of events) {
    if (!event.recurringEventId) continue;
    const series = groups.get(event.recurringEventId);
    if (series && event.originalStart) {
      if (event.status === 'cancelled') series.cancelled.push(event.originalStart);
      else series.changed.push(event);
    } else if (event.status !== 'cancelled') {
      alone.push({ event, changed: [], cancelled: [] });
    }
  }
  return [...groups.values(), ...alone];
}

/** iCalendar's form of an occurrence's original start: a date, or a UTC date-time. */
export function recurrenceKey(time: EventTime): string {
  if (time.date !== undefined) return time.date.replaceAll('-', '');
  return DateTime.fromISO(time.dateTime, { zone: 'utc' }).toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'");
}

/**
 * The key a file gives an event: Google's iCalUID, and for an occurrence written on its own
 * (a changed occurrence in CSV, or one whose series is outside the range) the iCalUID with its
 * original start, so it never collides with its series when a file is imported.
 */
export function occurrenceUid(event: SeriesEvent): string {
  return event.recurringEventId && event.originalStart ? `${event.iCalUID}#${recurrenceKey(event.originalStart)}` : event.iCalUID;
}

/** The zone an event's times are written in: its own, else its calendar's; one Luxon does not know falls back to the calendar's. */
export function zoneOf(event: SeriesEvent, calendarZone: string): string {
  const zone = event.timeZone ?? calendarZone;
  return IANAZone.create(zone).isValid ? zone : calendarZone;
}

/** A timed event's instant in `zone`; a time without an offset is a wall time there (Google allows it when the event names its zone). */
export function inZone(time: EventTime, zone: string): DateTime {
  return DateTime.fromISO(time.dateTime ?? time.date, { zone, setZone: true }).setZone(zone);
}

/** An all-day date as midnight UTC, which date-only writers print as that same date. */
export function asDate(time: EventTime): DateTime {
  return DateTime.fromISO(time.date ?? time.dateTime, { zone: 'utc' }).startOf('day');
}
