// Conditions an operator must act on. Raising one is cheap and may happen on every request that
// sees it: the alerts adapter deduplicates and rate-limits (src/observability/alerts.ts).

export type OpsAlert =
  /** Google refused a client's refresh token (invalid_grant): its managers must reconnect it. */
  | { condition: 'needs_reconnect'; teamId: string; clientId: string }
  /** Jobs of `queue` failed every try and wait in the dead-letter queue. */
  | { condition: 'dead_lettered'; queue: string; count: number }
  /** The share of Google calls failing (rate limited or failed) stayed above the threshold. */
  | { condition: 'google_errors'; ratio: number; minutes: number }
  /** Slack's acks stayed slow at the 99th percentile. */
  | { condition: 'slow_acks'; p99Seconds: number; minutes: number }
  /** The main thread missed its heartbeat: slash commands were told the app was busy. */
  | { condition: 'main_thread_stalled'; stalledMs: number };

export interface OpsAlerts {
  raise(alert: OpsAlert): void;
}
