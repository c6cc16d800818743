import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, type TestApp } from '../harness/app.js';
import { signature } from '../harness/slack-requests.js';

describe('Slack request signatures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Bolt asks Slack for the bot's identity once per process: done here, it is not counted below.
    await t.command('help', admin);
  });
  afterAll(async () => t?.close());

  it('signs like Slack documents it', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  const cases: [string, (body: string) => Parameters<TestApp['requests']['send']>[2]][] = [
    ['missing', () => ({ signature: null })],
    ['wrong', () => ({ signature: `v0=${'0'.repeat(64)}` })],
    ['signed with another secret', (body) => {
      const ts = Math.floor(Date.now() / 1000);
      return { timestamp: ts, signature: signature('ffffffffffffffffffffffffffffffff', ts, body) };
    }],
    ['older than 5 minutes', () => ({ timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })],
  ];

  for (const [name, opts] of cases) {
    it(`rejects a ${name} signature with 401 and does no work`, async () => {
      t.slack.reset();
      const responseUrl = t.slack.responseUrl();
      const body = t.requests.commandBody('help', admin, { response_url: responseUrl });
      const res = await t.requests.send(body, 'application/x-www-form-urlencoded', opts(body));
      expect(res.status).toBe(401);
      // The app works through requests in the order they come: once a later, authentic one is
      // answered, a wrongly accepted one would have shown itself.
      expect((await t.command('help', admin)).response.text).toBe('Calendar Stacker commands');
      expect(t.slack.responses.filter((r) => r.url === responseUrl)).toHaveLength(0);
      expect(t.slack.responses).toHaveLength(1);
      expect(t.slack.calls).toHaveLength(0);
    });
  }

  it('accepts the same request correctly signed', async () => {
    const { ack, response } = await t.command('help', admin);
    expect(ack.status).toBe(200);
    expect(response).toMatchObject({ response_type: 'ephemeral', text: 'Calendar Stacker commands' });
  });
});
