import type { ClientService } from '../clients/service.js';
import type { Actor } from '../clients/types.js';
import type { ClientCalendars, EventInput } from '../calendars/ports.js';
import { CoreError, NotFoundError } from '../errors.js';
import type { EventService } from '../events/service.js';
import type { BulkJobStore } from './ports.js';
import { timeOf, type MoveTime } from './move.js';
import { createJobQueue } from './queue.js';
import { bulkItemWork } from './items.js';
import { bulkRunner } from './runner.js';
import { summaryOf } from './snapshot.js';
import { AGENDA_JOBS, type BulkJobRecord, type BulkJobSummary, type BulkReporter, type BulkSnapshot } from './types.js';

export interface BulkServiceDeps {
  store: BulkJobStore;
  clients: Pick<ClientService, 'get' | 'getInternal'>;
  events: Pick<EventService, 'pickCalendar' | 'create' | 'update'>;
  google: ClientCalendars;
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
 */
export function createBulkService(deps: BulkServiceDeps) {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const serialized = createJobQueue();
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
  async function restart(actor: Actor, jobId: string, report: BulkReporter): Promise<BulkSnapshot> {
    const job = await load(actor, jobId);
    await report(await snapshot(job, false));
    return runPending(actor, job, report);
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
      const job = await load(actor, jobId);
      const again = job.items.filter((i) => i.status !== 'done').map((i) => i.clientId);
      if (!again.length) return runPending(actor, job, report);
      await store.reset(job.teamId, job.id, again);
      return restart(actor, jobId, report);
    });
  }

  /** Removes every event the job created (already removed counts as done). Pressing it again retries what failed. */
  function cancel(actor: Actor, jobId: string, report: BulkReporter): Promise<BulkSnapshot> {
    return serialized(jobId, async () => {
      const job = await load(actor, jobId);
      if (job.cancelledAt) {
        const again = job.items.filter((i) => i.status !== 'done').map((i) => i.clientId);
        if (again.length) await store.reset(job.teamId, job.id, again);
      } else {
        await store.markCancelled(job.teamId, job.id, new Date(now()));
      }
      return restart(actor, jobId, report);
    });
  }

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
      return restart(actor, jobId, report);
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
    return snapshot(job, !job.items.some((i) => i.status === 'pending'));
  }

  return { start, attachMessage, run, retry, cancel, move, moveTarget, forEvents, get };
}
