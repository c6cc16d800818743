// The app's instruments, by name: what core and the adapters record into. The composition root
// gives them one registry (src/observability/metrics.ts); recording is always on, serving is what
// the operator opts into. Label values must come from bounded sets, never a client's name or email.

export type Labels<L extends string> = { [K in L]: string };

export interface Counter<L extends string = never> {
  inc(labels: Labels<L>, by?: number): void;
}

export interface Histogram<L extends string = never> {
  /** In seconds. */
  observe(labels: Labels<L>, seconds: number): void;
}

export interface Gauge<L extends string = never> {
  set(labels: Labels<L>, value: number): void;
}

/** How a Google call ended, after our retries. */
export type GoogleOutcome = 'ok' | 'retried' | 'rate_limited' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'failed';

export interface Metrics {
  /** Receipt to ack of a Slack request, measured on the ingress thread, by kind (command, block_action, …). */
  slackAck: Histogram<'kind'>;
  /** A Slack request's listeners, by kind, command or action id (known ids, else `other`) and outcome. */
  slackListener: Histogram<'kind' | 'id' | 'outcome'>;
  slackApiCalls: Counter<'method' | 'outcome'>;
  slackRateLimited: Counter<'method'>;
  /** Seconds Slack's Retry-After asked us to wait. */
  slackRetryAfterSeconds: Counter<'method'>;
  googleCalls: Counter<'method' | 'outcome'>;
  googleCallSeconds: Histogram<'method'>;
  googleTokenRefreshes: Counter<'outcome'>;
  /** A digest's post time minus its due time. */
  digestLateness: Histogram;
  /** The longest the ingress thread went without the main thread's heartbeat, as of its last beat. */
  mainHeartbeatAge: Gauge;
  mainThreadStalls: Counter;
  /** A push notification's arrival to its notices posted (the change feed). */
  feedLag: Histogram;
}

/** A client's Google connection, as the calstack_google_clients gauge counts them. */
export type ConnectionState = 'connected' | 'needs_reconnect' | 'not_connected';
