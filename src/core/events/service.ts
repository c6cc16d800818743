import { createHash } from 'node:crypto';
import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import { explainGoogleError, type CalendarService } from '../calendars/service.js';
import type { CalendarApi, EventInput, Notify } from '../calendars/ports.js';
import { CoreError, NotFoundError, refTo } from '../errors.js';
import { CalendarApiError } from '../calendars/ports.js';
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
  calendars: CalendarService;
  api: CalendarApi;
  deleted: DeletedEventStore;
}

export type EventService = ReturnType<typeof createEventService>;

export function createEventService(deps: EventServiceDeps) {
  const { api, calendars } = deps;

  async function google<T>(actor: Actor, client: Client, call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await calendars.withToken(actor.teamId, client.id, call);
    } catch (err) {
      throw explainGoogleError(err, client.name);
    }
  }

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
    return google(actor, client, (token) =>
      api.listEvents(token, {
        calendarId: q.calendarId,
        timeMin: q.start,
        timeMax: q.end,
        maxResults: q.pageSize ?? 40,
        ...(q.pageToken ? { pageToken: q.pageToken } : {}),
      }),
    );
  }

  async function get(actor: Actor, clientId: string, calendarId: string, eventId: string) {
    const client = await deps.clients.get(actor, clientId);
    return { client, event: await google(actor, client, (token) => api.getEvent(token, calendarId, eventId)) };
  }

  /** Creates an event; `submissionKey` makes retries and double clicks land on the same event. */
  async function create(actor: Actor, q: { clientId: string; calendarId: string; input: EventInput; submissionKey: string; notify: Notify }) {
    const client = await deps.clients.get(actor, q.clientId);
    const id = eventIdFor(actor.teamId, client.id, q.calendarId, q.submissionKey);
    const event = await google(actor, client, (token) => api.insertEvent(token, q.calendarId, id, q.input, q.notify));
    return { client, event };
  }

  /**
   * Applies what the user changed (`patch`: only those fields) to one instance, to the recurring
   * series it belongs to ('series'), or to it and the ones after ('following'). Nothing changed:
   * nothing is sent.
   */
  async function update(actor: Actor, q: { clientId: string; calendarId: string; eventId: string; scope: EditScope; patch: Partial<EventInput>; notify: Notify }) {
    const client = await deps.clients.get(actor, q.clientId);
    let splitDone: SplitUndo | undefined;
    let leftBehind: CalendarEvent[] = [];
    const event = await google(actor, client, async (token) => {
      const occurrence = await api.getEvent(token, q.calendarId, q.eventId);
      if (q.scope === 'following' && occurrence.recurringEventId) {
        const split = await splitFollowing(token, client, q.calendarId, occurrence, occurrence.recurringEventId, q.patch, q.notify);
        splitDone = split.undo;
        leftBehind = split.leftBehind;
        return split.created;
      }
      const series = q.scope === 'series' && occurrence.recurringEventId ? await api.getEvent(token, q.calendarId, occurrence.recurringEventId) : null;
      const target = series ?? occurrence;
      const changes = patchFor(q.patch, occurrence, series);
      if (!Object.keys(changes).length) return target;
      return api.patchEvent(token, q.calendarId, target.id, changes, q.notify);
    });
    const out: { client: Client; event: CalendarEvent; split?: SplitUndo; leftBehind: CalendarEvent[] } = { client, event, leftBehind };
    if (splitDone) out.split = splitDone;
    return out;
  }

  /**
   * "This and following", as Google Calendar does it: a new series from the occurrence with the
   * change (a copy of the series, so guests, conferencing, reminders and attachments carry over),
   * made first so a failure never leaves the series cut short; then the original series ends the
   * day before. The new series' id derives from the occurrence, so a resubmission makes it once.
   */
  async function splitFollowing(token: string, client: Client, calendarId: string, occurrence: CalendarEvent, masterId: string, patch: Partial<EventInput>, notify: Notify) {
    const master = await api.getEvent(token, calendarId, masterId);
    const zone = master.timeZone ?? client.timeZone;
    const from = occurrence.originalStart ?? occurrence.start;
    const rules = await cutRule(token, calendarId, master, from, zone);
    // Read before the rule changes: Google's answer for exceptions beyond a new UNTIL is not documented.
    const leftBehind = exceptionsFrom(await api.listExceptions(token, calendarId, master.id, dueAt(from, zone)), from, zone).filter((e) => e.id !== occurrence.id);
    const id = eventIdFor(client.teamId, client.id, calendarId, `following:${occurrence.id}`);
    const changes = followingSeries(patch, occurrence, master, zone);
    // A rule the user rewrote is theirs; the series' own rule carries on with what is left of it.
    if (!patch.recurrence) changes.recurrence = rules.after;
    const created = await api.copyEvent(token, calendarId, master.id, id, changes, notify);
    await api.patchEvent(token, calendarId, master.id, { recurrence: rules.before }, notify);
    const undo: SplitUndo = { calendarId, seriesId: master.id, recurrence: master.recurrence ?? [], copyId: created.id, notify };
    return { created, undo, leftBehind };
  }

  /**
   * A series' rule cut at `from`: `before` ends the original the day before (UNTIL), `after` is
   * what a series from `from` on repeats by. A series counted in occurrences (COUNT) is recounted:
   * Google lists its occurrences (a bounded number), those due before `from` stay with the
   * original, the rest go to the new series.
   */
  async function cutRule(token: string, calendarId: string, master: CalendarEvent, from: EventTime, zone: string) {
    const lines = master.recurrence ?? [];
    const count = countOf(lines);
    if (count === null) return { before: endRuleBefore(lines, from, zone), after: lines };
    const due = dueBefore(await api.listAllInstances(token, calendarId, master.id), from, zone);
    if (due === 0) throw new CoreError('first_occurrence', {});
    return { before: withCount(lines, due), after: withCount(lines, count - due) };
  }

  /**
   * Undoes "this and following": the original series gets its rule back first (so no occurrence
   * is ever missing), then the new series goes (already gone counts as done). Twice is harmless.
   */
  async function undoSplit(actor: Actor, clientId: string, undo: SplitUndo) {
    const client = await deps.clients.get(actor, clientId);
    const event = await google(actor, client, async (token) => {
      const series = await api.patchEvent(token, undo.calendarId, undo.seriesId, { recurrence: undo.recurrence }, undo.notify);
      await api.deleteEvent(token, undo.calendarId, undo.copyId, undo.notify);
      return series;
    });
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
    const none = { ended: null, changed: [] as string[] };
    const { event, target, ended, changed } = await google(actor, client, async (token) => {
      const event = await api.getEvent(token, q.calendarId, q.eventId);
      const scope = event.recurringEventId ? (q.scope ?? 'instance') : 'instance';
      if (scope === 'instance') return { event, target: event, ...none };
      const master = await api.getEvent(token, q.calendarId, event.recurringEventId!);
      const zone = master.timeZone ?? client.timeZone;
      const from = event.originalStart ?? event.start;
      if (scope === 'series' || dueAt(from, zone).getTime() <= dueAt(master.start, zone).getTime()) return { event, target: master, ...none };
      const ended = (await cutRule(token, q.calendarId, master, from, zone)).before;
      // Occurrences after the cut that were changed on their own are among "the following" too.
      const exceptions = exceptionsFrom(await api.listExceptions(token, q.calendarId, master.id, dueAt(from, zone)), from, zone);
      return { event, target: master, ended, changed: exceptions.filter((e) => e.status !== 'cancelled').map((e) => e.id) };
    });
    const undoId = await deps.deleted.save({
      teamId: actor.teamId,
      clientId: client.id,
      calendarId: q.calendarId,
      eventId: target.id,
      snapshot: { ...inputOf(target, client.timeZone), notify: q.notify, ...(ended ? { ended: true, changed } : {}) },
      deletedBy: actor.userId,
    });
    await google(actor, client, async (token) => {
      if (!ended) return api.deleteEvent(token, q.calendarId, target.id, q.notify);
      // Before the rule changes: how Google treats exceptions beyond a new UNTIL is not documented.
      for (const id of changed) await api.deleteEvent(token, q.calendarId, id, q.notify);
      await api.patchEvent(token, q.calendarId, target.id, { recurrence: ended }, q.notify);
    });
    return { client, event, undoId };
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
    const { notify = 'all', ended, changed, ...input } = record.snapshot;
    const client = await deps.clients.get(actor, record.clientId);
    const restored = await google(actor, client, async (token) => {
      // Setting the rule it had, and confirming its occurrences again, is harmless twice.
      if (ended) {
        const series = await api.patchEvent(token, record.calendarId, record.eventId, { recurrence: input.recurrence }, notify);
        for (const id of changed ?? []) await api.patchEvent(token, record.calendarId, id, { status: 'confirmed' }, notify);
        return series;
      }
      const current = await api.getEvent(token, record.calendarId, record.eventId).catch((err: unknown) => {
        if (err instanceof CalendarApiError && (err.status === 404 || err.status === 410)) return null;
        throw err;
      });
      if (!current) return null;
      // Already back (Undo twice, or restored another way): nothing to do.
      if (current.status !== 'cancelled') return current;
      // The content goes along in case Google kept only the id; guests, reminders and conferencing
      // are left to what Google kept, which is richer than the snapshot (answers, another provider).
      const { title, description, location, start, end, timeZone } = input;
      return api.patchEvent(token, record.calendarId, record.eventId, { status: 'confirmed', title, description, location, start, end, timeZone }, notify);
    });
    const event =
      restored ??
      (await create(actor, { clientId: record.clientId, calendarId: record.calendarId, input, submissionKey: `undo:${record.id}`, notify })).event;
    await deps.deleted.markRestored(record.id);
    return { client, event };
  }

  return { pickCalendar, list, get, create, update, remove, undoDelete, undoSplit };
}
