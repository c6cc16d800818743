import type { KnownBlock } from '@slack/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEAM } from '../harness/app.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import type { SlackCall } from '../fakes/slack.js';
import type { HeldRequests } from '../fakes/google.js';
import { submitClientForm } from '../harness/client-form.js';
import { throttle } from '../../src/core/bulk/progress.js';
import type { BulkSnapshot } from '../../src/core/bulk/types.js';
import { bulkMessage } from '../../src/slack/views/bulk.js';
import { stringsHolding, visibleText } from '../harness/visible.js';
import { buttonsOf } from '../slack/sent-blocks.js';

const NAMES = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];
const emailOf = (name: string) => `ceo@${name.toLowerCase()}.com`;
const WAIT = 20_000;

describe('bulk block: one event in many clients\u2019 calendars', () => {
  let t: ConnectedApp;
  const live = (name: string, title: string) => t.google.events(emailOf(name)).filter((e) => e.status !== 'cancelled' && e.summary === title);
  const inserts = (name: string) => t.google.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/calendars/${emailOf(name)}/events`));
  const after = (since: number) => (c: SlackCall) => t.slack.calls.indexOf(c) >= since;
  const buttons = (call: SlackCall) => buttonsOf((call.args.blocks as KnownBlock[] | undefined) ?? []);
  const press = (actionId: string, jobId: string, message: { channel: string; ts: string }) =>
    t.requests.blockAction(operator, { type: 'button', action_id: actionId, value: jobId }, {
      container: { type: 'message', channel_id: message.channel, message_ts: message.ts, is_ephemeral: false },
      channel: { id: message.channel, name: 'directmessage' },
      message: { type: 'message', ts: message.ts, text: '' },
    });

  beforeAll(async () => {
    t = await connectedClientApp({
      // "Dec 24-26" below is three weeks ahead, whatever day the suite runs.
      now: '2026-12-02T09:00:00Z',
      operatorTz: 'Europe/Paris',
      clients: NAMES.map((name, i) => ({ name, email: emailOf(name), timeZone: i % 2 ? 'America/New_York' : 'Asia/Tokyo' })),
    });
    // Managed but never connected: `all` reports it.
    await submitClientForm(t, operator, { name: 'Foxtrot', timeZone: 'UTC', managers: [operator.userId] });
    // Someone else's client is not part of the operator's `all`.
    t.slack.addUser({ id: 'U0OTHER', team_id: TEAM, tz: 'UTC' });
    await submitClientForm(t, { teamId: TEAM, userId: 'U0OTHER' }, { name: 'Globex', timeZone: 'UTC', managers: ['U0OTHER'] });
  }, 60_000);
  afterAll(() => t?.close());

  describe('blocks 5 clients with progress, reports 2 failures with Retry, retries only those, and Cancel removes all', () => {
    let since: number;
    let final: SlackCall;
    let updates: SlackCall[];
    let jobId: string;
    let message: { channel: string; ts: string };
    let insertsBefore: Record<string, number>;
    let retried: SlackCall;

    it('blocks 5 clients four at a time, with progress in one DM updated in place', async () => {
      for (const name of ['Bravo', 'Delta']) {
        t.google.fail({ match: (r) => r.method === 'POST' && r.path.includes(`/calendars/${emailOf(name)}/events`), status: 403, reason: 'forbidden', times: 1 });
      }
      since = t.slack.calls.length;
      const isInsert = (r: { method: string; path: string }) => r.method === 'POST' && NAMES.some((name) => r.path.endsWith(`/calendars/${emailOf(name)}/events`));
      // Google answers the first clients only when all are asked, and the last one only once progress has been
      // shown: the run has progress to report, whatever the machine's speed.
      const first = t.google.hold(isInsert);
      let last: HeldRequests | undefined;
      try {
        const { ack, response } = await t.command('block alpha bravo charlie delta echo OOO Dec 24-26', operator);
        expect(ack.status).toBe(200);
        expect(visibleText(response)).toContain('Working on it \u2014 I\u2019ll DM you the progress');
        // Four clients at a time.
        await expect.poll(() => first.held.length, { timeout: WAIT }).toBe(4);
        last = t.google.hold(isInsert);
        first.release();
        await expect.poll(() => last!.held.length, { timeout: WAIT }).toBe(1);
        await t.slack.waitForCall('chat.update', (c) => after(since)(c) && String(c.args.text).includes('4 of 5 clients done'), WAIT);
        last.release();
        final = await t.slack.waitForCall('chat.update', (c) => after(since)(c) && buttons(c).length > 0, WAIT);
      } finally {
        first.release();
        last?.release();
      }
      expect(first.mostAtOnce).toBe(4);

      // The DM starts at "0 of 5" and is updated in place, throttled, then finally.
      // Posted to the user's id, without conversations.open (Tier 3: 50 a minute per workspace).
      expect(t.slack.callsTo('conversations.open').filter(after(since))).toEqual([]);
      const posted = t.slack.callsTo('chat.postMessage').filter(after(since));
      expect(posted).toHaveLength(1);
      expect(posted[0]!.args.channel).toBe(operator.userId);
      expect(posted[0]!.args.text).toMatch(/^Blocking OOO \(\w{3} 24 Dec \u2013 \w{3} 26 Dec, all day\): 0 of 5 clients done$/);
      expect(posted[0]!.args.text).toContain('0 of 5 clients');
      updates = t.slack.callsTo('chat.update').filter(after(since));
      expect(updates.every((u) => u.args.channel === `D${operator.userId}` && u.args.ts !== undefined)).toBe(true);
      const progress = updates.filter((u) => u !== final && String(u.args.text).includes('of 5 clients done'));
      expect(progress.length).toBeGreaterThanOrEqual(1);
      // Each update shows a newer count than the one before, never a stale one; the final one comes last.
      // (How often updates go out is the throttle's, tested below on a fake clock.)
      const counts = progress.map((u) => Number(/(\d+) of 5 clients done/.exec(String(u.args.text))![1]));
      for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThan(counts[i - 1]!);
      expect(counts.at(-1)).toBe(4);
      expect(updates.indexOf(final)).toBe(updates.length - 1);
    }, 60_000);

    it('reports the failures by client with Retry and Cancel, and stores the job for its workspace', async () => {
      const finalText = visibleText(final.args.blocks);
      expect(final.args.text).toContain('for 3 of 5 clients; 2 failed');
      expect(finalText).toContain('Google says Bravo\u2019s account can\u2019t access that calendar or event');
      expect(finalText).toContain('Google says Delta\u2019s account can\u2019t access that calendar or event');
      expect(finalText).toMatch(/\*Alpha\* \u2014 \w{3} 24 Dec \u2013 \w{3} 26 Dec, all day/);
      const retry = buttons(final).find((b) => b.action_id === 'bulk_retry')!;
      const cancel = buttons(final).find((b) => b.action_id === 'bulk_cancel')!;
      expect(retry).toMatchObject({ style: 'primary', text: { text: 'Retry 2 clients' } });
      expect(cancel).toMatchObject({ style: 'danger', text: { text: 'Cancel (remove all)' } });
      jobId = retry.value!;
      expect(cancel.value).toBe(jobId);
      for (const name of ['Alpha', 'Charlie', 'Echo']) expect(live(name, 'OOO')).toHaveLength(1);
      for (const name of ['Bravo', 'Delta']) expect(live(name, 'OOO')).toHaveLength(0);

      // The job is stored for its workspace, with its message.
      const job = await t.app.db.prisma.bulkJob.findUniqueOrThrow({ where: { id: jobId }, include: { items: true } });
      expect(job).toMatchObject({ teamId: TEAM, userId: operator.userId, text: 'OOO Dec 24-26', channel: `D${operator.userId}`, ts: expect.any(String) });
      expect(job.items.map((i) => i.status).sort()).toEqual(['done', 'done', 'done', 'failed', 'failed']);
      message = { channel: job.channel!, ts: job.ts! };
      expect(updates.every((u) => u.args.ts === message.ts)).toBe(true);
    });

    it('Retry runs only the failed clients, on the same message', async () => {
      insertsBefore = Object.fromEntries(NAMES.map((n) => [n, inserts(n).length]));
      const retrySince = t.slack.calls.length;
      expect((await press('bulk_retry', jobId, message)).status).toBe(200);
      retried = await t.slack.waitForCall('chat.update', (c) => after(retrySince)(c) && String(c.args.text).includes('for all 5 clients'), WAIT);
      expect(retried.args.ts).toBe(message.ts);
      expect(buttons(retried).map((b) => b.action_id)).toEqual(['bulk_cancel']);
      for (const name of NAMES) expect(live(name, 'OOO'), name).toHaveLength(1);
      for (const name of ['Alpha', 'Charlie', 'Echo']) expect(inserts(name).length, name).toBe(insertsBefore[name]);
      for (const name of ['Bravo', 'Delta']) expect(inserts(name).length, name).toBe(insertsBefore[name]! + 1);
      expect(t.slack.callsTo('chat.postMessage').filter(after(retrySince))).toHaveLength(0);
    }, 60_000);

    it('Retry again (a double click, a stale button) still makes exactly one event each', async () => {
      await press('bulk_retry', jobId, message);
      await t.slack.waitForCall('chat.update', (c) => t.slack.calls.indexOf(c) > t.slack.calls.indexOf(retried) && String(c.args.text).includes('for all 5 clients'), WAIT);
      for (const name of NAMES) expect(live(name, 'OOO'), name).toHaveLength(1);
    }, 60_000);

    it('after a crash between Google making an event and our recording it, the rerun lands on the same event', async () => {
      const alphaId = (await t.app.db.prisma.client.findFirstOrThrow({ where: { name: 'Alpha' } })).id;
      await t.app.db.prisma.bulkItem.update({ where: { jobId_clientId: { jobId, clientId: alphaId } }, data: { status: 'pending', eventId: null } });
      const rerunSince = t.slack.calls.length;
      await press('bulk_retry', jobId, message);
      await t.slack.waitForCall('chat.update', (c) => after(rerunSince)(c) && String(c.args.text).includes('for all 5 clients'), WAIT);
      expect(inserts('Alpha').length).toBe(insertsBefore.Alpha! + 1);
      for (const name of NAMES) expect(live(name, 'OOO'), name).toHaveLength(1);
      const alphaItem = await t.app.db.prisma.bulkItem.findUniqueOrThrow({ where: { jobId_clientId: { jobId, clientId: alphaId } } });
      expect(alphaItem).toMatchObject({ status: 'done', eventId: live('Alpha', 'OOO')[0]!.id });
    }, 60_000);

    it('Cancel removes the event from every client; pressing it again changes nothing', async () => {
      const cancelSince = t.slack.calls.length;
      await press('bulk_cancel', jobId, message);
      const cancelled = await t.slack.waitForCall('chat.update', (c) => after(cancelSince)(c) && String(c.args.text).startsWith('Cancelled OOO'), WAIT);
      expect(cancelled.args.ts).toBe(message.ts);
      expect(cancelled.args.text).toContain('removed for all 5 clients');
      expect(buttons(cancelled)).toHaveLength(0);
      for (const name of NAMES) expect(live(name, 'OOO'), name).toHaveLength(0);
      const againSince = t.slack.calls.length;
      await press('bulk_cancel', jobId, message);
      const again = await t.slack.waitForCall('chat.update', (c) => after(againSince)(c) && String(c.args.text).startsWith('Cancelled OOO'), WAIT);
      expect(again.args.text).toContain('removed for all 5 clients');
      for (const name of NAMES) expect(live(name, 'OOO'), name).toHaveLength(0);
    }, 60_000);
  });

  it('`block all` covers every client the user manages and reports the one that isn\u2019t connected', async () => {
    const since = t.slack.calls.length;
    const { response } = await t.command('block all Offsite Jan 12-14', operator);
    expect(visibleText(response)).toContain('Working on it');
    const posted = await t.slack.waitForCall('chat.postMessage', after(since), WAIT);
    expect(posted.args.text).toContain('0 of 6 clients');
    const final = await t.slack.waitForCall('chat.update', (c) => after(since)(c) && buttons(c).length > 0, WAIT);
    expect(final.args.text).toContain('for 5 of 6 clients; 1 failed');
    const text = visibleText(final.args.blocks);
    expect(text).toContain(':x: *Foxtrot* \u2014 Foxtrot isn\u2019t connected to Google yet.');
    expect(stringsHolding(final.args.blocks, 'Globex')).toEqual([]);
    expect(buttons(final).map((b) => b.action_id)).toEqual(['bulk_retry', 'bulk_cancel']);
    for (const name of NAMES) expect(live(name, 'Offsite'), name).toHaveLength(1);
  }, 60_000);

  it('asks rather than guesses, and names an unknown client', async () => {
    const unclear = await t.command('block alpha bravo OOO', operator);
    expect(visibleText(unclear.response)).toContain('nothing was created');
    const unknown = await t.command('block zulu OOO Dec 24-26', operator);
    expect(visibleText(unknown.response)).toContain('couldn\u2019t find a client called');
    // A client the user doesn't manage reads like one that doesn't exist: no name is confirmed.
    const notMine = await t.command('block globex OOO Dec 24-26', operator);
    expect(visibleText(notMine.response)).toContain('couldn\u2019t find a client called "globex"');
    expect(stringsHolding(notMine.response, 'Globex')).toEqual([]);
    expect(await t.app.db.prisma.bulkJob.count({ where: { text: { contains: 'OOO Dec' } } })).toBe(1);
  });

  it('a job belongs to its user: someone else\u2019s Retry finds nothing', async () => {
    const job = await t.app.db.prisma.bulkJob.findFirstOrThrow({ where: { text: 'Offsite Jan 12-14' } });
    const url = t.slack.responseUrl();
    await t.requests.blockAction({ teamId: TEAM, userId: 'U0OTHER' }, { type: 'button', action_id: 'bulk_retry', value: job.id }, { response_url: url });
    const answer = await t.slack.waitForResponse((r) => r.url === url, WAIT);
    expect(visibleText(answer.body)).toContain('can\u2019t be found');
  });
});

describe('bulk pieces', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('throttle: at most one send per interval, the latest value, and always the final one', async () => {
    // The clock and timers are vitest's: the intervals below are exact, whatever the machine does.
    vi.useFakeTimers({ now: 0 });
    const sent: [at: number, value: number][] = [];
    const progress = throttle(async (n: number) => void sent.push([Date.now(), n]), 200);
    for (let i = 1; i <= 10; i++) progress.push(i);
    // The message the job starts from counts as the first send.
    await vi.advanceTimersByTimeAsync(199);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([[200, 10]]);
    // Too soon after a send: waits out the interval.
    progress.push(11);
    await vi.advanceTimersByTimeAsync(199);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.at(-1)).toEqual([400, 11]);
    // Long after the last send: goes at once.
    await vi.advanceTimersByTimeAsync(1000);
    progress.push(12);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.at(-1)).toEqual([1400, 12]);
    // The final value replaces whatever is queued, goes at once, and nothing follows it.
    progress.push(13);
    await progress.finish(99);
    progress.push(14);
    await vi.runAllTimersAsync();
    expect(sent).toEqual([[200, 10], [400, 11], [1400, 12], [1400, 99]]);
  });

  it('throttle: one send at a time, the next waiting for the one in flight', async () => {
    vi.useFakeTimers({ now: 0 });
    const started: number[] = [];
    const finishSend: (() => void)[] = [];
    const progress = throttle((n: number) => {
      started.push(n);
      return new Promise<void>((resolve) => finishSend.push(resolve));
    }, 200);
    progress.push(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(started).toEqual([1]);
    progress.push(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(started).toEqual([1]);
    finishSend[0]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([1, 2]);
    const finished = progress.finish(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([1, 2]);
    finishSend[1]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([1, 2, 3]);
    finishSend[2]!();
    await finished;
  });

  it('the final message stays within Slack\u2019s limits for hundreds of clients, timed events in each client\u2019s zone', () => {
    const input = { title: 'Board <call>', description: null, location: null, start: { dateTime: '2026-12-18T15:00:00+01:00' }, end: { dateTime: '2026-12-18T16:00:00+01:00' }, timeZone: 'Europe/Paris', attendees: [], recurrence: null, meet: false, reminders: null };
    const items: BulkSnapshot['items'] = Array.from({ length: 3000 }, (_, i) => ({
      clientId: `c${i}`, calendarId: `cal${i}`, status: i % 7 ? 'done' : 'failed', error: i % 7 ? null : 'Google is busy or unavailable right now, so nothing was changed.',
      eventId: i % 7 ? `e${i}` : null, updatedAt: new Date(), clientName: `Client <${String(i).padStart(4, '0')}>`, clientTimeZone: i % 2 ? 'America/New_York' : 'Europe/Paris',
    }));
    const snapshot: BulkSnapshot = {
      job: { id: 'job1', teamId: TEAM, userId: operator.userId, text: 'Board call Dec 18 3-4pm', input, cancelledAt: null, channel: 'D1', ts: '1.0', createdAt: new Date() },
      mode: 'create', items, total: 3000, done: items.filter((i) => i.status === 'done').length, failed: items.filter((i) => i.status === 'failed').length, pending: 0, final: true,
    };
    const message = bulkMessage(snapshot);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(3000);
    const text = visibleText(message.blocks);
    expect(text).toContain('Board &lt;call&gt;');
    expect(text).toContain('*Client &lt;0002&gt;* \u2014 Fri 18 Dec 15:00\u201316:00');
    expect(text).toContain('*Client &lt;0001&gt;* \u2014 Fri 18 Dec 09:00\u201310:00 America/New_York');
    expect(text).toMatch(/\u2026and \d+ more clients$/m);
    // Failures come first, so a cut never hides one.
    expect(text.indexOf(':x: *Client &lt;2996&gt;*')).toBeLessThan(text.indexOf('*Client &lt;0001&gt;*'));
    expect(message.blocks.at(-1)!.type).toBe('actions');
  });
});
