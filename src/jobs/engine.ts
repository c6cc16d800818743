// The background job engine: pg-boss, on the same database as the app (PostgreSQL or the
// embedded PGlite). pg-boss creates and migrates its own tables in the `pgboss` schema at
// start; they are not in Prisma's schema and Prisma's migrations never touch them.
import type { PGlite } from '@electric-sql/pglite';
import type { ConstructorOptions, Db as IDatabase, Job, JobResult, fromPglite as FromPglite } from 'pg-boss';
import type { Logger } from '../logger.js';
import type { DatabaseConnection } from '../db/database.js';
import type { QueueCounts } from '../core/jobs/ports.js';
import { maskSecretShapes } from '../shared/secret-shapes.js';

export const JOBS_SCHEMA = 'pgboss';
/**
 * One dead-letter queue for every queue of ours: pg-boss records each job's source queue
 * (`sourceName`), which is all an admin needs to tell them apart and all a redrive needs.
 * Nothing works it: a dead-lettered job waits there for an admin's Retry until the queue's
 * retention (`DEAD_LETTER_RETENTION_DAYS`) runs out and pg-boss drops it.
 */
export const DEAD_LETTER_QUEUE = 'dead-letter';
const DEAD_LETTER_RETENTION_DAYS = 14;

/** How a failed job is tried again before it is dead-lettered; the delay doubles each try. */
export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
}

/** A job that failed every try and waits in the dead-letter queue. */
export interface DeadLetteredJob {
  /** Its id in the dead-letter queue (what a redrive names). */
  id: string;
  /** The queue it failed on. */
  queue: string;
  data: unknown;
  deadLetteredAt: Date;
  /** Tries in all, the first included. */
  attempts: number;
  /** What its last try left: `{ message }` when our worker failed it. */
  output: unknown;
}

/** Every method is async: while the engine starts in the background, calls wait for it (background.ts). */
export interface Jobs {
  /**
   * Creates `queue` unless it exists (pg-boss does nothing for a queue it has, so replicas may all
   * ask), with the engine's retry policy unless `own` says otherwise, and the shared dead-letter queue.
   */
  queue(name: string, own?: QueueSettings): Promise<void>;
  /**
   * Adds a job; `startAfterSeconds` delays it; in a `singleton` queue one job per `singletonKey` is active at a time.
   * With `throttleSeconds`, one job per `singletonKey` per window of that many seconds is kept for the whole
   * deployment (pg-boss's singletonSeconds: fixed windows); the others are dropped.
   */
  send(queue: string, data: object, options?: { startAfterSeconds?: number; singletonKey?: string; throttleSeconds?: number }): Promise<void>;
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
  /** Every queue but the dead-letter queue, as pg-boss's monitor last counted them (each minute). */
  counts(): Promise<QueueCounts[]>;
  /** Every dead-lettered job, newest first. */
  deadLettered(): Promise<DeadLetteredJob[]>;
  /** Moves these dead-lettered jobs back to the queues they failed on, to run again; returns how many moved. */
  redrive(ids: readonly string[]): Promise<number>;
  /** Stops taking jobs, lets active ones finish within `timeoutMs` (then hands them back), and closes. */
  stop(timeoutMs: number): Promise<void>;
}

