import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/core/calendars/ports.js';
import { CalendarApiError, type CalendarApi } from '../../src/google/calendar-api.js';
import { googleCalendarApi, type GoogleCalendarApiOptions } from '../../src/google/calendar.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';

const EMAIL = 'ceo@acme.com';
const FAST: GoogleCalendarApiOptions = { retry: { baseMs: 5, maxDelayMs: 20, jitterMs: 5 }, timeoutMs: 300 };
const WINDOW = { timeMin: new Date('2030-03-01T00:00:00Z'), timeMax: new Date('2030-03-08T00:00:00Z') };

let fake: FakeGoogle;
let token: string;
let api: CalendarApi;

beforeAll(async () => {
  fake = await startFakeGoogle();
  fake.addOAuthClient({ clientId: 'app', clientSecret: 'secret' });
  fake.addAccount({ email: EMAIL, timeZone: 'Europe/Paris' });
  token = fake.issueTokens({ email: EMAIL, clientId: 'app' }).access_token;
  api = googleCalendarApi(fake.apiRoot, FAST);
});
afterEach(() => fake.reset());
afterAll(() => fake?.close());

let calendarSeq = 0;
/** A fresh calendar per test keeps their events apart. */
function newCalendar(summary = 'Work'): string {
  const id = `cal${++calendarSeq}@group.calendar.google.com`;
  fake.addCalendar(EMAIL, { id, summary });
  return id;
}

const eventsPath = (calendarId: string) => `/calendar/v3/calendars/${calendarId}/events`;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const kickoff: EventInput = {
  title: 'Kickoff',
  description: null,
  location: 'Room 1',
  start: { dateTime: '2030-03-10T10:00:00+01:00' },
  end: { dateTime: '2030-03-10T11:00:00+01:00' },
  timeZone: 'Europe/Paris',
  attendees: ['bob@example.com'],
  recurrence: null,
  meet: false,
  reminders: null,
};

describe('reading', () => {
  it('lists calendars, primary first', async () => {
    const team = newCalendar('Team');
    const calendars = await api.listCalendars(token);
    expect(calendars[0]).toMatchObject({ id: EMAIL, primary: true, accessRole: 'owner', timeZone: 'Europe/Paris' });
    expect(calendars).toContainEqual({ id: team, name: 'Team', primary: false, accessRole: 'owner', timeZone: 'Europe/Paris' });
  });

  it('lists expanded instances in start order with the fields the app shows', async () => {
    const cal = newCalendar();
    fake.addEvent(EMAIL, cal, {
      id: 'board0001',
      summary: 'Board meeting',
      description: 'Q1 numbers',
      location: 'HQ',
      start: { dateTime: '2030-03-04T09:00:00+01:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2030-03-04T10:00:00+01:00', timeZone: 'Europe/Paris' },
      attendees: [
        { email: cal, self: true, responseStatus: 'tentative' },
        { email: 'bob@example.com', displayName: 'Bob', responseStatus: 'accepted' },
      ],
      conferenceData: { createRequest: { requestId: 'seed' } },
    });
    fake.addEvent(EMAIL, cal, { id: 'vacation1', summary: 'Holiday', start: { date: '2030-03-05' }, end: { date: '2030-03-06' }, transparency: 'transparent' });
    fake.addEvent(EMAIL, cal, {
      id: 'standup01',
      summary: 'Standup',
      start: { dateTime: '2030-03-01T08:30:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2030-03-01T08:45:00', timeZone: 'Europe/Paris' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=3'],
    });
    fake.addEvent(EMAIL, cal, {
      id: 'vendor001',
      summary: 'Vendor call',
      start: { dateTime: '2030-03-06T12:00:00Z' },
      end: { dateTime: '2030-03-06T12:30:00Z' },
      conferenceData: { entryPoints: [{ entryPointType: 'phone', uri: 'tel:+1-555' }, { entryPointType: 'video', uri: 'https://zoom.us/j/123' }] },
    });
    fake.addEvent(EMAIL, cal, { id: 'later0001', summary: 'Later', start: { date: '2030-04-01' }, end: { date: '2030-04-02' } });

    const { events, nextPageToken } = await api.listEvents(token, { calendarId: cal, ...WINDOW });

    expect(nextPageToken).toBeNull();
    expect(events.map((e) => e.id)).toEqual([
      'standup01_20300301T073000Z',
      'standup01_20300302T073000Z',
      'standup01_20300303T073000Z',
      'board0001',
      'vacation1',
      'vendor001',
    ]);
    const board = events[3]!;
    expect(board).toEqual({
      id: 'board0001',
      calendarId: cal,
      title: 'Board meeting',
      description: 'Q1 numbers',
      location: 'HQ',
      start: { dateTime: '2030-03-04T09:00:00+01:00' },
      end: { dateTime: '2030-03-04T10:00:00+01:00' },
      allDay: false,
      timeZone: 'Europe/Paris',
      status: 'confirmed',
      transparency: 'opaque',
      attendees: [
        { email: cal, displayName: null, responseStatus: 'tentative', self: true },
        { email: 'bob@example.com', displayName: 'Bob', responseStatus: 'accepted' },
      ],
      selfResponse: 'tentative',
      recurringEventId: null,
      recurrence: null,
      reminders: null,
      meetLink: expect.stringMatching(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/),
      htmlLink: expect.stringMatching(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/),
    });
    expect(events[0]).toMatchObject({
      title: 'Standup',
      start: { dateTime: '2030-03-01T08:30:00+01:00' },
      timeZone: 'Europe/Paris',
      recurringEventId: 'standup01',
      selfResponse: null,
      attendees: [],
      meetLink: null,
    });
    expect(events[4]).toMatchObject({ allDay: true, start: { date: '2030-03-05' }, end: { date: '2030-03-06' }, transparency: 'transparent', timeZone: null });
    expect(events[5]!.meetLink).toBe('https://zoom.us/j/123');

    const [request] = fake.requestsTo(eventsPath(cal));
    expect(request!.query).toEqual({
      singleEvents: 'true',
      orderBy: 'startTime',
      timeMin: '2030-03-01T00:00:00.000Z',
      timeMax: '2030-03-08T00:00:00.000Z',
      maxResults: '250',
      // Written out, not the app's constant: what the mapping reads, and nothing else.
      fields:
        'nextPageToken,items(id,status,summary,description,location,start,end,transparency,' +
        'attendees(email,displayName,responseStatus,self,optional,organizer,comment,additionalGuests,resource),' +
        'recurringEventId,originalStartTime,recurrence,reminders,hangoutLink,conferenceData/entryPoints,htmlLink)',
    });
  });

  it('pages with small maxResults, or follows every page with all', async () => {
    const cal = newCalendar();
    for (let day = 1; day <= 5; day++) {
      fake.addEvent(EMAIL, cal, { id: `paged000${day}`, summary: `Day ${day}`, start: { date: `2030-03-0${day}` }, end: { date: `2030-03-0${day + 1}` } });
    }
    const ids: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await api.listEvents(token, { calendarId: cal, ...WINDOW, maxResults: 2, ...(pageToken ? { pageToken } : {}) });
      ids.push(...page.events.map((e) => e.id));
      pageToken = page.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(ids).toEqual(['paged0001', 'paged0002', 'paged0003', 'paged0004', 'paged0005']);

    fake.reset();
    const all = await api.listEvents(token, { calendarId: cal, ...WINDOW, maxResults: 2, all: true });
    expect(all.events.map((e) => e.id)).toEqual(ids);
    expect(all.nextPageToken).toBeNull();
    expect(fake.requestsTo(eventsPath(cal))).toHaveLength(3);
  });

  it('gets one event; a missing one is a 404, asked once', async () => {
    const cal = newCalendar();
    fake.addEvent(EMAIL, cal, { id: 'single001', summary: 'One', start: { date: '2030-03-02' }, end: { date: '2030-03-03' } });
    expect(await api.getEvent(token, cal, 'single001')).toMatchObject({ id: 'single001', title: 'One', allDay: true, calendarId: cal });

    fake.reset();
    const err = await api.getEvent(token, cal, 'missing01').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalendarApiError);
    expect(err).toMatchObject({ status: 404, reason: 'notFound' });
    expect(fake.requestsTo(`${eventsPath(cal)}/missing01`)).toHaveLength(1);
  });
});

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

