import type { CalendarEvent, CalendarInfo, Interval } from '../core/events/types.js';
import type { EventChanges, EventInput, ListEventsQuery, Notify, SeriesPage, SeriesPageQuery } from '../core/calendars/ports.js';

/**
 * Google Calendar behind an access token, the layer under each client's calendar
 * (client-calendar.ts). Failures are CalendarApiError (an answer from Google, after the
 * adapter's own bounded retries) or network errors.
 */
export interface CalendarApi {
  listCalendars(accessToken: string): Promise<CalendarInfo[]>;
  /** Expanded instances (singleEvents), ordered by start time, only the fields the app shows. */
  listEvents(accessToken: string, query: ListEventsQuery): Promise<{ events: CalendarEvent[]; nextPageToken: string | null }>;
  /** One page of a range as series (singleEvents=false), cancelled occurrences of series included. */
  listSeriesPage(accessToken: string, query: SeriesPageQuery): Promise<SeriesPage>;
  getEvent(accessToken: string, calendarId: string, eventId: string): Promise<CalendarEvent>;
  /** Every occurrence of a series of bounded length (COUNT), cancelled ones too, each with its originalStart. */
  listAllInstances(accessToken: string, calendarId: string, seriesId: string): Promise<CalendarEvent[]>;
  /** A series' exceptions (occurrences changed or cancelled on their own) ending after `from` (Google's timeMin). */
  listExceptions(accessToken: string, calendarId: string, seriesId: string, from: Date): Promise<CalendarEvent[]>;
  /**
   * Idempotent: `id` is chosen by the caller; a duplicate (409) returns the existing event, and one
   * deleted since (Google keeps the id) is brought back with `input`.
   */
  insertEvent(accessToken: string, calendarId: string, id: string, input: EventInput, notify: Notify): Promise<CalendarEvent>;
  /** One call: the new event, or null when `id` is taken (409), without reading what holds it. */
  insertIfAbsent(accessToken: string, calendarId: string, id: string, input: EventInput, notify: Notify): Promise<CalendarEvent | null>;
  patchEvent(accessToken: string, calendarId: string, eventId: string, patch: EventChanges, notify: Notify): Promise<CalendarEvent>;
  /** A new event `newId` with everything `sourceId` has and `changes` on top (idempotent like insertEvent). */
  copyEvent(accessToken: string, calendarId: string, sourceId: string, newId: string, changes: EventChanges, notify: Notify): Promise<CalendarEvent>;
  /** Already deleted (404/410) counts as done. */
  deleteEvent(accessToken: string, calendarId: string, eventId: string, notify: Notify): Promise<void>;
  /**
   * Busy intervals per calendar id. Any number of calendars (the adapter batches Google's 50 a call);
   * a calendar Google cannot read is absent from the result, not free.
   */
  freeBusy(accessToken: string, query: { timeMin: Date; timeMax: Date; calendarIds: string[] }): Promise<Record<string, Interval[]>>;
  /**
   * Every page of a sync: the whole calendar (instances, deleted ones too) without `syncToken`,
   * the changes since it with one. A token Google no longer honours fails with status 410.
   */
  syncEvents(accessToken: string, calendarId: string, syncToken: string | null): Promise<{ events: CalendarEvent[]; nextSyncToken: string }>;
  /** events.watch: Google posts to `address` when the calendar's events change, until `expiration`. */
  watchEvents(accessToken: string, calendarId: string, channel: { id: string; address: string; token: string }): Promise<{ resourceId: string; expiresAt: Date }>;
  /** channels.stop; a channel Google no longer knows (404) counts as stopped. */
  stopChannel(accessToken: string, channel: { id: string; resourceId: string }): Promise<void>;
}

/** A Google answer the app understands; `status` is the HTTP status, `reason` Google's error reason. */
export class CalendarApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | undefined,
    readonly retryAfterMs?: number,
    /** Google's error domain, e.g. 'usageLimits' for quota and rate errors. */
    readonly domain?: string,
  ) {
    super(message);
    this.name = 'CalendarApiError';
  }
}
