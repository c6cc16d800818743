import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import type { ClientCalendars } from '../calendars/ports.js';
import type { CalendarEvent } from './types.js';

/** Which event a Google Calendar link names: Google's `eid` is base64 of "<eventId> <calendarId>". */
export interface EventLinkRef {
  eventId: string;
  calendarId: string;
}

const EID_PATH = /^\/calendar(?:\/u\/\d+)?\/r\/eventedit\/([A-Za-z0-9_-]+={0,2})\/?$/;
const EVENT_PATH = /^\/calendar(?:\/u\/\d+)?\/event\/?$/;
/** Google's event ids (base32hex, or its own longer ones with `_` for occurrences) and calendar addresses. */
const EVENT_ID = /^[a-z0-9_]{5,1024}$/;
const CALENDAR_ID = /^[^\s@]+@[^\s@]+$/;

/**
 * The event a `calendar.google.com/calendar/event?eid=…` or `…/r/eventedit/<eid>` link names;
 * null for any other URL or an eid that does not decode to an event id and a calendar address.
 */
export function parseEventLink(url: string): EventLinkRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname !== 'calendar.google.com') return null;
  const eid = EVENT_PATH.test(parsed.pathname) ? parsed.searchParams.get('eid') : EID_PATH.exec(parsed.pathname)?.[1];
  if (!eid || !/^[A-Za-z0-9_\-+/]+={0,2}$/.test(eid)) return null;
  const [eventId, calendarId, ...rest] = Buffer.from(eid.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8').split(' ');
  if (rest.length || !eventId || !calendarId || !EVENT_ID.test(eventId) || !CALENDAR_ID.test(calendarId)) return null;
  return { eventId, calendarId };
}

export interface LinkPreviewDeps {
  clients: Pick<ClientService, 'list'>;
  google: ClientCalendars;
}

/**
 * The event a link names, when it belongs to a calendar of a connected client the poster may
 * manage (one of that client's own calendars, as owner or writer); null otherwise, and for an
 * event Google does not have: an unfurl is seen by the whole channel, so nothing is shown that
 * the poster could not open themselves.
 */
export function createLinkPreviews(deps: LinkPreviewDeps) {
  return async function preview(actor: Actor, ref: EventLinkRef): Promise<{ client: Client; event: CalendarEvent } | null> {
    const clients = (await deps.clients.list(actor)).filter((c) => c.google.state === 'connected');
    for (const client of clients) {
      const cal = deps.google.calendarFor(actor.teamId, client);
      const owns = (await cal.listCalendars()).some((c) => c.id === ref.calendarId && (c.accessRole === 'owner' || c.accessRole === 'writer'));
      if (!owns) continue;
      const event = await cal.findEvent(ref.calendarId, ref.eventId);
      return event && event.status !== 'cancelled' ? { client, event } : null;
    }
    return null;
  };
}

export type LinkPreviews = ReturnType<typeof createLinkPreviews>;
