/**
 * In-memory fake of Google's OAuth 2.0 endpoints and the Calendar API v3, served over real HTTP on
 * 127.0.0.1 so the real `google-auth-library` and `@googleapis/calendar` clients can talk to it.
 *
 * Point the clients at it with:
 *   new OAuth2Client({ clientId, clientSecret, redirectUri, endpoints: fake.oauthEndpoints })
 *   calendar({ version: 'v3', auth: oauthClient, rootUrl: fake.apiRoot })
 */
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { calendar_v3 } from '@googleapis/calendar';
import { DateTime, IANAZone } from 'luxon';
import mask from 'json-mask';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type CalendarEvent = calendar_v3.Schema$Event;
type EventDateTime = calendar_v3.Schema$EventDateTime;

export type AccessRole = 'freeBusyReader' | 'reader' | 'writer' | 'owner';
export type FaultStatus = 400 | 401 | 403 | 404 | 409 | 410 | 429 | 500 | 502 | 503;

export interface FakeGoogleOptions {
  /** Delay applied to every request, in milliseconds. */
  latencyMs?: number;
  /** `expires_in` of issued access tokens, in seconds (default 3599). */
  accessTokenTtl?: number;
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  /** When set, the authorization endpoint rejects any other redirect_uri. */
  redirectUris?: string[];
}

export interface AccountConfig {
  email: string;
  sub?: string;
  name?: string;
  /** Scopes the user ticks on the consent screen; default: everything requested. */
  grantScopes?: string[];
  /** The user clicks "Cancel" on the consent screen. */
  deny?: boolean;
  /** Never return a refresh_token for this account (like Google after an earlier consent). */
  omitRefreshToken?: boolean;
  /** Time zone of the account's primary calendar (default 'UTC'). */
  timeZone?: string;
}

export interface CalendarConfig {
  id: string;
  summary?: string;
  description?: string;
  timeZone?: string;
  primary?: boolean;
  accessRole?: AccessRole;
}

export interface RequestInfo {
  method: string;
  /** Percent-decoded path, e.g. `/calendar/v3/calendars/alice@example.com/events`. */
  path: string;
  query: Record<string, string>;
}

export interface RecordedRequest extends RequestInfo {
  at: number;
  /** Email of the account whose access token authenticated the request. */
  account?: string;
  /** Decoded JSON or form body. */
  body?: unknown;
  /** Response status; unset while pending or when hung. */
  status?: number;
}

/**
 * What one event write would have emailed. `all`: every guest but the organizer; `externalOnly`:
 * guests who do not use Google Calendar (here: emails with no account in this fake); `none` or no
 * `sendUpdates` at all: nobody. Guests removed by the write are told too (they get the cancellation).
 */
export interface GuestUpdate {
  method: 'insert' | 'patch' | 'update' | 'delete';
  calendarId: string;
  eventId: string;
  sendUpdates: 'all' | 'externalOnly' | 'none' | null;
  emailed: string[];
}

export interface AuthRequestRecord {
  query: Record<string, string>;
  at: number;
  /** The account that answered the consent screen. */
  account?: string;
}

export interface TokenRequestRecord {
  grant_type: string;
  at: number;
  clientId?: string;
}

export interface RevocationRecord {
  email: string;
  clientId: string;
  token?: string;
  at: number;
}

/** A path substring, a RegExp tested against the path, or a predicate. */
export type RequestMatcher = string | RegExp | ((req: RequestInfo) => boolean);

export interface FailOptions {
  match?: RequestMatcher;
  status: FaultStatus;
  /** e.g. 'rateLimitExceeded', 'userRateLimitExceeded', 'forbidden', 'backendError'. */
  reason?: string;
  message?: string;
  /** Sent as the Retry-After header, in seconds. */
  retryAfter?: number;
  /** How many matching requests fail (default 1; Infinity for all). */
  times?: number;
}

export interface HangOptions {
  match?: RequestMatcher;
  /** How many matching requests hang (default 1; Infinity for all). */
  times?: number;
}

/** Requests a test holds unanswered: what the app has in flight at one time. */
export interface HeldRequests {
  /** Held now: recorded, not yet answered. */
  readonly held: readonly RecordedRequest[];
  /** The most requests held at one time. */
  readonly mostAtOnce: number;
  /** Lets the held requests be answered and holds no more. */
  release(): void;
}

export interface IssueTokensOptions {
  email: string;
  clientId: string;
  scopes?: string[];
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  scope: string;
  token_type: 'Bearer';
  expiry_date: number;
  id_token?: string;
}

export interface OAuthEndpoints {
  oauth2AuthBaseUrl: string;
  oauth2TokenUrl: string;
  oauth2RevokeUrl: string;
  oauth2FederatedSignonPemCertsUrl: string;
  oauth2FederatedSignonJwkCertsUrl: string;
}

export interface FakeGoogle {
  readonly baseUrl: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  /** Pass as `rootUrl` to `calendar({ version: 'v3', ... })`. */
  readonly apiRoot: string;
  readonly userinfoUrl: string;
  /** PEM certificates verifying issued id_tokens (`oauth2FederatedSignonPemCertsUrl`). */
  readonly certsUrl: string;
  /** JWK set verifying issued id_tokens (`oauth2FederatedSignonJwkCertsUrl`). */
  readonly jwksUrl: string;
  /** Ready-made `endpoints` option for google-auth-library's OAuth2Client. */
  readonly oauthEndpoints: OAuthEndpoints;

  readonly requests: readonly RecordedRequest[];
  readonly authRequests: readonly AuthRequestRecord[];
  readonly tokenRequests: readonly TokenRequestRecord[];
  readonly revoked: readonly RevocationRecord[];

  addOAuthClient(client: OAuthClientConfig): void;
  addAccount(account: AccountConfig): { email: string; sub: string };
  /** The account that clicks "Allow" on the next authorization. */
  nextConsent(email: string): void;
  addCalendar(email: string, calendar: CalendarConfig): void;
  addEvent(email: string, calendarId: string, event: CalendarEvent): CalendarEvent;
  changeEvent(calendarId: string, eventId: string, changes: Partial<CalendarEvent>): CalendarEvent;
  /** Every stored event of a calendar (masters, exceptions, cancelled ones), as copies. */
  events(calendarId: string): CalendarEvent[];
  /** Every event write with the `sendUpdates` it carried and whom Google would have emailed. */
  readonly guestUpdates: readonly GuestUpdate[];

  /** Mints tokens without the browser dance, as if the user had consented. */
  issueTokens(options: IssueTokensOptions): IssuedTokens;
  /** The user revokes the app's access from their Google account. */
  revokeAccount(email: string): void;
  /** Makes current access tokens (of one account, or all) expired server-side. */
  expireAccessTokens(email?: string): void;
  setAccessTokenTtl(seconds: number): void;
  /** Number of refresh_token grant requests that reached the token endpoint. */
  refreshCount(): number;

  setLatency(ms: number): void;
  fail(options: FailOptions): void;
  hang(options?: HangOptions): void;
  /** Holds every matching request, once recorded, until `release()`. */
  hold(match?: RequestMatcher): HeldRequests;
  requestsTo(pathSubstring: string): RecordedRequest[];
  /** Clears recorded requests (all kinds), faults, hangs, holds and latency; keeps accounts and data. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const fake = new FakeGoogleServer(options);
  await fake.listen();
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const CALENDAR = 'https://www.googleapis.com/auth/calendar';
const USERINFO_EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
const USERINFO_PROFILE = 'https://www.googleapis.com/auth/userinfo.profile';
/** Sign-in scopes cannot be unticked on Google's consent screen. */
const IDENTITY_SCOPES = new Set(['openid', USERINFO_EMAIL, USERINFO_PROFILE]);
const SCOPE_ALIASES: Record<string, string> = { email: USERINFO_EMAIL, profile: USERINFO_PROFILE };
const DEFAULT_ISSUED_SCOPES = ['openid', USERINFO_EMAIL, CALENDAR];

const REQUIRED_SCOPES = {
  calendarList: [CALENDAR, `${CALENDAR}.readonly`, `${CALENDAR}.calendarlist`, `${CALENDAR}.calendarlist.readonly`],
  calendars: [CALENDAR, `${CALENDAR}.readonly`, `${CALENDAR}.calendars`, `${CALENDAR}.calendars.readonly`],
  eventsRead: [
    CALENDAR,
    `${CALENDAR}.readonly`,
    `${CALENDAR}.events`,
    `${CALENDAR}.events.readonly`,
    `${CALENDAR}.events.owned`,
    `${CALENDAR}.events.owned.readonly`,
  ],
  eventsWrite: [CALENDAR, `${CALENDAR}.events`, `${CALENDAR}.events.owned`],
  freeBusy: [CALENDAR, `${CALENDAR}.readonly`, `${CALENDAR}.freebusy`, `${CALENDAR}.events.freebusy`],
} as const;

const ROLE_RANK: Record<AccessRole, number> = { freeBusyReader: 0, reader: 1, writer: 2, owner: 3 };
const CLIENT_EVENT_ID = /^[a-v0-9]{5,1024}$/;
const INSTANCE_ID = /^(.+)_(\d{8}(?:T\d{6}Z)?)$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const AUTH_CODE_TTL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
/** How far open-ended recurring series are expanded when the query has no timeMax. */
const OPEN_ENDED_HORIZON_MS = 366 * DAY_MS;
const MAX_RECURRENCE_PERIODS = 100_000;
const FREEBUSY_MAX_ITEMS = 50;
/** Google refuses longer freeBusy spans with 400 timeRangeTooLong (cal.com hit it past ~3 months). */
const FREEBUSY_MAX_SPAN_MS = 90 * DAY_MS;
/**
 * Google documents no maximum for an event's summary; the fake refuses what is clearly
 * beyond anything real rather than accept a 100,000-character title Google may refuse.
 */
const SUMMARY_MAX_CHARS = 1024;
/** What the fake takes for an attendee's address: one @, no spaces or brackets, a dotted domain. */
const ATTENDEE_EMAIL = /^[^\s@<>()\[\],;:"]+@[^\s@<>()\[\],;:"]+\.[^\s@<>()\[\],;:".]+$/;

// ---------------------------------------------------------------------------------------------
// Errors and replies
// ---------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Google API error, rendered as `{error:{code,message,errors:[...],status}}`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** OAuth endpoint error, rendered as `{error, error_description}`. */
class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description?: string,
  ) {
    super(error);
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
};

const DEFAULT_REASONS: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  410: 'deleted',
  429: 'rateLimitExceeded',
  500: 'backendError',
  502: 'backendError',
  503: 'backendError',
};

