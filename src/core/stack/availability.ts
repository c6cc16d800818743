import type { Actor } from '../clients/types.js';
import type { ClientService } from '../clients/service.js';
import type { ClientCalendars } from '../calendars/ports.js';
import type { Interval } from '../events/types.js';
import { blocksTime, eventIdentity, timedInterval, type StackedEvent } from './conflicts.js';
import { findFreeSlots, type FreeSlot, type Participant } from './free-slots.js';
import { ownCalendars, type StackService, type Unreadable } from './service.js';
import { DEFAULT_WORKING_HOURS } from './working-hours.js';

/** What Google says of a guest at a time: busy, free, or nothing (it will not reveal their calendar). */
export type GuestState = 'busy' | 'free' | 'unknown';

export interface GuestAvailability {
  email: string;
  state: GuestState;
}

export interface Span {
  start: Date;
  end: Date;
}

/** Google's freeBusy takes 50 calendars a request; a form checks no more guests than one request holds. */
export const MAX_GUESTS_CHECKED = 40;
/** How far ahead Find a time looks (well inside freeBusy's 90 days). */
export const FIND_TIME_DAYS = 14;

export interface AvailabilityDeps {
  clients: Pick<ClientService, 'get'>;
  google: ClientCalendars;
  stack: Pick<StackService, 'eventsIn'>;
}

export type Availability = ReturnType<typeof createAvailability>;

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/**
 * What the event form and quick add check a time against: the user's other commitments (any of
 * their clients' events at that time) and the guests' free/busy, read through the client's own
 * Google connection (so Google reveals only what that account may see).
 */
export function createAvailability(deps: AvailabilityDeps) {
  /**
   * Events of any of the user's clients that make them busy during `span`, first first. `except`
   * leaves out the event being checked (once created it overlaps itself); `otherThan` a client's own.
   */
  async function overlapping(actor: Actor, span: Span, opts: { except?: string; otherThan?: string } = {}): Promise<{ overlaps: StackedEvent[]; unreadable: Unreadable[] }> {
    const { events, unreadable } = await deps.stack.eventsIn(actor, span);
    const wanted = { start: span.start.getTime(), end: span.end.getTime() };
    const seen = new Set<string>();
    const found: { item: StackedEvent; start: number }[] = [];
    for (const item of events) {
      if (item.event.id === opts.except || item.clientId === opts.otherThan || !blocksTime(item.event)) continue;
      const interval = timedInterval(item.event);
      // One meeting on two calendars of a client is one commitment.
      if (!interval || !overlaps(interval, wanted) || seen.has(eventIdentity(item))) continue;
      seen.add(eventIdentity(item));
      found.push({ item, start: interval.start });
    }
    return { overlaps: found.sort((a, b) => a.start - b.start).map((f) => f.item), unreadable };
  }

  /** Each guest's free/busy during `span` as the client's Google account sees it; a calendar Google will not show is unknown. */
  async function guests(actor: Actor, clientId: string, emails: readonly string[], span: Span): Promise<GuestAvailability[]> {
    const checked = [...new Set(emails.map((e) => e.toLowerCase()))].slice(0, MAX_GUESTS_CHECKED);
    if (!checked.length) return [];
    const client = await deps.clients.get(actor, clientId);
    const busy = await deps.google.calendarFor(actor.teamId, client).freeBusy({ timeMin: span.start, timeMax: span.end, calendarIds: checked });
    const wanted = { start: span.start.getTime(), end: span.end.getTime() };
    return checked.map((email) => {
      const intervals = busy[email];
      const state: GuestState = !intervals ? 'unknown' : intervals.some((i) => overlaps(i, wanted)) ? 'busy' : 'free';
      return { email, state };
    });
  }

  /**
   * The next `count` times of `minutes` from `now`, within the client's working hours (in its
   * zone), when the client's own calendars and every guest Google reveals are free. Guests Google
   * will not show are named in `unknownGuests`; a client calendar it could not read makes no
   * slot at all (`unread`), never a free one.
   */
  async function findTimes(
    actor: Actor,
    q: { clientId: string; guests: readonly string[]; minutes: number; now: Date; count?: number },
  ): Promise<{ slots: FreeSlot[]; unknownGuests: string[]; unread: string[] }> {
    const count = q.count ?? 3;
    const client = await deps.clients.get(actor, q.clientId);
    const cal = deps.google.calendarFor(actor.teamId, client);
    const own = ownCalendars(await cal.listCalendars());
    const guests = [...new Set(q.guests.map((e) => e.toLowerCase()))].slice(0, MAX_GUESTS_CHECKED);
    const range = { start: q.now, end: new Date(q.now.getTime() + FIND_TIME_DAYS * 86_400_000) };
    const busy = await cal.freeBusy({ timeMin: range.start, timeMax: range.end, calendarIds: [...own.map((c) => c.id), ...guests] });
    const unread = own.filter((c) => !busy[c.id]).map((c) => c.name);
    const unknownGuests = guests.filter((g) => !busy[g]);
    if (unread.length) return { slots: [], unknownGuests, unread };
    const hours = { ...DEFAULT_WORKING_HOURS, zone: client.timeZone };
    const people: Participant[] = [
      { id: client.id, name: client.name, hours, busy: own.flatMap((c) => busy[c.id] ?? []) },
      ...guests.filter((g) => busy[g]).map((g) => ({ id: g, name: g, hours, busy: busy[g] ?? [] })),
    ];
    const windows = findFreeSlots(people, { ...range, minMinutes: q.minutes, now: q.now, limit: count });
    return { slots: slotsIn(windows, q.minutes, count), unknownGuests, unread };
  }

  return { overlapping, guests, findTimes };
}

/** Back-to-back slots of `minutes` from the start of each free window, the first `count`. */
export function slotsIn(windows: readonly FreeSlot[], minutes: number, count: number): FreeSlot[] {
  const length = minutes * 60_000;
  const out: FreeSlot[] = [];
  for (const window of windows) {
    for (let start = window.start; start + length <= window.end && out.length < count; start += length) out.push({ start, end: start + length });
  }
  return out;
}
