import type { ClientService } from '../clients/service.js';
import type { Actor } from '../clients/types.js';
import type { ClientCalendars, Notify } from '../calendars/ports.js';
import { eventIdFor, type EventService } from '../events/service.js';
import type { EventTime } from '../events/types.js';
import type { BulkJobStore } from './ports.js';
import { bulkNotify, CHANGE_NOTIFY, timeOf } from './move.js';
import type { BulkItemRecord, BulkJobRecord, BulkMode } from './types.js';

export interface BulkItemDeps {
  store: BulkJobStore;
  clients: Pick<ClientService, 'get'>;
  events: Pick<EventService, 'pickCalendar' | 'create' | 'update'>;
  google: ClientCalendars;
}

/** What one client's item of a job needs, done; the patch to store for it. */
export type ItemWork = (actor: Actor, job: BulkJobRecord, item: BulkItemRecord) => Promise<Partial<BulkItemRecord>>;

/** The submission key of one client's event: a retry, or a rerun after a crash, lands on the same event. */
export const bulkSubmissionKey = (jobId: string, clientId: string) => `bulk:${jobId}:${clientId}`;

/** The same moment (timed) or the same day (all-day), however Google spells it. */
function sameTime(a: EventTime, b: EventTime): boolean {
  if (a.date || b.date) return a.date === b.date;
  return Date.parse(a.dateTime ?? '') === Date.parse(b.dateTime ?? '');
}

/** The work on one client's item in each mode: make the event, move it, or remove it. Each is safe to repeat. */
export function bulkItemWork(deps: BulkItemDeps): Record<BulkMode, ItemWork> {
  /** Creates the job's event in one client's primary calendar (the same event however often it runs). */
  async function ensureCreated(actor: Actor, job: BulkJobRecord, item: BulkItemRecord) {
    let calendarId = item.calendarId;
    if (!calendarId) {
      calendarId = (await deps.events.pickCalendar(actor, item.clientId)).calendar.id;
      await deps.store.saveItem(job.teamId, job.id, item.clientId, { calendarId });
      item.calendarId = calendarId;
    }
    const { event } = await deps.events.create(actor, {
      clientId: item.clientId,
      calendarId,
      input: job.input,
      submissionKey: bulkSubmissionKey(job.id, item.clientId),
      notify: bulkNotify(job.input),
    });
    return { calendarId, event };
  }

  const create: ItemWork = async (actor, job, item) => {
    const { event } = await ensureCreated(actor, job, item);
    return { status: 'done', error: null, eventId: event.id };
  };

  /**
   * Puts one client's event at the job's (new) time. Patching to the time it already has changes
   * nothing, so a retry or a double submission is harmless. A client whose event was never made
   * gets it now, at the new time.
   */
  const move: ItemWork = async (actor, job, item) => {
    const patch = timeOf(job.input);
    if (item.eventId && item.calendarId) {
      await deps.events.update(actor, { clientId: item.clientId, calendarId: item.calendarId, eventId: item.eventId, scope: 'instance', patch, notify: CHANGE_NOTIFY });
      return { status: 'done', error: null };
    }
    // An earlier attempt whose answer was lost may have made it at the old time under the same id.
    const { calendarId, event } = await ensureCreated(actor, job, item);
    if (!sameTime(event.start, patch.start) || !sameTime(event.end, patch.end)) {
      await deps.events.update(actor, { clientId: item.clientId, calendarId, eventId: event.id, scope: 'instance', patch, notify: CHANGE_NOTIFY });
    }
    return { status: 'done', error: null, eventId: event.id };
  };

  async function deleteEvent(actor: Actor, clientId: string, calendarId: string, eventId: string, notify: Notify): Promise<void> {
    const client = await deps.clients.get(actor, clientId);
    // Already deleted counts as done.
    await deps.google.calendarFor(actor.teamId, client).deleteEvent(calendarId, eventId, notify);
  }

  /** Removes what this job created for one client. */
  const cancel: ItemWork = async (actor, job, item) => {
    if (item.eventId && item.calendarId) {
      await deleteEvent(actor, item.clientId, item.calendarId, item.eventId, CHANGE_NOTIFY);
    } else if (item.calendarId) {
      // Never confirmed, but Google may have made it before an answer was lost: remove it if it is there.
      const eventId = eventIdFor(job.teamId, item.clientId, item.calendarId, bulkSubmissionKey(job.id, item.clientId));
      await deleteEvent(actor, item.clientId, item.calendarId, eventId, CHANGE_NOTIFY).catch(() => {});
    }
    return { status: 'done', error: null };
  };

  return { create, move, cancel };
}
