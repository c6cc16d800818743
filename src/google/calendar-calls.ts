// Google Calendar v3 calls through the official client, one method and its parameters at a time:
// what the transport's thread runs (transport-thread.ts), or the calling thread when no thread
// can (transport.ts). Failures leave as CalendarApiError (Google answered) or the network error.
// The Calendar v3 client itself, not the package's index: the index also makes an AuthPlus (Google's
// whole auth library) at load, which these calls never use (each carries its own token).
import { calendar_v3 } from '@googleapis/calendar/build/v3.js';
import { CalendarApiError } from './calendar-api.js';
import { exchangePool, fetchOver } from './http-exchange.js';

/** Each method's parameters and answer, as the generated client types them. */
export interface CalendarMethods {
  'calendarList.list': { params: calendar_v3.Params$Resource$Calendarlist$List; data: calendar_v3.Schema$CalendarList };
  'events.list': { params: calendar_v3.Params$Resource$Events$List; data: calendar_v3.Schema$Events };
  'events.get': { params: calendar_v3.Params$Resource$Events$Get; data: calendar_v3.Schema$Event };
  'events.instances': { params: calendar_v3.Params$Resource$Events$Instances; data: calendar_v3.Schema$Events };
  'events.insert': { params: calendar_v3.Params$Resource$Events$Insert; data: calendar_v3.Schema$Event };
  'events.patch': { params: calendar_v3.Params$Resource$Events$Patch; data: calendar_v3.Schema$Event };
  'events.delete': { params: calendar_v3.Params$Resource$Events$Delete; data: void };
  'events.watch': { params: calendar_v3.Params$Resource$Events$Watch; data: calendar_v3.Schema$Channel };
  'freebusy.query': { params: calendar_v3.Params$Resource$Freebusy$Query; data: calendar_v3.Schema$FreeBusyResponse };
  'channels.stop': { params: calendar_v3.Params$Resource$Channels$Stop; data: void };
}

/** The Calendar API methods the app calls: also the `method` label of calstack_google_* metrics. */
export type GoogleMethod = keyof CalendarMethods;

/** One call: the method, its parameters (plain data: they may cross to another thread) and the token it carries. */
export type CalendarCall = <M extends GoogleMethod>(method: M, params: CalendarMethods[M]['params'], accessToken: string) => Promise<CalendarMethods[M]['data']>;

type Options = { fetchImplementation: typeof fetch; headers: { authorization: string } };
type Method<M extends GoogleMethod> = (api: calendar_v3.Calendar, params: CalendarMethods[M]['params'], options: Options) => Promise<{ data: CalendarMethods[M]['data'] }>;

const METHODS: { [M in GoogleMethod]: Method<M> } = {
  'calendarList.list': (api, params, options) => api.calendarList.list(params, options),
  'events.list': (api, params, options) => api.events.list(params, options),
  'events.get': (api, params, options) => api.events.get(params, options),
  'events.instances': (api, params, options) => api.events.instances(params, options),
  'events.insert': (api, params, options) => api.events.insert(params, options),
  'events.patch': (api, params, options) => api.events.patch(params, options),
  'events.delete': (api, params, options) => api.events.delete(params, options),
  'events.watch': (api, params, options) => api.events.watch(params, options),
  'freebusy.query': (api, params, options) => api.freebusy.query(params, options),
  'channels.stop': (api, params, options) => api.channels.stop(params, options),
};

/**
 * The calls, on one generated client without an auth client: each call carries its token in its
 * own header (an OAuth2Client and a Calendar per call cost more CPU than the request itself).
 * They go over one keep-alive pool, each attempt within `timeoutMs`. The library's own retries
 * stay off: the caller's know Google's rate-limit reasons and have a time budget.
 */
export function calendarCalls(rootUrl: string, timeoutMs: number): CalendarCall {
  const api = Object.freeze(new calendar_v3.Calendar({ rootUrl, retry: false }));
  const fetchImplementation = fetchOver(exchangePool(timeoutMs));
  return async (method, params, accessToken) => {
    const run = METHODS[method] as Method<typeof method>;
    try {
      return (await run(api, params, { fetchImplementation, headers: { authorization: `Bearer ${accessToken}` } })).data;
    } catch (err) {
      throw toApiError(err);
    }
  };
}

interface GoogleErrorShape {
  status?: number;
  response?: {
    status?: number;
    headers?: Record<string, string> | Headers;
    data?: { error?: { message?: string; errors?: { reason?: string; domain?: string }[] } };
  };
  message?: string;
}

function header(headers: Record<string, string> | Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  return (headers as Record<string, string>)[name];
}

/** Turns a gaxios error into a CalendarApiError the application understands; network errors pass through. */
export function toApiError(err: unknown): unknown {
  const e = err as GoogleErrorShape;
  const status = e.response?.status ?? e.status;
  if (typeof status !== 'number') return err;
  const body = e.response?.data?.error;
  const first = body?.errors?.[0];
  const retryAfter = Number(header(e.response?.headers, 'retry-after'));
  return new CalendarApiError(
    body?.message ?? e.message ?? `Google answered ${status}`,
    status,
    first?.reason,
    Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    first?.domain,
  );
}
