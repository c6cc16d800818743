import type { CalendarInfo } from '../events/types.js';

/** Google Calendar behind an access token. Errors are GoogleApiError (see google/errors.ts) or network errors. */
export interface CalendarApi {
  listCalendars(accessToken: string): Promise<CalendarInfo[]>;
}

/** A Google answer the app understands; `status` is the HTTP status, `reason` Google's error reason. */
export class CalendarApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | undefined,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CalendarApiError';
  }
}
