import { CoreError, type AuthorizationRefusal, type ErrorCode, type ErrorData } from '../../src/core/errors.js';

export const REFUSALS: AuthorizationRefusal[] = [
  'access_denied', 'invalid_scope', 'admin_policy_enforced', 'org_internal', 'disallowed_useragent', 'unauthorized_client',
  'invalid_client', 'deleted_client', 'redirect_uri_mismatch', 'malformed_request', 'server_error', 'temporarily_unavailable', 'other',
];

/**
 * Data for every code, built from what a user typed (`s`): typed over the whole union, so a new
 * code without a sample fails the typecheck here too.
 */
const SAMPLES: { [C in ErrorCode]: (s: string, refusal: AuthorizationRefusal) => ErrorData[C] } = {
  client_gone: () => ({}),
  client_unknown: (s) => ({ ref: s, suggestions: [s, `${s}2`] }),
  client_ambiguous: (s) => ({ ref: s, candidates: [s, `${s} Labs`] }),
  too_many_clients: () => ({ max: 50 }),
  no_clients: () => ({}),
  not_connected: (s) => ({ clientName: s, clientSlug: 'acme' }),
  needs_reconnect: (s) => ({ clientName: s, clientSlug: 'acme' }),
  already_disconnected: (s) => ({ clientName: s }),
  app_secret_missing: () => ({}),
  calendar_unknown: (s) => ({ clientName: s, clientSlug: 'acme', ref: s }),
  google_unavailable: () => ({}),
  google_unreachable: () => ({}),
  google_access_level: (s) => ({ clientName: s }),
  google_no_access: (s) => ({ clientName: s }),
  google_event_gone: () => ({}),
  google_refused: (s) => ({ clientName: s, reason: s }),
  first_occurrence: () => ({}),
  nothing_to_undo: () => ({}),
  invalid_input: (s) => ({ reason: s }),
  recurrence_ends_twice: () => ({}),
  duration_unreadable: () => ({}),
  bulk_job_gone: () => ({}),
  bulk_job_cancelled: () => ({}),
  bulk_job_empty: () => ({}),
  admin_only: () => ({}),
  dead_letter_gone: () => ({}),
  invitation_not_manager: () => ({}),
  invitation_not_guest: (s) => ({ clientName: s }),
  invitation_own_event: (s) => ({ clientName: s }),
  link_invalid: () => ({}),
  link_used: () => ({}),
  link_expired: () => ({}),
  link_spent: () => ({}),
  callback_without_state: () => ({}),
  authorization_finished: () => ({}),
  authorization_expired: () => ({}),
  authorization_unknown: () => ({}),
  authorization_client_gone: () => ({}),
  authorization_refused: (s, refusal) => ({ clientName: s, clientSlug: 'acme', refusal }),
  authorization_no_code: (s) => ({ clientName: s, clientSlug: 'acme' }),
  authorization_exchange_failed: (s) => ({ clientName: s, clientSlug: 'acme' }),
  authorization_offline_refused: (s) => ({ clientName: s, clientSlug: 'acme' }),
  authorization_scopes_missing: (s) => ({ clientName: s, clientSlug: 'acme' }),
  authorization_no_email: (s) => ({ clientName: s, clientSlug: 'acme' }),
};

export const ALL_CODES = Object.keys(SAMPLES) as ErrorCode[];

/** Every code's error, with `typed` wherever the code carries user data; authorization_refused once per refusal. */
export function everyError(typed: string): CoreError[] {
  return ALL_CODES.flatMap((code) =>
    (code === 'authorization_refused' ? REFUSALS : ['other' as const]).map(
      (refusal) => new CoreError(code, (SAMPLES[code] as (s: string, r: AuthorizationRefusal) => ErrorData[ErrorCode])(typed, refusal)),
    ),
  );
}
