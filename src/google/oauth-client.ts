// google-auth-library's OAuth2Client, in a module of its own that oauth.ts imports at the first
// consent, code exchange or refresh: with what it loads (gaxios, gcp-metadata, json-bigint,
// bignumber.js) the library was ~0.4 MB of the ~2.8 MB every start read, compiled and evaluated
// before it could answer (issue 18).
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import type { OAuthAppCredentials } from '../core/connections/ports.js';
import type { GoogleEndpoints } from './oauth.js';

export { CodeChallengeMethod };

/** An OAuth2Client of google-auth-library pointed at the configured endpoints. */
export function oauthClient(endpoints: GoogleEndpoints, app?: OAuthAppCredentials, redirectUri?: string): OAuth2Client {
  return new OAuth2Client({
    ...(app ? { clientId: app.clientId, clientSecret: app.clientSecret } : {}),
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: { oauth2AuthBaseUrl: endpoints.authUrl, oauth2TokenUrl: endpoints.tokenUrl, oauth2RevokeUrl: endpoints.revokeUrl },
    // The token manager decides when to refresh; the library must not do it behind our back.
    eagerRefreshThresholdMillis: 0,
  });
}
