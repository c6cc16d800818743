import type { AuditEntry } from '../clients/types.js';
import type { CoreError } from '../errors.js';
import type { Connection, OwnAppSettings, Tokens, AccessLevel } from './types.js';

export interface LinkRecord {
  id: string;
  teamId: string;
  clientId: string;
  requestedBy: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface StateRecord {
  id: string;
  linkId: string;
  teamId: string;
  clientId: string;
  requestedBy: string;
  codeVerifier: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** The grant a new connection replaced. */
export interface ReplacedGrant {
  refreshToken: string;
  googleEmail: string;
  /** Null for connections stored before the issuing client id was kept. */
  oauthClientId: string | null;
}

/** Connections, own OAuth apps, links and states; secrets are encrypted inside the adapter. */
export interface ConnectionStore {
  get(teamId: string, clientId: string): Promise<Connection | null>;
  /**
   * Spends the link and stores the new tokens (replacing old ones) in one transaction, marking the
   * connection valid. Refused, with nothing written, when the link was spent meanwhile (a stale
   * authorization). `replaced` is the refresh token that was stored before, if any.
   */
  save(
    input: { teamId: string; clientId: string; linkId: string; googleEmail: string; oauthClientId: string; tokens: Tokens; connectedBy: string },
    audit: AuditEntry,
  ): Promise<{ saved: true; replaced: ReplacedGrant | null } | { saved: false }>;
  updateTokens(teamId: string, clientId: string, tokens: Tokens): Promise<void>;
  /** Marks it "needs reconnect"; true only for the call that should notify (once per breakage). */
  markNeedsReconnect(teamId: string, clientId: string, reason: string): Promise<boolean>;
  delete(teamId: string, clientId: string, audit: AuditEntry): Promise<void>;

  getOwnApp(teamId: string, clientId: string): Promise<{ googleClientId: string; clientSecret: string; accessLevel: AccessLevel } | null>;
  saveOwnApp(teamId: string, clientId: string, settings: OwnAppSettings, audit: AuditEntry): Promise<void>;
  deleteOwnApp(teamId: string, clientId: string, audit: AuditEntry): Promise<void>;

  createLink(link: Omit<LinkRecord, 'usedAt'>): Promise<void>;
  findLink(id: string): Promise<LinkRecord | null>;
  createState(state: Omit<StateRecord, 'usedAt'>): Promise<void>;
  /**
   * Marks the state used and returns it, if it existed, was unused and unexpired and its link was
   * not spent (checked in the same transaction); else null with the stored record, if any, and
   * whether its link was spent.
   */
  consumeState(id: string, now: Date): Promise<{ consumed: StateRecord | null; existing: StateRecord | null; linkUsed: boolean }>;
}

export interface ExchangedTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string[];
  email: string | null;
}

export interface OAuthAppCredentials {
  clientId: string;
  clientSecret: string;
}

/** Google's OAuth endpoints. */
export interface GoogleOAuth {
  authorizationUrl(input: { app: OAuthAppCredentials; redirectUri: string; state: string; codeChallenge: string; scopes: string[]; loginHint?: string }): Promise<string>;
  exchangeCode(input: { app: OAuthAppCredentials; redirectUri: string; code: string; codeVerifier: string }): Promise<ExchangedTokens>;
  /** Throws InvalidGrantError when Google no longer honours the refresh token. */
  refresh(input: { app: OAuthAppCredentials; refreshToken: string }): Promise<{ accessToken: string; expiresAt: Date | null; scopes: string[] | null; refreshToken: string | null }>;
  /**
   * Asks Google to revoke the grant behind `token`: 'invalid' when Google says the token is
   * already invalid (revoked, expired). Any other failure throws RevokeFailedError.
   */
  revoke(token: string): Promise<'revoked' | 'invalid'>;
}

/** Google did not confirm a revocation (unreachable, 5xx, 429…); `reason` carries no token. */
export class RevokeFailedError extends Error {
  constructor(readonly reason: string) {
    super(`revoke failed: ${reason}`);
    this.name = 'RevokeFailedError';
  }
}

export type RevocationStatus = 'pending' | 'revoked' | 'already_invalid' | 'gave_up';

export interface RevocationInput {
  teamId: string;
  clientId: string;
  googleEmail: string;
  /** Why the grant is no longer used: disconnect | reconnect | stale | remove. */
  reason: string;
  token: string;
}

export interface PendingRevocation extends RevocationInput {
  id: string;
  attempts: number;
}

/** Revocations asked of Google, kept so a restart does not forget one Google did not confirm. */
export interface RevocationStore {
  /** Records a revocation; the token is kept (encrypted) only while it is pending. */
  add(input: RevocationInput & { status: RevocationStatus; attempts: number; nextAttemptAt: Date | null; lastError?: string }): Promise<void>;
  /** Pending revocations due by `now`, each pushed to `leaseUntil` so another process leaves them alone. */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<PendingRevocation[]>;
  /** The outcome of another attempt: finished (the token is dropped) or pending until `nextAttemptAt`. */
  record(id: string, outcome: { status: RevocationStatus; attempts: number; nextAttemptAt: Date | null; lastError?: string }): Promise<void>;
}

export class InvalidGrantError extends Error {
  constructor(readonly reason: string) {
    super(`invalid_grant: ${reason}`);
    this.name = 'InvalidGrantError';
  }
}

/** Tells people about connection events (Slack DMs behind it). */
export interface ConnectionNotifier {
  connected(input: { teamId: string; userId: string; clientId: string; clientName: string; email: string }): Promise<void>;
  /** The authorization failed after its link was opened; `error` says why. */
  failed(input: { teamId: string; userId: string; clientName: string; error: CoreError }): Promise<void>;
  needsReconnect(input: { teamId: string; userIds: string[]; clientId: string; clientName: string; reason: string }): Promise<void>;
}
