import type { Client } from '../clients/types.js';
import type { Attendee, CalendarEvent, CalendarInfo, EventTime, Interval } from '../events/types.js';

export interface ListEventsQuery {
  calendarId: string;
  timeMin: Date;
  timeMax: Date;
  /** Page size; the adapter pages through Google itself when `all` is set. */
  maxResults?: number;
  pageToken?: string;
  /** Follow every page and return them together (`nextPageToken` is then null). */
  all?: boolean;
}

export interface Reminder {
  method: 'popup' | 'email';
  minutes: number;
}

/** What the app writes to an event. `null` clears a field on patch; `undefined` leaves it. */
export interface EventInput {
  title: string;
  description: string | null;
  location: string | null;
  start: EventTime;
  end: EventTime;
  /** IANA zone for timed events (and required by Google for recurring ones). */
  timeZone: string;
  attendees: string[];
  recurrence: string[] | null;
  /** Ask Google to attach a Meet link. */
  meet: boolean;
  /** null = the calendar's default reminders. */
  reminders: Reminder[] | null;
}

/**
 * Whom Google emails about a write (its `sendUpdates`): every guest, only guests who do not use
 * Google Calendar (Google's `externalOnly`), or nobody. Always chosen on purpose: Google's
 * default is to tell nobody.
 */
export type Notify = 'all' | 'externalOnly' | 'none';
export const NOTIFY_CHOICES: readonly Notify[] = ['all', 'externalOnly', 'none'];

/**
 * What a PATCH sends: only the fields that change. Guests are whole attendee objects, so the
 * answers, comments and optional marks of the ones kept go back to Google as they were (Google
 * replaces the attendee list wholesale). `status: 'confirmed'` brings back a cancelled event.
 */
export type EventChanges = Partial<Omit<EventInput, 'attendees'>> & { attendees?: (string | Attendee)[]; status?: 'confirmed' };

/**
 * One client's Google Calendar, as cal.com's per-credential calendar service: the caller asks it
 * for events and never holds a token. Behind it the adapter keeps the access token (refreshed
 * once for all concurrent callers, and again on a 401), the rate limits of the client's account
 * and the wording of Google's refusals: every failure is a UserFacingError.
 */
export interface ClientCalendar {
  /** Its calendars, primary first (cached per connection; `refresh` reads Google again). */
  listCalendars(opts?: { refresh?: boolean }): Promise<CalendarInfo[]>;
  /** Expanded instances (singleEvents), ordered by start time, only the fields the app shows. */
  listEvents(query: ListEventsQuery): Promise<{ events: CalendarEvent[]; nextPageToken: string | null }>;
  /**
   * One page of the events of a range as series, not instances (Google's singleEvents=false):
   * masters, single events and the exceptions of series, cancelled occurrences included. Read
   * within the account's quota like every list. For export.
   */
  listSeriesPage(query: SeriesPageQuery): Promise<SeriesPage>;
  getEvent(calendarId: string, eventId: string): Promise<CalendarEvent>;
  /** The event, or null when Google says it is gone (404/410). */
  findEvent(calendarId: string, eventId: string): Promise<CalendarEvent | null>;
  /** Every occurrence of a series of bounded length (COUNT), cancelled ones too, each with its originalStart. */
  listAllInstances(calendarId: string, seriesId: string): Promise<CalendarEvent[]>;
  /** A series' exceptions (occurrences changed or cancelled on their own) ending after `from` (Google's timeMin). */
  listExceptions(calendarId: string, seriesId: string, from: Date): Promise<CalendarEvent[]>;
  /**
   * Idempotent: `id` is chosen by the caller; a duplicate returns the existing event, and one
   * deleted since (Google keeps the id) is brought back with `input`.
   */
  insertEvent(calendarId: string, id: string, input: EventInput, notify: Notify): Promise<CalendarEvent>;
  /**
   * One call: the new event, or null when `id` is already taken (an event, or a deleted one:
   * Google keeps ids). For callers that must tell created from existing without paying a read
   * for every new event (imports).
   */
  insertIfAbsent(calendarId: string, id: string, input: EventInput, notify: Notify): Promise<CalendarEvent | null>;
  patchEvent(calendarId: string, eventId: string, patch: EventChanges, notify: Notify): Promise<CalendarEvent>;
  /** A new event `newId` with everything `sourceId` has and `changes` on top (idempotent like insertEvent). */
  copyEvent(calendarId: string, sourceId: string, newId: string, changes: EventChanges, notify: Notify): Promise<CalendarEvent>;
  /** Already deleted counts as done. */
  deleteEvent(calendarId: string, eventId: string, notify: Notify): Promise<void>;
  /**
   * Busy intervals per calendar id, for any number of calendars; a calendar Google cannot read
   * is absent from the result, not free.
   */
  freeBusy(query: { timeMin: Date; timeMax: Date; calendarIds: string[] }): Promise<Record<string, Interval[]>>;
}

/**
 * An event as a file keeps it (export): a single event, a series' master with its `recurrence`,
 * or one of its exceptions (`recurringEventId` + `originalStart`), cancelled ones included. The
 * `iCalUID` is Google's (shared by a series and its exceptions); the organizer is always told,
 * the calendar's owner included.
 */
export type SeriesEvent = Omit<CalendarEvent, 'organizer'> & {
  iCalUID: string;
  organizer: { email: string; displayName: string | null } | null;
};

export interface SeriesPageQuery {
  calendarId: string;
  timeMin: Date;
  timeMax: Date;
  pageToken?: string;
}

/** One page of a calendar as series; `timeZone` is the calendar's own (Google's events.list answer). */
export interface SeriesPage {
  events: SeriesEvent[];
  nextPageToken: string | null;
  timeZone: string | null;
}

/** Where use cases get a client's calendar; `teamId` scopes it to the workspace. */
export interface ClientCalendars {
  calendarFor(teamId: string, client: Client): ClientCalendar;
}
