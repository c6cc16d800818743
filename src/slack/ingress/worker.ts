// The ingress thread. It owns the public HTTP port so that Slack's requests
// are read, verified and acknowledged on an event loop that never runs the
// app's work: however busy the main thread is (agendas for hundreds of
// clients, PGlite queries, rendering), acks stay as fast as a bare Bolt app's.
// Slack requests go to the main thread as messages; every other route (OAuth,
// health) is proxied to the main thread's loopback server unchanged.
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { BadRequest, classify, isSslCheck, isSlackContentType, requestKind, type RequestKind } from './parse.js';
import { answerMalformed, REQUEST_ID, requestProblem } from '../../http/untrusted-requests.js';
import { signatureProblem } from './verify.js';
import type { FromIngress, IngressOptions, LogLevel, ToIngress } from './protocol.js';
import { BUSY_ANSWER, UNHEALTHY_ANSWER, startWatchdog } from './watchdog.js';

if (!parentPort) throw new Error('the ingress runs as a worker thread of the app, not on its own');
const port = parentPort;
/** Given at start, or, to a thread started early (./thread.ts), in a `start` message. */
const options = (workerData as IngressOptions | null) ?? (await startMessage());

function startMessage(): Promise<IngressOptions> {
  return new Promise((resolve) => {
    const onMessage = (message: ToIngress) => {
      if (message.t !== 'start') return;
      port.off('message', onMessage);
      resolve(message.options);
    };
    port.on('message', onMessage);
  });
}
const post = (message: FromIngress) => port.postMessage(message);
const log = (level: LogLevel, msg: string, data?: Record<string, unknown>) => post({ t: 'log', level, msg, data });

interface Pending {
  res: ServerResponse;
  timer: NodeJS.Timeout;
  kind: RequestKind;
  startedAt: number;
}
const pending = new Map<number, Pending>();
let nextId = 1;
let closing = false;
const upstreamAgent = new Agent({ keepAlive: true });
const watchdog = startWatchdog(options.heartbeatTimeoutMs, log, (stalledMs) => post({ t: 'recovered', stalledMs }));

/** Acks are timed here, where they happen; the main thread keeps the metric. */
const acked = (kind: RequestKind, startedAt: number) => post({ t: 'acked', kind, seconds: (performance.now() - startedAt) / 1000 });
/** Health routes the ingress answers itself while the main thread is stuck. */
const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function respond(res: ServerResponse, status: number, body = '', contentType?: string): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = {};
  if (contentType) headers['content-type'] = contentType;
  if (closing) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.bodyLimitBytes) {
        req.removeAllListeners('data');
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleSlack(req: IncomingMessage, res: ServerResponse, requestId: string, startedAt: number): Promise<void> {
  const contentType = header(req, 'content-type');
  // Slack sends form data or JSON, never more than Bolt's limit: anything else is refused unread.
  if (!isSlackContentType(contentType)) return respond(res, 415);
  if (Number(header(req, 'content-length') ?? 0) > options.bodyLimitBytes) return respond(res, 413);
  const raw = await readBody(req);
  if (raw === undefined) return respond(res, 413);
  if (isSslCheck(raw, contentType)) return respond(res, 200);
  const problem = signatureProblem(options.signingSecret, raw, {
    signature: header(req, 'x-slack-signature'),
    timestamp: header(req, 'x-slack-request-timestamp'),
  });
  if (problem) {
    log('warn', 'refused a Slack request that is not authentic', { reason: problem, requestId });
    return respond(res, 401);
  }
  let incoming;
  try {
    incoming = classify(raw, contentType);
  } catch (err) {
    if (!(err instanceof BadRequest)) throw err;
    log('warn', 'refused a malformed Slack request', { reason: err.message, requestId });
    return respond(res, 400);
  }
  if (incoming.kind === 'url_verification')
    return respond(res, 200, JSON.stringify({ challenge: incoming.challenge }), 'application/json');
  const retry = Number.parseInt(header(req, 'x-slack-retry-num') ?? '', 10);
  const message = {
    t: 'slack' as const,
    id: nextId++,
    requestId,
    body: incoming.body,
    retryNum: Number.isSafeInteger(retry) ? retry : undefined,
    retryReason: header(req, 'x-slack-retry-reason'),
  };
  const kind = requestKind(incoming.body);
  if (incoming.kind === 'ack_now' && watchdog.stalled && typeof incoming.body.command === 'string') {
    // Nobody would answer it now: say so, and leave the command for the user to send again.
    watchdog.refused();
    respond(res, 200, BUSY_ANSWER, 'application/json');
    return acked(kind, startedAt);
  }
  if (incoming.kind === 'ack_now') {
    respond(res, 200);
    acked(kind, startedAt);
    post({ ...message, acked: true });
    return;
  }
  const timer = setTimeout(() => {
    pending.delete(message.id);
    log('warn', 'the app did not answer a Slack request in time', { requestId, type: incoming.body.type });
    respond(res, 503);
    acked(kind, startedAt);
    settleClose();
  }, options.answerTimeoutMs);
  pending.set(message.id, { res, timer, kind, startedAt });
  post({ ...message, acked: false });
}

function proxy(req: IncomingMessage, res: ServerResponse, requestId: string): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port: options.upstreamPort,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-request-id': requestId },
      agent: upstreamAgent,
    },
    (answer) => {
      const headers = { ...answer.headers };
      if (closing) headers.connection = 'close';
      res.writeHead(answer.statusCode ?? 502, headers);
      pipeline(answer, res, () => {});
    },
  );
  upstream.on('error', (err) => {
    if (!req.destroyed) log('error', 'the app did not answer a proxied request', { err: err.message, path: req.url?.split('?')[0], requestId });
    if (res.headersSent) res.destroy();
    else respond(res, 502);
  });
  // A client that goes away mid-body destroys the upstream request too, instead of leaving it open.
  pipeline(req, upstream, () => {});
}

