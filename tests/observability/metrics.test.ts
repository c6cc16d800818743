// The operator's view, read as Prometheus reads it: /metrics over HTTP from the running app after a
// scripted session (commands, a Google 429 retried, a Google refusal, invalid_grant, a Slack 429,
// a dead-lettered job, a digest sent late), with the alert it raises in OPS_CHANNEL and the
// access log it writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { freePort, startTestApp, TEAM, type TestApp } from '../harness/app.js';
import type { Actor } from '../harness/slack-requests.js';
import { scrape, until, valueOf, type Sample } from './scrape.js';
import { opsAlerts } from '../../src/observability/alerts.js';
import { subjectHasher } from '../../src/observability/subject-hash.js';
import { captureLogs } from '../harness/logs.js';

const TOKEN = 'metrics-token-0123456789abcdef';
const OPS = 'C0OPSALERTS';
const NAME = 'Zephyrine';
const EMAIL = 'zed@zephyrine-corp.example';
// 09:00 UTC: a digest set for 00:00 UTC is due at once, nine hours late.
const NOW = '2026-12-02T09:00:00Z';
const READER: Actor = { teamId: TEAM, userId: 'U0READER' };
const LATE: Actor = { teamId: TEAM, userId: 'U0LATE' };

describe('metrics after a scripted session', () => {
  let t: ConnectedApp<typeof NAME>;
  let before: Sample[];
  let after: Sample[];
  let text: string;
  const moved = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
  const opsPosts = () => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === OPS);
  const turnOnDigest = (actor: Actor) =>
    t.requests.viewSubmission(actor, {
      id: `VDIGEST${actor.userId}`, callback_id: 'digest_settings', private_metadata: '',
      state: { values: { digest_on: { value: { type: 'checkboxes', selected_options: [{ value: 'on' }] } }, digest_time: { value: { type: 'timepicker', selected_time: '00:00' } } } },
    });
  const expireToken = () =>
    t.app.db.prisma.googleConnection.update({ where: { clientId: t.ids[NAME] }, data: { status: 'connected', expiresAt: new Date(Date.now() - 1000) } });

  beforeAll(async () => {
    t = await connectedClientApp({
      now: NOW,
      env: { METRICS_TOKEN: TOKEN, METRICS_PORT: String(await freePort()), OPS_CHANNEL: OPS, JOB_RETRY_LIMIT: '0', CALENDAR_CACHE_SECONDS: '0', EVENTS_CACHE_SECONDS: '0' },
      users: [{ id: READER.userId, team_id: TEAM, tz: 'UTC' }, { id: LATE.userId, team_id: TEAM, tz: 'UTC' }],
      clients: [{ name: NAME, email: EMAIL }],
    });
    before = (await scrape(t.app.url, TOKEN)).samples;

    // A job that fails (its DM refused) is dead-lettered at once (JOB_RETRY_LIMIT 0); another user's digest goes, 9 h late.
    t.slack.fail('chat.postMessage', { error: 'channel_not_found', times: 1 });
    await turnOnDigest(READER);
    await until(async () => (await t.app.jobs.deadLettered()).length, (n) => n === 1);
    // The late digest's DM meets Slack's 429 once, and goes after its Retry-After.
    t.slack.fail('chat.postMessage', { status: 429, retryAfter: 1, times: 1 });
    await turnOnDigest(LATE);
    await t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === LATE.userId, 20_000);

    // Google: a 429 retried to success, then a refusal that is not retried.
    t.google.fail({ match: (req) => req.path.includes('/events'), status: 429, retryAfter: 0, times: 1 });
    await t.command(`events ${NAME} dec 21 to dec 21`, operator);
    t.google.fail({ match: (req) => req.path.includes('/events'), status: 403, reason: 'forbidden', times: 1 });
    await t.command(`events ${NAME} dec 22 to dec 22`, operator);

    // A listener that fails on our side: the Home tab Slack refuses to publish.
    t.slack.fail('views.publish', { error: 'internal_error' });
    await t.requests.event(TEAM, { type: 'app_home_opened', user: operator.userId, channel: 'D1', tab: 'home', event_ts: '1.9' });
    await until(async () => t.logs.filter((l) => l.msg === 'slack request handled' && l.kind === 'event').length, (n) => n === 1);

    // Google refuses the refresh token (invalid_grant).
    t.google.revokeAccount(EMAIL);
    await expireToken();
    await t.command(`calendars ${NAME}`, operator);
    // The same condition, seen 19 more times.
    for (let i = 0; i < 19; i++) {
      await expireToken();
      await t.command(`calendars ${NAME}`, operator);
    }
    await t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === OPS, 20_000);
    // The job engine counts its queues every few seconds and the scrape caches them for 5 s.
    await until(async () => valueOf((await scrape(t.app.url, TOKEN)).samples, 'calstack_jobs', { queue: 'daily-digest', state: 'dead_lettered' }), (n) => n === 1);
    ({ samples: after, text } = await scrape(t.app.url, TOKEN));
  }, 120_000);
  afterAll(() => t?.close());

  it('Slack: acks by kind, listeners by command and outcome, Web API calls, 429s and Retry-After', () => {
    // 22 commands, two view submissions; each acked on the ingress thread.
    expect(moved('calstack_slack_ack_seconds_count', { kind: 'command' })).toBe(22);
    expect(moved('calstack_slack_ack_seconds_count', { kind: 'view_submission' })).toBe(2);
    expect(moved('calstack_slack_listener_seconds_count', { kind: 'command', id: 'events', outcome: 'ok' })).toBe(2);
    expect(moved('calstack_slack_listener_seconds_count', { kind: 'command', id: 'calendars' })).toBe(20);
    expect(moved('calstack_slack_listener_seconds_count', { kind: 'view_submission', id: 'digest_settings', outcome: 'ok' })).toBe(2);
    expect(moved('calstack_slack_ack_seconds_count', { kind: 'event' })).toBe(1);
    expect(moved('calstack_slack_listener_seconds_count', { kind: 'event', id: 'app_home_opened', outcome: 'error' })).toBe(1);
    expect(moved('calstack_slack_api_calls_total', { method: 'chat.postMessage', outcome: 'error' })).toBe(1);
    expect(moved('calstack_slack_api_calls_total', { method: 'chat.postMessage', outcome: 'rate_limited' })).toBe(1);
    expect(moved('calstack_slack_api_calls_total', { method: 'chat.postMessage', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(moved('calstack_slack_rate_limited_total', { method: 'chat.postMessage' })).toBe(1);
    expect(moved('calstack_slack_retry_after_seconds_total', { method: 'chat.postMessage' })).toBe(1);
  });

  it('Google: calls by method and outcome, latency, refreshes and invalid_grant, clients by state', () => {
    expect(moved('calstack_google_calls_total', { method: 'events.list', outcome: 'retried' })).toBe(1);
    expect(moved('calstack_google_calls_total', { method: 'events.list', outcome: 'forbidden' })).toBe(1);
    expect(moved('calstack_google_call_seconds_count', { method: 'events.list' })).toBe(2);
    expect(moved('calstack_google_token_refreshes_total', { outcome: 'invalid_grant' })).toBe(20);
    expect(valueOf(after, 'calstack_google_clients', { state: 'needs_reconnect' })).toBe(1);
    expect(valueOf(after, 'calstack_google_clients', { state: 'connected' })).toBe(0);
    expect(valueOf(before, 'calstack_google_clients', { state: 'connected' })).toBe(1);
  });

  it('work and process: dead letters by queue, digest lateness, heartbeat age, event-loop delay', () => {
    expect(valueOf(after, 'calstack_jobs', { queue: 'daily-digest', state: 'dead_lettered' })).toBe(1);
    expect(moved('calstack_digest_lateness_seconds_count')).toBe(1);
    expect(moved('calstack_digest_lateness_seconds_sum')).toBeGreaterThanOrEqual(9 * 3600);
    expect(moved('calstack_digest_lateness_seconds_sum')).toBeLessThan(9 * 3600 + 600);
    expect(valueOf(after, 'calstack_main_heartbeat_age_seconds')).toBeGreaterThan(0);
    expect(after.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it('no label value carries a client name, email or id', () => {
    expect(text.toLowerCase()).not.toContain('zephyrine');
    expect(text).not.toContain(t.ids[NAME]);
    expect(text).not.toContain('@');
  });

  it('the reconnect-needed client is posted in OPS_CHANNEL once though seen 20 times, also from a second replica', async () => {
    const hash = subjectHasher(Buffer.from(t.env.TOKEN_ENCRYPTION_KEY!, 'base64'))(TEAM, t.ids[NAME]);
    // Another replica, on the same database and engine, sees the same condition.
    const replica = opsAlerts({ channel: OPS, jobs: t.app.jobs, hash: subjectHasher(Buffer.from(t.env.TOKEN_ENCRYPTION_KEY!, 'base64')), log: captureLogs().log });
    replica.raise({ condition: 'needs_reconnect', teamId: TEAM, clientId: t.ids[NAME] });
    // The engine polls every half second: a second post would come within this.
    await sleep(2000);
    expect(opsPosts()).toHaveLength(1);
    const posted = String(opsPosts()[0]!.args.text);
    expect(posted).toContain(`\`${hash}\``);
    expect(posted).toContain('/calstack connect');
    expect(posted.toLowerCase()).not.toContain('zephyrine');
  });

  it('one access log line per handled Slack request; Google failures carry the client hash and request id; nothing personal at info', () => {
    const access = t.logs.filter((l) => l.msg === 'slack request handled');
    const events = access.filter((l) => l.kind === 'command' && l.id === 'events');
    expect(events).toHaveLength(2);
    for (const line of events) {
      expect(line).toMatchObject({ level: 30, outcome: 'ok' });
      expect(typeof line.durationMs).toBe('number');
      expect(String(line.reqId)).toMatch(/^[0-9a-f-]{36}$/);
    }
    const hash = subjectHasher(Buffer.from(t.env.TOKEN_ENCRYPTION_KEY!, 'base64'))(TEAM, t.ids[NAME]);
    const failed = t.logs.filter((l) => l.msg === 'a Google call failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ client: hash, status: 403, reason: 'forbidden' });
    expect(events.map((l) => l.reqId)).toContain(failed[0]!.reqId);
    const info = t.rawLogs.filter((l) => JSON.parse(l).level <= 30);
    for (const line of info) expect(line).not.toContain(EMAIL);
  });

  it('METRICS_PORT serves the same metrics without a token', async () => {
    const own = await scrape(`http://127.0.0.1:${t.app.metricsPort}`);
    expect(own.status).toBe(200);
    expect(valueOf(own.samples, 'calstack_google_clients', { state: 'needs_reconnect' })).toBe(1);
  });

  it('without the token, or with another, /metrics answers 401', async () => {
    expect((await scrape(t.app.url)).status).toBe(401);
    expect((await scrape(t.app.url, `${TOKEN}x`)).status).toBe(401);
    expect((await scrape(t.app.url, 'short')).status).toBe(401);
  });
});

describe('metrics not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('with METRICS_TOKEN unset, /metrics is not served at all', async () => {
    const res = await scrape(t.app.url, TOKEN);
    expect(res.status).toBe(404);
    expect(t.app.metricsPort).toBeUndefined();
  });
});
