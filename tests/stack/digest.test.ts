import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../harness/database.js';
import { dueDate } from '../../src/core/digest/service.js';
import { openDatabase } from '../../src/db/database.js';
import { visibleText } from '../harness/visible.js';
import { digestFormView } from '../harness/digest-form.js';
import { callbackIdOf } from '../slack/sent-blocks.js';
import { DIGEST_QUEUE } from '../../src/jobs/digests.js';
import { JOBS_SCHEMA } from '../../src/jobs/engine.js';

/** A user whose digest is made due on demand: each one sent proves the digest queue went round once more. */
const SENTINEL = { teamId: TEAM, userId: 'U0SENTINEL' };
const allDigests = (slack: FakeSlack) => slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Your daily digest'));
const digestsSent = (slack: FakeSlack) => allDigests(slack).filter((c) => c.args.channel !== SENTINEL.userId);

/** How often an app has logged `msg` (its log spans its restarts). */
const logged = (app: TestApp, msg: string) => app.logs.filter((line) => line.msg === msg).length;

/**
 * Resolves once every digest job queued before this call has finished, in place of sleeping.
 * Each app queues a check for every user when it starts (its "resumed" line, logged once per
 * start), so that look must be over first; then sentinel digests, made due on demand and taken by
 * whichever app is quickest (that is up to pg-boss, not the test), let the queue go round a few
 * times; as an app runs several digests at once, the jobs fetched before a sentinel may still run
 * beside it, so at last no digest job may be ready or running any more (a delayed one, due later,
 * is not waited for). The sentinel's job is what its daily schedule would send.
 */
