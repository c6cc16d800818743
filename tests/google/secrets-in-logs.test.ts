import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { submitClientForm } from '../harness/client-form.js';
import { disconnectConfirmed, followLink, requestLink } from './helpers.js';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { boltLogger } from '../../src/slack/web-api/bolt-logger.js';
import { visibleText } from '../harness/visible.js';

const operator = { teamId: TEAM, userId: 'U0OPERATOR' };

// Google's token shapes (the fake mints the same): access tokens, refresh tokens, authorization codes.
const TOKEN_SHAPES = [/ya29\.[\w-]{8,}/, /1\/\/0[\w-]{8,}/, /4\/0[\w-]{8,}/];

describe('at LOG_LEVEL=debug, nothing secret or single-use reaches a log line', () => {
  let t: TestApp;
  let google: FakeGoogle;
  beforeAll(async () => {
    google = await startFakeGoogle();
    t = await startTestApp({ google, env: { LOG_LEVEL: 'debug' } });
    t.slack.addUser({ id: operator.userId, team_id: TEAM, tz: 'UTC' });
    for (const email of ['ceo@acme.com', 'assistant@acme.com']) google.addAccount({ email });
    await submitClientForm(t, operator, { name: 'Acme', timeZone: 'UTC', managers: [operator.userId] });
  });
  afterAll(async () => {
    await t?.close();
    await google?.close();
  });

  it('through a connect, a reconnect, a refresh, calendar calls, a failed callback and a disconnect Google did not confirm', async () => {
    const secrets: string[] = [];
    /** What the app sent Google so far: codes, PKCE verifiers, refresh and revoked tokens; then a clean fake. */
    const harvest = () => {
      for (const req of google.requests) {
        const body = (req.body ?? {}) as Record<string, unknown>;
        for (const key of ['code', 'code_verifier', 'refresh_token', 'token', 'client_secret']) {
          if (typeof body[key] === 'string') secrets.push(body[key]);
        }
      }
      google.reset();
    };
    const journey = async (email: string) => {
      const link = await requestLink(t, operator, 'acme');
      google.nextConsent(email);
      const done = await followLink(link);
      expect(done.status).toBe(200);
      const callback = new URL(done.callbackUrl);
      secrets.push(link.split('/').pop()!, done.authLocation.searchParams.get('state')!, callback.searchParams.get('code')!);
    };
    await journey('ceo@acme.com');
    await journey('assistant@acme.com'); // revokes the first grant
    google.expireAccessTokens();
    await t.app.db.prisma.googleConnection.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(visibleText((await t.command('calendars acme', operator)).response)).toContain('assistant@acme.com'); // refreshes
    expect((await t.command('events acme', operator)).response).toBeTruthy();
    // A refresh Google fails: the error (with its request) is logged.
    google.fail({ match: '/token', status: 500, times: Infinity });
    google.expireAccessTokens();
    await t.app.db.prisma.googleConnection.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await t.command('calendars acme', operator)).response).toBeTruthy();
    harvest();

    // A callback for a link that is spent, carrying a state and a code in its URL.
    const spent = await requestLink(t, operator, 'acme');
    const start = await fetch(spent, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    secrets.push(spent.split('/').pop()!, state);
    await fetch(`${t.config.http.publicUrl}/oauth/google/callback?state=${state}&code=4/0forgedcode123456789`);

    // Disconnect while Google's revoke endpoint fails.
    google.fail({ match: '/revoke', status: 503, times: Infinity });
    const responseUrl = await disconnectConfirmed(t, operator, 'acme');
    await t.slack.waitForResponse((r) => r.url === responseUrl);

    harvest();
    expect(secrets.length).toBeGreaterThan(10);

    const out = t.rawLogs.join('');
    expect(out).toContain('chat.postMessage'); // the Web API client did log at debug
    for (const secret of secrets) expect(out, 'a secret in the logs').not.toContain(secret);
    for (const shape of TOKEN_SHAPES) expect(out).not.toMatch(shape);
    expect(out).not.toMatch(/oauth\/google\/start\/[\w-]{20,}/);
    expect(out).not.toMatch(/[?&](state|code)=[\w%/-]{8,}/);
  }, 60_000);
});

describe('every way a secret could reach a line is closed, at every level', () => {
  const capture = () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _e, done) => void (lines.push(String(chunk)), done()) });
    return { lines, log: createLogger({ level: 'trace', destination }) };
  };
  const link = 'http://calstack.example.com/oauth/google/start/Zk3pQ9vX2mN8bR4tL6wY1cE5hJ7uA0sD9fG3kP2qW8e';
  const callback = 'https://calstack.example.com/oauth/google/callback?state=s7aTeVaLuE1234567890abcdEFGH&code=4/0AfJohXmSecretCode123&scope=email';

  it('our own lines: paths, URLs, form bodies and Google token shapes are masked in messages and fields alike', () => {
    const { lines, log } = capture();
    // As the ingress thread reports a proxied request, and as an error carrying its request would.
    log.error({ path: link.replace('http://calstack.example.com', ''), requestId: 'r1' }, 'the app did not answer a proxied request');
    log.warn({ url: callback, body: 'grant_type=refresh_token&refresh_token=1//0gRefreshSecret99&client_secret=GOCSPX-zz' }, `fetch ${callback} failed`);
    log.info(`revoking https://oauth2.googleapis.com/revoke?token=ya29.a0AccessSecret42 for ${link}`);
    log.debug({ tokens: 'ya29.a0AnotherSecret77 1//0gAnotherRefresh88' }, 'token shapes in an unexpected key');
    const out = lines.join('');
    for (const secret of ['Zk3pQ9vX2mN8bR4tL6wY1cE5hJ7uA0sD9fG3kP2qW8e', 's7aTeVaLuE1234567890abcdEFGH', 'AfJohXmSecretCode123', 'RefreshSecret99', 'GOCSPX-zz', 'AccessSecret42', 'AnotherSecret77', 'AnotherRefresh88']) {
      expect(out, secret).not.toContain(secret);
    }
    expect(out).toContain('/oauth/google/start/[REDACTED]');
    expect(out).toContain('scope=email'); // harmless parameters stay readable
    log.info('moved to 14/01/2026 at 4/05; exit code 1; state connected');
    expect(lines.at(-1)).toContain('moved to 14/01/2026 at 4/05; exit code 1; state connected');
    expect(lines).toHaveLength(5);
  });

  it('Bolt, the Web API client and the Socket Mode client: payloads are dropped, what happened stays', () => {
    const { lines, log } = capture();
    const bolt = boltLogger(log);
    const body = { channel: 'D1', blocks: [{ type: 'actions', elements: [{ type: 'button', url: link.replace('/start/', '/start/x') }] }], response_url: 'https://hooks.slack.com/actions/T1/1/secretHook' };
    bolt.debug(`http request body: ${JSON.stringify(body)}`);
    bolt.debug('http request result:', body);
    bolt.debug(`Received a message on the WebSocket: ${JSON.stringify({ envelope_id: 'e1', payload: body })}`);
    bolt.warn('http request failed', JSON.stringify(body));
    bolt.error(new Error('An API error occurred: invalid_blocks'), `with ${JSON.stringify(body)}`);
    const out = lines.join('');
    expect(out).not.toContain('secretHook');
    expect(out).not.toContain('/start/x');
    expect(out).toContain('http request body: [payload omitted');
    expect(out).toContain('Received a message on the WebSocket: [payload omitted');
    expect(out).toContain('invalid_blocks');
  });
});
