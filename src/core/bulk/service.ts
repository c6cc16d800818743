import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import { explainGoogleError, type CalendarService } from '../calendars/service.js';
import type { CalendarApi, EventInput, Notify } from '../calendars/ports.js';
import { CoreError, NotFoundError, UserFacingError } from '../errors.js';
import { eventIdFor, type EventService } from '../events/service.js';
import type { BulkJobStore } from './ports.js';
import { forEachLimited, throttle } from './progress.js';
import { bulkNotify, CHANGE_NOTIFY, timeOf, type MoveTime } from './move.js';
import { AGENDA_JOBS, type BulkItemRecord, type BulkItemView, type BulkJobRecord, type BulkJobSummary, type BulkMode, type BulkReporter, type BulkSnapshot } from './types.js';
import type { EventTime } from '../events/types.js';

export interface BulkServiceDeps {
  store: BulkJobStore;
  clients: ClientService;
  events: Pick<EventService, 'pickCalendar' | 'create' | 'update'>;
  calendars: Pick<CalendarService, 'withToken'>;
  api: Pick<CalendarApi, 'deleteEvent'>;
  /** Clients worked on at once (4). */
  concurrency?: number;
  /** At most one progress report per this many ms, plus the final one (1000). */
  progressIntervalMs?: number;
  now?: () => number;
  /** Told about failures that aren't user-facing (they are shown as a generic reason). */
  onUnexpectedError?: (err: unknown, where: { jobId: string; clientId: string }) => void;
}

/** The submission key of one client's event: a retry, or a rerun after a crash, lands on the same event. */
export const bulkSubmissionKey = (jobId: string, clientId: string) => `bulk:${jobId}:${clientId}`;

const modeOf = (job: Pick<BulkJobRecord, 'cancelledAt' | 'movedAt'>): BulkMode => (job.cancelledAt ? 'cancel' : job.movedAt ? 'move' : 'create');

/** The same moment (timed) or the same day (all-day), however Google spells it. */
function sameTime(a: EventTime, b: EventTime): boolean {
  if (a.date || b.date) return a.date === b.date;
  return Date.parse(a.dateTime ?? '') === Date.parse(b.dateTime ?? '');
}

const GENERIC_FAILURE = 'Something went wrong on our side; nothing was changed for this client.';

export type BulkService = ReturnType<typeof createBulkService>;

/**
 * Bulk work: the same event in several clients' primary calendars, with a retry that only
 * redoes what failed, a move that puts every event at a new time and a cancel that removes
 * what was created. Every run of a job reports its progress through a callback and ends with
 * a final report.
 */
