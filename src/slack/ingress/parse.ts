import { parse as parseQuery } from 'node:querystring';

export type SlackBody = Record<string, unknown>;

/** What the ingress does with a verified request from Slack. */
export type Incoming =
  | { kind: 'ssl_check' }
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

/** Parses a Slack request body the way Bolt's HTTPReceiver does, and classifies it. */
export function classify(rawBody: string, contentType: string | undefined): Incoming {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  let body: unknown;
  try {
    if (type === 'application/x-www-form-urlencoded') {
      const form = parseQuery(rawBody);
      if (form.ssl_check === '1') return { kind: 'ssl_check' };
      body = typeof form.payload === 'string' ? JSON.parse(form.payload) : { ...form };
    } else {
      body = JSON.parse(rawBody);
    }
  } catch {
    throw new BadRequest('body is not valid form data or JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('body is not an object');
  const b = body as SlackBody;
  if (b.type === 'url_verification') return { kind: 'url_verification', challenge: String(b.challenge ?? '') };
  return { kind: typeof b.type === 'string' && ANSWERED_TYPES.has(b.type) ? 'answer' : 'ack_now', body: b };
}