const REASON_MESSAGES: Record<string, string> = {
  badRequest: 'Bad Request',
  authError: 'Invalid Credentials',
  forbidden: 'Forbidden',
  notFound: 'Not Found',
  conflict: 'Conflict',
  deleted: 'Resource has been deleted',
  rateLimitExceeded: 'Rate Limit Exceeded',
  userRateLimitExceeded: 'User Rate Limit Exceeded',
  quotaExceeded: 'Calendar usage limits exceeded.',
  backendError: 'Backend Error',
};

function errorDomain(reason: string): string {
  return /ratelimit|quota|limitexceeded/i.test(reason) ? 'usageLimits' : 'global';
}

function googleErrorBody(code: number, reason: string, message: string, details: Record<string, string> = {}) {
  return {
    error: {
      code,
      message,
      errors: [{ domain: errorDomain(reason), reason, message, ...details }],
      status: STATUS_NAMES[code] ?? 'UNKNOWN',
    },
  };
}

function errorReply(err: unknown): Reply {
  if (err instanceof ApiError) {
    return { status: err.status, body: googleErrorBody(err.status, err.reason, err.message, err.details), headers: err.headers };
  }
  if (err instanceof OAuthError) {
    const body = err.description === undefined ? { error: err.error } : { error: err.error, error_description: err.description };
    return { status: err.status, body };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: googleErrorBody(500, 'backendError', `fake-google internal error: ${message}`) };
}

function json(body: unknown, status = 200): Reply {
  return { status, body };
}

function redirect(target: string, params: Record<string, string | undefined>): Reply {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return { status: 302, headers: { location: url.toString() } };
}

function badRequest(message = 'Bad Request', reason = 'badRequest'): ApiError {
  return new ApiError(400, reason, message);
}

function invalid(message = 'Invalid Value'): ApiError {
  return new ApiError(400, 'invalid', message);
}

function notFound(): ApiError {
  return new ApiError(404, 'notFound', 'Not Found');
}

function notImplemented(method: string, path: string): ApiError {
  return new ApiError(404, 'notFound', `fake-google does not implement ${method} ${path}`);
}

function unauthenticated(reason: 'required' | 'authError'): ApiError {
  const message =
    reason === 'required'
      ? 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
      : 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
  return new ApiError(
    401,
    reason,
    message,
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    { location: 'Authorization', locationType: 'header' },
  );
}

// ---------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function randomFrom(alphabet: string, length: number): string {
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Google event ids use base32hex: lowercase a-v and digits. */
function randomEventId(): string {
  return randomFrom('abcdefghijklmnopqrstuv0123456789', 26);
}

function sha256Base64url(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Google prints freeBusy instants without milliseconds. */
function toIsoSeconds(ms: number): string {
  return toIso(ms).replace(/\.\d{3}Z$/, 'Z');
}

function matches(matcher: RequestMatcher | undefined, req: RequestInfo): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return req.path.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(req.path);
  return matcher(req);
}

interface CountedRule {
  match?: RequestMatcher;
  remaining: number;
}

class Hold implements HeldRequests {
  readonly held: RecordedRequest[] = [];
  mostAtOnce = 0;
  private released = false;
  private readonly gates: (() => void)[] = [];

  constructor(private readonly match: RequestMatcher | undefined) {}

  /** Resolves when `record` may be answered; at once unless this hold takes it. */
  admit(record: RecordedRequest): Promise<void> {
    if (this.released || !matches(this.match, record)) return Promise.resolve();
    this.held.push(record);
    this.mostAtOnce = Math.max(this.mostAtOnce, this.held.length);
    return new Promise((resolve) => this.gates.push(resolve));
  }

  release(): void {
    this.released = true;
    this.held.length = 0;
    this.gates.splice(0).forEach((open) => open());
  }
}

