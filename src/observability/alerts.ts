// Operators' alerts in OPS_CHANNEL. Conditions are raised as often as they are seen; what reaches
// the channel is at most one message per condition and subject per window (THROTTLE_SECONDS),
// for the whole deployment: each alert is a job of the engine's with that window's singleton key,
// so replicas seeing the same client fail share one row in the database. A global cap per hour
// (per process) bounds a storm of distinct subjects. Posting is the job's work, retried by the
// engine when Slack fails.
import type { OpsAlert, OpsAlerts } from '../core/alerts.js';
import type { Jobs } from '../jobs/engine.js';
import type { Logger } from '../logger.js';

export const OPS_ALERT_QUEUE = 'ops-alert';
/** One message per condition and subject (a client, a queue) per six hours. */
export const THROTTLE_SECONDS = 6 * 3600;
/** Alerts this process may post per hour, whatever their subjects. */
const MAX_PER_HOUR = 20;
/** Few retries: an alert hours late is worth less, and its own dead letters raise no alert. */
const QUEUE_SETTINGS = { retryLimit: 2 };

/** An alert as it travels in its job: a client only by its short hash. */
export type OpsAlertJob =
  | { condition: 'needs_reconnect'; teamId: string; client: string }
  | Exclude<OpsAlert, { condition: 'needs_reconnect' }>;

export interface OpsAlertsDeps {
  /** OPS_CHANNEL; undefined: conditions are logged only. */
  channel: string | undefined;
  jobs: Pick<Jobs, 'queue' | 'send'>;
  hash: (teamId: string, clientId: string) => string;
  log: Logger;
  now?: () => number;
}

function jobOf(alert: OpsAlert, hash: OpsAlertsDeps['hash']): { job: OpsAlertJob; subject: string } {
  switch (alert.condition) {
    case 'needs_reconnect': {
      const client = hash(alert.teamId, alert.clientId);
      return { job: { condition: 'needs_reconnect', teamId: alert.teamId, client }, subject: client };
    }
    case 'dead_lettered':
      return { job: alert, subject: alert.queue };
    case 'google_errors':
    case 'slow_acks':
    case 'main_thread_stalled':
      return { job: alert, subject: 'app' };
  }
}

export function opsAlerts(deps: OpsAlertsDeps): OpsAlerts {
  const now = deps.now ?? Date.now;
  // What this process queued lately: a condition seen on every request costs no query after the first.
  const recent = new Map<string, number>();
  let hour = { start: 0, count: 0 };
  return {
    raise(alert) {
      const { job, subject } = jobOf(alert, deps.hash);
      const key = `${job.condition}.${subject}`;
      const at = now();
      const last = recent.get(key);
      if (last !== undefined && at - last < THROTTLE_SECONDS * 1000) return;
      if (recent.size > 10_000) recent.clear();
      recent.set(key, at);
      deps.log.warn({ alert: job }, 'operator alert');
      if (!deps.channel) return;
      if (at - hour.start >= 3_600_000) hour = { start: at, count: 0 };
      if (++hour.count > MAX_PER_HOUR) {
        deps.log.warn({ condition: job.condition }, 'operator alert not posted: the hourly cap is reached');
        return;
      }
      // pg-boss refuses jobs of a queue it does not have; creating one it has is a no-op.
      deps.jobs
        .queue(OPS_ALERT_QUEUE, QUEUE_SETTINGS)
        .then(() => deps.jobs.send(OPS_ALERT_QUEUE, job, { singletonKey: key, throttleSeconds: THROTTLE_SECONDS }))
        .catch((err: unknown) => deps.log.error({ err, condition: job.condition }, 'could not queue an operator alert'));
    },
  };
}

/** Posts each alert job (`post` words it for Slack); a failed post is retried by the engine. */
export async function workOpsAlerts(jobs: Pick<Jobs, 'queue' | 'work'>, post: (alert: OpsAlertJob) => Promise<void>): Promise<void> {
  await jobs.queue(OPS_ALERT_QUEUE, QUEUE_SETTINGS);
  await jobs.work<OpsAlertJob>(OPS_ALERT_QUEUE, post);
}
