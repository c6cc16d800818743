// The background job engine: pg-boss, on the same database as the app (PostgreSQL or the
// embedded PGlite). pg-boss creates and migrates its own tables in the `pgboss` schema at
// start; they are not in Prisma's schema and Prisma's migrations never touch them.
import type { PGlite } from '@electric-sql/pglite';
import { PgBoss, fromPglite, type ConstructorOptions, type Db as IDatabase, type JobResult } from 'pg-boss';
import type { Logger } from '../logger.js';
import type { DatabaseConnection } from '../db/database.js';

export const JOBS_SCHEMA = 'pgboss';

export interface Jobs {
  /** Creates `queue` unless it exists (pg-boss does nothing for a queue it has, so replicas may all ask). */
  queue(name: string, options: QueueSettings): Promise<void>;
  /** Adds a job; `startAfterSeconds` delays it; in a `singleton` queue one job per `singletonKey` is active at a time. */
  send(queue: string, data: object, options?: { startAfterSeconds?: number; singletonKey?: string }): Promise<void>;
  /** Adds or replaces the schedule `key` of `queue`: a job with `data` at each `cron` occurrence in `timeZone`. */
  schedule(queue: string, key: string, cron: string, timeZone: string, data: object): Promise<void>;
  unschedule(queue: string, key: string): Promise<void>;
  /** Schedules of `queue` (optionally only `key`) as pg-boss holds them. */
  schedules(queue: string, key?: string): Promise<{ key: string; cron: string; timeZone: string; data: unknown }[]>;
  /**
   * Runs `handler` for each job of `queue`, one at a time in this process unless `concurrency`
   * says how many at once; a throw fails that job (retried). `signal` aborts when the job is no
   * longer this process's: handed back at shutdown, or taken away after a missed heartbeat.
   */
  work<T extends object>(queue: string, handler: (data: T, signal: AbortSignal) => Promise<void>, options?: { concurrency?: number }): Promise<void>;
  /** Stops taking jobs, lets active ones finish within `timeoutMs` (then hands them back), and closes. */
  stop(timeoutMs: number): Promise<void>;
}

export interface QueueSettings {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  retryDelayMax?: number;
  /** `singleton`: one active job per singleton key, any number queued behind it. */
  policy?: 'standard' | 'singleton';
  /** A job whose worker stops beating this long (its process died) is failed and retried elsewhere; at least 10. */
  heartbeatSeconds?: number;
}

/**
 * How often pg-boss's supervisor looks for jobs whose process died (missed heartbeats, expired
 * jobs). Its default, 60 s, would leave a crashed bulk run still for up to 70 s before its retry
 * is even scheduled; with 5 s, a 10 s heartbeat is found missing 10-15 s after the crash. Each
 * pass is a few indexed queries per queue, which the embedded database's one connection takes
 * in its stride every 5 s.
 */
const SUPERVISE_SECONDS = 5;

/**
 * Jobs are picked up within a second: workers are woken by LISTEN/NOTIFY (in-process on PGlite)
 * when a job is sent, and poll every half second as well, which is what finds a delayed job
 * (`startAfter`) once its time comes — NOTIFY fired when it was sent. pg-boss's default poll
 * while NOTIFY works is 30 s, which would hold a digest due at 08:00 until 08:00:30.
 */
const POLLING_SECONDS = 0.5;
/**
 * Jobs fetched at once. A worker waits a polling interval between fetches unless the last one
 * came back full, so one job per fetch would drain a backlog (every digest due at 08:00) at two
 * jobs a second; full batches are fetched back to back.
 */
const BATCH = 20;

const STARTS_TRANSACTION = /^\s*BEGIN\b/i;

