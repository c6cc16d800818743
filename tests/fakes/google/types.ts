/** The fake's public types: its options, what tests configure, and what it records. */
import type { UsageLimitsOptions } from './usage-limits.js';
import type { calendar_v3 } from '@googleapis/calendar';
import type { ChangeLog } from './changes.js';

export type CalendarEvent = calendar_v3.Schema$Event;
export type EventDateTime = calendar_v3.Schema$EventDateTime;

export type AccessRole = 'freeBusyReader' | 'reader' | 'writer' | 'owner';
export type FaultStatus = 400 | 401 | 403 | 404 | 409 | 410 | 429 | 500 | 502 | 503;

export interface FakeGoogleOptions {
  /** Delay applied to every request, in milliseconds. */
  latencyMs?: number;
  /** `expires_in` of issued access tokens, in seconds (default 3599). */
  accessTokenTtl?: number;
  /** Google's per-minute quotas (default 10,000 per project, 600 per user per project); lower them to test refusals quickly. */
  usageLimits?: UsageLimitsOptions;
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

/**
 * A guest answering an invitation on its own copy (its attendee's `responseStatus` or `comment`
 * changed): Google tells the organizer when `sendUpdates` is `all` (or `externalOnly` and the
 * organizer does not use Google Calendar); other guests are not emailed about an answer.
 */
export interface ResponseNotification {
  calendarId: string;
  eventId: string;
  /** The guest who answered. */
  from: string;
  /** Whom Google emailed the answer: the organizer, or nobody. */
  to: string[];
  responseStatus: string;
  comment: string | null;
  sendUpdates: 'all' | 'externalOnly' | 'none' | null;
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
  /** TCP connections accepted so far: requests over kept-alive connections do not add to it. */
  readonly connections: number;
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
  /** Every answer a guest gave on its copy of an invitation, and whom it was told to. */
  readonly notifications: readonly ResponseNotification[];

  /** Sync tokens (and `expireSyncTokens`), watch channels, push deliveries and their test switches. */
  readonly changes: ChangeLog;

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
