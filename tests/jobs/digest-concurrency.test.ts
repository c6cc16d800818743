// Digests due at the same minute are sent side by side: one user's digest waiting on a slow
// Google account must not hold back the others' (issue 18, target 5: 500 digests due at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM } from '../harness/app.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import type { Actor } from '../harness/slack-requests.js';
import { digestFormView } from '../harness/digest-form.js';
import { visibleText } from '../harness/visible.js';

const SLOW: Actor = { teamId: TEAM, userId: 'U0SLOWDIGEST' };
const FAST: Actor = { teamId: TEAM, userId: 'U0FASTDIGEST' };

describe('daily digests due at the same time', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  let a: ConnectedApp;
  // 10:00 in Paris, 09:00 UTC: a digest set for 00:00 is due at once, whatever day the suite runs.
  const now = '2026-12-02T09:00:00Z';
  const digestsTo = (user: Actor) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === user.userId && String(c.args.text).startsWith('Your daily digest'));
  const turnOn = (user: Actor) => a.requests.viewSubmission(user, digestFormView(user, '00:00'));

  beforeAll(async () => {
    slack = await startFakeSlack({ teamId: TEAM });
    db = await createTestDatabase();
    a = await connectedClientApp({
      now, slack, db,
      users: [SLOW, FAST].map((u) => ({ id: u.userId, team_id: TEAM, tz: 'UTC' })),
      clients: [
        { name: 'Slowco', email: 'ceo@slowco.example', managers: [operator.userId, SLOW.userId] },
        { name: 'Fastco', email: 'ceo@fastco.example', managers: [operator.userId, FAST.userId] },
      ],
    });
    const at = (h: number) => new Date(Date.parse(now) + h * 3_600_000).toISOString();
    a.google.addEvent('ceo@slowco.example', 'ceo@slowco.example', { id: 'slocoevent1', summary: 'Slowco board meeting', start: { dateTime: at(2) }, end: { dateTime: at(3) } });
    a.google.addEvent('ceo@fastco.example', 'ceo@fastco.example', { id: 'fastcoevent1', summary: 'Fastco stand-up', start: { dateTime: at(2) }, end: { dateTime: at(3) } });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await slack?.close();
    await db?.drop();
  });

  it('one user\u2019s digest waiting on a slow Google account does not hold back another user\u2019s', async () => {
    const held = a.google.hold((req) => req.path.includes('/calendars/ceo@slowco.example/events'));
    try {
      expect((await turnOn(SLOW)).body).toBe('');
      // SLOW's digest job is running: it waits on its client's events.
      await expect.poll(() => held.held.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect((await turnOn(FAST)).body).toBe('');
      await expect.poll(() => digestsTo(FAST).length, { timeout: 8_000 }).toBe(1);
      expect(digestsTo(SLOW)).toHaveLength(0);
    } finally {
      held.release();
    }
    await expect.poll(() => digestsTo(SLOW).length, { timeout: 20_000 }).toBe(1);
    expect(visibleText(digestsTo(SLOW)[0]!.args.blocks)).toContain('Slowco board meeting');
    expect(visibleText(digestsTo(FAST)[0]!.args.blocks)).toContain('Fastco stand-up');
  }, 60_000);
});
