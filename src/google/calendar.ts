import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Notify } from '../core/calendars/ports.js';
import { CalendarApiError, type CalendarApi } from './calendar-api.js';
import type { CalendarEvent, CalendarInfo, Interval } from '../core/events/types.js';
import { copyOf, EVENT_FIELDS, EVENT_LIST_FIELDS, fromGoogleEvent, fromGoogleSeriesEvent, SERIES_LIST_FIELDS, toGoogleEvent } from './event-mapping.js';
import { withRetry, type RetryDeps, type RetryPolicy } from './retry.js';
import { isRateLimited } from './errors.js';
import type { GoogleOutcome, Metrics } from '../core/metrics.js';
import { googleCalls } from './transport.js';
import type { CalendarMethods, GoogleMethod } from './calendar-calls.js';

export interface GoogleCalendarApiOptions {
  /** Where each call's method, outcome and duration are counted. */
  metrics?: Pick<Metrics, 'googleCalls' | 'googleCallSeconds'>;
  retry?: Partial<RetryPolicy>;
  /** Per request, each attempt on its own (default 10 s). */
  timeoutMs?: number;
  sleep?: RetryDeps['sleep'];
  random?: RetryDeps['random'];
  now?: RetryDeps['now'];
}

const SYNC_FIELDS = `nextPageToken,nextSyncToken,items(${EVENT_FIELDS})`;
const LIST_FIELDS = 'nextPageToken,items(id,summary,summaryOverride,primary,accessRole,timeZone)';
/** Google rejects freeBusy queries over more calendars than this. */
const FREEBUSY_BATCH = 50;
/** Google rejects freeBusy spans longer than this ("The requested time range is too long."). */
const FREEBUSY_MAX_SPAN_MS = 90 * 86_400_000;

/** [start, end) cut into consecutive windows of at most `max` ms. */
function windows(start: number, end: number, max: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let from = start; from < end; from += max) out.push({ start: from, end: Math.min(from + max, end) });
  return out;
}

/** How a call that failed after our retries is counted. */
function outcomeOf(err: unknown): GoogleOutcome {
  if (!(err instanceof CalendarApiError)) return 'failed';
  if (isRateLimited(err)) return 'rate_limited';
  if (err.status === 401) return 'unauthorized';
  if (err.status === 403) return 'forbidden';
  if (err.status === 404 || err.status === 410) return 'not_found';
  if (err.status === 409) return 'conflict';
  return 'failed';
}

