import type { EventInput } from '../../../src/core/calendars/ports.js';

/** A plain timed event in UTC, as the forms and quick add make them. */
export const timed = (title: string, start: string, end: string, extra: Partial<EventInput> = {}): EventInput => ({
  title,
  description: null,
  location: null,
  start: { dateTime: start },
  end: { dateTime: end },
  timeZone: 'UTC',
  attendees: [],
  recurrence: null,
  meet: false,
  reminders: null,
  ...extra,
});
