/** Accounts, consent, authorization codes, tokens and revocation: Google's OAuth 2.0 endpoints. */
import { randomToken, sha256Base64url } from './encoding.js';
import { basicCredentials } from './http-io.js';
import { signJwt } from './id-token.js';
import { AUTH_CODE_TTL_MS } from './limits.js';
import { type Reply, OAuthError, json, redirect } from './replies.js';
import { USERINFO_EMAIL, USERINFO_PROFILE, IDENTITY_SCOPES, SCOPE_ALIASES, DEFAULT_ISSUED_SCOPES } from './scopes.js';
import type {
  AccessRole,
  OAuthClientConfig,
  AuthRequestRecord,
  TokenRequestRecord,
  RevocationRecord,
  IssueTokensOptions,
  IssuedTokens,
} from './types.js';

export interface CalendarListEntry {
  accessRole: AccessRole;
  primary: boolean;
}

export interface Account {
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

export interface AuthenticatedCaller {
  account: Account;
  grant: Grant;
}

function normalizeScopes(scopes: string[]): string[] {
  const normalized = scopes.filter(Boolean).map((scope) => SCOPE_ALIASES[scope] ?? scope);
  // Google adds openid whenever a sign-in scope is requested.
  if (normalized.some((scope) => scope === USERINFO_EMAIL || scope === USERINFO_PROFILE)) normalized.push('openid');
  return [...new Set(normalized)];
}

export class OAuthBackend {
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
