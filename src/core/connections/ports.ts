import type { AuditEntry } from '../clients/types.js';
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

/** Connections, own OAuth apps, links and states; secrets are encrypted inside the adapter. */
export interface ConnectionStore {
  get(teamId: string, clientId: string): Promise<Connection | null>;
  /** Stores new tokens (replacing old ones in one step), marks the connection valid. */
  save(input: { teamId: string; clientId: string; googleEmail: string; tokens: Tokens; connectedBy: string }, audit: AuditEntry): Promise<void>;
  updateTokens(teamId: string, clientId: string, tokens: Tokens): Promise<void>;
  /** Marks it "needs reconnect"; true only for the call that should notify (once per breakage). */
  markNeedsReconnect(teamId: string, clientId: string, reason: string): Promise<boolean>;
  delete(teamId: string, clientId: string, audit: AuditEntry): Promise<void>;

  getOwnApp(teamId: string, clientId: string): Promise<{ googleClientId: string; clientSecret: string; accessLevel: AccessLevel } | null>;
  saveOwnApp(teamId: string, clientId: string, settings: OwnAppSettings, audit: AuditEntry): Promise<void>;
  deleteOwnApp(teamId: string, clientId: string, audit: AuditEntry): Promise<void>;

  createLink(link: Omit<LinkRecord, 'usedAt'>): Promise<void>;
  findLink(id: string): Promise<LinkRecord | null>;
  markLinkUsed(id: string): Promise<void>;
  createState(state: Omit<StateRecord, 'usedAt'>): Promise<void>;
  /** Marks the state used and returns it, if it existed and was unused; else null with the stored record, if any. */
  consumeState(id: string, now: Date): Promise<{ consumed: StateRecord | null; existing: StateRecord | null }>;
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
  authorizationUrl(input: { app: OAuthAppCredentials; redirectUri: string; state: string; codeChallenge: string; scopes: string[]; loginHint?: string }): string;
  exchangeCode(input: { app: OAuthAppCredentials; redirectUri: string; code: string; codeVerifier: string }): Promise<ExchangedTokens>;
  /** Throws InvalidGrantError when Google no longer honours the refresh token. */
  refresh(input: { app: OAuthAppCredentials; refreshToken: string }): Promise<{ accessToken: string; expiresAt: Date | null; scopes: string[] | null; refreshToken: string | null }>;
  revoke(token: string): Promise<void>;
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
  failed(input: { teamId: string; userId: string; clientName: string; problem: string }): Promise<void>;
  needsReconnect(input: { teamId: string; userIds: string[]; clientId: string; clientName: string; reason: string }): Promise<void>;
}