/** What a queue sets for itself over the engine's defaults (retries always back off). */
export interface QueueSettings {
  retryLimit?: number;
  /** The first wait before a failed job is tried again (the engine's `JOB_RETRY_DELAY_SECONDS` otherwise). */
  retryDelaySeconds?: number;
  /** The longest wait between tries, in seconds. */
  retryDelayMax?: number;
  /**
   * `singleton`: one active job per singleton key, any number queued behind it. `stately`: at most
   * one queued and one active per key (a further send while one waits is dropped).
   */
  policy?: 'standard' | 'singleton' | 'stately';
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
 * when a job is sent, and each queue is polled every half second as well, which is what finds a
 * delayed job (`startAfter`, a retry) once its time comes — NOTIFY fired when it was sent.
 * pg-boss's default poll while NOTIFY works is 30 s, which would hold a digest due at 08:00 until
 * 08:00:30.
 */
const POLLING_SECONDS = 0.5;
/**
 * How often each worker of a queue run several at once polls on its own: only a backstop, since
 * the queue's half-second poll wakes one idle worker at a time (see `work`). pg-boss polls every
 * worker separately, and 25 digest workers at half a second were 50 queries a second in an idle
 * app (19% of a core against 11% before them, measured).
 */
const CREW_BACKSTOP_SECONDS = 30;
/**
 * Jobs fetched at once. A worker waits a polling interval between fetches unless the last one
 * came back full, so one job per fetch would drain a backlog (every digest due at 08:00) at two
 * jobs a second; full batches are fetched back to back.
 */
const BATCH = 20;

/** Jobs read from the dead-letter queue per query, oldest first, until none is left. */
const PAGE = 500;
/** A failure's message as kept with the job (and shown to admins): long enough to say what went wrong. */
const OUTPUT_MAX = 500;

const STARTS_TRANSACTION = /^\s*BEGIN\b/i;

/**
 * pg-boss over the embedded database's one connection. pg-boss sends its locked maintenance and
 * migration steps as one `BEGIN; …; COMMIT;` script. When a statement in it fails, `fromPglite`
 * sends ROLLBACK as a second call, and whatever was already waiting for the connection (a
 * Prisma query) runs first, inside the aborted transaction, and fails. Run through PGlite's
 * `transaction()`, the script and its ROLLBACK hold the connection together (PostgreSQL only
 * warns about the nested BEGIN and the outer COMMIT).
 */
export function embeddedJobsDb(pglite: PGlite, fromPglite: typeof FromPglite): IDatabase {
  const db = fromPglite(pglite);
  return {
    ...db,
    executeSql: (text, values) =>
      values?.length || !STARTS_TRANSACTION.test(text)
        ? db.executeSql(text, values)
        : pglite.transaction(async (tx) => ({ rows: (await tx.exec(text)).flatMap((r) => r.rows) })),
  };
}

function bossOptions(connection: DatabaseConnection, fromPglite: typeof FromPglite): ConstructorOptions {
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
  if (connection.kind === 'embedded') return { ...common, db: embeddedJobsDb(connection.pglite, fromPglite), backend: 'pglite' };
  // A small pool of its own: pg-boss polls and keeps a LISTEN connection, apart from Prisma's pool.
  return { ...common, connectionString: connection.url, max: 4 };
}

/** Starts pg-boss (creating or migrating its tables first) and its dead-letter queue. */
export async function startJobs(connection: DatabaseConnection, log: Pick<Logger, 'warn' | 'error'>, retry: RetryPolicy): Promise<Jobs> {
  // Loaded here, not with the app: reading pg-boss's modules takes 0.2-0.3 s, which the app's
  // start need not wait for (src/jobs/background.ts).
  const { PgBoss, fromPglite } = await import('pg-boss');
  const boss = new PgBoss(bossOptions(connection, fromPglite));
  boss.on('error', (err: unknown) => log.error({ err }, 'the job engine reported an error'));
  boss.on('warning', (warning: unknown) => log.warn({ warning }, 'the job engine warns'));
  await boss.start();
  // pg-boss leaves a queue it has as it is (its create_queue inserts ON CONFLICT DO NOTHING), yet
  // asking costs a locked round trip and a re-read of the queue: after a restart, one per queue
  // on the embedded database's one connection, ahead of the requests it serves. Read once which
  // exist; only the missing are created (another replica creating one meanwhile changes nothing).
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  const crews = workerCrews((id) => boss.notifyWorker(id));
  if (!existing.has(DEAD_LETTER_QUEUE)) await boss.createQueue(DEAD_LETTER_QUEUE, { retentionSeconds: DEAD_LETTER_RETENTION_DAYS * 86_400 });
  return {
    async queue(name, own = {}) {
      if (existing.has(name)) return;
      const { retryDelaySeconds, ...settings } = own;
      await boss.createQueue(name, {
        retryLimit: retry.retryLimit,
        retryDelay: retryDelaySeconds ?? retry.retryDelaySeconds,
        retryBackoff: true,
        ...settings,
        deadLetter: DEAD_LETTER_QUEUE,
        notify: true,
      });
      existing.add(name);
    },
    async send(queue, data, options = {}) {
      await boss.send(queue, data, {
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        ...(options.throttleSeconds ? { singletonSeconds: options.throttleSeconds } : {}),
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
      const run = async (batch: Job<T>[]) => {
        const results: JobResult[] = [];
        // One failure fails only its own job (retried later), not the rest of the batch.
        for (const job of batch) {
          try {
            await handler(job.data, job.signal);
            results.push({ id: job.id, status: 'completed' });
          } catch (err) {
            log.warn({ err, queue, jobId: job.id }, 'a job failed; pg-boss will retry it');
            results.push({ id: job.id, status: 'failed', output: { message: failureMessage(err) } });
          }
        }
        return results;
      };
      const polling = (seconds: number) => ({ pollingIntervalSeconds: seconds, notifyPollingIntervalSeconds: seconds, burstWhenBatchFull: true, perJobResults: true }) as const;
      if (concurrency === 1) {
        await boss.work<T>(queue, { ...polling(POLLING_SECONDS), batchSize: BATCH }, run);
        return;
      }
      await crews.start(concurrency, (handle) => boss.work<T>(queue, { ...polling(CREW_BACKSTOP_SECONDS), batchSize: 1 }, (batch) => handle(() => run(batch))));
    },
    async counts() {
      const queues = await boss.getQueues();
      return queues
        .filter((q) => q.name !== DEAD_LETTER_QUEUE)
        .map((q) => ({ queue: q.name, queued: q.queuedCount, active: q.activeCount, failed: q.failedCount }));
    },
    async deadLettered() {
      const jobs: DeadLetteredJob[] = [];
      for (let after: string | undefined; ; ) {
        const page = await boss.findJobs(DEAD_LETTER_QUEUE, { queued: true, limit: PAGE, ...(after ? { after } : {}) });
        for (const job of page) {
          jobs.push({
            id: job.id,
            queue: job.sourceName ?? DEAD_LETTER_QUEUE,
            data: job.data,
            deadLetteredAt: job.createdOn,
            attempts: (job.sourceRetryCount ?? 0) + 1,
            output: job.sourceOutput,
          });
        }
        if (page.length < PAGE) break;
        after = page.at(-1)?.id;
      }
      return jobs.sort((a, b) => b.deadLetteredAt.getTime() - a.deadLetteredAt.getTime());
    },
    async redrive(ids) {
      return ids.length ? boss.redrive(DEAD_LETTER_QUEUE, { ids: [...ids] }) : 0;
    },
    async stop(timeoutMs) {
      crews.stop();
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}

/**
 * Queues whose jobs run several at once in this process: as many pg-boss workers, each taking one
 * job at a time, so a short job never waits for a long one fetched in the same batch (one slow
 * Google account does not hold back other users' digests). Left to themselves they would each poll
 * every half second; instead each polls only every `CREW_BACKSTOP_SECONDS`, and
 * - every `POLLING_SECONDS` the crew's next idle worker is woken to fetch (pg-boss's notifyWorker),
 *   so the queue is polled as often as a queue of one worker, whichever of its workers are busy;
 * - a worker that takes a job wakes the others, so a backlog (every digest due at 08:00) is
 *   fetched by all of them at once; a worker already busy then fetches again as soon as it is done
 *   instead of waiting out its poll.
 */
function workerCrews(wake: (workerId: string) => void) {
  const timers = new Set<NodeJS.Timeout>();
  return {
    /** Starts `size` workers with `work`, which returns the worker's id and runs each batch through `handle`. */
    async start(size: number, work: (handle: <R>(batch: () => Promise<R>) => Promise<R>) => Promise<string>) {
      const crew: { id: string; busy: boolean }[] = [];
      const wakeOthers = (self: { id: string }) => {
        // A busy worker polls again as soon as its job ends (its batch was full): only idle ones need waking.
        for (const member of crew) if (member !== self && !member.busy) wake(member.id);
      };
      for (let i = 0; i < size; i++) {
        const member = { id: '', busy: false };
        member.id = await work(async (batch) => {
          member.busy = true;
          wakeOthers(member);
          try {
            return await batch();
          } finally {
            member.busy = false;
          }
        });
        crew.push(member);
      }
      let next = 0;
      const timer = setInterval(() => {
        for (let tried = 0; tried < crew.length; tried++) {
          const member = crew[next];
          next = (next + 1) % crew.length;
          if (member && !member.busy) {
            wake(member.id);
            return;
          }
        }
      }, POLLING_SECONDS * 1000);
      timer.unref();
      timers.add(timer);
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
    },
  };
}

/** What a failed job keeps of its error: the message, without anything shaped like a secret, bounded. */
function failureMessage(err: unknown): string {
  const message = maskSecretShapes(err instanceof Error ? err.message : String(err));
  return message.length > OUTPUT_MAX ? `${message.slice(0, OUTPUT_MAX - 1)}\u2026` : message;
}
