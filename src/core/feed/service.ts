import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor, Client } from '../clients/types.js';
import type { ClientService } from '../clients/service.js';
import type { ClientCalendars } from '../calendars/ports.js';
import { CoreError, refTo } from '../errors.js';
import type { Clock } from '../../shared/clock.js';
import { diffEvents, type SyncMode } from './diff.js';
import { groupChanges } from './group.js';
import type { Feed, FeedCalendars, FeedPoster, FeedQueue, FeedStore, WatchedCalendar } from './ports.js';
import type { FeedChange, FeedConflict, FeedDestination } from './types.js';
import type { Conflict, StackedEvent } from '../stack/conflicts.js';
import { BURST } from './group.js';
import type { ChannelRef } from './command.js';

/** A channel is renewed when it would end within this: the renewal pass runs every minute. */
export const RENEW_BEFORE_MS = 60 * 60_000;

export interface FeedServiceDeps {
  store: FeedStore;
  clients: Pick<ClientService, 'resolve' | 'list' | 'getInternal'>;
  google: ClientCalendars & FeedCalendars;
  poster: FeedPoster;
  queue: FeedQueue;
  clock: Clock;
  /** Push (events.watch to `notificationsUrl`) or polling every `pollSeconds`. */
  push: boolean;
  notificationsUrl: string;
  pollSeconds: number;
  onError: (err: unknown, where: Record<string, unknown>) => void;
  /** Seconds from a push notification's arrival to its notices posted. */
  onLag?: (seconds: number) => void;
  /** The stack's conflicts over a range, as `actor` sees their clients (the existing /calstack conflicts). */
  conflicts: (actor: Actor, q: { start: Date; end: Date; zone: string }) => Promise<{ conflicts: Conflict<StackedEvent>[] }>;
}

export type TurnOnResult =
  | { ok: true; client: Client; feed: Feed }
  | { ok: false; client: Client; problem: 'channel_unknown' | 'not_in_channel' };

