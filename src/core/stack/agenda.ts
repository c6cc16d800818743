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
  // Each placed event's identity, made once: the conflicts below would make it again twice each.
  const identities = new Map<StackedEvent, string>();

  for (const stacked of events) {
    if (stacked.event.status === 'cancelled') continue;
    const span = spanOf(stacked, opts.zone);
    if (!span) continue;
    if (!span.allDay && !overlaps(span.start, span.end, rangeStart, rangeEnd)) continue;
    let id: string | undefined;
    for (let d = firstDayEndingAfter(days, span.start); d < days.length; d++) {
      const day = days[d];
      if (!day || day.start >= Math.max(span.end, span.start + 1)) break;
      const on = span.allDay
        ? span.firstDate <= day.date && day.date < span.endDate
        : overlaps(span.start, span.end, day.start, day.end);
      if (!on) continue;
      id ??= eventIdentity(stacked);
      // Spelled out, not spread: a spread copy followed by the new fields was ~2 KB of heap per
      // item (a 200-client agenda's 600 items: 1.3 of the 3.2 MB building it allocated).
      const item: AgendaItem = {
        clientId: stacked.clientId,
        clientName: stacked.clientName,
        event: stacked.event,
        key: `${stacked.clientId}:${stacked.event.calendarId}:${stacked.event.id}`,
        startsAt: span.start,
        endsAt: span.end,
        allDay: span.allDay,
        continued: span.allDay ? span.firstDate < day.date : span.start < day.start,
        conflictsWith: [],
      };
      day.items.push(item);
      const same = day.byIdentity.get(id);
      if (same) same.push(item);
      else day.byIdentity.set(id, [item]);
    }
    if (id === undefined) continue;
    placed.push(stacked);
    identities.set(stacked, id);
  }

  for (const conflict of findConflicts(placed)) {
    const idA = identities.get(conflict.a);
    const idB = identities.get(conflict.b);
    for (let d = firstDayEndingAfter(days, conflict.overlapStart); d < days.length; d++) {
      const day = days[d];
      if (!day || day.start >= conflict.overlapEnd) break;
      const as = idA === undefined ? undefined : day.byIdentity.get(idA);
      const bs = idB === undefined ? undefined : day.byIdentity.get(idB);
      if (!as || !bs) continue;
      // Indexed: this runs for every conflict of every agenda, mostly before V8 optimizes it,
      // where each step of a for…of is an object of its own.
      for (let i = 0; i < as.length; i++) {
        const a = as[i];
        for (let j = 0; a && j < bs.length; j++) {
          const b = bs[j];
          if (!b) continue;
          a.conflictsWith.push(b.key);
          b.conflictsWith.push(a.key);
        }
      }
    }
  }

  return days
    .filter((day) => day.items.length > 0)
    .map(({ date, label, items }) => {
      for (const item of items) if (item.conflictsWith.length > 1) sortUnique(item.conflictsWith);
      return { date, label, items: items.sort(byAgendaOrder) };
    });
}

/**
 * Sorts a list of keys and drops repeats, in place: a 200-client agenda does this for hundreds of
 * items, and a Set and two arrays each were a tenth of what building the agenda allocated.
 */
function sortUnique(keys: string[]): void {
  keys.sort();
  let kept = 1;
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    if (key !== undefined && key !== keys[kept - 1]) keys[kept++] = key;
  }
  keys.length = kept;
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
  return span && span.end >= span.start ? { allDay: false, start: span.start, end: span.end } : null;
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