async function passesDone(slack: FakeSlack, db: { prisma: TestApp['app']['db']['prisma'] }, apps: TestApp[]): Promise<void> {
  for (const app of apps) {
    await expect.poll(() => logged(app, 'daily digests resumed') - logged(app, 'Calendar Stacker is running'), { timeout: 20_000 }).toBe(0);
  }
  const sentinels = () => allDigests(slack).filter((c) => c.args.channel === SENTINEL.userId).length;
  for (let round = 0; round < 2 * apps.length; round++) {
    const before = sentinels();
    await db.prisma.userSettings.update({ where: { teamId_userId: SENTINEL }, data: { digestEnabled: true, lastDigestOn: '2000-01-01' } });
    await apps[round % apps.length]!.app.jobs.send(DIGEST_QUEUE, SENTINEL);
    await expect.poll(sentinels, { timeout: 10_000 }).toBeGreaterThan(before);
  }
  const unfinished = async () =>
    (await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))`,
      DIGEST_QUEUE,
    ))[0]?.n;
  await expect.poll(unfinished, { timeout: 20_000 }).toBe(0);
}

describe('the daily digest', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  let a: ConnectedApp;
  const env = { GOOGLE_RETRY_BASE_MS: '5' };
  // 10:00 in Paris: the digest set for 00:00 is due, whatever day the suite runs.
  const now = '2026-12-02T09:00:00Z';

  beforeAll(async () => {
    slack = await startFakeSlack({ teamId: TEAM });
    db = await createTestDatabase();
    a = await connectedClientApp({ now, slack, db, env, operatorTz: 'Europe/Paris', clients: [{ name: 'Acme', email: 'ceo@acme.com' }] });
    // Late on the app's today in Paris; the offset comes from the zone database.
    const late = DateTime.fromJSDate(a.clock.now(), { zone: 'Europe/Paris' }).set({ hour: 23, minute: 0, second: 0, millisecond: 0 });
    a.google.addEvent('ceo@acme.com', 'ceo@acme.com', { id: 'digestevent1', summary: 'Morning review', start: { dateTime: late.toISO()! }, end: { dateTime: late.plus({ minutes: 30 }).toISO()! } });
  });
  afterAll(async () => {
    await a?.close();
    await slack?.close();
    await db?.drop();
  });
  beforeAll(async () => {
    // Not due until passesDone() makes it so.
    slack.addUser({ id: SENTINEL.userId, team_id: TEAM, tz: 'UTC' });
    await a.app.db.prisma.userSettings.create({ data: { ...SENTINEL, digestEnabled: false, digestTime: '00:00', digestTimeZone: 'UTC' } });
  });

  it('is due once a day, at or after the chosen time in the user\u2019s zone', () => {
    const sub = { teamId: TEAM, userId: 'U1', time: '08:00', timeZone: 'America/New_York', lastSentOn: null };
    expect(dueDate(sub, new Date('2026-12-07T12:59:00Z'))).toBeNull(); // 07:59 New York
    expect(dueDate(sub, new Date('2026-12-07T13:00:00Z'))).toBe('2026-12-07');
    expect(dueDate({ ...sub, lastSentOn: '2026-12-07' }, new Date('2026-12-07T20:00:00Z'))).toBeNull();
    expect(dueDate({ ...sub, lastSentOn: '2026-12-07' }, new Date('2026-12-08T13:00:00Z'))).toBe('2026-12-08');
  });

  it('is turned on from the Home tab and sent once, with the stacked agenda', async () => {
    const since = slack.calls.length;
    await a.requests.blockAction(operator, { type: 'button', action_id: 'home_digest' });
    const modal = await slack.waitForCall('views.update', (c) => slack.calls.indexOf(c) >= since && callbackIdOf(c.args.view) === 'digest_settings');
    expect(visibleText(modal.args.view)).toContain('Europe/Paris');
    const res = await a.requests.viewSubmission(operator, digestFormView(operator, '00:00'));
    expect(res.body).toBe('');
    await expect.poll(() => digestsSent(slack).length, { timeout: 10_000 }).toBe(1);
    await passesDone(slack, a.app.db, [a]);
    expect(digestsSent(slack)).toHaveLength(1);
    expect(visibleText(digestsSent(slack)[0]!.args.blocks)).toContain('Morning review');
    const settings = await a.app.db.prisma.userSettings.findUniqueOrThrow({ where: { teamId_userId: { teamId: TEAM, userId: operator.userId } } });
    expect(settings).toMatchObject({ digestEnabled: true, digestTime: '00:00', digestTimeZone: 'Europe/Paris' });
  });

  it.skipIf(!TEST_DATABASE_URL)('three app processes on one PostgreSQL database send exactly one digest', async () => {
    await a.app.db.prisma.userSettings.updateMany({ data: { lastDigestOn: '2000-01-01' } });
    const before = digestsSent(slack).length;
    const replicas: TestApp[] = [];
    try {
      for (let i = 0; i < 2; i++) replicas.push(await startTestApp({ now, slack, google: a.google, db, env: { ...env, TOKEN_ENCRYPTION_KEY: a.env.TOKEN_ENCRYPTION_KEY! } }));
      await expect.poll(() => digestsSent(slack).length - before, { timeout: 10_000 }).toBe(1);
      await passesDone(slack, a.app.db, [a, ...replicas]);
      expect(digestsSent(slack).length - before).toBe(1);
    } finally {
      for (const replica of replicas) await replica.stopApp();
    }
  }, 60_000);

  it('a restart after the due time sends it once, late, and not again', async () => {
    await a.stopApp();
    const before = digestsSent(slack).length;
    // While the app is down: the last digest went out long ago, so today's is overdue.
    const offline = await openDatabase({ url: db.url, dataDir: db.dataDir });
    await offline.prisma.userSettings.updateMany({ data: { lastDigestOn: '2000-01-01' } });
    await offline.close();
    await a.restart();
    await expect.poll(() => digestsSent(slack).length - before, { timeout: 10_000 }).toBe(1);
    await a.restart();
    await passesDone(slack, a.app.db, [a]);
    expect(digestsSent(slack).length - before).toBe(1);
  });
});

describe('the daily digest follows the user\u2019s time zone', () => {
  const MOVER = { teamId: TEAM, userId: 'U0MOVER' };
  let db: TestDatabase;
  let slack: FakeSlack;
  // One app on the embedded database; three replicas of it on PostgreSQL, as production runs.
  let apps: TestApp[] = [];
  const moverDigests = () => allDigests(slack).filter((c) => c.args.channel === MOVER.userId);
  const saveDigestAt = (time: string) => apps[0]!.requests.viewSubmission(MOVER, digestFormView(MOVER, time));
  const scheduleOf = () => apps[0]!.app.jobs.schedules(DIGEST_QUEUE, 'T0ACME/U0MOVER');

  // Starts 10 s before 08:00 in New York (12:59:50Z): 04:59 in Los Angeles.
  beforeAll(async () => {
    slack = await startFakeSlack({ teamId: TEAM });
    db = await createTestDatabase();
    const first = await startTestApp({ now: '2026-12-02T12:59:50Z', slack, db });
    apps = [first];
    if (TEST_DATABASE_URL) {
      for (let i = 0; i < 2; i++) apps.push(await startTestApp({ now: '2026-12-02T12:59:50Z', slack, db, env: { TOKEN_ENCRYPTION_KEY: first.env.TOKEN_ENCRYPTION_KEY! } }));
    }
    slack.addUser({ id: SENTINEL.userId, team_id: TEAM, tz: 'UTC' });
    await first.app.db.prisma.userSettings.create({ data: { ...SENTINEL, digestEnabled: false, digestTime: '00:00', digestTimeZone: 'UTC' } });
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.stopApp();
    await slack?.close();
    await db?.drop();
  });

  it('is scheduled at the user\u2019s time in their zone, moves when Slack says their zone changed, and is sent once', async () => {
    slack.addUser({ id: MOVER.userId, team_id: TEAM, tz: 'America/Los_Angeles' });
    expect((await saveDigestAt('08:00')).body).toBe('');
    await expect.poll(scheduleOf).toEqual([{ key: 'T0ACME/U0MOVER', cron: '55 7 * * *', timeZone: 'America/Los_Angeles', data: MOVER }]);
    await passesDone(slack, apps[0]!.app.db, apps);
    expect(moverDigests()).toHaveLength(0); // not yet 08:00 in Los Angeles

    // They move to New York: Slack tells the app (one replica of it) with a user_change event.
    slack.addUser({ id: MOVER.userId, team_id: TEAM, tz: 'America/New_York' });
    const told = await apps[apps.length - 1]!.requests.event(TEAM, { type: 'user_change', user: { id: MOVER.userId, team_id: TEAM, tz: 'America/New_York' }, event_ts: '3.1', cache_ts: 3 });
    expect(told.status).toBe(200);
    await expect.poll(scheduleOf).toEqual([{ key: 'T0ACME/U0MOVER', cron: '55 7 * * *', timeZone: 'America/New_York', data: MOVER }]);
    // Sent once the app's clock reaches 08:00 in New York, for New York's date.
    await expect.poll(() => moverDigests().length, { timeout: 40_000 }).toBe(1);
    expect(apps[0]!.clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-02T13:00:00Z'));
    expect(String(moverDigests()[0]!.args.text)).toContain('Wednesday 2 December');
    const settings = await apps[0]!.app.db.prisma.userSettings.findUniqueOrThrow({ where: { teamId_userId: MOVER } });
    expect(settings).toMatchObject({ digestTime: '08:00', digestTimeZone: 'America/New_York' });

    // Every replica restarted: nobody sends it again.
    for (const app of apps) await app.restart();
    await passesDone(slack, apps[0]!.app.db, apps);
    expect(moverDigests()).toHaveLength(1);
  }, 120_000);

  it('ignores a profile change that leaves the zone as it was, or names no zone Slack could mean', async () => {
    const before = slack.calls.length;
    for (const tz of ['America/New_York', 'Mars/Olympus_Mons']) {
      expect((await apps[0]!.requests.event(TEAM, { type: 'user_change', user: { id: MOVER.userId, team_id: TEAM, tz }, event_ts: '3.2', cache_ts: 4 })).status).toBe(200);
    }
    await passesDone(slack, apps[0]!.app.db, apps);
    await expect(scheduleOf()).resolves.toEqual([{ key: 'T0ACME/U0MOVER', cron: '55 7 * * *', timeZone: 'America/New_York', data: MOVER }]);
    // No Home refresh for a change that moved nothing.
    expect(slack.calls.slice(before).filter((c) => c.method === 'views.publish' && c.args.user_id === MOVER.userId)).toHaveLength(0);
  }, 60_000);
});
