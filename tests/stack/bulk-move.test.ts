import type { Button, KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { TEAM } from '../harness/app.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import type { SlackCall } from '../fakes/slack.js';
import { nextModal } from '../harness/modals.js';
import { agendaMessage } from '../../src/slack/views/agenda.js';
import type { AgendaDay } from '../../src/core/stack/agenda.js';
import type { BulkJobSummary } from '../../src/core/bulk/types.js';
import { parseMoveTime } from '../../src/core/bulk/move.js';
import { stringsHolding, visibleText } from '../harness/visible.js';
import { blocksOf, buttonsOf, inputBlock, inputElement } from '../slack/sent-blocks.js';

const other = { teamId: TEAM, userId: 'U0OTHER' };
const NAMES = ['Alpha', 'Bravo', 'Charlie'];
const emailOf = (name: string) => `ceo@${name.toLowerCase()}.com`;
const WAIT = 20_000;
const ZONE = 'Europe/Paris';

/** A day some way ahead, in the operator's zone, so the test never depends on today's date. */
const day = (n: number) => DateTime.now().setZone(ZONE).startOf('day').plus({ days: n });
const phrase = (from: number, to: number) => `${day(from).toFormat('LLL d')} to ${day(to).toFormat('LLL d')}`;
const iso = (n: number) => day(n).toISODate()!;

describe('bulk move and cancel from the agenda', () => {
  let t: ConnectedApp;
  let jobId: string;
  let eventIds: Record<string, string>;

  const live = (name: string) => t.google.events(emailOf(name)).filter((e) => e.status !== 'cancelled' && e.summary === 'OOO');
  const patches = (name: string) => t.google.requests.filter((r) => r.method === 'PATCH' && r.path.includes(`/calendars/${emailOf(name)}/events/`));
  const after = (since: number) => (c: SlackCall) => t.slack.calls.indexOf(c) >= since;
  const jobBlock = (blocks: KnownBlock[] | undefined) => (blocks ?? []).find((b) => b.type === 'actions' && b.block_id === `bulk_agenda:${jobId}`);
  const job = () => t.app.db.prisma.bulkJob.findUniqueOrThrow({ where: { id: jobId }, include: { items: true } });
  const agenda = async (actor = operator) => (await t.command('agenda next 30 days', actor)).response;
  /** The text of the section that labels a job's buttons: the block just before them. */
  const labelBefore = (blocks: KnownBlock[], block: KnownBlock) => {
    const label = blocks[blocks.indexOf(block) - 1];
    if (label?.type !== 'section') throw new Error(`the block before ${block.block_id} is a ${label?.type}, not a section`);
    return label.text?.text;
  };
  /** A button on an agenda message (ephemeral, as `/calstack agenda` answers). */
  const pressOnAgenda = (action: Button, blockId: string, triggerId = t.requests.triggerId()) =>
    t.requests.blockAction(operator, { type: 'button', action_id: action.action_id, value: action.value, block_id: blockId }, {
      trigger_id: triggerId,
      container: { type: 'message', channel_id: 'C0AGENDA', message_ts: '1700000000.000100', is_ephemeral: true },
      channel: { id: 'C0AGENDA', name: 'general' },
    });
  const pressOnMessage = (actionId: string, message: { channel: string; ts: string }) =>
    t.requests.blockAction(operator, { type: 'button', action_id: actionId, value: jobId }, {
      container: { type: 'message', channel_id: message.channel, message_ts: message.ts, is_ephemeral: false },
      channel: { id: message.channel, name: 'directmessage' },
      message: { type: 'message', ts: message.ts, text: '' },
    });
  const submitMove = (when: string | null) =>
    t.requests.viewSubmission(operator, {
      id: 'V0MOVE',
      callback_id: 'bulk_move_modal',
      private_metadata: JSON.stringify({ jobId }),
      state: { values: { bulk_move_when: { value: { type: 'plain_text_input', value: when } } } },
    });
  const finalUpdate = (since: number, prefix: string) =>
    t.slack.waitForCall('chat.update', (c) => after(since)(c) && String(c.args.text).startsWith(prefix) && !String(c.args.text).includes(' done'), WAIT);

  beforeAll(async () => {
    t = await connectedClientApp({
      operatorTz: ZONE,
      users: [{ id: other.userId, team_id: TEAM, tz: 'UTC' }],
      clients: NAMES.map((name, i) => ({
        name,
        email: emailOf(name),
        timeZone: i % 2 ? 'America/New_York' : 'Asia/Tokyo',
        // Someone else manages Alpha too: they see its event, but not the operator's job.
        managers: name === 'Alpha' ? [operator.userId, other.userId] : [operator.userId],
      })),
    });

    const since = t.slack.calls.length;
    const { response } = await t.command(`block alpha bravo charlie OOO ${phrase(5, 7)}`, operator);
    expect(visibleText(response)).toContain('Working on it');
    const final = await finalUpdate(since, 'Blocked OOO');
    expect(final.args.text).toContain('for all 3 clients');
    jobId = (await t.app.db.prisma.bulkJob.findFirstOrThrow({ where: { text: `OOO ${phrase(5, 7)}` } })).id;
    eventIds = Object.fromEntries(NAMES.map((n) => [n, String(live(n)[0]!.id)]));
  }, 60_000);
  afterAll(() => t?.close());

  it('the agenda offers Move and Cancel for the job that made its events, only to the user who started it', async () => {
    const response = await agenda();
    const blocks = blocksOf(response);
    const block = jobBlock(blocks)!;
    expect(blocks.map((b) => b.block_id)).toContain(`bulk_agenda:${jobId}`);
    // The job comes last, after the days.
    expect(blocks.at(-1)).toEqual(block);
    expect(labelBefore(blocks, block)).toContain('*OOO* \u00b7 3 clients');
    expect(buttonsOf([block]).map((b) => [b.action_id, b.value, b.text.text])).toEqual([
      ['bulk_move', jobId, 'Move'],
      ['bulk_cancel', jobId, 'Cancel'],
    ]);
    expect(buttonsOf([block])[1]?.confirm?.title?.text).toBe('Remove these events?');
    // One job, once, however many of its events the agenda shows.
    expect(blocksOf(response).filter((b) => b.block_id?.startsWith('bulk_agenda:'))).toHaveLength(1);

    const theirs = await agenda(other);
    expect(visibleText(theirs)).toContain('OOO');
    expect(stringsHolding(theirs, 'bulk_agenda')).toEqual([]);
    expect(stringsHolding(theirs, 'bulk_move')).toEqual([]);
  });

  it('Move opens a modal; an unclear time is an inline error and nothing changes', async () => {
    const response = await agenda();
    const block = jobBlock(response.blocks)!;
    const since = t.slack.calls.length;
    const triggerId = t.requests.triggerId();
    expect((await pressOnAgenda(buttonsOf([block]).find((b) => b.action_id === 'bulk_move')!, block.block_id!, triggerId)).status).toBe(200);
    const opened = await t.slack.waitForCall('views.open', after(since), WAIT);
    expect(opened.args.trigger_id).toBe(triggerId);
    const modal = await nextModal(t, since, 'bulk_move_modal');
    expect(JSON.parse(modal.private_metadata!)).toEqual({ jobId });
    const input = inputBlock(modal, 'bulk_move_when');
    expect(input.label.text).toBe('New time');
    expect(inputElement(modal, 'bulk_move_when', 'plain_text_input').placeholder?.text).toBe('Dec 26-28');
    expect(input.hint?.text).toContain(ZONE);
    expect(visibleText(modal)).toContain('for 3 clients');

    const before = await job();
    const patchesBefore = NAMES.map((n) => patches(n).length);
    for (const when of ['soon', `${day(12).toFormat('LLL d')} please`, 'yesterday', '']) {
      const res = await submitMove(when);
      expect(res.json?.response_action, when).toBe('errors');
      expect(res.json?.errors?.bulk_move_when, when).toMatch(/nothing was changed|Give the new time/);
    }
    expect(NAMES.map((n) => patches(n).length)).toEqual(patchesBefore);
    for (const name of NAMES) expect(live(name).map((e) => e.start?.date), name).toEqual([iso(5)]);
    const unchanged = await job();
    expect(unchanged.input).toEqual(before.input);
    expect(unchanged.movedAt).toBeNull();
  });

  it('Move puts every client\u2019s event at the new time, with progress in a DM; moving there again is harmless', async () => {
    const since = t.slack.calls.length;
    const res = await submitMove(phrase(12, 14));
    expect(res.status).toBe(200);
    expect(res.json?.response_action).toBeUndefined();
    const final = await finalUpdate(since, 'Moved OOO');
    expect(final.args.text).toMatch(/^Moved OOO to \w{3} \d+ \w{3} \u2013 \w{3} \d+ \w{3}, all day for all 3 clients\.$/);
    expect(final.args.text).toContain(day(12).toFormat('ccc d LLL'));
    // The DM started at "0 of 3" in a new message, which is now the job's.
    const posted = t.slack.callsTo('chat.postMessage').filter(after(since));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.args.text).toMatch(/^Moving OOO to .*: 0 of 3 clients done$/);
    const moved = await job();
    expect(moved.ts).toBe(final.args.ts);
    expect(moved.movedAt).toBeInstanceOf(Date);
    const movedTo = moved.input as { start?: unknown; end?: unknown };
    expect(movedTo.start).toEqual({ date: iso(12) });
    expect(movedTo.end).toEqual({ date: iso(15) });
    expect(buttonsOf(blocksOf(final.args)).map((b) => b.action_id)).toEqual(['bulk_cancel']);
    expect(visibleText(final.args.blocks)).toContain(`*Alpha* \u2014 ${day(12).toFormat('ccc d LLL')}`);

    // The same events, moved (not new ones): one each, at the new days.
    for (const name of NAMES) {
      expect(live(name).map((e) => [e.id, e.start?.date, e.end?.date]), name).toEqual([[eventIds[name], iso(12), iso(15)]]);
    }

    // Moving to the same time again changes nothing more.
    const againSince = t.slack.calls.length;
    await submitMove(phrase(12, 14));
    await finalUpdate(againSince, 'Moved OOO');
    for (const name of NAMES) expect(live(name).map((e) => [e.id, e.start?.date]), name).toEqual([[eventIds[name], iso(12)]]);
  }, 60_000);

  it('a failure during a move is listed with Retry, and Retry moves only that client', async () => {
    t.google.fail({ match: (r) => r.method === 'PATCH' && r.path.includes(`/calendars/${emailOf('Bravo')}/events/`), status: 403, reason: 'forbidden', times: 1 });
    const since = t.slack.calls.length;
    await submitMove(phrase(20, 21));
    const final = await finalUpdate(since, 'Moved OOO');
    expect(final.args.text).toContain('for 2 of 3 clients; 1 failed');
    expect(visibleText(final.args.blocks)).toContain(':x: *Bravo* \u2014 couldn\u2019t move it: Google says Bravo\u2019s account can\u2019t access that calendar or event');
    expect(buttonsOf(blocksOf(final.args)).map((b) => b.action_id)).toEqual(['bulk_retry', 'bulk_cancel']);
    for (const name of ['Alpha', 'Charlie']) expect(live(name).map((e) => e.start?.date), name).toEqual([iso(20)]);
    expect(live('Bravo').map((e) => e.start?.date)).toEqual([iso(12)]);

    const patchesBefore = Object.fromEntries(NAMES.map((n) => [n, patches(n).length]));
    const { channel, ts } = await job();
    const retrySince = t.slack.calls.length;
    expect((await pressOnMessage('bulk_retry', { channel: channel!, ts: ts! })).status).toBe(200);
    const retried = await finalUpdate(retrySince, 'Moved OOO');
    expect(retried.args.ts).toBe(ts);
    expect(retried.args.text).toContain('for all 3 clients');
    expect(retried.args.text).toContain(day(20).toFormat('ccc d LLL'));
    for (const name of NAMES) expect(live(name).map((e) => [e.id, e.start?.date, e.end?.date]), name).toEqual([[eventIds[name], iso(20), iso(22)]]);
    expect(patches('Bravo').length).toBe(patchesBefore.Bravo! + 1);
    for (const name of ['Alpha', 'Charlie']) expect(patches(name).length, name).toBe(patchesBefore[name]);
  }, 60_000);

  it('Cancel from the agenda removes the event from every client, with its progress in a new DM', async () => {
    const response = await agenda();
    const blocks = blocksOf(response);
    const block = jobBlock(blocks)!;
    expect(labelBefore(blocks, block)).toContain(day(20).toFormat('ccc d LLL'));
    const since = t.slack.calls.length;
    expect((await pressOnAgenda(buttonsOf([block]).find((b) => b.action_id === 'bulk_cancel')!, block.block_id!)).status).toBe(200);
    const cancelled = await finalUpdate(since, 'Cancelled OOO');
    expect(cancelled.args.text).toContain('removed for all 3 clients');
    // The agenda stays as it was; the run has its own DM message.
    expect(t.slack.callsTo('chat.update').filter(after(since)).every((c) => c.args.channel === `D${operator.userId}`)).toBe(true);
    expect(t.slack.callsTo('chat.postMessage').filter(after(since))).toHaveLength(1);
    for (const name of NAMES) expect(live(name), name).toHaveLength(0);
    expect(jobBlock((await agenda()).blocks)).toBeUndefined();

    // A cancelled job can't be moved any more.
    const res = await submitMove(phrase(25, 26));
    expect(res.json?.response_action).toBe('errors');
    expect(res.json?.errors?.bulk_move_when).toContain('cancelled');
  }, 60_000);
});

