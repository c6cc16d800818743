import { spawn, type ChildProcess } from 'node:child_process';
import { machineEnv, START } from '../harness/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { admin, freePort } from '../harness/app.js';
import { SlackRequests } from '../harness/slack-requests.js';

const FAULT = new URL('./fixtures/fault-fetch.mjs', import.meta.url).href;

type Line = Record<string, any>;


function waitForLine(child: ChildProcess, lines: string[], pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const found = lines.find((l) => pattern.test(l));
    if (found) return resolve(found);
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got:\n${lines.join('')}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const hit = lines.find((l) => pattern.test(l));
      if (hit) {
        clearTimeout(timer);
        resolve(hit);
      }
    });
  });
}

const secret = 'abcdef0123456789abcdef0123456789';

/** `npm start` on the fake Slack and the test database, with `nodeArgs` before the script. */
function startProcess(slack: FakeSlack, db: TestDatabase, port: number, opts: { nodeArgs?: string[]; env?: Record<string, string> } = {}) {
  return spawn(process.execPath, [...(opts.nodeArgs ?? []), ...START], {
    cwd: db.dataDir,
    env: {
      ...machineEnv(),
      SLACK_BOT_TOKEN: 'xoxb-shutdown-test',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      DATA_DIR: db.dataDir,
      GOOGLE_CLIENT_ID: 'id',
      GOOGLE_CLIENT_SECRET: 'secret',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('the process (npm start)', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: 'xoxb-shutdown-test' });
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await slack?.close();
    await db?.drop();
  });

  it('finishes in-flight work on SIGTERM, then exits 0', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const child = startProcess(slack, db, port);
    const lines: string[] = [];
    child.stdout!.on('data', (d: Buffer) => lines.push(...String(d).split('\n').filter(Boolean).map((l) => `${l}\n`)));
    child.stderr!.on('data', (d: Buffer) => lines.push(String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitForLine(child, lines, /Calendar Stacker is running/);

    // The answer to this command is still on its way when SIGTERM arrives: Slack holds its reply.
    const release = slack.holdResponses();
    const requests = new SlackRequests(`http://127.0.0.1:${port}`, secret, () => slack.responseUrl());
    const responseUrl = slack.responseUrl();
    requests.issueTriggersFrom(() => slack.issueTriggerId());
    const ack = await requests.command('help', admin, { response_url: responseUrl });
    expect(ack.status).toBe(200);
    await slack.waitForResponse((r) => r.url === responseUrl, 60_000);
    child.kill('SIGTERM');
    await waitForLine(child, lines, /shutting down/);
    // Stopping, but not stopped while its answer is unanswered.
    expect(lines.join('')).not.toContain('"msg":"stopped"');
    release();

    expect(await exited).toBe(0);
    const log = lines.join('');
    expect(log).toContain('"signal":"SIGTERM"');
    expect(log).toContain('"msg":"stopped"');
    // New connections are refused once it has stopped.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  // The process-level error policy (src/process-errors.ts). The app leaves no
  // failure without an owner, so a preloaded fixture makes a response_url post
  // raise one nobody can catch, inside a Slack request.
  it('logs an unowned rejection with its request id and lives on; after an uncaught exception it stops gracefully and exits 1', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const child = startProcess(slack, db, port, { nodeArgs: ['--import', FAULT], env: { LOG_LEVEL: 'debug' } });
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
    /** The "slack request" line of the request `line` is about. */
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
