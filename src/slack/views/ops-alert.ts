// The words of an operator's alert in OPS_CHANNEL: what happened and what to do. No client name or
// email: the channel may be in another workspace than the client, so a client is its short hash
// (the runbook in the README says how to find it).
import type { OpsAlertJob } from '../../observability/alerts.js';
import { esc } from './mrkdwn.js';

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

export function opsAlertText(alert: OpsAlertJob): string {
  switch (alert.condition) {
    case 'needs_reconnect':
      return `:warning: *A client needs reconnecting* — Google refused client \`${esc(alert.client)}\` of workspace \`${esc(alert.teamId)}\` (invalid_grant: access revoked, password changed or token expired). Its managers got a Reconnect button by DM; until one of them reconnects it (\`/calstack connect <client>\`), its calendar cannot be read or written. Runbook: "CalstackClientNeedsReconnect".`;
    case 'dead_lettered':
      return `:warning: *Background jobs failed every try* — ${alert.count} job(s) of queue \`${esc(alert.queue)}\` wait in the dead-letter queue. A workspace admin sees them and their last error with \`/calstack admin jobs\` and can Retry once the cause is fixed. Runbook: "CalstackJobsDeadLettered".`;
    case 'google_errors':
      return `:warning: *Google is failing* — ${percent(alert.ratio)} of Google Calendar calls failed or were rate limited for ${alert.minutes} minutes. Check Google's status page and the quota in the Cloud console; lower GOOGLE_USER_RATE / GOOGLE_PROJECT_RATE if it is rate limiting. Runbook: "CalstackGoogleErrors".`;
    case 'slow_acks':
      return `:warning: *Slack is answered slowly* — the 99th percentile of acknowledgements was ${alert.p99Seconds.toFixed(2)} s for ${alert.minutes} minutes (Slack gives up at 3 s). Check CPU and memory of the app's host and \`calstack_main_heartbeat_age_seconds\`. Runbook: "CalstackSlowAcks".`;
    case 'main_thread_stalled':
      return `:warning: *The app stopped answering for ${(alert.stalledMs / 1000).toFixed(1)} s* — slash commands were told it was busy meanwhile. It answers again; look in the log before this time for what kept it busy (a large agenda, a slow database). Runbook: "CalstackMainThreadStalled".`;
  }
}
