import type { calendar_v3 } from '@googleapis/calendar';
import type { EventChanges, EventInput, SeriesEvent } from '../core/calendars/ports.js';
import type { Attendee, CalendarEvent, EventTime } from '../core/events/types.js';

type GoogleEvent = calendar_v3.Schema$Event;
type GoogleTime = calendar_v3.Schema$EventDateTime;

/** Only what `CalendarEvent` needs: Google's full event is several times larger. */
export const EVENT_FIELDS =
  'id,status,summary,description,location,start,end,transparency,' +
  'attendees(email,displayName,responseStatus,self,optional,organizer,comment,additionalGuests,resource),' +
  'recurringEventId,originalStartTime,recurrence,reminders,hangoutLink,conferenceData/entryPoints,htmlLink,organizer(email,displayName,self)';
export const EVENT_LIST_FIELDS = `nextPageToken,items(${EVENT_FIELDS})`;

function toTime(time: GoogleTime | undefined): EventTime {
  return time?.date ? { date: time.date } : { dateTime: time?.dateTime ?? '' };
}

export function fromGoogleEvent(calendarId: string, e: GoogleEvent): CalendarEvent {
  const attendees: Attendee[] = (e.attendees ?? []).map((a) => ({
    email: a.email ?? '',
    displayName: a.displayName ?? null,
    responseStatus: (a.responseStatus ?? null) as Attendee['responseStatus'],
    ...(a.self ? { self: true } : {}),
    ...(a.optional ? { optional: true } : {}),
    ...(a.organizer ? { organizer: true } : {}),
    ...(a.comment ? { comment: a.comment } : {}),
    ...(a.additionalGuests ? { additionalGuests: a.additionalGuests } : {}),
    ...(a.resource ? { resource: true } : {}),
  }));
  const video = e.conferenceData?.entryPoints?.find((p) => p.entryPointType === 'video')?.uri;
  return {
    id: e.id ?? '',
    calendarId,
    title: e.summary ?? '',
    description: e.description ?? null,
    location: e.location ?? null,
    start: toTime(e.start),
    end: toTime(e.end),
    allDay: Boolean(e.start?.date),
    timeZone: e.start?.timeZone ?? null,
    status: (e.status ?? 'confirmed') as CalendarEvent['status'],
    transparency: e.transparency === 'transparent' ? 'transparent' : 'opaque',
    attendees,
    selfResponse: attendees.find((a) => a.self)?.responseStatus ?? null,
    recurringEventId: e.recurringEventId ?? null,
    ...(e.originalStartTime ? { originalStart: toTime(e.originalStartTime) } : {}),
    recurrence: e.recurrence?.length ? e.recurrence : null,
    reminders: e.reminders && !e.reminders.useDefault ? (e.reminders.overrides ?? []).map((r) => ({ method: r.method === 'email' ? 'email' : 'popup', minutes: r.minutes ?? 0 })) : null,
    meetLink: e.hangoutLink ?? video ?? null,
    htmlLink: e.htmlLink ?? null,
    ...(e.organizer?.email && !e.organizer.self ? { organizer: { email: e.organizer.email, displayName: e.organizer.displayName ?? null } } : {}),
  };
}

/** What an export keeps of each event: the app's fields, Google's iCalUID and the organizer of an invitation. */
export const SERIES_LIST_FIELDS = `nextPageToken,timeZone,items(${EVENT_FIELDS},iCalUID)`;

/**
 * An event of a singleEvents=false list. A cancelled exception is only guaranteed its id,
 * recurringEventId and originalStartTime (Google's events reference), so nothing else is relied on.
 */
export function fromGoogleSeriesEvent(calendarId: string, e: GoogleEvent): SeriesEvent {
  const { organizer: _invitedBy, ...event } = fromGoogleEvent(calendarId, e);
  return {
    ...event,
    iCalUID: e.iCalUID ?? `${e.id ?? ''}@google.com`,
    // The calendar's own events are exported without an ORGANIZER: imported elsewhere, the
    // organizer becomes a guest (so an Outlook meeting keeps it), and the calendar's owner would
    // be invited to their own events. An invitation keeps who sent it.
    organizer: e.organizer?.email && !e.organizer.self ? { email: e.organizer.email, displayName: e.organizer.displayName ?? null } : null,
  };
}

