import { spawn, type ChildProcess } from 'node:child_process';
import { START } from '../harness/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { admin, freePort } from '../harness/app.js';
import { SlackRequests } from '../harness/slack-requests.js';


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
    const secret = 'abcdef0123456789abcdef0123456789';
    const child = spawn(process.execPath, START, {
      cwd: db.dataDir,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-shutdown-test',
        SLACK_SIGNING_SECRET: secret,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        DATA_DIR: db.dataDir,
        GOOGLE_CLIENT_ID: 'id',
        GOOGLE_CLIENT_SECRET: 'secret',
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        ...(db.url ? { DATABASE_URL: db.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    child.stdout!.on('data', (d: Buffer) => lines.push(...String(d).split('\n').filter(Boolean).map((l) => `${l}\n`)));
    child.stderr!.on('data', (d: Buffer) => lines.push(String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitForLine(child, lines, /Calendar Stacker is running/);

    // The answer to this command is still on its way when SIGTERM arrives.
    slack.setLatency(1500);
    const requests = new SlackRequests(`http://127.0.0.1:${port}`, secret, () => slack.responseUrl());
    const responseUrl = slack.responseUrl();
    requests.issueTriggersFrom(() => slack.issueTriggerId());
    const ack = await requests.command('help', admin, { response_url: responseUrl });
    expect(ack.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    slack.setLatency(0);
    expect(slack.responses.some((r) => r.url === responseUrl)).toBe(true);
    const log = lines.join('');
    expect(log).toContain('"signal":"SIGTERM"');
    expect(log).toContain('"msg":"stopped"');
    // New connections are refused once it has stopped.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
