import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../harness/logs.js';
import { admin, startTestApp, type TestApp } from '../harness/app.js';
import { loadConfig, secretsOf } from '../../src/config.js';


describe('logs never carry secrets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('redacts secret keys, authorization headers and cookies wherever they sit', () => {
    const { raw: lines, log } = captureLogs({ level: 'debug', secrets: ['s3cr3t-signing-value'] });
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

  it('the running app, failing a Slack call of its own at debug level, logs none of its secrets', async () => {
    const before = t.rawLogs.length;
    t.slack.fail('views.open', { error: 'invalid_auth' });
    const { response } = await t.command('client add Probe', admin);
    expect(response.text).toContain('Something went wrong');
    // The riskiest line the app writes was written: a Web API error, with what Slack answered.
    const failure = t.logs.slice(before).find((l) => l.msg === 'subcommand failed');
    expect(JSON.stringify(failure?.err)).toContain('invalid_auth');
    const out = t.rawLogs.slice(before).join('');
    for (const secret of [t.config.slack.botToken, t.config.slack.signingSecret, t.config.google.clientSecret, t.env.TOKEN_ENCRYPTION_KEY!]) {
      expect(out).not.toContain(secret);
    }
    expect(out).not.toMatch(/Bearer xox/);
  });

  it('the Slack libraries\u2019 logger drops the payloads they append, secrets in them included', () => {
    const before = t.rawLogs.length;
    t.app.slack.app.logger.debug('probe header', { headers: { Authorization: `Bearer ${t.config.slack.botToken}` } });
    const [line] = t.rawLogs.slice(before);
    expect(line).toContain('probe header');
    expect(line).toMatch(/payload omitted, \d+ chars/);
    expect(line).not.toContain(t.config.slack.botToken);
  });

  it('the app\u2019s logger masks a secret handed to it by mistake', () => {
    const { raw: lines, log } = captureLogs({ level: 'debug', secrets: [t.config.slack.botToken] });
    log.debug({ headers: { Authorization: `Bearer ${t.config.slack.botToken}` } }, 'probe header');
    log.info(`token in a message: ${t.config.slack.botToken}`);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('probe header');
    expect(lines[0]).toContain('[REDACTED]');
    expect(lines[1]).toContain('token in a message: [REDACTED]');
    for (const line of lines) expect(line).not.toContain(t.config.slack.botToken);
  });

  it('METRICS_TOKEN is one of the secrets the app\u2019s logger masks', () => {
    const token = 'metrics-bearer-7f3a9c1e5b2d4a6f';
    const config = loadConfig({ ...t.env, METRICS_TOKEN: token });
    const { raw: lines, log } = captureLogs({ level: 'debug', secrets: secretsOf(config) });
    log.info({ scrape: { bearer: token } }, `scraped with ${token}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(token);
    expect(lines[0]).toContain('[REDACTED]');
  });
});
