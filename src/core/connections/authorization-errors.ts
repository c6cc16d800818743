/**
 * Our wording for the `error` Google puts on the redirect back to us. The query string is
 * anyone's to write (a forged link can say "sign in again at https://evil…"), so nothing of
 * it is ever shown: a documented code gets our own text, anything else the generic one, and
 * `error_description` is never read.
 * Codes: RFC 6749 §4.1.2.1 and Google's "Authorization errors" (OAuth 2.0 for web server apps).
 */
export interface Wording {
  problem: string;
  hint: string;
}

const APP_SETTINGS = 'Check the client id and secret of the Google OAuth app (`/calstack client google <client>`), then try the link again.';

const KNOWN = new Map<string, (clientName: string) => Wording>([
  ['access_denied', (name) => ({ problem: `Access to ${name}\u2019s calendar was declined at Google.`, hint: 'To connect, open the link again and choose Allow.' })],
  ['invalid_scope', () => ({ problem: 'Google did not accept the permissions Calendar Stacker asked for.', hint: 'Check that the Google Calendar API is enabled for the Google OAuth app, then try the link again.' })],
  ['admin_policy_enforced', () => ({ problem: 'The Google account\u2019s administrator does not allow Calendar Stacker.', hint: 'Ask the Google Workspace administrator to allow the app, then try the link again.' })],
  ['org_internal', () => ({ problem: 'This Google OAuth app is open only to users of its own organisation.', hint: 'Sign in with an account of that organisation, or make the OAuth app external.' })],
  ['disallowed_useragent', () => ({ problem: 'Google does not allow signing in from this browser.', hint: 'Open the link in a standard browser (Chrome, Safari, Firefox, Edge), not inside another app.' })],
  ['unauthorized_client', () => ({ problem: 'Google does not accept the Google OAuth app for this.', hint: APP_SETTINGS })],
  ['invalid_client', () => ({ problem: 'Google does not recognise the Google OAuth app.', hint: APP_SETTINGS })],
  ['deleted_client', () => ({ problem: 'The Google OAuth app was deleted.', hint: APP_SETTINGS })],
  ['redirect_uri_mismatch', () => ({ problem: 'Google refused Calendar Stacker\u2019s return address.', hint: 'Add PUBLIC_URL/oauth/google/callback to the OAuth app\u2019s authorized redirect URIs.' })],
  ['invalid_request', () => ({ problem: 'Google found the authorization request malformed.', hint: 'Try the link again; if it keeps failing, tell whoever runs Calendar Stacker.' })],
  ['unsupported_response_type', () => ({ problem: 'Google found the authorization request malformed.', hint: 'Try the link again; if it keeps failing, tell whoever runs Calendar Stacker.' })],
  ['server_error', () => ({ problem: 'Google had an internal error.', hint: 'Try the link again in a few minutes.' })],
  ['temporarily_unavailable', () => ({ problem: 'Google is temporarily unavailable.', hint: 'Try the link again in a few minutes.' })],
]);

const GENERIC: Wording = {
  problem: 'Google could not complete the authorization.',
  hint: 'Try the link again; if it keeps failing, check the Google OAuth app settings.',
};

/** What to tell people about an `error` Google (or anyone) sent back; never the code itself. */
export function authorizationErrorWording(error: string, clientName: string): Wording {
  return KNOWN.get(error)?.(clientName) ?? GENERIC;
}