/** Finds the first rule matching `req`, consuming one of its uses. */
function takeRule<T extends CountedRule>(rules: T[], req: RequestInfo): T | undefined {
  const index = rules.findIndex((rule) => rule.remaining > 0 && matches(rule.match, req));
  const rule = rules[index];
  if (!rule) return undefined;
  rule.remaining -= 1;
  if (rule.remaining <= 0) rules.splice(index, 1);
  return rule;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const UNPARSEABLE = Symbol('unparseable');

function decodeBody(raw: Buffer, contentType: string): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (!contentType.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return UNPARSEABLE;
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json; charset=UTF-8';
  res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

// ---------------------------------------------------------------------------------------------
// ID token signing
// ---------------------------------------------------------------------------------------------

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

let sharedSigningKey: SigningKey | undefined;

// RSA key generation takes tens of milliseconds, so all fakes in a test run share one lazily made key.
function signingKey(): SigningKey {
  if (!sharedSigningKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    sharedSigningKey = { kid: `fake-${randomToken(8)}`, privateKey, publicKey };
  }
  return sharedSigningKey;
}

function signJwt(payload: Record<string, unknown>): string {
  const key = signingKey();
  const header = base64url(JSON.stringify({ alg: 'RS256', kid: key.kid, typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key.privateKey);
  return `${header}.${body}.${base64url(signature)}`;
}

function pemCerts(): Reply {
  const key = signingKey();
  return {
    status: 200,
    body: { [key.kid]: key.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    headers: { 'cache-control': 'public, max-age=3600' },
  };
}

function jwkCerts(): Reply {
  const key = signingKey();
  return json({ keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' }] });
}

// ---------------------------------------------------------------------------------------------
// Accounts and tokens
// ---------------------------------------------------------------------------------------------

interface CalendarListEntry {
  accessRole: AccessRole;
  primary: boolean;
}

interface Account {
  email: string;
  sub: string;
  name?: string;
  grantScopes?: string[];
  deny: boolean;
  omitRefreshToken: boolean;
  timeZone: string;
  calendarList: Map<string, CalendarListEntry>;
}

/** One consent: the refresh token and all access tokens minted from it share its fate. */
interface Grant {
  clientId: string;
  email: string;
  scopes: string[];
  refreshToken?: string;
  revoked: boolean;
}

interface AccessTokenEntry {
  grant: Grant;
  expiresAt: number;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge?: string;
  challengeMethod?: string;
  scopes: string[];
  email: string;
  withRefreshToken: boolean;
  used: boolean;
  expiresAt: number;
}

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  challenge?: string;
  challengeMethod?: string;
}

interface TokenResponse {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
  refresh_token?: string;
  id_token?: string;
}

interface AuthenticatedCaller {
  account: Account;
  grant: Grant;
}

function normalizeScopes(scopes: string[]): string[] {
  const normalized = scopes.filter(Boolean).map((scope) => SCOPE_ALIASES[scope] ?? scope);
  // Google adds openid whenever a sign-in scope is requested.
  if (normalized.some((scope) => scope === USERINFO_EMAIL || scope === USERINFO_PROFILE)) normalized.push('openid');
  return [...new Set(normalized)];
}

class OAuthBackend {
  readonly clients = new Map<string, OAuthClientConfig>();
  readonly authRequests: AuthRequestRecord[] = [];
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly revoked: RevocationRecord[] = [];
  accessTokenTtl: number;
  private readonly codes = new Map<string, AuthCode>();
  private readonly grants: Grant[] = [];
  private readonly accessTokens = new Map<string, AccessTokenEntry>();
  private readonly refreshTokens = new Map<string, Grant>();
  private queuedConsent: string | undefined;

  constructor(
    private readonly accounts: Map<string, Account>,
    accessTokenTtl: number,
  ) {
    this.accessTokenTtl = accessTokenTtl;
  }

  nextConsent(email: string): void {
    if (!this.accounts.has(email)) throw new Error(`fake-google: unknown account ${email}`);
    this.queuedConsent = email;
  }

  // --- authorization endpoint ---

  authorize(params: URLSearchParams): Reply {
    const record: AuthRequestRecord = { query: Object.fromEntries(params), at: Date.now() };
    this.authRequests.push(record);
    const request = this.parseAuthorizeRequest(params);
    const account = this.consentingAccount(params.get('login_hint'));
    record.account = account.email;
    if (account.deny) return redirect(request.redirectUri, { error: 'access_denied', state: request.state });

    const scopes = this.grantedScopes(request, account, params.get('include_granted_scopes') === 'true');
    const code = `4/0${randomToken(32)}`;
    this.codes.set(code, {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      challenge: request.challenge,
      challengeMethod: request.challengeMethod,
      scopes,
      email: account.email,
      withRefreshToken: this.shouldIssueRefreshToken(params, account, request.clientId),
      used: false,
      expiresAt: Date.now() + AUTH_CODE_TTL_MS,
    });
    return redirect(request.redirectUri, { state: request.state, code, scope: scopes.join(' ') });
  }

  private parseAuthorizeRequest(params: URLSearchParams): AuthorizeRequest {
    const clientId = params.get('client_id') ?? '';
    const client = this.clients.get(clientId);
    if (!client) throw new OAuthError(401, 'invalid_client', 'The OAuth client was not found.');
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: redirect_uri');
    if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
      throw new OAuthError(400, 'redirect_uri_mismatch', `The redirect URI ${redirectUri} is not registered.`);
    }
    if (params.get('response_type') !== 'code') throw new OAuthError(400, 'unsupported_response_type');
    const scope = params.get('scope');
    if (!scope) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: scope');
    const challenge = params.get('code_challenge') ?? undefined;
    const challengeMethod = params.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
    if (challengeMethod && (!challenge || !['S256', 'plain'].includes(challengeMethod))) {
      throw new OAuthError(400, 'invalid_request', 'Invalid code_challenge or code_challenge_method.');
    }
    const state = params.get('state') ?? undefined;
    return { clientId, redirectUri, scopes: normalizeScopes(scope.split(' ')), state, challenge, challengeMethod };
  }

  private consentingAccount(loginHint: string | null): Account {
    const email = this.queuedConsent ?? (loginHint && this.accounts.has(loginHint) ? loginHint : undefined);
    this.queuedConsent = undefined;
    const account = email ? this.accounts.get(email) : this.accounts.values().next().value;
    if (!account) throw new OAuthError(400, 'invalid_request', 'fake-google: no account to consent; call addAccount first');
    return account;
  }

  private grantedScopes(request: AuthorizeRequest, account: Account, includeGranted: boolean): string[] {
    const allowed = account.grantScopes ? new Set(normalizeScopes(account.grantScopes)) : undefined;
    const granted = request.scopes.filter((scope) => !allowed || allowed.has(scope) || IDENTITY_SCOPES.has(scope));
    if (!includeGranted) return granted;
    const previous = this.activeGrants(account.email, request.clientId).flatMap((grant) => grant.scopes);
    return [...new Set([...granted, ...previous])];
  }

  /** Like Google: only offline access gets a refresh token, and only on first consent unless prompt=consent. */
  private shouldIssueRefreshToken(params: URLSearchParams, account: Account, clientId: string): boolean {
    if (account.omitRefreshToken || params.get('access_type') !== 'offline') return false;
    const forcedConsent = (params.get('prompt') ?? '').split(' ').includes('consent');
    const alreadyConsented = this.activeGrants(account.email, clientId).some((grant) => grant.refreshToken);
    return forcedConsent || !alreadyConsented;
  }

  // --- token endpoint ---

  token(form: URLSearchParams, authorization: string | undefined): Reply {
    const grantType = form.get('grant_type') ?? '';
    const record: TokenRequestRecord = { grant_type: grantType, at: Date.now() };
    this.tokenRequests.push(record);
    const client = this.authenticateClient(form, authorization);
    record.clientId = client.clientId;
    if (grantType === 'authorization_code') return json(this.exchangeCode(client, form));
    if (grantType === 'refresh_token') return json(this.refresh(client, form));
    throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
  }

  private authenticateClient(form: URLSearchParams, authorization: string | undefined): OAuthClientConfig {
    const basic = basicCredentials(authorization);
    const clientId = basic?.id ?? form.get('client_id');
    const secret = basic?.secret ?? form.get('client_secret');
    if (!clientId) throw new OAuthError(400, 'invalid_request', 'Could not determine client ID from request.');
    const client = this.clients.get(clientId);
    if (!client) throw new OAuthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (!secret) throw new OAuthError(400, 'invalid_request', 'client_secret is missing.');
    if (secret !== client.clientSecret) throw new OAuthError(401, 'invalid_client', 'Unauthorized');
    return client;
  }

  private exchangeCode(client: OAuthClientConfig, form: URLSearchParams): TokenResponse {
    const code = form.get('code');
    if (!code) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: code');
    const entry = this.codes.get(code);
    if (!entry || entry.used || entry.expiresAt < Date.now()) throw new OAuthError(400, 'invalid_grant', 'Malformed auth code.');
    if (entry.clientId !== client.clientId) throw new OAuthError(400, 'invalid_grant', 'Unauthorized');
    if (form.get('redirect_uri') !== entry.redirectUri) throw new OAuthError(400, 'redirect_uri_mismatch', 'Bad Request');
    verifyPkce(entry, form.get('code_verifier'));
    entry.used = true;
    const grant = this.createGrant(client.clientId, entry.email, entry.scopes, entry.withRefreshToken);
    return this.tokenResponse(grant, entry.withRefreshToken);
  }

  private refresh(client: OAuthClientConfig, form: URLSearchParams): TokenResponse {
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.revoked) throw new OAuthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    if (grant.clientId !== client.clientId) throw new OAuthError(401, 'unauthorized_client', 'Unauthorized');
    return this.tokenResponse(grant, false);
  }

  private tokenResponse(grant: Grant, includeRefreshToken: boolean): TokenResponse {
    const response: TokenResponse = {
      access_token: this.mintAccessToken(grant),
      expires_in: this.accessTokenTtl,
      scope: grant.scopes.join(' '),
      token_type: 'Bearer',
    };
    if (includeRefreshToken && grant.refreshToken) response.refresh_token = grant.refreshToken;
    const idToken = this.idToken(grant);
    if (idToken) response.id_token = idToken;
    return response;
  }

  private createGrant(clientId: string, email: string, scopes: string[], withRefreshToken: boolean): Grant {
    const grant: Grant = { clientId, email, scopes, revoked: false };
    if (withRefreshToken) {
      grant.refreshToken = `1//0${randomToken(48)}`;
      this.refreshTokens.set(grant.refreshToken, grant);
    }
    this.grants.push(grant);
    return grant;
  }

  private mintAccessToken(grant: Grant): string {
    const token = `ya29.${randomToken(48)}`;
    this.accessTokens.set(token, { grant, expiresAt: Date.now() + this.accessTokenTtl * 1000 });
    return token;
  }

  /** Google only issues an id_token when a sign-in scope was granted. */
  private idToken(grant: Grant): string | undefined {
    if (!grant.scopes.some((scope) => IDENTITY_SCOPES.has(scope))) return undefined;
    const account = this.accounts.get(grant.email);
    if (!account) return undefined;
    const iat = Math.floor(Date.now() / 1000);
    return signJwt({
      iss: 'https://accounts.google.com',
      azp: grant.clientId,
      aud: grant.clientId,
      sub: account.sub,
      ...this.identityClaims(account, grant.scopes),
      iat,
      exp: iat + 3600,
    });
  }

  private identityClaims(account: Account, scopes: string[]): Record<string, unknown> {
    const claims: Record<string, unknown> = {};
    if (scopes.includes(USERINFO_EMAIL)) Object.assign(claims, { email: account.email, email_verified: true });
    if (scopes.includes(USERINFO_PROFILE) && account.name) claims.name = account.name;
    return claims;
  }

  // --- revocation, userinfo, helpers ---

  revoke(token: string | null | undefined): Reply {
    const grant = token ? (this.accessTokens.get(token)?.grant ?? this.refreshTokens.get(token)) : undefined;
    if (!token || !grant || grant.revoked) throw new OAuthError(400, 'invalid_token', 'Token expired or revoked');
    this.revokeGrant(grant, token);
    return json({});
  }

  revokeAccount(email: string): void {
    for (const grant of this.grants) {
      if (grant.email === email && !grant.revoked) this.revokeGrant(grant, grant.refreshToken);
    }
  }

  private revokeGrant(grant: Grant, token: string | undefined): void {
    grant.revoked = true;
    this.revoked.push({ email: grant.email, clientId: grant.clientId, token, at: Date.now() });
  }

  userinfo(token: string | undefined): Reply {
    const caller = token ? this.authenticate(token) : undefined;
    if (!caller) throw new OAuthError(401, 'invalid_request', 'Invalid Credentials');
    return json({ sub: caller.account.sub, ...this.identityClaims(caller.account, caller.grant.scopes) });
  }

  authenticate(token: string): AuthenticatedCaller | undefined {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.grant.revoked || entry.expiresAt <= Date.now()) return undefined;
    const account = this.accounts.get(entry.grant.email);
    return account ? { account, grant: entry.grant } : undefined;
  }

  issueTokens({ email, clientId, scopes = DEFAULT_ISSUED_SCOPES }: IssueTokensOptions): IssuedTokens {
    if (!this.accounts.has(email)) throw new Error(`fake-google: unknown account ${email}`);
    if (!this.clients.has(clientId)) throw new Error(`fake-google: unknown OAuth client ${clientId}`);
    const grant = this.createGrant(clientId, email, normalizeScopes(scopes), true);
    const { expires_in: expiresIn, ...tokens } = this.tokenResponse(grant, true);
    return { ...tokens, refresh_token: grant.refreshToken ?? '', expiry_date: Date.now() + expiresIn * 1000 };
  }

  expireAccessTokens(email?: string): void {
    for (const entry of this.accessTokens.values()) {
      if (email === undefined || entry.grant.email === email) entry.expiresAt = 0;
    }
  }

  refreshCount(): number {
    return this.tokenRequests.filter((request) => request.grant_type === 'refresh_token').length;
  }

  private activeGrants(email: string, clientId: string): Grant[] {
    return this.grants.filter((grant) => grant.email === email && grant.clientId === clientId && !grant.revoked);
  }
}

function verifyPkce(entry: AuthCode, verifier: string | null): void {
  if (!entry.challenge) return;
  if (!verifier) throw new OAuthError(400, 'invalid_grant', 'Missing code verifier.');
  const computed = entry.challengeMethod === 'S256' ? sha256Base64url(verifier) : verifier;
  if (computed !== entry.challenge) throw new OAuthError(400, 'invalid_grant', 'Invalid code verifier.');
}

// ---------------------------------------------------------------------------------------------
// Event times
// ---------------------------------------------------------------------------------------------

interface TimeWindow {
  min?: number;
  max?: number;
}

function hasOffset(dateTime: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(dateTime);
}

/** Instant of an event boundary; all-day dates start at midnight in the calendar's zone. */
function toDateTime(time: EventDateTime | undefined, calendarZone: string): DateTime {
  if (time?.date) return DateTime.fromISO(time.date, { zone: calendarZone });
  if (time?.dateTime) return DateTime.fromISO(time.dateTime, { zone: time.timeZone ?? calendarZone });
  return DateTime.invalid('missing');
}

function eventStartMs(event: CalendarEvent, zone: string): number {
  return toDateTime(event.start, zone).toMillis();
}

function eventEndMs(event: CalendarEvent, zone: string): number {
  return toDateTime(event.end, zone).toMillis();
}

/** Google's list semantics: timeMin bounds the end, timeMax bounds the start, both exclusive. */
function overlaps(event: CalendarEvent, zone: string, window: TimeWindow): boolean {
  return (
    (window.min === undefined || eventEndMs(event, zone) > window.min) &&
    (window.max === undefined || eventStartMs(event, zone) < window.max)
  );
}

function isoOf(dt: DateTime): string {
  const iso = dt.toISO({ suppressMilliseconds: true });
  if (!iso) throw new Error(`fake-google: invalid date ${dt.invalidExplanation ?? ''}`);
  return iso;
}

function parseTimeParam(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!RFC3339.test(value) || !dt.isValid) throw badRequest();
  return dt.toMillis();
}

function validateTimeZone(zone: string | null | undefined, which: string): void {
  if (zone && !IANAZone.isValidZone(zone)) throw invalid(`Invalid time zone definition for ${which} time.`);
}

function validateBoundary(time: EventDateTime | undefined, which: 'start' | 'end', zone: string, recurring: boolean): DateTime {
  if (!time || (!time.date && !time.dateTime)) throw new ApiError(400, 'required', `Missing ${which} time.`);
  validateTimeZone(time.timeZone, which);
  if (time.date && !/^\d{4}-\d{2}-\d{2}$/.test(time.date)) throw invalid(`Invalid ${which} time.`);
  if (time.dateTime && !time.timeZone && (recurring || !hasOffset(time.dateTime))) {
    throw new ApiError(400, 'required', `Missing time zone definition for ${which} time.`);
  }
  const dt = toDateTime(time, zone);
  if (!dt.isValid) throw invalid(`Invalid ${which} time.`);
  return dt;
}

/** What Google refuses in an event's content, whatever the call that writes it. */
function validateEventContent(event: CalendarEvent): void {
  if ((event.summary?.length ?? 0) > SUMMARY_MAX_CHARS) throw invalid(`fake-google: a summary over ${SUMMARY_MAX_CHARS} characters is refused (Google's limit is undocumented).`);
  for (const attendee of event.attendees ?? []) {
    if (!ATTENDEE_EMAIL.test(attendee.email ?? '')) throw invalid('Invalid attendee email.');
  }
}

/**
 * Partial responses: with `fields`, Google returns only the selected parts. Its syntax
 * (`a,b/c,items(d,e)`, `*`) is the one json-mask implements.
 */
function partialResponse(reply: Reply, fields: string | null): Reply {
  if (!fields || reply.status >= 300 || !isRecord(reply.body)) return reply;
  return { ...reply, body: mask(reply.body, fields) ?? {} };
}

function validateEventTimes(event: CalendarEvent, zone: string): void {
  const recurring = Boolean(event.recurrence?.length);
  const start = validateBoundary(event.start ?? undefined, 'start', zone, recurring);
  const end = validateBoundary(event.end ?? undefined, 'end', zone, recurring);
  if (Boolean(event.start?.date) !== Boolean(event.end?.date)) {
    throw badRequest('Start and end times must either both be date or both be dateTime.');
  }
  const empty = event.start?.date ? end <= start : end < start;
  if (empty) throw new ApiError(400, 'timeRangeEmpty', 'The specified time range is empty.');
}

// ---------------------------------------------------------------------------------------------
// Recurrence (RRULE subset: DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT, UNTIL, BYDAY,
// BYMONTHDAY, BYMONTH; EXDATE)
// ---------------------------------------------------------------------------------------------

type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

interface WeekdaySpec {
  weekday: number; // luxon: 1 = Monday … 7 = Sunday
  ordinal?: number;
}

interface RRule {
  freq: Frequency;
  interval: number;
  count?: number;
  untilMs?: number;
  byDay: WeekdaySpec[];
  byMonthDay: number[];
  byMonth: number[];
}

interface SeriesTiming {
  zone: string;
  allDay: boolean;
  first: DateTime;
  durationMs: number;
  durationDays: number;
}

const WEEKDAYS: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };
const SUPPORTED_RULE_PARTS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'WKST']);

