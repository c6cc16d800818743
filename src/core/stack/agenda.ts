import { DateTime } from 'luxon';
import { eventIdentity, findConflicts, timedInterval, type StackedEvent } from './conflicts.js';

export type { StackedEvent } from './conflicts.js';

export interface AgendaDay {
  /** YYYY-MM-DD in the viewer's zone. */
  date: string;
  /** e.g. "Tue 1 Dec" */
  label: string;
  items: AgendaItem[];
}

export interface AgendaItem extends StackedEvent {
  /** The whole event's bounds in epoch ms (not clipped to the day); all-day events use the viewer's midnights. */
  startsAt: number;
  endsAt: number;
  allDay: boolean;
  /** A multi-day event continuing from a previous day. */
  continued: boolean;
  /** Keys of other items on the same day that it overlaps. */
  conflictsWith: string[];
  /** `${clientId}:${calendarId}:${event.id}` */
  key: string;
}

interface Day {
  date: string;
  label: string;
  start: number;
  end: number;
  items: AgendaItem[];
  byIdentity: Map<string, AgendaItem[]>;
}

type Span =
  | { allDay: false; start: number; end: number }
  | { allDay: true; start: number; end: number; firstDate: string; endDate: string };

export function buildAgenda(events: readonly StackedEvent[], opts: { zone: string; start: Date; end: Date }): AgendaDay[] {
  const rangeStart = opts.start.getTime();
  const rangeEnd = opts.end.getTime();
  const days = viewerDays(opts.zone, rangeStart, rangeEnd);
  const placed: StackedEvent[] = [];

  for (const stacked of events) {
    if (stacked.event.status === 'cancelled') continue;
    const span = spanOf(stacked, opts.zone);
    if (!span) continue;
    if (!span.allDay && !overlaps(span.start, span.end, rangeStart, rangeEnd)) continue;
    let onAnyDay = false;
    for (let d = firstDayEndingAfter(days, span.start); d < days.length; d++) {
      const day = days[d];
      if (!day || day.start >= Math.max(span.end, span.start + 1)) break;
      const on = span.allDay
        ? span.firstDate <= day.date && day.date < span.endDate
        : overlaps(span.start, span.end, day.start, day.end);
      if (!on) continue;
      onAnyDay = true;
      const item: AgendaItem = {
        ...stacked,
        key: `${stacked.clientId}:${stacked.event.calendarId}:${stacked.event.id}`,
        startsAt: span.start,
        endsAt: span.end,
        allDay: span.allDay,
        continued: span.allDay ? span.firstDate < day.date : span.start < day.start,
        conflictsWith: [],
      };
      day.items.push(item);
      const id = eventIdentity(stacked);
      const same = day.byIdentity.get(id);
      if (same) same.push(item);
      else day.byIdentity.set(id, [item]);
    }
    if (onAnyDay) placed.push(stacked);
  }

  for (const conflict of findConflicts(placed)) {
    const idA = eventIdentity(conflict.a);
    const idB = eventIdentity(conflict.b);
    for (let d = firstDayEndingAfter(days, conflict.overlapStart); d < days.length; d++) {
      const day = days[d];
      if (!day || day.start >= conflict.overlapEnd) break;
      const as = day.byIdentity.get(idA);
      const bs = day.byIdentity.get(idB);
      if (!as || !bs) continue;
      for (const a of as) for (const b of bs) {
        a.conflictsWith.push(b.key);
        b.conflictsWith.push(a.key);
      }
    }
  }

  return days
    .filter((day) => day.items.length > 0)
    .map(({ date, label, items }) => {
      for (const item of items) item.conflictsWith = [...new Set(item.conflictsWith)].sort();
      return { date, label, items: items.sort(byAgendaOrder) };
    });
}

/**
 * The days of a range in a zone, worked out once for every agenda of the same range: luxon's zone
 * arithmetic was a large part of 200 identical agendas' CPU. Each agenda gets days of its own.
 */
const dayCache = new Map<string, readonly Pick<Day, 'date' | 'label' | 'start' | 'end'>[]>();
const DAY_CACHE_ENTRIES = 100;

function viewerDays(zone: string, rangeStart: number, rangeEnd: number): Day[] {
  const key = `${zone}\n${rangeStart}\n${rangeEnd}`;
  let days = dayCache.get(key);
  if (!days) {
    days = computeViewerDays(zone, rangeStart, rangeEnd);
    if (dayCache.size >= DAY_CACHE_ENTRIES) dayCache.clear();
    dayCache.set(key, days);
  }
  return days.map((d) => ({ ...d, items: [], byIdentity: new Map() }));
}

function computeViewerDays(zone: string, rangeStart: number, rangeEnd: number): Pick<Day, 'date' | 'label' | 'start' | 'end'>[] {
  const first = DateTime.fromMillis(rangeStart, { zone });
  if (!first.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  const days: Pick<Day, 'date' | 'label' | 'start' | 'end'>[] = [];
  for (let day = first.startOf('day'); day.toMillis() < rangeEnd; ) {
    const next = day.plus({ days: 1 }).startOf('day');
    days.push({
      date: day.toISODate(),
      label: day.setLocale('en-US').toFormat('ccc d LLL'),
      start: day.toMillis(),
      end: next.toMillis(),
    });
    day = next;
  }
  return days;
}

function spanOf({ event }: StackedEvent, zone: string): Span | null {
  if (event.start.date !== undefined) {
    const first = DateTime.fromISO(event.start.date, { zone });
    if (!first.isValid) return null;
    const last = event.end.date !== undefined ? DateTime.fromISO(event.end.date, { zone }) : null;
    // A missing or non-increasing end still means the event occupies its first day.
    const end = last?.isValid && last > first ? last : first.plus({ days: 1 });
    return { allDay: true, start: first.toMillis(), end: end.toMillis(), firstDate: first.toISODate(), endDate: end.toISODate() };
  }
  const span = timedInterval(event);
  return span && span.end >= span.start ? { allDay: false, ...span } : null;
}

/** Index of the first day that ends after `instant` (days.length if none). */
function firstDayEndingAfter(days: readonly Day[], instant: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((days[mid]?.end ?? Infinity) > instant) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Half-open overlap; a zero-length event counts as occupying its instant. */
function overlaps(start: number, end: number, from: number, to: number): boolean {
  return start < to && Math.max(end, start + 1) > from;
}

const collator = new Intl.Collator('en');

function byAgendaOrder(x: AgendaItem, y: AgendaItem): number {
  return (
    Number(y.allDay) - Number(x.allDay) ||
    x.startsAt - y.startsAt ||
    collator.compare(x.clientName, y.clientName) ||
    collator.compare(x.event.title, y.event.title) ||
    (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)
  );
}

/** The Google event ids an agenda shows, to find the bulk jobs that made them. */
export function agendaEventIds(days: readonly AgendaDay[]): string[] {
  return [...new Set(days.flatMap((d) => d.items.map((i) => i.event.id)))];
}
