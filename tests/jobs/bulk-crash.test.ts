// A bulk run outlives the process running it. Killed mid-run (SIGKILL: no shutdown, no hand-back),
// its job is found by its missed heartbeat and taken over by another replica (PostgreSQL) or by
// the restarted app (embedded); stopped gracefully, the process hands it back at once. Either way
// the run ends on the same progress message with exactly one event per client. The killed app
// runs as real processes, against the test's fake Slack and Google.
import { afterEach, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { TEST_DATABASE_URL } from '../harness/database.js';
import { startAppProcess, type SourceProcess } from '../harness/source-process.js';
import { SlackRequests } from '../harness/slack-requests.js';
import type { SlackCall } from '../fakes/slack.js';

const NAMES = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliet'];
const emailOf = (name: string) => `ceo@${name.toLowerCase()}.com`;
/** Heartbeat 10 s, supervision every 5 s, first retry after 3-6 s, plus a process start: well within this. */
const TAKEOVER_MS = 90_000;

describe('a bulk run whose process goes away mid-run', () => {
  let t: ConnectedApp | undefined;
  const processes: SourceProcess[] = [];

  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await t?.close();
    t = undefined;
  });

  /** Ten connected clients, set up through Slack by the in-process app, which then stops: the processes take over its database. */
  async function tenClients(): Promise<{ t: ConnectedApp; replica: () => Promise<SourceProcess> }> {
    const app = await connectedClientApp({ clients: NAMES.map((name) => ({ name, email: emailOf(name) })) });
    t = app;
    await app.stopApp();
    const { PORT: _port, PUBLIC_URL: _url, ...env } = app.env;
    const replica = async () => {
      const p = await startAppProcess(app.db, env);
      processes.push(p);
      return p;
    };
    return { t: app, replica };
  }

  const isInsert = (r: { method: string; path: string }) => r.method === 'POST' && NAMES.some((n) => r.path.endsWith(`/calendars/${emailOf(n)}/events`));
  const inserts = (app: ConnectedApp) => app.google.requests.filter(isInsert).length;
  /** The bulk jobs a process has started running, from its log. */
  const ran = (p: SourceProcess): string[] =>
    p.lines
      .join('')
      .split('\n')
      .flatMap((line) => (line.includes('"running a bulk change"') ? [String((JSON.parse(line) as { jobId: unknown }).jobId)] : []));

  /**
   * Sends `block all OOO tomorrow` to `via`, with Google slowed so the run takes seconds, and
   * returns once some clients are done but not all: where the app's Slack calls for it begin.
   */
  async function blockMidway(app: ConnectedApp, via: SourceProcess): Promise<number> {
    app.google.setLatency(300);
    const since = app.slack.calls.length;
    const requests = new SlackRequests(via.url, via.secret, () => app.slack.responseUrl()).issueTriggersFrom(() => app.slack.issueTriggerId());
    expect((await requests.command('block all OOO tomorrow', operator)).status).toBe(200);
    await app.slack.waitForCall('chat.postMessage', (c) => app.slack.calls.indexOf(c) >= since && String(c.args.text).includes('0 of 10 clients'), 30_000);
    await expect.poll(() => inserts(app), { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    return since;
  }

  /** The run ends complete on the one message it started with, and every client has the event once. */
  async function expectCompletedOnce(app: ConnectedApp, since: number): Promise<void> {
    const after = (c: SlackCall) => app.slack.calls.indexOf(c) >= since;
    const final = await app.slack.waitForCall('chat.update', (c) => after(c) && String(c.args.text).includes('for all 10 clients'), TAKEOVER_MS);
    expect(final.args.text).toMatch(/^Blocked OOO .* for all 10 clients/);
    const posted = app.slack.callsTo('chat.postMessage').filter(after);
    expect(posted.map((c) => c.args.text)).toEqual([expect.stringContaining('0 of 10 clients')]);
    const updates = app.slack.callsTo('chat.update').filter(after);
    expect(new Set(updates.map((c) => `${String(c.args.channel)}/${String(c.args.ts)}`)).size).toBe(1);
    expect(updates.at(-1)).toBe(final);
    for (const name of NAMES) {
      expect(app.google.events(emailOf(name)).filter((e) => e.status !== 'cancelled' && e.summary === 'OOO'), name).toHaveLength(1);
    }
  }

  it.skipIf(!TEST_DATABASE_URL)('on PostgreSQL, another replica finishes it: one event per client, the same message ends complete', async () => {
    const { t: app, replica } = await tenClients();
    const [a, b] = await Promise.all([replica(), replica()]);
    const since = await blockMidway(app, a);
    // Either replica may have taken the job; the other has run nothing yet.
    const [runner, survivor] = ran(a).length ? [a, b] : [b, a];
    const [jobId] = ran(runner);
    expect(jobId).toEqual(expect.any(String));
    expect(ran(survivor)).toEqual([]);
    expect(inserts(app)).toBeLessThan(10);
    runner.child.kill('SIGKILL');
    await runner.exited;
    await expectCompletedOnce(app, since);
    expect(ran(survivor)).toEqual([jobId]);
  }, 180_000);

  it.skipIf(TEST_DATABASE_URL)('on the embedded database, the restarted app resumes it: one event per client, the same message ends complete', async () => {
    const { t: app, replica } = await tenClients();
    const first = await replica();
    const since = await blockMidway(app, first);
    const [jobId] = ran(first);
    expect(inserts(app)).toBeLessThan(10);
    first.child.kill('SIGKILL');
    await first.exited;
    const restarted = await replica();
    await expectCompletedOnce(app, since);
    expect(ran(restarted)).toEqual([jobId]);
  }, 180_000);

  it('a graceful stop that outlasts its timeout hands the run back, and the restarted app finishes it', async () => {
    const app = await connectedClientApp({ clients: NAMES.map((name) => ({ name, email: emailOf(name) })), env: { SHUTDOWN_TIMEOUT_MS: '1000' } });
    t = app;
    const held = app.google.hold(isInsert);
    const since = app.slack.calls.length;
    try {
      await app.command('block all OOO tomorrow', operator);
      // Four clients at a time: the run is stuck on the first four until Google answers.
      await expect.poll(() => held.held.length, { timeout: 30_000 }).toBe(4);
      await app.stopApp();
    } finally {
      held.release();
    }
    await app.restart();
    await expectCompletedOnce(app, since);
  }, 180_000);
});
