// Bulk runs on pg-boss: each change a user asks of a bulk job (run, retry, cancel, move) is a
// job of this queue, keyed by the bulk job. The queue's singleton policy lets one change of a
// bulk job run at a time across every process while later ones wait, in order; the heartbeat
// hands a change whose process died to another one (or to the restarted process), which
// redoes the items left pending on the same events.
import type { BulkRunQueue } from '../core/bulk/ports.js';
import type { BulkRequest } from '../core/bulk/requests.js';
import type { Logger } from '../logger.js';
import type { Jobs } from './engine.js';
import { keyedSender, workKeyed, type KeyedQueue } from './keyed-queue.js';

export const BULK_QUEUE = 'bulk-run';

const QUEUE: KeyedQueue<BulkRequest> = {
  name: BULK_QUEUE,
  /**
   * A run that fails as a whole (the database or Slack gone, not a client's Google refusal,
   * which is that item's failure) is tried again after about 3, 6, 12, 24 and 48 s (up to twice
   * that: jitter; as many tries as `JOB_RETRY_LIMIT`, then the dead-letter queue), as is a run whose
   * process died. Sooner than other jobs (`JOB_RETRY_DELAY_SECONDS`): someone watches its progress. A 10 s heartbeat (pg-boss's least) finds a
   * dead process soonest; with the engine's 5 s supervision and the first retry delay, another
   * process takes the run over within about 20-30 s of the crash.
   */
  settings: { policy: 'singleton', heartbeatSeconds: 10, retryDelaySeconds: 3, retryDelayMax: 120 },
  keyOf: (request) => request.jobId,
  // Each works on a few clients at a time itself.
  concurrency: 3,
  describe: (request) => ({ jobId: request.jobId, action: request.action }),
  taken: 'running a bulk change',
};

export const bulkRunQueue = (jobs: Jobs): BulkRunQueue => keyedSender(jobs, QUEUE);

/** Runs each queued change of a bulk job, logging which one each process takes (a crash's rerun shows up twice). */
export const workBulkRuns = (jobs: Jobs, log: Pick<Logger, 'info'>, perform: (request: BulkRequest, signal: AbortSignal) => Promise<unknown>): Promise<void> => workKeyed(jobs, QUEUE, log, perform);
