import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { CodeChallengeMethod, OAuth2Client, type Credentials } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeGoogle, type FakeGoogle } from './google.js';

const CLIENT_ID = 'stacker-test.apps.googleusercontent.com';
const CLIENT_SECRET = 'shh-its-a-secret';
const REDIRECT_URI = 'http://localhost:3000/oauth/google/callback';
const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
const SCOPES = ['openid', 'email', CALENDAR_SCOPE];
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

let fake: FakeGoogle;

beforeEach(async () => {
  fake = await startFakeGoogle();
  fake.addOAuthClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] });
  fake.addAccount({ email: ALICE, timeZone: 'America/New_York' });
});

afterEach(async () => {
  await fake.close();
});

function oauthClient(): OAuth2Client {
  return new OAuth2Client({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT_URI,
    endpoints: fake.oauthEndpoints,
  });
}

// googleapis-common bundles its own google-auth-library (10.5.0 next to the app's 10.9.1): the
// OAuth2Client classes work together at runtime but are distinct types because of private fields.
type CalendarAuth = NonNullable<calendar_v3.Options['auth']>;

function calendarFor(auth: OAuth2Client): calendar_v3.Calendar {
  return calendar({ version: 'v3', auth: auth as unknown as CalendarAuth, rootUrl: fake.apiRoot });
}

interface Consent {
  redirect: URL;
  codeVerifier: string;
}

/** Plays the browser: opens the consent URL and returns where Google redirected to. */
async function consent(client: OAuth2Client, extra: { prompt?: string; login_hint?: string } = {}): Promise<Consent> {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const url = client.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: SCOPES,
    state: 'state-123',
    include_granted_scopes: true,
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
    ...extra,
  });
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return { redirect: new URL(res.headers.get('location') ?? ''), codeVerifier };
}

async function connect(client = oauthClient()): Promise<Credentials> {
  const { redirect, codeVerifier } = await consent(client);
  const { tokens } = await client.getToken({ code: redirect.searchParams.get('code') ?? '', codeVerifier });
  client.setCredentials(tokens);
  return tokens;
}

function weeklyStandup(id: string): calendar_v3.Schema$Event {
  return {
    id,
    summary: 'Standup',
    start: { dateTime: '2024-03-04T09:00:00', timeZone: 'America/New_York' },
    end: { dateTime: '2024-03-04T09:30:00', timeZone: 'America/New_York' },
    recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6'],
  };
}

describe('OAuth endpoints with google-auth-library', () => {
  it('runs the PKCE authorization-code flow', async () => {
    const client = oauthClient();
    const { redirect, codeVerifier } = await consent(client);

    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe('state-123');
    expect(redirect.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'https://www.googleapis.com/auth/userinfo.email', CALENDAR_SCOPE]),
    );
    expect(fake.authRequests[0]?.query).toMatchObject({
      client_id: CLIENT_ID,
      code_challenge_method: 'S256',
      access_type: 'offline',
    });

    const { tokens } = await client.getToken({ code: redirect.searchParams.get('code') ?? '', codeVerifier });
    expect(tokens).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
    expect(tokens.expiry_date).toBeGreaterThan(Date.now() + 3000_000);

    const ticket = await client.verifyIdToken({ idToken: tokens.id_token ?? '', audience: CLIENT_ID });
    expect(ticket.getPayload()).toMatchObject({ email: ALICE, email_verified: true, iss: 'https://accounts.google.com' });
    expect(fake.tokenRequests.map((r) => r.grant_type)).toEqual(['authorization_code']);
  });

  it('rejects a wrong code verifier, a reused code and an unknown client', async () => {
    const client = oauthClient();
    const { redirect, codeVerifier } = await consent(client);
    const code = redirect.searchParams.get('code') ?? '';

    await expect(client.getToken({ code, codeVerifier: `${codeVerifier}x` })).rejects.toMatchObject({
      status: 400,
      response: { data: { error: 'invalid_grant' } },
    });
    await client.getToken({ code, codeVerifier });
    await expect(client.getToken({ code, codeVerifier })).rejects.toMatchObject({ response: { data: { error: 'invalid_grant' } } });

    const impostor = new OAuth2Client({ clientId: CLIENT_ID, clientSecret: 'wrong', redirectUri: REDIRECT_URI, endpoints: fake.oauthEndpoints });
    await expect(impostor.getToken({ code, codeVerifier })).rejects.toMatchObject({
      status: 401,
      response: { data: { error: 'invalid_client' } },
    });
  });

  it('redirects with access_denied when the user declines, and honours nextConsent', async () => {
    fake.addAccount({ email: BOB, deny: true });
    fake.nextConsent(BOB);
    const { redirect } = await consent(oauthClient());
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('state-123');
    expect(fake.authRequests[0]?.account).toBe(BOB);
  });

  it('only returns a refresh token for offline access on first or forced consent', async () => {
    const client = oauthClient();
    await connect(client);
    const again = await consent(client, { prompt: 'select_account' });
    const { tokens } = await client.getToken({ code: again.redirect.searchParams.get('code') ?? '', codeVerifier: again.codeVerifier });
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refreshes an expired access token transparently before an API call', async () => {
    const client = oauthClient();
    const tokens = await connect(client);
    client.setCredentials({ ...tokens, access_token: 'stale', expiry_date: Date.now() - 1000 });

    const res = await calendarFor(client).calendarList.list();
    expect(res.data.items?.map((c) => c.id)).toEqual([ALICE]);
    expect(fake.refreshCount()).toBe(1);
    expect(client.credentials.access_token).not.toBe('stale');
  });

  it('refreshes after a 401 when the client does not know the expiry', async () => {
    const client = oauthClient();
    const tokens = await connect(client);
    client.setCredentials({ refresh_token: tokens.refresh_token, access_token: tokens.access_token });
    fake.expireAccessTokens(ALICE);

    await calendarFor(client).calendarList.list();
    expect(fake.refreshCount()).toBe(1);
    expect(fake.requestsTo('/calendarList').map((r) => r.status)).toEqual([401, 200]);
  });

  it('revocation makes refresh fail with invalid_grant and access tokens fail with 401', async () => {
    const client = oauthClient();
    const tokens = await connect(client);
    await client.revokeToken(tokens.refresh_token ?? '');
    expect(fake.revoked).toMatchObject([{ email: ALICE, clientId: CLIENT_ID }]);

    await expect(client.refreshAccessToken()).rejects.toMatchObject({
      response: { data: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } },
    });
    await expect(calendarFor(client).calendarList.list()).rejects.toMatchObject({
      status: 401,
      response: { data: { error: { status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] } } },
    });
  });

  it('revokeAccount simulates the user removing access', async () => {
    const client = oauthClient();
    await connect(client);
    fake.revokeAccount(ALICE);
    await expect(client.refreshAccessToken()).rejects.toMatchObject({ response: { data: { error: 'invalid_grant' } } });
  });

  it('serves userinfo for a bearer token', async () => {
    const { access_token } = fake.issueTokens({ email: ALICE, clientId: CLIENT_ID });
    const res = await fetch(fake.userinfoUrl, { headers: { authorization: `Bearer ${access_token}` } });
    expect(await res.json()).toMatchObject({ email: ALICE, email_verified: true, sub: expect.any(String) });
  });
});

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

