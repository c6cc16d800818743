// Import runs on pg-boss, keyed by the run: the singleton policy keeps one run of an import at a
// time across every process (a Retry pressed while it runs waits its turn), and the heartbeat
// hands a run whose process died to another one (or to the restarted process), which goes on
// from the cursor the run saved after each event.
import type { ImportQueue, ImportRequest } from '../core/imports/run-types.js';
import type { Logger } from '../logger.js';
import type { Jobs } from './engine.js';
import { keyedSender, workKeyed, type KeyedQueue } from './keyed-queue.js';

export const IMPORT_QUEUE = 'import-run';

const QUEUE: KeyedQueue<ImportRequest> = {
  name: IMPORT_QUEUE,
  // As bulk runs (src/jobs/bulk.ts): someone watches the progress, so a crashed run is taken over soon.
  settings: { policy: 'singleton', heartbeatSeconds: 10, retryDelaySeconds: 3, retryDelayMax: 120 },
  keyOf: (request) => request.runId,
  // Each writes one event at a time, within the client's Google rate.
  concurrency: 2,
  describe: (request) => ({ runId: request.runId }),
  taken: 'running an import',
};

export const importQueue = (jobs: Jobs): ImportQueue => keyedSender(jobs, QUEUE);

export const workImports = (jobs: Jobs, log: Pick<Logger, 'info'>, perform: (request: ImportRequest, signal: AbortSignal) => Promise<unknown>): Promise<void> => workKeyed(jobs, QUEUE, log, perform);
