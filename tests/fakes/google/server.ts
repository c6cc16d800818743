/** The HTTP server: records each request, applies latency, holds, hangs and faults, then routes it to OAuth or Calendar. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body.js';
import { CalendarBackend } from './calendar-backend.js';
import { isRecord } from './encoding.js';
import { validateTimeZone } from './event-times.js';
import { UNPARSEABLE, decodeBody, decodePath, sendReply, bearerToken } from './http-io.js';
import { pemCerts, jwkCerts } from './id-token.js';
import { type Account, OAuthBackend } from './oauth.js';
import {
  type Reply,
  ApiError,
  DEFAULT_REASONS,
  REASON_MESSAGES,
  googleErrorBody,
  errorReply,
  badRequest,
  notImplemented,
  unauthenticated,
  partialResponse,
} from './replies.js';
import { type CountedRule, Hold, takeRule } from './request-rules.js';
import { UsageLimits } from './usage-limits.js';
import type {
  CalendarEvent,
  FaultStatus,
  FakeGoogleOptions,
  OAuthClientConfig,
  AccountConfig,
  CalendarConfig,
  RecordedRequest,
  GuestUpdate,
  ResponseNotification,
  AuthRequestRecord,
  TokenRequestRecord,
  RevocationRecord,
  RequestMatcher,
  FailOptions,
  HangOptions,
  HeldRequests,
  IssueTokensOptions,
  IssuedTokens,
  OAuthEndpoints,
  FakeGoogle,
} from './types.js';

export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const fake = new FakeGoogleServer(options);
  await fake.listen();
  return fake;
}

interface RequestContext {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: unknown;
  record: RecordedRequest;
}

interface Fault extends CountedRule {
  status: FaultStatus;
  reason?: string;
  message?: string;
  retryAfter?: number;
}

const CALENDAR_PREFIX = '/calendar/v3/';

function faultReply(fault: Fault): Reply {
  const reason = fault.reason ?? DEFAULT_REASONS[fault.status] ?? 'backendError';
  const message = fault.message ?? REASON_MESSAGES[reason] ?? reason;
  const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  return { status: fault.status, body: googleErrorBody(fault.status, reason, message), headers };
}

function formOf(context: RequestContext): URLSearchParams {
  const form = new URLSearchParams();
  if (isRecord(context.body)) {
    for (const [key, value] of Object.entries(context.body)) form.set(key, String(value));
  }
  return form;
}

function jsonBodyOf(context: RequestContext): Record<string, unknown> {
  if (context.body === UNPARSEABLE) throw new ApiError(400, 'parseError', 'Parse Error');
  if (context.body === undefined) return {};
  if (!isRecord(context.body)) throw badRequest();
  return context.body;
}

class FakeGoogleServer implements FakeGoogle {
  baseUrl = '';
  authUrl = '';
  tokenUrl = '';
  revokeUrl = '';
  apiRoot = '';
  userinfoUrl = '';
  certsUrl = '';
  jwksUrl = '';
  readonly requests: RecordedRequest[] = [];
  connections = 0;
  private readonly accounts = new Map<string, Account>();
  private readonly oauth: OAuthBackend;
  private readonly calendar = new CalendarBackend((email) => this.accounts.has(email));
  private readonly faults: Fault[] = [];
  private readonly hangs: CountedRule[] = [];
  private readonly hung = new Set<ServerResponse>();
  private readonly holds: Hold[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;
  private latencyMs: number;
  private readonly usage: UsageLimits;
  private closed = false;

  constructor(options: FakeGoogleOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.oauth = new OAuthBackend(this.accounts, options.accessTokenTtl ?? 3599);
    this.usage = new UsageLimits(options.usageLimits);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.on('connection', () => this.connections++);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.authUrl = `${this.baseUrl}/o/oauth2/v2/auth`;
    this.tokenUrl = `${this.baseUrl}/token`;
    this.revokeUrl = `${this.baseUrl}/revoke`;
    this.apiRoot = `${this.baseUrl}/`;
    this.userinfoUrl = `${this.baseUrl}/oauth2/v3/userinfo`;
    this.certsUrl = `${this.baseUrl}/oauth2/v1/certs`;
    this.jwksUrl = `${this.baseUrl}/oauth2/v3/certs`;
  }

  get oauthEndpoints(): OAuthEndpoints {
    return {
      oauth2AuthBaseUrl: this.authUrl,
      oauth2TokenUrl: this.tokenUrl,
      oauth2RevokeUrl: this.revokeUrl,
      oauth2FederatedSignonPemCertsUrl: this.certsUrl,
      oauth2FederatedSignonJwkCertsUrl: this.jwksUrl,
    };
  }

  get authRequests(): readonly AuthRequestRecord[] {
    return this.oauth.authRequests;
  }

  get tokenRequests(): readonly TokenRequestRecord[] {
    return this.oauth.tokenRequests;
  }

  get revoked(): readonly RevocationRecord[] {
    return this.oauth.revoked;
  }

  // --- setup ---

  addOAuthClient(client: OAuthClientConfig): void {
    this.oauth.clients.set(client.clientId, { ...client });
  }

  addAccount(config: AccountConfig): { email: string; sub: string } {
    if (this.accounts.has(config.email)) throw new Error(`fake-google: account ${config.email} already exists`);
    validateTimeZone(config.timeZone, 'account');
    const account: Account = {
      email: config.email,
      sub: config.sub ?? `1${String(this.accounts.size + 1).padStart(20, '0')}`,
      ...(config.name ? { name: config.name } : {}),
      ...(config.grantScopes ? { grantScopes: [...config.grantScopes] } : {}),
      deny: config.deny ?? false,
      omitRefreshToken: config.omitRefreshToken ?? false,
      timeZone: config.timeZone ?? 'UTC',
      calendarList: new Map(),
    };
    this.accounts.set(account.email, account);
    this.calendar.addCalendar(account, { id: account.email, summary: account.email, primary: true, accessRole: 'owner' });
    return { email: account.email, sub: account.sub };
  }

  nextConsent(email: string): void {
    this.oauth.nextConsent(email);
  }

  addCalendar(email: string, calendar: CalendarConfig): void {
    validateTimeZone(calendar.timeZone, 'calendar');
    this.calendar.addCalendar(this.account(email), calendar);
  }

  addEvent(email: string, calendarId: string, event: CalendarEvent): CalendarEvent {
    return this.calendar.seedEvent(this.account(email), calendarId, event);
  }

  /** The event as edited in Google Calendar itself, by its owner or a guest, outside the app. */
  changeEvent(calendarId: string, eventId: string, changes: Partial<CalendarEvent>): CalendarEvent {
    return this.calendar.changeStored(calendarId, eventId, changes);
  }

  get changes() {
    return this.calendar.changes;
  }

  events(calendarId: string): CalendarEvent[] {
    return this.calendar.storedEvents(calendarId);
  }

  get guestUpdates(): readonly GuestUpdate[] {
    return this.calendar.guestUpdates;
  }

  get notifications(): readonly ResponseNotification[] {
    return this.calendar.notifications;
  }

  private account(email: string): Account {
    const account = this.accounts.get(email);
    if (!account) throw new Error(`fake-google: unknown account ${email}`);
    return account;
  }

  // --- tokens ---

  issueTokens(options: IssueTokensOptions): IssuedTokens {
    return this.oauth.issueTokens(options);
  }

  revokeAccount(email: string): void {
    this.oauth.revokeAccount(email);
  }

  expireAccessTokens(email?: string): void {
    this.oauth.expireAccessTokens(email);
  }

  setAccessTokenTtl(seconds: number): void {
    this.oauth.accessTokenTtl = seconds;
  }

  refreshCount(): number {
    return this.oauth.refreshCount();
  }

  // --- faults and introspection ---

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  fail({ times = 1, ...fault }: FailOptions): void {
    this.faults.push({ ...fault, remaining: times });
  }

  hang({ match, times = 1 }: HangOptions = {}): void {
    this.hangs.push({ match, remaining: times });
  }

  hold(match?: RequestMatcher): HeldRequests {
    const hold = new Hold(match);
    this.holds.push(hold);
    return hold;
  }

  requestsTo(pathSubstring: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.includes(pathSubstring));
  }

  reset(): void {
    this.requests.length = 0;
    this.calendar.guestUpdates.length = 0;
    this.calendar.notifications.length = 0;
    this.oauth.authRequests.length = 0;
    this.oauth.tokenRequests.length = 0;
    this.oauth.revoked.length = 0;
    this.faults.length = 0;
    this.hangs.length = 0;
    this.holds.splice(0).forEach((hold) => hold.release());
    this.latencyMs = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.hung.forEach((res) => res.destroy());
    this.holds.splice(0).forEach((hold) => hold.release());
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closing;
  }

  // --- request pipeline ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = decodeBody(await readBody(req), req.headers['content-type'] ?? '');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodePath(url.pathname),
      query: Object.fromEntries(url.searchParams),
      at: Date.now(),
      ...(body === undefined || body === UNPARSEABLE ? {} : { body }),
    };
    this.requests.push(record);
    await Promise.all(this.holds.map((hold) => hold.admit(record)));
    if (this.latencyMs > 0) await this.sleep(this.latencyMs);
    if (this.closed) return;
    if (takeRule(this.hangs, record)) {
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return;
    }
    const fault = takeRule(this.faults, record);
    const reply = fault ? faultReply(fault) : this.dispatch({ method: record.method, url, headers: req.headers, body, record });
    record.status = reply.status;
    sendReply(res, reply, req.headers);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private dispatch(context: RequestContext): Reply {
    try {
      return this.route(context);
    } catch (err) {
      return errorReply(err);
    }
  }

  private route(context: RequestContext): Reply {
    const { method, url } = context;
    const path = url.pathname;
    if (path === '/o/oauth2/v2/auth' && method === 'GET') return this.oauth.authorize(url.searchParams);
    if (path === '/token' && method === 'POST') return this.oauth.token(formOf(context), context.headers.authorization);
    if (path === '/revoke' && (method === 'POST' || method === 'GET')) {
      return this.oauth.revoke(formOf(context).get('token') ?? url.searchParams.get('token'));
    }
    if (path === '/oauth2/v3/userinfo') {
      return this.oauth.userinfo(bearerToken(context.headers) ?? url.searchParams.get('access_token') ?? undefined);
    }
    if (path === '/oauth2/v1/certs') return pemCerts();
    if (path === '/oauth2/v3/certs') return jwkCerts();
    if (path.startsWith(CALENDAR_PREFIX)) return this.calendarRequest(context);
    throw notImplemented(method, path);
  }

  private calendarRequest(context: RequestContext): Reply {
    const token = bearerToken(context.headers);
    if (!token) throw unauthenticated('required');
    const caller = this.oauth.authenticate(token);
    if (!caller) throw unauthenticated('authError');
    context.record.account = caller.account.email;
    const overQuota = this.usage.admit(caller.grant.clientId, caller.account.email);
    if (overQuota) throw new ApiError(403, overQuota, REASON_MESSAGES[overQuota]!);
    const segments = context.url.pathname.slice(CALENDAR_PREFIX.length).split('/').map(decodeURIComponent);
    const reply = this.calendar.handle(context.method, segments, caller, context.url.searchParams, () => jsonBodyOf(context));
    return partialResponse(reply, context.url.searchParams.get('fields'));
  }
}
