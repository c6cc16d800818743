// The shape bulk runs, imports and exports share on pg-boss: a queue of requests each keyed by
// what it works on (a repeated send of the same key is dropped, and under the singleton policy
// one job per key runs at a time across every process), and a worker that logs which request
// each process takes, so a crash's rerun shows up twice in the logs.
import type { Logger } from '../logger.js';
import type { Jobs, QueueSettings } from './engine.js';

export interface KeyedQueue<T extends object> {
  name: string;
  settings: QueueSettings;
  /** The singleton key of a request: what it works on. */
  keyOf(request: T): string;
  /** How many of its requests one process runs at once. */
  concurrency: number;
  /** What the log line of a taken request says of it (never personal data). */
  describe(request: T): Record<string, unknown>;
  /** The log line's message. */
  taken: string;
}

/** Sends requests to the queue; made once, every send waits for it (a failure is the engine's, and fails the send). */
export function keyedSender<T extends object>(jobs: Jobs, q: KeyedQueue<T>): { enqueue(request: T): Promise<void> } {
  const created = jobs.queue(q.name, q.settings);
  created.catch(() => {});
  return {
    async enqueue(request) {
      await created;
      await jobs.send(q.name, request, { singletonKey: q.keyOf(request) });
    },
  };
}

/** Runs each request of the queue in this process with `perform`. */
export async function workKeyed<T extends object>(jobs: Jobs, q: KeyedQueue<T>, log: Pick<Logger, 'info'>, perform: (request: T, signal: AbortSignal) => Promise<unknown>): Promise<void> {
  await jobs.queue(q.name, q.settings);
  await jobs.work<T>(
    q.name,
    async (request, signal) => {
      log.info(q.describe(request), q.taken);
      await perform(request, signal);
    },
    { concurrency: q.concurrency },
  );
}
