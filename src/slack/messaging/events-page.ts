import { z } from 'zod';
import type { SlackDeps } from '../deps.js';
import type { Actor } from '../../core/clients/types.js';
import { eventsMessage } from '../views/events-list.js';
import { viewerZone } from '../../core/clients/zone.js';

export const EVENTS_PAGE_SIZE = 24;

const moreSchema = z.object({ c: z.string(), k: z.string(), s: z.number(), e: z.number(), p: z.string(), l: z.string() });
export type EventsQuery = z.infer<typeof moreSchema>;

export function parseMore(value: string): EventsQuery | null {
  try {
    const parsed = moreSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One page of a calendar's events as a message, with "Show more" when Google has more. */
export async function eventsPage(deps: Pick<SlackDeps, 'directory' | 'events'>, actor: Actor, q: { clientId: string; calendarId: string; start: Date; end: Date; label: string; pageToken?: string }) {
  const [{ client, calendar }, page] = await Promise.all([
    deps.events.pickCalendar(actor, q.clientId, q.calendarId),
    deps.events.list(actor, { ...q, pageSize: EVENTS_PAGE_SIZE }),
  ]);
  const zone = await viewerZone(deps.directory, actor, client.timeZone);
  const more = page.nextPageToken
    ? JSON.stringify({ c: client.id, k: calendar.id, s: q.start.getTime(), e: q.end.getTime(), p: page.nextPageToken, l: q.label } satisfies EventsQuery)
    : null;
  return eventsMessage({ client, calendar, events: page.events, label: q.label, zone, more });
}
