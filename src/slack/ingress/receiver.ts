import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { TaskTracker } from '../../shared/tasks.js';
import { inRequest } from '../../shared/request-scope.js';
import type { FromIngress, IngressOptions, ToIngress } from './protocol.js';
import { heartbeatIntervalMs } from './watchdog.js';
import { ingressThread } from './thread.js';
import type { Metrics } from '../../core/metrics.js';
import type { OpsAlerts } from '../../core/alerts.js';

export interface IngressReceiverOptions {
  signingSecret: string;
  port: number;
  host?: string | undefined;
  eventsPath: string;
  log: Logger;
  tasks: TaskTracker;
  /** Bound on waiting for the ingress to finish its open requests at stop. */
  stopTimeoutMs: number;
  bodyLimitBytes?: number;
  answerTimeoutMs?: number;
  /** How long this thread may miss its heartbeat before the ingress answers for it. */
  heartbeatTimeoutMs?: number;
  /** Where the ingress thread's measures land: ack latency, heartbeat age, stalls. */
  metrics: Pick<Metrics, 'slackAck' | 'mainHeartbeatAge' | 'mainThreadStalls'>;
  alerts: OpsAlerts;
}

/** Bolt's limit for a request body. */
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;
/** Slack waits 3 s for an ack; an answer later than this would be thrown away. */
export const ANSWER_TIMEOUT_MS = 2800;
/** Default of HEARTBEAT_TIMEOUT_MS. */
const HEARTBEAT_TIMEOUT_MS = 5000;
/** A thread that dies this often in a row is not coming back by itself. */
const MAX_RESPAWNS = 5;

/**
 * Bolt receiver whose HTTP server runs on a thread of its own (./worker.ts).
 * The thread verifies and acknowledges Slack's requests; this side runs them
 * through Bolt with an `ack` that either does nothing (Slack already has its
 * 200) or sends the listener's answer back to the waiting request.
 */
export class IngressReceiver implements Receiver {
  private app: App | undefined;
  private worker: Worker | undefined;
  private upstreamPort = 0;
  private port: number;
  private stopping = false;
  private respawns = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly log: Logger;

  constructor(private readonly opts: IngressReceiverOptions) {
    this.port = opts.port;
    this.log = opts.log.child({ component: 'ingress' });
  }

  init(app: App): void {
    this.app = app;
  }

  /** Starts the ingress thread; resolves with the public port once it listens. */
  async start(upstreamPort: number): Promise<number> {
    this.upstreamPort = upstreamPort;
    this.stopping = false;
    // The thread inherits this thread's priority when it is created (below, or earlier: ./thread.ts).
    const ingressNice = linuxNice();
    const port = await this.spawn();
    if (ingressNice !== undefined) this.yieldCpuToIngress(ingressNice);
    // The ingress thread's watchdog: a beat that stops coming means this thread is stuck.
    const every = heartbeatIntervalMs(this.heartbeatTimeoutMs);
    this.send({ t: 'heartbeat' });
    this.heartbeat = setInterval(() => this.send({ t: 'heartbeat' }), every);
    this.heartbeat.unref();
    return port;
  }

