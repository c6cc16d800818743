import type { ClientService } from '../clients/service.js';
import type { Actor, Client } from '../clients/types.js';
import { UserFacingError } from '../errors.js';
import type { BulkJobStore } from './ports.js';
import { forEachLimited, throttle } from './progress.js';
import { modeOf, snapshotOf } from './snapshot.js';
import type { ItemWork } from './items.js';
import type { BulkItemRecord, BulkJobRecord, BulkMode, BulkReporter, BulkSnapshot } from './types.js';

export interface BulkRunnerDeps {
  store: BulkJobStore;
  clients: Pick<ClientService, 'getInternal'>;
  work: Record<BulkMode, ItemWork>;
  /** Clients worked on at once. */
  concurrency: number;
  /** At most one progress report per this many ms, plus the final one. */
  progressIntervalMs: number;
  now: () => number;
  /** Told about failures that aren't user-facing (they are shown as a generic reason). */
  onUnexpectedError?: (err: unknown, where: { jobId: string; clientId: string }) => void;
}

const GENERIC_FAILURE = 'Something went wrong on our side; nothing was changed for this client.';

const reason = (err: unknown) => (err instanceof UserFacingError ? err.message : GENERIC_FAILURE);

/** Runs a job's pending items, each client's failure its own, reporting progress as it goes. */
export function bulkRunner(deps: BulkRunnerDeps) {
  /** The job's clients as they are now (null: removed since), for names in its views. */
  async function names(job: BulkJobRecord): Promise<Map<string, Client | null>> {
    const found = await Promise.all(job.items.map(async (i) => [i.clientId, await deps.clients.getInternal(job.teamId, i.clientId)] as const));
    return new Map(found);
  }

  /** The job as it stands; `final` when this is the last word of a run. */
  const snapshot = async (job: BulkJobRecord, final: boolean) => snapshotOf(job, await names(job), final);

  /**
   * Works through the job's pending items, reporting progress, then reports the final state.
   * Once `signal` aborts (the run was handed to another process) it takes no more items and
   * leaves the final word to whoever runs the rest.
   */
  async function runPending(actor: Actor, job: BulkJobRecord, report: BulkReporter, signal?: AbortSignal): Promise<BulkSnapshot> {
    const clients = await names(job);
    const progress = throttle(report, deps.progressIntervalMs, deps.now);
    const work = deps.work[modeOf(job)];
    const pending = job.items.filter((i) => i.status === 'pending');
    await forEachLimited(pending, deps.concurrency, async (item) => {
      if (signal?.aborted) return;
      let patch: Partial<BulkItemRecord>;
      try {
        patch = await work(actor, job, item);
      } catch (err) {
        if (!(err instanceof UserFacingError)) deps.onUnexpectedError?.(err, { jobId: job.id, clientId: item.clientId });
        patch = { status: 'failed', error: reason(err) };
      }
      await deps.store.saveItem(job.teamId, job.id, item.clientId, patch);
      Object.assign(item, patch, { updatedAt: new Date(deps.now()) });
      progress.push(snapshotOf(job, clients, false));
    });
    if (signal?.aborted) {
      progress.stop();
      return snapshotOf(job, clients, false);
    }
    const final = snapshotOf(job, clients, true);
    await progress.finish(final);
    return final;
  }

  return { runPending, snapshot };
}
