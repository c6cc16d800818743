// Import runs on pg-boss, keyed by the run: the singleton policy keeps one run of an import at a
// time across every process (a Retry pressed while it runs waits its turn), and the heartbeat
// hands a run whose process died to another one (or to the restarted process), which goes on
// from the cursor the run saved after each event.
import type { ImportQueue, ImportRequest } from '../core/imports/run-types.js';
import type { Logger } from '../logger.js';
import type { Jobs, QueueSettings } from './engine.js';

export const IMPORT_QUEUE = 'import-run';

/** As bulk runs (src/jobs/bulk.ts): someone watches the progress, so a crashed run is taken over soon. */
const QUEUE: QueueSettings = { policy: 'singleton', heartbeatSeconds: 10, retryDelaySeconds: 3, retryDelayMax: 120 };

/** Imports run at once in one process; each writes one event at a time, within the client's Google rate. */
const CONCURRENCY = 2;

export function importQueue(jobs: Jobs): ImportQueue {
  const created = jobs.queue(IMPORT_QUEUE, QUEUE);
  created.catch(() => {});
  return {
    async enqueue(request) {
      await created;
      await jobs.send(IMPORT_QUEUE, request, { singletonKey: request.runId });
    },
  };
}

export async function workImports(jobs: Jobs, log: Pick<Logger, 'info'>, perform: (request: ImportRequest, signal: AbortSignal) => Promise<unknown>): Promise<void> {
  await jobs.queue(IMPORT_QUEUE, QUEUE);
  await jobs.work<ImportRequest>(
    IMPORT_QUEUE,
    async (request, signal) => {
      log.info({ runId: request.runId }, 'running an import');
      await perform(request, signal);
    },
    { concurrency: CONCURRENCY },
  );
}