function unsupportedRecurrence(detail: string): ApiError {
  return invalid(`fake-google does not support this recurrence: ${detail}`);
}

function seriesTiming(master: CalendarEvent, calendarZone: string): SeriesTiming {
  const allDay = Boolean(master.start?.date);
  const zone = allDay ? calendarZone : (master.start?.timeZone ?? calendarZone);
  const first = toDateTime(master.start, calendarZone).setZone(zone);
  const end = toDateTime(master.end, calendarZone).setZone(zone);
  return {
    zone,
    allDay,
    first,
    durationMs: end.toMillis() - first.toMillis(),
    durationDays: Math.round(end.diff(first, 'days').days),
  };
}

/** Parses a date-time as used in UNTIL/EXDATE: `YYYYMMDD`, `YYYYMMDDTHHMMSS` or `…Z`. */
function parseICalDate(value: string, zone: string): DateTime {
  if (/^\d{8}$/.test(value)) return DateTime.fromFormat(value, 'yyyyMMdd', { zone });
  if (/^\d{8}T\d{6}Z$/i.test(value)) return DateTime.fromFormat(value.toUpperCase(), "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' });
  return DateTime.fromFormat(value, "yyyyMMdd'T'HHmmss", { zone });
}

function parseWeekdays(value: string): WeekdaySpec[] {
  return value.split(',').map((part) => {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(part);
    if (!match?.[2]) throw unsupportedRecurrence(`BYDAY=${value}`);
    const weekday = WEEKDAYS[match[2]] ?? 1;
    return match[1] ? { weekday, ordinal: Number(match[1]) } : { weekday };
  });
}

function parseNumberList(value: string | undefined): number[] {
  return value ? value.split(',').map(Number) : [];
}

function parseRRule(line: string, zone: string): RRule {
  const parts = new Map<string, string>();
  for (const part of line.slice('RRULE:'.length).split(';')) {
    const [key = '', value = ''] = part.split('=');
    if (!SUPPORTED_RULE_PARTS.has(key.toUpperCase())) throw unsupportedRecurrence(line);
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') throw unsupportedRecurrence(line);
  const until = parts.get('UNTIL');
  // A date-only UNTIL includes that whole day.
  const untilDt = until ? parseICalDate(until, zone) : undefined;
  const untilMs = untilDt && (until?.length === 8 ? untilDt.endOf('day') : untilDt).toMillis();
  const count = parts.get('COUNT');
  return {
    freq,
    interval: Math.max(1, Number(parts.get('INTERVAL') ?? 1)),
    count: count === undefined ? undefined : Number(count),
    untilMs,
    byDay: parts.has('BYDAY') ? parseWeekdays(parts.get('BYDAY') ?? '') : [],
    byMonthDay: parseNumberList(parts.get('BYMONTHDAY')),
    byMonth: parseNumberList(parts.get('BYMONTH')),
  };
}

function parseExdates(line: string, zone: string): number[] {
  const colon = line.indexOf(':');
  const params = line.slice(0, colon).split(';').slice(1);
  const tzid = params.find((param) => param.toUpperCase().startsWith('TZID='))?.slice('TZID='.length);
  return line
    .slice(colon + 1)
    .split(',')
    .map((value) => parseICalDate(value.trim(), tzid ?? zone).toMillis());
}

function parseRecurrence(lines: string[], zone: string): { rule: RRule; exdates: Set<number> } {
  let rule: RRule | undefined;
  const exdates = new Set<number>();
  for (const line of lines) {
    const upper = line.toUpperCase();
    if (upper.startsWith('RRULE:') && !rule) rule = parseRRule(line, zone);
    else if (upper.startsWith('EXDATE')) parseExdates(line, zone).forEach((ms) => exdates.add(ms));
    else throw unsupportedRecurrence(line);
  }
  if (!rule) throw unsupportedRecurrence('missing RRULE');
  return { rule, exdates };
}

function atTimeOf(day: DateTime, first: DateTime): DateTime {
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: first.hour, minute: first.minute, second: first.second },
    { zone: first.zone },
  );
}

