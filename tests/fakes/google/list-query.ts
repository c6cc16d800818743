/** events.list parameters: parsing, filtering, ordering and page tokens. */
import { base64url } from './encoding.js';
import { type TimeWindow, eventStartMs, parseTimeParam } from './event-times.js';
import { ApiError, badRequest, invalid } from './replies.js';
import type { CalendarEvent } from './types.js';

export interface ListQuery {
  window: TimeWindow;
  singleEvents: boolean;
  showDeleted: boolean;
  orderBy?: 'startTime' | 'updated';
  terms: string[];
  updatedMin?: number;
  iCalUID?: string;
  privateProps: Array<[string, string]>;
  sharedProps: Array<[string, string]>;
}

export function parseBoolean(value: string | null): boolean {
  return value === 'true';
}

function parsePositiveInt(value: string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalid();
  return n;
}

function parseProps(values: string[]): Array<[string, string]> {
  return values.map((value) => {
    const eq = value.indexOf('=');
    if (eq < 1) throw invalid();
    return [value.slice(0, eq), value.slice(eq + 1)];
  });
}

function parseOrderBy(value: string | null, singleEvents: boolean): ListQuery['orderBy'] {
  if (value === null) return undefined;
  if (value !== 'startTime' && value !== 'updated') throw invalid();
  if (value === 'startTime' && !singleEvents) {
    throw badRequest('The requested ordering is not available for the particular query.');
  }
  return value;
}

export function parseWindow(params: URLSearchParams): TimeWindow {
  const window = { min: parseTimeParam(params.get('timeMin')), max: parseTimeParam(params.get('timeMax')) };
  if (window.min !== undefined && window.max !== undefined && window.max <= window.min) {
    throw new ApiError(400, 'timeRangeEmpty', 'The specified time range is empty.');
  }
  return window;
}

export function parseListQuery(params: URLSearchParams): ListQuery {
  if (params.has('syncToken')) throw invalid('fake-google does not support syncToken');
  const singleEvents = parseBoolean(params.get('singleEvents'));
  const updatedMin = parseTimeParam(params.get('updatedMin'));
  return {
    window: parseWindow(params),
    singleEvents,
    showDeleted: parseBoolean(params.get('showDeleted')),
    orderBy: parseOrderBy(params.get('orderBy'), singleEvents),
    terms: (params.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    ...(updatedMin === undefined ? {} : { updatedMin }),
    ...(params.get('iCalUID') ? { iCalUID: params.get('iCalUID') ?? '' } : {}),
    privateProps: parseProps(params.getAll('privateExtendedProperty')),
    sharedProps: parseProps(params.getAll('sharedExtendedProperty')),
  };
}

function searchableText(event: CalendarEvent): string {
  const attendees = (event.attendees ?? []).flatMap((a) => [a.email, a.displayName]);
  return [event.summary, event.description, event.location, event.organizer?.displayName, ...attendees]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

function hasProps(props: Record<string, string> | undefined, wanted: Array<[string, string]>): boolean {
  return wanted.every(([key, value]) => props?.[key] === value);
}

export function matchesQuery(event: CalendarEvent, query: ListQuery): boolean {
  const text = query.terms.length ? searchableText(event) : '';
  return (
    query.terms.every((term) => text.includes(term)) &&
    hasProps(event.extendedProperties?.private ?? undefined, query.privateProps) &&
    hasProps(event.extendedProperties?.shared ?? undefined, query.sharedProps) &&
    (query.updatedMin === undefined || Date.parse(event.updated ?? '') >= query.updatedMin) &&
    (query.iCalUID === undefined || event.iCalUID === query.iCalUID)
  );
}

/**
 * Cancelled events only show with showDeleted, except cancelled instances of recurring events,
 * which Google also lists when neither showDeleted nor singleEvents is set.
 */
export function isListed(event: CalendarEvent, query: ListQuery): boolean {
  if (event.status !== 'cancelled' || query.showDeleted) return true;
  return !query.singleEvents && Boolean(event.recurringEventId);
}

/**
 * A cancelled exception of a series, as a list without singleEvents gives it: Google only
 * guarantees its id, recurringEventId and originalStartTime ("The other fields might be empty"),
 * so the fake gives no more, and a client relying on its title or times fails here first.
 */
export function listedForm(event: CalendarEvent, query: ListQuery): CalendarEvent {
  if (query.singleEvents || event.status !== 'cancelled' || !event.recurringEventId) return event;
  const { kind, etag, id, status, recurringEventId, originalStartTime } = event;
  return { kind, etag, id, status, recurringEventId, originalStartTime };
}

export function sortEvents(events: CalendarEvent[], orderBy: ListQuery['orderBy'], zone: string): CalendarEvent[] {
  if (orderBy === 'startTime') return [...events].sort((a, b) => eventStartMs(a, zone) - eventStartMs(b, zone));
  if (orderBy === 'updated') return [...events].sort((a, b) => Date.parse(a.updated ?? '') - Date.parse(b.updated ?? ''));
  return events;
}

export function paginate<T>(items: T[], params: URLSearchParams, limits: { byDefault: number; max: number }) {
  const size = Math.min(parsePositiveInt(params.get('maxResults')) ?? limits.byDefault, limits.max);
  const offset = decodePageToken(params.get('pageToken'));
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodePageToken(offset + size) : undefined;
  return next === undefined ? { items: page } : { items: page, nextPageToken: next };
}

function encodePageToken(offset: number): string {
  return base64url(`offset:${offset}`);
}

function decodePageToken(token: string | null): number {
  if (!token) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw invalid('Invalid page token value.');
  return Number(match[1]);
}
