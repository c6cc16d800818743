import type { Client } from '../core/clients/types.js';
import type { ClientCalendar, ClientCalendars, ListEventsQuery } from '../core/calendars/ports.js';
import type { CalendarInfo } from '../core/events/types.js';
import type { FeedCalendarAccess, FeedCalendars } from '../core/feed/ports.js';
import { CalendarApiError, type CalendarApi } from './calendar-api.js';
import { explainGoogleError } from './errors.js';
import { sharedReads } from './shared-reads.js';
import { UserFacingError } from '../core/errors.js';

/** Where a client's access token comes from; the token manager is one. */
export interface TokenSource {
  /** A usable token; `rejected` is one Google just refused (401), to be refreshed once for all callers. */
  accessToken(teamId: string, clientId: string, opts?: { rejected?: string }): Promise<string>;
}

export interface ClientCalendarsDeps {
  api: CalendarApi;
  tokens: TokenSource;
  /** Bounds this process's calls in flight to Google, across all clients. */
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  /** Waits for a request slot on one Google connection (its account's quota and the project's). */
  throttle: (connectionKey: string) => Promise<void>;
  calendarCacheTtlMs: number;
  /** How long an events list Google answered is served again (0: only concurrent reads share a call). */
  eventsCacheTtlMs: number;
  now?: () => number;
  /** Told of each call Google (or the network) failed after retries, for the log. */
  onCallFailed?: (teamId: string, clientId: string, err: unknown) => void;
}

/** Event lists kept at once, across all connections: a bound on memory, the least recently used go first. */
const EVENTS_CACHE_ENTRIES = 1000;

type EventList = Awaited<ReturnType<ClientCalendar['listEvents']>>;

/** A reconnect to another Google account starts fresh cache entries. */
const connectionOf = (teamId: string, client: Client) => `${teamId}:${client.id}:${client.google.email}`;
/** The cached event lists of one calendar on one connection, dropped together. */
const eventsScope = (connection: string, calendarId: string) => JSON.stringify([connection, calendarId]);

const gone = (err: unknown) => err instanceof CalendarApiError && (err.status === 404 || err.status === 410);

/**
 * Each client's Google Calendar over the token-taking API: the token stays here, a 401 refreshes
 * it once and tries again, and Google's refusals come out worded for the user.
 */
