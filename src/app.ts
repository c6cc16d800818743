import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { openDatabase, type Database } from './db/database.js';
import { TaskTracker } from './shared/tasks.js';
import { createSlackTransport, SLACK_EVENTS_PATH, type SlackTransport } from './slack/app.js';
import { createRouter } from './http/router.js';
import { healthRoutes } from './http/health.js';
import { googleOAuthRoutes } from './http/google-oauth.js';
import { loadSecretBox } from './db/keys.js';
import { buildServices } from './services.js';
import type { SlackDeps } from './slack/deps.js';
import { runDigests, startDigestScheduler } from './core/digest/service.js';
import { slackDigestSender } from './slack/digest.js';

export const VERSION = '0.1.0';

export interface RunningApp {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  db: Database;
  slack: SlackTransport;
  stop(): Promise<void>;
}

/**
 * Composition root: config → database (migrated) → Slack transport → HTTP
 * server. Builds and starts everything; `stop()` undoes it in reverse.
 */
export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const startedAt = Date.now();
  const db = await openDatabase(config.database);
  try {
    const applied = await db.migrate();
    if (applied.length) log.info({ migrations: applied }, 'database migrated');
  } catch (err) {
    await db.close();
    throw err;
  }
  const tasks = new TaskTracker();
  const box = await loadSecretBox(config.crypto, config.database.dataDir, log);
  let services: Omit<SlackDeps, 'log'> | undefined;
  const slack = createSlackTransport(config, log, tasks, (client) => {
    services = buildServices(config, db, box, client, log);
    return services;
  });
  const routes = [
    ...googleOAuthRoutes(services!.connections, log),
    ...healthRoutes({ ping: () => db.ping(), startedAt, mode: config.slack.appToken ? 'socket' : 'http', version: VERSION }),
  ];
  const server = createServer(
    createRouter(routes, log, slack.requestListener && { path: SLACK_EVENTS_PATH, listener: slack.requestListener }),
  );
  await listen(server, config.http.port);
  await slack.start();
  const digests = startDigestScheduler(
    () =>
      runDigests(services!.digest, slackDigestSender(slack.app.client, services!), new Date(), (err, sub) =>
        log.warn({ err, userId: sub.userId }, 'daily digest failed; will retry'),
      ),
    config.digestIntervalMs,
  );
  const { port } = server.address() as AddressInfo;
  log.info(
    { port, mode: config.slack.appToken ? 'socket' : 'http', database: db.kind, startupMs: Date.now() - startedAt },
    'Calendar Stacker is running',
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: no new requests; finishing in-flight work');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await digests.stop();
      await slack.stop().catch((err: unknown) => log.warn({ err }, 'socket mode did not stop cleanly'));
      const drained = await tasks.drain(config.shutdownTimeoutMs);
      if (!drained) log.warn({ pending: tasks.size }, 'shutdown timeout: abandoning unfinished work');
      server.closeAllConnections();
      await closed;
      await db.close();
      log.info('stopped');
    })());

  return { url: `http://127.0.0.1:${port}`, port, db, slack, stop };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
