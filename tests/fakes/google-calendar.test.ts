import type { calendar_v3 } from '@googleapis/calendar';
import type { OAuth2Client } from 'google-auth-library';
import { beforeEach, describe, expect, it } from 'vitest';
import { CALENDAR_SCOPE, ALICE, BOB, fake, oauthClient, calendarFor, connect, weeklyStandup, startFakeGoogleEachTest } from './google-test-kit.js';

startFakeGoogleEachTest();

describe('Calendar API with @googleapis/calendar', () => {
  let client: OAuth2Client;
  let api: calendar_v3.Calendar;

  beforeEach(async () => {
    client = oauthClient();
    await connect(client);
    api = calendarFor(client);
  });

  it('lists calendars with paging', async () => {
    fake.addCalendar(ALICE, { id: 'team@group.calendar.google.com', summary: 'Team', accessRole: 'writer' });
    fake.addCalendar(ALICE, { id: 'holidays@group.calendar.google.com', summary: 'Holidays', accessRole: 'reader' });

    const first = await api.calendarList.list({ maxResults: 2 });
    expect(first.data.items?.map((c) => c.id)).toEqual([ALICE, 'team@group.calendar.google.com']);
    expect(first.data.items?.[0]).toMatchObject({ primary: true, accessRole: 'owner', timeZone: 'America/New_York' });
    const second = await api.calendarList.list({ maxResults: 2, pageToken: first.data.nextPageToken ?? '' });
    expect(second.data.items?.map((c) => c.id)).toEqual(['holidays@group.calendar.google.com']);
    expect(second.data.nextPageToken).toBeUndefined();
  });

  it('inserts an event with a client id once, then answers 409', async () => {
    const event = {
      id: 'stacker0001',
      summary: 'Lunch',
      start: { dateTime: '2024-03-05T12:00:00-05:00' },
      end: { dateTime: '2024-03-05T13:00:00-05:00' },
      attendees: [{ email: BOB }],
    };
    const created = await api.events.insert({ calendarId: 'primary', requestBody: event });
    expect(created.data).toMatchObject({ id: 'stacker0001', status: 'confirmed', htmlLink: expect.any(String), etag: expect.any(String) });
    expect(created.data.attendees).toEqual([{ email: BOB, responseStatus: 'needsAction' }]);

    await expect(api.events.insert({ calendarId: 'primary', requestBody: event })).rejects.toMatchObject({
      code: 409,
      status: 409,
      response: { data: { error: { errors: [{ reason: 'duplicate' }] } } },
    });
    await expect(api.events.insert({ calendarId: 'primary', requestBody: { ...event, id: 'Bad_ID' } })).rejects.toMatchObject({ status: 400 });
    expect(fake.events(ALICE)).toHaveLength(1);
  });

  it('expands a weekly RRULE with singleEvents, applying instance exceptions', async () => {
    await api.events.insert({ calendarId: ALICE, requestBody: weeklyStandup('standup01') });
    const window = { calendarId: ALICE, timeMin: '2024-03-01T00:00:00Z', timeMax: '2024-04-01T00:00:00Z' };

    const listed = await api.events.list({ ...window, singleEvents: true, orderBy: 'startTime' });
    const items = listed.data.items ?? [];
    expect(items).toHaveLength(6);
    // DST starts on 2024-03-10 in New York, so 09:00 local moves from 14:00Z to 13:00Z.
    expect(items.map((e) => e.id)).toEqual([
      'standup01_20240304T140000Z',
      'standup01_20240306T140000Z',
      'standup01_20240311T130000Z',
      'standup01_20240313T130000Z',
      'standup01_20240318T130000Z',
      'standup01_20240320T130000Z',
    ]);
    expect(items[2]).toMatchObject({
      recurringEventId: 'standup01',
      start: { dateTime: '2024-03-11T09:00:00-04:00', timeZone: 'America/New_York' },
      originalStartTime: { dateTime: '2024-03-11T09:00:00-04:00' },
    });

    await api.events.patch({ calendarId: ALICE, eventId: 'standup01_20240306T140000Z', requestBody: { summary: 'Standup (moved)' } });
    await api.events.delete({ calendarId: ALICE, eventId: 'standup01_20240311T130000Z' });
    const after = (await api.events.list({ ...window, singleEvents: true, orderBy: 'startTime' })).data.items ?? [];
    expect(after.map((e) => e.summary)).toEqual(['Standup', 'Standup (moved)', 'Standup', 'Standup', 'Standup']);

    const master = await api.events.list({ ...window });
    expect(master.data.items?.map((e) => [e.id, e.status])).toEqual([
      ['standup01', 'confirmed'],
      ['standup01_20240306T140000Z', 'confirmed'],
      ['standup01_20240311T130000Z', 'cancelled'],
    ]);
    const instances = await api.events.instances({ calendarId: ALICE, eventId: 'standup01' });
    expect(instances.data.items).toHaveLength(5);
  });

  it('rejects orderBy=startTime without singleEvents', async () => {
    await expect(api.events.list({ calendarId: ALICE, orderBy: 'startTime' })).rejects.toMatchObject({ status: 400 });
  });

  it('filters by overlap with timeMin/timeMax and handles all-day events', async () => {
    fake.addEvent(ALICE, ALICE, { id: 'offsite01', summary: 'Offsite', start: { date: '2024-03-07' }, end: { date: '2024-03-09' } });
    fake.addEvent(ALICE, ALICE, {
      id: 'timed0001',
      summary: 'Late call',
      start: { dateTime: '2024-03-06T23:00:00-05:00' },
      end: { dateTime: '2024-03-07T01:00:00-05:00' },
    });
    const res = await api.events.list({
      calendarId: ALICE,
      timeMin: '2024-03-07T00:00:00-05:00',
      timeMax: '2024-03-07T12:00:00-05:00',
      singleEvents: true,
      orderBy: 'startTime',
    });
    expect(res.data.items?.map((e) => e.id)).toEqual(['timed0001', 'offsite01']);
    expect(res.data.items?.[1]?.start).toEqual({ date: '2024-03-07' });
  });

  it('deletes with 204, then 410 for the deleted event and 404 for unknown ones', async () => {
    fake.addEvent(ALICE, ALICE, { id: 'gone00001', start: { dateTime: '2024-03-05T10:00:00Z' }, end: { dateTime: '2024-03-05T11:00:00Z' } });
    const res = await api.events.delete({ calendarId: ALICE, eventId: 'gone00001' });
    expect(res.status).toBe(204);
    await expect(api.events.delete({ calendarId: ALICE, eventId: 'gone00001' }, { retry: false })).rejects.toMatchObject({ status: 410 });
    await expect(api.events.delete({ calendarId: ALICE, eventId: 'nothere01' }, { retry: false })).rejects.toMatchObject({ status: 404 });
  });

  it('creates a Meet link with conferenceDataVersion=1', async () => {
    const res = await api.events.insert({
      calendarId: ALICE,
      conferenceDataVersion: 1,
      requestBody: {
        start: { dateTime: '2024-03-05T10:00:00Z' },
        end: { dateTime: '2024-03-05T11:00:00Z' },
        conferenceData: { createRequest: { requestId: 'req-1', conferenceSolutionKey: { type: 'hangoutsMeet' } } },
      },
    });
    expect(res.data.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(res.data.conferenceData?.entryPoints?.[0]).toMatchObject({ entryPointType: 'video', uri: res.data.hangoutLink });
  });

  it('PATCH replaces arrays wholesale, merges the rest, and ignores conferenceData without conferenceDataVersion=1', async () => {
    const res = await api.events.insert({
      calendarId: ALICE,
      conferenceDataVersion: 1,
      requestBody: {
        id: 'patchsem01',
        start: { dateTime: '2024-03-05T10:00:00Z' },
        end: { dateTime: '2024-03-05T11:00:00Z' },
        attendees: [{ email: BOB, responseStatus: 'accepted' }],
        conferenceData: { createRequest: { requestId: 'req-2', conferenceSolutionKey: { type: 'hangoutsMeet' } } },
      },
    });
    const meet = res.data.hangoutLink;
    const patched = await api.events.patch({ calendarId: ALICE, eventId: 'patchsem01', requestBody: { summary: 'x', attendees: [{ email: BOB }], conferenceData: null } as unknown as calendar_v3.Schema$Event });
    expect(patched.data).toMatchObject({ summary: 'x', hangoutLink: meet, attendees: [{ email: BOB, responseStatus: 'needsAction' }] });
    const removed = await api.events.patch({ calendarId: ALICE, eventId: 'patchsem01', conferenceDataVersion: 1, requestBody: { conferenceData: null } as unknown as calendar_v3.Schema$Event });
    expect(removed.data.conferenceData).toBeUndefined();
    expect(removed.data.hangoutLink).toBeUndefined();
  });

  it('records sendUpdates and whom it emails; refuses an unknown value', async () => {
    fake.addAccount({ email: 'carol@gmail.com' });
    const body = {
      id: 'notice0001',
      start: { dateTime: '2024-03-05T10:00:00Z' },
      end: { dateTime: '2024-03-05T11:00:00Z' },
      attendees: [{ email: ALICE, organizer: true }, { email: BOB }, { email: 'carol@gmail.com' }],
    };
    await api.events.insert({ calendarId: ALICE, sendUpdates: 'all', requestBody: body });
    await api.events.patch({ calendarId: ALICE, eventId: 'notice0001', sendUpdates: 'externalOnly', requestBody: { attendees: [{ email: 'carol@gmail.com' }] } });
    await api.events.patch({ calendarId: ALICE, eventId: 'notice0001', requestBody: { summary: 'quiet' } });
    await api.events.delete({ calendarId: ALICE, eventId: 'notice0001', sendUpdates: 'none' });
    expect(fake.guestUpdates.map((u) => [u.method, u.sendUpdates, u.emailed])).toEqual([
      ['insert', 'all', [BOB, 'carol@gmail.com']],
      // Bob was removed: he hears of it; Carol uses Google Calendar, so externalOnly skips her.
      ['patch', 'externalOnly', [BOB]],
      ['patch', null, []],
      ['delete', 'none', []],
    ]);
    await expect(api.events.insert({ calendarId: ALICE, sendUpdates: 'everyone', requestBody: { ...body, id: 'notice0002' } })).rejects.toMatchObject({ status: 400 });
  });

  it('refuses a recurrence on an instance (Google\u2019s answer is undocumented) and returns cancelled events on get', async () => {
    await api.events.insert({ calendarId: ALICE, requestBody: weeklyStandup('standup03') });
    const instance = 'standup03_20240306T140000Z';
    await expect(api.events.patch({ calendarId: ALICE, eventId: instance, requestBody: { recurrence: ['RRULE:FREQ=DAILY'] } })).rejects.toMatchObject({ status: 400 });
    const moved = await api.events.patch({ calendarId: ALICE, eventId: instance, requestBody: { summary: 'Moved standup' } });
    expect(moved.data).toMatchObject({ id: instance, recurringEventId: 'standup03', summary: 'Moved standup' });
    await api.events.delete({ calendarId: ALICE, eventId: 'standup03' });
    expect((await api.events.get({ calendarId: ALICE, eventId: 'standup03' })).data.status).toBe('cancelled');
  });

  it('answers freeBusy from opaque, non-cancelled events', async () => {
    await api.events.insert({ calendarId: ALICE, requestBody: weeklyStandup('standup02') });
    fake.addEvent(ALICE, ALICE, {
      summary: 'Focus',
      transparency: 'transparent',
      start: { dateTime: '2024-03-04T10:00:00Z' },
      end: { dateTime: '2024-03-04T12:00:00Z' },
    });
    const res = await api.freebusy.query({
      requestBody: {
        timeMin: '2024-03-04T00:00:00Z',
        timeMax: '2024-03-05T00:00:00Z',
        items: [{ id: ALICE }, { id: 'stranger@example.com' }],
      },
    });
    expect(res.data.calendars?.[ALICE]?.busy).toEqual([{ start: '2024-03-04T14:00:00Z', end: '2024-03-04T14:30:00Z' }]);
    expect(res.data.calendars?.['stranger@example.com']?.errors).toEqual([{ domain: 'global', reason: 'notFound' }]);
  });

  it('enforces granted scopes', async () => {
    fake.addAccount({ email: BOB, grantScopes: ['openid', 'email'] });
    fake.nextConsent(BOB);
    const bobClient = oauthClient();
    const tokens = await connect(bobClient);
    expect(tokens.scope).not.toContain(CALENDAR_SCOPE);
    await expect(calendarFor(bobClient).calendarList.list()).rejects.toMatchObject({
      status: 403,
      response: { data: { error: { errors: [{ reason: 'insufficientPermissions' }] } } },
    });
  });
});