/** Google Calendar v3 through the official client (on the transport's thread), pointed at the configured API root. */
export function googleCalendarApi(rootUrl: string, opts: GoogleCalendarApiOptions = {}): CalendarApi {
  const deps: RetryDeps = { sleep: opts.sleep ?? ((ms) => delay(ms)), random: opts.random ?? Math.random, now: opts.now ?? Date.now };
  // One thread, with one keep-alive pool, for every call: a burst finds the last burst's
  // connections open (each new one is a TLS handshake towards Google).
  const calls = googleCalls({ rootUrl, timeoutMs: opts.timeoutMs ?? 10_000 });
  /** One API call with our retries, counted by method; every attempt fails as a CalendarApiError or the network error. */
  const call = async <M extends GoogleMethod>(accessToken: string, method: M, params: CalendarMethods[M]['params']): Promise<CalendarMethods[M]['data']> => {
    const started = performance.now();
    let attempts = 0;
    let outcome: GoogleOutcome = 'ok';
    try {
      return await withRetry(
        (attempt) => {
          attempts = attempt;
          return calls(method, params, accessToken);
        },
        opts.retry ?? {},
        deps,
      );
    } catch (err) {
      outcome = outcomeOf(err);
      throw err;
    } finally {
      if (outcome === 'ok' && attempts > 1) outcome = 'retried';
      opts.metrics?.googleCalls.inc({ method, outcome });
      opts.metrics?.googleCallSeconds.observe({ method }, (performance.now() - started) / 1000);
    }
  };

  const getEvent = async (accessToken: string, calendarId: string, eventId: string): Promise<CalendarEvent> =>
    fromGoogleEvent(calendarId, await call(accessToken, 'events.get', { calendarId, eventId, fields: EVENT_FIELDS }));

  const patch = async (accessToken: string, calendarId: string, eventId: string, changes: Parameters<CalendarApi['patchEvent']>[3], notify: Notify): Promise<CalendarEvent> => {
    const { body, conference } = toGoogleEvent(eventId, changes, 'patch');
    // conferenceDataVersion only when conferencing changes: without it Google leaves the conference alone.
    const params = { calendarId, eventId, requestBody: body, fields: EVENT_FIELDS, sendUpdates: notify, ...(conference ? { conferenceDataVersion: 1 } : {}) };
    return fromGoogleEvent(calendarId, await call(accessToken, 'events.patch', params));
  };

  /** events.insert with the caller's id; a taken id fails with 409. */
  const insert = async (accessToken: string, calendarId: string, id: string, input: Parameters<CalendarApi['insertEvent']>[3], notify: Notify): Promise<CalendarEvent> => {
    const { body, conference } = toGoogleEvent(id, input, 'insert');
    const params = { calendarId, requestBody: { ...body, id }, fields: EVENT_FIELDS, sendUpdates: notify, ...(conference ? { conferenceDataVersion: 1 } : {}) };
    return fromGoogleEvent(calendarId, await call(accessToken, 'events.insert', params));
  };

  return {
    async listCalendars(accessToken) {
      const out: CalendarInfo[] = [];
      let pageToken: string | undefined;
      do {
        const data = await call(accessToken, 'calendarList.list', { maxResults: 250, fields: LIST_FIELDS, pageToken });
        for (const c of data.items ?? []) {
          if (!c.id) continue;
          out.push({
            id: c.id,
            name: c.summaryOverride ?? c.summary ?? c.id,
            primary: Boolean(c.primary),
            accessRole: (c.accessRole ?? 'reader') as CalendarInfo['accessRole'],
            timeZone: c.timeZone ?? null,
          });
        }
        pageToken = data.nextPageToken ?? undefined;
      } while (pageToken);
      return out.sort((a, b) => Number(b.primary) - Number(a.primary) || a.name.localeCompare(b.name));
    },

    async listEvents(accessToken, query) {
      const events: CalendarEvent[] = [];
      let pageToken = query.pageToken;
      do {
        const params = {
          calendarId: query.calendarId,
          singleEvents: true,
          orderBy: 'startTime',
          timeMin: query.timeMin.toISOString(),
          timeMax: query.timeMax.toISOString(),
          maxResults: query.maxResults ?? 250,
          pageToken,
          fields: EVENT_LIST_FIELDS,
        };
        const data = await call(accessToken, 'events.list', params);
        events.push(...(data.items ?? []).map((e) => fromGoogleEvent(query.calendarId, e)));
        pageToken = data.nextPageToken ?? undefined;
      } while (query.all && pageToken);
      return { events, nextPageToken: pageToken ?? null };
    },

    async listSeriesPage(accessToken, query) {
      // singleEvents=false: series come as their masters and exceptions as events of their own.
      // Without showDeleted Google still lists a series' cancelled occurrences (and only those of
      // the cancelled events); no orderBy, which Google refuses without singleEvents.
      const params = {
        calendarId: query.calendarId,
        singleEvents: false,
        timeMin: query.timeMin.toISOString(),
        timeMax: query.timeMax.toISOString(),
        maxResults: 2500,
        pageToken: query.pageToken,
        fields: SERIES_LIST_FIELDS,
      };
      const data = await call(accessToken, 'events.list', params);
      return {
        events: (data.items ?? []).map((e) => fromGoogleSeriesEvent(query.calendarId, e)),
        nextPageToken: data.nextPageToken ?? null,
        timeZone: data.timeZone ?? null,
      };
    },

    getEvent,

    async listAllInstances(accessToken, calendarId, seriesId) {
      const out: CalendarEvent[] = [];
      let pageToken: string | undefined;
      do {
        const params = { calendarId, eventId: seriesId, showDeleted: true, maxResults: 2500, pageToken, fields: EVENT_LIST_FIELDS };
        const data = await call(accessToken, 'events.instances', params);
        out.push(...(data.items ?? []).map((e) => fromGoogleEvent(calendarId, e)));
        pageToken = data.nextPageToken ?? undefined;
      } while (pageToken);
      return out;
    },

    async listExceptions(accessToken, calendarId, seriesId, from) {
      const out: CalendarEvent[] = [];
      let pageToken: string | undefined;
      // Without singleEvents Google lists a series' exceptions as events of their own (with
      // recurringEventId), and showDeleted adds the cancelled occurrences.
      do {
        const params = { calendarId, singleEvents: false, showDeleted: true, timeMin: from.toISOString(), maxResults: 2500, pageToken, fields: EVENT_LIST_FIELDS };
        const data = await call(accessToken, 'events.list', params);
        out.push(...(data.items ?? []).filter((e) => e.recurringEventId === seriesId).map((e) => fromGoogleEvent(calendarId, e)));
        pageToken = data.nextPageToken ?? undefined;
      } while (pageToken);
      return out;
    },

    async insertIfAbsent(accessToken, calendarId, id, input, notify) {
      try {
        return await insert(accessToken, calendarId, id, input, notify);
      } catch (err) {
        if (err instanceof CalendarApiError && err.status === 409) return null;
        throw err;
      }
    },

    async insertEvent(accessToken, calendarId, id, input, notify) {
      try {
        return await insert(accessToken, calendarId, id, input, notify);
      } catch (err) {
        if (!(err instanceof CalendarApiError && err.status === 409)) throw err;
        // The id already exists: an earlier call, or an attempt whose answer was lost, created it.
        const existing = await getEvent(accessToken, calendarId, id);
        if (existing.status !== 'cancelled') return existing;
        // Deleted since: Google keeps a deleted event's id, so bring it back as submitted rather than report a ghost.
        return patch(accessToken, calendarId, id, { ...input, status: 'confirmed' }, notify);
      }
    },

    patchEvent: patch,

    async copyEvent(accessToken, calendarId, sourceId, newId, changes, notify) {
      // The whole event (no `fields`): a copy must carry what the app never shows.
      const source = await call(accessToken, 'events.get', { calendarId, eventId: sourceId });
      const params = { calendarId, requestBody: copyOf(source, newId, changes), fields: EVENT_FIELDS, sendUpdates: notify, conferenceDataVersion: 1, supportsAttachments: true };
      try {
        return fromGoogleEvent(calendarId, await call(accessToken, 'events.insert', params));
      } catch (err) {
        if (!(err instanceof CalendarApiError && err.status === 409)) throw err;
        return getEvent(accessToken, calendarId, newId);
      }
    },

    async deleteEvent(accessToken, calendarId, eventId, notify) {
      try {
        await call(accessToken, 'events.delete', { calendarId, eventId, sendUpdates: notify });
      } catch (err) {
        // A retry after a lost answer also lands here, as 410.
        if (err instanceof CalendarApiError && (err.status === 404 || err.status === 410)) return;
        throw err;
      }
    },

    async syncEvents(accessToken, calendarId, syncToken) {
      const events: CalendarEvent[] = [];
      let pageToken: string | undefined;
      // The same parameters for the full read and every sync after it (Google: anything else is
      // undefined behaviour); deleted events come with a token anyway, and showDeleted may not be false.
      for (;;) {
        const params = { calendarId, singleEvents: true, showDeleted: true, maxResults: 2500, pageToken, fields: SYNC_FIELDS, ...(syncToken ? { syncToken } : {}) };
        const data = await call(accessToken, 'events.list', params);
        events.push(...(data.items ?? []).map((e) => fromGoogleEvent(calendarId, e)));
        pageToken = data.nextPageToken ?? undefined;
        if (pageToken) continue;
        if (!data.nextSyncToken) throw new CalendarApiError('Google gave no sync token', 502, 'noSyncToken');
        return { events, nextSyncToken: data.nextSyncToken };
      }
    },

    async watchEvents(accessToken, calendarId, channel) {
      const data = await call(accessToken, 'events.watch', { calendarId, requestBody: { id: channel.id, type: 'web_hook', address: channel.address, token: channel.token } });
      return { resourceId: data.resourceId ?? '', expiresAt: new Date(Number(data.expiration ?? 0)) };
    },

    async stopChannel(accessToken, channel) {
      try {
        await call(accessToken, 'channels.stop', { requestBody: { id: channel.id, resourceId: channel.resourceId } });
      } catch (err) {
        if (err instanceof CalendarApiError && err.status === 404) return;
        throw err;
      }
    },

    async freeBusy(accessToken, { timeMin, timeMax, calendarIds }) {
      const ids = [...new Set(calendarIds)];
      const batches: string[][] = [];
      for (let i = 0; i < ids.length; i += FREEBUSY_BATCH) batches.push(ids.slice(i, i + FREEBUSY_BATCH));
      // Every window times every batch: Google answers each within its limits, and we join them.
      const spans = windows(timeMin.getTime(), timeMax.getTime(), FREEBUSY_MAX_SPAN_MS);
      const requests = spans.flatMap((w) => batches.map((batch) => ({ ...w, batch })));
      const answers = await Promise.all(
        requests.map(({ start, end, batch }) =>
          call(accessToken, 'freebusy.query', {
            fields: 'calendars',
            requestBody: { timeMin: new Date(start).toISOString(), timeMax: new Date(end).toISOString(), items: batch.map((id) => ({ id })) },
          }),
        ),
      );
      const busy = new Map<string, Interval[]>();
      const answered = new Map<string, number>();
      for (const [id, cal] of answers.flatMap((a) => Object.entries(a.calendars ?? {}))) {
        if (cal.errors?.length) continue;
        answered.set(id, (answered.get(id) ?? 0) + 1);
        const intervals = (cal.busy ?? []).map((b) => ({ start: Date.parse(b.start ?? ''), end: Date.parse(b.end ?? '') }));
        busy.set(id, [...(busy.get(id) ?? []), ...intervals]);
      }
      // A calendar Google could not read in every window is left out rather than shown as free.
      return Object.fromEntries([...busy].filter(([id]) => answered.get(id) === spans.length));
    },
  };
}
