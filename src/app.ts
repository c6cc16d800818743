import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { openDatabase, type Database } from './db/database.js';
import { embeddedOrigin } from './db/embedded.js';
import { TaskTracker } from './shared/tasks.js';
import { createSlackTransport, type SlackTransport } from './slack/app.js';
import { createRouterServer } from './http/router.js';
import { healthRoutes } from './http/health.js';
import { googleOAuthRoutes } from './http/google-oauth.js';
import { loadSecretBox } from './db/keys.js';
import { buildServices } from './services.js';
import { slackWebApi } from './slack/web-api/web-client.js';
import { systemClock, type Clock } from './shared/clock.js';
import type { Jobs } from './jobs/engine.js';
import { startJobsInBackground } from './jobs/background.js';
import { digestScheduler, workDigests } from './jobs/digests.js';
import { workRevocationRetries } from './jobs/revocations.js';
import { jobsAdminPort } from './jobs/admin.js';
import { bulkRunQueue, workBulkRuns } from './jobs/bulk.js';
import { createObservability } from './observability/observability.js';
import { subjectHasher } from './observability/subject-hash.js';
import { workOpsAlerts } from './observability/alerts.js';
import { opsAlertText } from './slack/views/ops-alert.js';
import { feedQueue, workFeed } from './jobs/feed.js';
import { exportQueue, workExports } from './jobs/exports.js';
import { googleNotificationRoutes } from './http/google-notifications.js';
import { importSampleRoutes } from './http/import-sample.js';
import { importQueue, workImports } from './jobs/imports.js';

export const VERSION = '0.1.0';

