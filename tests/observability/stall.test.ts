// A main thread that misses its heartbeat is counted (seen by the ingress thread) and told to
// OPS_CHANNEL once it answers again, saying what to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.js';
import { scrape, valueOf } from './scrape.js';

const TOKEN = 'stall-metrics-token-0123456789';
const OPS = 'C0OPSSTALL';

describe('a main-thread stall', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN, OPS_CHANNEL: OPS, HEARTBEAT_TIMEOUT_MS: '300' } });
  });
  afterAll(() => t?.close());

  it('is counted, its heartbeat age seen, and posted to OPS_CHANNEL once the app answers again', async () => {
    const before = valueOf((await scrape(t.app.url, TOKEN)).samples, 'calstack_main_thread_stalls_total');
    // The test runs in the app's process: blocking this thread blocks the app's main thread.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1200);
    const post = await t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === OPS, 20_000);
    expect(String(post.args.text)).toMatch(/The app stopped answering for \d+\.\d s/);
    expect(String(post.args.text)).toContain('look in the log');
    const after = (await scrape(t.app.url, TOKEN)).samples;
    expect(valueOf(after, 'calstack_main_thread_stalls_total') - before).toBeGreaterThanOrEqual(1);
    expect(after.some((s) => s.name === 'calstack_main_heartbeat_age_seconds')).toBe(true);
  });
});
