import { beforeAll, describe, expect, it } from 'vitest';
import { CalendarApiError } from '../../src/google/calendar-api.js';
import { googleCalendarApi } from '../../src/google/calendar.js';
import { EMAIL, FAST, fake, token, api, newCalendar, eventsPath, until, kickoff, startFakeGoogleForFile } from './calendar-api-kit.js';

startFakeGoogleForFile();

describe('writing', () => {
  it('inserts with a client id; inserting the same id again returns the existing event', async () => {
    const cal = newCalendar();
    const first = await api.insertEvent(token, cal, 'kickoff01', kickoff, 'all');
    const second = await api.insertEvent(token, cal, 'kickoff01', kickoff, 'all');

    expect(first).toMatchObject({ id: 'kickoff01', title: 'Kickoff', description: null, location: 'Room 1', timeZone: 'Europe/Paris', meetLink: null });
    expect(first.attendees).toEqual([{ email: 'bob@example.com', displayName: null, responseStatus: 'needsAction' }]);
    expect(second).toEqual(first);
    expect(fake.events(cal)).toHaveLength(1);
    const requests = fake.requestsTo(eventsPath(cal));
    expect(requests.map((r) => [r.method, r.status])).toEqual([['POST', 200], ['POST', 409], ['GET', 200]]);
    // Nulls mean "not set" on insert, and no Meet means no conference request.
    expect(requests[0]!.body).toEqual({
      id: 'kickoff01',
      summary: 'Kickoff',
      location: 'Room 1',
      start: { dateTime: '2030-03-10T10:00:00+01:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2030-03-10T11:00:00+01:00', timeZone: 'Europe/Paris' },
      attendees: [{ email: 'bob@example.com' }],
      recurrence: [],
      reminders: { useDefault: true },
    });
    expect(requests[0]!.query).not.toHaveProperty('conferenceDataVersion');
  });

  it('retries an insert that hung before Google saw it: one event', async () => {
    const cal = newCalendar();
    fake.hang({ match: (r) => r.method === 'POST' && r.path === eventsPath(cal) });
    const event = await api.insertEvent(token, cal, 'hungpost1', kickoff, 'all');
    expect(event.id).toBe('hungpost1');
    expect(fake.requestsTo(eventsPath(cal)).map((r) => [r.method, r.status])).toEqual([['POST', undefined], ['POST', 200]]);
    expect(fake.events(cal)).toHaveLength(1);
  });

  it('retries an insert that Google carried out after the client timed out: the 409 yields the event, still one', async () => {
    const cal = newCalendar();
    const posts = () => fake.requestsTo(eventsPath(cal)).filter((r) => r.method === 'POST');
    // Google holds the first insert past the client's timeout; the fake still handles a request
    // whose client went away, so once released it creates the event while the client saw a timeout.
    const held = fake.hold((r) => r.method === 'POST' && r.path === eventsPath(cal));
    const slow = googleCalendarApi(fake.apiRoot, {
      ...FAST,
      // Retry only once Google has created the event, so the retry must meet the duplicate.
      sleep: async () => {
        held.release();
        await until(() => posts()[0]?.status !== undefined);
      },
    });
    const event = await slow.insertEvent(token, cal, 'lostrep01', kickoff, 'all');
    expect(event).toMatchObject({ id: 'lostrep01', title: 'Kickoff' });
    expect(posts().map((r) => r.status)).toEqual([200, 409]);
    expect(fake.events(cal)).toHaveLength(1);
  });

  it('inserts a recurring event with a Meet link and custom reminders', async () => {
    const cal = newCalendar();
    const event = await api.insertEvent(token, cal, 'series001', {
      ...kickoff,
      description: 'Agenda',
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
      meet: true,
      reminders: [{ method: 'popup', minutes: 10 }],
    }, 'all');
    expect(event).toMatchObject({ id: 'series001', description: 'Agenda', recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'] });
    expect(event.meetLink).toMatch(/^https:\/\/meet\.google\.com\//);
    const [post] = fake.requestsTo(eventsPath(cal));
    expect(post!.query.conferenceDataVersion).toBe('1');
    expect(post!.body).toMatchObject({ conferenceData: { createRequest: { requestId: 'meet-series001', conferenceSolutionKey: { type: 'hangoutsMeet' } } } });
    expect(fake.events(cal)[0]!.reminders).toEqual({ useDefault: false, overrides: [{ method: 'popup', minutes: 10 }] });
  });

  it('patches only the given fields: Meet, recurrence, reminders, clearing and all-day', async () => {
    const cal = newCalendar();
    await api.insertEvent(token, cal, 'patched01', kickoff, 'all');
    const path = `${eventsPath(cal)}/patched01`;

    const moved = await api.patchEvent(token, cal, 'patched01', {
      title: 'Kickoff (moved)',
      location: null,
      start: { dateTime: '2030-03-11T14:00:00+01:00' },
      end: { dateTime: '2030-03-11T15:00:00+01:00' },
      timeZone: 'Europe/Paris',
      attendees: ['carol@example.com'],
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2'],
      meet: true,
      reminders: [{ method: 'email', minutes: 60 }],
    }, 'all');
    expect(moved).toMatchObject({
      title: 'Kickoff (moved)',
      location: null,
      start: { dateTime: '2030-03-11T14:00:00+01:00' },
      attendees: [{ email: 'carol@example.com' }],
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2'],
    });
    expect(moved.meetLink).toMatch(/^https:\/\/meet\.google\.com\//);
    const [patch] = fake.requestsTo(path);
    expect(patch!.method).toBe('PATCH');
    expect(patch!.query.conferenceDataVersion).toBe('1');
    expect(Object.keys(patch!.body as object).sort()).toEqual(['attendees', 'conferenceData', 'end', 'location', 'recurrence', 'reminders', 'start', 'summary']);
    expect(fake.events(cal)[0]!.reminders).toEqual({ useDefault: false, overrides: [{ method: 'email', minutes: 60 }] });

    fake.reset();
    const single = await api.patchEvent(token, cal, 'patched01', { recurrence: null, reminders: null }, 'none');
    expect(single).toMatchObject({ title: 'Kickoff (moved)', recurrence: null, meetLink: moved.meetLink });
    expect(fake.requestsTo(path)[0]!.body).toEqual({ recurrence: [], reminders: { useDefault: true, overrides: null } });
    expect(fake.requestsTo(path)[0]!.query).not.toHaveProperty('conferenceDataVersion');
    expect(fake.events(cal)[0]!.reminders).toEqual({ useDefault: true });

    const allDay = await api.patchEvent(token, cal, 'patched01', { start: { date: '2030-03-12' }, end: { date: '2030-03-13' } }, 'none');
    expect(allDay).toMatchObject({ allDay: true, start: { date: '2030-03-12' }, end: { date: '2030-03-13' }, timeZone: null });
    expect(fake.events(cal)[0]!.start).toEqual({ date: '2030-03-12' });
  });

  it('an insert whose id was deleted since brings the event back as submitted, not a cancelled ghost', async () => {
    const cal = newCalendar();
    await api.insertEvent(token, cal, 'ghost0001', kickoff, 'all');
    await api.deleteEvent(token, cal, 'ghost0001', 'all');
    const again = await api.insertEvent(token, cal, 'ghost0001', { ...kickoff, title: 'Kickoff again' }, 'externalOnly');
    expect(again).toMatchObject({ id: 'ghost0001', status: 'confirmed', title: 'Kickoff again' });
    expect(fake.events(cal)).toEqual([expect.objectContaining({ id: 'ghost0001', status: 'confirmed', summary: 'Kickoff again' })]);
    const writes = fake.requestsTo(eventsPath(cal)).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => [r.method, r.status, r.query.sendUpdates])).toEqual([['POST', 200, 'all'], ['DELETE', 204, 'all'], ['POST', 409, 'externalOnly'], ['PATCH', 200, 'externalOnly']]);
  });

  it('deletes; deleting again or deleting what never existed is fine', async () => {
    const cal = newCalendar();
    await api.insertEvent(token, cal, 'doomed001', kickoff, 'all');
    await api.deleteEvent(token, cal, 'doomed001', 'all');
    await api.deleteEvent(token, cal, 'doomed001', 'all');
    await api.deleteEvent(token, cal, 'nevermade1', 'all');
    expect(fake.events(cal).map((e) => e.status)).toEqual(['cancelled']);
    const deletes = fake.requestsTo(eventsPath(cal)).filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.status)).toEqual([204, 410, 404]);
  });
});

