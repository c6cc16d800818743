// A burst of digests posts each DM straight to the user's id: none asks for conversations.open,
// which Slack limits to 50 a minute per workspace (Tier 3; the fake Slack enforces it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { digestFormView } from '../harness/digest-form.js';

// 09:00 UTC: a digest set for 00:00 UTC is due at once, whatever day the suite runs.
const NOW = '2026-12-02T09:00:00Z';
// More users than conversations.open allows in a minute.
const USERS = Array.from({ length: 60 }, (_, i) => ({ teamId: TEAM, userId: `U0BURST${String(i).padStart(2, '0')}` }));

describe('a burst of digests', () => {
  let t: TestApp;
  const digests = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Your daily digest'));

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    for (const u of USERS) t.slack.addUser({ id: u.userId, team_id: TEAM, tz: 'UTC' });
  });
  afterAll(() => t?.close());

  it('is posted to each user\u2019s id, without one conversations.open per DM', async () => {
    for (const u of USERS) expect((await t.requests.viewSubmission(u, digestFormView(u, '00:00'))).body).toBe('');
    await expect.poll(() => digests().length, { timeout: 40_000 }).toBe(USERS.length);
    expect(digests().map((c) => c.args.channel).sort()).toEqual(USERS.map((u) => u.userId).sort());
    expect(t.slack.callsTo('conversations.open')).toEqual([]);
  }, 60_000);
});
