import type { CalendarEvent, EventTime } from '../events/types.js';
import type { EventSnapshot, FeedChange, Response } from './types.js';

/** How a sync read the calendar. */
export type SyncMode =
  /** The feed's first read: record everything, announce nothing (it is all old news). */
  | 'first'
  /** The changes since the last sync token. */
  | 'incremental'
  /** A full read again after Google refused the token (410): what was known and unchanged is not news. */
  | 'resync';

export interface DiffResult {
  changes: FeedChange[];
  /** The snapshots to keep from now on. */
  upserts: Map<string, EventSnapshot>;
  /** Events gone (cancelled, or missing from a full read): forget them. */
  removals: Set<string>;
}

const ANSWERS: readonly Response[] = ['accepted', 'declined', 'tentative'];

export function snapshotOf(event: CalendarEvent): EventSnapshot {
  const responses: Record<string, Response> = {};
  for (const attendee of event.attendees) {
    if (attendee.self || attendee.organizer || !attendee.responseStatus) continue;
    responses[attendee.email.toLowerCase()] = attendee.responseStatus;
  }
  return {
    title: event.title,
    location: event.location,
    start: event.start,
    end: event.end,
    allDay: event.allDay,
    timeZone: event.timeZone,
    selfResponse: event.selfResponse,
    responses,
  };
}

/** The same moment however it is written ("10:00Z" and "11:00+01:00" are one time). */
function sameTime(a: EventTime, b: EventTime): boolean {
  if (a.date !== undefined || b.date !== undefined) return a.date === b.date;
  const [x, y] = [Date.parse(a.dateTime), Date.parse(b.dateTime)];
  return Number.isFinite(x) && Number.isFinite(y) ? x === y : a.dateTime === b.dateTime;
}

/** What changed between two versions of one event; several kinds may come at once. */
export function changesBetween(eventId: string, before: EventSnapshot, after: EventSnapshot): FeedChange[] {
  const out: FeedChange[] = [];
  if (before.allDay !== after.allDay || !sameTime(before.start, after.start) || !sameTime(before.end, after.end)) out.push({ kind: 'moved', eventId, before, after });
  if (before.title !== after.title) out.push({ kind: 'renamed', eventId, before, after });
  if ((before.location ?? '') !== (after.location ?? '')) out.push({ kind: 'relocated', eventId, before, after });
  for (const [guest, response] of Object.entries(after.responses)) {
    if (before.responses[guest] !== response && ANSWERS.includes(response)) out.push({ kind: 'responded', eventId, after, guest, response });
  }
  return out;
}

/**
 * The changes a page of Google's events makes against what the feed knew. Pure: the caller
 * stores `upserts`/`removals` and announces `changes` in one transaction. Each event is
 * compared with the latest version seen, so an event listed twice is announced once.
 */
export function diffEvents(known: ReadonlyMap<string, EventSnapshot>, seen: readonly CalendarEvent[], mode: SyncMode): DiffResult {
  const current = new Map(known);
  const upserts = new Map<string, EventSnapshot>();
  const removals = new Set<string>();
  const changes: FeedChange[] = [];
  const announce = mode !== 'first';
  const listed = new Set<string>();
  for (const event of seen) {
    listed.add(event.id);
    const before = current.get(event.id);
    if (event.status === 'cancelled') {
      if (before && announce) changes.push({ kind: 'cancelled', eventId: event.id, before });
      current.delete(event.id);
      upserts.delete(event.id);
      if (known.has(event.id)) removals.add(event.id);
      continue;
    }
    const after = snapshotOf(event);
    if (announce) {
      if (!before) changes.push(after.selfResponse === 'needsAction' ? { kind: 'invitation', eventId: event.id, after } : { kind: 'created', eventId: event.id, after });
      else changes.push(...changesBetween(event.id, before, after));
    }
    current.set(event.id, after);
    upserts.set(event.id, after);
    removals.delete(event.id);
  }
  // A full read lists every live event: one it no longer lists was deleted while we could not see.
  if (mode !== 'incremental') {
    for (const [id, before] of known) {
      if (listed.has(id)) continue;
      if (mode === 'resync') changes.push({ kind: 'cancelled', eventId: id, before });
      removals.add(id);
    }
  }
  return { changes, upserts, removals };
}