/**
 * pg-boss over the embedded database's one connection. pg-boss sends its locked maintenance and
 * migration steps as one `BEGIN; …; COMMIT;` script. When a statement in it fails, `fromPglite`
 * sends ROLLBACK as a second call, and whatever was already waiting for the connection (a
 * Prisma query) runs first, inside the aborted transaction, and fails. Run through PGlite's
 * `transaction()`, the script and its ROLLBACK hold the connection together (PostgreSQL only
 * warns about the nested BEGIN and the outer COMMIT).
 */
export function embeddedJobsDb(pglite: PGlite): IDatabase {
  const db = fromPglite(pglite);
  return {
    ...db,
    executeSql: (text, values) =>
      values?.length || !STARTS_TRANSACTION.test(text)
        ? db.executeSql(text, values)
        : pglite.transaction(async (tx) => ({ rows: (await tx.exec(text)).flatMap((r) => r.rows) })),
  };
}

function bossOptions(connection: DatabaseConnection): ConstructorOptions {
  // No instance registry (pg-boss's heartbeat table of live processes, for its dashboards): we
  // read nothing from it, and registering took 0.25-1.3 s of the embedded start (measured here).
  const common = {
    schema: JOBS_SCHEMA,
    useListenNotify: true,
    registerInstance: false,
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
  } as const;
  // The embedded database is one connection, shared with Prisma: pg-boss's statements go
  // through PGlite's query()/exec(), which wait for PGlite's transaction lock, so none can
  // run inside one of Prisma's interactive transactions (tests/jobs/shared-pglite.test.ts).
  if (connection.kind === 'embedded') return { ...common, db: embeddedJobsDb(connection.pglite), backend: 'pglite' };
  // A small pool of its own: pg-boss polls and keeps a LISTEN connection, apart from Prisma's pool.
  return { ...common, connectionString: connection.url, max: 4 };
}

/** Starts pg-boss (creating or migrating its tables first). */
export async function startJobs(connection: DatabaseConnection, log: Pick<Logger, 'warn' | 'error'>): Promise<Jobs> {
  const boss = new PgBoss(bossOptions(connection));
  boss.on('error', (err: unknown) => log.error({ err }, 'the job engine reported an error'));
  boss.on('warning', (warning: unknown) => log.warn({ warning }, 'the job engine warns'));
  await boss.start();
  return {
    async queue(name, options) {
      await boss.createQueue(name, { ...options, notify: true });
    },
    async send(queue, data, options = {}) {
      await boss.send(queue, data, {
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      });
    },
    async schedule(queue, key, cron, timeZone, data) {
      await boss.schedule(queue, cron, data, { tz: timeZone, key });
    },
    async unschedule(queue, key) {
      await boss.unschedule(queue, key);
    },
    async schedules(queue, key) {
      const rows = await boss.getSchedules(queue, key);
      return rows.map((s) => ({ key: s.key, cron: s.cron, timeZone: s.timezone, data: s.data }));
    },
    async work<T extends object>(queue: string, handler: (data: T, signal: AbortSignal) => Promise<void>, { concurrency = 1 }: { concurrency?: number } = {}) {
      // Several at once: as many workers, each taking one job at a time, so a short job never
      // waits for a long one fetched in the same batch.
      const fetch = concurrency > 1 ? { batchSize: 1, localConcurrency: concurrency } : { batchSize: BATCH };
      const options = { pollingIntervalSeconds: POLLING_SECONDS, notifyPollingIntervalSeconds: POLLING_SECONDS, ...fetch, burstWhenBatchFull: true, perJobResults: true } as const;
      await boss.work<T>(queue, options, async (batch) => {
        const results: JobResult[] = [];
        // One failure fails only its own job (retried later), not the rest of the batch.
        for (const job of batch) {
          try {
            await handler(job.data, job.signal);
            results.push({ id: job.id, status: 'completed' });
          } catch (err) {
            log.warn({ err, queue, jobId: job.id }, 'a job failed; pg-boss will retry it');
            results.push({ id: job.id, status: 'failed', output: { message: err instanceof Error ? err.message : String(err) } });
          }
        }
        return results;
      });
    },
    async stop(timeoutMs) {
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}
