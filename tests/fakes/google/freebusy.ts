/** freeBusy: busy intervals of the requested calendars over a bounded window. */
import { isRecord, toIso, toIsoSeconds } from './encoding.js';
import type { CalendarData } from './event-model.js';
import { type TimeWindow, eventEndMs, eventStartMs } from './event-times.js';
import { FREEBUSY_MAX_ITEMS, FREEBUSY_MAX_SPAN_MS } from './limits.js';
import { type ListQuery, parseWindow } from './list-query.js';
import { type Reply, ApiError, json } from './replies.js';
import type { CalendarEvent } from './types.js';

/** A requested calendar the caller can see, with its events for the query; undefined when it cannot. */
export type VisibleCalendar = (calendarId: string, query: ListQuery) => { calendar: CalendarData; events: CalendarEvent[] } | undefined;

export function freeBusyReply(input: Record<string, unknown>, visible: VisibleCalendar): Reply {
  const items = Array.isArray(input.items) ? (input.items as unknown[]) : [];
  if (typeof input.timeMin !== 'string') throw new ApiError(400, 'required', 'Missing timeMin parameter.');
  if (typeof input.timeMax !== 'string') throw new ApiError(400, 'required', 'Missing timeMax parameter.');
  if (items.length > FREEBUSY_MAX_ITEMS) throw new ApiError(400, 'tooManyCalendarsRequested', 'Too many calendars requested.');
  const window = parseWindow(new URLSearchParams({ timeMin: input.timeMin, timeMax: input.timeMax }));
  if ((window.max ?? 0) - (window.min ?? 0) > FREEBUSY_MAX_SPAN_MS) {
    throw new ApiError(400, 'timeRangeTooLong', 'The requested time range is too long.');
  }
  const ids = items.map((item) => (isRecord(item) && typeof item.id === 'string' ? item.id : ''));
  return json({
    kind: 'calendar#freeBusy',
    timeMin: toIso(window.min ?? 0),
    timeMax: toIso(window.max ?? 0),
    calendars: Object.fromEntries(ids.map((id) => [id, busyFor(visible, id, window)])),
  });
}

function busyFor(visible: VisibleCalendar, calendarId: string, window: TimeWindow) {
  const query: ListQuery = { window, singleEvents: true, showDeleted: false, terms: [], privateProps: [], sharedProps: [] };
  const found = visible(calendarId, query);
  if (!found) return { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
  const { calendar, events } = found;
  const intervals = events
    .filter((event) => busyAt(event, calendar.id))
    .map((event): [number, number] => [
      Math.max(eventStartMs(event, calendar.timeZone), window.min ?? 0),
      Math.min(eventEndMs(event, calendar.timeZone), window.max ?? Infinity),
    ]);
  return { busy: mergeIntervals(intervals).map(([start, end]) => ({ start: toIsoSeconds(start), end: toIsoSeconds(end) })) };
}

function busyAt(event: CalendarEvent, calendarId: string): boolean {
  if (event.status === 'cancelled' || event.transparency === 'transparent') return false;
  const self = event.attendees?.find((attendee) => attendee.email === calendarId);
  return self?.responseStatus !== 'declined';
}

function mergeIntervals(intervals: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