describe('freeBusy', () => {
  it('splits more than 50 calendars into batches and merges the answers', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => {
      const id = `fb${String(i).padStart(3, '0')}@group.calendar.google.com`;
      fake.addCalendar(EMAIL, { id });
      return id;
    });
    fake.addEvent(EMAIL, ids[7]!, { summary: 'Busy', start: { dateTime: '2030-03-04T09:00:00Z' }, end: { dateTime: '2030-03-04T10:30:00Z' } });
    fake.addEvent(EMAIL, ids[7]!, { summary: 'Busy too', start: { dateTime: '2030-03-04T10:00:00Z' }, end: { dateTime: '2030-03-04T11:00:00Z' } });
    fake.addEvent(EMAIL, ids[110]!, { summary: 'Busy', start: { dateTime: '2030-03-05T09:00:00Z' }, end: { dateTime: '2030-03-05T10:00:00Z' } });
    fake.addEvent(EMAIL, ids[55]!, { summary: 'Free', start: { dateTime: '2030-03-05T09:00:00Z' }, end: { dateTime: '2030-03-05T10:00:00Z' }, transparency: 'transparent' });

    const busy = await api.freeBusy(token, { ...WINDOW, calendarIds: [...ids, 'stranger@example.com'] });

    const batches = fake.requestsTo('/freeBusy').map((r) => (r.body as { items: unknown[] }).items.length);
    expect(batches.sort((a, b) => b - a)).toEqual([50, 50, 21]);
    expect(Object.keys(busy)).toHaveLength(120);
    expect(busy[ids[7]!]).toEqual([{ start: Date.parse('2030-03-04T09:00:00Z'), end: Date.parse('2030-03-04T11:00:00Z') }]);
    expect(busy[ids[110]!]).toEqual([{ start: Date.parse('2030-03-05T09:00:00Z'), end: Date.parse('2030-03-05T10:00:00Z') }]);
    expect(busy[ids[55]!]).toEqual([]);
    // Google could not read it: unknown, which is not the same as free.
    expect(busy).not.toHaveProperty('stranger@example.com');
  });

  it('asks nothing for no calendars', async () => {
    expect(await api.freeBusy(token, { ...WINDOW, calendarIds: [] })).toEqual({});
    expect(fake.requestsTo('/freeBusy')).toHaveLength(0);
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
