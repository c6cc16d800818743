import { describe, expect, it } from 'vitest';
import { EMAIL, FAST, WINDOW, fake, token, api, newCalendar, eventsPath, startFakeGoogleForFile } from '../google/calendar-api-kit.js';
import { googleCalendarApi } from '../../src/google/calendar.js';

startFakeGoogleForFile();

const TZ = 'Europe/Paris';

/** A daily series of five in March 2030, its 3rd occurrence moved and its 4th cancelled through the API, as a user would. */
async function seriesWithExceptions(cal: string) {
  fake.addEvent(EMAIL, cal, {
    id: 'standup01',
    summary: 'Standup',
    start: { dateTime: '2030-03-01T08:30:00', timeZone: TZ },
    end: { dateTime: '2030-03-01T08:45:00', timeZone: TZ },
    recurrence: ['RRULE:FREQ=DAILY;COUNT=5'],
    attendees: [{ email: 'bob@example.com', responseStatus: 'accepted' }],
  });
  await api.patchEvent(token, cal, 'standup01_20300303T073000Z', { title: 'Standup (late)', start: { dateTime: '2030-03-03T10:00:00+01:00' }, end: { dateTime: '2030-03-03T10:15:00+01:00' }, timeZone: TZ }, 'none');
  await api.deleteEvent(token, cal, 'standup01_20300304T073000Z', 'none');
}

describe('reading a calendar as series (export)', () => {
  it('gives the master with its rule, the moved and the cancelled occurrence as exceptions, all under the series iCalUID', async () => {
    const cal = newCalendar();
    await seriesWithExceptions(cal);
    fake.addEvent(EMAIL, cal, { id: 'vacation1', summary: 'Holiday', start: { date: '2030-03-05' }, end: { date: '2030-03-07' } });
    fake.addEvent(EMAIL, cal, { id: 'invite001', summary: 'Their meeting', organizer: { email: 'boss@example.com', displayName: 'Boss' }, start: { dateTime: '2030-03-06T10:00:00Z' }, end: { dateTime: '2030-03-06T11:00:00Z' } });

    const page = await api.listSeriesPage(token, { calendarId: cal, ...WINDOW });

    expect(page.nextPageToken).toBeNull();
    expect(page.timeZone).toBe(TZ);
    const byId = new Map(page.events.map((e) => [e.id, e]));
    expect([...byId.keys()].sort()).toEqual(['invite001', 'standup01', 'standup01_20300303T073000Z', 'standup01_20300304T073000Z', 'vacation1']);
    const master = byId.get('standup01')!;
    expect(master).toMatchObject({ recurrence: ['RRULE:FREQ=DAILY;COUNT=5'], iCalUID: 'standup01@google.com', timeZone: TZ, recurringEventId: null });
    // The calendar's own event has no organizer to export (imported elsewhere it would invite the
    // owner to their own events); an invitation keeps who sent it.
    expect(master.organizer).toBeNull();
    expect(byId.get('invite001')?.organizer).toEqual({ email: 'boss@example.com', displayName: 'Boss' });
    expect(byId.get('standup01_20300303T073000Z')).toMatchObject({
      title: 'Standup (late)',
      recurringEventId: 'standup01',
      originalStart: { dateTime: '2030-03-03T08:30:00+01:00' },
      iCalUID: 'standup01@google.com',
      status: 'confirmed',
    });
    // Google guarantees a cancelled exception only its id, series and original start.
    const cancelled = byId.get('standup01_20300304T073000Z')!;
    expect(cancelled).toMatchObject({ status: 'cancelled', recurringEventId: 'standup01', originalStart: { dateTime: '2030-03-04T08:30:00+01:00' } });
    expect(cancelled.title).toBe('');
    expect(byId.get('vacation1')).toMatchObject({ allDay: true, start: { date: '2030-03-05' }, end: { date: '2030-03-07' }, recurrence: null });
  });

  it('asks Google without singleEvents or orderBy, and leaves deleted single events out', async () => {
    const cal = newCalendar();
    fake.addEvent(EMAIL, cal, { id: 'gone00001', summary: 'Gone', start: { dateTime: '2030-03-02T09:00:00Z' }, end: { dateTime: '2030-03-02T10:00:00Z' } });
    await api.deleteEvent(token, cal, 'gone00001', 'none');

    const page = await api.listSeriesPage(token, { calendarId: cal, ...WINDOW });

    expect(page.events).toEqual([]);
    const list = fake.requests.filter((r) => r.method === 'GET' && r.path === eventsPath(cal));
    expect(list).toHaveLength(1);
    const { query } = list[0]!;
    expect(query.singleEvents).toBe('false');
    expect(query).not.toHaveProperty('orderBy');
    expect(query).not.toHaveProperty('showDeleted');
  });

  it('pages: each call returns one page of at most 2,500 and the token of the next', async () => {
    const cal = newCalendar();
    for (let i = 0; i < 2501; i++) {
      const minute = String(i % 60).padStart(2, '0');
      const hour = String(Math.floor(i / 60) % 24).padStart(2, '0');
      const day = String(1 + Math.floor(i / 1440)).padStart(2, '0');
      fake.addEvent(EMAIL, cal, { summary: `E${i}`, start: { dateTime: `2030-03-${day}T${hour}:${minute}:00Z` }, end: { dateTime: `2030-03-${day}T${hour}:${minute}:30Z` } });
    }
    // A page of 2,500 is a large answer: the kit's 300 ms per request is for small ones.
    const patient = googleCalendarApi(fake.apiRoot, { ...FAST, timeoutMs: 30_000 });
    const first = await patient.listSeriesPage(token, { calendarId: cal, ...WINDOW });
    expect(first.events).toHaveLength(2500);
    expect(first.nextPageToken).not.toBeNull();
    const second = await patient.listSeriesPage(token, { calendarId: cal, ...WINDOW, pageToken: first.nextPageToken! });
    expect(second.events).toHaveLength(1);
    expect(second.nextPageToken).toBeNull();
    expect(new Set([...first.events, ...second.events].map((e) => e.title)).size).toBe(2501);
  });

  it('the fake refuses orderBy=startTime without singleEvents, as Google does', async () => {
    const cal = newCalendar();
    const res = await fetch(`${fake.apiRoot}${eventsPath(cal).slice(1)}?orderBy=startTime`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('The requested ordering is not available for the particular query.');
  });
});
