import type { Actor, Client } from '../clients/types.js';
import type { ClientService } from '../clients/service.js';
import type { TokenManager } from '../connections/tokens.js';
import { CoreError, UserFacingError } from '../errors.js';
import type { CalendarInfo } from '../events/types.js';
import { CalendarApiError, type CalendarApi } from './ports.js';

export interface CalendarServiceDeps {
  clients: ClientService;
  tokens: TokenManager;
  api: CalendarApi;
  cacheTtlMs: number;
  now?: () => number;
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

/** Classifies a Google failure as a code the user can act on; the surfaces word it. */
export function explainGoogleError(err: unknown, clientName: string): UserFacingError {
  if (err instanceof UserFacingError) return err;
  if (err instanceof CalendarApiError) {
    const rateLimited = err.status === 429 || (err.status === 403 && (RATE_LIMIT_REASONS.has(err.reason ?? '') || err.domain === 'usageLimits'));
    if (rateLimited || err.status >= 500) return new CoreError('google_unavailable', {});
    if (err.status === 403 && err.reason === 'insufficientPermissions') return new CoreError('google_access_level', { clientName });
    if (err.status === 403 || err.status === 404) return new CoreError('google_no_access', { clientName });
    if (err.status === 410) return new CoreError('google_event_gone', {});
    // Google's own words say what it refused (e.g. "The requested time range is too long.").
    if (err.status === 400) return new CoreError('google_refused', { clientName, reason: err.message });
  }
  return new CoreError('google_unreachable', {});
}

export type CalendarService = ReturnType<typeof createCalendarService>;

export function createCalendarService(deps: CalendarServiceDeps) {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { at: number; value: Promise<CalendarInfo[]> }>();

  /** Runs `call` with a fresh access token; a 401 refreshes once and tries again. */
  async function withToken<T>(teamId: string, clientId: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await deps.tokens.accessToken(teamId, clientId);
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof CalendarApiError) || err.status !== 401) throw err;
      return call(await deps.tokens.accessToken(teamId, clientId, { rejected: token }));
    }
  }

  /** A client's calendars, cached per connection; the caller has already checked access to `client`. */
  async function calendarsOf(teamId: string, client: Client, opts: { refresh?: boolean } = {}): Promise<CalendarInfo[]> {
    // A disconnected or broken connection answers at once, whatever is cached;
    // a reconnect to another Google account starts a fresh cache entry.
    if (client.google.state !== 'connected') await deps.tokens.accessToken(teamId, client.id);
    const key = `${teamId}:${client.id}:${client.google.email}`;
    const hit = cache.get(key);
    if (hit && !opts.refresh && now() - hit.at < deps.cacheTtlMs) return hit.value;
    const value = withToken(teamId, client.id, (token) => deps.api.listCalendars(token));
    cache.set(key, { at: now(), value });
    value.catch(() => cache.delete(key));
    try {
      return await value;
    } catch (err) {
      throw explainGoogleError(err, client.name);
    }
  }

  async function calendars(actor: Actor, clientId: string, opts: { refresh?: boolean } = {}) {
    const client = await deps.clients.get(actor, clientId);
    return { client, calendars: await calendarsOf(actor.teamId, client, opts) };
  }

  return { calendars, calendarsOf, withToken };
}