/** What a push notification was. */
export type NotificationOutcome = 'queued' | 'ignored' | 'refused';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Compares hex digests of equal length without telling, by its timing, where they differ. */
function sameDigest(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')];
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export type FeedService = ReturnType<typeof createFeedService>;

export function createFeedService(deps: FeedServiceDeps) {
  const { store, clients, google, poster, queue, clock } = deps;

  async function turnOn(actor: Actor, ref: string, channelRef: ChannelRef | null): Promise<TurnOnResult> {
    const client = await clients.resolve(actor, ref);
    if (client.google.state !== 'connected') throw new CoreError(client.google.state === 'needs_reconnect' ? 'needs_reconnect' : 'not_connected', refTo(client));
    const channel = channelRef ? await poster.channel(channelRef) : null;
    if (channelRef && !channel?.member) return { ok: false, client, problem: channel ? 'not_in_channel' : 'channel_unknown' };
    const channelId = channel?.id ?? null;
    // The client's own calendars (owner): the ones whose changes are the client's news.
    const calendars = (await google.calendarFor(actor.teamId, client).listCalendars()).filter((c) => c.accessRole === 'owner');
    const destination: FeedDestination = channelId ? { kind: 'channel', channelId } : { kind: 'managers' };
    const feed = await store.enable(actor.teamId, client.id, destination, actor.userId, calendars.map((c) => ({ calendarId: c.id, name: c.name })));
    for (const calendar of feed.calendars) await queue.sync(actor.teamId, calendar.id);
    return { ok: true, client, feed };
  }

  async function turnOff(actor: Actor, ref: string): Promise<Client> {
    const client = await clients.resolve(actor, ref);
    await stopWatching(client, await store.disable(actor.teamId, client.id));
    return client;
  }

  /** Stops the calendars' push channels while the client's credentials still work (best effort). */
  async function stopWatching(client: Client, calendars: readonly WatchedCalendar[]): Promise<void> {
    const access = google.feedFor(client.teamId, client);
    for (const calendar of calendars) {
      if (!calendar.channel) continue;
      await access.stop(calendar.channel).catch((err: unknown) => deps.onError(err, { step: 'channels.stop', feedCalendarId: calendar.id }));
    }
  }

  /** Before the client's Google access goes (disconnect, removal): its feed stops watching and turns off. */
  async function clientLeaving(teamId: string, clientId: string): Promise<void> {
    const client = await clients.getInternal(teamId, clientId);
    if (!client) return;
    const feed = await store.feed(teamId, clientId);
    if (!feed?.enabled) return;
    await stopWatching(client, await store.disable(teamId, clientId));
  }

  /** The feeds of every client the actor may see. */
  async function status(actor: Actor): Promise<{ client: Client; feed: Feed | null }[]> {
    const visible = await clients.list(actor);
    const feeds = new Map((await store.feeds(actor.teamId)).map((f) => [f.clientId, f]));
    return visible.map((client) => ({ client, feed: feeds.get(client.id) ?? null }));
  }

  /**
   * One calendar's sync: read what changed, diff it against the snapshots, store the outcome
   * conditionally on the version read, and announce only if that store won. Two replicas running
   * the same sync both read, one stores and posts, the other finds the version moved and stays quiet.
   * True when it posted notices.
   */
  async function sync(teamId: string, feedCalendarId: string): Promise<boolean> {
    const watched = await store.watched(teamId, feedCalendarId);
    if (!watched?.feed.enabled) return false;
    const { feed, calendar } = watched;
    const client = await clients.getInternal(teamId, feed.clientId);
    if (client?.google.state !== 'connected') return false;
    const access = google.feedFor(teamId, client);
    if (deps.push) await ensureChannel(access, calendar);

    let mode: SyncMode = calendar.syncToken ? 'incremental' : calendar.lastSyncAt ? 'resync' : 'first';
    let page = await access.sync(calendar.calendarId, calendar.syncToken);
    if (!page) {
      // Google refused the token (410): read everything again, announcing only what differs.
      await store.dropToken(teamId, calendar.id);
      mode = 'resync';
      page = await access.sync(calendar.calendarId, null);
      if (!page) throw new Error('Google refused a full read without a sync token');
    }
    const known = await store.snapshots(teamId, calendar.id, mode === 'incremental' ? page.events.map((e) => e.id) : undefined);
    const diff = diffEvents(known, page.events, mode);
    const won = await store.commit(teamId, calendar.id, calendar.version, { syncToken: page.nextSyncToken, upserts: diff.upserts, removals: diff.removals, replaceAll: mode !== 'incremental' }, clock.now());
    if (!won) return false;
    if (page.events.length) access.changed(calendar.calendarId);
    if (!diff.changes.length) return false;
    const conflicts = await conflictsOf(client, diff.changes);
    await poster.post(
      { teamId, clientId: client.id, clientName: client.name, clientTimeZone: client.timeZone, managers: client.managers, destination: feed.destination, calendarId: calendar.calendarId, calendarName: calendar.calendarName },
      groupChanges(diff.changes, (change) => conflicts.get(change) ?? []),
    );
    return true;
  }

  /**
   * Other clients' events that a new, moved or invited event now overlaps, read like
   * `/calstack conflicts` over its time by the client's first manager (whose clients the notice's
   * readers look after). Only when the changes are told one by one; a failed read only loses them.
   */
  async function conflictsOf(client: Client, changes: readonly FeedChange[]): Promise<Map<FeedChange, FeedConflict[]>> {
    const found = new Map<FeedChange, FeedConflict[]>();
    const manager = client.managers[0];
    if (!manager || changes.length > BURST) return found;
    for (const change of changes) {
      if (change.kind !== 'created' && change.kind !== 'moved' && change.kind !== 'invitation') continue;
      const { start, end, allDay } = change.after;
      if (allDay || !start.dateTime || !end.dateTime) continue;
      const range = { start: new Date(start.dateTime), end: new Date(end.dateTime), zone: client.timeZone };
      if (!(range.end > range.start)) continue;
      try {
        const { conflicts } = await deps.conflicts({ teamId: client.teamId, userId: manager }, range);
        const ours = (item: StackedEvent) => item.clientId === client.id && item.event.id === change.eventId;
        const others = conflicts.flatMap((c) => (ours(c.a) ? [c.b] : ours(c.b) ? [c.a] : [])).filter((item) => item.clientId !== client.id);
        found.set(change, others.map((item) => ({ clientName: item.clientName, title: item.event.title, start: Date.parse(item.event.start.dateTime ?? ''), end: Date.parse(item.event.end.dateTime ?? '') })));
      } catch (err) {
        deps.onError(err, { step: 'feed conflicts', clientId: client.id });
      }
    }
    return found;
  }

  /** A sync job: the sync, then (when polling) the next one, whatever became of this one. */
  async function syncJob(teamId: string, feedCalendarId: string, heardAt?: Date): Promise<void> {
    try {
      const posted = await sync(teamId, feedCalendarId);
      // Lag is what a notification waited for its news; a sync that found nothing posted nothing.
      if (heardAt && posted) deps.onLag?.(Math.max(0, (Date.now() - heardAt.getTime()) / 1000));
    } catch (err) {
      deps.onError(err, { step: 'feed sync', teamId, feedCalendarId });
    } finally {
      if (!deps.push && (await store.watched(teamId, feedCalendarId))?.feed.enabled) await queue.sync(teamId, feedCalendarId, deps.pollSeconds);
    }
  }

  /** A channel for the calendar unless it has one that lasts beyond the renewal window; the old one is stopped. */
  async function ensureChannel(access: ReturnType<FeedCalendars['feedFor']>, calendar: WatchedCalendar): Promise<void> {
    if (calendar.channel && calendar.channel.expiresAt.getTime() - clock.now().getTime() > RENEW_BEFORE_MS) return;
    // The calendar's id in the channel's: a notification for a channel we lost track of still
    // names whose credentials can stop it.
    const id = `cs-${calendar.id}-${randomBytes(8).toString('hex')}`;
    const token = randomBytes(32).toString('base64url');
    const made = await access.watch(calendar.calendarId, { id, address: deps.notificationsUrl, token });
    await store.setChannel(calendar.teamId, calendar.id, { id, resourceId: made.resourceId, tokenHash: sha256(token), expiresAt: made.expiresAt });
    if (calendar.channel) await access.stop(calendar.channel).catch((err: unknown) => deps.onError(err, { step: 'channels.stop (renewed)', feedCalendarId: calendar.id }));
  }

  /** The renewal pass: a sync for each calendar whose channel is missing or ends soon (the sync makes a new one). */
  async function renewChannels(): Promise<void> {
    if (!deps.push) return;
    for (const calendar of await store.needingChannel(new Date(clock.now().getTime() + RENEW_BEFORE_MS))) await queue.sync(calendar.teamId, calendar.id);
  }

  /** Polling resumes at start: a sync for every watched calendar (deduplicated by the queue). */
  async function resume(): Promise<void> {
    for (const calendar of await store.allWatched()) await queue.sync(calendar.teamId, calendar.id);
  }

  /**
   * A push from Google. Only a channel we stored, with its token, queues a sync; the first
   * message of a channel (`sync`) only says it started. A channel we do not know is stopped
   * when its id names a calendar whose client we can still act for.
   */
  async function notification(headers: { channelId: string; token: string; state: string; resourceId: string }): Promise<NotificationOutcome> {
    const stored = await store.channel(headers.channelId);
    if (!stored) {
      // In the background: Google waits for no one, and a forged request must not make us wait on Google.
      if (headers.state !== 'sync') stopUnknown(headers.channelId, headers.resourceId).catch((err: unknown) => deps.onError(err, { step: 'channels.stop (unknown)', channelId: headers.channelId }));
      // A new channel's `sync` can arrive before we stored the channel: nothing to do either way.
      return headers.state === 'sync' ? 'ignored' : 'refused';
    }
    if (!sameDigest(stored.tokenHash, sha256(headers.token))) return 'refused';
    if (headers.state === 'sync') return 'ignored';
    await queue.sync(stored.teamId, stored.feedCalendarId, undefined, new Date());
    return 'queued';
  }

  async function stopUnknown(channelId: string, resourceId: string): Promise<void> {
    const feedCalendarId = /^cs-([a-z0-9]+)-[0-9a-f]+$/.exec(channelId)?.[1];
    const owner = feedCalendarId ? await store.owner(feedCalendarId) : null;
    const client = owner ? await clients.getInternal(owner.teamId, owner.clientId) : null;
    if (client?.google.state !== 'connected') return;
    await google.feedFor(client.teamId, client).stop({ id: channelId, resourceId }).catch((err: unknown) => deps.onError(err, { step: 'channels.stop (unknown)', channelId }));
  }

  return { turnOn, turnOff, status, sync, syncJob, renewChannels, resume, notification, clientLeaving, push: deps.push, pollSeconds: deps.pollSeconds };
}
