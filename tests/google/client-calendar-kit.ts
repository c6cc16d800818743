import type { ClientCalendar } from '../../src/core/calendars/ports.js';
import type { Client } from '../../src/core/clients/types.js';
import { googleCalendarApi } from '../../src/google/calendar.js';
import { googleClientCalendars } from '../../src/google/client-calendar.js';
import type { FakeGoogle } from '../fakes/google.js';

/** A client's calendar as production builds it (the adapter over the real Calendar client), on the fake Google, with no caching or throttling in the way. */
export function adapterCalendar(fake: FakeGoogle, client: Client, token: string): ClientCalendar {
  return googleClientCalendars({
    api: googleCalendarApi(fake.apiRoot, { retry: { baseMs: 5, maxDelayMs: 20, jitterMs: 5 }, timeoutMs: 2000 }),
    tokens: { accessToken: async () => token },
    limit: (task) => task(),
    throttle: async () => {},
    calendarCacheTtlMs: 0,
    eventsCacheTtlMs: 0,
  }).calendarFor(client.teamId, client);
}
