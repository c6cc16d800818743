import type { EventInput } from '../../../src/core/calendars/ports.js';
import { CalendarApiError } from '../../../src/google/calendar-api.js';
import { explainGoogleError } from '../../../src/google/errors.js';

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

/** What the user is told when Google is unavailable for a client (a 503), as the adapter words it. */
export const busy = (clientName: string) => explainGoogleError(new CalendarApiError('Google answered 503', 503, undefined), clientName).message;
