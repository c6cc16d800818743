/** Formats and limits Google enforces on ids, times and event content, and the fake's time horizons. */

export const CLIENT_EVENT_ID = /^[a-v0-9]{5,1024}$/;
export const INSTANCE_ID = /^(.+)_(\d{8}(?:T\d{6}Z)?)$/;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
export const AUTH_CODE_TTL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
/** How far open-ended recurring series are expanded when the query has no timeMax. */
export const OPEN_ENDED_HORIZON_MS = 366 * DAY_MS;
export const MAX_RECURRENCE_PERIODS = 100_000;
export const FREEBUSY_MAX_ITEMS = 50;
/** Google refuses longer freeBusy spans with 400 timeRangeTooLong (cal.com hit it past ~3 months). */
export const FREEBUSY_MAX_SPAN_MS = 90 * DAY_MS;
/**
 * Google documents no maximum for an event's summary; the fake refuses what is clearly
 * beyond anything real rather than accept a 100,000-character title Google may refuse.
 */
export const SUMMARY_MAX_CHARS = 1024;
/** What the fake takes for an attendee's address: one @, no spaces or brackets, a dotted domain. */
export const ATTENDEE_EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]+$/;