export function googleClientCalendars(deps: ClientCalendarsDeps): ClientCalendars & FeedCalendars {
  const now = deps.now ?? Date.now;
  const { api } = deps;
  // The calendar list changes rarely and every agenda needs it: kept per connection.
  const calendarCache = new Map<string, { at: number; value: Promise<CalendarInfo[]> }>();
  // Agendas and digests read the same calendars over the same ranges at the same time: one Google
  // call serves them all. Scoped per connection and calendar, so an answer only ever goes to
  // callers of the connection that read it, and the app's own writes to a calendar drop it.
  const eventLists = sharedReads<EventList>({ ttlMs: deps.eventsCacheTtlMs, maxEntries: EVENTS_CACHE_ENTRIES, now });

  /** Google for one client: its token, a 401 retried once, refusals worded, reads within the quota. */
  function access(teamId: string, client: Client) {
    /** Runs `call` with a fresh access token; a 401 refreshes once and tries again. */
    async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
      const token = await deps.tokens.accessToken(teamId, client.id);
      try {
        return await call(token);
      } catch (err) {
        if (!(err instanceof CalendarApiError) || err.status !== 401) throw err;
        return call(await deps.tokens.accessToken(teamId, client.id, { rejected: token }));
      }
    }
    const google = async <T>(call: (token: string) => Promise<T>): Promise<T> => {
      try {
        return await withToken(call);
      } catch (err) {
        if (!(err instanceof UserFacingError)) deps.onCallFailed?.(teamId, client.id, err);
        throw explainGoogleError(err, client.name);
      }
    };
    // Calendar lists, event lists and free/busy, the reads an agenda or a free-time search fans
    // out over every client, wait for the global bound and the account's own rate; reads and
    // writes of single events, one user action each, do not (as before the port).
    const fanOut = <T>(call: (token: string) => Promise<T>): Promise<T> =>
      deps.limit(async () => {
        await deps.throttle(`${teamId}:${client.id}`);
        return google(call);
      });
    return { withToken, google, fanOut };
  }

  function calendarFor(teamId: string, client: Client): ClientCalendar {
    const { google, fanOut } = access(teamId, client);

    const connection = connectionOf(teamId, client);
    const scopeOf = (calendarId: string) => eventsScope(connection, calendarId);

    async function listCalendars(opts: { refresh?: boolean } = {}): Promise<CalendarInfo[]> {
      // A disconnected or broken connection answers at once, whatever is cached.
      if (client.google.state !== 'connected') await google((token) => Promise.resolve(token));
      const key = connection;
      const hit = calendarCache.get(key);
      if (hit && !opts.refresh && now() - hit.at < deps.calendarCacheTtlMs) return hit.value;
      const value = fanOut((token) => api.listCalendars(token));
      calendarCache.set(key, { at: now(), value });
      value.catch(() => calendarCache.delete(key));
      return value;
    }

    async function listEvents(query: ListEventsQuery): Promise<EventList> {
      const load = () => fanOut((token) => api.listEvents(token, query));
      // A broken connection is told as such, never answered from what it read before.
      if (client.google.state !== 'connected') return load();
      const { calendarId, timeMin, timeMax, maxResults, pageToken, all } = query;
      const key = JSON.stringify([connection, calendarId, timeMin.toISOString(), timeMax.toISOString(), maxResults ?? null, pageToken ?? null, all ?? false]);
      const { events, nextPageToken } = await eventLists.read(scopeOf(calendarId), key, load);
      // Each caller gets its own list: one caller sorting it must not reorder another's.
      return { events: [...events], nextPageToken };
    }

    /**
     * A write to a calendar drops its event lists before it goes (a read answered meanwhile may or
     * may not hold it) and again once Google has answered, before the caller hears of it: a read
     * after the write goes to Google. Also after a failure: the write may have happened.
     */
    async function writing<T>(calendarId: string, write: () => Promise<T>): Promise<T> {
      eventLists.invalidate(scopeOf(calendarId));
      try {
        return await write();
      } finally {
        eventLists.invalidate(scopeOf(calendarId));
      }
    }

    return {
      listCalendars,
      listEvents,
      // Never cached: an export reads what Google has now, page by page.
      listSeriesPage: (query) => fanOut((token) => api.listSeriesPage(token, query)),
      getEvent: (calendarId, eventId) => google((token) => api.getEvent(token, calendarId, eventId)),
      findEvent: (calendarId, eventId) =>
        google((token) =>
          api.getEvent(token, calendarId, eventId).catch((err: unknown) => {
            if (gone(err)) return null;
            throw err;
          }),
        ),
      listAllInstances: (calendarId, seriesId) => google((token) => api.listAllInstances(token, calendarId, seriesId)),
      listExceptions: (calendarId, seriesId, from) => google((token) => api.listExceptions(token, calendarId, seriesId, from)),
      insertEvent: (calendarId, id, input, notify) => writing(calendarId, () => google((token) => api.insertEvent(token, calendarId, id, input, notify))),
      insertIfAbsent: (calendarId, id, input, notify) => writing(calendarId, () => google((token) => api.insertIfAbsent(token, calendarId, id, input, notify))),
      patchEvent: (calendarId, eventId, patch, notify) => writing(calendarId, () => google((token) => api.patchEvent(token, calendarId, eventId, patch, notify))),
      copyEvent: (calendarId, sourceId, newId, changes, notify) =>
        writing(calendarId, () => google((token) => api.copyEvent(token, calendarId, sourceId, newId, changes, notify))),
      deleteEvent: (calendarId, eventId, notify) => writing(calendarId, () => google((token) => api.deleteEvent(token, calendarId, eventId, notify))),
      freeBusy: (query) => fanOut((token) => api.freeBusy(token, query)),
    };
  }

  function feedFor(teamId: string, client: Client): FeedCalendarAccess {
    const { google, fanOut, withToken } = access(teamId, client);
    const connection = connectionOf(teamId, client);
    return {
      // A sync is a read like an agenda's: within the account's and the project's rate.
      sync: (calendarId, syncToken) =>
        deps.limit(async () => {
          await deps.throttle(`${teamId}:${client.id}`);
          try {
            return await withToken((token) => api.syncEvents(token, calendarId, syncToken));
          } catch (err) {
            if (err instanceof CalendarApiError && err.status === 410) return null;
            throw explainGoogleError(err, client.name);
          }
        }),
      watch: (calendarId, channel) => fanOut((token) => api.watchEvents(token, calendarId, channel)),
      stop: (channel) => google((token) => api.stopChannel(token, channel)),
      changed: (calendarId) => eventLists.invalidate(eventsScope(connection, calendarId)),
    };
  }

  return { calendarFor, feedFor };
}
