/**
 * Incremental sync and push notifications as Google documents them: a sync token on the last page
 * of a list, the changes since a token (deletions always included), 410 for a token Google no longer
 * honours, `events.watch` channels, `channels.stop`, and a POST to each channel's address when its
 * calendar changes (`sync` first, then `exists`), with Google's X-Goog-* headers.
 */
import { randomBytes } from 'node:crypto';
import { base64url } from './encoding.js';
import { ApiError, badRequest, invalid, notFound } from './replies.js';

/** Google answers every calendar watch with at most a week (and 0 / absent means its default). */
export const MAX_CHANNEL_TTL_MS = 7 * 86_400_000;
/** Google's own limit on a channel id. */
const CHANNEL_ID_MAX = 64;
/** Parameters Google refuses alongside a syncToken (events.list reference). */
export const FORBIDDEN_WITH_SYNC_TOKEN = ['iCalUID', 'orderBy', 'privateExtendedProperty', 'q', 'sharedExtendedProperty', 'timeMin', 'timeMax', 'updatedMin'];

export interface Channel {
  id: string;
  resourceId: string;
  calendarId: string;
  address: string;
  token?: string;
  expiration: number;
  messageNumber: number;
  stopped: boolean;
}

/** One POST the fake made to a channel's address, and how the app answered. */
export interface PushDelivery {
  channelId: string;
  state: 'sync' | 'exists' | 'not_exists';
  messageNumber: number;
  headers: Record<string, string>;
  /** The app's HTTP status; undefined while in flight, 0 when it could not be reached. */
  status?: number;
}

interface CalendarLog {
  seq: number;
  /** Event id → the seq of its last change. */
  changed: Map<string, number>;
  /** Tokens older than this answer 410. */
  validFrom: number;
}

export class ChangeLog {
  private readonly logs = new Map<string, CalendarLog>();
  readonly channels = new Map<string, Channel>();
  readonly deliveries: PushDelivery[] = [];
  private channelTtlMs = MAX_CHANNEL_TTL_MS;
  private insecureAllowed = false;
  private readonly inFlight = new Set<Promise<void>>();

  private log(calendarId: string): CalendarLog {
    let log = this.logs.get(calendarId);
    if (!log) this.logs.set(calendarId, (log = { seq: 0, changed: new Map(), validFrom: 0 }));
    return log;
  }

  /** Records that an event of the calendar changed and tells its channels. */
  touched(calendarId: string, eventId: string): void {
    const log = this.log(calendarId);
    log.seq += 1;
    log.changed.set(eventId, log.seq);
    for (const channel of this.channels.values()) {
      if (channel.calendarId === calendarId && !channel.stopped && channel.expiration > Date.now()) this.deliver(channel, 'exists');
    }
  }

  /** The token a list ending now hands out. */
  tokenNow(calendarId: string): string {
    return base64url(`sync:${this.log(calendarId).seq}:${calendarId}`);
  }

  /**
   * Ids changed since `token` (a deleted event among them); 410 for a token that is not ours,
   * for another calendar, or expired (`expireSyncTokens`).
   */
  changedSince(calendarId: string, token: string, params: URLSearchParams): Set<string> {
    const forbidden = FORBIDDEN_WITH_SYNC_TOKEN.find((name) => params.has(name));
    if (forbidden) throw badRequest(`The parameter ${forbidden} cannot be used with a syncToken.`, 'invalidParameter');
    if (params.get('showDeleted') === 'false') throw badRequest('showDeleted cannot be false with a syncToken.', 'invalidParameter');
    const match = /^sync:(\d+):(.*)$/s.exec(Buffer.from(token, 'base64url').toString('utf8'));
    const log = this.log(calendarId);
    const seq = Number(match?.[1] ?? -1);
    if (!match || match[2] !== calendarId || seq < log.validFrom || seq > log.seq) {
      throw new ApiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
    }
    return new Set([...log.changed].filter(([, at]) => at > seq).map(([id]) => id));
  }

