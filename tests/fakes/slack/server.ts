/** The HTTP server: records calls, applies injected failures and latency, answers response_url posts and uploads. */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body.js';
import { fail, isRecord, json, parseJsonOr, preview } from './args.js';
import { checkMessage } from './block-kit.js';
import { LIMITS, METHOD_RATES } from './limits.js';
import { parseApiRequest, extractUploadedFile } from './request-parsing.js';
import type {
  FakeSlackChannel,
  SlackCall,
  FakeSlackUser,
  FakeSlackResponse,
  FakeSlackUpload,
  RefusedResponse,
  SentMessage,
  StoredView,
  FakeSlack,
  FakeSlackOptions,
  HttpReply,
  PendingFailure,
  ApiResult,
} from './types.js';
import { Waiters } from './waiters.js';
import { homeKey, webApiMethods } from './web-api.js';
import { sharedFiles } from './shared-files.js';

/** How long waitForCall/waitForResponse wait: a bound against hanging, not a measure of speed. */
const DEFAULT_TIMEOUT_MS = 20_000;

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = opts.teamId ?? 'T0FAKE';
  const botUserId = opts.botUserId ?? 'U0FAKEBOT';
  const tokens = new Set<string>(opts.botToken !== undefined ? [opts.botToken] : []);
  // Tokens registered with their scopes; any other registered token has every scope the app asks for.
  const tokenScopes = new Map<string, Set<string>>();
  const hasScope = (token: string | undefined, scope: string) => token !== undefined && tokens.has(token) && (tokenScopes.get(token)?.has(scope) ?? true);
  const triggerTtlMs = opts.triggerTtlMs ?? LIMITS.triggerTtlMs;
  const now = opts.now ?? Date.now;
  // trigger_id -> when it was issued, or 'exchanged' once views.open/push used it.
  const triggers = new Map<string, number | 'exchanged'>();
  const triggerAges: number[] = [];
  const refusedResponses: RefusedResponse[] = [];
  const responseCounts = new Map<string, number>();

  const calls: SlackCall[] = [];
  const responses: FakeSlackResponse[] = [];
  const uploads: FakeSlackUpload[] = [];
  const views = new Map<string, StoredView>();
  const homes = new Map<string, string>(); // `${team}:${user}` -> view_id
  const users = new Map<string, FakeSlackUser>();
  const channels = new Map<string, FakeSlackChannel>();
  const files = new Map<string, { id: string; filename: string | undefined }>();
  const messages = new Map<string, Set<string>>();
  const failures = new Map<string, PendingFailure[]>();
  // method -> when each call the rate let through was answered, over the last minute.
  const rateWindows = new Map<string, number[]>();
  const callWaiters = new Waiters<SlackCall>();
  const responseWaiters = new Waiters<FakeSlackResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let latencyMs = 0;
  let closed = false;
  let responsesReleased: Promise<void> = Promise.resolve();
  let releaseResponses = (): void => undefined;
  // Counters survive reset() so ids never repeat within one fake.
  let responseSeq = 0;
  let triggerSeq = 0;

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      const detail = err instanceof Error ? err.message : String(err);
      send(res, { status: 500, ...json({ ok: false, error: 'fake_slack_internal_error', detail }) }, 0);
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const apiUrl = `${baseUrl}/api/`;
  const shared = sharedFiles({ teamId, baseUrl, hasScope });
  const { handlers, postAs, enterValues } = webApiMethods({ teamId, botUserId, baseUrl, triggerTtlMs, now, triggers, triggerAges, views, homes, users, files, messages, channels });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const raw = await readBody(req);
    const path = url.pathname;

    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length).replace(/\/+$/, '');
      const { args, token } = await parseApiRequest(req, url, raw);
      const call: SlackCall = { method, args, at: Date.now() };
      if (token !== undefined) call.token = token;
      calls.push(call);
      callWaiters.notify(call);
      const { reply, delayMs } = answerApiCall(call);
      send(res, reply, latencyMs + delayMs);
      return;
    }

    if (path.startsWith('/response/') && req.method === 'POST') {
      const text = raw.toString('utf8');
      const at = Date.now();
      const body = parseJsonOr(text);
      const refusal = responseRefusal(url.href, body);
      if (refusal) {
        refusedResponses.push({ url: url.href, body, at, error: refusal.error });
        send(res, { status: refusal.status, body: refusal.error, contentType: 'text/plain' }, latencyMs);
        return;
      }
      // Past the checks, the body is an object whose Block Kit chat.postMessage would take.
      const entry: FakeSlackResponse = { url: url.href, body: body as SentMessage, at };
      responses.push(entry);
      responseWaiters.notify(entry);
      await responsesReleased;
      send(res, { status: 200, ...json({ ok: true }) }, latencyMs);
      return;
    }

    if (path.startsWith('/files-pri/') && req.method === 'GET') {
      send(res, shared.download(path, req.headers.authorization), latencyMs);
      return;
    }
    if (path === '/signin' && req.method === 'GET') {
      send(res, { status: 200, body: shared.signInPage, contentType: 'text/html; charset=utf-8' }, latencyMs);
      return;
    }

    if (path.startsWith('/upload/') && req.method === 'POST') {
      const fileId = decodeURIComponent(path.slice('/upload/'.length));
      const content = await extractUploadedFile(req, raw);
      uploads.push({ fileId, filename: files.get(fileId)?.filename, content, at: Date.now() });
      send(res, { status: 200, body: `OK - ${content.length}`, contentType: 'text/plain' }, latencyMs);
      return;
    }

    send(res, { status: 404, body: 'not found', contentType: 'text/plain' }, 0);
  }

  function answerApiCall(call: SlackCall): { reply: HttpReply; delayMs: number } {
    const failure = takeFailure(call.method);
    const delayMs = failure?.delayMs ?? 0;
    if (failure?.status === 429) {
      const retryAfter = failure.retryAfter ?? 1;
      return {
        reply: { status: 429, headers: { 'Retry-After': String(retryAfter) }, ...json({ ok: false, error: 'ratelimited' }) },
        delayMs,
      };
    }
    if (failure?.status !== undefined && failure.status !== 200) {
      return {
        reply: { status: failure.status, ...json({ ok: false, error: failure.error ?? 'fatal_error' }) },
        delayMs,
      };
    }
    if (failure?.error !== undefined) {
      return { reply: { status: 200, ...json({ ok: false, error: failure.error }) }, delayMs };
    }
    const retryAfter = rateLimited(call);
    if (retryAfter !== undefined) {
      return { reply: { status: 429, headers: { 'Retry-After': String(retryAfter) }, ...json({ ok: false, error: 'ratelimited' }) }, delayMs };
    }
    return { reply: { status: 200, ...json(dispatch(call)) }, delayMs };
  }

  /**
   * Seconds to wait when the call's method is over its rate in the last minute for the call's
   * workspace; otherwise counts the call. Slack counts per app and workspace, and a bot token is
   * one workspace's install, so the window is the token's.
   */
  function rateLimited(call: SlackCall): number | undefined {
    const rate = METHOD_RATES[call.method];
    if (!rate) return undefined;
    const at = now();
    const key = `${call.token ?? ''}:${call.method}`;
    const recent = (rateWindows.get(key) ?? []).filter((t) => t > at - 60_000);
    rateWindows.set(key, recent);
    if (recent.length < rate.perMinute) {
      recent.push(at);
      return undefined;
    }
    return Math.max(1, Math.ceil((recent[0]! + 60_000 - at) / 1000));
  }

  function takeFailure(method: string): PendingFailure | undefined {
    const queue = failures.get(method);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head;
  }

  /**
   * Slack answers a response_url like an incoming webhook: HTTP 400 with the error as plain
   * text for a message chat.postMessage would refuse, and at most 5 answers per URL.
   */
  function responseRefusal(url: string, body: unknown): { status: number; error: string } | undefined {
    const used = responseCounts.get(url) ?? 0;
    if (used >= LIMITS.responsesPerUrl) return { status: 404, error: 'used_url' };
    if (!isRecord(body)) return { status: 400, error: 'invalid_payload' };
    const problem = checkMessage(body);
    if (problem) return { status: 400, error: String(problem.error) };
    responseCounts.set(url, used + 1);
    return undefined;
  }

  function dispatch(call: SlackCall): ApiResult {
    // Slack authenticates every Web API call; no method works without a token it issued.
    if (call.token === undefined || call.token === '') return fail('not_authed');
    if (!tokens.has(call.token)) return fail('invalid_auth');
    if (call.method === 'files.info') return shared.info(call.args, call.token);
    const handler = Object.hasOwn(handlers, call.method) ? handlers[call.method] : undefined;
    return handler ? handler(call.args) : fail('unknown_method');
  }

  function send(res: ServerResponse, reply: HttpReply, delayMs: number): void {
    const write = (): void => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(reply.status, { 'Content-Type': reply.contentType, ...reply.headers });
      res.end(reply.body);
    };
    if (delayMs <= 0 || closed) {
      write();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      write();
    }, delayMs);
    timers.add(timer);
  }

  function describeCalls(): string {
    if (calls.length === 0) return 'no calls were made';
    return `calls so far (${calls.length}):\n${calls.map((c) => `  - ${c.method} ${preview(c.args)}`).join('\n')}`;
  }

  return {
    apiUrl,
    baseUrl,
    calls,
    responses,
    uploads,
    views,
    triggerAges,
    refusedResponses,
    registerToken: (token, scopes) => {
      tokens.add(token);
      if (scopes) tokenScopes.set(token, new Set(scopes));
      else tokenScopes.delete(token);
    },
    shareFile: shared.share,
    downloads: shared.downloads,
    issueTriggerId: () => {
      // Slack's shape, "132456.7890123.abcdef"; random so no two fakes or runs share one.
      const id = `${1_700_000_000 + ++triggerSeq}.${Math.floor(Math.random() * 1e10)}.${randomBytes(8).toString('hex')}`;
      triggers.set(id, now());
      return id;
    },
    handle: (method, fn) => {
      handlers[method] = fn;
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitForCall: (method, predicate, timeoutMs = DEFAULT_TIMEOUT_MS) =>
      callWaiters.wait(
        calls,
        (c) => c.method === method && (predicate ? predicate(c) : true),
        timeoutMs,
        () => `waitForCall('${method}') timed out after ${timeoutMs}ms; ${describeCalls()}`,
      ),
    addUser: (u) => {
      users.set(u.id, { ...u });
    },
    addChannel: (c) => {
      channels.set(c.id, { ...c });
    },
    postMessageAs: postAs,
    enterValues,
    fail: (method, f) => {
      const queue = failures.get(method) ?? [];
      queue.push({ ...f, remaining: Math.max(1, f.times ?? 1) });
      failures.set(method, queue);
    },
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    holdResponses: () => {
      releaseResponses();
      let release!: () => void;
      responsesReleased = new Promise((resolve) => (release = resolve));
      releaseResponses = release;
      return release;
    },
    reset: () => {
      calls.length = 0;
      responses.length = 0;
      refusedResponses.length = 0;
      responseCounts.clear();
      triggerAges.length = 0;
      uploads.length = 0;
      failures.clear();
      rateWindows.clear();
      views.clear();
      homes.clear();
      files.clear();
      messages.clear();
      latencyMs = 0;
      releaseResponses();
    },
    responseUrl: () => `${baseUrl}/response/${++responseSeq}`,
    waitForResponse: (predicate, timeoutMs = DEFAULT_TIMEOUT_MS) =>
      responseWaiters.wait(responses, (r) => (predicate ? predicate(r) : true), timeoutMs, () => {
        const seen = responses.map((r) => `  - ${r.url} ${preview(r.body)}`).join('\n');
        const refused = refusedResponses.map((r) => `  - ${r.url} refused (${r.error}) ${preview(r.body)}`).join('\n');
        return `waitForResponse timed out after ${timeoutMs}ms; responses so far (${responses.length})${seen ? `:\n${seen}` : ''}${refused ? `\nrefused:\n${refused}` : ''}`;
      }),
    homeOf: (userId, team) => {
      const id = homes.get(homeKey(teamId, userId, team));
      return id ? views.get(id) : undefined;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      releaseResponses();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      callWaiters.closeAll('fake Slack was closed');
      responseWaiters.closeAll('fake Slack was closed');
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets from fetch (and requests parked behind injected delays) would hold close() open.
      server.closeAllConnections?.();
      await done;
    },
  };
}
