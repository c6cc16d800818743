// Exports run on pg-boss: reading a year of a busy calendar takes many Google pages, longer than
// a slash command may take, and a restart must not lose the user's request. One job per export,
// keyed by its id (a repeated send is dropped); a run whose process died is run again from the
// first page (a file is only posted once it is whole).
import type { ExportJob, ExportQueue } from '../core/exports/types.js';
import type { Logger } from '../logger.js';
import type { Jobs } from './engine.js';
import { keyedSender, workKeyed, type KeyedQueue } from './keyed-queue.js';

export const EXPORT_QUEUE = 'export-run';

const QUEUE: KeyedQueue<ExportJob> = {
  name: EXPORT_QUEUE,
  // Someone waits for the file: retried soon (3 s, doubling), a dead process noticed within about 20 s.
  settings: { heartbeatSeconds: 10, retryDelaySeconds: 3, retryDelayMax: 60 },
  keyOf: (job) => job.jobId,
  // Each reads one calendar a page at a time.
  concurrency: 2,
  describe: (job) => ({ jobId: job.jobId, format: job.format }),
  taken: 'running an export',
};

export const exportQueue = (jobs: Jobs): ExportQueue => keyedSender(jobs, QUEUE);

export const workExports = (jobs: Jobs, log: Pick<Logger, 'info'>, perform: (job: ExportJob, signal: AbortSignal) => Promise<unknown>): Promise<void> => workKeyed(jobs, QUEUE, log, perform);
