// The process-level error policy (src/process-errors.ts), on the real process
// as `npm start` runs it. A preloaded fixture makes a response_url post raise a
// failure nobody can catch, inside a Slack request: a rejection is logged with
// the request's id and the app carries on; an exception is logged with it and
// the app stops the graceful way and exits 1, for its supervisor to restart.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START } from '../harness/node.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { admin, freePort } from '../harness/app.js';
import { SlackRequests } from '../harness/slack-requests.js';

const FAULT = new URL('./fixtures/fault-fetch.mjs', import.meta.url).href;

type Line = Record<string, any>;

describe('the process when something escapes every handler', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  beforeAll(async () => {
    slack = await startFakeSlack();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await slack?.close();
    await db?.drop();
  });

  it('logs an unowned rejection with its request id and lives on; after an uncaught exception it stops gracefully and exits 1', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const secret = 'abcdef0123456789abcdef0123456789';
    const child = spawn(process.execPath, ['--import', FAULT, ...START], {
      cwd: db.dataDir,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-process-errors-test',
        SLACK_SIGNING_SECRET: secret,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        DATA_DIR: db.dataDir,
        LOG_LEVEL: 'debug',
        GOOGLE_CLIENT_ID: 'id',
        GOOGLE_CLIENT_SECRET: 'secret',
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        ...(db.url ? { DATABASE_URL: db.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Line[] = [];
    let partial = '';
    child.stdout!.on('data', (d: Buffer) => {
      const text = partial + String(d);
      const complete = text.split('\n');
      partial = complete.pop() ?? '';
      for (const l of complete.filter(Boolean)) lines.push(JSON.parse(l) as Line);
    });
    const stderr: string[] = [];
    child.stderr!.on('data', (d: Buffer) => stderr.push(String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const find = (pattern: RegExp) => lines.find((l) => pattern.test(String(l.msg)));
    /** The request id the app gave the command whose response_url is `url`. */
    const requestOf = (line: Line) => lines.find((l) => l.msg === 'slack request' && l.reqId === line.reqId);
    try {
      await expect.poll(() => find(/Calendar Stacker is running/), { timeout: 60_000, interval: 100 }).toBeTruthy();
      const requests = new SlackRequests(`http://127.0.0.1:${port}`, secret, () => slack.responseUrl());

      // A rejection nobody handles, during a command.
      expect((await requests.command('help', admin, { response_url: `${slack.responseUrl()}?fault=rejection` })).status).toBe(200);
      await expect.poll(() => find(/no owner to catch it/), { timeout: 10_000 }).toBeTruthy();
      const rejection = find(/no owner to catch it/)!;
      expect(rejection.level).toBe(50);
      expect(rejection.err.message).toBe('provoked: a rejection nobody handles');
      expect(requestOf(rejection)).toMatchObject({ kind: '/calstack', user: admin.userId });
      // The process lives on and answers.
      const next = slack.responseUrl();
      expect((await requests.command('help', admin, { response_url: next })).status).toBe(200);
      expect((await slack.waitForResponse((r) => r.url === next)).body.text).toBe('Calendar Stacker commands');
      expect(child.exitCode).toBeNull();

      // An exception nobody catches, during a command: graceful stop, exit 1.
      expect((await requests.command('help', admin, { response_url: `${slack.responseUrl()}?fault=exception` })).status).toBe(200);
      expect(await exited).toBe(1);
      const fatal = find(/escaped every handler/)!;
      expect(fatal).toMatchObject({ level: 60, err: { message: 'provoked: an exception nobody catches' } });
      expect(requestOf(fatal)).toMatchObject({ kind: '/calstack', user: admin.userId });
      expect(lines.indexOf(find(/^stopped$/)!)).toBeGreaterThan(lines.indexOf(fatal));
      expect(stderr.join('')).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
