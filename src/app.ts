import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { openDatabase, type Database } from './db/database.js';
import { TaskTracker } from './shared/tasks.js';
import { createSlackTransport, type SlackTransport } from './slack/app.js';
import { createRouterServer } from './http/router.js';
import { healthRoutes } from './http/health.js';
import { googleOAuthRoutes } from './http/google-oauth.js';
import { loadSecretBox } from './db/keys.js';
import { buildServices } from './services.js';
import { slackWebApi } from './slack/web-api/web-client.js';
import { startPeriodic } from './shared/periodic.js';
import { systemClock, type Clock } from './shared/clock.js';
import { startJobs, type Jobs } from './jobs/engine.js';
import { digestScheduler, workDigests } from './jobs/digests.js';
import { bulkRunQueue, workBulkRuns } from './jobs/bulk.js';

/** How often revocations Google did not confirm are looked at (each has its own backoff). */
const REVOCATION_RETRY_INTERVAL_MS = 60_000;

export const VERSION = '0.1.0';

export interface RunningApp {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  db: Database;
  /** The job engine (pg-boss) on the same database. */
  jobs: Jobs;
  slack: SlackTransport;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** "Now" for every date the app computes; the system's unless a test sets the day. */
  clock?: Clock;
}

/**
 * Composition root, built in one direction: config → database (migrated) → Slack's Web API
 * and Google's clients → use cases → Slack transport and HTTP routes, each given finished
 * parts. Starts everything; `stop()` undoes it in reverse.
 */
export async function startApp(config: Config, log: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const clock = options.clock ?? systemClock;
  const startedAt = Date.now();
  const socketMode = Boolean(config.slack.appToken);
  const db = await openDatabase({ ...config.database, log });
  const jobs = await migrateThenStartJobs(db, log).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const tasks = new TaskTracker();
  const box = await loadSecretBox(config.crypto, config.database.dataDir, log);
  const web = slackWebApi(config, log);
  const services = buildServices({ config, db, box, slack: web.client, log, clock, digestScheduler: await digestScheduler(jobs), bulkQueue: bulkRunQueue(jobs) });
  const slack = createSlackTransport(config, log, tasks, web, services);
  const routes = [
    ...googleOAuthRoutes(services.connections, log),
    ...healthRoutes({ ping: () => db.ping(), startedAt, mode: socketMode ? 'socket' : 'http', version: VERSION }),
  ];
  // HTTP mode: the public port belongs to the ingress thread, which acks
  // Slack and proxies our own routes to this server on the loopback interface.
  const server = createRouterServer(routes, log);
  await listen(server, socketMode ? config.http.port : 0, socketMode ? config.http.host : '127.0.0.1');
  const ownPort = (server.address() as AddressInfo).port;
  const port = (await slack.start(ownPort)).port ?? ownPort;
  // Daily digests run as jobs: each user's schedule (and a look at start) asks whether theirs is due.
  await workDigests(jobs, (actor) => services.digest.sendDue(actor));
  tasks.detach('resuming daily digests', services.digest.resume(), log);
  // Bulk runs too: a run another process (or this one, before a restart) left unfinished resumes here.
  await workBulkRuns(jobs, log, (request, signal) => services.bulk.perform(request, signal));
  // Revocations Google did not confirm, retried with backoff; stored, so a restart picks them up.
  const revocations = startPeriodic(
    () => services.connections.retryRevocations().catch((err: unknown) => log.warn({ err }, 'retrying Google revocations failed; will try again')),
    REVOCATION_RETRY_INTERVAL_MS,
  );
  log.info(
    { port, mode: socketMode ? 'socket' : 'http', database: db.kind, startupMs: Date.now() - startedAt },
    'Calendar Stacker is running',
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: no new requests; finishing in-flight work');
      await slack.stop().catch((err: unknown) => log.warn({ err }, 'the Slack receiver did not stop cleanly'));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await revocations.stop();
      // Jobs stop being taken at once; active ones finish meanwhile or are handed back to pg-boss.
      const [drained] = await Promise.all([
        tasks.drain(config.shutdownTimeoutMs),
        jobs.stop(config.shutdownTimeoutMs).catch((err: unknown) => log.warn({ err }, 'the job engine did not stop cleanly')),
      ]);
      if (!drained) log.warn({ pending: tasks.size }, 'shutdown timeout: abandoning unfinished work');
      server.closeAllConnections();
      await closed;
      await db.close();
      log.info('stopped');
    })());

  return { url: `http://${localAddress(config.http.host)}:${port}`, port, db, jobs, slack, stop };
}

/** The job engine's tables come after ours: pg-boss migrates its own schema as it starts. */
async function migrateThenStartJobs(db: Database, log: Logger): Promise<Jobs> {
  const applied = await db.migrate();
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  const startedAt = Date.now();
  const jobs = await startJobs(db.connection, log);
  log.info({ jobsStartupMs: Date.now() - startedAt }, 'job engine started');
  return jobs;
}

/** Where this machine reaches the public port: HOST, unless it names every interface. */
function localAddress(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