describe('bulk move pieces', () => {
  it('the agenda keeps within 50 blocks with many days and jobs, and offers at most 5 jobs', () => {
    const start = DateTime.fromISO('2026-12-01', { zone: ZONE });
    const days: AgendaDay[] = Array.from({ length: 40 }, (_, d) => ({
      date: start.plus({ days: d }).toISODate()!,
      label: start.plus({ days: d }).toFormat('ccc d LLL'),
      items: [],
    }));
    for (const [d, agendaDay] of days.entries()) {
      const at = start.plus({ days: d, hours: 9 }).toMillis();
      agendaDay.items.push({
        clientId: 'c1',
        clientName: 'Alpha',
        event: { id: `e${d}`, title: 'Meeting' } as never,
        startsAt: at,
        endsAt: at + 3_600_000,
        allDay: false,
        continued: false,
        conflictsWith: [],
        key: `c1:cal:e${d}`,
      });
    }
    const input = { title: 'OOO', description: null, location: null, start: { date: '2026-12-24' }, end: { date: '2026-12-27' }, timeZone: ZONE, attendees: [], recurrence: null, meet: false, reminders: null };
    const jobs: BulkJobSummary[] = Array.from({ length: 7 }, (_, i) => ({ id: `job${i}`, input, clients: 5, cancelled: i === 1 }));
    const message = agendaMessage({ days, unreadable: [], clients: [], label: 'the next 40 days', zone: ZONE, jobs });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const jobBlocks = message.blocks.filter((b) => b.block_id?.startsWith('bulk_agenda:'));
    expect(jobBlocks.map((b) => b.block_id)).toEqual(['job0', 'job1', 'job2', 'job3', 'job4'].map((id) => `bulk_agenda:${id}`));
    expect(message.blocks.at(-1)).toEqual(jobBlocks.at(-1));
    expect(visibleText(message)).toContain('*OOO* \u00b7 5 clients \u00b7 Thu 24 Dec \u2013 Sat 26 Dec, all day');
    expect(visibleText(message)).toContain('more days not shown');
    // A cancelled job whose removal partly failed only offers to remove the rest.
    expect(buttonsOf([jobBlocks[1]!]).map((b) => b.action_id)).toEqual(['bulk_cancel']);
  });

  it('reads the new time like quick add, in the viewer\u2019s zone, and refuses leftovers', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const read = (text: string, allDay: boolean) => parseMoveTime(text, { now, zone: ZONE, allDay });
    expect(read('Dec 26-28', true)).toEqual({ time: { start: { date: '2026-12-26' }, end: { date: '2026-12-29' }, timeZone: ZONE } });
    // A bare day keeps an all-day job all-day; a timed one needs a time.
    expect(read('Dec 26', true)).toEqual({ time: { start: { date: '2026-12-26' }, end: { date: '2026-12-27' }, timeZone: ZONE } });
    expect(read('Dec 26', false)).toEqual({ error: expect.stringContaining('no time given') });
    expect(read('Dec 18 3-4pm', true)).toEqual({
      time: { start: { dateTime: '2026-12-18T15:00:00+01:00' }, end: { dateTime: '2026-12-18T16:00:00+01:00' }, timeZone: ZONE },
    });
    expect(read('Dec 26 to the 28th', true)).toEqual({ error: expect.stringContaining('\u201cto the 28th\u201d') });
    expect(read('Dec 26 with bob@example.com', true)).toEqual({ error: expect.stringContaining('leave out the guests') });
    expect(read('Nov 3', true)).toEqual({ time: expect.anything() }); // next year's, as quick add reads it
    expect(read('yesterday', true)).toEqual({ error: expect.stringContaining('already passed') });
  });
});
