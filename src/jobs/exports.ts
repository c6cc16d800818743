// Exports run on pg-boss: reading a year of a busy calendar takes many Google pages, longer than
// a slash command may take, and a restart must not lose the user's request. One job per export,
// keyed by its id (a repeated send is dropped); a run whose process died is run again from the
// first page (a file is only posted once it is whole).
import type { ExportJob, ExportQueue } from '../core/exports/types.js';
import type { Logger } from '../logger.js';
import type { Jobs, QueueSettings } from './engine.js';

export const EXPORT_QUEUE = 'export-run';

/** Someone waits for the file: retried soon (3 s, doubling), a dead process noticed within about 20 s. */
const QUEUE: QueueSettings = { heartbeatSeconds: 10, retryDelaySeconds: 3, retryDelayMax: 60 };

/** Exports at once in one process; each reads one calendar a page at a time. */
const CONCURRENCY = 2;

export function exportQueue(jobs: Jobs): ExportQueue {
  const created = jobs.queue(EXPORT_QUEUE, QUEUE);
  created.catch(() => {});
  return {
    async enqueue(job) {
      await created;
      await jobs.send(EXPORT_QUEUE, job, { singletonKey: job.jobId });
    },
  };
}

export async function workExports(jobs: Jobs, log: Pick<Logger, 'info'>, perform: (job: ExportJob, signal: AbortSignal) => Promise<unknown>): Promise<void> {
  await jobs.queue(EXPORT_QUEUE, QUEUE);
  await jobs.work<ExportJob>(
    EXPORT_QUEUE,
    async (job, signal) => {
      log.info({ jobId: job.jobId, format: job.format }, 'running an export');
      await perform(job, signal);
    },
    { concurrency: CONCURRENCY },
  );
}