/** A caller's request id is kept only when it looks like one: it reaches our logs. */
function requestIdOf(req: IncomingMessage): string {
  const given = header(req, 'x-request-id');
  return given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const startedAt = performance.now();
  const requestId = requestIdOf(req);
  // Refused here, before a malformed target or Host reaches Slack's path or the proxy.
  if (requestProblem(req)) return respond(res, 400);
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'POST' && path === options.eventsPath) {
    handleSlack(req, res, requestId, startedAt).catch((err: unknown) => {
      log('error', 'ingress failed on a Slack request', { err: String(err), requestId });
      respond(res, 500);
    });
    return;
  }
  if (watchdog.stalled && HEALTH_PATHS.has(path ?? '')) return respond(res, 503, UNHEALTHY_ANSWER, 'application/json');
  proxy(req, res, requestId);
}

const server = createServer((req, res) => {
  // An exception here would end the thread, and with it every Slack request in flight.
  try {
    route(req, res);
  } catch (err) {
    log('error', 'ingress failed on a request', { err: String(err) });
    respond(res, 500);
  }
});
answerMalformed(server);

function settleClose(): void {
  if (closing && pending.size === 0) server.closeIdleConnections();
}

port.on('message', (message: ToIngress) => {
  if (message.t === 'heartbeat') return post({ t: 'beat', gapMs: watchdog.heartbeat() });
  if (message.t === 'answer') {
    const waiting = pending.get(message.id);
    if (!waiting) return log('warn', 'an answer came after Slack was told the app was busy', { id: message.id });
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    respond(waiting.res, message.status, message.body, message.contentType);
    acked(waiting.kind, waiting.startedAt);
    settleClose();
    return;
  }
  if (message.t !== 'close') return;
  closing = true;
  watchdog.stop();
  server.close(() => {
    upstreamAgent.destroy();
    post({ t: 'closed' });
  });
  settleClose();
});

server.on('error', (err) => {
  // Start-up errors (port in use) end the thread; the main thread reports them.
  throw err;
});
server.listen(options.port, options.host, () => post({ t: 'listening', port: (server.address() as AddressInfo).port }));
