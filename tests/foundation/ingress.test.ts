// The ingress thread owns the public port: Slack's requests are verified and
// acknowledged there, so acks keep Slack's 3-second deadline even while the
// app's main thread (here: the test's own thread, which runs the app) is busy.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, type TestApp } from '../harness/app.js';
import { signature } from '../harness/slack-requests.js';
import { ANSWER_TIMEOUT_MS, MAIN_THREAD_NICENESS } from '../../src/slack/ingress/receiver.js';

interface ThreadResult {
  status: number;
  body: string;
}

interface ThreadRequest {
  /** Resolves once the thread is ready to send (its fetch warmed up). */
  ready: Promise<void>;
  result: Promise<ThreadResult>;
  /** [0]: set by this thread once it is blocked, the thread's cue to send; [1]: set by the thread when the answer arrives. */
  flags: Int32Array;
}

const BLOCKED = 0;
const ANSWERED = 1;

/**
 * Sends one signed request from a thread of its own, once this thread is
 * blocked, so that the request goes out and its answer arrives while the app's
 * main thread (this one) cannot run.
 */
function sendFromThread(url: string, secret: string, body: string, contentType: string): ThreadRequest {
  const ts = Math.floor(Date.now() / 1000);
  const headers = { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(secret, ts, body) };
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    // fetch is loaded and connected first (a health check), so nothing but the request is left to do.
    `const { parentPort, workerData: w } = require('node:worker_threads');
     fetch(w.warmUrl)
       .then((res) => res.text())
       .then(() => {
         parentPort.postMessage({ ready: true });
         Atomics.wait(w.flags, ${BLOCKED}, 0);
         return fetch(w.url, { method: 'POST', headers: w.headers, body: w.body })
           .then(async (res) => {
             const answer = { status: res.status, body: await res.text() };
             Atomics.store(w.flags, ${ANSWERED}, 1);
             Atomics.notify(w.flags, ${ANSWERED});
             parentPort.postMessage(answer);
           });
       })
       .catch((err) => parentPort.postMessage({ error: String(err) }));`,
    { eval: true, workerData: { url, warmUrl: new URL('/healthz', url).href, headers, body, flags } },
  );
  let ready!: () => void;
  const readyP = new Promise<void>((resolve) => (ready = resolve));
  const result = new Promise<ThreadResult>((resolve, reject) => {
    worker.on('message', (m: { ready?: boolean; error?: string } & ThreadResult) => {
      if (m.ready) return ready();
      void worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    worker.on('error', reject);
  });
  return { ready: readyP, result, flags };
}

/** Only so that a broken ingress fails the test instead of blocking it forever; no test measures time. */
const NEVER_MS = 20_000;

/**
 * Blocks this thread, and so the app's main thread, like a long synchronous
 * computation would, and lets the thread send its request; returns once the
 * answer has come. True when it came while this thread was blocked: the app's
 * main thread cannot have given it.
 */
function blockUntilAnswered(req: ThreadRequest): boolean {
  Atomics.store(req.flags, BLOCKED, 1);
  Atomics.notify(req.flags, BLOCKED);
  return Atomics.wait(req.flags, ANSWERED, 0, NEVER_MS) !== 'timed-out';
}

const form = 'application/x-www-form-urlencoded';

/** An interactivity payload from the admin, as Slack posts it (form field `payload`). */
const interactionBody = (type: string, fields: Record<string, unknown>) =>
  new URLSearchParams({
    payload: JSON.stringify({ type, team: { id: admin.teamId }, user: { id: admin.userId, team_id: admin.teamId }, api_app_id: 'A0CALSTACK', ...fields }),
  }).toString();

describe('the ingress thread', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const secret = () => t.env.SLACK_SIGNING_SECRET!;
  const eventsUrl = () => `${t.app.url}/slack/events`;

  it('acknowledges a slash command at once while the main thread is stalled, and the command runs afterwards', async () => {
    const responseUrl = t.slack.responseUrl();
    const req = sendFromThread(eventsUrl(), secret(), t.requests.commandBody('help', admin, { response_url: responseUrl }), form);
    await req.ready;
    // The main thread could not have answered: it was blocked from before the request went out until the ack came.
    expect(blockUntilAnswered(req)).toBe(true);
    const ack = await req.result;
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    const answer = await t.slack.waitForResponse((r) => r.url === responseUrl);
    expect(answer.body.text).toBe('Calendar Stacker commands');
  });

  it('asks Slack for the bot\u2019s identity once for the process, not once per request', async () => {
    for (let i = 0; i < 3; i++) expect((await t.command('help', admin)).response.text).toBe('Calendar Stacker commands');
    // Bolt given only the bot token would call auth.test for every request.
    expect(t.slack.callsTo('auth.test')).toHaveLength(1);
  });

  it("answers a request whose ack carries the app's answer (select options) with that answer", async () => {
    const body = interactionBody('block_suggestion', {
      block_id: 'client_tz',
      action_id: 'tz',
      value: 'paris',
      view: { id: 'V1', type: 'modal', callback_id: 'client_modal', team_id: admin.teamId },
    });
    const res = await t.requests.send(body, form);
    expect(res.status).toBe(200);
    expect(res.json?.options?.map((o) => o.value)).toContain('Europe/Paris');
  });

  it("tells Slack the app is busy when a modal's answer cannot come within Slack's deadline, and drops the late answer", async () => {
    const body = interactionBody('view_submission', {
      trigger_id: t.requests.triggerId(),
      view: { id: 'V2', type: 'modal', callback_id: 'client_modal', team_id: admin.teamId, private_metadata: '', state: { values: {} } },
    });
    const req = sendFromThread(eventsUrl(), secret(), body, form);
    await req.ready;
    // The main thread is blocked until Slack has its answer, so the app's own answer can only come later.
    expect(blockUntilAnswered(req)).toBe(true);
    const ack = await req.result;
    // A non-200 keeps the modal open with Slack's "trouble connecting" notice: the user's input is not lost.
    expect(ack.status).toBe(503);
    const logged = (pattern: RegExp) => t.logs.findIndex((l) => pattern.test(String(l.msg)));
    await expect.poll(() => logged(/answer came after Slack was told/)).toBeGreaterThanOrEqual(0);
    // Told busy first; the listener's answer, given once the main thread ran again, was dropped.
    expect(logged(/did not answer a Slack request in time/)).toBeGreaterThanOrEqual(0);
    expect(logged(/did not answer a Slack request in time/)).toBeLessThan(logged(/answer came after Slack was told/));
    // The deadline itself must leave Slack's 3 s room for the 503 to travel; bench measures the real acks.
    expect(ANSWER_TIMEOUT_MS).toBeLessThan(3000);
  });

  it('answers the Events API URL challenge and the SSL check itself', async () => {
    const challenge = await t.requests.send(JSON.stringify({ type: 'url_verification', challenge: 'ch-42', token: 'x' }), 'application/json');
    expect(challenge.status).toBe(200);
    expect(challenge.json).toEqual({ challenge: 'ch-42' });
    const ssl = await fetch(eventsUrl(), { method: 'POST', headers: { 'content-type': form }, body: 'ssl_check=1&token=x' });
    expect(ssl.status).toBe(200);
  });

  it('refuses a signed body that is not Slack JSON with 400, and an oversized one with 413', async () => {
    t.slack.reset();
    const logsBefore = t.logs.length;
    expect((await t.requests.send('{"type":', 'application/json')).status).toBe(400);
    expect((await t.requests.send(`text=${'x'.repeat(4.5 * 1024 * 1024)}`, form)).status).toBe(413);
    // The app works through requests in the order the ingress passes them on: once a later command is
    // answered, anything the refused ones had started would have shown itself.
    expect((await t.command('help', admin)).response.text).toBe('Calendar Stacker commands');
    expect(t.slack.responses).toHaveLength(1);
    expect(t.slack.calls).toHaveLength(0);
    expect(t.logs.slice(logsBefore).some((l) => /no listener answered|a Slack request failed/.test(String(l.msg)))).toBe(false);
  });

  it('proxies every other route to the app, answers included', async () => {
    const health = await fetch(`${t.app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'http' });
    const missing = await fetch(`${t.app.url}/nope?x=1`);
    expect(missing.status).toBe(404);
    const getEvents = await fetch(eventsUrl());
    expect(getEvents.status).toBe(404);
  });

  it('comes back on the same port when its thread dies', async () => {
    const thread = t.app.slack.ingress?.thread;
    expect(thread).toBeInstanceOf(Worker);
    await thread!.terminate();
    await expect.poll(() => t.app.slack.ingress?.thread !== thread && t.logs.some((l) => /ingress thread exited/.test(String(l.msg)))).toBe(true);
    await expect
      .poll(async () => (await fetch(`${t.app.url}/healthz`).then((r) => r.status, () => 0)), { timeout: 5000 })
      .toBe(200);
    const { ack, response } = await t.command('help', admin);
    expect(ack.status).toBe(200);
    expect(response).toMatchObject({ response_type: 'ephemeral', text: 'Calendar Stacker commands' });
  });
});

describe.runIf(process.platform === 'linux')('CPU priority', () => {
  it('the main thread yields the CPU to the ingress thread (a nice value is per thread on Linux)', async () => {
    const { spawn } = await import('node:child_process');
    const { readFile, readdir } = await import('node:fs/promises');
    const t = await startTestApp();
    await t.stopApp();
    // The real process, as npm start runs it, on the same settings.
    const { machineEnv, START } = await import('../harness/node.js');
    const child = spawn(process.execPath, START, { env: { ...machineEnv(), ...t.env }, stdio: 'ignore' });
    try {
      await expect.poll(() => fetch(`${t.app.url}/readyz`).then((r) => r.status, () => 0), { timeout: 20_000, interval: 50 }).toBe(200);
      const nice = async (tid: string) => Number((await readFile(`/proc/${child.pid}/task/${tid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[16]);
      const tids = await readdir(`/proc/${child.pid}/task`);
      const byThread = await Promise.all(tids.map(async (tid) => ({ tid, nice: await nice(tid) })));
      // The main thread's id is the process id; the threads it started before lowering itself,
      // the ingress thread among them, keep the priority the process started with.
      const main = byThread.find((x) => x.tid === String(child.pid))!.nice;
      const started = Math.min(...byThread.filter((x) => x.tid !== String(child.pid)).map((x) => x.nice));
      expect(started).toBeLessThan(19);
      expect(main).toBe(Math.min(19, started + MAIN_THREAD_NICENESS));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await t.close();
    }
  }, 40_000);
});
