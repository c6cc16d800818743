import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, TEAM, OTHER_TEAM, type TestApp } from '../harness/app.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { nextModal } from '../harness/modals.js';
import { submitClientForm } from '../harness/client-form.js';
import { followLink, requestLink, twoConsents } from './helpers.js';
import { keyFromBase64 } from '../../src/db/crypto.js';
import { stringsHolding, visibleText } from '../harness/visible.js';

const operator = { teamId: TEAM, userId: 'U0OPERATOR' };
const outsider = { teamId: OTHER_TEAM, userId: 'U0OUTSIDER' };
const CAL = 'https://www.googleapis.com/auth/calendar';

describe('connecting a client\u2019s Google account', () => {
  let t: TestApp;
  let google: FakeGoogle;
  let acmeId: string;
  const connection = () => t.app.db.prisma.googleConnection.findUnique({ where: { clientId: acmeId } });

  beforeAll(async () => {
    google = await startFakeGoogle();
    t = await startTestApp({ google });
    t.slack.addUser({ id: admin.userId, team_id: TEAM, is_admin: true, tz: 'UTC' });
    t.slack.addUser({ id: operator.userId, team_id: TEAM, tz: 'Europe/Paris' });
    t.slack.addUser({ id: outsider.userId, team_id: OTHER_TEAM, is_admin: true, tz: 'UTC' });
    google.addAccount({ email: 'ceo@acme.com' });
    google.addAccount({ email: 'no@acme.com', deny: true });
    google.addAccount({ email: 'stingy@acme.com', grantScopes: [`${CAL}.events.readonly`] });
    google.addAccount({ email: 'offline-less@acme.com', omitRefreshToken: true });
    await submitClientForm(t, operator, { name: 'Acme', timeZone: 'Europe/Paris', managers: [operator.userId] });
    acmeId = (await t.app.db.prisma.client.findFirstOrThrow({ where: { teamId: TEAM, name: 'Acme' } })).id;
  });
  afterAll(async () => {
    await t?.close();
    await google?.close();
  });

  it('the full handshake: DM link, consent with PKCE, tokens stored encrypted, DM and Home updated', async () => {
    const link = await requestLink(t, operator, 'acme');
    expect(link).toMatch(new RegExp(`^${t.config.http.publicUrl}/oauth/google/start/[A-Za-z0-9_-]{43}$`));
    // Only the link's hash is stored.
    const token = link.split('/').pop()!;
    const links = await t.app.db.prisma.oAuthLink.findMany();
    expect(links.map((l) => l.id)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(links)).not.toContain(token);

    google.nextConsent('ceo@acme.com');
    const since = t.slack.calls.length;
    const journey = await followLink(link);
    const q = journey.authLocation.searchParams;
    expect(`${journey.authLocation.origin}${journey.authLocation.pathname}`).toBe(google.authUrl);
    expect(q.get('client_id')).toBe(t.config.google.clientId);
    expect(q.get('redirect_uri')).toBe(`${t.config.http.publicUrl}/oauth/google/callback`);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('include_granted_scopes')).toBe('true');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('scope')!.split(' ').sort()).toEqual(
      [`${CAL}.calendarlist.readonly`, `${CAL}.events`, `${CAL}.events.freebusy`, 'openid', 'email'].sort(),
    );
    const state = q.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(43);
    const states = await t.app.db.prisma.oAuthState.findMany();
    expect(JSON.stringify(states)).not.toContain(state);

    expect(journey.status).toBe(200);
    expect(journey.page).toContain('Acme\u2019s calendar is connected');
    expect(journey.page).toContain('ceo@acme.com');

    const row = await connection();
    expect(row).toMatchObject({ status: 'connected', googleEmail: 'ceo@acme.com', connectedBy: operator.userId });
    expect(row!.accessToken).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(row!.refreshToken).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(row!.scopes).toContain(`${CAL}.events`);
    expect(row!.expiresAt!.getTime()).toBeGreaterThan(Date.now());

    await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since && visibleText(c.args).includes('*Acme* is connected as ceo@acme.com'));
    await t.slack.waitForCall('views.publish', (c) => t.slack.calls.indexOf(c) >= since && visibleText(c.args.view).includes('connected as ceo@acme.com'));

    // The stored tokens work: the calendar list comes from Google.
    const { response } = await t.command('calendars acme', operator);
    expect(visibleText(response)).toContain('ceo@acme.com');
    const list = await t.command('clients', operator);
    expect(visibleText(list.response)).toContain('Google: connected as ceo@acme.com');

    // The link is spent.
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
  });

  describe('failures store nothing, explain themselves and DM the requester', () => {
    const tokensBefore = async () => (await connection())?.accessToken;

    it('a forged state', async () => {
      const before = await tokensBefore();
      const res = await fetch(`${t.config.http.publicUrl}/oauth/google/callback?state=forged&code=whatever`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('not one we started');
      expect(await tokensBefore()).toBe(before);
    });

    it('a reused state', async () => {
      google.nextConsent('ceo@acme.com');
      const journey = await followLink(await requestLink(t, operator, 'acme'));
      expect(journey.status).toBe(200);
      const before = await tokensBefore();
      const replay = await fetch(journey.callbackUrl);
      expect(replay.status).toBe(400);
      expect(await replay.text()).toContain('already completed');
      expect(await tokensBefore()).toBe(before);
    });

    it('an expired state', async () => {
      const link = await requestLink(t, operator, 'acme');
      const start = await fetch(link, { redirect: 'manual' });
      const auth = new URL(start.headers.get('location')!);
      await t.app.db.prisma.oAuthState.updateMany({ where: { usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
      google.nextConsent('ceo@acme.com');
      const consent = await fetch(auth, { redirect: 'manual' });
      const before = await tokensBefore();
      const res = await fetch(consent.headers.get('location')!);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('expired');
      expect(await tokensBefore()).toBe(before);
    });

    // The page is read by the client who opened the link, who may never use Slack: it tells them
    // to ask the sender for a new link, with no Slack command and no markdown backticks.
    const readsForTheClient = (page: string) => {
      expect(page).toContain('Ask the person who sent you this link for a new one.');
      expect(page).not.toContain('/calstack');
      expect(page).not.toContain('`');
    };

    it('an expired or unknown link', async () => {
      const link = await requestLink(t, operator, 'acme');
      await t.app.db.prisma.oAuthLink.updateMany({ where: { usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const expired = await fetch(link, { redirect: 'manual' });
      expect(expired.status).toBe(410);
      const expiredPage = await expired.text();
      expect(expiredPage).toContain('expired');
      readsForTheClient(expiredPage);
      const unknown = await fetch(`${t.config.http.publicUrl}/oauth/google/start/nope`, { redirect: 'manual' });
      expect(unknown.status).toBe(404);
      const unknownPage = await unknown.text();
      expect(unknownPage).toContain('not valid');
      readsForTheClient(unknownPage);
    });

    it('a refusal only the sender can fix sends the client back to the sender, and the sender to the client\u2019s settings', async () => {
      const { page, dm } = await callback({ state: await freshState(), error: 'invalid_client' });
      expect(page).toContain('does not recognise the Google OAuth app');
      expect(page).toContain('the person who sent you this link');
      expect(page).not.toContain('/calstack');
      expect(page).not.toContain('`');
      expect(visibleText(dm)).toContain('`/calstack client google acme`');
    });

    it('another workspace cannot ask for a link to this workspace\u2019s client', async () => {
      const since = t.slack.calls.length;
      const links = await t.app.db.prisma.oAuthLink.count();
      await t.requests.blockAction(outsider, { type: 'button', action_id: 'client_connect', value: acmeId });
      const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since);
      expect(visibleText(dm.args)).toContain('no longer exists');
      expect(await t.app.db.prisma.oAuthLink.count()).toBe(links);
    });

    const failing: [string, string, string][] = [
      ['consent denied', 'no@acme.com', 'declined'],
      ['fewer scopes granted than needed', 'stingy@acme.com', 'Not every permission'],
      ['no refresh token returned', 'offline-less@acme.com', 'offline access'],
    ];
    for (const [name, email, says] of failing) {
      it(name, async () => {
        const before = await connection();
        google.nextConsent(email);
        const since = t.slack.calls.length;
        const journey = await followLink(await requestLink(t, operator, 'acme'));
        expect(journey.status).toBe(400);
        expect(journey.page).toContain(says);
        expect(await connection()).toEqual(before);
        await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since && visibleText(c.args).includes('did not work') && visibleText(c.args).includes(says));
      });
    }

    /** A fresh state of ours, as Google would send it back. */
    const freshState = async () => {
      const start = await fetch(await requestLink(t, operator, 'acme'), { redirect: 'manual' });
      return new URL(start.headers.get('location')!).searchParams.get('state')!;
    };
    const callback = async (query: Record<string, string>) => {
      const since = t.slack.calls.length;
      const res = await fetch(`${t.config.http.publicUrl}/oauth/google/callback?${new URLSearchParams(query)}`);
      const page = await res.text();
      const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since && visibleText(c.args).includes('did not work'));
      return { res, page, dm: dm.args };
    };

    it('repeats nothing from the query string: unknown errors get our generic wording', async () => {
      const evil = ['Sign in again at https://evil.example/login', '<script>alert(1)</script>', '__proto__', 'constructor', 'access_denied '];
      for (const error of evil) {
        const description = `Your session ended; re-enter your password at https://evil.example/${error.length}`;
        const { res, page, dm } = await callback({ state: await freshState(), error, error_description: description });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
        for (const text of [page, visibleText(dm)]) expect(text).toContain('Google could not complete the authorization');
        for (const echoed of ['evil.example', 'script', 'proto', 'constructor']) {
          expect(page).not.toContain(echoed);
          expect(stringsHolding(dm, echoed)).toEqual([]);
        }
      }
    });

    it('words Google\u2019s documented error codes itself, never with their description', async () => {
      const cases: [string, string][] = [
        ['access_denied', 'was declined at Google'],
        ['invalid_scope', 'did not accept the permissions'],
        ['admin_policy_enforced', 'administrator'],
        ['org_internal', 'only to users of its own organisation'],
        ['temporarily_unavailable', 'temporarily unavailable'],
      ];
      for (const [error, says] of cases) {
        const { page, dm } = await callback({ state: await freshState(), error, error_description: 'Call +1 555 0100 to fix this at https://evil.example' });
        for (const text of [page, visibleText(dm)]) expect(text, error).toContain(says);
        for (const echoed of ['evil.example', '555']) {
          expect(page).not.toContain(echoed);
          expect(stringsHolding(dm, echoed)).toEqual([]);
        }
      }
    });
  });

  it('a stale authorization from the same link cannot replace the connection made meanwhile', async () => {
    google.addAccount({ email: 'rival@acme.com' });
    // The link is opened twice: two consent screens, each with its own state.
    const [staleCallback, freshCallback] = await twoConsents(google, await requestLink(t, operator, 'acme'), ['rival@acme.com', 'ceo@acme.com']);

    const done = await fetch(freshCallback);
    expect(done.status).toBe(200);
    const connected = await connection();
    expect(connected?.googleEmail).toBe('ceo@acme.com');

    const exchangesBefore = google.tokenRequests.length;
    const stale = await fetch(staleCallback);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('already been used');
    expect(await connection()).toEqual(connected);
    // Refused before its code was exchanged: Google never made a grant for it.
    expect(google.tokenRequests.length).toBe(exchangesBefore);
  });

  it('disconnect asks first, revokes at Google, deletes the tokens and leaves an audit record', async () => {
    const refreshToken = (await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: acmeId } })).refreshToken;
    // Stored sealed with the current key: `v1.<keyId>.<nonce>.<ciphertext>`.
    expect(refreshToken).toMatch(new RegExp(`^v1\\.${keyFromBase64(t.env.TOKEN_ENCRYPTION_KEY!).id}\\.[\\w-]+\\.[\\w-]+$`));
    const since = t.slack.calls.length;
    await t.requests.command('disconnect acme', operator);
    const confirm = await nextModal(t, since, 'client_disconnect');
    expect(visibleText(confirm)).toContain('Disconnect *Acme* from Google (ceo@acme.com)?');
    expect(await connection()).not.toBeNull();
    const revokedBefore = google.revoked.length;
    const res = await t.requests.viewSubmission(operator, { id: 'V1', callback_id: 'client_disconnect', private_metadata: confirm.private_metadata, state: { values: {} } });
    expect(res.body).toBe('');
    await expect.poll(() => connection()).toBeNull();
    expect(google.revoked.length).toBe(revokedBefore + 1);
    expect(google.revoked.at(-1)!.email).toBe('ceo@acme.com');
    const audit = await t.app.db.prisma.auditLog.findFirst({ where: { entityId: acmeId, action: 'google.disconnect' } });
    expect(audit?.actorId).toBe(operator.userId);
    const { response } = await t.command('calendars acme', operator);
    expect(visibleText(response)).toContain('isn\u2019t connected to Google yet');
  });
});
