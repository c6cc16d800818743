import { OAuth2Client } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  REDIRECT_URI,
  CALENDAR_SCOPE,
  ALICE,
  BOB,
  fake,
  oauthClient,
  calendarFor,
  consent,
  connect,
  startFakeGoogleEachTest,
} from './google-test-kit.js';

startFakeGoogleEachTest();

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