describe('retries', () => {
  let cal: string;
  let path: string;
  beforeAll(() => {
    cal = newCalendar();
    path = `${eventsPath(cal)}/retried01`;
    fake.addEvent(EMAIL, cal, { id: 'retried01', summary: 'Retried', start: { date: '2030-03-02' }, end: { date: '2030-03-03' } });
  });

  it('waits for Retry-After on a 429', async () => {
    const sleeps: number[] = [];
    const recording = googleCalendarApi(fake.apiRoot, { ...FAST, sleep: async (ms) => void sleeps.push(ms) });
    fake.fail({ match: path, status: 429, retryAfter: 2 });
    expect((await recording.getEvent(token, cal, 'retried01')).title).toBe('Retried');
    expect(sleeps).toEqual([2000]);
    expect(fake.requestsTo(path).map((r) => r.status)).toEqual([429, 200]);
  });

  it.each([
    [403, 'rateLimitExceeded'],
    [403, 'userRateLimitExceeded'],
    [403, 'quotaExceeded'],
    [500, undefined],
    [502, undefined],
    [503, undefined],
  ] as const)('retries %i %s', async (status, reason) => {
    fake.fail({ match: path, status, ...(reason ? { reason } : {}), times: 2 });
    expect((await api.getEvent(token, cal, 'retried01')).title).toBe('Retried');
    expect(fake.requestsTo(path).map((r) => r.status)).toEqual([status, status, 200]);
  });

  it.each([
    [400, undefined],
    [401, undefined],
    [403, 'forbidden'],
    [403, 'insufficientPermissions'],
    [404, undefined],
    [409, undefined],
    [410, undefined],
  ] as const)('does not retry %i %s', async (status, reason) => {
    fake.fail({ match: path, status, ...(reason ? { reason } : {}) });
    const err = await api.getEvent(token, cal, 'retried01').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalendarApiError);
    expect(err).toMatchObject({ status, ...(reason ? { reason } : {}) });
    expect(fake.requestsTo(path)).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last answer', async () => {
    fake.fail({ match: path, status: 503, times: 10 });
    await expect(api.getEvent(token, cal, 'retried01')).rejects.toMatchObject({ status: 503, reason: 'backendError' });
    expect(fake.requestsTo(path)).toHaveLength(4);
  });

  it('retries a timed-out request, and gives up on one that never answers with the network error', async () => {
    fake.hang({ match: path });
    expect((await api.getEvent(token, cal, 'retried01')).title).toBe('Retried');
    expect(fake.requestsTo(path)).toHaveLength(2);

    fake.reset();
    fake.hang({ match: path, times: Infinity });
    const err = await api.getEvent(token, cal, 'retried01').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(CalendarApiError);
    expect(err).toBeInstanceOf(Error);
    expect(fake.requestsTo(path)).toHaveLength(4);
  });
});
