/**
 * An in-process fake of Slack's Web API, served over real HTTP so that the real
 * `@slack/web-api` WebClient (and Bolt, via `clientOptions.slackApiUrl`) can talk to it
 * unmodified. It records every call, answers like Slack for the methods the app uses, and
 * is no kinder than Slack: every call needs a registered token, a trigger_id works once
 * within 3 s of issue, response_url bodies are checked like chat.postMessage, and Block Kit's
 * documented limits are enforced (where a limit is unknown it refuses rather than guesses).
 * Tests can inject failures, rate limits and latency.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
}

export interface FakeSlackUser {
  id: string;
  team_id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  tz_offset?: number;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  email?: string;
}

export interface FakeSlackFailure {
  error?: string;
  status?: number;
  retryAfter?: number;
  times?: number;
  delayMs?: number;
}

export interface FakeSlackResponse {
  url: string;
  body: any;
  at: number;
}

export interface FakeSlackUpload {
  fileId: string;
  filename: string | undefined;
  /** The file's bytes (extracted from the multipart `body` field WebClient sends). */
  content: Buffer;
  at: number;
}

export interface FakeSlack {
  /** e.g. http://127.0.0.1:PORT/api/ — pass to `new WebClient(token, { slackApiUrl })`. */
  apiUrl: string;
  baseUrl: string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Resolves with the first matching call, whether already made or made later (when the request arrives). */
  waitForCall(method: string, predicate?: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  addUser(u: FakeSlackUser): void;
  /** The next `times` (default 1) calls to `method` fail as described; repeated calls queue up in order. */
  fail(method: string, f: FakeSlackFailure): void;
  setLatency(ms: number): void;
  /** Records response_url posts at once but answers none until the returned `release` is called. */
  holdResponses(): () => void;
  /** Clears calls, failures, latency, held responses, responses, uploads and views; keeps users and id counters. */
  reset(): void;
  responseUrl(): string;
  responses: FakeSlackResponse[];
  waitForResponse(
    predicate?: (r: { url: string; body: any }) => boolean,
    timeoutMs?: number,
  ): Promise<{ url: string; body: any }>;
  /** view_id -> stored view, for every view opened, pushed, updated or published. */
  views: Map<string, any>;
  homeOf(userId: string, teamId?: string): any | undefined;
  /** Files uploaded through the files.uploadV2 flow. */
  uploads: FakeSlackUpload[];
  /** Lets `token` call the Web API (the app's bot token, an app-level token); every call needs a registered one. */
  registerToken(token: string): void;
  /**
   * A fresh trigger_id, as Slack puts in a command or interaction payload: views.open/push
   * accept it once, within `triggerTtlMs` of issue, and refuse ids the fake never issued.
   */
  issueTriggerId(): string;
  /** How old each trigger was when views.open/push exchanged it, in ms (to measure the app, not to assert). */
  triggerAges: number[];
  /** response_url posts Slack refused (invalid blocks, no text, used too often), with the error. */
  refusedResponses: (FakeSlackResponse & { error: string })[];
  /** Answers `method` with `fn` (adds a method or replaces the built-in answer). */
  handle(method: string, fn: (args: Record<string, unknown>) => { ok: boolean } & Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  /** A token registered from the start (see registerToken); without one every call fails `invalid_auth`. */
  botToken?: string;
  /** How long a trigger_id stays valid after issue; Slack's is 3 s. */
  triggerTtlMs?: number;
  /** The fake's clock for trigger expiry (default Date.now). */
  now?: () => number;
}

type Args = Record<string, unknown>;
type ApiResult = { ok: boolean } & Record<string, unknown>;

interface HttpReply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

interface PendingFailure extends FakeSlackFailure {
  remaining: number;
}

/** How long waitForCall/waitForResponse wait: a bound against hanging, not a measure of speed. */
const DEFAULT_TIMEOUT_MS = 20_000;

// Values WebClient JSON-encodes into form fields; parsed back so tests see objects.
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata', 'files'];

const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  viewBytes: 250_000,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  imageUrl: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  overflowOptions: 5,
  selectOptions: 100,
  choiceOptions: 10,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  triggerTtlMs: 3000,
  responsesPerUrl: 5,
} as const;

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = opts.teamId ?? 'T0FAKE';
  const botUserId = opts.botUserId ?? 'U0FAKEBOT';
  const botId = 'B0FAKEBOT';
  const tokens = new Set<string>(opts.botToken !== undefined ? [opts.botToken] : []);
  const triggerTtlMs = opts.triggerTtlMs ?? LIMITS.triggerTtlMs;
  const now = opts.now ?? Date.now;
  // trigger_id -> when it was issued, or 'exchanged' once views.open/push used it.
  const triggers = new Map<string, number | 'exchanged'>();
  const triggerAges: number[] = [];
  const refusedResponses: (FakeSlackResponse & { error: string })[] = [];
  const responseCounts = new Map<string, number>();

