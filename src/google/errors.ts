import { CoreError, UserFacingError } from '../core/errors.js';
import { CalendarApiError } from './calendar-api.js';

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

/** Google's refusal of too many requests: 429, or a 403 whose reason or domain says rate or quota. */
export function isRateLimited(err: CalendarApiError): boolean {
  return err.status === 429 || (err.status === 403 && (RATE_LIMIT_REASONS.has(err.reason ?? '') || err.domain === 'usageLimits'));
}

/** Classifies a Google failure as a code the user can act on; the surfaces word it. */
export function explainGoogleError(err: unknown, clientName: string): UserFacingError {
  if (err instanceof UserFacingError) return err;
  if (err instanceof CalendarApiError) {
    if (isRateLimited(err) || err.status >= 500) return new CoreError('google_unavailable', {});
    if (err.status === 403 && err.reason === 'insufficientPermissions') return new CoreError('google_access_level', { clientName });
    if (err.status === 403 || err.status === 404) return new CoreError('google_no_access', { clientName });
    if (err.status === 410) return new CoreError('google_event_gone', {});
    // Google's own words say what it refused (e.g. "The requested time range is too long.").
    if (err.status === 400) return new CoreError('google_refused', { clientName, reason: err.message });
  }
  return new CoreError('google_unreachable', {});
}
