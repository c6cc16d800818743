import type { AuthorizationRefusal } from '../errors.js';

/**
 * Which of the documented `error` values Google put on the redirect back to us. The query string
 * is anyone's to write (a forged link can say "sign in again at https://evil…"), so nothing of it
 * is ever shown: a documented value maps to a refusal we word ourselves, anything else to
 * `other`, and `error_description` is never read.
 * Values: RFC 6749 §4.1.2.1 and Google's "Authorization errors" (OAuth 2.0 for web server apps).
 */
const KNOWN = new Map<string, AuthorizationRefusal>([
  ['access_denied', 'access_denied'],
  ['invalid_scope', 'invalid_scope'],
  ['admin_policy_enforced', 'admin_policy_enforced'],
  ['org_internal', 'org_internal'],
  ['disallowed_useragent', 'disallowed_useragent'],
  ['unauthorized_client', 'unauthorized_client'],
  ['invalid_client', 'invalid_client'],
  ['deleted_client', 'deleted_client'],
  ['redirect_uri_mismatch', 'redirect_uri_mismatch'],
  ['invalid_request', 'malformed_request'],
  ['unsupported_response_type', 'malformed_request'],
  ['server_error', 'server_error'],
  ['temporarily_unavailable', 'temporarily_unavailable'],
]);

export function refusalOf(error: string): AuthorizationRefusal {
  return KNOWN.get(error) ?? 'other';
}
