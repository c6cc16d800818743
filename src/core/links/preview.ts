import type { Actor, Client, LinkPreviewDetail } from '../clients/types.js';
import type { ClientService } from '../clients/service.js';
import type { ClientCalendars } from '../calendars/ports.js';
import type { CalendarEvent } from '../events/types.js';
import { parseCalendarEventLink } from './calendar-links.js';

/** What a channel may be shown of one event, as its client's setting allows. */
export interface LinkPreview {
  url: string;
  detail: LinkPreviewDetail;
  client: Pick<Client, 'id' | 'name' | 'timeZone'>;
  calendarId: string;
  event: CalendarEvent;
}

export interface LinkPreviewDeps {
  clients: Pick<ClientService, 'list'>;
  google: ClientCalendars;
}

/** The previews found, and what kept other links from one (for the caller to log). */
export interface LinkPreviewResult {
  previews: LinkPreview[];
  failures: unknown[];
}

/** Links previewed per message at most, as Slack sends a message's links together. */
const LINKS_MAX = 5;

export type LinkPreviews = ReturnType<typeof createLinkPreviews>;

/**
 * Previews of the Google Calendar event links someone posted, for the events of connected
 * clients they manage. A link to a calendar of no such client, an event Google does not have,
 * or one cancelled gets no preview, told apart from nothing else: whoever posted it learns no
 * more than before. A Google failure leaves that link without a preview, and is returned.
 */
export function createLinkPreviews(deps: LinkPreviewDeps) {
  async function clientOwning(actor: Actor, calendarId: string): Promise<Client | null> {
    const connected = (await deps.clients.list(actor)).filter((c) => c.google.state === 'connected');
    // A client's primary calendar is its account's address: no Google call needed.
    const byAccount = connected.find((c) => c.google.email?.toLowerCase() === calendarId.toLowerCase());
    if (byAccount) return byAccount;
    // Only a calendar the client owns or writes to is theirs: one they merely read is someone else's.
    const lists = await Promise.all(
      connected.map((client) =>
        deps.google
          .calendarFor(actor.teamId, client)
          .listCalendars()
          .then((cals) => (cals.some((cal) => cal.id === calendarId && (cal.accessRole === 'owner' || cal.accessRole === 'writer')) ? client : null))
          .catch(() => null),
      ),
    );
    return lists.find((c): c is Client => c !== null) ?? null;
  }

  async function previewOne(actor: Actor, url: string): Promise<LinkPreview | null> {
    const link = parseCalendarEventLink(url);
    if (!link) return null;
    const client = await clientOwning(actor, link.calendarId);
    if (!client) return null;
    const event = await deps.google.calendarFor(actor.teamId, client).findEvent(link.calendarId, link.eventId);
    if (!event || event.status === 'cancelled') return null;
    return { url, detail: client.linkPreview, client: { id: client.id, name: client.name, timeZone: client.timeZone }, calendarId: link.calendarId, event };
  }

  async function previews(actor: Actor, urls: readonly string[]): Promise<LinkPreviewResult> {
    const unique = [...new Set(urls)].slice(0, LINKS_MAX);
    const failures: unknown[] = [];
    const found = await Promise.all(
      unique.map((url) =>
        previewOne(actor, url).catch((err: unknown) => {
          failures.push(err);
          return null;
        }),
      ),
    );
    return { previews: found.filter((p): p is LinkPreview => p !== null), failures };
  }

  return { previews };
}
