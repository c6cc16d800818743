import { UserFacingError } from '../core/errors.js';
import { CalendarApiError } from './calendar-api.js';

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

/** Explains a Google failure: what happened and what to do. */
export function explainGoogleError(err: unknown, clientName: string): UserFacingError {
  if (err instanceof UserFacingError) return err;
  if (err instanceof CalendarApiError) {
    const rateLimited = err.status === 429 || (err.status === 403 && (RATE_LIMIT_REASONS.has(err.reason ?? '') || err.domain === 'usageLimits'));
    if (rateLimited || err.status >= 500) {
      return new UserFacingError('Google is busy or unavailable right now, so nothing was changed.', 'Please try again in a minute.');
    }
    if (err.status === 403 && err.reason === 'insufficientPermissions') {
      return new UserFacingError(`${clientName}\u2019s Google connection doesn\u2019t allow this.`, 'Reconnect with a higher access level (`/calstack client google <client>`).');
    }
    if (err.status === 403 || err.status === 404) {
      return new UserFacingError(`Google says ${clientName}\u2019s account can\u2019t access that calendar or event.`, 'Ask the calendar\u2019s owner to share it with this account, or pick another calendar.');
    }
    if (err.status === 410) return new UserFacingError('That event no longer exists at Google.', 'Refresh the list to see the current events.');
    // Google's own words say what it refused (e.g. "The requested time range is too long.").
    if (err.status === 400) return new UserFacingError(`Google refused the request for ${clientName}: ${err.message}`);
  }
  return new UserFacingError('Google could not be reached, so nothing was changed.', 'Please try again in a minute.');
}
