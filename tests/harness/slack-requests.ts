// Sends requests to the running app exactly as Slack does: form or JSON
// bodies signed with HMAC-SHA256 over `v0:{timestamp}:{body}`.
import { createHmac, randomBytes } from 'node:crypto';
import type { KnownBlock, PlainTextElement } from '@slack/types';
import type { SentView } from '../fakes/slack.js';

/**
 * What the app answered in the ack, parsed: a view submission's response_action (with errors
 * or a view), a menu's options, a command's immediate message, a URL verification challenge.
 */
export interface AckBody {
  response_action?: 'errors' | 'update' | 'push' | 'clear';
  errors?: Record<string, string>;
  view?: SentView;
  options?: { text: PlainTextElement; value: string }[];
  text?: string;
  blocks?: KnownBlock[];
  challenge?: string;
}

export interface SentRequest {
  status: number;
  body: string;
  /** The body parsed, when it was JSON. */
  json: AckBody | undefined;
  /**
   * Milliseconds until the app answered (the ack), for `npm run bench` alone: on a shared
   * machine a duration proves nothing in a test; assert what happened before the ack instead.
   */
  ms: number;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  timestamp?: number;
  /** Override the signature (or null to omit it). */
  signature?: string | null;
  headers?: Record<string, string>;
}

export interface Actor {
  teamId: string;
  userId: string;
  userName?: string;
}

export class SlackRequests {
  constructor(
    readonly appUrl: string,
    readonly signingSecret: string,
    readonly defaultResponseUrl: () => string,
  ) {}

  /** Slack's trigger_ids come from the fake Slack, which accepts each once, shortly after issue. */
  private nextTriggerId: () => string = () => {
    throw new Error('SlackRequests: call issueTriggersFrom(() => fakeSlack.issueTriggerId()) first');
  };

  issueTriggersFrom(source: () => string): this {
    this.nextTriggerId = source;
    return this;
  }

  async send(body: string, contentType: string, opts: SignOptions = {}): Promise<SentRequest> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      ...opts.headers,
    };
    const sig = opts.signature === undefined ? signature(this.signingSecret, timestamp, body) : opts.signature;
    if (sig !== null) headers['x-slack-signature'] = sig;
    const started = performance.now();
    const res = await fetch(`${this.appUrl}/slack/events`, { method: 'POST', headers, body });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: AckBody | undefined;
    try {
      json = text ? (JSON.parse(text) as AckBody) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: text, json, ms };
  }

  triggerId(): string {
    return this.nextTriggerId();
  }

  commandBody(text: string, actor: Actor, extra: Record<string, string> = {}): string {
    return new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: actor.teamId,
      team_domain: actor.teamId.toLowerCase(),
      channel_id: 'C0CALSTACK',
      channel_name: 'general',
      user_id: actor.userId,
      user_name: actor.userName ?? actor.userId.toLowerCase(),
      command: '/calstack',
      text,
      api_app_id: 'A0CALSTACK',
      response_url: this.defaultResponseUrl(),
      trigger_id: this.triggerId(),
      ...extra,
    }).toString();
  }

  command(text: string, actor: Actor, extra: Record<string, string> = {}, opts?: SignOptions): Promise<SentRequest> {
    return this.send(this.commandBody(text, actor, extra), 'application/x-www-form-urlencoded', opts);
  }

  /** Interactivity payloads (block_actions, view_submission, view_closed) arrive as form field `payload`. */
  interaction(payload: Record<string, unknown>, opts?: SignOptions): Promise<SentRequest> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(body, 'application/x-www-form-urlencoded', opts);
  }

  blockAction(
    actor: Actor,
    action: Record<string, unknown>,
    extra: Record<string, unknown> = {},
    opts?: SignOptions,
  ): Promise<SentRequest> {
    return this.interaction(
      {
        type: 'block_actions',
        team: { id: actor.teamId, domain: actor.teamId.toLowerCase() },
        user: { id: actor.userId, team_id: actor.teamId, username: actor.userId.toLowerCase() },
        api_app_id: 'A0CALSTACK',
        trigger_id: this.triggerId(),
        response_url: this.defaultResponseUrl(),
        actions: [{ action_ts: String(Date.now() / 1000), ...action }],
        ...extra,
      },
      opts,
    );
  }

  /** What every shortcut payload carries; a message shortcut's user has `name`, a global one's `username`. */
  private shortcutPayload(type: 'message_action' | 'shortcut', actor: Actor, callbackId: string, userKey: 'name' | 'username') {
    return {
      type,
      token: 'legacy-verification-token',
      action_ts: String(Date.now() / 1000),
      team: { id: actor.teamId, domain: actor.teamId.toLowerCase() },
      user: { id: actor.userId, [userKey]: actor.userName ?? actor.userId.toLowerCase(), team_id: actor.teamId },
      callback_id: callbackId,
      trigger_id: this.triggerId(),
    };
  }

  /** A message shortcut ("…" menu on a message): Slack's `message_action` payload. */
  messageShortcut(
    actor: Actor,
    callbackId: string,
    message: { channel: string; ts: string; text: string; user: string },
    extra: Record<string, unknown> = {},
    opts?: SignOptions,
  ): Promise<SentRequest> {
    return this.interaction(
      {
        ...this.shortcutPayload('message_action', actor, callbackId, 'name'),
        channel: { id: message.channel, name: 'general' },
        response_url: this.defaultResponseUrl(),
        message_ts: message.ts,
        message: { type: 'message', user: message.user, ts: message.ts, text: message.text },
        ...extra,
      },
      opts,
    );
  }

  /** A global shortcut (search bar, + menu): Slack's `shortcut` payload, with no channel and no response_url. */
  globalShortcut(actor: Actor, callbackId: string, opts?: SignOptions): Promise<SentRequest> {
    return this.interaction(this.shortcutPayload('shortcut', actor, callbackId, 'username'), opts);
  }

  viewSubmission(actor: Actor, view: Record<string, unknown>, opts?: SignOptions): Promise<SentRequest> {
    return this.interaction(
      {
        type: 'view_submission',
        team: { id: actor.teamId, domain: actor.teamId.toLowerCase() },
        user: { id: actor.userId, team_id: actor.teamId },
        api_app_id: 'A0CALSTACK',
        trigger_id: this.triggerId(),
        view: { team_id: actor.teamId, type: 'modal', ...view },
      },
      opts,
    );
  }

  event(teamId: string, event: Record<string, unknown>, opts?: SignOptions): Promise<SentRequest> {
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: teamId,
      api_app_id: 'A0CALSTACK',
      type: 'event_callback',
      event_id: `Ev${randomBytes(6).toString('hex')}`,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    return this.send(body, 'application/json', opts);
  }
}