export interface RunningApp {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  db: Database;
  /** The job engine (pg-boss) on the same database. */
  jobs: Jobs;
  slack: SlackTransport;
  /** The METRICS_PORT server's port, when there is one. */
  metricsPort: number | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** "Now" for every date the app computes; the system's unless a test sets the day. */
  clock?: Clock;
  /**
   * Told when something the app cannot run without fails after it started answering (the job
   * engine could not start); `npm start` stops the process with exit code 1. Logged either way.
   */
  onFatal?: (err: unknown) => void;
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
  await migrate(db, log).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  // The engine starts once Slack is taken in (src/jobs/background.ts); not at all if the start fails first.
  let nowListening = () => {};
  const engine = startJobsInBackground(db.connection, log, config.jobs, new Promise<void>((resolve) => (nowListening = resolve)));
  const { jobs } = engine;
  const tasks = new TaskTracker();
  const box = await loadSecretBox(config.crypto, config.database.dataDir, log);
  const clientHash = subjectHasher(box.current.bytes);
  const observability = createObservability({ config, log, db, engine, clientHash });
  const { metrics } = observability.registry;
  const { alerts } = observability;
  const web = slackWebApi(config, log, metrics);
  const services = buildServices({
    config, db, box, slack: web.client, log, clock,
    digestScheduler: digestScheduler(jobs), jobsAdmin: jobsAdminPort(jobs), bulkQueue: bulkRunQueue(jobs),
    metrics, alerts, clientHash,
    feedQueue: feedQueue(jobs),
    exportQueue: exportQueue(jobs),
    importQueue: importQueue(jobs),
  });
  const slack = createSlackTransport(config, log, tasks, web, services, { metrics, alerts });
  const routes = [
    ...observability.routes,
    ...googleOAuthRoutes(services.connections, log),
    ...googleNotificationRoutes((headers) => services.feed.notification(headers), log),
    ...importSampleRoutes(),
    ...healthRoutes({ ping: () => db.ping(), jobs: engine.state, startedAt, mode: socketMode ? 'socket' : 'http', version: VERSION }),
  ];
  // HTTP mode: the public port belongs to the ingress thread, which acks
  // Slack and proxies our own routes to this server on the loopback interface.
  const server = createRouterServer(routes, log);
  await listen(server, socketMode ? config.http.port : 0, socketMode ? config.http.host : '127.0.0.1');
  const ownPort = (server.address() as AddressInfo).port;
  // Before Slack is taken in: a METRICS_PORT already in use stops the start here.
  const metricsPort = await observability.start();
  const port = (await slack.start(ownPort)).port ?? ownPort;
  nowListening();
  // The workers, once the engine has started (unless a stop came first).
  let stopRequested = false;
  const background = engine.started.then(async () => {
    if (stopRequested) return;
    // Daily digests: each user's schedule (and a look at start) asks whether theirs is due.
    await workDigests(jobs, (actor) => services.digest.sendDue(actor));
    // Logged when done: a digest turned on before this look may be checked twice (the claim keeps it once a day).
    tasks.detach('resuming daily digests', services.digest.resume().then((digests) => log.info({ digests }, 'daily digests resumed')), log);
    // Bulk runs: a run another process (or this one, before a restart) left unfinished resumes here.
    await workBulkRuns(jobs, log, (request, signal) => services.bulk.perform(request, signal));
    // Revocations Google did not confirm, retried with backoff; stored, so a restart picks them up.
    await workRevocationRetries(jobs, () => services.connections.retryRevocations());
    // Operators' alerts, posted to OPS_CHANNEL by whichever process takes the job.
    const opsChannel = config.opsChannel;
    if (opsChannel) await workOpsAlerts(jobs, async (alert) => void (await web.client.chat.postMessage({ channel: opsChannel, text: opsAlertText(alert) })));
    // The change feed: each watched calendar's syncs, channel renewal, and polling picked up again.
    await workFeed(jobs, services.feed);
    // Exports: each read and posted by whichever process takes it (again from the start after a crash).
    await workExports(jobs, log, (job, signal) => services.exports.perform(job, signal));
    // Imports: a run another process (or this one, before a restart) left midway goes on from its cursor.
    await workImports(jobs, log, (request, signal) => services.imports.perform(request, signal));
  });
  // Settles (never rejects) once the engine started and its workers are registered, or did not.
  const jobsSettled = background.then(
    () => undefined,
    (err: unknown) => {
      // Told to stop while it started (a supervisor stopping a replica at once): not a failure.
      if (stopRequested) return;
      log.fatal({ err }, 'the job engine could not start: daily digests and bulk runs cannot run');
      options.onFatal?.(err);
    },
  );
  log.info(
    // node's flags (npm start's memory settings) beside the rest, so a deployment's log shows them.
    { port, mode: socketMode ? 'socket' : 'http', database: db.kind, startupMs: Date.now() - startedAt, nodeFlags: process.execArgv },
    'Calendar Stacker is running',
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopRequested = true;
      log.info('shutting down: no new requests; finishing in-flight work');
      await slack.stop().catch((err: unknown) => log.warn({ err }, 'the Slack receiver did not stop cleanly'));
      await observability.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Jobs stop being taken at once; active ones finish meanwhile or are handed back to pg-boss.
      // An engine still starting is let finish (its workers registered) and then stopped.
      const stopJobs = jobsSettled.then(() =>
        engine.state() === 'failed' ? undefined : jobs.stop(config.shutdownTimeoutMs).catch((err: unknown) => log.warn({ err }, 'the job engine did not stop cleanly')),
      );
      const [drained] = await Promise.all([tasks.drain(config.shutdownTimeoutMs), stopJobs]);
      if (!drained) log.warn({ pending: tasks.size }, 'shutdown timeout: abandoning unfinished work');
      server.closeAllConnections();
      await closed;
      await db.close();
      log.info('stopped');
    })());

  return { url: `http://${localAddress(config.http.host)}:${port}`, port, metricsPort, db, jobs, slack, stop };
}

/** Our tables first; the job engine's come after, migrated by pg-boss itself as it starts. */
async function migrate(db: Database, log: Logger): Promise<void> {
  if (db.connection.kind === 'embedded') {
    const origin = embeddedOrigin(db.connection.pglite);
    if (origin !== 'existing') log.info({ origin }, origin === 'image' ? 'new embedded database restored from the build image' : 'new embedded database created (initdb)');
  }
  const applied = await db.migrate();
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
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
