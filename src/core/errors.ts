/**
 * An error that is the user's to act on (their mistake, or a state they can change), not our
 * fault: it is shown to them and logged at info without a stack (src/shared/log-failure.ts);
 * anything else that fails is our fault, logged at error with its stack.
 */
export abstract class UserFacingError extends Error {
  abstract readonly code: string;
}

/** What Google said when it sent the browser back with an `error` (see authorization-errors.ts). */
export type AuthorizationRefusal =
  | 'access_denied'
  | 'invalid_scope'
  | 'admin_policy_enforced'
  | 'org_internal'
  | 'disallowed_useragent'
  | 'unauthorized_client'
  | 'invalid_client'
  | 'deleted_client'
  | 'redirect_uri_mismatch'
  | 'malformed_request'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'other';

export interface ClientRef {
  clientName: string;
  clientSlug: string;
}

export const refTo = (client: { name: string; slug: string }): ClientRef => ({ clientName: client.name, clientSlug: client.slug });

/**
 * Every problem core reports, with the data each surface needs to word it. Core says what
 * happened (the error's `message`, for logs and for results kept for later); each surface
 * says what its reader can do about it, in one module (src/slack/views/error-text.ts for Slack,
 * src/http/oauth-wording.ts for the pages a client opens).
 */
export interface ErrorData {
  client_gone: Record<string, never>;
  client_unknown: { ref: string; suggestions: string[] };
  client_ambiguous: { ref: string; candidates: string[] };
  too_many_clients: { max: number };
  no_clients: Record<string, never>;
  not_connected: ClientRef;
  needs_reconnect: ClientRef;
  already_disconnected: { clientName: string };
  app_secret_missing: Record<string, never>;
  calendar_unknown: ClientRef & { ref: string | null };
  google_unavailable: Record<string, never>;
  google_unreachable: Record<string, never>;
  google_access_level: { clientName: string };
  google_no_access: { clientName: string };
  google_event_gone: Record<string, never>;
  /** `reason` is Google's own words for what it refused (e.g. "The requested time range is too long."). */
  google_refused: { clientName: string; reason: string };
  first_occurrence: Record<string, never>;
  nothing_to_undo: Record<string, never>;
  /** `reason` is a parser's account of what it could not read in the user's text. */
  invalid_input: { reason: string };
  recurrence_ends_twice: Record<string, never>;
  duration_unreadable: Record<string, never>;
  bulk_job_gone: Record<string, never>;
  bulk_job_cancelled: Record<string, never>;
  bulk_job_empty: Record<string, never>;
  admin_only: Record<string, never>;
  dead_letter_gone: Record<string, never>;
  // Answering invitations as a client (core/invitations).
  invitation_not_manager: Record<string, never>;
  invitation_not_guest: { clientName: string };
  invitation_own_event: { clientName: string };
  // The browser part of the Google authorization (OAuthFlowCode).
  link_invalid: Record<string, never>;
  link_used: Record<string, never>;
  link_expired: Record<string, never>;
  link_spent: Record<string, never>;
  callback_without_state: Record<string, never>;
  authorization_finished: Record<string, never>;
  authorization_expired: Record<string, never>;
  authorization_unknown: Record<string, never>;
  authorization_client_gone: Record<string, never>;
  authorization_refused: { clientName: string; clientSlug: string; refusal: AuthorizationRefusal };
  authorization_no_code: ClientRef;
  authorization_exchange_failed: ClientRef;
  authorization_offline_refused: ClientRef;
  authorization_scopes_missing: ClientRef;
  authorization_no_email: ClientRef;
}

export type ErrorCode = keyof ErrorData;

/** The codes the browser part of the Google authorization throws: the OAuth pages word these. */
export const OAUTH_FLOW_CODES = [
  'link_invalid',
  'link_used',
  'link_expired',
  'link_spent',
  'callback_without_state',
  'authorization_finished',
  'authorization_expired',
  'authorization_unknown',
  'authorization_client_gone',
  'authorization_refused',
  'authorization_no_code',
  'authorization_exchange_failed',
  'authorization_offline_refused',
  'authorization_scopes_missing',
  'authorization_no_email',
] as const satisfies readonly ErrorCode[];
export type OAuthFlowCode = (typeof OAUTH_FLOW_CODES)[number];

const REFUSALS: { [R in AuthorizationRefusal]: (clientName: string) => string } = {
  access_denied: (name) => `Access to ${name}\u2019s calendar was declined at Google.`,
  invalid_scope: () => 'Google did not accept the permissions Calendar Stacker asked for.',
  admin_policy_enforced: () => 'The Google account\u2019s administrator does not allow Calendar Stacker.',
  org_internal: () => 'This Google OAuth app is open only to users of its own organisation.',
  disallowed_useragent: () => 'Google does not allow signing in from this browser.',
  unauthorized_client: () => 'Google does not accept the Google OAuth app for this.',
  invalid_client: () => 'Google does not recognise the Google OAuth app.',
  deleted_client: () => 'The Google OAuth app was deleted.',
  redirect_uri_mismatch: () => 'Google refused Calendar Stacker\u2019s return address.',
  malformed_request: () => 'Google found the authorization request malformed.',
  server_error: () => 'Google had an internal error.',
  temporarily_unavailable: () => 'Google is temporarily unavailable.',
  other: () => 'Google could not complete the authorization.',
};

