// A 2,000-event import shows its progress and outlives a restart of the app midway: the job
// engine hands the run back at the stop, the restarted app takes it again and goes on from the
// cursor the run saved, on the same DM message. Exactly 2,000 events result, none twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { ACME_EMAIL, acmeEvents, finalReport, importMessages, importThroughModal, upload } from './import-kit.js';

const EVENTS = 2000;

/** 2,000 half-hour events, one a day at a time of day of its own, from 2027-01-01. */
function bigCsv(): string {
  const rows = Array.from({ length: EVENTS }, (_, i) => {
    const day = new Date(Date.UTC(2027, 0, 1 + Math.floor(i / 20)));
    const date = day.toISOString().slice(0, 10);
    const minutes = 8 * 60 + (i % 20) * 30;
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return `Session ${i + 1},${date} ${hhmm(minutes)},${date} ${hhmm(minutes + 30)},session-${i + 1}@example.com`;
  });
  return ['title,start,end,uid', ...rows].join('\n');
}

describe('a 2,000-event import', () => {
  let t: ConnectedApp;

  beforeAll(async () => {
    t = await connectedClientApp({
      clients: [{ name: 'Acme', email: ACME_EMAIL }],
      now: '2026-12-20T09:00:00Z',
      // The app's fastest per-account rate (GOOGLE_USER_RATE's maximum), against a project whose
      // per-user quota Google raised to match: within quota, and 2,000 events in tens of seconds.
      googleOptions: { usageLimits: { perUserPerMinute: 6000 } },
      env: { GOOGLE_USER_RATE: '100', SHUTDOWN_TIMEOUT_MS: '1000' },
    });
  }, 120_000);
  afterAll(async () => t?.close());

  it('shows progress, survives a restart midway, and ends with exactly 2,000 events on the same message', async () => {
    const since = t.slack.calls.length;
    await importThroughModal(t, operator, 'acme', upload(t, operator, 'big.csv', bigCsv()));
    const run = () => t.app.db.prisma.importRun.findFirstOrThrow({ where: { fileName: 'big.csv' } });
    await expect.poll(async () => (await run()).cursor, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(200);
    const before = await run();
    expect(before.status).toBe('running');
    expect(before.cursor).toBeLessThan(EVENTS);

    await t.restart();
    const report = await finalReport(t, since, 150_000);
    const after = await run();
    expect(after.status).toBe('done');
    // Events written just before the stop but not yet saved are found there after it: skipped, not made twice.
    const skipped = Object.values(after.skipped as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(after.created + skipped).toBe(EVENTS);
    // At most the events written since the run last saved (every 10).
    expect(skipped).toBeLessThanOrEqual(10);
    expect(after.failures).toEqual([]);
    expect(report.args.text).toBe(`Imported big.csv into Acme. ${after.created.toLocaleString('en')} created, 0 updated, ${skipped} skipped${skipped ? ` (${skipped} already imported)` : ''}, 0 failed.`);

    const events = acmeEvents(t);
    expect(events).toHaveLength(EVENTS);
    expect(new Set(events.map((e) => e.id)).size).toBe(EVENTS);
    expect(new Set(events.map((e) => e.summary)).size).toBe(EVENTS);

    // Progress in between, on one message, and the run taken twice (before and after the restart).
    const messages = importMessages(t, since);
    const counts = messages.flatMap((c) => /: ([\d,]+) of 2,000 events$/.exec(String(c.args.text))?.[1]?.replace(',', '') ?? []).map(Number);
    expect(counts.some((n) => n > 0 && n < EVENTS)).toBe(true);
    expect(messages.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(new Set(messages.filter((c) => c.method === 'chat.update').map((c) => String(c.args.ts))).size).toBe(1);
    expect(t.logs.filter((l) => l.msg === 'running an import')).toHaveLength(2);
  }, 240_000);
});
