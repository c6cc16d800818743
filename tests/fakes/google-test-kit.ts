/** What the fake Google's own tests share: our OAuth client, the browser's part of consent, a fresh fake per test. */
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { CodeChallengeMethod, OAuth2Client, type Credentials } from 'google-auth-library';
import { afterEach, beforeEach, expect } from 'vitest';
import { startFakeGoogle, type FakeGoogle, type FakeGoogleOptions } from './google.js';

export const CLIENT_ID = 'stacker-test.apps.googleusercontent.com';
const CLIENT_SECRET = 'shh-its-a-secret';
export const REDIRECT_URI = 'http://localhost:3000/oauth/google/callback';
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
const SCOPES = ['openid', 'email', CALENDAR_SCOPE];
export const ALICE = 'alice@example.com';
export const BOB = 'bob@example.com';

/** The current test's fake: an ES module binding, so importers see each new fake as it starts. */
export let fake: FakeGoogle;

/** A fresh fake for every test of the calling file, with our OAuth client and Alice's account. */
export function startFakeGoogleEachTest(options: FakeGoogleOptions = {}): void {
  beforeEach(async () => {
    fake = await startFakeGoogle(options);
    fake.addOAuthClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] });
    fake.addAccount({ email: ALICE, timeZone: 'America/New_York' });
  });

  afterEach(async () => {
    await fake.close();
  });
}

export function oauthClient(): OAuth2Client {
  return new OAuth2Client({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT_URI,
    endpoints: fake.oauthEndpoints,
  });
}

export function calendarFor(auth: OAuth2Client): calendar_v3.Calendar {
  return calendar({ version: 'v3', auth, rootUrl: fake.apiRoot });
}

interface Consent {
  redirect: URL;
  codeVerifier: string;
}

/** Plays the browser: opens the consent URL and returns where Google redirected to. */
export async function consent(client: OAuth2Client, extra: { prompt?: string; login_hint?: string } = {}): Promise<Consent> {
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

export async function connect(client = oauthClient()): Promise<Credentials> {
  const { redirect, codeVerifier } = await consent(client);
  const { tokens } = await client.getToken({ code: redirect.searchParams.get('code') ?? '', codeVerifier });
  client.setCredentials(tokens);
  return tokens;
}

export function weeklyStandup(id: string): calendar_v3.Schema$Event {
  return {
    id,
    summary: 'Standup',
    start: { dateTime: '2024-03-04T09:00:00', timeZone: 'America/New_York' },
    end: { dateTime: '2024-03-04T09:30:00', timeZone: 'America/New_York' },
    recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6'],
  };
}
