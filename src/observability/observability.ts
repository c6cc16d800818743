// The operator's view of one process, built early in the composition root (everything after it
// records into its metrics): the registry and its scrape-time sources, the alerts, the /metrics
// route or server, and the minute timer of the alert evaluator.
import type { Server } from 'node:http';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Database } from '../db/database.js';
import type { BackgroundJobs } from '../jobs/background.js';
import type { OpsAlerts } from '../core/alerts.js';
import type { Route } from '../http/router.js';
import { connectionStates, feedChannelsExpiring } from '../db/repositories/connection-states.js';
import { createMetrics, type JobQueueCounts, type MetricsRegistry } from './metrics.js';
import { opsAlerts } from './alerts.js';
import { alertEvaluator } from './evaluator.js';
import { metricsRoutes, metricsServer } from './serve.js';

const EVALUATE_EVERY_MS = 60_000;

export interface Observability {
  registry: MetricsRegistry;
  alerts: OpsAlerts;
  /** GET /metrics on the app's port when METRICS_TOKEN is set; none otherwise. */
  routes: Route[];
  /** Starts the METRICS_PORT server (if set) and the evaluator; returns the server's port. */
  start(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export function createObservability(opts: {
  config: Config;
  log: Logger;
  db: Database;
  engine: BackgroundJobs;
  clientHash: (teamId: string, clientId: string) => string;
}): Observability {
  const { config, log, db, engine } = opts;
  const jobQueues = async (): Promise<JobQueueCounts[] | undefined> => {
    // Scrapes never wait for an engine still starting.
    if (engine.state() !== 'ready') return undefined;
    const [counts, dead] = await Promise.all([engine.jobs.counts(), engine.jobs.deadLettered()]);
    const deadBy = new Map<string, number>();
    for (const job of dead) deadBy.set(job.queue, (deadBy.get(job.queue) ?? 0) + 1);
    const queues = counts.map((q) => ({ ...q, deadLettered: deadBy.get(q.queue) ?? 0 }));
    return queues;
  };
  const sources = { connectionStates: () => connectionStates(db.prisma), jobQueues, feedChannelsExpiring: () => feedChannelsExpiring(db.prisma, new Date()) };
  const registry = createMetrics(sources, (source, err) => log.warn({ err, source }, 'a metric could not be read'));
  const alerts = opsAlerts({ channel: config.opsChannel, jobs: engine.jobs, hash: opts.clientHash, log });
  const evaluator = alertEvaluator(registry, sources, alerts);
  let timer: NodeJS.Timeout | undefined;
  let server: Server | undefined;
  return {
    registry,
    alerts,
    routes: metricsRoutes(registry, config.metrics.token),
    async start() {
      timer = setInterval(() => {
        evaluator.evaluate().catch((err: unknown) => log.warn({ err }, 'the alert evaluation failed'));
      }, EVALUATE_EVERY_MS);
      timer.unref();
      if (config.metrics.port === undefined) return undefined;
      const s = metricsServer(registry, log);
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(config.metrics.port, config.metrics.host, () => resolve());
      });
      const port = (s.address() as { port: number }).port;
      log.info({ port, host: config.metrics.host }, 'metrics served on their own port');
      return port;
    },
    async stop() {
      clearInterval(timer);
      const s = server;
      if (!s) return;
      await new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeAllConnections();
    },
  };
}
