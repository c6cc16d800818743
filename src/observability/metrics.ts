// One prom-client registry for the process: the default Node metrics (event-loop lag and its
// percentiles from monitorEventLoopDelay, heap, GC, handles) and the app's instruments, named
// calstack_*. Instruments are always recorded; serving them is the operator's choice
// (./serve.ts). Gauges that mirror the database or the job engine are read at scrape time.
import { Counter as PromCounter, Gauge as PromGauge, Histogram as PromHistogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConnectionState, Counter, Gauge, Histogram, Metrics } from '../core/metrics.js';

/** What the scrape reads from elsewhere; each source may fail alone without failing the scrape. */
export interface ScrapeSources {
  /** Clients by Google connection state, over every workspace. */
  connectionStates(): Promise<Record<ConnectionState, number>>;
  /** Job queues, or undefined while the engine is not running (then nothing is reported). */
  jobQueues(): Promise<JobQueueCounts[] | undefined>;
  /** Change-feed push channels whose end is within a day, over every workspace. */
  feedChannelsExpiring(): Promise<number>;
}

export type { ConnectionState };

export interface JobQueueCounts {
  queue: string;
  queued: number;
  active: number;
  failed: number;
  deadLettered: number;
}

export interface MetricsRegistry {
  metrics: Metrics;
  contentType: string;
  /** The text exposition of every metric, read fresh. */
  render(): Promise<string>;
  /** A snapshot of one metric's values, for the alert evaluator. */
  values(name: string): Promise<{ labels: Record<string, string | number>; value: number; metricName?: string }[]>;
}

/** Seconds: Slack's acks are due within 3 s; anything past 1 s is worth seeing. */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3];
const WORK_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LATENESS_BUCKETS = [1, 5, 15, 60, 300, 900, 3600];
/** Scrapes come every 15-60 s; the job engine's own counts refresh each few seconds. */
const JOBS_CACHE_MS = 5000;

export function createMetrics(sources: ScrapeSources, onSourceError: (source: string, err: unknown) => void): MetricsRegistry {
  const registers = [new Registry()];
  const [registry] = registers as [Registry];
  collectDefaultMetrics({ register: registry });

  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> => {
    const c = new PromCounter<L>({ name, help, labelNames, registers });
    return { inc: (labels, by = 1) => c.inc(labels as never, by) };
  };
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> => {
    const h = new PromHistogram<L>({ name, help, labelNames, buckets, registers });
    return { observe: (labels, seconds) => h.observe(labels as never, seconds) };
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> => {
    const g = new PromGauge<L>({ name, help, labelNames, registers });
    return { set: (labels, value) => g.set(labels as never, value) };
  };

  const metrics: Metrics = {
    slackAck: histogram('calstack_slack_ack_seconds', 'Receipt to acknowledgement of a Slack request on the ingress thread, by kind.', ['kind'], ACK_BUCKETS),
    slackListener: histogram('calstack_slack_listener_seconds', 'A Slack request\u2019s listener work, by kind, command or action id and outcome.', ['kind', 'id', 'outcome'], WORK_BUCKETS),
    slackApiCalls: counter('calstack_slack_api_calls_total', 'Slack Web API calls (and response_url posts) by method and outcome.', ['method', 'outcome']),
    slackRateLimited: counter('calstack_slack_rate_limited_total', 'Slack answers 429 (rate limited), by method.', ['method']),
    slackRetryAfterSeconds: counter('calstack_slack_retry_after_seconds_total', 'Seconds Slack\u2019s Retry-After told the app to wait, by method.', ['method']),
    googleCalls: counter('calstack_google_calls_total', 'Google Calendar API calls by method and outcome, after retries.', ['method', 'outcome']),
    googleCallSeconds: histogram('calstack_google_call_seconds', 'Google Calendar API call duration, retries included, by method.', ['method'], WORK_BUCKETS),
    googleTokenRefreshes: counter('calstack_google_token_refreshes_total', 'Google access token refreshes by outcome (ok, invalid_grant, failed).', ['outcome']),
    digestLateness: histogram('calstack_digest_lateness_seconds', 'A daily digest\u2019s post time minus its due time.', [], LATENESS_BUCKETS),
    mainHeartbeatAge: gauge('calstack_main_heartbeat_age_seconds', 'The longest the ingress thread waited for the main thread\u2019s heartbeat, as of the last beat.', []),
    mainThreadStalls: counter('calstack_main_thread_stalls_total', 'Times the main thread missed its heartbeat past HEARTBEAT_TIMEOUT_MS.', []),
    feedLag: histogram('calstack_feed_lag_seconds', 'The change feed: a Google push notification\u2019s arrival to its notices posted.', [], WORK_BUCKETS),
  };

  const expiring = new PromGauge({
    name: 'calstack_feed_channels_expiring',
    help: 'Change-feed push channels ending within a day (renewed an hour before their end: a number that stays up means renewal fails).',
    registers,
    async collect() {
      try {
        this.set(await sources.feedChannelsExpiring());
      } catch (err) {
        onSourceError('feed channels', err);
      }
    },
  });
  void expiring;

  const states = new PromGauge<'state'>({
    name: 'calstack_google_clients',
    help: 'Clients by Google connection state (connected, needs_reconnect, not_connected).',
    labelNames: ['state'],
    registers,
    async collect() {
      try {
        for (const [state, n] of Object.entries(await sources.connectionStates())) this.set({ state }, n);
      } catch (err) {
        onSourceError('connection states', err);
      }
    },
  });
  void states;

  let jobsRead: { at: number; value: Promise<JobQueueCounts[] | undefined> } | undefined;
  const jobQueues = () => {
    if (!jobsRead || Date.now() - jobsRead.at > JOBS_CACHE_MS) {
      const value = sources.jobQueues();
      jobsRead = { at: Date.now(), value };
      value.catch(() => (jobsRead = undefined));
    }
    return jobsRead.value;
  };
  const jobs = new PromGauge<'queue' | 'state'>({
    name: 'calstack_jobs',
    help: 'Background jobs by queue and state (queued, active, failed, dead_lettered), as the job engine last counted them.',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      try {
        const queues = await jobQueues();
        this.reset();
        for (const q of queues ?? []) {
          this.set({ queue: q.queue, state: 'queued' }, q.queued);
          this.set({ queue: q.queue, state: 'active' }, q.active);
          this.set({ queue: q.queue, state: 'failed' }, q.failed);
          this.set({ queue: q.queue, state: 'dead_lettered' }, q.deadLettered);
        }
      } catch (err) {
        onSourceError('job queues', err);
      }
    },
  });
  void jobs;

  return {
    metrics,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    async values(name) {
      const metric = registry.getSingleMetric(name);
      if (!metric) return [];
      // Histograms name each series (`_bucket`, `_sum`, `_count`); prom-client's type leaves it out.
      return (await metric.get()).values.map((v) => {
        const { metricName } = v as { metricName?: string };
        return { labels: v.labels as Record<string, string | number>, value: v.value, ...(metricName ? { metricName } : {}) };
      });
    },
  };
}
