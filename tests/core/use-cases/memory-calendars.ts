import type { ClientCalendar, ClientCalendars, EventChanges, EventInput, ListEventsQuery } from '../../../src/core/calendars/ports.js';
import type { Client } from '../../../src/core/clients/types.js';
import { CoreError, refTo } from '../../../src/core/errors.js';
import { CalendarApiError } from '../../../src/google/calendar-api.js';
import { explainGoogleError } from '../../../src/google/errors.js';
import type { CalendarEvent, CalendarInfo, EventTime, Interval } from '../../../src/core/events/types.js';
import { event } from '../fixtures.js';

/** One Google account as the in-memory calendar keeps it: its calendars and their events by id. */
interface Account {
  calendars: CalendarInfo[];
  events: Map<string, CalendarEvent>;
}

const startOf = (t: EventTime) => Date.parse(t.dateTime ?? `${t.date}T00:00:00Z`);
const key = (calendarId: string, eventId: string) => `${calendarId}\u0000${eventId}`;

function eventFrom(calendarId: string, id: string, input: EventInput | EventChanges, base?: CalendarEvent): CalendarEvent {
  const { attendees, reminders, meet: _meet, ...rest } = input;
  const epoch = new Date(0).toISOString();
  const out: CalendarEvent = {
    ...(base ?? { ...event(id, epoch, epoch), calendarId, title: '' }),
    ...(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<CalendarEvent>),
  };
  if (attendees) out.attendees = attendees.map((a) => (typeof a === 'string' ? { email: a } : a));
  if (reminders !== undefined) out.reminders = reminders;
  out.allDay = Boolean(out.start.date);
  return out;
}

/**
 * Every client's Google Calendar in memory, honouring the ClientCalendar contract: failures are
 * UserFacingErrors (Google's worded by the adapter's own mapping), inserts are idempotent by id (a deleted one comes back), a delete of a gone
 * event is done, deleted events keep their id as cancelled, freeBusy leaves out what it cannot
 * read. Recurrence is not modelled: those calls refuse rather than guess.
 */
export function memoryCalendars() {
  const accounts = new Map<string, Account>();
  /** Every write, in order: what a rule of the domain sent to Google. */
  const writes: { clientId: string; op: 'insert' | 'patch' | 'delete'; eventId: string; changes?: EventChanges }[] = [];
  /** Clients whose Google answers every call with this HTTP status (and reason). */
  const failing = new Map<string, { status: number; reason?: string }>();

  const accountOf = (client: Pick<Client, 'id'>) => {
    const found = accounts.get(client.id);
    if (!found) throw new Error(`no account for ${client.id}: call addAccount first`);
    return found;
  };

  function calendarFor(_teamId: string, client: Client): ClientCalendar {
    // Google's refusals are worded by the adapter's own mapping, so the two say the same.
    const refusal = (status: number, reason?: string) => explainGoogleError(new CalendarApiError(`Google answered ${status}`, status, reason), client.name);
    const fail = () => {
      if (client.google.state === 'none') throw new CoreError('not_connected', refTo(client));
      if (client.google.state === 'needs_reconnect') throw new CoreError('needs_reconnect', refTo(client));
      const answer = failing.get(client.id);
      if (answer) throw refusal(answer.status, answer.reason);
    };
    const read = (calendarId: string, eventId: string) => accountOf(client).events.get(key(calendarId, eventId)) ?? null;
    const existing = (calendarId: string, eventId: string) => {
      const event = read(calendarId, eventId);
      if (!event) throw refusal(404, 'notFound');
      return event;
    };
    const store = (event: CalendarEvent) => {
      accountOf(client).events.set(key(event.calendarId, event.id), event);
      return structuredClone(event);
    };
    const unsupported = async (): Promise<never> => {
      throw new Error('recurring series are not modelled by the in-memory calendar');
    };
    return {
      async listCalendars() {
        fail();
        return structuredClone(accountOf(client).calendars);
      },
      async listEvents(q: ListEventsQuery) {
        fail();
        const events = [...accountOf(client).events.values()]
          .filter((e) => e.calendarId === q.calendarId && e.status !== 'cancelled')
          .filter((e) => startOf(e.end) > q.timeMin.getTime() && startOf(e.start) < q.timeMax.getTime())
          .sort((a, b) => startOf(a.start) - startOf(b.start));
        return { events: structuredClone(events), nextPageToken: null };
      },
      async getEvent(calendarId, eventId) {
        fail();
        return structuredClone(existing(calendarId, eventId));
      },
      async findEvent(calendarId, eventId) {
        fail();
        const event = read(calendarId, eventId);
        return event ? structuredClone(event) : null;
      },
      listAllInstances: unsupported,
      listExceptions: unsupported,
      listSeriesPage: unsupported,
      async insertEvent(calendarId, id, input, _notify) {
        fail();
        const before = read(calendarId, id);
        if (before && before.status !== 'cancelled') return structuredClone(before);
        writes.push({ clientId: client.id, op: 'insert', eventId: id });
        return store(eventFrom(calendarId, id, input));
      },
      async insertIfAbsent(calendarId, id, input, _notify) {
        fail();
        if (read(calendarId, id)) return null;
        writes.push({ clientId: client.id, op: 'insert', eventId: id });
        return store(eventFrom(calendarId, id, input));
      },
      async patchEvent(calendarId, eventId, changes, _notify) {
        fail();
        const before = existing(calendarId, eventId);
        writes.push({ clientId: client.id, op: 'patch', eventId, changes });
        return store(eventFrom(calendarId, eventId, changes, before));
      },
      copyEvent: unsupported,
      async deleteEvent(calendarId, eventId, _notify) {
        fail();
        const before = read(calendarId, eventId);
        if (!before || before.status === 'cancelled') return;
        writes.push({ clientId: client.id, op: 'delete', eventId });
        store({ ...before, status: 'cancelled' });
      },
      async freeBusy({ timeMin, timeMax, calendarIds }) {
        fail();
        const out: Record<string, Interval[]> = {};
        for (const id of calendarIds) {
          if (!accountOf(client).calendars.some((c) => c.id === id)) continue;
          const { events } = await this.listEvents({ calendarId: id, timeMin, timeMax });
          out[id] = events.filter((e) => e.transparency === 'opaque').map((e) => ({ start: startOf(e.start), end: startOf(e.end) }));
        }
        return out;
      },
    };
  }

  const calendars: ClientCalendars & {
    addAccount(client: Pick<Client, 'id'>, calendars?: CalendarInfo[]): void;
    events(client: Pick<Client, 'id'>): CalendarEvent[];
    /** An event as Google already has it (an invitation someone else sent, say), written by no one here. */
    seed(client: Pick<Client, 'id'>, event: CalendarEvent): void;
    failFor(client: Pick<Client, 'id'>, answer: { status: number; reason?: string } | null): void;
    writes: typeof writes;
  } = {
    calendarFor,
    addAccount(client, list = [{ id: 'primary', name: 'Primary', primary: true, accessRole: 'owner', timeZone: 'UTC' }]) {
      accounts.set(client.id, { calendars: list, events: new Map() });
    },
    events: (client) => structuredClone([...accountOf(client).events.values()]),
    seed: (client, event) => void accountOf(client).events.set(key(event.calendarId, event.id), structuredClone(event)),
    failFor: (client, answer) => (answer ? failing.set(client.id, answer) : failing.delete(client.id)),
    writes,
  };
  return calendars;
}
