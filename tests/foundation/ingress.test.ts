// The ingress thread owns the public port: Slack's requests are verified and
// acknowledged there, so acks keep Slack's 3-second deadline even while the
// app's main thread (here: the test's own thread, which runs the app) is busy.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, type TestApp } from '../harness/app.js';
import { signature } from '../harness/slack-requests.js';
import { MAIN_THREAD_NICENESS } from '../../src/slack/ingress/receiver.js';

interface ThreadResult {
  status: number;
  body: string;
  ms: number;
}

/**
 * Sends one signed request from a thread of its own, so that it goes out and
 * its answer is timed while this thread is blocked.
 */
function sendFromThread(url: string, secret: string, body: string, contentType: string): { sent: Promise<void>; result: Promise<ThreadResult> } {
  const ts = Math.floor(Date.now() / 1000);
  const headers = { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(secret, ts, body) };
  const worker = new Worker(
    // fetch is loaded and connected first (a health check), so the time is the request's alone.
    `const { parentPort, workerData: w } = require('node:worker_threads');
     fetch(w.warmUrl)
       .then((res) => res.text())
       .then(() => {
         parentPort.postMessage({ sent: true });
         const started = performance.now();
         return fetch(w.url, { method: 'POST', headers: w.headers, body: w.body })
           .then(async (res) => parentPort.postMessage({ status: res.status, body: await res.text(), ms: performance.now() - started }));
       })
       .catch((err) => parentPort.postMessage({ error: String(err) }));`,
    { eval: true, workerData: { url, warmUrl: new URL('/healthz', url).href, headers, body } },
  );
  let sent!: () => void;
  const sentP = new Promise<void>((resolve) => (sent = resolve));
  const result = new Promise<ThreadResult>((resolve, reject) => {
    worker.on('message', (m: { sent?: boolean; error?: string } & ThreadResult) => {
      if (m.sent) return sent();
      void worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    worker.on('error', reject);
  });
  return { sent: sentP, result };
}

/** Blocks this thread — and so the app's main thread — like a long synchronous computation would. */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
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
    await req.sent;
    stall(2000);
    const ack = await req.result;
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    // The main thread could not have answered: it was stalled for 2 s.
    expect(ack.ms).toBeLessThan(1500);
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
    const values = JSON.stringify(res.json);
    expect(values).toContain('Europe/Paris');
  });

  it("tells Slack the app is busy when a modal's answer cannot come within Slack's deadline, and drops the late answer", async () => {
    const body = interactionBody('view_submission', {
      trigger_id: t.requests.triggerId(),
      view: { id: 'V2', type: 'modal', callback_id: 'client_modal', team_id: admin.teamId, private_metadata: '', state: { values: {} } },
    });
    const req = sendFromThread(eventsUrl(), secret(), body, form);
    await req.sent;
    stall(3300);
    const ack = await req.result;
    // A non-200 keeps the modal open with Slack's "trouble connecting" notice: the user's input is not lost.
    expect(ack.status).toBe(503);
    expect(ack.ms).toBeGreaterThan(2500);
    expect(ack.ms).toBeLessThan(3000);
    await expect.poll(() => t.logs.some((l) => /did not answer a Slack request in time/.test(String(l.msg)))).toBe(true);
    await expect.poll(() => t.logs.some((l) => /answer came after Slack was told/.test(String(l.msg)))).toBe(true);
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
    expect((await t.requests.send('{"type":', 'application/json')).status).toBe(400);
    expect((await t.requests.send(`text=${'x'.repeat(4.5 * 1024 * 1024)}`, form)).status).toBe(413);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.slack.calls).toHaveLength(0);
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
    const { START } = await import('../harness/node.js');
    const child = spawn(process.execPath, START, { env: { PATH: process.env.PATH ?? '', ...t.env }, stdio: 'ignore' });
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