/**
 * A patch sends explicit nulls for the representation it replaces, because Google merges
 * start/end objects: a timed event turned all-day would otherwise keep its dateTime.
 */
function toGoogleTime(time: EventTime, timeZone: string | undefined, patch: boolean): GoogleTime {
  if (time.date !== undefined) return patch ? { date: time.date, dateTime: null, timeZone: null } : { date: time.date };
  return { dateTime: time.dateTime, ...(timeZone ? { timeZone } : {}), ...(patch ? { date: null } : {}) };
}

/** Fields Google sets itself, and the ones that tie an event to its id or series: left out of a copy. */
const NOT_COPIED = ['kind', 'etag', 'id', 'htmlLink', 'iCalUID', 'created', 'updated', 'creator', 'organizer', 'recurringEventId', 'originalStartTime', 'hangoutLink', 'sequence', 'status'] as const;

/**
 * A new event with everything `source` has (conference of any provider, attachments, colour,
 * guests with their answers, reminders, extended properties), with `changes` on top. Needs
 * `conferenceDataVersion: 1` (to copy the conference) and `supportsAttachments`.
 */
export function copyOf(source: GoogleEvent, newId: string, changes: EventChanges): GoogleEvent {
  const copy = structuredClone(source) as Record<string, unknown>;
  for (const key of NOT_COPIED) delete copy[key];
  const conference = copy.conferenceData as calendar_v3.Schema$ConferenceData | undefined;
  // The existing conference is reused, never requested again.
  if (conference) delete conference.createRequest;
  const { body } = toGoogleEvent(newId, changes, 'insert');
  return { ...copy, ...body, id: newId };
}

function toGoogleAttendee(a: Attendee): calendar_v3.Schema$EventAttendee {
  const out: calendar_v3.Schema$EventAttendee = { email: a.email };
  if (a.displayName) out.displayName = a.displayName;
  if (a.responseStatus) out.responseStatus = a.responseStatus;
  if (a.optional) out.optional = true;
  if (a.organizer) out.organizer = true;
  if (a.self) out.self = true;
  if (a.comment) out.comment = a.comment;
  if (a.additionalGuests) out.additionalGuests = a.additionalGuests;
  if (a.resource) out.resource = true;
  return out;
}

/** One id per event, so a retried insert or a repeated patch asks for the same Meet rather than a second one. */
function meetRequestId(eventId: string): string {
  return `meet-${eventId}`;
}

/**
 * The Google body for the fields present in `input`. `timeZone` travels inside start/end, so on
 * its own it changes nothing. Needs `conferenceDataVersion: 1` when `conference` is set.
 */
export function toGoogleEvent(eventId: string, input: Partial<EventInput> | EventChanges, mode: 'insert' | 'patch'): { body: GoogleEvent; conference: boolean } {
  const patch = mode === 'patch';
  // Loosely typed because a null clears a field on PATCH, which the generated types do not model.
  const body: Record<string, unknown> = {};
  if (input.title !== undefined) body.summary = input.title;
  if (input.description !== undefined) body.description = input.description;
  if (input.location !== undefined) body.location = input.location;
  if (input.start) body.start = toGoogleTime(input.start, input.timeZone, patch);
  if (input.end) body.end = toGoogleTime(input.end, input.timeZone, patch);
  if ('status' in input && input.status) body.status = input.status;
  // Attendee objects go back whole: Google replaces the list, so what is left out is lost.
  if (input.attendees) body.attendees = input.attendees.map((a: string | Attendee) => (typeof a === 'string' ? { email: a } : toGoogleAttendee(a)));
  if (input.recurrence !== undefined) body.recurrence = input.recurrence ?? [];
  if (input.meet !== undefined) {
    body.conferenceData = input.meet
      ? { createRequest: { requestId: meetRequestId(eventId), conferenceSolutionKey: { type: 'hangoutsMeet' } } }
      : null;
  }
  if (input.reminders !== undefined) {
    // Google refuses default reminders alongside overrides, so a patch back to the defaults drops them.
    body.reminders = input.reminders === null ? { useDefault: true, ...(patch ? { overrides: null } : {}) } : { useDefault: false, overrides: input.reminders };
  }
  if (!patch) {
    // On insert, null means "not set": leave the field out.
    for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
  }
  return { body: body, conference: body.conferenceData !== undefined };
}
