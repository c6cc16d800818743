import type { CalendarEvent } from '../../src/core/events/types.js';

/** A confirmed, opaque event; a start without a time makes it all-day. */
export function event(id: string, start: string, end: string, extra: Partial<CalendarEvent> = {}): CalendarEvent {
  const allDay = !start.includes('T');
  return {
    id,
    calendarId: 'primary',
    title: id,
    description: null,
    location: null,
    start: allDay ? { date: start } : { dateTime: start },
    end: allDay ? { date: end } : { dateTime: end },
    allDay,
    timeZone: null,
    status: 'confirmed',
    transparency: 'opaque',
    attendees: [],
    selfResponse: null,
    recurringEventId: null,
    recurrence: null,
    reminders: null,
    meetLink: null,
    htmlLink: null,
    ...extra,
  };
}