/** What happened, in plain words and without advice: the message logs and stored results carry. */
const WHAT_HAPPENED: { [C in ErrorCode]: (data: ErrorData[C]) => string } = {
  client_gone: () => 'That client no longer exists.',
  client_unknown: (d) => `I couldn\u2019t find a client called "${d.ref}".`,
  client_ambiguous: (d) => `"${d.ref}" matches ${d.candidates.length} clients: ${d.candidates.join(', ')}.`,
  too_many_clients: (d) => `That names more than ${d.max} clients.`,
  no_clients: () => 'There are no clients to do this for.',
  not_connected: (d) => `${d.clientName} isn\u2019t connected to Google yet.`,
  needs_reconnect: (d) => `Google no longer accepts ${d.clientName}\u2019s connection (access was revoked or expired).`,
  already_disconnected: (d) => `${d.clientName} is not connected to Google.`,
  app_secret_missing: () => 'Enter the client secret of the Google OAuth app.',
  calendar_unknown: (d) => (d.ref === null ? `${d.clientName} has no calendars.` : `${d.clientName} has no calendar called "${d.ref}".`),
  google_unavailable: () => 'Google is busy or unavailable right now, so nothing was changed.',
  google_unreachable: () => 'Google could not be reached, so nothing was changed.',
  google_access_level: (d) => `${d.clientName}\u2019s Google connection doesn\u2019t allow this.`,
  google_no_access: (d) => `Google says ${d.clientName}\u2019s account can\u2019t access that calendar or event.`,
  google_event_gone: () => 'That event no longer exists at Google.',
  google_refused: (d) => `Google refused the request for ${d.clientName}: ${d.reason}`,
  first_occurrence: () => 'That is the first occurrence of the series.',
  nothing_to_undo: () => 'There is nothing to undo.',
  invalid_input: (d) => d.reason,
  recurrence_ends_twice: () => 'Choose an end date or a number of times, not both.',
  duration_unreadable: () => 'I couldn\u2019t read that duration.',
  bulk_job_gone: () => 'That bulk job can\u2019t be found any more.',
  bulk_job_cancelled: () => 'That job was cancelled, so there is nothing to move.',
  bulk_job_empty: () => 'That job made no events, so there is nothing to move.',
  admin_only: () => 'Only workspace admins can see and retry the background jobs.',
  dead_letter_gone: () => 'That job is no longer in the dead-letter queue (it was retried, or it expired).',
  invitation_not_manager: () => 'Only the client\u2019s managers can answer its invitations.',
  invitation_not_guest: (d) => `${d.clientName} is not a guest of that event, so there is nothing to answer.`,
  invitation_own_event: (d) => `${d.clientName} organizes that event, so there is nothing to answer.`,
  link_invalid: () => 'This authorization link is not valid.',
  link_used: () => 'This authorization link was already used.',
  link_expired: () => 'This authorization link has expired.',
  link_spent: () => 'This authorization link has already been used.',
  callback_without_state: () => 'This page needs the answer Google sends back.',
  authorization_finished: () => 'This authorization was already completed or abandoned.',
  authorization_expired: () => 'This authorization took too long and expired.',
  authorization_unknown: () => 'This authorization is not one we started.',
  authorization_client_gone: () => 'That client no longer exists.',
  authorization_refused: (d) => REFUSALS[d.refusal](d.clientName),
  authorization_no_code: () => 'Google did not send an authorization code.',
  authorization_exchange_failed: () => 'Google refused to complete the authorization.',
  authorization_offline_refused: () => 'Google did not grant offline access, so the connection would stop working within the hour.',
  authorization_scopes_missing: () => 'Not every permission Calendar Stacker needs was granted.',
  authorization_no_email: () => 'Google did not tell us which account consented.',
};

/** A problem core reports: a code and its data, worded by whichever surface shows it. */
export class CoreError<C extends ErrorCode = ErrorCode> extends UserFacingError {
  constructor(
    readonly code: C,
    readonly data: ErrorData[C],
  ) {
    super(WHAT_HAPPENED[code](data));
    this.name = 'CoreError';
  }
}

/** Something the user named is not there (or not theirs to see, which reads the same). */
export class NotFoundError extends CoreError<'client_gone' | 'client_unknown' | 'calendar_unknown' | 'nothing_to_undo' | 'bulk_job_gone'> {}

export function isCoreError<C extends ErrorCode>(err: unknown, codes: readonly C[]): err is CoreError<C> {
  return err instanceof CoreError && (codes as readonly ErrorCode[]).includes((err as CoreError).code);
}
