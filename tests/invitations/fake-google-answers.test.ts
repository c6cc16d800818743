// The fake Google answers an invitation as Google does: the guest's copy shows `self`, the
// guest may change its own answer and note and nothing else, and the organizer is told.
import type { calendar_v3 } from '@googleapis/calendar';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, calendarFor, connect, fake, oauthClient, startFakeGoogleEachTest } from '../fakes/google-test-kit.js';

startFakeGoogleEachTest();

const BOSS = 'boss@globex.com';

describe('a guest answering on its copy of an invitation (fake Google)', () => {
  let api: calendar_v3.Calendar;
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: { status?: number; response?: { data?: { error?: { errors?: { reason?: string }[] } } } }) => ({ status: e.status, reason: e.response?.data?.error?.errors?.[0]?.reason }),
    );
  const attendees = [
    { email: BOSS, organizer: true, responseStatus: 'accepted' },
    { email: ALICE, responseStatus: 'needsAction' },
    { email: BOB, responseStatus: 'tentative', comment: 'maybe late', optional: true },
  ];
  const patch = (body: calendar_v3.Schema$Event, sendUpdates = 'all') => api.events.patch({ calendarId: ALICE, eventId: 'invite0001', sendUpdates, requestBody: body });
  const withAlice = (change: Record<string, unknown>) => attendees.map((a) => (a.email === ALICE ? { ...a, ...change } : a));

  beforeEach(async () => {
    const client = oauthClient();
    await connect(client);
    api = calendarFor(client);
    fake.addEvent(ALICE, ALICE, {
      id: 'invite0001',
      summary: 'Board call',
      organizer: { email: BOSS, displayName: 'The Boss' },
      start: { dateTime: '2027-03-09T15:00:00Z' },
      end: { dateTime: '2027-03-09T16:00:00Z' },
      attendees,
    });
  });

  it('marks the reader\u2019s own attendee `self`, and not the organizer', async () => {
    const { data } = await api.events.get({ calendarId: ALICE, eventId: 'invite0001' });
    expect(data.attendees?.filter((a) => a.self).map((a) => a.email)).toEqual([ALICE]);
    expect(data.organizer).toEqual({ email: BOSS, displayName: 'The Boss' });
    const listed = await api.events.list({ calendarId: ALICE, timeMin: '2027-03-01T00:00:00Z', timeMax: '2027-04-01T00:00:00Z', singleEvents: true });
    expect(listed.data.items?.[0]?.attendees?.find((a) => a.self)?.email).toBe(ALICE);
  });

  it('takes the guest\u2019s own answer and note, keeps the others, and tells the organizer', async () => {
    const { data } = await patch({ attendees: withAlice({ responseStatus: 'declined', comment: 'Travelling' }) });
    expect(data.attendees).toEqual([
      { email: BOSS, organizer: true, responseStatus: 'accepted' },
      { email: ALICE, responseStatus: 'declined', comment: 'Travelling', self: true },
      { email: BOB, responseStatus: 'tentative', comment: 'maybe late', optional: true },
    ]);
    expect(fake.notifications).toEqual([
      { calendarId: ALICE, eventId: 'invite0001', from: ALICE, to: [BOSS], responseStatus: 'declined', comment: 'Travelling', sendUpdates: 'all' },
    ]);
    expect(fake.guestUpdates.at(-1)?.emailed).toEqual([BOSS]);
  });

  it('tells nobody with sendUpdates=none', async () => {
    await patch({ attendees: withAlice({ responseStatus: 'accepted' }) }, 'none');
    expect(fake.notifications.map((n) => n.to)).toEqual([[]]);
  });

  it('refuses a guest changing, removing or adding other guests', async () => {
    const changedBob = attendees.map((a) => (a.email === BOB ? { ...a, responseStatus: 'declined' } : a));
    expect(await refusal(patch({ attendees: changedBob }))).toEqual({ status: 403, reason: 'forbiddenForNonOrganizer' });
    expect(await refusal(patch({ attendees: attendees.filter((a) => a.email !== BOB) }))).toEqual({ status: 403, reason: 'forbiddenForNonOrganizer' });
    expect(await refusal(patch({ attendees: [...attendees, { email: 'eve@example.com' }] }))).toEqual({ status: 403, reason: 'forbiddenForNonOrganizer' });
    expect(fake.events(ALICE)[0]?.attendees).toEqual(attendees);
    expect(fake.notifications).toEqual([]);
  });

  it('refuses an attendee without an email, an unknown answer and an unknown sendUpdates', async () => {
    expect(await refusal(patch({ attendees: [...withAlice({}).slice(0, 2), { responseStatus: 'accepted' }] }))).toMatchObject({ status: 400 });
    expect(await refusal(patch({ attendees: withAlice({ responseStatus: 'maybe' }) }))).toMatchObject({ status: 400 });
    expect(await refusal(patch({ attendees: withAlice({ responseStatus: 'accepted' }) }, 'everyone'))).toMatchObject({ status: 400 });
    expect(fake.notifications).toEqual([]);
  });
});
