import type { ClientCalendar, ClientCalendars } from '../calendars/ports.js';
import type { Client } from '../clients/types.js';
import type { CalendarEvent } from '../events/types.js';
import { snapshotOf } from './diff.js';
import type { FeedStore } from './ports.js';

/**
 * The app's own writes are not news: each write through Calendar Stacker records the event as it
 * now is in the feed's snapshots (when its calendar is watched), so the next sync finds nothing
 * changed. A sync already reading the calendar before the write may still store the older version,
 * and the write is then told like any other change.
 */
export function withOwnWrites(google: ClientCalendars, store: Pick<FeedStore, 'recordOwn'>, onError: (err: unknown) => void): ClientCalendars {
  return {
    calendarFor(teamId: string, client: Client): ClientCalendar {
      const calendar = google.calendarFor(teamId, client);
      const record = async (calendarId: string, eventId: string, event: CalendarEvent | null) => {
        await store.recordOwn(teamId, client.id, calendarId, eventId, event && event.status !== 'cancelled' ? snapshotOf(event) : null).catch(onError);
      };
      const written = async (calendarId: string, event: CalendarEvent) => {
        await record(calendarId, event.id, event);
        return event;
      };
      return {
        ...calendar,
        insertEvent: async (calendarId, id, input, notify) => written(calendarId, await calendar.insertEvent(calendarId, id, input, notify)),
        insertIfAbsent: async (calendarId, id, input, notify) => {
          const made = await calendar.insertIfAbsent(calendarId, id, input, notify);
          return made && written(calendarId, made);
        },
        patchEvent: async (calendarId, eventId, patch, notify) => written(calendarId, await calendar.patchEvent(calendarId, eventId, patch, notify)),
        copyEvent: async (calendarId, sourceId, newId, changes, notify) => written(calendarId, await calendar.copyEvent(calendarId, sourceId, newId, changes, notify)),
        deleteEvent: async (calendarId, eventId, notify) => {
          await calendar.deleteEvent(calendarId, eventId, notify);
          await record(calendarId, eventId, null);
        },
      };
    },
  };
}
