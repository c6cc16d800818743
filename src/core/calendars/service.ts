import type { Actor } from '../clients/types.js';
import type { ClientService } from '../clients/service.js';
import type { ClientCalendars } from './ports.js';

export interface CalendarServiceDeps {
  clients: Pick<ClientService, 'get'>;
  google: ClientCalendars;
}

export type CalendarService = ReturnType<typeof createCalendarService>;

export function createCalendarService(deps: CalendarServiceDeps) {
  /** The calendars of a client this user may see (cached per connection by the adapter). */
  async function calendars(actor: Actor, clientId: string, opts: { refresh?: boolean } = {}) {
    const client = await deps.clients.get(actor, clientId);
    return { client, calendars: await deps.google.calendarFor(actor.teamId, client).listCalendars(opts) };
  }

  return { calendars };
}
