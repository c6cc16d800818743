import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { createLogger } from '../../src/logger.js';
import { admin, startTestApp, type TestApp } from '../harness/app.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logs never carry secrets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('redacts secret keys, authorization headers and cookies wherever they sit', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'debug', destination, secrets: ['s3cr3t-signing-value'] });
    log.info({
      token: 'xoxb-111-222-abcdef',
      req: { headers: { authorization: 'Bearer ya29.a0AfH6SMC-long-token', cookie: 'sid=abc123456789' } },
      google: { tokens: { access_token: 'ya29.zzzzzzzzzz', refresh_token: '1//0g-refresh-zzzz' } },
      client_secret: 'GOCSPX-abcdefgh',
    }, 'calling with s3cr3t-signing-value and Authorization: Bearer abcdefghijklmnop');
    const out = lines.join('');
    for (const secret of ['xoxb-111-222-abcdef', 'ya29.a0AfH6SMC-long-token', 'sid=abc123456789', 'ya29.zzzzzzzzzz', '1//0g-refresh-zzzz', 'GOCSPX-abcdefgh', 's3cr3t-signing-value', 'abcdefghijklmnop']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[REDACTED]');
  });

  it('the running app logs neither the bot token, the signing secret nor an Authorization header', async () => {
    // Debug level, a request through Bolt, and a failing Web API call whose
    // error carries request details: the riskiest things the app logs.
    await t.command('help', admin);
    const client = new WebClient(t.config.slack.botToken, {
      slackApiUrl: t.slack.apiUrl,
      logger: undefined,
      retryConfig: { retries: 0 },
    });
    t.slack.fail('auth.test', { error: 'invalid_auth' });
    const err = await client.auth.test().catch((e: unknown) => e);
    t.app.slack.app.logger.error(err, 'probe');
    t.app.slack.app.logger.debug('probe header', { headers: { Authorization: `Bearer ${t.config.slack.botToken}` } });
    const out = t.rawLogs.join('');
    expect(t.rawLogs.length).toBeGreaterThan(3);
    expect(out).not.toContain(t.config.slack.botToken);
    expect(out).not.toContain(t.config.slack.signingSecret);
    expect(out).not.toContain(t.config.google.clientSecret);
    expect(out).not.toMatch(/Bearer xox/);
  });
});
