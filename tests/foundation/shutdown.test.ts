import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, START, START_ENV } from '../harness/node.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { admin, freePort } from '../harness/app.js';
import { SlackRequests } from '../harness/slack-requests.js';
import { baseEnv, spawnApp, type AppProcess } from '../harness/process.js';
import type { LogLine } from '../harness/logs.js';

const SECRET = 'abcdef0123456789abcdef0123456789';
/** npm start's memory settings (README, "Memory"; issue 18, target 4). */
const MEMORY_FLAGS = ['--liftoff-only', '--max-semi-space-size=2', '--heap-growing-percent=50'];
const FAULT = new URL('./fixtures/fault-fetch.mjs', import.meta.url).href;

type Line = LogLine;

describe('the process (npm start)', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: baseEnv({}).SLACK_BOT_TOKEN });
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await slack?.close();
    await db?.drop();
  });

  /** Starts `command args` as an operator would and waits until the app says it is running. */
  async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<AppProcess> {
    const port = await freePort();
    const p = spawnApp(command, args, {
      cwd,
      port,
      env: baseEnv({
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        DATA_DIR: db.dataDir,
        ...(db.url ? { DATABASE_URL: db.url } : {}),
        ...env,
      }),
    });
    await p.waitForLine(/Calendar Stacker is running/);
    return p;
  }

  const requestsTo = (p: AppProcess) => {
    const requests = new SlackRequests(`http://127.0.0.1:${p.port}`, SECRET, () => slack.responseUrl());
    requests.issueTriggersFrom(() => slack.issueTriggerId());
    return requests;
  };

  /** Sends a command whose answer Slack holds: it is provably still in flight when the caller signals the process. */
  async function inFlightCommand(p: AppProcess): Promise<{ responseUrl: string; release: () => void }> {
    const release = slack.holdResponses();
    const responseUrl = slack.responseUrl();
    const ack = await requestsTo(p).command('help', admin, { response_url: responseUrl });
    expect(ack.status).toBe(200);
    await slack.waitForResponse((r) => r.url === responseUrl, 60_000);
    return { responseUrl, release };
  }

  /** Once it is stopping, it does not stop while the answer is held; released, it drains and exits 0. */
  async function expectDrained(p: AppProcess, inFlight: { responseUrl: string; release: () => void }) {
    await p.waitForLine(/shutting down/);
    expect(p.lines.join('')).not.toContain('"msg":"stopped"');
    inFlight.release();
    expect(await p.exited, p.lines.join('')).toBe(0);
    expect(slack.responses.some((r) => r.url === inFlight.responseUrl)).toBe(true);
    const log = p.lines.join('');
    expect(log).toContain('"signal":"SIGTERM"');
    expect(log).toContain('"msg":"stopped"');
    // New connections are refused once it has stopped: no process is left behind serving.
    await expect(fetch(`http://127.0.0.1:${p.port}/healthz`)).rejects.toThrow();
  }

  it('finishes in-flight work on SIGTERM, then exits 0', { timeout: 180_000 }, async () => {
    const p = await run(process.execPath, START, db.dataDir);
    const inFlight = await inFlightCommand(p);
    p.child.kill('SIGTERM');
    await expectDrained(p, inFlight);
  });

  it('still drains when SIGTERM comes twice (a supervisor signalling the whole process group)', { timeout: 180_000 }, async () => {
    const p = await run(process.execPath, START, db.dataDir);
    const inFlight = await inFlightCommand(p);
    p.child.kill('SIGTERM');
    await p.waitForLine(/signal received/);
    p.child.kill('SIGTERM');
    await p.waitForLine(/already shutting down/);
    await expectDrained(p, inFlight);
  });

  it('`npm start` passes SIGTERM on to the app, which drains and exits 0 (npm with it)', { timeout: 180_000 }, async () => {
    const p = await run('npm', ['start', '--silent'], ROOT);
    const inFlight = await inFlightCommand(p);
    p.child.kill('SIGTERM');
    await expectDrained(p, inFlight);
  });

  it('`npm start` runs node with the memory settings, and the app names its flags in its start-up line', { timeout: 180_000 }, async () => {
    // Emptied here: only npm start may set it.
    const p = await run('npm', ['start', '--silent'], ROOT, { MALLOC_ARENA_MAX: '' });
    try {
      const running = JSON.parse(p.lines.find((l) => l.includes('Calendar Stacker is running'))!) as { nodeFlags?: string[] };
      expect(running.nodeFlags).toEqual(MEMORY_FLAGS);
      // npm's child is the app itself (the script execs node): its environment as the kernel has it.
      const [appPid] = (await readFile(`/proc/${p.child.pid}/task/${p.child.pid}/children`, 'utf8')).trim().split(/\s+/);
      expect((await readFile(`/proc/${appPid}/cmdline`, 'utf8')).split('\0')).toContain('dist/main.js');
      expect((await readFile(`/proc/${appPid}/environ`, 'utf8')).split('\0')).toContain('MALLOC_ARENA_MAX=2');
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });

  it('is run by tests and the benchmark with npm start\u2019s command line', () => {
    expect(START.slice(0, -1)).toEqual(MEMORY_FLAGS);
    expect(START.at(-1)).toBe(`${ROOT}dist/main.js`);
    expect(START_ENV).toEqual({ MALLOC_ARENA_MAX: '2' });
  });

  // The process-level error policy (src/process-errors.ts). The app leaves no
  // failure without an owner, so a preloaded fixture makes a response_url post
  // raise one nobody can catch, inside a Slack request.
  it('logs an unowned rejection with its request id and lives on; after an uncaught exception it stops gracefully and exits 1', { timeout: 180_000 }, async () => {
    const p = await run(process.execPath, ['--import', FAULT, ...START], db.dataDir, { LOG_LEVEL: 'debug' });
    // Everything the process writes is a JSON log line: nothing escapes to stderr as raw text.
    const lines = (): Line[] => p.lines.map((l) => JSON.parse(l) as Line);
    const find = (pattern: RegExp) => lines().find((l) => pattern.test(String(l.msg)));
    /** The "slack request" line of the request `line` is about. */
    const requestOf = (line: Line) => lines().find((l) => l.msg === 'slack request' && l.reqId === line.reqId);
    try {
      const requests = requestsTo(p);
      // A rejection nobody handles, during a command.
      expect((await requests.command('help', admin, { response_url: `${slack.responseUrl()}?fault=rejection` })).status).toBe(200);
      await p.waitForLine(/no owner to catch it/);
      const rejection = find(/no owner to catch it/)!;
      expect(rejection.level).toBe(50);
      expect(rejection.err?.message).toBe('provoked: a rejection nobody handles');
      expect(requestOf(rejection)).toMatchObject({ kind: '/calstack', user: admin.userId });
      // The process lives on and answers.
      const next = slack.responseUrl();
      expect((await requests.command('help', admin, { response_url: next })).status).toBe(200);
      expect((await slack.waitForResponse((r) => r.url === next)).body.text).toBe('Calendar Stacker commands');
      expect(p.child.exitCode).toBeNull();

      // An exception nobody catches, during a command: graceful stop, exit 1.
      expect((await requests.command('help', admin, { response_url: `${slack.responseUrl()}?fault=exception` })).status).toBe(200);
      expect(await p.exited).toBe(1);
      const fatal = find(/escaped every handler/)!;
      expect(fatal).toMatchObject({ level: 60, err: { message: 'provoked: an exception nobody catches' } });
      expect(requestOf(fatal)).toMatchObject({ kind: '/calstack', user: admin.userId });
      const all = lines();
      expect(all.findIndex((l) => l.msg === 'stopped')).toBeGreaterThan(all.findIndex((l) => l.level === 60 && /escaped every handler/.test(String(l.msg))));
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
  });
});