export function createBulkService(deps: BulkServiceDeps) {
  const { store } = deps;
  const concurrency = deps.concurrency ?? 4;
  const intervalMs = deps.progressIntervalMs ?? 1000;
  const now = deps.now ?? Date.now;
  // Runs of one job take turns in this process: a Retry pressed during a Cancel waits for it.
  const queues = new Map<string, Promise<unknown>>();

  function serialized<T>(jobId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(jobId) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(work);
    const tail = run.catch(() => {});
    queues.set(jobId, tail);
    void tail.then(() => {
      if (queues.get(jobId) === tail) queues.delete(jobId);
    });
    return run;
  }

  /** The job, when it is this user's in this workspace; anything else is "not found". */
  async function load(actor: Actor, jobId: string): Promise<BulkJobRecord> {
    const job = await store.get(actor.teamId, jobId);
    if (!job || job.userId !== actor.userId) {
      throw new NotFoundError('bulk_job_gone', {});
    }
    return job;
  }

  /** Records a new job, every client pending. Whether each client may be used is checked as it runs. */
  async function start(actor: Actor, q: { text: string; input: EventInput; clientIds: string[] }): Promise<BulkJobRecord> {
    const clientIds = [...new Set(q.clientIds)];
    if (!clientIds.length) throw new CoreError('no_clients', {});
    return store.create({ teamId: actor.teamId, userId: actor.userId, text: q.text, input: q.input, clientIds });
  }

  async function attachMessage(actor: Actor, jobId: string, message: { channel: string; ts: string }): Promise<void> {
    await load(actor, jobId);
    await store.setMessage(actor.teamId, jobId, message);
  }

  async function names(job: BulkJobRecord): Promise<Map<string, Client | null>> {
    const found = await Promise.all(job.items.map(async (i) => [i.clientId, await deps.clients.getInternal(job.teamId, i.clientId)] as const));
    return new Map(found);
  }

  function snapshotOf(job: BulkJobRecord, clients: Map<string, Client | null>, final: boolean): BulkSnapshot {
    const { items, ...rest } = job;
    const views: BulkItemView[] = items
      .map((item) => {
        const client = clients.get(item.clientId);
        return { ...item, clientName: client?.name ?? 'A removed client', clientTimeZone: client?.timeZone ?? job.input.timeZone };
      })
      .sort((a, b) => a.clientName.localeCompare(b.clientName, 'en', { sensitivity: 'base' }));
    const count = (s: BulkItemRecord['status']) => items.filter((i) => i.status === s).length;
    return {
      job: { ...rest },
      mode: modeOf(job),
      items: views,
      total: items.length,
      done: count('done'),
      failed: count('failed'),
      pending: count('pending'),
      final,
    };
  }

  const reason = (err: unknown) => (err instanceof UserFacingError ? err.message : GENERIC_FAILURE);

  /** Creates the job's event in one client's primary calendar (the same event however often it runs). */
  async function ensureCreated(actor: Actor, job: BulkJobRecord, item: BulkItemRecord) {
    let calendarId = item.calendarId;
    if (!calendarId) {
      calendarId = (await deps.events.pickCalendar(actor, item.clientId)).calendar.id;
      await store.saveItem(job.teamId, job.id, item.clientId, { calendarId });
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

  async function createOne(actor: Actor, job: BulkJobRecord, item: BulkItemRecord): Promise<Partial<BulkItemRecord>> {
    const { event } = await ensureCreated(actor, job, item);
    return { status: 'done', error: null, eventId: event.id };
  }

  /**
   * Puts one client's event at the job's (new) time. Patching to the time it already has changes
   * nothing, so a retry or a double submission is harmless. A client whose event was never made
   * gets it now, at the new time.
   */
  async function moveOne(actor: Actor, job: BulkJobRecord, item: BulkItemRecord): Promise<Partial<BulkItemRecord>> {
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
  }

  async function deleteEvent(actor: Actor, clientId: string, calendarId: string, eventId: string, notify: Notify): Promise<void> {
    const client = await deps.clients.get(actor, clientId);
    try {
      // Already deleted (404/410) counts as done.
      await deps.calendars.withToken(actor.teamId, client.id, (token) => deps.api.deleteEvent(token, calendarId, eventId, notify));
    } catch (err) {
      throw explainGoogleError(err, client.name);
    }
  }

  /** Removes what this job created for one client. */
  async function cancelOne(actor: Actor, job: BulkJobRecord, item: BulkItemRecord): Promise<Partial<BulkItemRecord>> {
    if (item.eventId && item.calendarId) {
      await deleteEvent(actor, item.clientId, item.calendarId, item.eventId, CHANGE_NOTIFY);
    } else if (item.calendarId) {
      // Never confirmed, but Google may have made it before an answer was lost: remove it if it is there.
      const eventId = eventIdFor(job.teamId, item.clientId, item.calendarId, bulkSubmissionKey(job.id, item.clientId));
      await deleteEvent(actor, item.clientId, item.calendarId, eventId, CHANGE_NOTIFY).catch(() => {});
    }
    return { status: 'done', error: null };
  }

  /** Works through the job's pending items, reporting progress, then reports the final state. */
  async function runPending(actor: Actor, job: BulkJobRecord, report: BulkReporter): Promise<BulkSnapshot> {
    const clients = await names(job);
    const progress = throttle(report, intervalMs, now);
    const work = { create: createOne, move: moveOne, cancel: cancelOne }[modeOf(job)];
    const pending = job.items.filter((i) => i.status === 'pending');
    await forEachLimited(pending, concurrency, async (item) => {
      let patch: Partial<BulkItemRecord>;
      try {
        patch = await work(actor, job, item);
      } catch (err) {
        if (!(err instanceof UserFacingError)) deps.onUnexpectedError?.(err, { jobId: job.id, clientId: item.clientId });
        patch = { status: 'failed', error: reason(err) };
      }
      await store.saveItem(job.teamId, job.id, item.clientId, patch);
      Object.assign(item, patch, { updatedAt: new Date(now()) });
      progress.push(snapshotOf(job, clients, false));
    });
    const final = snapshotOf(job, clients, true);
    await progress.finish(final);
    return final;
  }

  /** Runs a job just started (its message posted): every pending item. */
  function run(actor: Actor, jobId: string, report: BulkReporter): Promise<BulkSnapshot> {
    return serialized(jobId, async () => runPending(actor, await load(actor, jobId), report));
  }

  /**
   * Runs the failed items again (and any left pending by a crash). In a cancelled job this
   * retries the removals, in a moved one the moves. The message shows the run from its start.
   */
  function retry(actor: Actor, jobId: string, report: BulkReporter): Promise<BulkSnapshot> {
    return serialized(jobId, async () => {
      let job = await load(actor, jobId);
      const again = job.items.filter((i) => i.status !== 'done').map((i) => i.clientId);
      if (again.length) {
        await store.reset(job.teamId, job.id, again);
        job = await load(actor, jobId);
        await report(snapshotOf(job, await names(job), false));
      }
      return runPending(actor, job, report);
    });
  }

  /** Removes every event the job created (already removed counts as done). Pressing it again retries what failed. */
  function cancel(actor: Actor, jobId: string, report: BulkReporter): Promise<BulkSnapshot> {
    return serialized(jobId, async () => {
      let job = await load(actor, jobId);
      if (job.cancelledAt) {
        const again = job.items.filter((i) => i.status !== 'done').map((i) => i.clientId);
        if (again.length) await store.reset(job.teamId, job.id, again);
      } else {
        await store.markCancelled(job.teamId, job.id, new Date(now()));
      }
      job = await load(actor, jobId);
      await report(snapshotOf(job, await names(job), false));
      return runPending(actor, job, report);
    });
  }

  const summaryOf = (job: BulkJobRecord): BulkJobSummary => ({
    id: job.id,
    input: job.input,
    // After a cancel, only the events that could not be removed are still there.
    clients: job.items.filter((i) => i.eventId && !(job.cancelledAt && i.status === 'done')).length,
    cancelled: Boolean(job.cancelledAt),
  });

  /** The job a Move would move: this user's, not cancelled, with at least one event. */
  async function moveTarget(actor: Actor, jobId: string): Promise<BulkJobSummary> {
    const job = await load(actor, jobId);
    if (job.cancelledAt) throw new CoreError('bulk_job_cancelled', {});
    const summary = summaryOf(job);
    if (!summary.clients) throw new CoreError('bulk_job_empty', {});
    return summary;
  }

  /**
   * Moves every event the job made to a new time: stores the time as the job's, then patches each
   * client's event (a client whose event was never made keeps its failure; Retry makes it at the
   * new time). Failures can be retried; moving again, or to the same time, is harmless.
   */
  function move(actor: Actor, jobId: string, time: MoveTime, report: BulkReporter): Promise<BulkSnapshot> {
    return serialized(jobId, async () => {
      const { input } = await moveTarget(actor, jobId);
      await store.startMove(actor.teamId, jobId, { ...input, ...timeOf(time) }, new Date(now()));
      const job = await load(actor, jobId);
      await report(snapshotOf(job, await names(job), false));
      return runPending(actor, job, report);
    });
  }

  /** The user's jobs (newest first, at most `limit`) that made any of these events, for an agenda. */
  async function forEvents(actor: Actor, eventIds: readonly string[], limit = AGENDA_JOBS): Promise<BulkJobSummary[]> {
    if (!eventIds.length) return [];
    const jobs = await store.findByEvents(actor.teamId, actor.userId, [...eventIds], limit);
    return jobs.map(summaryOf).filter((j) => j.clients > 0);
  }

  /** The job as it stands, for showing it. */
  async function get(actor: Actor, jobId: string): Promise<BulkSnapshot> {
    const job = await load(actor, jobId);
    return snapshotOf(job, await names(job), !job.items.some((i) => i.status === 'pending'));
  }

  return { start, attachMessage, run, retry, cancel, move, moveTarget, forEvents, get };
}
