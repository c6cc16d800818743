// Each daily trigger fires a few minutes before the user's minute and leaves a check for the
// minute itself, so a digest goes at its minute however late pg-boss's cron pass comes round.
// A trigger before midnight for a minute after it must find the next day's minute (the unit side,
// the cron expression, is tests/jobs/digest-schedule.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM } from '../harness/app.js';
import { connectedClientApp, type ConnectedApp } from '../harness/connected.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import type { Actor } from '../harness/slack-requests.js';
import { digestFormView } from '../harness/digest-form.js';
import { DIGEST_QUEUE } from '../../src/jobs/digests.js';

const OWL: Actor = { teamId: TEAM, userId: 'U0NIGHTOWL' };

describe('a daily digest set just before midnight for just after it', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  let a: ConnectedApp;
  const digests = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === OWL.userId && String(c.args.text).startsWith('Your daily digest'));

  beforeAll(async () => {
    slack = await startFakeSlack({ teamId: TEAM });
    db = await createTestDatabase();
    // 25 s before midnight in Tokyo (15:00 UTC): time to set up, then the minute comes.
    a = await connectedClientApp({
      now: '2026-12-02T14:59:35Z', slack, db,
      users: [{ id: OWL.userId, team_id: TEAM, tz: 'Asia/Tokyo' }],
      clients: [{ name: 'Acme', email: 'ceo@acme.example', managers: [OWL.userId] }],
    });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await slack?.close();
    await db?.drop();
  });

  it('is sent at its minute, for the new day, by a trigger that fired the evening before', async () => {
    const res = await a.requests.viewSubmission(OWL, digestFormView(OWL, '00:00'));
    expect(res.body).toBe('');
    // Turned on late in the day, for a time already past today: today's goes at once.
    await expect.poll(() => digests().length, { timeout: 10_000 }).toBe(1);
    expect(String(digests()[0]!.args.text)).toContain('Wednesday 2 December');
    expect(a.clock.now().getTime()).toBeLessThan(Date.parse('2026-12-02T15:00:00Z'));
    // Its daily trigger, fired before midnight as its schedule fires it (what pg-boss's cron pass would send).
    await a.app.jobs.send(DIGEST_QUEUE, OWL);
    await expect.poll(() => digests().length, { timeout: 45_000 }).toBe(2);
    expect(a.clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-02T15:00:00Z'));
    expect(String(digests()[1]!.args.text)).toContain('Thursday 3 December');
  }, 60_000);
});
