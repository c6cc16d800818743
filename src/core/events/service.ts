import { createHash } from 'node:crypto';
import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import type { CalendarService } from '../calendars/service.js';
import type { ClientCalendar, ClientCalendars, EventInput, Notify } from '../calendars/ports.js';
import { CoreError, NotFoundError, refTo } from '../errors.js';
import type { CalendarEvent, CalendarInfo, EventTime } from './types.js';
import { countOf, dueAt, dueBefore, endRuleBefore, exceptionsFrom, followingSeries, patchFor, withCount } from './edit.js';

export interface DeletedEventRecord {
  id: string;
  teamId: string;
  clientId: string;
  calendarId: string;
  eventId: string;
  /**
   * The event as it was, and whom the deletion told (Undo tells the same guests). `ended`: not
   * deleted but a series cut short ("this and following"); Undo gives it its rule back, and
   * confirms again `changed`, the occurrences after the cut that had changes of their own.
   */
  snapshot: EventInput & { notify?: Notify; ended?: boolean; changed?: string[] };
  restoredAt: Date | null;
}

/** What undoes a "this and following" split: the series' rule as it was, and the copy to remove. */
export interface SplitUndo {
  calendarId: string;
  seriesId: string;
  recurrence: string[];
  copyId: string;
  notify: Notify;
}

/** Which occurrences of a repeating event an edit applies to. */
export type EditScope = 'instance' | 'following' | 'series';

