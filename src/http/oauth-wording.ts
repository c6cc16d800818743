import { OAUTH_FLOW_CODES, isCoreError, type AuthorizationRefusal, type ErrorData, type OAuthFlowCode } from '../core/errors.js';

/**
 * The OAuth pages are read by the client who opened the link, who may never use Slack: each
 * problem is worded for them, in plain text (the page escapes it; no markdown, no commands).
 * What only the sender can fix sends them back to the sender, who also gets a DM about it.
 */
export interface PageWording {
  status: number;
  message: string;
  hint: string;
}

const NEW_LINK = 'Ask the person who sent you this link for a new one.';
const FROM_THE_LINK = 'Start again from the link you were sent.';
const SENDER_FIXES = 'The Google settings of Calendar Stacker need a fix that only the person who sent you this link can make; please tell them. Nothing was stored.';
const KEEPS_FAILING = 'Try the link again; if it keeps failing, tell the person who sent you this link.';

const REFUSAL_HINTS: Record<AuthorizationRefusal, string> = {
  access_denied: 'To connect, open the link again and choose Allow.',
  invalid_scope: SENDER_FIXES,
  admin_policy_enforced: 'Ask your Google Workspace administrator to allow the app, then try the link again.',
  org_internal: 'Sign in with an account of that organisation, or tell the person who sent you this link.',
  disallowed_useragent: 'Open the link in a standard browser (Chrome, Safari, Firefox, Edge), not inside another app.',
  unauthorized_client: SENDER_FIXES,
  invalid_client: SENDER_FIXES,
  deleted_client: SENDER_FIXES,
  redirect_uri_mismatch: SENDER_FIXES,
  malformed_request: KEEPS_FAILING,
  server_error: 'Try the link again in a few minutes.',
  temporarily_unavailable: 'Try the link again in a few minutes.',
  other: KEEPS_FAILING,
};

/** One entry per code the flow throws: a new one without page wording fails the typecheck. */
const HINTS: { [C in OAuthFlowCode]: { status: number; hint: (data: ErrorData[C]) => string } } = {
  link_invalid: { status: 404, hint: () => NEW_LINK },
  link_used: { status: 410, hint: () => 'The calendar is connected. If you need to connect again, ask the person who sent you this link for a new one.' },
  link_expired: { status: 410, hint: () => NEW_LINK },
  link_spent: { status: 400, hint: () => 'The calendar is connected. To connect again, ask the person who sent you this link for a new one.' },
  callback_without_state: { status: 400, hint: () => FROM_THE_LINK },
  authorization_finished: { status: 400, hint: () => FROM_THE_LINK },
  authorization_expired: { status: 400, hint: () => 'Start again from the link you were sent; it takes less than a minute.' },
  authorization_unknown: { status: 400, hint: () => FROM_THE_LINK },
  authorization_client_gone: { status: 410, hint: () => 'Nothing was stored.' },
  authorization_refused: { status: 400, hint: (d) => REFUSAL_HINTS[d.refusal] },
  authorization_no_code: { status: 400, hint: () => 'Try the link again.' },
  authorization_exchange_failed: { status: 400, hint: () => 'Try the link again in a minute; if it keeps failing, tell the person who sent you this link.' },
  authorization_offline_refused: { status: 400, hint: () => 'Open the link again and allow access; if it keeps happening, remove Calendar Stacker at myaccount.google.com/permissions first.' },
  authorization_scopes_missing: { status: 400, hint: () => 'Open the link again and leave every calendar permission ticked.' },
  authorization_no_email: { status: 400, hint: () => 'Open the link again and allow access to your email address.' },
};

/** The page's wording of a problem in the flow; null for anything else (our fault: a generic page). */
export function pageWording(err: unknown): PageWording | null {
  if (!isCoreError(err, OAUTH_FLOW_CODES)) return null;
  const entry = HINTS[err.code] as { status: number; hint: (data: ErrorData[OAuthFlowCode]) => string };
  return { status: entry.status, message: err.message, hint: entry.hint(err.data) };
}
