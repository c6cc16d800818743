import type { ClientService } from '../clients/service.js';
import type { Actor } from '../clients/types.js';
import type { ClientCalendars, EventInput } from '../calendars/ports.js';
import { CoreError, NotFoundError } from '../errors.js';
import type { EventService } from '../events/service.js';
import type { BulkJobStore, BulkRunQueue } from './ports.js';
import { timeOf } from './move.js';
import { bulkItemWork } from './items.js';
import { bulkRunner } from './runner.js';
import { summaryOf } from './snapshot.js';
import { asStarted, notDone, type BulkChange, type BulkRequest } from './requests.js';
import { AGENDA_JOBS, type BulkJobRecord, type BulkJobSummary, type BulkReporter, type BulkSnapshot } from './types.js';

export interface BulkServiceDeps {
  store: BulkJobStore;
  clients: Pick<ClientService, 'get' | 'getInternal'>;
  events: Pick<EventService, 'pickCalendar' | 'create' | 'update'>;
  google: ClientCalendars;
  /** Where changes wait their turn (the job engine): they run there, not in the request. */
  queue: BulkRunQueue;
  /** Shows a run in the job's own message (`job.channel`/`job.ts`, or a new one it then attaches). */
  reporterFor: (job: BulkJobRecord) => BulkReporter;
  /** Clients worked on at once (4). */
  concurrency?: number;
  /** At most one progress report per this many ms, plus the final one (1000). */
  progressIntervalMs?: number;
  now?: () => number;
  /** Told about failures that aren't user-facing (they are shown as a generic reason). */
  onUnexpectedError?: (err: unknown, where: { jobId: string; clientId: string }) => void;
}

export type BulkService = ReturnType<typeof createBulkService>;

/**
 * Bulk work: the same event in several clients' primary calendars, with a retry that only
 * redoes what failed, a move that puts every event at a new time and a cancel that removes
 * what was created. Every run of a job reports its progress through a callback and ends with
 * a final report. The work on each client is in items.ts, a run in runner.ts.
 *
 * A user's change is checked and queued (`request`); the queue then hands it to `perform`, in
 * whichever process takes it. The state change itself (reset, cancel, move) happens there, so
 * the changes of one job apply in the order they were asked for.
 */
export function createBulkService(deps: BulkServiceDeps) {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const { runPending, snapshot } = bulkRunner({
    store,
    clients: deps.clients,
    work: bulkItemWork(deps),
    concurrency: deps.concurrency ?? 4,
    progressIntervalMs: deps.progressIntervalMs ?? 1000,
    now,
    ...(deps.onUnexpectedError ? { onUnexpectedError: deps.onUnexpectedError } : {}),
  });

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

  /** Shows the job as it now stands (what a run starts from), then runs its pending items. */
  async function restart(actor: Actor, jobId: string, report: BulkReporter, signal?: AbortSignal): Promise<BulkSnapshot> {
    const job = await load(actor, jobId);
    await report(await snapshot(job, false));
    return runPending(actor, job, report, signal);
  }

  /** The job a Move would move: this user's, not cancelled, with at least one event. */
  async function moveTarget(actor: Actor, jobId: string): Promise<BulkJobSummary> {
    const job = await load(actor, jobId);
    if (job.cancelledAt) throw new CoreError('bulk_job_cancelled', {});
    const summary = summaryOf(job);
    if (!summary.clients) throw new CoreError('bulk_job_empty', {});
    return summary;
  }

  /** Checks that `change` may be asked for (the user's job; a move of a movable one), then queues it. */
  async function request(actor: Actor, change: BulkChange): Promise<void> {
    if (change.action === 'move') await moveTarget(actor, change.jobId);
    else await load(actor, change.jobId);
    await deps.queue.enqueue({ teamId: actor.teamId, userId: actor.userId, ...change });
  }

  /** The job as `change` will show once it starts, for a message posted while it waits its turn. */
  async function preview(actor: Actor, change: BulkChange): Promise<BulkSnapshot> {
    return snapshot(asStarted(await load(actor, change.jobId), change, new Date(now())), false);
  }

  /**
   * Runs one queued change. Each is safe to run again after a crash part-way: the items left
   * pending are redone (on the same events), those done are not.
   * - run: every pending item of a job just started.
   * - retry: the failed items again (and any left pending). In a cancelled job this retries the
   *   removals, in a moved one the moves.
   * - cancel: removes every event the job created (already removed counts as done); again, retries what failed.
   * - move: stores the new time as the job's, then patches each client's event (a client whose
   *   event was never made keeps its failure; Retry makes it at the new time). A job cancelled
   *   meanwhile is not moved.
   * A job gone since (or not this user's) is left alone: null. Once `signal` aborts, no more
   * items are taken (see runPending).
   */
  async function perform(req: BulkRequest, signal?: AbortSignal): Promise<BulkSnapshot | null> {
    const actor: Actor = { teamId: req.teamId, userId: req.userId };
    const job = await store.get(actor.teamId, req.jobId);
    if (!job || job.userId !== actor.userId) return null;
    const report = deps.reporterFor(job);
    switch (req.action) {
      case 'run':
        return runPending(actor, job, report, signal);
      case 'retry': {
        const again = notDone(job);
        if (!again.length) return runPending(actor, job, report, signal);
        await store.reset(job.teamId, job.id, again);
        break;
      }
      case 'cancel': {
        const again = notDone(job);
        if (!job.cancelledAt) await store.markCancelled(job.teamId, job.id, new Date(now()));
        else if (again.length) await store.reset(job.teamId, job.id, again);
        break;
      }
      case 'move':
        await store.startMove(job.teamId, job.id, { ...job.input, ...timeOf(req.time) }, new Date(now()));
        break;
    }
    return restart(actor, job.id, report, signal);
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
    return snapshot(job, !job.items.some((i) => i.status === 'pending'));
  }

  return { start, attachMessage, request, preview, perform, moveTarget, forEvents, get };
}