function nthWeekdayOfMonth(month: DateTime, weekday: number, ordinal: number): number | undefined {
  const days = weekdayDaysOfMonth(month, weekday);
  return ordinal > 0 ? days[ordinal - 1] : days[days.length + ordinal];
}

function weekdayDaysOfMonth(month: DateTime, weekday: number): number[] {
  const firstMatch = 1 + ((weekday - month.startOf('month').weekday + 7) % 7);
  const days: number[] = [];
  for (let day = firstMatch; day <= (month.daysInMonth ?? 31); day += 7) days.push(day);
  return days;
}

function monthDays(rule: RRule, month: DateTime, first: DateTime): number[] {
  const daysInMonth = month.daysInMonth ?? 31;
  let days: number[];
  if (rule.byMonthDay.length) days = rule.byMonthDay.map((day) => (day < 0 ? daysInMonth + day + 1 : day));
  else if (rule.byDay.length) {
    days = rule.byDay.flatMap(({ weekday, ordinal }) =>
      ordinal ? (nthWeekdayOfMonth(month, weekday, ordinal) ?? []) : weekdayDaysOfMonth(month, weekday),
    );
  } else days = [first.day];
  return [...new Set(days)].filter((day) => day >= 1 && day <= daysInMonth).sort((a, b) => a - b);
}

function daysIn(month: DateTime, days: number[], first: DateTime): DateTime[] {
  return days.map((day) => atTimeOf(month.set({ day }), first));
}

/** Candidate occurrences of one period (day/week/month/year), in chronological order. */
function periodCandidates(rule: RRule, first: DateTime, period: number): DateTime[] {
  const step = period * rule.interval;
  switch (rule.freq) {
    case 'DAILY': {
      const day = atTimeOf(first.plus({ days: step }), first);
      const weekdayOk = !rule.byDay.length || rule.byDay.some((spec) => spec.weekday === day.weekday);
      return weekdayOk ? [day] : [];
    }
    case 'WEEKLY': {
      const weekStart = first.startOf('week').plus({ weeks: step });
      const weekdays = rule.byDay.length ? rule.byDay.map((spec) => spec.weekday) : [first.weekday];
      return [...new Set(weekdays)].sort((a, b) => a - b).map((weekday) => atTimeOf(weekStart.plus({ days: weekday - 1 }), first));
    }
    case 'MONTHLY': {
      const month = first.startOf('month').plus({ months: step });
      return daysIn(month, monthDays(rule, month, first), first);
    }
    case 'YEARLY': {
      const year = first.startOf('year').plus({ years: step });
      const months = rule.byMonth.length ? [...rule.byMonth].sort((a, b) => a - b) : [first.month];
      return months.flatMap((monthNumber) => {
        const month = year.set({ month: monthNumber });
        return daysIn(month, monthDays(rule, month, first), first);
      });
    }
  }
}

function* ruleOccurrences(rule: RRule, first: DateTime): Generator<DateTime> {
  let emitted = 0;
  for (let period = 0; period < MAX_RECURRENCE_PERIODS; period++) {
    for (const occurrence of periodCandidates(rule, first, period)) {
      if (occurrence < first) continue;
      if (rule.byMonth.length && rule.freq !== 'YEARLY' && !rule.byMonth.includes(occurrence.month)) continue;
      if (rule.untilMs !== undefined && occurrence.toMillis() > rule.untilMs) return;
      if (rule.count !== undefined && emitted >= rule.count) return;
      emitted++;
      yield occurrence;
    }
  }
}

/** Original start times of a series' occurrences that start before `horizonMs`. */
function* occurrences(master: CalendarEvent, timing: SeriesTiming, horizonMs: number): Generator<DateTime> {
  const { rule, exdates } = parseRecurrence(master.recurrence ?? [], timing.zone);
  for (const occurrence of ruleOccurrences(rule, timing.first)) {
    if (occurrence.toMillis() >= horizonMs) return;
    if (!exdates.has(occurrence.toMillis())) yield occurrence;
  }
}

function instanceStamp(occurrence: DateTime, allDay: boolean): string {
  return allDay ? occurrence.toFormat('yyyyMMdd') : occurrence.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

function stampToMillis(stamp: string, timing: SeriesTiming): number {
  return parseICalDate(stamp, timing.zone).toMillis();
}

function occurrenceTime(dt: DateTime, timing: SeriesTiming, template: EventDateTime | undefined): EventDateTime {
  if (timing.allDay) return { date: dt.toISODate() ?? undefined };
  const time: EventDateTime = { dateTime: isoOf(dt.setZone(timing.zone)) };
  if (template?.timeZone) time.timeZone = template.timeZone;
  return time;
}

function occurrenceEnd(occurrence: DateTime, timing: SeriesTiming): DateTime {
  return timing.allDay ? occurrence.plus({ days: timing.durationDays }) : occurrence.plus({ milliseconds: timing.durationMs });
}

function buildInstance(master: CalendarEvent, occurrence: DateTime, timing: SeriesTiming): CalendarEvent {
  const instance = structuredClone(master);
  delete instance.recurrence;
  const end = occurrenceEnd(occurrence, timing);
  const start = occurrenceTime(occurrence, timing, master.start ?? undefined);
  return {
    ...instance,
    id: `${master.id}_${instanceStamp(occurrence, timing.allDay)}`,
    recurringEventId: master.id,
    originalStartTime: start,
    start,
    end: occurrenceTime(end, timing, master.end ?? undefined),
  };
}

// ---------------------------------------------------------------------------------------------
// Calendar data
// ---------------------------------------------------------------------------------------------

interface CalendarData {
  id: string;
  summary: string;
  description?: string;
  timeZone: string;
  events: Map<string, CalendarEvent>;
}

interface ListQuery {
  window: TimeWindow;
  singleEvents: boolean;
  showDeleted: boolean;
  orderBy?: 'startTime' | 'updated';
  terms: string[];
  updatedMin?: number;
  iCalUID?: string;
  privateProps: Array<[string, string]>;
  sharedProps: Array<[string, string]>;
}

/** Parses the JSON body lazily so that routes without a body never reject a malformed one. */
type JsonBody = () => Record<string, unknown>;

interface CalendarRequest {
  account: Account;
  params: URLSearchParams;
  body: JsonBody;
  ids: Record<string, string>;
}

interface CalendarRoute {
  method: string;
  pattern: string[];
  scopes: readonly string[];
  run: (request: CalendarRequest) => Reply;
}

/** Fields the server owns; clients cannot set them on insert/patch/update. */
const SERVER_FIELDS = [
  'kind',
  'etag',
  'id',
  'htmlLink',
  'created',
  'updated',
  'creator',
  'organizer',
  'recurringEventId',
  'originalStartTime',
  'hangoutLink',
] as const;

function stripServerFields(input: Record<string, unknown>, conferenceDataVersion: number): Record<string, unknown> {
  const copy = structuredClone(input);
  for (const field of SERVER_FIELDS) delete copy[field];
  // Without conferenceDataVersion=1 Google ignores conferenceData in the request body.
  if (conferenceDataVersion < 1) delete copy.conferenceData;
  return copy;
}

/** Fields that keep their stored value when a client patches or replaces an event. */
const PRESERVED_FIELDS = [
  'kind',
  'id',
  'htmlLink',
  'created',
  'creator',
  'organizer',
  'recurringEventId',
  'originalStartTime',
  'iCalUID',
  'sequence',
] as const;

function pick(event: CalendarEvent, fields: readonly (keyof CalendarEvent)[]): Partial<CalendarEvent> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    if (event[field] !== undefined) picked[field] = event[field];
  }
  return picked as Partial<CalendarEvent>;
}

/** Patch semantics: objects merge recursively, arrays and scalars replace, null deletes. */
function mergePatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    if (value === null) delete out[key];
    else if (isRecord(value) && isRecord(current)) out[key] = mergePatch(current, value);
    else out[key] = value;
  }
  return out;
}

