import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import { CalendarApiError, type CalendarApi } from '../core/calendars/ports.js';
import type { CalendarInfo } from '../core/events/types.js';

interface GoogleErrorShape {
  status?: number;
  response?: { status?: number; headers?: Record<string, string> | Headers; data?: { error?: { message?: string; errors?: { reason?: string }[] } } };
  message?: string;
}

function header(headers: Record<string, string> | Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  return (headers as Record<string, string>)[name];
}

/** Turns a gaxios error into a CalendarApiError the application understands. */
export function toApiError(err: unknown): unknown {
  const e = err as GoogleErrorShape;
  const status = e.response?.status ?? e.status;
  if (typeof status !== 'number') return err;
  const body = e.response?.data?.error;
  const retryAfter = Number(header(e.response?.headers, 'retry-after'));
  return new CalendarApiError(body?.message ?? e.message ?? `Google answered ${status}`, status, body?.errors?.[0]?.reason, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
}

const LIST_FIELDS = 'nextPageToken,items(id,summary,summaryOverride,primary,accessRole,timeZone)';

/** Google Calendar v3 through the official client, pointed at the configured API root. */
export function googleCalendarApi(rootUrl: string): CalendarApi {
  const client = (accessToken: string): calendar_v3.Calendar => {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: accessToken });
    return calendar({ version: 'v3', auth, rootUrl, retry: false });
  };
  return {
    async listCalendars(accessToken) {
      const api = client(accessToken);
      const out: CalendarInfo[] = [];
      let pageToken: string | undefined;
      try {
        do {
          const res = await api.calendarList.list({ maxResults: 250, fields: LIST_FIELDS, ...(pageToken ? { pageToken } : {}) });
          for (const c of res.data.items ?? []) {
            out.push({
              id: c.id!,
              name: c.summaryOverride ?? c.summary ?? c.id!,
              primary: Boolean(c.primary),
              accessRole: (c.accessRole ?? 'reader') as CalendarInfo['accessRole'],
              timeZone: c.timeZone ?? null,
            });
          }
          pageToken = res.data.nextPageToken ?? undefined;
        } while (pageToken);
      } catch (err) {
        throw toApiError(err);
      }
      return out.sort((a, b) => Number(b.primary) - Number(a.primary) || a.name.localeCompare(b.name));
    },
  };
}
