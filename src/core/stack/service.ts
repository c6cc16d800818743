import type { Actor, Client } from '../clients/types.js';
import type { ClientService } from '../clients/service.js';
import type { ClientCalendars } from '../calendars/ports.js';
import { UserFacingError } from '../errors.js';
import type { BulkJobSummary } from '../bulk/types.js';
import type { CalendarInfo, Interval } from '../events/types.js';
import { agendaEventIds, buildAgenda, type AgendaDay, type StackedEvent } from './agenda.js';
import { findConflicts, type Conflict } from './conflicts.js';
import { findFreeSlots, type FreeSlot, type Participant } from './free-slots.js';
import { DEFAULT_WORKING_HOURS } from './working-hours.js';

export interface StackDeps {
  clients: ClientService;
  google: ClientCalendars;
  /** The user's bulk jobs that made any of these events (Move / Cancel on an agenda). */
  jobsFor: (actor: Actor, eventIds: readonly string[]) => Promise<BulkJobSummary[]>;
  /** Told when the jobs can't be read: the agenda matters more, and is shown without them. */
  onJobsUnreadable?: (err: unknown) => void;
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
export const ownCalendars = (all: CalendarInfo[]) => all.filter((c) => c.accessRole === 'owner' || c.accessRole === 'writer');

export type AgendaQuery = StackRange & { zone: string; clientIds?: string[] };

/** What a stacked read covered: the clients asked for, and those that could not be read. */
interface StackRead {
  unreadable: Unreadable[];
  clients: Client[];
}

/** The overlapping events across the clients (and across one client's calendars). */
export interface Conflicts extends StackRead {
  conflicts: Conflict<StackedEvent>[];
}

/** An agenda as the user sees it: every client's events by day, conflicts marked on them, with the viewer's bulk jobs that made events on it. */
export interface Agenda extends StackRead {
  days: AgendaDay[];
  jobs: BulkJobSummary[];
}

/** Why a client could not be read, for the user: Google's refusals come worded by the adapter. */
const reasonOf = (err: unknown) => (err instanceof UserFacingError ? err.message : 'something went wrong while reading it');

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

  /** All of one client's events in range, every own calendar read at the same time. */
  async function clientEvents(actor: Actor, client: Client, range: StackRange): Promise<StackedEvent[]> {
    const google = deps.google.calendarFor(actor.teamId, client);
    const calendars = await google.listCalendars();
    const lists = await Promise.all(
      ownCalendars(calendars).map((calendar) => google.listEvents({ calendarId: calendar.id, timeMin: range.start, timeMax: range.end, all: true })),
    );
    return lists.flatMap((l) => l.events).map((event) => ({ clientId: client.id, clientName: client.name, event }));
  }

  /** Every event of the clients (all this user manages by default) in range, unstacked; clients that could not be read come back with the reason. */
  async function eventsIn(actor: Actor, q: StackRange & { clientIds?: string[] }): Promise<{ events: StackedEvent[]; unreadable: Unreadable[]; clients: Client[] }> {
    const { clients, connected, unreadable } = await participants(actor, q.clientIds);
    const results = await Promise.all(
      connected.map(async (client) => {
        try {
          return await clientEvents(actor, client, q);
        } catch (err) {
          unreadable.push({ client, reason: reasonOf(err) });
          return [];
        }
      }),
    );
    return { events: results.flat(), unreadable, clients };
  }

  /**
   * Only the overlapping events: the agenda marks its own on its days (buildAgenda), so neither
   * path works out the other's (an agenda of 200 clients used to find every conflict twice).
   */
  async function conflicts(actor: Actor, q: AgendaQuery): Promise<Conflicts> {
    const { events, unreadable, clients } = await eventsIn(actor, q);
    return { conflicts: findConflicts(events), unreadable, clients };
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
          const google = deps.google.calendarFor(actor.teamId, client);
          const calendars = ownCalendars(await google.listCalendars());
          const ids = calendars.map((c) => c.id);
          const busy = ids.length ? await google.freeBusy({ timeMin: q.start, timeMax: q.end, calendarIds: ids }) : {};
          const missing = calendars.filter((c) => !Object.hasOwn(busy, c.id));
          if (missing.length) {
            unreadable.push({ client, reason: `Google could not read its calendar ${missing.map((c) => `\u201c${c.name}\u201d`).join(', ')}` });
            return undefined;
          }
          return { id: client.id, name: client.name, hours: { ...DEFAULT_WORKING_HOURS, zone: client.timeZone }, busy: Object.values(busy).flat<Interval[][]>() };
        } catch (err) {
          unreadable.push({ client, reason: reasonOf(err) });
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

  /**
   * The agenda with the viewer's bulk jobs that made events in it (for Move / Cancel). The agenda
   * matters more: when the jobs can't be read it comes without them.
   */
  async function agenda(actor: Actor, q: AgendaQuery): Promise<Agenda> {
    const { events, unreadable, clients } = await eventsIn(actor, q);
    const days = buildAgenda(events, { zone: q.zone, start: q.start, end: q.end });
    const jobs = await deps.jobsFor(actor, agendaEventIds(days)).catch((err: unknown) => {
      deps.onJobsUnreadable?.(err);
      return [];
    });
    return { days, unreadable, clients, jobs };
  }

  return { agenda, conflicts, free, eventsIn };
}
