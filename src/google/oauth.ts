import type * as OAuthClientModule from './oauth-client.js';
import { InvalidGrantError, RevokeFailedError, type GoogleOAuth, type OAuthAppCredentials } from '../core/connections/ports.js';

export interface GoogleEndpoints {
  authUrl: string;
  tokenUrl: string;
  revokeUrl: string;
}

/** oauth-client.ts, which loads google-auth-library, imported at its first use. */
let library: Promise<typeof OAuthClientModule> | undefined;
const loaded = () => (library ??= import('./oauth-client.js'));

/** An OAuth2Client of google-auth-library pointed at the configured endpoints. */
async function oauthClient(endpoints: GoogleEndpoints, app?: OAuthAppCredentials, redirectUri?: string) {
  return (await loaded()).oauthClient(endpoints, app, redirectUri);
}

/** The email in an id_token received straight from Google's token endpoint (OIDC: trusted without re-verification). */
function emailFromIdToken(idToken: string | null | undefined): string | null {
  const payload = idToken?.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { email?: unknown };
    return typeof claims.email === 'string' ? claims.email : null;
  } catch {
    return null;
  }
}

function googleErrorCode(err: unknown): string | undefined {
  const data = (err as { response?: { data?: { error?: unknown } } }).response?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

function errorDescription(err: unknown): string {
  const data = (err as { response?: { data?: { error_description?: unknown } } }).response?.data;
  return typeof data?.error_description === 'string' ? data.error_description : 'Token has been expired or revoked.';
}

const REVOKE_TIMEOUT_MS = 10_000;

export function googleOAuth(endpoints: GoogleEndpoints): GoogleOAuth {
  return {
    async authorizationUrl({ app, redirectUri, state, codeChallenge, scopes, loginHint }) {
      const { CodeChallengeMethod } = await loaded();
      return (await oauthClient(endpoints, app, redirectUri)).generateAuthUrl({
        access_type: 'offline',
        prompt: 'consent',
        include_granted_scopes: true,
        scope: scopes,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: CodeChallengeMethod.S256,
        ...(loginHint ? { login_hint: loginHint } : {}),
      });
    },
    async exchangeCode({ app, redirectUri, code, codeVerifier }) {
      const { tokens } = await (await oauthClient(endpoints, app, redirectUri)).getToken({ code, codeVerifier, redirect_uri: redirectUri });
      if (!tokens.access_token) throw new Error('Google returned no access token');
      return {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? null,
        expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
        scopes: (tokens.scope ?? '').split(' ').filter(Boolean),
        email: emailFromIdToken(tokens.id_token),
      };
    },
    async refresh({ app, refreshToken }) {
      const client = await oauthClient(endpoints, app);
      client.setCredentials({ refresh_token: refreshToken });
      try {
        const { credentials } = await client.refreshAccessToken();
        if (!credentials.access_token) throw new Error('Google returned no access token');
        return {
          accessToken: credentials.access_token,
          expiresAt: credentials.expiry_date ? new Date(credentials.expiry_date) : null,
          scopes: credentials.scope ? credentials.scope.split(' ').filter(Boolean) : null,
          refreshToken: credentials.refresh_token && credentials.refresh_token !== refreshToken ? credentials.refresh_token : null,
        };
      } catch (err) {
        if (googleErrorCode(err) === 'invalid_grant') throw new InvalidGrantError(errorDescription(err));
        throw err;
      }
    },
    async revoke(token) {
      // Our own request rather than the library's: the token goes in the body, not the URL (which
      // errors and proxies log), and one attempt with a deadline, because failures are retried by
      // the revoker with its own backoff.
      let res: Response;
      try {
        res = await fetch(endpoints.revokeUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }),
          signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
        });
      } catch (err) {
        throw new RevokeFailedError(`no answer from Google (${(err as Error).name})`);
      }
      if (res.ok) return 'revoked';
      const body = (await res.json().catch(() => ({}))) as { error?: unknown };
      // Google's answer for a token that is already revoked or expired.
      if (res.status === 400 && body.error === 'invalid_token') return 'invalid';
      throw new RevokeFailedError(`Google answered ${res.status}`);
    },
  };
}