/** Switching a boundary between date and dateTime must drop the other representation. */
function mergeBoundary(base: EventDateTime | undefined, patch: unknown): unknown {
  if (!isRecord(patch) || !base) return patch;
  const merged = mergePatch(base as Record<string, unknown>, patch);
  if ('date' in patch && patch.date) delete merged.dateTime;
  if ('dateTime' in patch && patch.dateTime) delete merged.date;
  return merged;
}

function patchEvent(current: CalendarEvent, patch: Record<string, unknown>): CalendarEvent {
  const boundaries = { ...patch };
  for (const key of ['start', 'end'] as const) {
    if (key in patch) boundaries[key] = mergeBoundary(current[key] ?? undefined, patch[key]);
  }
  const { start, end, ...rest } = boundaries;
  const merged = mergePatch(current as Record<string, unknown>, rest);
  if (start !== undefined) merged.start = start;
  if (end !== undefined) merged.end = end;
  return merged as CalendarEvent;
}

function normalizeAttendees(event: CalendarEvent): void {
  if (!event.attendees) return;
  event.attendees = event.attendees.map((attendee) => ({ responseStatus: 'needsAction', ...attendee }));
}

const MEET_ICON =
  'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png';

function meetCode(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return `${randomFrom(letters, 3)}-${randomFrom(letters, 4)}-${randomFrom(letters, 3)}`;
}

/** Emulates Google Meet creation for `conferenceData.createRequest` (conferenceDataVersion=1). */
function fulfilConferenceRequest(event: CalendarEvent): void {
  const request = event.conferenceData?.createRequest;
  if (!request || event.conferenceData?.entryPoints?.length) return;
  if (!request.requestId) throw invalid('Invalid conference create request.');
  const type = request.conferenceSolutionKey?.type ?? 'hangoutsMeet';
  if (type !== 'hangoutsMeet') throw invalid('Invalid conference type value.');
  const code = meetCode();
  const uri = `https://meet.google.com/${code}`;
  event.conferenceData = {
    createRequest: { ...request, conferenceSolutionKey: { type }, status: { statusCode: 'success' } },
    entryPoints: [{ entryPointType: 'video', uri, label: `meet.google.com/${code}` }],
    conferenceSolution: { key: { type }, name: 'Google Meet', iconUri: MEET_ICON },
    conferenceId: code,
  };
  event.hangoutLink = uri;
}

function htmlLink(eventId: string, calendarId: string): string {
  return `https://www.google.com/calendar/event?eid=${base64url(`${eventId} ${calendarId}`)}`;
}

function assertClientEventId(id: unknown): void {
  if (typeof id !== 'string' || !CLIENT_EVENT_ID.test(id)) throw invalid('Invalid resource id value.');
}

function parseSendUpdates(params: URLSearchParams): GuestUpdate['sendUpdates'] {
  const value = params.get('sendUpdates');
  if (value === null) return null;
  if (!SEND_UPDATES.has(value)) throw invalid('Invalid sendUpdates value.');
  return value as GuestUpdate['sendUpdates'];
}

function parseBoolean(value: string | null): boolean {
  return value === 'true';
}

function parsePositiveInt(value: string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalid();
  return n;
}

function parseProps(values: string[]): Array<[string, string]> {
  return values.map((value) => {
    const eq = value.indexOf('=');
    if (eq < 1) throw invalid();
    return [value.slice(0, eq), value.slice(eq + 1)];
  });
}

function parseOrderBy(value: string | null, singleEvents: boolean): ListQuery['orderBy'] {
  if (value === null) return undefined;
  if (value !== 'startTime' && value !== 'updated') throw invalid();
  if (value === 'startTime' && !singleEvents) {
    throw badRequest('The requested ordering is not available for the particular query.');
  }
  return value;
}

function parseWindow(params: URLSearchParams): TimeWindow {
  const window = { min: parseTimeParam(params.get('timeMin')), max: parseTimeParam(params.get('timeMax')) };
  if (window.min !== undefined && window.max !== undefined && window.max <= window.min) {
    throw new ApiError(400, 'timeRangeEmpty', 'The specified time range is empty.');
  }
  return window;
}

