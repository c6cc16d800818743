import { parse as parseQuery } from 'node:querystring';

export type SlackBody = Record<string, unknown>;

/** What the ingress does with a verified request from Slack. */
export type Incoming =
  | { kind: 'url_verification'; challenge: string }
  /**
   * Answered with an empty 200 at once; the app works on it afterwards. Slash
   * commands, button clicks, shortcuts and events carry nothing in the ack:
   * their answers go through response_url or the Web API.
   */
  | { kind: 'ack_now'; body: SlackBody }
  /** The ack carries the app's answer (modal validation errors, select options): wait for it. */
  | { kind: 'answer'; body: SlackBody };

/** Payload types whose ack body Slack reads. */
const ANSWERED_TYPES = new Set(['view_submission', 'block_suggestion', 'dialog_suggestion', 'dialog_submission']);

export class BadRequest extends Error {}

const formType = (contentType: string | undefined) => ((contentType ?? '').split(';')[0] ?? '').trim().toLowerCase();

/** Slack posts form data (commands, interactivity) or JSON (events), nothing else. */
export function isSlackContentType(contentType: string | undefined): boolean {
  const type = formType(contentType);
  return type === 'application/x-www-form-urlencoded' || type === 'application/json';
}

/** Slack's SSL check: as Bolt does, answered without a signature and without any work. */
export function isSslCheck(rawBody: string, contentType: string | undefined): boolean {
  // A pattern, not a parse: this runs before every request's own parse.
  return formType(contentType) === 'application/x-www-form-urlencoded' && /(^|&)ssl_check=1(&|$)/.test(rawBody);
}

/** Parses a Slack request body the way Bolt's HTTPReceiver does, and classifies it. */
export function classify(rawBody: string, contentType: string | undefined): Incoming {
  let body: unknown;
  try {
    if (formType(contentType) === 'application/x-www-form-urlencoded') {
      const form = parseQuery(rawBody);
      body = typeof form.payload === 'string' ? JSON.parse(form.payload) : { ...form };
    } else {
      body = JSON.parse(rawBody);
    }
  } catch {
    throw new BadRequest('body is not valid form data or JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('body is not an object');
  const b = body as SlackBody;
  if (b.type === 'url_verification') return { kind: 'url_verification', challenge: typeof b.challenge === 'string' ? b.challenge : '' };
  return { kind: typeof b.type === 'string' && ANSWERED_TYPES.has(b.type) ? 'answer' : 'ack_now', body: b };
}

/** The kind of a Slack request, the `kind` label of calstack_slack_* metrics and of the access log. */
export type RequestKind = 'command' | 'block_action' | 'view_submission' | 'view_closed' | 'shortcut' | 'event' | 'options' | 'other';

const KIND_OF_TYPE: Record<string, RequestKind> = {
  block_actions: 'block_action',
  interactive_message: 'block_action',
  view_submission: 'view_submission',
  view_closed: 'view_closed',
  shortcut: 'shortcut',
  message_action: 'shortcut',
  event_callback: 'event',
  block_suggestion: 'options',
  dialog_suggestion: 'options',
};

export function requestKind(body: SlackBody): RequestKind {
  if (typeof body.command === 'string') return 'command';
  return (typeof body.type === 'string' ? KIND_OF_TYPE[body.type] : undefined) ?? 'other';
}
