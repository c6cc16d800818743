import { DateTime } from 'luxon';
import type { CalendarEvent, Interval } from '../events/types.js';

export interface StackedEvent {
  clientId: string;
  clientName: string;
  event: CalendarEvent;
}

/** Anything that carries a client and an event; agenda items qualify, so callers get their own objects back. */
export type AgendaItemLike = StackedEvent;

export interface Conflict<T extends AgendaItemLike = AgendaItemLike> {
  /** The one that starts first. */
  a: T;
  b: T;
  overlapStart: number;
  overlapEnd: number;
}

/** Whether the event makes its owner busy. All-day events may block time; they just never count as conflicts. */
export function blocksTime(event: CalendarEvent): boolean {
  return event.status !== 'cancelled' && event.transparency !== 'transparent' && event.selfResponse !== 'declined';
}

/** The instants of a timed event; null for all-day or unparseable events. */
export function timedInterval(event: CalendarEvent): Interval | null {
  if (event.allDay || event.start.dateTime === undefined || event.end.dateTime === undefined) return null;
  const start = instant(event.start.dateTime, event.timeZone);
  const end = instant(event.end.dateTime, event.timeZone);
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : null;
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(dateTime: string, zone: string | null): number {
  // Google always sends an offset, and Date.parse is ~100x faster than luxon for that; the zone only matters for a bare local time.
  if (WITH_OFFSET.test(dateTime)) return Date.parse(dateTime);
  const parsed = DateTime.fromISO(dateTime, { zone: zone ?? 'UTC' });
  return parsed.isValid ? parsed.toMillis() : NaN;
}

/** Copies of one meeting on several calendars of the same client share this. */
export function eventIdentity(item: AgendaItemLike): string {
  return `${item.clientId}\n${item.event.id}`;
}

interface Entry<T> {
  item: T;
  start: number;
  end: number;
  calendars: Set<string>;
}

/**
 * Overlapping timed events that a single calendar would not reveal: across
 * clients, or across calendars of one client. Ordered by overlapStart.
 * Sort + sweep, so the cost is O(n log n + conflicts × concurrency).
 */
export function findConflicts<T extends AgendaItemLike>(items: readonly T[]): Conflict<T>[] {
  const byIdentity = new Map<string, Entry<T>>();
  for (const item of items) {
    if (!blocksTime(item.event)) continue;
    const span = timedInterval(item.event);
    if (!span || span.end <= span.start) continue;
    const id = eventIdentity(item);
    const seen = byIdentity.get(id);
    if (seen) seen.calendars.add(item.event.calendarId);
    else byIdentity.set(id, { item, start: span.start, end: span.end, calendars: new Set([item.event.calendarId]) });
  }

  const entries = [...byIdentity.values()].sort((x, y) => x.start - y.start || x.end - y.end);
  const conflicts: Conflict<T>[] = [];
  // Entries still open at the current start, compacted in place (a new array per entry was most
  // of what a 200-client agenda's conflict search allocated).
  const active: Entry<T>[] = [];
  for (const entry of entries) {
    let open = 0;
    for (const other of active) if (other.end > entry.start) active[open++] = other;
    active.length = open;
    for (const other of active) {
      if (clash(other, entry)) {
        conflicts.push({ a: other.item, b: entry.item, overlapStart: entry.start, overlapEnd: Math.min(other.end, entry.end) });
      }
    }
    active.push(entry);
  }
  return conflicts;
}

function clash(x: Entry<AgendaItemLike>, y: Entry<AgendaItemLike>): boolean {
  if (x.item.clientId !== y.item.clientId) return true;
  // Same client: an overlap on a shared calendar is already visible to its owner.
  for (const calendar of x.calendars) if (y.calendars.has(calendar)) return false;
  return true;
}