function parseListQuery(params: URLSearchParams): ListQuery {
  if (params.has('syncToken')) throw invalid('fake-google does not support syncToken');
  const singleEvents = parseBoolean(params.get('singleEvents'));
  const updatedMin = parseTimeParam(params.get('updatedMin'));
  return {
    window: parseWindow(params),
    singleEvents,
    showDeleted: parseBoolean(params.get('showDeleted')),
    orderBy: parseOrderBy(params.get('orderBy'), singleEvents),
    terms: (params.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    ...(updatedMin === undefined ? {} : { updatedMin }),
    ...(params.get('iCalUID') ? { iCalUID: params.get('iCalUID') ?? '' } : {}),
    privateProps: parseProps(params.getAll('privateExtendedProperty')),
    sharedProps: parseProps(params.getAll('sharedExtendedProperty')),
  };
}

function searchableText(event: CalendarEvent): string {
  const attendees = (event.attendees ?? []).flatMap((a) => [a.email, a.displayName]);
  return [event.summary, event.description, event.location, event.organizer?.displayName, ...attendees]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

function hasProps(props: Record<string, string> | undefined, wanted: Array<[string, string]>): boolean {
  return wanted.every(([key, value]) => props?.[key] === value);
}

function matchesQuery(event: CalendarEvent, query: ListQuery): boolean {
  const text = query.terms.length ? searchableText(event) : '';
  return (
    query.terms.every((term) => text.includes(term)) &&
    hasProps(event.extendedProperties?.private ?? undefined, query.privateProps) &&
    hasProps(event.extendedProperties?.shared ?? undefined, query.sharedProps) &&
    (query.updatedMin === undefined || Date.parse(event.updated ?? '') >= query.updatedMin) &&
    (query.iCalUID === undefined || event.iCalUID === query.iCalUID)
  );
}

/**
 * Cancelled events only show with showDeleted, except cancelled instances of recurring events,
 * which Google also lists when neither showDeleted nor singleEvents is set.
 */
function isListed(event: CalendarEvent, query: ListQuery): boolean {
  if (event.status !== 'cancelled' || query.showDeleted) return true;
  return !query.singleEvents && Boolean(event.recurringEventId);
}

function sortEvents(events: CalendarEvent[], orderBy: ListQuery['orderBy'], zone: string): CalendarEvent[] {
  if (orderBy === 'startTime') return [...events].sort((a, b) => eventStartMs(a, zone) - eventStartMs(b, zone));
  if (orderBy === 'updated') return [...events].sort((a, b) => Date.parse(a.updated ?? '') - Date.parse(b.updated ?? ''));
  return events;
}

function paginate<T>(items: T[], params: URLSearchParams, limits: { byDefault: number; max: number }) {
  const size = Math.min(parsePositiveInt(params.get('maxResults')) ?? limits.byDefault, limits.max);
  const offset = decodePageToken(params.get('pageToken'));
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodePageToken(offset + size) : undefined;
  return next === undefined ? { items: page } : { items: page, nextPageToken: next };
}

function encodePageToken(offset: number): string {
  return base64url(`offset:${offset}`);
}

function decodePageToken(token: string | null): number {
  if (!token) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw invalid('Invalid page token value.');
  return Number(match[1]);
}

function busyAt(event: CalendarEvent, calendarId: string): boolean {
  if (event.status === 'cancelled' || event.transparency === 'transparent') return false;
  const self = event.attendees?.find((attendee) => attendee.email === calendarId);
  return self?.responseStatus !== 'declined';
}

function mergeIntervals(intervals: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

const SEND_UPDATES = new Set(['all', 'externalOnly', 'none']);

class CalendarBackend {
  readonly calendars = new Map<string, CalendarData>();
  readonly guestUpdates: GuestUpdate[] = [];
  private etagSeq = 0;

  /** `isGoogleUser` tells guests who use Google Calendar (they are not emailed under externalOnly). */
  constructor(private readonly isGoogleUser: (email: string) => boolean) {}
  private readonly routes: CalendarRoute[] = [
    route('GET', 'users/me/calendarList', REQUIRED_SCOPES.calendarList, (r) => this.listCalendars(r)),
    route('GET', 'users/me/calendarList/:cal', REQUIRED_SCOPES.calendarList, (r) => this.getListEntry(r)),
    route('GET', 'calendars/:cal', REQUIRED_SCOPES.calendars, (r) => this.getCalendar(r)),
    route('GET', 'calendars/:cal/events', REQUIRED_SCOPES.eventsRead, (r) => this.listEvents(r)),
    route('POST', 'calendars/:cal/events', REQUIRED_SCOPES.eventsWrite, (r) => this.insertEvent(r)),
    route('GET', 'calendars/:cal/events/:event', REQUIRED_SCOPES.eventsRead, (r) => this.getEvent(r)),
    route('PATCH', 'calendars/:cal/events/:event', REQUIRED_SCOPES.eventsWrite, (r) => this.writeEvent(r, 'patch')),
    route('PUT', 'calendars/:cal/events/:event', REQUIRED_SCOPES.eventsWrite, (r) => this.writeEvent(r, 'update')),
    route('DELETE', 'calendars/:cal/events/:event', REQUIRED_SCOPES.eventsWrite, (r) => this.deleteEvent(r)),
    route('GET', 'calendars/:cal/events/:event/instances', REQUIRED_SCOPES.eventsRead, (r) => this.listInstances(r)),
    route('POST', 'freeBusy', REQUIRED_SCOPES.freeBusy, (r) => this.freeBusy(r)),
  ];

  // --- setup helpers ---

  addCalendar(account: Account, config: CalendarConfig): void {
    const existing = this.calendars.get(config.id);
    if (!existing) {
      this.calendars.set(config.id, {
        id: config.id,
        summary: config.summary ?? config.id,
        ...(config.description ? { description: config.description } : {}),
        timeZone: config.timeZone ?? account.timeZone,
        events: new Map(),
      });
    }
    if (config.primary) account.calendarList.forEach((entry) => (entry.primary = false));
    account.calendarList.set(config.id, { accessRole: config.accessRole ?? 'owner', primary: Boolean(config.primary) });
  }

  seedEvent(account: Account, calendarId: string, input: CalendarEvent): CalendarEvent {
    const { calendar } = this.resolve(account, calendarId);
    const stored = this.insert(calendar, account.email, input as Record<string, unknown>, 1);
    // Seeding may set fields the API would not accept (e.g. `updated`, `organizer`).
    Object.assign(stored, pick(input, SERVER_FIELDS.filter((field) => field !== 'id')));
    return structuredClone(stored);
  }

  /** Someone edits the event in Google Calendar itself (no request of ours): top-level fields replaced. */
  changeStored(calendarId: string, eventId: string, changes: Partial<CalendarEvent>): CalendarEvent {
    const calendar = this.calendars.get(calendarId);
    const current = calendar?.events.get(eventId);
    if (!calendar || !current) throw new Error(`fake-google: no event ${eventId} in ${calendarId}`);
    const next: CalendarEvent = { ...current, ...structuredClone(changes), updated: toIso(Date.now()), etag: this.nextEtag() };
    return structuredClone(this.store(calendar, next, 1));
  }

  storedEvents(calendarId: string): CalendarEvent[] {
    const calendar = this.calendars.get(calendarId);
    if (!calendar) throw new Error(`fake-google: unknown calendar ${calendarId}`);
    return [...calendar.events.values()].map((event) => structuredClone(event));
  }

  // --- routing ---

  handle(method: string, segments: string[], caller: AuthenticatedCaller, params: URLSearchParams, body: JsonBody): Reply {
    for (const candidate of this.routes) {
      const ids = candidate.method === method ? matchPattern(candidate.pattern, segments) : undefined;
      if (!ids) continue;
      if (!candidate.scopes.some((scope) => caller.grant.scopes.includes(scope))) {
        throw new ApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
      }
      return candidate.run({ account: caller.account, params, body, ids });
    }
    throw notImplemented(method, segments.join('/'));
  }

  private resolve(account: Account, calendarId: string): { calendar: CalendarData; entry: CalendarListEntry } {
    const id = calendarId === 'primary' ? this.primaryId(account) : calendarId;
    const entry = account.calendarList.get(id);
    const calendar = this.calendars.get(id);
    if (!entry || !calendar) throw notFound();
    return { calendar, entry };
  }

  private primaryId(account: Account): string {
    for (const [id, entry] of account.calendarList) if (entry.primary) return id;
    return account.email;
  }

  private readable(request: CalendarRequest) {
    const resolved = this.resolve(request.account, request.ids.cal ?? '');
    if (ROLE_RANK[resolved.entry.accessRole] < ROLE_RANK.reader) {
      throw new ApiError(403, 'requiredAccessLevel', 'You need to have reader access to this calendar.');
    }
    return resolved;
  }

  private writable(request: CalendarRequest) {
    const resolved = this.resolve(request.account, request.ids.cal ?? '');
    if (ROLE_RANK[resolved.entry.accessRole] < ROLE_RANK.writer) {
      throw new ApiError(403, 'requiredAccessLevel', 'You need to have writer access to this calendar.');
    }
    return resolved;
  }

  private nextEtag(): string {
    this.etagSeq += 1;
    return `"${Date.now()}${String(this.etagSeq).padStart(6, '0')}"`;
  }

  // --- calendars ---

  private listCalendars({ account, params }: CalendarRequest): Reply {
    const minRole = params.get('minAccessRole') as AccessRole | null;
    if (minRole !== null && !(minRole in ROLE_RANK)) throw invalid();
    const entries = [...account.calendarList]
      .filter(([, entry]) => minRole === null || ROLE_RANK[entry.accessRole] >= ROLE_RANK[minRole])
      .map(([id, entry]) => this.listEntryResource(id, entry));
    const page = paginate(entries, params, { byDefault: 100, max: 250 });
    return json({ kind: 'calendar#calendarList', etag: this.nextEtag(), ...page });
  }

  private getListEntry({ account, ids }: CalendarRequest): Reply {
    const { calendar, entry } = this.resolve(account, ids.cal ?? '');
    return json(this.listEntryResource(calendar.id, entry));
  }

  private listEntryResource(id: string, entry: CalendarListEntry): calendar_v3.Schema$CalendarListEntry {
    const calendar = this.calendars.get(id);
    return {
      kind: 'calendar#calendarListEntry',
      etag: this.nextEtag(),
      id,
      summary: calendar?.summary ?? id,
      ...(calendar?.description ? { description: calendar.description } : {}),
      timeZone: calendar?.timeZone ?? 'UTC',
      colorId: '14',
      backgroundColor: '#9fe1e7',
      foregroundColor: '#000000',
      selected: true,
      accessRole: entry.accessRole,
      defaultReminders: [],
      conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
      ...(entry.primary ? { primary: true } : {}),
    };
  }

  private getCalendar({ account, ids }: CalendarRequest): Reply {
    const { calendar } = this.resolve(account, ids.cal ?? '');
    return json({
      kind: 'calendar#calendar',
      etag: this.nextEtag(),
      id: calendar.id,
      summary: calendar.summary,
      ...(calendar.description ? { description: calendar.description } : {}),
      timeZone: calendar.timeZone,
      conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
    });
  }

  // --- events: reads ---

  private listEvents(request: CalendarRequest): Reply {
    const { calendar, entry } = this.readable(request);
    const query = parseListQuery(request.params);
    const items = sortEvents(this.collectEvents(calendar, query), query.orderBy, calendar.timeZone);
    return json(this.eventsPage(calendar, entry, items, request.params));
  }

  private listInstances(request: CalendarRequest): Reply {
    const { calendar, entry } = this.readable(request);
    const master = calendar.events.get(request.ids.event ?? '');
    if (!master || master.status === 'cancelled') throw notFound();
    if (!master.recurrence?.length) throw badRequest('The event is not recurring.');
    const window = parseWindow(request.params);
    const showDeleted = parseBoolean(request.params.get('showDeleted'));
    const items = this.seriesInstances(calendar, master, window).filter((event) => showDeleted || event.status !== 'cancelled');
    return json(this.eventsPage(calendar, entry, items, request.params));
  }

  private eventsPage(calendar: CalendarData, entry: CalendarListEntry, items: CalendarEvent[], params: URLSearchParams) {
    return {
      kind: 'calendar#events',
      etag: this.nextEtag(),
      summary: calendar.summary,
      ...(calendar.description ? { description: calendar.description } : {}),
      updated: toIso(Date.now()),
      timeZone: calendar.timeZone,
      accessRole: entry.accessRole,
      defaultReminders: [],
      ...paginate(items, params, { byDefault: 250, max: 2500 }),
    };
  }

  private collectEvents(calendar: CalendarData, query: ListQuery): CalendarEvent[] {
    const collected: CalendarEvent[] = [];
    for (const event of calendar.events.values()) {
      const isMaster = Boolean(event.recurrence?.length);
      // With singleEvents, exceptions come out of their series' expansion instead.
      if (query.singleEvents && event.recurringEventId) continue;
      if (query.singleEvents && isMaster && event.status !== 'cancelled') {
        collected.push(...this.seriesInstances(calendar, event, query.window));
      } else if (this.inWindow(calendar, event, query.window)) {
        collected.push(event);
      }
    }
    return collected.filter((event) => isListed(event, query) && matchesQuery(event, query));
  }

  private inWindow(calendar: CalendarData, event: CalendarEvent, window: TimeWindow): boolean {
    if (!event.recurrence?.length) return overlaps(event, calendar.timeZone, window);
    return this.seriesInstances(calendar, event, window).length > 0;
  }

  /** Instances of a series overlapping `window`, with stored exceptions applied. */
  private seriesInstances(calendar: CalendarData, master: CalendarEvent, window: TimeWindow): CalendarEvent[] {
    const timing = seriesTiming(master, calendar.timeZone);
    const horizon = window.max ?? Math.max(window.min ?? 0, Date.now()) + OPEN_ENDED_HORIZON_MS;
    const instances = new Map<string, CalendarEvent>();
    for (const occurrence of occurrences(master, timing, horizon)) {
      if (window.min !== undefined && occurrenceEnd(occurrence, timing).toMillis() <= window.min) continue;
      const instance = buildInstance(master, occurrence, timing);
      instances.set(instance.id ?? '', calendar.events.get(instance.id ?? '') ?? instance);
    }
    for (const event of calendar.events.values()) {
      if (event.recurringEventId === master.id) instances.set(event.id ?? '', event);
    }
    return [...instances.values()].filter((event) => overlaps(event, calendar.timeZone, window));
  }

  private getEvent(request: CalendarRequest): Reply {
    const { calendar } = this.readable(request);
    return json(this.requireEvent(calendar, request.ids.event ?? ''));
  }

  private requireEvent(calendar: CalendarData, eventId: string): CalendarEvent {
    const event = calendar.events.get(eventId) ?? this.generatedInstance(calendar, eventId);
    if (!event) throw notFound();
    return event;
  }

  private generatedInstance(calendar: CalendarData, instanceId: string): CalendarEvent | undefined {
    const [, masterId = '', stamp = ''] = INSTANCE_ID.exec(instanceId) ?? [];
    const master = calendar.events.get(masterId);
    if (!master?.recurrence?.length || master.status === 'cancelled') return undefined;
    const timing = seriesTiming(master, calendar.timeZone);
    const target = stampToMillis(stamp, timing);
    for (const occurrence of occurrences(master, timing, target + 1)) {
      if (occurrence.toMillis() === target) return buildInstance(master, occurrence, timing);
    }
    return undefined;
  }

  // --- events: writes ---

  private insertEvent(request: CalendarRequest): Reply {
    const { calendar } = this.writable(request);
    const sendUpdates = parseSendUpdates(request.params);
    const version = Number(request.params.get('conferenceDataVersion') ?? 0);
    const event = this.insert(calendar, request.account.email, request.body(), version);
    this.recordUpdate('insert', calendar, sendUpdates, undefined, event);
    return json(event);
  }

  private recordUpdate(method: GuestUpdate['method'], calendar: CalendarData, sendUpdates: GuestUpdate['sendUpdates'], before: CalendarEvent | undefined, after: CalendarEvent): void {
    const guests = new Set<string>();
    for (const event of [before, after]) {
      for (const attendee of event?.attendees ?? []) {
        if (attendee.email && !attendee.organizer && attendee.email !== calendar.id) guests.add(attendee.email);
      }
    }
    const emailed = sendUpdates === 'all' ? [...guests] : sendUpdates === 'externalOnly' ? [...guests].filter((g) => !this.isGoogleUser(g)) : [];
    this.guestUpdates.push({ method, calendarId: calendar.id, eventId: after.id ?? '', sendUpdates, emailed: emailed.sort() });
  }

  private insert(calendar: CalendarData, actor: string, input: Record<string, unknown>, conferenceDataVersion: number): CalendarEvent {
    if (input.id !== undefined) assertClientEventId(input.id);
    const id = typeof input.id === 'string' ? input.id : randomEventId();
    if (calendar.events.has(id)) throw new ApiError(409, 'duplicate', 'The requested identifier already exists.');
    const now = toIso(Date.now());
    const event: CalendarEvent = {
      kind: 'calendar#event',
      etag: this.nextEtag(),
      id,
      status: 'confirmed',
      htmlLink: htmlLink(id, calendar.id),
      created: now,
      updated: now,
      creator: { email: actor },
      organizer: { email: calendar.id, displayName: calendar.summary, self: true },
      iCalUID: `${id}@google.com`,
      sequence: 0,
      reminders: { useDefault: true },
      eventType: 'default',
      ...stripServerFields(input, conferenceDataVersion),
    };
    return this.store(calendar, event, conferenceDataVersion);
  }

  private writeEvent(request: CalendarRequest, mode: 'patch' | 'update'): Reply {
    const { calendar } = this.writable(request);
    const current = this.requireEvent(calendar, request.ids.event ?? '');
    const sendUpdates = parseSendUpdates(request.params);
    const version = Number(request.params.get('conferenceDataVersion') ?? 0);
    const input = stripServerFields(request.body(), version);
    // Google's answer to a rule on an instance is not documented: refuse rather than guess.
    if (current.recurringEventId && input.recurrence !== undefined) throw invalid('An instance of a recurring event cannot carry a recurrence.');
    const next = mode === 'patch' ? patchEvent(current, input) : this.replacement(current, input, version);
    const stamped: CalendarEvent = { ...next, ...pick(current, PRESERVED_FIELDS), updated: toIso(Date.now()), etag: this.nextEtag() };
    // The Meet link belongs to the conference: removing the conference (conferenceDataVersion=1) removes it.
    if (!stamped.conferenceData) delete stamped.hangoutLink;
    const stored = this.store(calendar, stamped, version);
    this.recordUpdate(mode, calendar, sendUpdates, current, stored);
    return json(stored);
  }

  /** PUT replaces every client-writable field; conference data survives unless the client opted in. */
  private replacement(current: CalendarEvent, input: Record<string, unknown>, version: number): CalendarEvent {
    const kept = version < 1 ? { conferenceData: current.conferenceData, hangoutLink: current.hangoutLink } : {};
    return { status: 'confirmed', reminders: { useDefault: true }, eventType: 'default', ...kept, ...input };
  }

  private store(calendar: CalendarData, event: CalendarEvent, conferenceDataVersion: number): CalendarEvent {
    normalizeAttendees(event);
    validateEventContent(event);
    if (conferenceDataVersion >= 1) fulfilConferenceRequest(event);
    validateEventTimes(event, calendar.timeZone);
    if (event.recurrence?.length) parseRecurrence(event.recurrence, seriesTiming(event, calendar.timeZone).zone);
    calendar.events.set(event.id ?? '', event);
    return event;
  }

  private deleteEvent(request: CalendarRequest): Reply {
    const { calendar } = this.writable(request);
    const current = this.requireEvent(calendar, request.ids.event ?? '');
    if (current.status === 'cancelled') throw new ApiError(410, 'deleted', 'Resource has been deleted');
    const sendUpdates = parseSendUpdates(request.params);
    const cancelled: CalendarEvent = { ...current, status: 'cancelled', updated: toIso(Date.now()), etag: this.nextEtag() };
    calendar.events.set(current.id ?? '', cancelled);
    this.recordUpdate('delete', calendar, sendUpdates, undefined, cancelled);
    return { status: 204 };
  }

  // --- freeBusy ---

  private freeBusy({ account, body }: CalendarRequest): Reply {
    const input = body();
    const items = Array.isArray(input.items) ? (input.items as unknown[]) : [];
    if (typeof input.timeMin !== 'string') throw new ApiError(400, 'required', 'Missing timeMin parameter.');
    if (typeof input.timeMax !== 'string') throw new ApiError(400, 'required', 'Missing timeMax parameter.');
    if (items.length > FREEBUSY_MAX_ITEMS) throw new ApiError(400, 'tooManyCalendarsRequested', 'Too many calendars requested.');
    const window = parseWindow(new URLSearchParams({ timeMin: input.timeMin, timeMax: input.timeMax }));
    if ((window.max ?? 0) - (window.min ?? 0) > FREEBUSY_MAX_SPAN_MS) {
      throw new ApiError(400, 'timeRangeTooLong', 'The requested time range is too long.');
    }
    const ids = items.map((item) => (isRecord(item) && typeof item.id === 'string' ? item.id : ''));
    return json({
      kind: 'calendar#freeBusy',
      timeMin: toIso(window.min ?? 0),
      timeMax: toIso(window.max ?? 0),
      calendars: Object.fromEntries(ids.map((id) => [id, this.busyFor(account, id, window)])),
    });
  }

  private busyFor(account: Account, calendarId: string, window: TimeWindow) {
    let calendar: CalendarData;
    try {
      calendar = this.resolve(account, calendarId).calendar;
    } catch {
      return { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
    }
    const query: ListQuery = { window, singleEvents: true, showDeleted: false, terms: [], privateProps: [], sharedProps: [] };
    const intervals = this.collectEvents(calendar, query)
      .filter((event) => busyAt(event, calendar.id))
      .map((event): [number, number] => [
        Math.max(eventStartMs(event, calendar.timeZone), window.min ?? 0),
        Math.min(eventEndMs(event, calendar.timeZone), window.max ?? Infinity),
      ]);
    return { busy: mergeIntervals(intervals).map(([start, end]) => ({ start: toIsoSeconds(start), end: toIsoSeconds(end) })) };
  }
}

function route(method: string, path: string, scopes: readonly string[], run: CalendarRoute['run']): CalendarRoute {
  return { method, pattern: path.split('/'), scopes, run };
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const ids: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) ids[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// HTTP server
// ---------------------------------------------------------------------------------------------

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
  private closed = false;

  constructor(options: FakeGoogleOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.oauth = new OAuthBackend(this.accounts, options.accessTokenTtl ?? 3599);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
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

  events(calendarId: string): CalendarEvent[] {
    return this.calendar.storedEvents(calendarId);
  }

  get guestUpdates(): readonly GuestUpdate[] {
    return this.calendar.guestUpdates;
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
    sendReply(res, reply);
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
    const segments = context.url.pathname.slice(CALENDAR_PREFIX.length).split('/').map(decodeURIComponent);
    const reply = this.calendar.handle(context.method, segments, caller, context.url.searchParams, () => jsonBodyOf(context));
    return partialResponse(reply, context.url.searchParams.get('fields'));
  }
}
