// The ingress thread watches the main thread's heartbeat: while the main thread
// is stuck, slash commands get a visible "busy" answer instead of a silent 200,
// /healthz and /readyz answer 503; once it answers again, all is as before.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, type TestApp } from '../harness/app.js';
import { signature } from '../harness/slack-requests.js';

interface Seen {
  health?: { status: number; body: unknown };
  ready?: { status: number; body: unknown };
  command?: { status: number; contentType: string | null; body: string };
  error?: string;
}

/**
 * Blocks this thread (and so the app's main thread) until a helper thread has
 * seen the ingress report the stall, asked what it wanted, and let go.
 */
function whileMainThreadIsStuck(urls: { health: string; ready: string; events: string }, command: { headers: Record<string, string>; body: string }): Promise<Seen> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const helper = new Worker(
    `const { parentPort, workerData: w } = require('node:worker_threads');
     const flag = new Int32Array(w.flag);
     const seen = {};
     (async () => {
       // Until the ingress notices the stall, a health check waits for the stuck thread: give up on it and ask again.
       for (let i = 0; i < 80 && !seen.health; i++) {
         const res = await fetch(w.health, { signal: AbortSignal.timeout(250) }).catch(() => undefined);
         if (res && res.status === 503) seen.health = { status: res.status, body: await res.json() };
       }
       const ready = await fetch(w.ready);
       seen.ready = { status: ready.status, body: await ready.json() };
       const cmd = await fetch(w.events, { method: 'POST', headers: w.headers, body: w.body });
       seen.command = { status: cmd.status, contentType: cmd.headers.get('content-type'), body: await cmd.text() };
     })()
       .catch((err) => { seen.error = String(err); })
       .finally(() => { parentPort.postMessage(seen); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); });`,
    { eval: true, workerData: { ...urls, ...command, flag: flag.buffer } },
  );
  const seen = new Promise<Seen>((resolve, reject) => {
    helper.once('message', (m: Seen) => resolve(m));
    helper.once('error', reject);
  });
  // Bounded, so a broken watchdog fails the test instead of hanging it.
  Atomics.wait(flag, 0, 0, 40_000);
  return seen.finally(() => helper.terminate());
}

describe('the ingress watchdog', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HEARTBEAT_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => t?.close());

  it('answers for a stuck main thread: "busy" to a slash command, 503 to health checks; all is normal once it answers again', async () => {
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
    const busyUrl = t.slack.responseUrl();
    const body = t.requests.commandBody('help', admin, { response_url: busyUrl });
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(t.env.SLACK_SIGNING_SECRET!, ts, body) };

    // A loaded machine may stall the app on its own before this (at start): only this stall counts.
    const logsBefore = t.logs.length;
    const seen = await whileMainThreadIsStuck(
      { health: `${t.app.url}/healthz`, ready: `${t.app.url}/readyz`, events: `${t.app.url}/slack/events` },
      { headers, body },
    );

    expect(seen.error).toBeUndefined();
    expect(seen.health).toEqual({ status: 503, body: { status: 'unavailable', reason: 'the main thread is not answering' } });
    expect(seen.ready?.status).toBe(503);
    expect(seen.command?.status).toBe(200);
    expect(seen.command?.contentType).toContain('application/json');
    expect(JSON.parse(seen.command!.body)).toEqual({ response_type: 'ephemeral', text: ':hourglass: Calendar Stacker is busy \u2014 try again in a minute.' });

    // The main thread is back: health is 200 again, commands are answered as usual.
    await expect.poll(async () => (await fetch(`${t.app.url}/healthz`)).status, { timeout: 10_000 }).toBe(200);
    expect((await fetch(`${t.app.url}/readyz`)).status).toBe(200);
    const { ack, response } = await t.command('help', admin);
    expect(ack.body).toBe('');
    expect(response.text).toBe('Calendar Stacker commands');
    const resumed = t.logs.slice(logsBefore).find((l) => /main thread answers again/.test(String(l.msg)));
    expect(resumed).toMatchObject({ level: 40, busyAnswers: 1 });
    expect(resumed!.stalledMs).toBeGreaterThanOrEqual(2000);
    // The command answered "busy" was not run later behind the user's back.
    expect(t.slack.responses.filter((r) => r.url === busyUrl)).toEqual([]);
  });
});
