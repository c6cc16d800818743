import { describe, expect, it } from 'vitest';
import { CalendarApiError } from '../../src/google/calendar-api.js';
import { EMAIL, WINDOW, fake, token, api, newCalendar, eventsPath, startFakeGoogleForFile } from './calendar-api-kit.js';

startFakeGoogleForFile();

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
        'recurringEventId,originalStartTime,recurrence,reminders,hangoutLink,conferenceData/entryPoints,htmlLink,organizer(email,displayName,self))',
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