  private get heartbeatTimeoutMs(): number {
    return this.opts.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeat);
    const worker = this.worker;
    if (!worker) return;
    const closed = new Promise<void>((resolve) => {
      const onMessage = (m: FromIngress) => m.t === 'closed' && resolve();
      worker.on('message', onMessage);
      worker.once('exit', () => resolve());
      setTimeout(resolve, this.opts.stopTimeoutMs).unref();
    });
    this.send({ t: 'close' });
    await closed;
    await worker.terminate();
    this.worker = undefined;
  }

  /**
   * When the CPUs are saturated (a burst of agendas: parsing Google's answers,
   * database work), the ingress thread must still get CPU at once: Slack's
   * deadline is 3 s, an agenda can wait. On Linux a nice value belongs to a
   * thread, so this (main) thread lowers its own priority below the ingress
   * thread's, which needs no privilege. Elsewhere it would lower the whole
   * process, so nothing is changed there.
   */
  private yieldCpuToIngress(ingressNice: number): void {
    const target = Math.min(19, ingressNice + MAIN_THREAD_NICENESS);
    try {
      if (os.getPriority(0) < target) os.setPriority(0, target);
    } catch (err) {
      this.log.debug({ err }, 'could not lower the main thread\u2019s priority');
    }
  }

  /** The ingress thread, for tests that need to see it die and come back. */
  get thread(): Worker | undefined {
    return this.worker;
  }

  private spawn(): Promise<number> {
    const workerData: IngressOptions = {
      port: this.port,
      host: this.opts.host,
      signingSecret: this.opts.signingSecret,
      eventsPath: this.opts.eventsPath,
      upstreamPort: this.upstreamPort,
      bodyLimitBytes: this.opts.bodyLimitBytes ?? BODY_LIMIT_BYTES,
      answerTimeoutMs: this.opts.answerTimeoutMs ?? ANSWER_TIMEOUT_MS,
      heartbeatTimeoutMs: this.heartbeatTimeoutMs,
    };
    const worker = ingressThread(workerData);
    this.worker = worker;
    return new Promise<number>((resolve, reject) => {
      let listening = false;
      worker.on('message', (message: FromIngress) => {
        if (message.t === 'listening') {
          listening = true;
          this.respawns = 0;
          // A respawned thread must come back on the same port, not a new free one.
          this.port = message.port;
          resolve(message.port);
        } else this.onMessage(message);
      });
      worker.on('error', (err) => {
        if (!listening) reject(err);
        else this.log.error({ err }, 'the ingress thread failed');
      });
      worker.on('exit', (code) => {
        if (!listening) return reject(new Error(`the ingress thread exited with code ${code} before listening`));
        if (this.stopping || this.worker !== worker) return;
        if (++this.respawns > MAX_RESPAWNS) {
          this.log.fatal({ code }, 'the ingress thread keeps dying: Slack requests are no longer received');
          return;
        }
        this.log.error({ code }, 'the ingress thread exited; starting it again');
        this.spawn().catch((err: unknown) => this.log.fatal({ err }, 'the ingress thread could not be started again'));
      });
    });
  }

  private send(message: ToIngress): void {
    this.worker?.postMessage(message);
  }

  private onMessage(message: FromIngress): void {
    const { metrics } = this.opts;
    if (message.t === 'acked') return metrics.slackAck.observe({ kind: message.kind }, message.seconds);
    if (message.t === 'beat') return metrics.mainHeartbeatAge.set({}, message.gapMs / 1000);
    if (message.t === 'recovered') {
      metrics.mainThreadStalls.inc({});
      this.opts.alerts.raise({ condition: 'main_thread_stalled', stalledMs: message.stalledMs });
      return;
    }
    if (message.t === 'log') {
      // The thread names the request `requestId`; every other line about a request says `reqId`.
      const { requestId, ...data } = message.data ?? {};
      this.log[message.level](requestId === undefined ? data : { reqId: requestId, ...data }, message.msg);
      return;
    }
    if (message.t !== 'slack') return;
    const app = this.app;
    if (!app) throw new Error('IngressReceiver used before init()');
    const { id, acked, requestId } = message;
    const log = this.log.child({ reqId: requestId });
    let answered = acked;
    const ack: ReceiverEvent['ack'] = async (response?: unknown) => {
      if (acked) {
        // Slack already has its 200 and will not read a body: a listener that
        // answers here has a bug, and the user would never see the answer.
        if (response !== undefined && response !== '') log.error({ type: message.body.type }, 'an answer was given to a request acknowledged already; it is lost');
        return;
      }
      if (answered) return;
      answered = true;
      if (response === undefined || response === null || response === '') this.send({ t: 'answer', id, status: 200, body: '' });
      else if (typeof response === 'string') this.send({ t: 'answer', id, status: 200, body: response });
      else this.send({ t: 'answer', id, status: 200, contentType: 'application/json', body: JSON.stringify(response) });
    };
    const processed = inRequest(requestId, () =>
      app.processEvent({
        body: message.body,
        ack,
        retryNum: message.retryNum,
        retryReason: message.retryReason,
        customProperties: { requestId },
      }),
    );
    const work = processed.then(
      () => {
        if (answered) return;
        answered = true;
        log.warn({ type: message.body.type }, 'no listener answered a Slack request');
        this.send({ t: 'answer', id, status: 404, body: '' });
      },
      (err: unknown) => {
        if (!answered) {
          answered = true;
          this.send({ t: 'answer', id, status: 500, body: '' });
        }
        throw err;
      },
    );
    // Nobody awaits a Slack request's work: the tracker owns its failure.
    this.opts.tasks.detach('a Slack request', work, log);
  }
}

/** How much lower the main thread's priority is than the ingress thread's (nice steps). */
export const MAIN_THREAD_NICENESS = 5;

const linuxNice = (): number | undefined => (process.platform === 'linux' ? os.getPriority(0) : undefined);
