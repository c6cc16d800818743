import type { calendar_v3 } from '@googleapis/calendar';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { ALICE, CLIENT_ID, fake, oauthClient, calendarFor, connect, startFakeGoogleEachTest } from './google-test-kit.js';

startFakeGoogleEachTest();

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

  it('compresses answers, refusals included, only for a client asking as Google requires (Accept-Encoding and User-Agent)', async () => {
    const token = fake.issueTokens({ email: ALICE, clientId: CLIENT_ID }).access_token;
    const url = `${fake.apiRoot}calendar/v3/users/me/calendarList`;
    const raw = (headers: Record<string, string>) =>
      new Promise<{ status: number; encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        get(url, { headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const asked = await raw({ 'accept-encoding': 'gzip', 'user-agent': 'my-app (gzip)' });
    expect(asked.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(asked.body).toString('utf8'))).toMatchObject({ items: [{ id: ALICE }] });
    // Accept-Encoding alone is not enough for Google.
    const plain = await raw({ 'accept-encoding': 'gzip', 'user-agent': 'my-app' });
    expect(plain.encoding).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8'))).toMatchObject({ items: [{ id: ALICE }] });
    fake.fail({ match: '/calendarList', status: 403, reason: 'rateLimitExceeded' });
    const refused = await raw({ 'accept-encoding': 'gzip', 'user-agent': 'my-app (gzip)' });
    expect(refused).toMatchObject({ status: 403, encoding: 'gzip' });
    expect(JSON.parse(gunzipSync(refused.body).toString('utf8'))).toMatchObject({ error: { errors: [{ reason: 'rateLimitExceeded' }] } });
  });
});
