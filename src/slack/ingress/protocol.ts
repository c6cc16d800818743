// Messages between the ingress thread (owns the public HTTP port) and the
// app's main thread (runs Bolt, the use cases and the database).
import type { RequestKind, SlackBody } from './parse.js';

export interface IngressOptions {
  /** Public port; 0 picks a free one. */
  port: number;
  /** Interface of the public port; undefined means every interface. */
  host?: string | undefined;
  signingSecret: string;
  /** Path of Slack's requests, e.g. /slack/events. */
  eventsPath: string;
  /** Loopback port of the main thread's server for every other route (OAuth, health). */
  upstreamPort: number;
  /** Largest accepted Slack request body. */
  bodyLimitBytes: number;
  /** How long a request whose ack carries an answer may wait for the app (Slack gives up at 3 s). */
  answerTimeoutMs: number;
  /** How long the main thread may miss its heartbeat before the ingress answers for it (./watchdog.ts). */
  heartbeatTimeoutMs: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type FromIngress =
  | { t: 'listening'; port: number }
  | {
      t: 'slack';
      id: number;
      requestId: string;
      body: SlackBody;
      /** True when Slack already has its 200; false when the ack's answer is awaited. */
      acked: boolean;
      retryNum?: number | undefined;
      retryReason?: string | undefined;
    }
  | { t: 'log'; level: LogLevel; msg: string; data?: Record<string, unknown> }
  /** Slack has its ack: how long after the request arrived, by request kind (./parse.ts requestKind). */
  | { t: 'acked'; kind: RequestKind; seconds: number }
  /** A heartbeat came, `gapMs` after the one before: the main thread's heartbeat age as seen here. */
  | { t: 'beat'; gapMs: number }
  /** The main thread answers again after missing its heartbeat for `stalledMs`. */
  | { t: 'recovered'; stalledMs: number }
  | { t: 'closed' };

export type ToIngress =
  | { t: 'answer'; id: number; status: number; contentType?: string | undefined; body: string }
  /** The main thread is answering (sent every fraction of `heartbeatTimeoutMs`). */
  | { t: 'heartbeat' }
  /** Stop accepting connections, finish the open ones, then report `closed`. */
  | { t: 'close' }
  /** The options of a thread started before them (./thread.ts), which waits for this one message to open its port. */
  | { t: 'start'; options: IngressOptions };
