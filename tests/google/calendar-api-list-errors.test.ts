// events.list, the read an agenda fans out over every client: Google's refusals, timeouts and
// retries must come out of the shared client and agent as from every other call.
import { describe, expect, it } from 'vitest';
import { CalendarApiError } from '../../src/google/calendar-api.js';
import { googleCalendarApi } from '../../src/google/calendar.js';
import { EMAIL, FAST, WINDOW, fake, token, api, newCalendar, eventsPath, startFakeGoogleForFile } from './calendar-api-kit.js';

startFakeGoogleForFile();

const refusal = (call: Promise<unknown>) => call.then(() => expect.fail('expected a refusal'), (err: unknown) => err);

describe('listing events', () => {
  it('retries a rate limit with its Retry-After, then returns the events', async () => {
    const cal = newCalendar();
    fake.addEvent(EMAIL, cal, { id: 'rate00001', summary: 'After the wait', start: { dateTime: '2030-03-02T10:00:00Z' }, end: { dateTime: '2030-03-02T11:00:00Z' } });
    fake.fail({ match: eventsPath(cal), status: 429, reason: 'rateLimitExceeded', retryAfter: 0, times: 1 });
    const { events } = await api.listEvents(token, { calendarId: cal, ...WINDOW });
    expect(events.map((e) => e.title)).toEqual(['After the wait']);
    expect(fake.requestsTo(eventsPath(cal)).map((r) => r.status)).toEqual([429, 200]);
  });

  it('words a refusal that will not change as Google said it, asked once', async () => {
    const err = await refusal(api.listEvents(token, { calendarId: 'nobody@group.calendar.google.com', ...WINDOW }));
    expect(err).toBeInstanceOf(CalendarApiError);
    expect(err).toMatchObject({ status: 404, reason: 'notFound' });
    expect(fake.requestsTo(eventsPath('nobody@group.calendar.google.com'))).toHaveLength(1);
  });

  it('gives a rejected token back as a 401 for the caller to refresh, and sends the token it was given', async () => {
    const cal = newCalendar();
    const err = await refusal(api.listEvents('not-a-token', { calendarId: cal, ...WINDOW }));
    expect(err).toMatchObject({ status: 401 });
    expect(fake.requestsTo(eventsPath(cal))).toHaveLength(1);
  });

  it('carries Retry-After and the reason of a refusal it gave up on', async () => {
    const cal = newCalendar();
    fake.fail({ match: eventsPath(cal), status: 403, reason: 'userRateLimitExceeded', retryAfter: 600, times: 5 });
    const err = await refusal(api.listEvents(token, { calendarId: cal, ...WINDOW }));
    expect(err).toMatchObject({ status: 403, reason: 'userRateLimitExceeded', domain: 'usageLimits', retryAfterMs: 600_000 });
  });

  it('times out a request Google never answers and tries again', async () => {
    const cal = newCalendar();
    fake.addEvent(EMAIL, cal, { id: 'hung00001', summary: 'Second try', start: { dateTime: '2030-03-02T10:00:00Z' }, end: { dateTime: '2030-03-02T11:00:00Z' } });
    fake.hang({ match: eventsPath(cal), times: 1 });
    const quick = googleCalendarApi(fake.apiRoot, { ...FAST, timeoutMs: 200 });
    const { events } = await quick.listEvents(token, { calendarId: cal, ...WINDOW });
    expect(events.map((e) => e.title)).toEqual(['Second try']);
    expect(fake.requestsTo(eventsPath(cal))).toHaveLength(2);
  });
});
