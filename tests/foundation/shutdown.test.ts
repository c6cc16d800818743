import { ROOT, START } from '../harness/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { admin, freePort } from '../harness/app.js';
import { SlackRequests } from '../harness/slack-requests.js';
import { baseEnv, spawnApp, type AppProcess } from '../harness/process.js';

const SECRET = 'abcdef0123456789abcdef0123456789';

describe('the process (npm start)', () => {
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

  /** Starts `command args` as an operator would and waits until the app says it is running. */
  async function run(command: string, args: string[], cwd: string): Promise<AppProcess> {
    const port = await freePort();
    const env = baseEnv({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      DATA_DIR: db.dataDir,
      ...(db.url ? { DATABASE_URL: db.url } : {}),
    });
    const p = spawnApp(command, args, { cwd, port, env });
    await p.waitForLine(/Calendar Stacker is running/);
    return p;
  }

  /** Sends a command whose answer is still on its way (Slack is slow) when the caller signals the process. */
  async function inFlightCommand(port: number): Promise<string> {
    slack.setLatency(1500);
    const requests = new SlackRequests(`http://127.0.0.1:${port}`, SECRET, () => slack.responseUrl());
    const responseUrl = slack.responseUrl();
    const ack = await requests.command('help', admin, { response_url: responseUrl });
    expect(ack.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    return responseUrl;
  }

  async function expectDrained(p: AppProcess, responseUrl: string) {
    expect(await p.exited, p.lines.join('')).toBe(0);
    slack.setLatency(0);
    expect(slack.responses.some((r) => r.url === responseUrl)).toBe(true);
    const log = p.lines.join('');
    expect(log).toContain('"signal":"SIGTERM"');
    expect(log).toContain('"msg":"stopped"');
    // New connections are refused once it has stopped: no process is left behind serving.
    await expect(fetch(`http://127.0.0.1:${p.port}/healthz`)).rejects.toThrow();
  }

  it('finishes in-flight work on SIGTERM, then exits 0', { timeout: 180_000 }, async () => {
    const p = await run(process.execPath, START, db.dataDir);
    const responseUrl = await inFlightCommand(p.port);
    p.child.kill('SIGTERM');
    await expectDrained(p, responseUrl);
  });

  it('still drains when SIGTERM comes twice (a supervisor signalling the whole process group)', { timeout: 180_000 }, async () => {
    const p = await run(process.execPath, START, db.dataDir);
    const responseUrl = await inFlightCommand(p.port);
    p.child.kill('SIGTERM');
    await p.waitForLine(/signal received/);
    p.child.kill('SIGTERM');
    await expectDrained(p, responseUrl);
    expect(p.lines.join('')).toContain('already shutting down');
  });

  it('`npm start` passes SIGTERM on to the app, which drains and exits 0 (npm with it)', { timeout: 180_000 }, async () => {
    const p = await run('npm', ['start', '--silent'], ROOT);
    const responseUrl = await inFlightCommand(p.port);
    p.child.kill('SIGTERM');
    await expectDrained(p, responseUrl);
  });
});