export interface DeletedEventStore {
  save(record: Omit<DeletedEventRecord, 'id' | 'restoredAt'> & { deletedBy: string }): Promise<string>;
  get(teamId: string, id: string): Promise<DeletedEventRecord | null>;
  markRestored(id: string): Promise<void>;
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** A Google event id (base32hex, 26 chars) derived from `parts`: the same submission always gives the same id. */
export function eventIdFor(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A snapshot's event, without what the deletion recorded about itself. */
function inputOnly(snapshot: DeletedEventRecord['snapshot']): EventInput {
  const { notify: _notify, ended: _ended, changed: _changed, ...input } = snapshot;
  return input;
}

/** The event as EventInput, to recreate it (Undo) or prefill the edit form. */
export function inputOf(event: CalendarEvent, fallbackZone: string): EventInput {
  return {
    title: event.title,
    description: event.description,
    location: event.location,
    start: event.start,
    end: event.end,
    timeZone: event.timeZone ?? fallbackZone,
    attendees: event.attendees.map((a) => a.email),
    recurrence: event.recurrence,
    // Only a Google Meet link means Meet; a Zoom link must not turn into a Meet request.
    meet: Boolean(event.meetLink?.includes('meet.google.com')),
    reminders: event.reminders,
  };
}

export interface EventServiceDeps {
  clients: ClientService;
  calendars: Pick<CalendarService, 'calendars'>;
  google: ClientCalendars;
  deleted: DeletedEventStore;
}

export type EventService = ReturnType<typeof createEventService>;

export function createEventService(deps: EventServiceDeps) {
  const { calendars } = deps;
  const calendarOf = (actor: Actor, client: Client) => deps.google.calendarFor(actor.teamId, client);

  /** The calendar a user named (id, name or prefix), or the primary one. */
  async function pickCalendar(actor: Actor, clientId: string, ref?: string): Promise<{ client: Client; calendar: CalendarInfo; all: CalendarInfo[] }> {
    const { client, calendars: all } = await calendars.calendars(actor, clientId);
    const needle = ref?.trim().toLowerCase();
    const calendar = needle
      ? all.find((c) => c.id.toLowerCase() === needle || c.name.toLowerCase() === needle) ??
        all.find((c) => c.name.toLowerCase().startsWith(needle))
      : all.find((c) => c.primary) ?? all[0];
    if (!calendar) {
      throw new NotFoundError('calendar_unknown', { ...refTo(client), ref: needle ? (ref ?? null) : null });
    }
    return { client, calendar, all };
  }

  async function list(actor: Actor, q: { clientId: string; calendarId: string; start: Date; end: Date; pageToken?: string; pageSize?: number }) {
    const client = await deps.clients.get(actor, q.clientId);
    return calendarOf(actor, client).listEvents({
      calendarId: q.calendarId,
      timeMin: q.start,
      timeMax: q.end,
      maxResults: q.pageSize ?? 40,
      ...(q.pageToken ? { pageToken: q.pageToken } : {}),
    });
  }

  async function get(actor: Actor, clientId: string, calendarId: string, eventId: string) {
    const client = await deps.clients.get(actor, clientId);
    return { client, event: await calendarOf(actor, client).getEvent(calendarId, eventId) };
  }

  /** Creates an event; `submissionKey` makes retries and double clicks land on the same event. */
  async function create(actor: Actor, q: { clientId: string; calendarId: string; input: EventInput; submissionKey: string; notify: Notify }) {
    const client = await deps.clients.get(actor, q.clientId);
    const id = eventIdFor(actor.teamId, client.id, q.calendarId, q.submissionKey);
    const event = await calendarOf(actor, client).insertEvent(q.calendarId, id, q.input, q.notify);
    return { client, event };
  }

  /**
   * Applies what the user changed (`patch`: only those fields) to one instance, to the recurring
   * series it belongs to ('series'), or to it and the ones after ('following'). Nothing changed:
   * nothing is sent.
   */
  async function update(actor: Actor, q: { clientId: string; calendarId: string; eventId: string; scope: EditScope; patch: Partial<EventInput>; notify: Notify }) {
    const client = await deps.clients.get(actor, q.clientId);
    const cal = calendarOf(actor, client);
    const out: { client: Client; event: CalendarEvent; split?: SplitUndo; leftBehind: CalendarEvent[] } = { client, event: await cal.getEvent(q.calendarId, q.eventId), leftBehind: [] };
    const occurrence = out.event;
    if (q.scope === 'following' && occurrence.recurringEventId) {
      const split = await splitFollowing(cal, client, q.calendarId, occurrence, occurrence.recurringEventId, q.patch, q.notify);
      return { ...out, event: split.created, split: split.undo, leftBehind: split.leftBehind };
    }
    const series = q.scope === 'series' && occurrence.recurringEventId ? await cal.getEvent(q.calendarId, occurrence.recurringEventId) : null;
    const target = series ?? occurrence;
    const changes = patchFor(q.patch, occurrence, series);
    out.event = Object.keys(changes).length ? await cal.patchEvent(q.calendarId, target.id, changes, q.notify) : target;
    return out;
  }

  /**
   * "This and following", as Google Calendar does it: a new series from the occurrence with the
   * change (a copy of the series, so guests, conferencing, reminders and attachments carry over),
   * made first so a failure never leaves the series cut short; then the original series ends the
   * day before. The new series' id derives from the occurrence, so a resubmission makes it once.
   */
  async function splitFollowing(cal: ClientCalendar, client: Client, calendarId: string, occurrence: CalendarEvent, masterId: string, patch: Partial<EventInput>, notify: Notify) {
    const master = await cal.getEvent(calendarId, masterId);
    const zone = master.timeZone ?? client.timeZone;
    const from = occurrence.originalStart ?? occurrence.start;
    const rules = await cutRule(cal, calendarId, master, from, zone);
    // Read before the rule changes: Google's answer for exceptions beyond a new UNTIL is not documented.
    const leftBehind = exceptionsFrom(await cal.listExceptions(calendarId, master.id, dueAt(from, zone)), from, zone).filter((e) => e.id !== occurrence.id);
    const id = eventIdFor(client.teamId, client.id, calendarId, `following:${occurrence.id}`);
    const changes = followingSeries(patch, occurrence, master, zone);
    // A rule the user rewrote is theirs; the series' own rule carries on with what is left of it.
    if (!patch.recurrence) changes.recurrence = rules.after;
    const created = await cal.copyEvent(calendarId, master.id, id, changes, notify);
    await cal.patchEvent(calendarId, master.id, { recurrence: rules.before }, notify);
    const undo: SplitUndo = { calendarId, seriesId: master.id, recurrence: master.recurrence ?? [], copyId: created.id, notify };
    return { created, undo, leftBehind };
  }

  /**
   * A series' rule cut at `from`: `before` ends the original the day before (UNTIL), `after` is
   * what a series from `from` on repeats by. A series counted in occurrences (COUNT) is recounted:
   * Google lists its occurrences (a bounded number), those due before `from` stay with the
   * original, the rest go to the new series.
   */
  async function cutRule(cal: ClientCalendar, calendarId: string, master: CalendarEvent, from: EventTime, zone: string) {
    const lines = master.recurrence ?? [];
    const count = countOf(lines);
    if (count === null) return { before: endRuleBefore(lines, from, zone), after: lines };
    const due = dueBefore(await cal.listAllInstances(calendarId, master.id), from, zone);
    if (due === 0) throw new CoreError('first_occurrence', {});
    return { before: withCount(lines, due), after: withCount(lines, count - due) };
  }

  /**
   * Undoes "this and following": the original series gets its rule back first (so no occurrence
   * is ever missing), then the new series goes (already gone counts as done). Twice is harmless.
   */
  async function undoSplit(actor: Actor, clientId: string, undo: SplitUndo) {
    const client = await deps.clients.get(actor, clientId);
    const cal = calendarOf(actor, client);
    const event = await cal.patchEvent(undo.calendarId, undo.seriesId, { recurrence: undo.recurrence }, undo.notify);
    await cal.deleteEvent(undo.calendarId, undo.copyId, undo.notify);
    return { client, event };
  }

  /**
   * Deletes an event and keeps what it looked like, so it can be brought back. For an occurrence,
   * `scope` says which go, as Google Calendar asks: this one, this and the following (the series'
   * rule ends the day before, as a split does; from the first occurrence that is the whole
   * series), or the whole series (its master is deleted).
   */
  async function remove(actor: Actor, q: { clientId: string; calendarId: string; eventId: string; scope?: EditScope; notify: Notify }) {
    const client = await deps.clients.get(actor, q.clientId);
    const cal = calendarOf(actor, client);
    const { event, target, ended, changed } = await whatGoes(cal, client, q);
    const undoId = await deps.deleted.save({
      teamId: actor.teamId,
      clientId: client.id,
      calendarId: q.calendarId,
      eventId: target.id,
      snapshot: { ...inputOf(target, client.timeZone), notify: q.notify, ...(ended ? { ended: true, changed } : {}) },
      deletedBy: actor.userId,
    });
    if (!ended) {
      await cal.deleteEvent(q.calendarId, target.id, q.notify);
    } else {
      // Before the rule changes: how Google treats exceptions beyond a new UNTIL is not documented.
      for (const id of changed) await cal.deleteEvent(q.calendarId, id, q.notify);
      await cal.patchEvent(q.calendarId, target.id, { recurrence: ended }, q.notify);
    }
    return { client, event, undoId };
  }

  /** What a deletion in `scope` removes: the event, its series, or the series from it on (`ended`: the rule cut short). */
  async function whatGoes(cal: ClientCalendar, client: Client, q: { calendarId: string; eventId: string; scope?: EditScope }) {
    const none = { ended: null, changed: [] as string[] };
    const event = await cal.getEvent(q.calendarId, q.eventId);
    const scope = event.recurringEventId ? (q.scope ?? 'instance') : 'instance';
    if (scope === 'instance' || !event.recurringEventId) return { event, target: event, ...none };
    const master = await cal.getEvent(q.calendarId, event.recurringEventId);
    const zone = master.timeZone ?? client.timeZone;
    const from = event.originalStart ?? event.start;
    if (scope === 'series' || dueAt(from, zone).getTime() <= dueAt(master.start, zone).getTime()) return { event, target: master, ...none };
    const ended = (await cutRule(cal, q.calendarId, master, from, zone)).before;
    // Occurrences after the cut that were changed on their own are among "the following" too.
    const exceptions = exceptionsFrom(await cal.listExceptions(q.calendarId, master.id, dueAt(from, zone)), from, zone);
    return { event, target: master, ended, changed: exceptions.filter((e) => e.status !== 'cancelled').map((e) => e.id) };
  }

  /**
   * Brings a deleted event back. Google keeps a deleted event (and a deleted occurrence, as a
   * cancelled exception of its series) under its id, so Undo confirms it again there: its
   * conference, attachments and guests' answers come back with it, and an occurrence returns to
   * its series. Only when Google no longer has it is it recreated from the snapshot, under an id
   * derived from the deletion, so Undo twice is still one event.
   */
  async function undoDelete(actor: Actor, undoId: string) {
    const record = await deps.deleted.get(actor.teamId, undoId);
    if (!record) throw new NotFoundError('nothing_to_undo', {});
    const { notify = 'all' } = record.snapshot;
    const client = await deps.clients.get(actor, record.clientId);
    const restored = await restoreAtGoogle(calendarOf(actor, client), record);
    const event =
      restored ??
      (await create(actor, { clientId: record.clientId, calendarId: record.calendarId, input: inputOnly(record.snapshot), submissionKey: `undo:${record.id}`, notify })).event;
    await deps.deleted.markRestored(record.id);
    return { client, event };
  }

  /** The deleted event confirmed again where Google kept it; null when Google no longer has it. */
  async function restoreAtGoogle(cal: ClientCalendar, record: DeletedEventRecord): Promise<CalendarEvent | null> {
    const { notify = 'all', ended, changed } = record.snapshot;
    const input = inputOnly(record.snapshot);
    // Setting the rule it had, and confirming its occurrences again, is harmless twice.
    if (ended) {
      const series = await cal.patchEvent(record.calendarId, record.eventId, { recurrence: input.recurrence }, notify);
      for (const id of changed ?? []) await cal.patchEvent(record.calendarId, id, { status: 'confirmed' }, notify);
      return series;
    }
    const current = await cal.findEvent(record.calendarId, record.eventId);
    if (!current) return null;
    // Already back (Undo twice, or restored another way): nothing to do.
    if (current.status !== 'cancelled') return current;
    // The content goes along in case Google kept only the id; guests, reminders and conferencing
    // are left to what Google kept, which is richer than the snapshot (answers, another provider).
    const { title, description, location, start, end, timeZone } = input;
    return cal.patchEvent(record.calendarId, record.eventId, { status: 'confirmed', title, description, location, start, end, timeZone }, notify);
  }

  return { pickCalendar, list, get, create, update, remove, undoDelete, undoSplit };
}
