/** The stored calendar and its events: server-owned fields, patch semantics, attendees, Meet links. */
import { base64url, randomFrom, isRecord } from './encoding.js';
import { CLIENT_EVENT_ID } from './limits.js';
import { invalid } from './replies.js';
import type { CalendarEvent, EventDateTime, GuestUpdate } from './types.js';

export interface CalendarData {
  id: string;
  summary: string;
  description?: string;
  timeZone: string;
  events: Map<string, CalendarEvent>;
}

/** Fields the server owns; clients cannot set them on insert/patch/update. */
export const SERVER_FIELDS = [
  'kind',
  'etag',
  'id',
  'htmlLink',
  'created',
  'updated',
  'creator',
  'organizer',
  'recurringEventId',
  'originalStartTime',
  'hangoutLink',
] as const;

export function stripServerFields(input: Record<string, unknown>, conferenceDataVersion: number): Record<string, unknown> {
  const copy = structuredClone(input);
  for (const field of SERVER_FIELDS) delete copy[field];
  // Without conferenceDataVersion=1 Google ignores conferenceData in the request body.
  if (conferenceDataVersion < 1) delete copy.conferenceData;
  return copy;
}

/** Fields that keep their stored value when a client patches or replaces an event. */
export const PRESERVED_FIELDS = [
  'kind',
  'id',
  'htmlLink',
  'created',
  'creator',
  'organizer',
  'recurringEventId',
  'originalStartTime',
  'iCalUID',
  'sequence',
] as const;

export function pick(event: CalendarEvent, fields: readonly (keyof CalendarEvent)[]): Partial<CalendarEvent> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    if (event[field] !== undefined) picked[field] = event[field];
  }
  return picked;
}

/** Patch semantics: objects merge recursively, arrays and scalars replace, null deletes. */
function mergePatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    if (value === null) delete out[key];
    else if (isRecord(value) && isRecord(current)) out[key] = mergePatch(current, value);
    else out[key] = value;
  }
  return out;
}

/** Switching a boundary between date and dateTime must drop the other representation. */
function mergeBoundary(base: EventDateTime | undefined, patch: unknown): unknown {
  if (!isRecord(patch) || !base) return patch;
  const merged = mergePatch(base as Record<string, unknown>, patch);
  if ('date' in patch && patch.date) delete merged.dateTime;
  if ('dateTime' in patch && patch.dateTime) delete merged.date;
  return merged;
}

export function patchEvent(current: CalendarEvent, patch: Record<string, unknown>): CalendarEvent {
  const boundaries = { ...patch };
  for (const key of ['start', 'end'] as const) {
    if (key in patch) boundaries[key] = mergeBoundary(current[key] ?? undefined, patch[key]);
  }
  const { start, end, ...rest } = boundaries;
  const merged = mergePatch(current as Record<string, unknown>, rest);
  if (start !== undefined) merged.start = start;
  if (end !== undefined) merged.end = end;
  return merged;
}

export function normalizeAttendees(event: CalendarEvent): void {
  if (!event.attendees) return;
  event.attendees = event.attendees.map((attendee) => ({ responseStatus: 'needsAction', ...attendee }));
}

const MEET_ICON =
  'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png';

function meetCode(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return `${randomFrom(letters, 3)}-${randomFrom(letters, 4)}-${randomFrom(letters, 3)}`;
}

/** Emulates Google Meet creation for `conferenceData.createRequest` (conferenceDataVersion=1). */
export function fulfilConferenceRequest(event: CalendarEvent): void {
  const request = event.conferenceData?.createRequest;
  if (!request || event.conferenceData?.entryPoints?.length) return;
  if (!request.requestId) throw invalid('Invalid conference create request.');
  const type = request.conferenceSolutionKey?.type ?? 'hangoutsMeet';
  if (type !== 'hangoutsMeet') throw invalid('Invalid conference type value.');
  const code = meetCode();
  const uri = `https://meet.google.com/${code}`;
  event.conferenceData = {
    createRequest: { ...request, conferenceSolutionKey: { type }, status: { statusCode: 'success' } },
    entryPoints: [{ entryPointType: 'video', uri, label: `meet.google.com/${code}` }],
    conferenceSolution: { key: { type }, name: 'Google Meet', iconUri: MEET_ICON },
    conferenceId: code,
  };
  event.hangoutLink = uri;
}

export function htmlLink(eventId: string, calendarId: string): string {
  return `https://www.google.com/calendar/event?eid=${base64url(`${eventId} ${calendarId}`)}`;
}

export function assertClientEventId(id: unknown): void {
  if (typeof id !== 'string' || !CLIENT_EVENT_ID.test(id)) throw invalid('Invalid resource id value.');
}

export function parseSendUpdates(params: URLSearchParams): GuestUpdate['sendUpdates'] {
  const value = params.get('sendUpdates');
  if (value === null) return null;
  if (!SEND_UPDATES.has(value)) throw invalid('Invalid sendUpdates value.');
  return value as GuestUpdate['sendUpdates'];
}

const SEND_UPDATES = new Set(['all', 'externalOnly', 'none']);