  const calls: SlackCall[] = [];
  const responses: FakeSlackResponse[] = [];
  const uploads: FakeSlackUpload[] = [];
  const views = new Map<string, any>();
  const homes = new Map<string, string>(); // `${team}:${user}` -> view_id
  const users = new Map<string, FakeSlackUser>();
  const files = new Map<string, { id: string; filename: string | undefined }>();
  const failures = new Map<string, PendingFailure[]>();
  const callWaiters = new Waiters<SlackCall>();
  const responseWaiters = new Waiters<FakeSlackResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let latencyMs = 0;
  let closed = false;
  let responsesReleased: Promise<void> = Promise.resolve();
  let releaseResponses = (): void => undefined;

  // Counters survive reset() so ids never repeat within one fake.
  let tsSeq = 0;
  let viewSeq = 0;
  let hashSeq = 0;
  let fileSeq = 0;
  let responseSeq = 0;
  let triggerSeq = 0;

  const nextTs = (): string => {
    const micros = ++tsSeq * 100;
    return `${1_700_000_000 + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  const nextViewId = (): string => `V${String(++viewSeq).padStart(4, '0')}`;
  const nextHash = (): string => {
    const n = ++hashSeq;
    return `${1_700_000_000 + n}.${((n * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}`;
  };

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
      const entry: FakeSlackResponse = { url: url.href, body: parseJsonOr(text), at: Date.now() };
      const refusal = responseRefusal(entry);
      if (refusal) {
        refusedResponses.push({ ...entry, error: refusal.error });
        send(res, { status: refusal.status, body: refusal.error, contentType: 'text/plain' }, latencyMs);
        return;
      }
      responses.push(entry);
      responseWaiters.notify(entry);
      await responsesReleased;
      send(res, { status: 200, ...json({ ok: true }) }, latencyMs);
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
    return { reply: { status: 200, ...json(dispatch(call)) }, delayMs };
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
  function responseRefusal(entry: FakeSlackResponse): { status: number; error: string } | undefined {
    const used = responseCounts.get(entry.url) ?? 0;
    if (used >= LIMITS.responsesPerUrl) return { status: 404, error: 'used_url' };
    if (!isRecord(entry.body)) return { status: 400, error: 'invalid_payload' };
    const problem = checkMessage(entry.body);
    if (problem) return { status: 400, error: String(problem.error) };
    responseCounts.set(entry.url, used + 1);
    return undefined;
  }

  function dispatch(call: SlackCall): ApiResult {
    // Slack authenticates every Web API call; no method works without a token it issued.
    if (call.token === undefined || call.token === '') return fail('not_authed');
    if (!tokens.has(call.token)) return fail('invalid_auth');
    const handler = Object.hasOwn(handlers, call.method) ? handlers[call.method] : undefined;
    return handler ? handler(call.args) : fail('unknown_method');
  }

  const handlers: Record<string, (args: Args) => ApiResult> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://fake-slack.slack.com/',
      team: 'Fake Team',
      user: 'calendar-stacker',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),

    'chat.postMessage': (args) => {
      const channel = str(args.channel);
      if (!channel) return fail('channel_not_found');
      const problem = checkMessage(args);
      if (problem) return problem;
      const ts = nextTs();
      return {
        ok: true,
        channel: dmChannelFor(channel),
        ts,
        message: {
          type: 'message',
          subtype: 'bot_message',
          text: str(args.text) ?? '',
          user: botUserId,
          bot_id: botId,
          ts,
          team: teamId,
          ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
          ...(args.attachments !== undefined ? { attachments: args.attachments } : {}),
          ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
          ...(args.thread_ts !== undefined ? { thread_ts: args.thread_ts } : {}),
        },
      };
    },

    'chat.postEphemeral': (args) => {
      if (!str(args.channel)) return fail('channel_not_found');
      if (!str(args.user)) return fail('user_not_in_channel');
      const problem = checkMessage(args);
      if (problem) return problem;
      return { ok: true, message_ts: nextTs() };
    },

    'chat.update': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      if (!channel) return fail('channel_not_found');
      if (!ts) return fail('message_not_found');
      const problem = checkMessage(args);
      if (problem) return problem;
      return { ok: true, channel: dmChannelFor(channel), ts, text: str(args.text) ?? '' };
    },

    'chat.delete': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      if (!channel) return fail('channel_not_found');
      if (!ts) return fail('message_not_found');
      return { ok: true, channel: dmChannelFor(channel), ts };
    },

    'views.open': (args) => openView(args),
    'views.push': (args) => openView(args),

    'views.update': (args) => {
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      if (!viewId && !externalId) return fail('invalid_arguments', ['[ERROR] view_id or external_id is required']);
      const existing = viewId
        ? views.get(viewId)
        : [...views.values()].find((v) => v.external_id === externalId);
      if (!existing) return fail('not_found');
      const problem = checkView(args.view, ['modal', 'home']);
      if (problem) return problem;
      const hash = str(args.hash);
      if (hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
      const stored = storeView(args.view as Args, existing.id, existing);
      return { ok: true, view: stored };
    },

    'views.publish': (args) => {
      const userId = str(args.user_id);
      if (!userId) return fail('invalid_arguments', ['[ERROR] missing required field: user_id']);
      const problem = checkView(args.view, ['home']);
      if (problem) return problem;
      const key = homeKey(userId, str(args.team_id));
      const existingId = homes.get(key);
      const existing = existingId ? views.get(existingId) : undefined;
      const hash = str(args.hash);
      if (hash !== undefined && existing && hash !== existing.hash) return fail('hash_conflict');
      // Slack keeps one home view per user, so the id stays stable across publishes.
      const stored = storeView(args.view as Args, existingId ?? nextViewId(), existing);
      homes.set(key, stored.id);
      return { ok: true, view: stored };
    },

    'users.info': (args) => {
      const user = users.get(str(args.user) ?? '');
      return user ? { ok: true, user: renderUser(user) } : fail('user_not_found');
    },

    'users.lookupByEmail': (args) => {
      const email = str(args.email)?.toLowerCase();
      const user = [...users.values()].find((u) => email !== undefined && u.email?.toLowerCase() === email);
      return user ? { ok: true, user: renderUser(user) } : fail('users_not_found');
    },

    'conversations.open': (args) => {
      const channel = str(args.channel);
      if (channel) return { ok: true, channel: { id: channel } };
      const ids = (str(args.users) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) return fail('users_list_not_supplied');
      if (ids.length === 1) return { ok: true, channel: { id: `D${ids[0]}` } };
      return { ok: true, channel: { id: `G${ids.join('')}`.slice(0, 24) } };
    },

    'files.getUploadURLExternal': (args) => {
      const filename = str(args.filename);
      if (!filename || args.length === undefined) {
        return fail('invalid_arguments', ['[ERROR] filename and length are required']);
      }
      const id = `F${String(++fileSeq).padStart(4, '0')}`;
      files.set(id, { id, filename });
      return { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (args) => {
      const list = Array.isArray(args.files) ? (args.files as unknown[]) : undefined;
      if (!list || list.length === 0) return fail('invalid_arguments', ['[ERROR] files is required']);
      const out: { id: string; title: string; name: string | undefined }[] = [];
      for (const item of list) {
        const id = isRecord(item) ? str(item.id) : undefined;
        const file = id ? files.get(id) : undefined;
        if (!file) return fail('file_not_found');
        out.push({ id: file.id, title: (isRecord(item) ? str(item.title) : undefined) ?? file.filename ?? '', name: file.filename });
      }
      return { ok: true, files: out };
    },
  };

  function openView(args: Args): ApiResult {
    const trigger = str(args.trigger_id) ?? str(args.interactivity_pointer);
    if (!trigger) return fail('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
    const exchange = exchangeTrigger(trigger);
    if (exchange) return exchange;
    const problem = checkView(args.view, ['modal']);
    if (problem) return problem;
    return { ok: true, view: storeView(args.view as Args, nextViewId(), undefined) };
  }

  /** A trigger works once (even when the view it carries is then refused) and only shortly after issue. */
  function exchangeTrigger(trigger: string): ApiResult | undefined {
    const issuedAt = triggers.get(trigger);
    if (issuedAt === undefined) return fail('invalid_trigger_id');
    if (issuedAt === 'exchanged') return fail('exchanged_trigger_id');
    triggers.set(trigger, 'exchanged');
    const age = now() - issuedAt;
    triggerAges.push(age);
    return age > triggerTtlMs ? fail('expired_trigger_id') : undefined;
  }

  function storeView(view: Args, id: string, previous: any): any {
    const stored = {
      ...view,
      id,
      team_id: teamId,
      type: view.type,
      blocks: view.blocks,
      private_metadata: str(view.private_metadata) ?? '',
      callback_id: str(view.callback_id) ?? '',
      external_id: str(view.external_id) ?? previous?.external_id ?? '',
      state: { values: {} },
      hash: nextHash(),
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: null,
      app_id: 'A0FAKEAPP',
      bot_id: botId,
    };
    views.set(id, stored);
    return structuredClone(stored);
  }

  function homeKey(userId: string, team: string | undefined): string {
    return `${team ?? teamId}:${userId}`;
  }

  function renderUser(u: FakeSlackUser): Record<string, unknown> {
    const tz = u.tz ?? 'America/Los_Angeles';
    const zone = zoneInfo(tz);
    const name = u.name ?? u.id.toLowerCase();
    const realName = u.real_name ?? name;
    return {
      id: u.id,
      team_id: u.team_id,
      name,
      real_name: realName,
      deleted: u.deleted ?? false,
      tz,
      tz_label: zone.label,
      tz_offset: u.tz_offset ?? zone.offset,
      is_admin: u.is_admin ?? false,
      is_owner: u.is_owner ?? false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      profile: {
        email: u.email,
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
      },
    };
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
    registerToken: (token) => {
      tokens.add(token);
    },
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
      views.clear();
      homes.clear();
      files.clear();
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
      const id = homes.get(homeKey(userId, team));
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

interface Waiter<T> {
  match: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  promise: Promise<T>;
}

/** Pending waiters for recorded items (calls or response_url posts). */
class Waiters<T> {
  private readonly pending = new Set<Waiter<T>>();

  wait(existing: readonly T[], match: (item: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const found = existing.find(match);
    if (found !== undefined) return Promise.resolve(found);
    let resolve!: (item: T) => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const waiter: Waiter<T> = {
      match,
      resolve,
      reject,
      promise,
      timer: setTimeout(() => {
        this.pending.delete(waiter);
        reject(new Error(describe()));
      }, timeoutMs),
    };
    this.pending.add(waiter);
    return promise;
  }

  notify(item: T): void {
    for (const waiter of this.pending) {
      let matched: boolean;
      try {
        matched = waiter.match(item);
      } catch (err) {
        this.settle(waiter);
        waiter.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      if (matched) {
        this.settle(waiter);
        waiter.resolve(item);
      }
    }
  }

  closeAll(reason: string): void {
    for (const waiter of this.pending) {
      this.settle(waiter);
      // A waiter nobody awaits any more must not turn teardown into an unhandled rejection.
      waiter.promise.catch(() => undefined);
      waiter.reject(new Error(reason));
    }
  }

  private settle(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.pending.delete(waiter);
  }
}

// ---------------------------------------------------------------------------
// Request parsing

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseApiRequest(
  req: IncomingMessage,
  url: URL,
  raw: Buffer,
): Promise<{ args: Args; token: string | undefined }> {
  const args: Args = Object.fromEntries(url.searchParams);
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) {
    const parsed = parseJsonOr(raw.toString('utf8'));
    if (isRecord(parsed)) Object.assign(args, parsed);
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await parseMultipart(raw, contentType);
    form.forEach((value, key) => {
      args[key] = typeof value === 'string' ? value : `<file ${value.name}>`;
    });
  } else if (raw.length > 0) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  }
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) args[field] = parseJsonOr(value);
  }

  const header = req.headers.authorization;
  let token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (typeof args.token === 'string') {
    token ??= args.token;
    delete args.token;
  }
  return { args, token };
}

function parseMultipart(raw: Buffer, contentType: string): Promise<FormData> {
  return new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
}

async function extractUploadedFile(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return raw;
  try {
    const form = await parseMultipart(raw, contentType);
    const part = form.get('body') ?? form.get('file');
    if (part === null) return raw;
    return typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
  } catch {
    return raw;
  }
}

// ---------------------------------------------------------------------------
// Slack limit checks. The figures are Slack's documented Block Kit limits (block, element,
// composition object and view references); the error texts follow what Slack answers.

function checkMessage(args: Args): ApiResult | undefined {
  const { blocks } = args;
  // A response_url answer may only delete the message it came from.
  if (args.delete_original === true || args.delete_original === 'true') return undefined;
  if (blocks === undefined) {
    if (!str(args.text) && args.attachments === undefined) return fail('no_text');
    return undefined;
  }
  if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (blocks.length > LIMITS.messageBlocks) {
    return fail('invalid_blocks', [`[ERROR] no more than ${LIMITS.messageBlocks} items allowed [json-pointer:/blocks]`]);
  }
  const problem = blocksProblem(blocks, '/blocks');
  return problem ? fail('invalid_blocks', [problem]) : undefined;
}

function checkView(view: unknown, allowedTypes: string[]): ApiResult | undefined {
  const invalid = (msg: string): ApiResult => fail('invalid_arguments', [`[ERROR] ${msg}`]);
  if (!isRecord(view)) return invalid('failed to match all allowed schemas [json-pointer:/view]');
  if (Buffer.byteLength(JSON.stringify(view)) > LIMITS.viewBytes) return fail('view_too_large');
  const type = str(view.type);
  if (!type || !allowedTypes.includes(type)) {
    return invalid(`view type must be one of ${allowedTypes.join(', ')} [json-pointer:/view/type]`);
  }
  const { blocks } = view;
  if (!Array.isArray(blocks)) return invalid('missing required field: blocks [json-pointer:/view/blocks]');
  if (blocks.length > LIMITS.viewBlocks) {
    return invalid(`no more than ${LIMITS.viewBlocks} items allowed [json-pointer:/view/blocks]`);
  }
  if (type === 'modal' && view.title === undefined) return invalid('missing required field: title [json-pointer:/view/title]');
  for (const key of ['title', 'submit', 'close'] as const) {
    if (view[key] === undefined) continue;
    const problem = plainTextProblem(view[key], LIMITS.viewTitle, `/view/${key}`);
    if (problem) return invalid(problem);
  }
  if (type === 'modal' && view.submit === undefined && blocks.some((b) => isRecord(b) && b.type === 'input')) {
    return invalid('submit is required when an input block is within the blocks array [json-pointer:/view/submit]');
  }
  const lengthChecks: [string, number][] = [
    ['private_metadata', LIMITS.privateMetadata],
    ['callback_id', LIMITS.callbackId],
    ['external_id', LIMITS.externalId],
  ];
  for (const [key, max] of lengthChecks) {
    const problem = lengthProblem(view[key], max, `/view/${key}`);
    if (problem) return invalid(problem.slice('[ERROR] '.length));
  }
  const problem = blocksProblem(blocks, '/view/blocks');
  return problem ? fail('invalid_blocks', [problem]) : undefined;
}

/** Block types Slack knows; anything else is refused rather than guessed at. */
const BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'input', 'image', 'divider', 'rich_text', 'markdown', 'video', 'file']);

/** First Slack-style problem in a blocks array, or undefined when it looks valid. */
function blocksProblem(blocks: unknown[], pointer: string): string | undefined {
  const blockIds = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const at = `${pointer}/${i}`;
    if (!isRecord(block) || typeof block.type !== 'string') return err('missing required field: type', at);
    if (!BLOCK_TYPES.has(block.type)) return err('must be a valid enum value', `${at}/type`);
    if (block.block_id !== undefined) {
      const id = String(block.block_id);
      if (id.length > LIMITS.blockId) return err(`must be less than ${LIMITS.blockId + 1} characters`, `${at}/block_id`);
      if (blockIds.has(id)) return err(`duplicate block_id '${id}'`, `${at}/block_id`);
      blockIds.add(id);
    }
    const problem = blockProblem(block, at);
    if (problem) return problem;
  }
  return undefined;
}

function blockProblem(block: Args, at: string): string | undefined {
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        return err('must provide either text or fields', at);
      }
      if (block.text !== undefined) {
        const p = textProblem(block.text, LIMITS.sectionText, `${at}/text`);
        if (p) return p;
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) return err('must be an array', `${at}/fields`);
        if (block.fields.length > LIMITS.sectionFields) {
          return err(`no more than ${LIMITS.sectionFields} items allowed`, `${at}/fields`);
        }
        for (const [j, field] of block.fields.entries()) {
          const p = textProblem(field, LIMITS.fieldText, `${at}/fields/${j}`);
          if (p) return p;
        }
      }
      return block.accessory === undefined ? undefined : elementProblem(block.accessory, `${at}/accessory`);
    }
    case 'header':
      return plainTextProblem(block.text, LIMITS.headerText, `${at}/text`);
    case 'context': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        return err('missing required field: elements', `${at}/elements`);
      }
      if (block.elements.length > LIMITS.contextElements) {
        return err(`no more than ${LIMITS.contextElements} items allowed`, `${at}/elements`);
      }
      for (const [j, el] of block.elements.entries()) {
        const p = isRecord(el) && el.type === 'image' ? imageProblem(el, `${at}/elements/${j}`) : textProblem(el, LIMITS.contextText, `${at}/elements/${j}`);
        if (p) return p;
      }
      return undefined;
    }
    case 'actions': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        return err('missing required field: elements', `${at}/elements`);
      }
      if (block.elements.length > LIMITS.actionsElements) {
        return err(`no more than ${LIMITS.actionsElements} items allowed`, `${at}/elements`);
      }
      const actionIds = new Set<string>();
      for (const [j, el] of block.elements.entries()) {
        const p = elementProblem(el, `${at}/elements/${j}`);
        if (p) return p;
        const actionId = isRecord(el) ? str(el.action_id) : undefined;
        if (actionId !== undefined) {
          if (actionIds.has(actionId)) return err(`duplicate action_id '${actionId}'`, `${at}/elements/${j}/action_id`);
          actionIds.add(actionId);
        }
      }
      return undefined;
    }
    case 'input': {
      const p =
        plainTextProblem(block.label, LIMITS.inputLabel, `${at}/label`) ??
        (block.hint === undefined ? undefined : plainTextProblem(block.hint, LIMITS.inputHint, `${at}/hint`));
      if (p) return p;
      if (block.element === undefined) return err('missing required field: element', `${at}/element`);
      return elementProblem(block.element, `${at}/element`);
    }
    case 'image':
      return imageProblem(block, at) ?? (block.title === undefined ? undefined : plainTextProblem(block.title, LIMITS.imageTitle, `${at}/title`));
    default:
      return undefined;
  }
}

/** Image blocks and image elements alike need a URL and alt text. */
function imageProblem(image: Args, at: string): string | undefined {
  if (image.image_url === undefined && image.slack_file === undefined) return err('must provide either image_url or slack_file', at);
  if (image.alt_text === undefined) return err('missing required field: alt_text', at);
  return lengthProblem(image.image_url, LIMITS.imageUrl, `${at}/image_url`) ?? lengthProblem(image.alt_text, LIMITS.imageAltText, `${at}/alt_text`, 1);
}

const SELECTS_WITH_OPTIONS = new Set(['static_select', 'multi_static_select']);
/** Elements whose option text must be plain text of at most 75 characters. */
const PLAIN_OPTION_ELEMENTS = new Set(['static_select', 'multi_static_select', 'overflow']);
const ELEMENTS_WITH_PLACEHOLDER = new Set([
  'static_select', 'multi_static_select', 'external_select', 'multi_external_select', 'users_select', 'multi_users_select',
  'conversations_select', 'multi_conversations_select', 'channels_select', 'multi_channels_select', 'plain_text_input',
  'number_input', 'email_text_input', 'url_text_input', 'datepicker', 'timepicker', 'datetimepicker',
]);

function elementProblem(el: unknown, at: string): string | undefined {
  if (!isRecord(el) || typeof el.type !== 'string') return err('missing required field: type', at);
  const p =
    lengthProblem(el.action_id, LIMITS.actionId, `${at}/action_id`) ??
    (el.confirm === undefined ? undefined : confirmProblem(el.confirm, `${at}/confirm`)) ??
    (el.placeholder !== undefined && ELEMENTS_WITH_PLACEHOLDER.has(el.type) ? plainTextProblem(el.placeholder, LIMITS.placeholder, `${at}/placeholder`) : undefined);
  if (p) return p;
  switch (el.type) {
    case 'button':
      return (
        plainTextProblem(el.text, LIMITS.buttonText, `${at}/text`) ??
        lengthProblem(el.value, LIMITS.buttonValue, `${at}/value`) ??
        lengthProblem(el.url, LIMITS.buttonUrl, `${at}/url`)
      );
    case 'overflow':
      if (!Array.isArray(el.options) || el.options.length === 0) return err('missing required field: options', `${at}/options`);
      if (el.options.length > LIMITS.overflowOptions) return err(`no more than ${LIMITS.overflowOptions} items allowed`, `${at}/options`);
      return optionsProblem(el.type, el.options, `${at}/options`);
    case 'image':
      return imageProblem(el, at);
    default:
      break;
  }
  if (SELECTS_WITH_OPTIONS.has(el.type)) {
    if (Array.isArray(el.option_groups)) {
      if (el.option_groups.length > LIMITS.selectOptions) return err(`no more than ${LIMITS.selectOptions} items allowed`, `${at}/option_groups`);
      for (const [g, group] of el.option_groups.entries()) {
        const options = isRecord(group) && Array.isArray(group.options) ? group.options : [];
        if (options.length > LIMITS.selectOptions) return err(`no more than ${LIMITS.selectOptions} items allowed`, `${at}/option_groups/${g}/options`);
        const q = optionsProblem(el.type, options, `${at}/option_groups/${g}/options`);
        if (q) return q;
      }
    }
  }
  if (Array.isArray(el.options)) {
    const max = SELECTS_WITH_OPTIONS.has(el.type) ? LIMITS.selectOptions : LIMITS.choiceOptions;
    if (el.options.length > max) return err(`no more than ${max} items allowed`, `${at}/options`);
    const q = optionsProblem(el.type, el.options, `${at}/options`);
    if (q) return q;
  }
  for (const key of ['initial_option'] as const) {
    if (el[key] !== undefined) {
      const q = optionsProblem(el.type, [el[key]], `${at}/${key}`);
      if (q) return q.replace(`${at}/${key}/0`, `${at}/${key}`);
    }
  }
  return undefined;
}

function optionsProblem(elementType: string, options: unknown[], at: string): string | undefined {
  const plain = PLAIN_OPTION_ELEMENTS.has(elementType);
  for (const [k, option] of options.entries()) {
    const here = `${at}/${k}`;
    if (!isRecord(option)) return err('must be an option object', here);
    // Select and overflow options are plain text of at most 75 characters; radio buttons and
    // checkboxes take mrkdwn and the text object's own limit.
    const p =
      (plain ? plainTextProblem(option.text, LIMITS.optionText, `${here}/text`) : textProblem(option.text, LIMITS.textObject, `${here}/text`)) ??
      lengthProblem(option.value, LIMITS.optionValue, `${here}/value`) ??
      (option.description === undefined
        ? undefined
        : plain
          ? plainTextProblem(option.description, LIMITS.optionDescription, `${here}/description`)
          : textProblem(option.description, LIMITS.optionDescription, `${here}/description`)) ??
      lengthProblem(option.url, LIMITS.buttonUrl, `${here}/url`);
    if (p) return p;
  }
  return undefined;
}

function confirmProblem(confirm: unknown, at: string): string | undefined {
  if (!isRecord(confirm)) return err('must be a confirm object', at);
  return (
    plainTextProblem(confirm.title, LIMITS.confirmTitle, `${at}/title`) ??
    textProblem(confirm.text, LIMITS.confirmText, `${at}/text`) ??
    plainTextProblem(confirm.confirm, LIMITS.confirmButton, `${at}/confirm`) ??
    plainTextProblem(confirm.deny, LIMITS.confirmButton, `${at}/deny`)
  );
}

/** A text object (plain_text or mrkdwn) with 1..max characters. */
function textProblem(obj: unknown, max: number, at: string): string | undefined {
  if (!isRecord(obj) || typeof obj.text !== 'string') return err('must provide a text object', at);
  if (obj.type !== 'plain_text' && obj.type !== 'mrkdwn') return err('must be a valid enum value', `${at}/type`);
  if (obj.text.length === 0) return err('must be more than 0 characters', `${at}/text`);
  if (obj.text.length > max) return err(`must be less than ${max + 1} characters`, `${at}/text`);
  return undefined;
}

/** Where Slack wants plain text (headers, labels, button and option texts, modal titles), mrkdwn is refused. */
function plainTextProblem(obj: unknown, max: number, at: string): string | undefined {
  if (isRecord(obj) && obj.type !== 'plain_text') return err('must be plain_text', `${at}/type`);
  return textProblem(obj, max, at);
}

/** An optional string field of at most `max` (and at least `min`) characters. */
function lengthProblem(value: unknown, max: number, at: string, min = 0): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return err('must be a string', at);
  if (value.length < min) return err(`must be more than ${min - 1} characters`, at);
  if (value.length > max) return err(`must be less than ${max + 1} characters`, at);
  return undefined;
}

function err(message: string, pointer: string): string {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}

// ---------------------------------------------------------------------------
// Small helpers

function fail(error: string, messages?: string[]): ApiResult {
  return messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}

function json(body: unknown): { body: string; contentType: string } {
  return { body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' };
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Slack reports DMs addressed to a user id under the DM channel id. */
function dmChannelFor(channel: string): string {
  return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel}` : channel;
}

function zoneInfo(tz: string): { label: string; offset: number } {
  const part = (style: 'long' | 'longOffset'): string =>
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  try {
    const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(part('longOffset'));
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) : 0;
    return { label: part('long'), offset };
  } catch {
    return { label: tz, offset: 0 };
  }
}
