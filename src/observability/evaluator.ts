// Alerts computed from this process's own metrics, once a minute on a timer of the metrics module.
// Not a job-engine schedule: a scheduled job runs on one replica, which can only read its own
// counters; each replica judges its own Google calls and acks (Prometheus, with the rules in
// deploy/prometheus, sees them all). Dead letters are the deployment's, read from the engine;
// the alerts adapter makes every replica's report of them one message.
import type { OpsAlerts } from '../core/alerts.js';
import type { MetricsRegistry, ScrapeSources } from './metrics.js';
import { OPS_ALERT_QUEUE } from './alerts.js';

/** Minutes in a row a threshold must be crossed. */
export const ALERT_MINUTES = 5;
/** Share of Google calls rate limited or failed, each minute, with at least GOOGLE_MIN_CALLS. */
export const GOOGLE_ERROR_RATIO = 0.2;
const GOOGLE_MIN_CALLS = 10;
/** 99th percentile of acks, each minute, with at least ACK_MIN_COUNT acks. */
export const ACK_P99_SECONDS = 1;
const ACK_MIN_COUNT = 5;

interface Minute {
  googleCalls: number;
  googleBad: number;
  acks: number;
  ackP99: number;
}

type Values = Awaited<ReturnType<MetricsRegistry['values']>>;

function googleTotals(values: Values): { calls: number; bad: number } {
  let calls = 0;
  let bad = 0;
  for (const v of values) {
    calls += v.value;
    if (v.labels.outcome === 'rate_limited' || v.labels.outcome === 'failed') bad += v.value;
  }
  return { calls, bad };
}

/** Cumulative ack counts per bucket bound, every kind together. */
function ackBuckets(values: Values): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of values) {
    if (!v.metricName?.endsWith('_bucket')) continue;
    const le = v.labels.le === '+Inf' ? Infinity : Number(v.labels.le);
    out.set(le, (out.get(le) ?? 0) + v.value);
  }
  return out;
}

/** The smallest bucket bound holding 99% of the acks counted between two snapshots. */
function p99(before: Map<number, number>, after: Map<number, number>): { count: number; p99: number } {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = bounds.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const count = delta.at(-1) ?? 0;
  const at = bounds.find((_, i) => (delta[i] ?? 0) >= 0.99 * count);
  return { count, p99: at ?? 0 };
}

export function alertEvaluator(registry: MetricsRegistry, sources: Pick<ScrapeSources, 'jobQueues'>, alerts: OpsAlerts) {
  let last: { google: { calls: number; bad: number }; acks: Map<number, number> } | undefined;
  const minutes: Minute[] = [];
  const deadSeen = new Map<string, number>();

  async function evaluate(): Promise<void> {
    const google = googleTotals(await registry.values('calstack_google_calls_total'));
    const acks = ackBuckets(await registry.values('calstack_slack_ack_seconds'));
    if (last) {
      const ack = p99(last.acks, acks);
      minutes.push({ googleCalls: google.calls - last.google.calls, googleBad: google.bad - last.google.bad, acks: ack.count, ackP99: ack.p99 });
      if (minutes.length > ALERT_MINUTES) minutes.shift();
    }
    last = { google, acks };
    if (minutes.length === ALERT_MINUTES) {
      if (minutes.every((m) => m.googleCalls >= GOOGLE_MIN_CALLS && m.googleBad / m.googleCalls >= GOOGLE_ERROR_RATIO)) {
        const calls = minutes.reduce((n, m) => n + m.googleCalls, 0);
        alerts.raise({ condition: 'google_errors', ratio: minutes.reduce((n, m) => n + m.googleBad, 0) / calls, minutes: ALERT_MINUTES });
      }
      if (minutes.every((m) => m.acks >= ACK_MIN_COUNT && m.ackP99 > ACK_P99_SECONDS)) {
        alerts.raise({ condition: 'slow_acks', p99Seconds: Math.max(...minutes.map((m) => m.ackP99)), minutes: ALERT_MINUTES });
      }
    }
    for (const q of (await sources.jobQueues()) ?? []) {
      // An alert that could not be posted must not raise another.
      if (q.queue === OPS_ALERT_QUEUE) continue;
      if (q.deadLettered > (deadSeen.get(q.queue) ?? 0)) alerts.raise({ condition: 'dead_lettered', queue: q.queue, count: q.deadLettered });
      deadSeen.set(q.queue, q.deadLettered);
    }
  }

  return { evaluate };
}
