// The job engine starts once the app already answers Slack: nothing a request needs waits
// for it, and loading and starting pg-boss (0.4-0.7 s embedded) would otherwise sit on
// the cold start, or, started beside it, take the embedded database's one connection and the
// main thread from the rest of the start. Whoever uses the engine meanwhile waits for it.
import type { Logger } from '../logger.js';
import type { DatabaseConnection } from '../db/database.js';
import { startJobs, type Jobs, type RetryPolicy } from './engine.js';

export type JobsState = 'starting' | 'ready' | 'failed';

export interface BackgroundJobs {
  /** The engine, usable at once: each call waits until it has started (and fails if it could not). */
  jobs: Jobs;
  /** Settles when the engine has started, or with why it could not. */
  started: Promise<Jobs>;
  state: () => JobsState;
}

/** Starts the engine once `when` resolves (the app is listening). */
export function startJobsInBackground(connection: DatabaseConnection, log: Pick<Logger, 'info' | 'warn' | 'error'>, retry: RetryPolicy, when: Promise<unknown> = Promise.resolve()): BackgroundJobs {
  let state: JobsState = 'starting';
  let startedAt = Date.now();
  const started = when.then(() => {
    startedAt = Date.now();
    return startJobs(connection, log, retry);
  }).then(
    (jobs) => {
      state = 'ready';
      log.info({ jobsStartupMs: Date.now() - startedAt }, 'job engine started');
      return jobs;
    },
    (err: unknown) => {
      state = 'failed';
      throw err;
    },
  );
  // Owned by whoever awaits `started`; this only keeps an early failure from being "unhandled".
  started.catch(() => {});
  const jobs = new Proxy({} as Jobs, {
    get: (_target, method: keyof Jobs | 'then') =>
      // Not a promise: returning it from an async function must not wait on it.
      method === 'then' ? undefined : async (...args: unknown[]) => {
        const engine = await started;
        return (engine[method] as (...a: unknown[]) => Promise<unknown>).apply(engine, args);
      },
  });
  return { jobs, started, state: () => state };
}
