import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/socket-mode.js';
import { visibleText } from '../harness/visible.js';

describe('Socket Mode', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let t: TestApp;
  beforeAll(async () => {
    slack = await startFakeSlack({ teamId: TEAM });
    socket = await startFakeSocketMode(slack);
    t = await startTestApp({ slack, env: { SLACK_APP_TOKEN: 'xapp-1-A0CALSTACK-test' } });
    await socket.connected();
  });
  afterAll(async () => {
    await t?.close();
    await socket?.close();
    await slack?.close();
  });

  it('connects with the app token and answers /calstack help through response_url', async () => {
    const open = slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe('xapp-1-A0CALSTACK-test');
    const responseUrl = slack.responseUrl();
    // The answer is held at Slack: an ack that waited for the work would never come.
    const release = slack.holdResponses();
    try {
      const ack = await socket.sendCommand({
        team_id: admin.teamId,
        user_id: admin.userId,
        command: '/calstack',
        text: 'help',
        response_url: responseUrl,
        trigger_id: 't.1',
        channel_id: 'C1',
      });
      // Acknowledged with an empty payload: the answer goes to response_url.
      expect(ack).toEqual({ envelope_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), payload: {} });
    } finally {
      release();
    }
    const response = await slack.waitForResponse((r) => r.url === responseUrl);
    expect(visibleText(response.body)).toContain('/calstack help');
  });

  it('still serves health checks on PORT and no Slack events over HTTP', async () => {
    const health = await fetch(`${t.app.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'socket' });
    expect((await fetch(`${t.app.url}/readyz`)).status).toBe(200);
    const events = await fetch(`${t.app.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(events.status).toBe(404);
  });
});
