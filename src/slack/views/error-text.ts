import { CoreError, UserFacingError, type AuthorizationRefusal, type ErrorCode, type ErrorData } from '../../core/errors.js';
import { ReplyError } from '../reply-error.js';

/** What a Slack user reads about a failure: what happened, and what they can do. Raw text; views escape it. */
export interface Wording {
  message: string;
  hint?: string;
}

const TRY_AGAIN = 'Please try again in a minute.';
const SEE_CLIENTS = 'See `/calstack clients` for the clients you manage.';
const BLOCK_AGAIN = 'Run `/calstack block` again.';
const appSettings = (slug: string) => `Check the client id and secret of the Google OAuth app (\`/calstack client google ${slug}\`), then try the link again.`;

/** The person who sent the link reads these in a DM: they can fix the app's settings, the client cannot. */
const REFUSAL_HINTS: { [R in AuthorizationRefusal]: (slug: string) => string } = {
  access_denied: () => 'To connect, open the link again and choose Allow.',
  invalid_scope: () => 'Check that the Google Calendar API is enabled for the Google OAuth app, then try the link again.',
  admin_policy_enforced: () => 'Ask the Google Workspace administrator to allow the app, then try the link again.',
  org_internal: () => 'Sign in with an account of that organisation, or make the OAuth app external.',
  disallowed_useragent: () => 'Open the link in a standard browser (Chrome, Safari, Firefox, Edge), not inside another app.',
  unauthorized_client: appSettings,
  invalid_client: appSettings,
  deleted_client: appSettings,
  redirect_uri_mismatch: () => 'Add PUBLIC_URL/oauth/google/callback to the OAuth app\u2019s authorized redirect URIs.',
  malformed_request: () => 'Try the link again; if it keeps failing, tell whoever runs Calendar Stacker.',
  server_error: () => 'Try the link again in a few minutes.',
  temporarily_unavailable: () => 'Try the link again in a few minutes.',
  other: () => 'Try the link again; if it keeps failing, check the Google OAuth app settings.',
};

/**
 * What a Slack user can do about each problem core reports. One entry per code, so a new code
 * without Slack wording fails the typecheck. Null: the message says all there is to say.
 */
const HINTS: { [C in ErrorCode]: (data: ErrorData[C]) => string | null } = {
  client_gone: () => 'See `/calstack clients` for the current list.',
  client_unknown: (d) => (d.suggestions.length ? `Did you mean ${d.suggestions.map((s) => `"${s}"`).join(' or ')}?` : SEE_CLIENTS),
  client_ambiguous: () => 'Type more of the name, or use the slug shown in `/calstack clients`.',
  too_many_clients: () => 'Say `all` (or leave the clients out where you may) for every client you manage.',
  no_clients: () => null,
  not_connected: (d) => `Connect it with \`/calstack connect ${d.clientSlug}\`.`,
  needs_reconnect: (d) => `Reconnect it with \`/calstack connect ${d.clientSlug}\`; the client has to approve access again.`,
  already_disconnected: () => null,
  app_secret_missing: () => null,
  calendar_unknown: (d) => `See \`/calstack calendars ${d.clientSlug}\`.`,
  google_unavailable: () => TRY_AGAIN,
  google_unreachable: () => TRY_AGAIN,
  google_access_level: () => 'Reconnect with a higher access level (`/calstack client google <client>`).',
  google_no_access: () => 'Ask the calendar\u2019s owner to share it with this account, or pick another calendar.',
  google_event_gone: () => 'Refresh the list to see the current events.',
  google_refused: () => null,
  first_occurrence: () => 'Choose all events instead.',
  nothing_to_undo: () => 'The deleted event can\u2019t be found any more.',
  invalid_input: () => null,
  recurrence_ends_twice: () => null,
  duration_unreadable: () => 'Write it like `for 45m` or `for 1.5 hours`.',
  bulk_job_gone: () => BLOCK_AGAIN,
  bulk_job_cancelled: () => BLOCK_AGAIN,
  bulk_job_empty: () => 'Retry it first, or run `/calstack block` again.',
  admin_only: () => 'Ask a workspace admin or owner if a job of yours seems stuck.',
  dead_letter_gone: () => 'Run `/calstack admin jobs` again for the current list.',
  invitation_not_manager: () => 'Ask one of them to answer, or an admin to add you as a manager.',
  invitation_not_guest: () => 'Run `/calstack invites` for the invitations waiting for an answer.',
  invitation_own_event: () => 'Run `/calstack invites` for the invitations waiting for an answer.',
  // The browser part of the flow is worded for its reader in src/http/oauth-wording.ts; these
  // are for the person who sent the link, should one of them ever reach Slack.
  link_invalid: () => 'Send a new link with `/calstack connect <client>`.',
  link_used: () => 'The calendar is connected. To connect again, send a new link with `/calstack connect <client>`.',
  link_expired: () => 'Send a new link with `/calstack connect <client>`.',
  link_spent: () => 'The calendar is connected. To connect again, send a new link with `/calstack connect <client>`.',
  callback_without_state: () => 'Start again from the link.',
  authorization_finished: () => 'Start again from the link.',
  authorization_expired: () => 'Start again from the link; it takes less than a minute.',
  authorization_unknown: () => 'Start again from the link.',
  authorization_client_gone: () => 'Nothing was stored.',
  authorization_refused: (d) => REFUSAL_HINTS[d.refusal](d.clientSlug),
  authorization_no_code: () => 'Try the link again.',
  authorization_exchange_failed: (d) => `Try the link again in a minute; if it keeps failing, check the client id and secret of the Google OAuth app (\`/calstack client google ${d.clientSlug}\`).`,
  authorization_offline_refused: () => 'Open the link again and allow access; if it keeps happening, remove Calendar Stacker at myaccount.google.com/permissions first.',
  authorization_scopes_missing: () => 'Open the link again and leave every calendar permission ticked.',
  authorization_no_email: () => 'Open the link again and allow access to your email address.',
};

/** How Slack words a problem core reported: core's account of what happened, and what to do here. */
export function coreWording<C extends ErrorCode>(err: CoreError<C>): Wording {
  const hint = (HINTS[err.code] as (data: ErrorData[C]) => string | null)(err.data);
  return hint === null ? { message: err.message } : { message: err.message, hint };
}

/** The wording of a failure that is the user's to act on; null for our own faults, which get a generic apology. */
export function wordingOf(err: unknown): Wording | null {
  if (err instanceof CoreError) return coreWording(err);
  if (err instanceof ReplyError) return err.hint === undefined ? { message: err.message } : { message: err.message, hint: err.hint };
  if (err instanceof UserFacingError) return { message: err.message };
  return null;
}

/** Message and hint as one sentence pair, for a line of a DM. */
export const wordedLine = (w: Wording) => (w.hint ? `${w.message} ${w.hint}` : w.message);