  /** Test switch: every token handed out so far for the calendar (or all) answers 410 from now on. */
  expireSyncTokens(calendarId?: string): void {
    const ids = calendarId ? [calendarId] : [...this.logs.keys()];
    for (const id of ids) {
      const log = this.log(id);
      log.validFrom = log.seq + 1;
    }
  }

  /** Test switch: channels made from now on live this long (Google's cap still applies). */
  setChannelTtl(ms: number): void {
    this.channelTtlMs = Math.min(ms, MAX_CHANNEL_TTL_MS);
  }

  /**
   * Google delivers only to HTTPS addresses; a test's app listens on http://127.0.0.1, so a test
   * lets the fake deliver there (the one kindness, named where it is asked for).
   */
  allowInsecureAddresses(): void {
    this.insecureAllowed = true;
  }

  watch(calendarId: string, body: Record<string, unknown>): Record<string, unknown> {
    const { id, type, address, token, expiration } = body;
    if (typeof id !== 'string' || !id || id.length > CHANNEL_ID_MAX) throw invalid('Channel id is required (at most 64 characters).');
    if (type !== 'web_hook' && type !== 'webhook') throw invalid('Unsupported channel type.');
    if (typeof address !== 'string' || !URL.canParse(address)) throw invalid('Invalid channel address.');
    if (!address.startsWith('https://') && !this.insecureAllowed) throw badRequest('WebHook callback must be HTTPS: ' + address, 'push.webhookUrlNotHttps');
    if (token !== undefined && (typeof token !== 'string' || token.length > 256)) throw invalid('Invalid channel token.');
    if ([...this.channels.values()].some((c) => c.id === id && !c.stopped)) throw badRequest(`Channel id ${id} not unique`, 'channelIdNotUnique');
    const longest = Date.now() + this.channelTtlMs;
    const asked = expiration === undefined ? 0 : Number(expiration);
    const channel: Channel = {
      id,
      resourceId: `res-${randomBytes(8).toString('hex')}`,
      calendarId,
      address,
      ...(typeof token === 'string' ? { token } : {}),
      expiration: asked > 0 ? Math.min(asked, longest) : longest,
      messageNumber: 0,
      stopped: false,
    };
    this.channels.set(id, channel);
    this.deliver(channel, 'sync');
    return {
      kind: 'api#channel',
      id,
      resourceId: channel.resourceId,
      resourceUri: `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
      ...(channel.token ? { token: channel.token } : {}),
      expiration: String(channel.expiration),
    };
  }

  stop(body: Record<string, unknown>): void {
    const channel = typeof body.id === 'string' ? this.channels.get(body.id) : undefined;
    if (!channel || channel.stopped || channel.resourceId !== body.resourceId) throw notFound();
    channel.stopped = true;
  }

  /** Live channels of a calendar. */
  liveChannels(calendarId?: string): Channel[] {
    return [...this.channels.values()].filter((c) => !c.stopped && c.expiration > Date.now() && (!calendarId || c.calendarId === calendarId));
  }

  /** Waits for every delivery in flight. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private deliver(channel: Channel, state: PushDelivery['state']): void {
    channel.messageNumber += 1;
    const headers: Record<string, string> = {
      'x-goog-channel-id': channel.id,
      'x-goog-channel-expiration': new Date(channel.expiration).toUTCString(),
      'x-goog-resource-id': channel.resourceId,
      'x-goog-resource-uri': `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(channel.calendarId)}/events?alt=json`,
      'x-goog-resource-state': state,
      'x-goog-message-number': String(channel.messageNumber),
      ...(channel.token ? { 'x-goog-channel-token': channel.token } : {}),
    };
    const delivery: PushDelivery = { channelId: channel.id, state, messageNumber: channel.messageNumber, headers };
    this.deliveries.push(delivery);
    // Google posts with no body for Calendar notifications.
    const sent = fetch(channel.address, { method: 'POST', headers, signal: AbortSignal.timeout(10_000) })
      .then(async (res) => {
        delivery.status = res.status;
        await res.arrayBuffer();
      })
      .catch(() => {
        delivery.status = 0;
      });
    this.inFlight.add(sent);
    void sent.finally(() => this.inFlight.delete(sent));
  }
}
