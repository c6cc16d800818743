import type { calendar_v3 } from '@googleapis/calendar';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, fake, oauthClient, calendarFor, connect, weeklyStandup, startFakeGoogleEachTest } from './google-test-kit.js';

startFakeGoogleEachTest();

describe('the fake refuses what Google refuses', () => {
  let api: calendar_v3.Calendar;
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: { status?: number; response?: { data?: { error?: { message?: string; errors?: { reason?: string }[] } } } }) => ({
        status: e.status,
        reason: e.response?.data?.error?.errors?.[0]?.reason,
        message: e.response?.data?.error?.message,
      }),
    );
  const event = (extra: calendar_v3.Schema$Event = {}): calendar_v3.Schema$Event => ({
    summary: 'Review',
    start: { dateTime: '2024-03-04T10:00:00Z' },
    end: { dateTime: '2024-03-04T11:00:00Z' },
    ...extra,
  });

  beforeEach(async () => {
    const client = oauthClient();
    await connect(client);
    api = calendarFor(client);
  });

  it('returns only the fields asked for, in Google\u2019s `fields` syntax', async () => {
    const created = await api.events.insert({
      calendarId: ALICE,
      fields: 'id,summary',
      requestBody: event({ location: 'Room 1', attendees: [{ email: BOB, displayName: 'Bob' }] }),
    });
    expect(created.data).toEqual({ id: expect.any(String), summary: 'Review' });

    const listed = await api.events.list({ calendarId: ALICE, fields: 'nextPageToken,items(id,attendees(email),start/dateTime)' });
    expect(listed.data).toEqual({ items: [{ id: created.data.id, attendees: [{ email: BOB }], start: { dateTime: '2024-03-04T10:00:00Z' } }] });

    const withoutAttendees = await api.events.get({ calendarId: ALICE, eventId: created.data.id!, fields: 'id,summary,location' });
    expect(withoutAttendees.data.attendees).toBeUndefined();
    expect(withoutAttendees.data.location).toBe('Room 1');

    const whole = await api.events.get({ calendarId: ALICE, eventId: created.data.id! });
    expect(whole.data).toMatchObject({ kind: 'calendar#event', attendees: [{ email: BOB, displayName: 'Bob', responseStatus: 'needsAction' }] });
  });

  it('refuses recurrence in a PATCH or PUT of an instance, and takes the same change on the series', async () => {
    await api.events.insert({ calendarId: ALICE, requestBody: weeklyStandup('standup03') });
    const instanceId = 'standup03_20240306T140000Z';
    const rule = ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6'];
    const patched = await refusal(api.events.patch({ calendarId: ALICE, eventId: instanceId, requestBody: { summary: 'Moved', recurrence: rule } }));
    expect(patched).toMatchObject({ status: 400, reason: 'invalid' });
    const instance = (await api.events.get({ calendarId: ALICE, eventId: instanceId })).data;
    const put = await refusal(api.events.update({ calendarId: ALICE, eventId: instanceId, requestBody: { ...instance, recurrence: rule } }));
    expect(put).toMatchObject({ status: 400, reason: 'invalid' });
    expect((await api.events.get({ calendarId: ALICE, eventId: instanceId })).data.summary).toBe('Standup');

    await expect(api.events.patch({ calendarId: ALICE, eventId: instanceId, requestBody: { summary: 'Moved' } })).resolves.toMatchObject({ data: { summary: 'Moved' } });
    await expect(api.events.patch({ calendarId: ALICE, eventId: 'standup03', requestBody: { recurrence: rule } })).resolves.toMatchObject({ status: 200 });
  });

  it('refuses freeBusy spans over 90 days and more than 50 calendars', async () => {
    const query = (timeMin: string, timeMax: string, count = 1) =>
      api.freebusy.query({ requestBody: { timeMin, timeMax, items: Array.from({ length: count }, (_, i) => ({ id: i === 0 ? ALICE : `cal${i}@example.com` })) } });
    await expect(query('2024-01-01T00:00:00Z', '2024-03-31T00:00:00Z')).resolves.toMatchObject({ status: 200 });
    expect(await refusal(query('2024-01-01T00:00:00Z', '2024-03-31T00:00:01Z'))).toEqual({
      status: 400,
      reason: 'timeRangeTooLong',
      message: 'The requested time range is too long.',
    });
    expect(await refusal(query('2024-01-01T00:00:00Z', '2029-01-01T00:00:00Z'))).toMatchObject({ status: 400, reason: 'timeRangeTooLong' });
    await expect(query('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 50)).resolves.toMatchObject({ status: 200 });
    expect(await refusal(query('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 51))).toMatchObject({ status: 400, reason: 'tooManyCalendarsRequested' });
  });

  it('refuses a summary far beyond any real title and guests without a valid email, on insert and patch', async () => {
    expect(await refusal(api.events.insert({ calendarId: ALICE, requestBody: event({ summary: 'x'.repeat(100_000) }) }))).toMatchObject({ status: 400, reason: 'invalid' });
    expect(await refusal(api.events.insert({ calendarId: ALICE, requestBody: event({ summary: 'x'.repeat(1025) }) }))).toMatchObject({ status: 400 });
    await expect(api.events.insert({ calendarId: ALICE, requestBody: event({ summary: 'x'.repeat(1024) }) })).resolves.toMatchObject({ status: 200 });
    for (const email of ['not an email', 'bob@', '@example.com', 'bob@localhost', '<bob@example.com>']) {
      expect(await refusal(api.events.insert({ calendarId: ALICE, requestBody: event({ attendees: [{ email }] }) }))).toEqual({
        status: 400,
        reason: 'invalid',
        message: 'Invalid attendee email.',
      });
    }
    const ok = await api.events.insert({ calendarId: ALICE, requestBody: event({ attendees: [{ email: 'bob.smith+cal@mail.example.co.uk' }] }) });
    expect(await refusal(api.events.patch({ calendarId: ALICE, eventId: ok.data.id!, requestBody: { attendees: [{ email: 'not an email' }] } }))).toMatchObject({
      status: 400,
      message: 'Invalid attendee email.',
    });
    expect(fake.events(ALICE).filter((e) => e.status !== 'cancelled')).toHaveLength(2);
  });
});
