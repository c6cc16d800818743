import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { connectedClientApp, type ConnectedApp } from '../harness/connected.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../harness/database.js';
import { feedRepository } from '../../src/db/repositories/feed.js';
import { keyFromBase64, SecretBox } from '../../src/db/crypto.js';
import { feedOn, notify, notices, OPERATOR_DM, PUSH, syncsDone, watchedCalendar } from './helpers.js';
import { ACME } from './scenario.js';

describe('the change feed across replicas', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  let a: ConnectedApp;
  let b: TestApp | undefined;
  beforeAll(async () => {
    slack = await startFakeSlack({ teamId: TEAM });
    db = await createTestDatabase();
    a = await connectedClientApp({ slack, db, env: PUSH, operatorTz: 'Europe/Paris', clients: [{ name: 'Acme', email: ACME }] });
    a.google.changes.allowInsecureAddresses();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await slack?.close();
    await db?.drop();
  });

  it('lets exactly one of two syncs that read the same state store it (and so announce it)', async () => {
    await feedOn(a, 'acme', ACME);
    const store = feedRepository(a.app.db.prisma, new SecretBox(keyFromBase64(a.env.TOKEN_ENCRYPTION_KEY ?? '')));
    const calendar = await watchedCalendar(a, ACME);
    const commit = { syncToken: 'token-after', upserts: new Map(), removals: new Set<string>(), replaceAll: false };
    const won = await Promise.all([0, 1, 2].map(() => store.commit(TEAM, calendar.id, calendar.version, commit, new Date())));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await watchedCalendar(a, ACME)).version).toBe(calendar.version + 1);
    // The sync token is stored sealed, and opens to what was committed.
    expect((await watchedCalendar(a, ACME)).syncToken).not.toContain('token-after');
    expect((await store.watched(TEAM, calendar.id))?.calendar.syncToken).toBe('token-after');
    // Put a real token back: the next sync would otherwise get a 410 (and resync quietly).
    await store.dropToken(TEAM, calendar.id);
    await a.app.db.prisma.feedCalendar.update({ where: { id: calendar.id }, data: { lastSyncAt: null } });
  });

  it.skipIf(!TEST_DATABASE_URL)('two app processes on one PostgreSQL database, both told of the same change, post one notice', async () => {
    b = await startTestApp({ slack, db, google: a.google, env: { ...PUSH, GOOGLE_RETRY_BASE_MS: '5', TOKEN_ENCRYPTION_KEY: a.env.TOKEN_ENCRYPTION_KEY ?? '' } });
    const replica = b;
    // A quiet first read again (the previous test dropped the token).
    await a.app.jobs.send('feed-sync', { teamId: TEAM, feedCalendarId: (await watchedCalendar(a, ACME)).id });
    await syncsDone(a, ACME, 1);
    const from = slack.calls.length;
    const version = (await watchedCalendar(a, ACME)).version;
    a.google.addEvent(ACME, ACME, { id: 'replicaevent1', summary: 'Told once', start: { dateTime: '2026-12-04T10:00:00Z' }, end: { dateTime: '2026-12-04T11:00:00Z' } });
    await a.google.changes.settled();
    const delivery = a.google.changes.deliveries.at(-1);
    expect(delivery?.state).toBe('exists');
    // The same notification reaches both replicas, twice each, at once.
    const statuses = await Promise.all([a, replica, a, replica].map((app) => notify(app, delivery?.headers ?? {})));
    expect(statuses).toEqual([200, 200, 200, 200]);
    await syncsDone(a, ACME, 1, version);
    await expect.poll(() => notices(slack, OPERATOR_DM, from), { timeout: 15_000 }).toHaveLength(1);
    // One more sync by the other replica's hand: still one.
    const later = (await watchedCalendar(a, ACME)).version;
    expect(await notify(replica, delivery?.headers ?? {})).toBe(200);
    await syncsDone(a, ACME, 1, later);
    expect(notices(slack, OPERATOR_DM, from)).toEqual(['*Acme*: New event *Told once* \u2014 Fri 4 Dec 11:00\u201312:00']);
  });
});
