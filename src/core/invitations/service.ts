import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import type { ClientCalendars } from '../calendars/ports.js';
import { CoreError, UserFacingError, isCoreError, refTo } from '../errors.js';
import type { CalendarEvent } from '../events/types.js';
import { ANSWERS, NOTE_MAX, type Answered, type AnswerScope, type AnswerRequest, type Invitation, type PendingInvitations } from './types.js';

export interface InvitationDeps {
  clients: Pick<ClientService, 'get' | 'list' | 'resolve'>;
  google: ClientCalendars;
  now: () => Date;
}

/** How far ahead `/calstack invites` looks. */
const WINDOW_MS = 30 * 86_400_000;

const ownAttendee = (event: CalendarEvent) => event.attendees.find((a) => a.self);

/** Someone else organizes it, and the client has not answered yet. */
const isPending = (event: CalendarEvent) =>
  event.status !== 'cancelled' && event.organizer !== undefined && !ownAttendee(event)?.organizer && ownAttendee(event)?.responseStatus === 'needsAction';

/** What answering this event reaches: an occurrence, the whole series, or the one event. */
export const answerScope = (event: CalendarEvent): AnswerScope => (event.recurringEventId ? 'instance' : event.recurrence ? 'series' : 'single');

const startOf = (event: CalendarEvent) => Date.parse(event.start.dateTime ?? event.start.date);

/** A repeating invitation is one invitation: the occurrences waiting for an answer are answered together, as the series. */
function grouped(client: Client, calendarId: string, events: CalendarEvent[]): Invitation[] {
  const byId = new Map<string, Invitation>();
  for (const event of events.filter(isPending)) {
    const eventId = event.recurringEventId ?? event.id;
    const seen = byId.get(eventId);
    if (seen) seen.occurrences += 1;
    else byId.set(eventId, { clientId: client.id, clientName: client.name, calendarId, eventId, scope: event.recurringEventId ? 'series' : 'single', event, occurrences: 1 });
  }
  return [...byId.values()];
}

function unreadableState(client: Client): UserFacingError | null {
  if (client.google.state === 'none') return new CoreError('not_connected', refTo(client));
  if (client.google.state === 'needs_reconnect') return new CoreError('needs_reconnect', refTo(client));
  return null;
}

export type InvitationService = ReturnType<typeof createInvitationService>;

/**
 * Invitations a client has not answered, and answering them as the client. Only the client's
 * managers may do either: answering speaks for the client to whoever invited them.
 */
export function createInvitationService(deps: InvitationDeps) {
  async function clientInvitations(actor: Actor, client: Client): Promise<Invitation[]> {
    const state = unreadableState(client);
    if (state) throw state;
    const google = deps.google.calendarFor(actor.teamId, client);
    // Invitations arrive in the primary calendar.
    const primary = (await google.listCalendars()).find((c) => c.primary);
    if (!primary) throw new CoreError('calendar_unknown', { ...refTo(client), ref: null });
    const timeMin = deps.now();
    const timeMax = new Date(timeMin.getTime() + WINDOW_MS);
    const { events } = await google.listEvents({ calendarId: primary.id, timeMin, timeMax, all: true });
    return grouped(client, primary.id, events);
  }

  /** The named client's invitations (its failure is an error), or every managed client's (failures listed with the rest). */
  async function pendingInvitations(actor: Actor, clientRef?: string): Promise<PendingInvitations> {
    if (clientRef) return { invitations: await clientInvitations(actor, await deps.clients.resolve(actor, clientRef)), unreadable: [] };
    const clients = await deps.clients.list(actor);
    if (!clients.length) throw new CoreError('no_clients', {});
    const unreadable: PendingInvitations['unreadable'] = [];
    const lists = await Promise.all(
      clients.map(async (client) => {
        try {
          return await clientInvitations(actor, client);
        } catch (err) {
          if (!(err instanceof UserFacingError)) throw err;
          unreadable.push({ client, error: err });
          return [];
        }
      }),
    );
    const invitations = lists.flat().sort((a, b) => startOf(a.event) - startOf(b.event));
    return { invitations, unreadable };
  }

  /** The client, if this actor manages it; anyone else is told the same whether or not it exists. */
  async function managed(actor: Actor, clientId: string): Promise<Client> {
    try {
      return await deps.clients.get(actor, clientId);
    } catch (err) {
      if (isCoreError(err, ['client_gone'])) throw new CoreError('invitation_not_manager', {});
      throw err;
    }
  }

  function checkedNote(note: string | undefined): string | null {
    const trimmed = note?.trim() ?? '';
    if (Array.from(trimmed).length > NOTE_MAX) throw new CoreError('invalid_input', { reason: `A note can be at most ${NOTE_MAX} characters.` });
    return trimmed || null;
  }

  /** The event an answer is for, read first: who may answer, and the invitation as it is now. */
  async function invitation(actor: Actor, ref: Pick<AnswerRequest, 'clientId' | 'calendarId' | 'eventId'>): Promise<{ client: Client; event: CalendarEvent }> {
    const client = await managed(actor, ref.clientId);
    const event = await deps.google.calendarFor(actor.teamId, client).getEvent(ref.calendarId, ref.eventId);
    if (!ownAttendee(event)) throw new CoreError('invitation_not_guest', { clientName: client.name });
    if (event.organizer === undefined || ownAttendee(event)?.organizer) throw new CoreError('invitation_own_event', { clientName: client.name });
    return { client, event };
  }

  /**
   * Answers as the client: a PATCH of the attendee list alone, with only the client's own
   * answer (and note) changed, every other guest sent back as Google had them (Google replaces
   * the list whole), and the organizer told (`sendUpdates: all`).
   */
  async function respond(actor: Actor, req: AnswerRequest): Promise<Answered> {
    if (!ANSWERS.includes(req.answer)) throw new CoreError('invalid_input', { reason: 'Answer yes, maybe or no.' });
    const note = checkedNote(req.note);
    const { client, event } = await invitation(actor, req);
    const attendees = event.attendees.map((a) => (a.self ? { ...a, responseStatus: req.answer, ...(note !== null ? { comment: note } : {}) } : a));
    const answered = await deps.google.calendarFor(actor.teamId, client).patchEvent(req.calendarId, req.eventId, { attendees }, 'all');
    return { client, event: answered, answer: req.answer, scope: answerScope(event), note };
  }

  return { pendingInvitations, invitation, respond };
}
