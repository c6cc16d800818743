import type { Actor, Client } from '../clients/types.js';
import type { ClientService } from '../clients/service.js';
import { explainGoogleError, type CalendarService } from '../calendars/service.js';
import type { CalendarApi } from '../calendars/ports.js';
import type { CalendarInfo, Interval } from '../events/types.js';
import { buildAgenda, type AgendaDay, type StackedEvent } from './agenda.js';
import { findConflicts, type Conflict } from './conflicts.js';
import { findFreeSlots, type FreeSlot, type Participant } from './free-slots.js';
import { DEFAULT_WORKING_HOURS } from './working-hours.js';

export interface StackDeps {
  clients: ClientService;
  calendars: CalendarService;
  api: CalendarApi;
  /** Bounds the fan-out to Google across all clients. */
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  /** Waits for a request slot on one Google connection (per-user quota). */
  throttle: (connectionKey: string) => Promise<void>;
}

export interface Unreadable {
  client: Client;
  reason: string;
}

export interface StackRange {
  start: Date;
  end: Date;
}

/** Calendars of a client worth stacking: its own (owner/writer), not subscriptions. */
const ownCalendars = (all: CalendarInfo[]) => all.filter((c) => c.accessRole === 'owner' || c.accessRole === 'writer');

export type StackService = ReturnType<typeof createStackService>;

export function createStackService(deps: StackDeps) {
  /** The clients asked for, or all this user manages; with why some cannot be read. */
  async function participants(actor: Actor, clientIds?: string[]) {
    const clients = clientIds?.length
      ? await Promise.all(clientIds.map((id) => deps.clients.get(actor, id)))
      : await deps.clients.list(actor);
    const unreadable: Unreadable[] = [];
    const connected: Client[] = [];
    for (const client of clients) {
      if (client.google.state === 'connected') connected.push(client);
      else if (client.google.state === 'needs_reconnect') unreadable.push({ client, reason: 'needs reconnect: Google no longer accepts its connection' });
      else unreadable.push({ client, reason: 'not connected to Google' });
    }
    return { clients, connected, unreadable };
  }

  /** One Google call for one client, inside the global bound and the client's own rate. */
  const call = <T>(actor: Actor, client: Client, fn: (token: string) => Promise<T>) =>
    deps.limit(async () => {
      await deps.throttle(`${actor.teamId}:${client.id}`);
      return deps.calendars.withToken(actor.teamId, client.id, fn);
    });

  /** All of one client's events in range, every own calendar read at the same time. */
  async function clientEvents(actor: Actor, client: Client, range: StackRange): Promise<StackedEvent[]> {
    const calendars = await deps.calendars.calendarsOf(actor.teamId, client);
    const lists = await Promise.all(
      ownCalendars(calendars).map((calendar) =>
        call(actor, client, (token) => deps.api.listEvents(token, { calendarId: calendar.id, timeMin: range.start, timeMax: range.end, all: true })),
      ),
    );
    return lists.flatMap((l) => l.events).map((event) => ({ clientId: client.id, clientName: client.name, event }));
  }

  /** Every client's events in one agenda; clients that could not be read come back with the reason. */
  async function agenda(actor: Actor, q: StackRange & { zone: string; clientIds?: string[] }): Promise<{ days: AgendaDay[]; unreadable: Unreadable[]; clients: Client[]; conflicts: Conflict<StackedEvent>[] }> {
    const { clients, connected, unreadable } = await participants(actor, q.clientIds);
    const results = await Promise.all(
      connected.map(async (client) => {
        try {
          return await clientEvents(actor, client, q);
        } catch (err) {
          unreadable.push({ client, reason: explainGoogleError(err, client.name).message });
          return [];
        }
      }),
    );
    const events = results.flat();
    return {
      days: buildAgenda(events, { zone: q.zone, start: q.start, end: q.end }),
      unreadable,
      clients,
      conflicts: findConflicts(events),
    };
  }

  /**
   * Slots when all the clients are free, inside each one's working hours (in its own zone).
   * A client whose calendars could not all be read is unreadable, never taken as free.
   */
  async function free(
    actor: Actor,
    q: StackRange & { clientIds?: string[]; minMinutes: number; now: Date; limit?: number },
  ): Promise<{ slots: FreeSlot[]; unreadable: Unreadable[]; clients: Client[]; visibleClientIds: string[] }> {
    const { connected, unreadable } = await participants(actor, q.clientIds);
    // Every client this viewer may see: what a Book button's choice of clients is written against.
    const visibleClientIds = (await deps.clients.list(actor)).map((c) => c.id);
    const read = await Promise.all(
      connected.map(async (client): Promise<Participant | undefined> => {
        try {
          const calendars = ownCalendars(await deps.calendars.calendarsOf(actor.teamId, client));
          const ids = calendars.map((c) => c.id);
          const busy = ids.length
            ? await call(actor, client, (token) => deps.api.freeBusy(token, { timeMin: q.start, timeMax: q.end, calendarIds: ids }))
            : {};
          const missing = calendars.filter((c) => !Object.hasOwn(busy, c.id));
          if (missing.length) {
            unreadable.push({ client, reason: `Google could not read its calendar ${missing.map((c) => `\u201c${c.name}\u201d`).join(', ')}` });
            return undefined;
          }
          return { id: client.id, name: client.name, hours: { ...DEFAULT_WORKING_HOURS, zone: client.timeZone }, busy: Object.values(busy).flat() as Interval[] };
        } catch (err) {
          unreadable.push({ client, reason: explainGoogleError(err, client.name).message });
          return undefined;
        }
      }),
    );
    const people = read.filter((p): p is Participant => p !== undefined);
    const slots = people.length ? findFreeSlots(people, { start: q.start, end: q.end, minMinutes: q.minMinutes, now: q.now, limit: q.limit ?? 10 }) : [];
    // Only the clients actually read: the slots say nothing about the others.
    const readIds = new Set(people.map((p) => p.id));
    return { slots, unreadable, clients: connected.filter((c) => readIds.has(c.id)), visibleClientIds };
  }

  return { agenda, free };
}