describe('fault and latency injection', () => {
  let api: calendar_v3.Calendar;

  beforeEach(async () => {
    const client = oauthClient();
    await connect(client);
    api = calendarFor(client);
    fake.reset();
  });

  it('surfaces an injected 429 with Google error shape and Retry-After', async () => {
    fake.fail({ match: '/calendarList', status: 429, reason: 'rateLimitExceeded', retryAfter: 7 });
    const error: unknown = await api.calendarList.list({}, { retry: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 429,
      response: {
        data: { error: { code: 429, errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded' }], status: 'RESOURCE_EXHAUSTED' } },
      },
    });
    expect((error as { response: Response }).response.headers.get('retry-after')).toBe('7');
    await expect(api.calendarList.list({}, { retry: false })).resolves.toMatchObject({ status: 200 });
  });

  it('lets the client retry an injected 503 on GET', async () => {
    fake.fail({ match: (req) => req.method === 'GET' && req.path.includes('/calendarList'), status: 503 });
    const res = await api.calendarList.list();
    expect(res.status).toBe(200);
    expect(fake.requestsTo('/calendarList').map((r) => r.status)).toEqual([503, 200]);
  });

  it('surfaces a 403 userRateLimitExceeded on insert', async () => {
    fake.fail({ status: 403, reason: 'userRateLimitExceeded', times: 1 });
    await expect(
      api.events.insert({ calendarId: ALICE, requestBody: { start: { date: '2024-03-01' }, end: { date: '2024-03-02' } } }),
    ).rejects.toMatchObject({ status: 403, response: { data: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } } });
  });

  it('hangs requests until the client times out, and close() ends hung requests', async () => {
    fake.hang({ match: '/calendarList' });
    await expect(api.calendarList.list({}, { timeout: 200, retry: false })).rejects.toThrow();

    fake.hang({ match: '/calendars/' });
    const pending = api.calendars.get({ calendarId: ALICE }, { retry: false });
    // Closed once the request has arrived, so it is a hung one that close() ends.
    await expect.poll(() => fake.requestsTo('/calendars/').length).toBe(1);
    await fake.close();
    await expect(pending).rejects.toThrow();
  });

  it('applies latency to every request (timed on vitest\u2019s clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fake.setLatency(150);
      const answer = api.calendars.get({ calendarId: ALICE });
      await expect.poll(() => fake.requests.length).toBe(1);
      vi.advanceTimersByTime(149);
      expect(fake.requests[0]!.status).toBeUndefined();
      vi.advanceTimersByTime(1);
      expect((await answer).status).toBe(200);
      expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `/calendar/v3/calendars/${ALICE}`, account: ALICE, status: 200 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds matching requests until released, and counts the most held at once', async () => {
    const held = fake.hold('/events');
    const lists = [api.events.list({ calendarId: ALICE }), api.events.list({ calendarId: ALICE })];
    await expect.poll(() => held.held.length).toBe(2);
    // Others pass.
    expect((await api.calendars.get({ calendarId: ALICE })).status).toBe(200);
    expect(held.held.every((r) => r.status === undefined)).toBe(true);
    held.release();
    for (const list of lists) expect((await list).status).toBe(200);
    expect(held.held).toHaveLength(0);
    expect(held.mostAtOnce).toBe(2);
    // Released: holds no more.
    expect((await api.events.list({ calendarId: ALICE })).status).toBe(200);
    expect(held.mostAtOnce).toBe(2);
  });
});
