import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalEventStatus, ICalEventTransparency, type ICalAttendeeData, type ICalEventData } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import type { SeriesEvent } from '../calendars/ports.js';
import type { Attendee, EventTime } from '../events/types.js';
import { asDate, groupSeries, inZone, occurrenceUid, recurrenceKey, zoneOf, type ExportSource } from './series.js';

const PARTSTAT: Record<NonNullable<Attendee['responseStatus']>, ICalAttendeeStatus> = {
  accepted: ICalAttendeeStatus.ACCEPTED,
  declined: ICalAttendeeStatus.DECLINED,
  tentative: ICalAttendeeStatus.TENTATIVE,
  needsAction: ICalAttendeeStatus.NEEDSACTION,
};

function attendeeOf(a: Attendee): ICalAttendeeData {
  return {
    email: a.email,
    ...(a.displayName ? { name: a.displayName } : {}),
    status: PARTSTAT[a.responseStatus ?? 'needsAction'],
    role: a.optional ? ICalAttendeeRole.OPT : ICalAttendeeRole.REQ,
  };
}

/** The line that takes a cancelled occurrence out of its series, in the series' own terms. */
function exdate(original: EventTime, allDay: boolean, zone: string): string {
  if (allDay) return `EXDATE;VALUE=DATE:${recurrenceKey(original)}`;
  return `EXDATE;TZID=${zone}:${inZone(original, zone).toFormat("yyyyLLdd'T'HHmmss")}`;
}

/** What every VEVENT of an event carries: times in its zone (dates when all day), text, people. */
function eventData(event: SeriesEvent, zone: string, uid: string): ICalEventData {
  const times = event.allDay
    ? { start: asDate(event.start), end: asDate(event.end), allDay: true }
    : { start: inZone(event.start, zone), end: inZone(event.end, zone), timezone: zone };
  return {
    id: uid,
    ...times,
    summary: event.title,
    description: event.description,
    location: event.location,
    organizer: event.organizer ? { email: event.organizer.email, name: event.organizer.displayName ?? event.organizer.email } : null,
    attendees: event.attendees.filter((a) => a.email).map(attendeeOf),
    status: event.status === 'tentative' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    transparency: event.transparency === 'transparent' ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
  };
}

/**
 * ical-generator 11 writes every RECURRENCE-ID as a date-time; an all-day series' occurrence is
 * named by its date (RFC 5545: the same value type as DTSTART), so those lines are rewritten.
 */
function allDayRecurrenceIds(text: string): string {
  return text
    .split('BEGIN:VEVENT')
    .map((block) => (block.includes('DTSTART;VALUE=DATE:') ? block.replace(/^RECURRENCE-ID:(\d{8})T000000Z?\r$/m, 'RECURRENCE-ID;VALUE=DATE:$1\r') : block))
    .join('BEGIN:VEVENT');
}

/**
 * One calendar as an iCalendar file: each series once, with its rule (RRULE, EXDATE, RDATE as
 * Google keeps them) and its cancelled occurrences as EXDATE, its changed occurrences as VEVENTs
 * of the same UID with RECURRENCE-ID; all-day events as dates; timed events in their zone, with a
 * VTIMEZONE for each zone used. UIDs are Google's iCalUIDs, so importing the file elsewhere keeps
 * the events' identity. Pure: the same source gives the same text.
 */
export function exportIcs(source: ExportSource): string {
  const calendar = ical({
    name: source.name,
    prodId: { company: 'Calendar Stacker', product: 'export' },
    // No calendar-wide zone: each event names its own, and the generator adds its VTIMEZONE.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  for (const { event, changed, cancelled } of groupSeries(source.events)) {
    const zone = zoneOf(event, source.timeZone);
    const rule = [...(event.recurrence ?? []), ...cancelled.map((original) => exdate(original, event.allDay, zone))];
    calendar.createEvent({ ...eventData(event, zone, occurrenceUid(event)), stamp: source.stampedAt, ...(rule.length ? { repeating: rule.join('\r\n') } : {}) });
    for (const occurrence of changed) {
      if (!occurrence.originalStart) continue;
      const own = zoneOf(occurrence, zone);
      const recurrenceId = event.allDay ? asDate(occurrence.originalStart) : inZone(occurrence.originalStart, own);
      calendar.createEvent({ ...eventData(occurrence, own, event.iCalUID), stamp: source.stampedAt, recurrenceId });
    }
  }
  return allDayRecurrenceIds(calendar.toString());
}
