import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { nextModal } from '../harness/modals.js';
import { visibleText } from '../harness/visible.js';
import { changedKeys, deleteFromMenu, openEditForm, pick, pressSplitUndo, pressUndo, saveEditForm, typed } from './edit-helpers.js';
import { ANN, BOB, CEO, everything, nextId, weeklySeries, ZONE } from './rich-event.js';
import { buttonById } from '../slack/sent-blocks.js';

// Issue 11's table beyond the form: every other path that writes an existing event changes only
// what the user changed, and tells the guests the event has (sendUpdates asserted).
const WAIT = 20_000;

/** What Google holds that the app never made: guests with answers, Zoom, reminders, attachments... */
const { id: _id, summary: _s, start: _st, end: _e, ...extras } = everything('unused');
void _id; void _s; void _st; void _e;

/** A day ahead in the operator's zone, so the test holds on any date. */
const day = (n: number) => DateTime.now().setZone(ZONE).startOf('day').plus({ days: n });

describe('every path that writes an existing event keeps what the user did not change (issue 11)', () => {
  let t: ConnectedApp<'Acme'>;
  const stored = (id: string) => t.google.events(CEO).find((e) => e.id === id);
  const updatesOf = (id: string) => t.google.guestUpdates.filter((u) => u.eventId === id).map((u) => [u.method, u.sendUpdates, u.emailed]);
  const writesTo = (id: string) => t.google.requests.filter((r) => r.method !== 'GET' && r.path.includes(`/events/${id}`));

  beforeAll(async () => {
    t = await connectedClientApp({ operatorTz: ZONE, clients: [{ name: 'Acme', email: CEO, timeZone: ZONE, googleTimeZone: ZONE }] });
    t.google.addAccount({ email: ANN });
  });
  afterAll(() => t?.close());

  it('quick add, then its Edit button after guests, Zoom and the rest were added in Google: only the title changes', async () => {
    const { response } = await t.command('add acme Standup tomorrow 10am for 30m', operator);
    expect(visibleText(response)).toContain('Created *Standup*');
    const edit = buttonById(response, 'event_edit');
    const id = t.google.events(CEO).find((e) => e.summary === 'Standup')!.id!;
    const before = t.google.changeEvent(CEO, id, extras);

    const since = t.slack.calls.length;
    const responseUrl = t.slack.responseUrl();
    await t.requests.blockAction(operator, { type: 'button', action_id: 'event_edit', value: edit.value }, { response_url: responseUrl, trigger_id: t.requests.triggerId() });
    const view = await nextModal(t, since, 'event_modal');
    expect(visibleText(await saveEditForm(t, operator, { view, responseUrl }, { ev_title: typed('Standup (moved room)') }))).toContain('Saved');

    expect(changedKeys(before, stored(id))).toEqual(['summary']);
    const patch = writesTo(id).at(-1)!;
    expect([patch.method, patch.body]).toEqual(['PATCH', { summary: 'Standup (moved room)' }]);
    expect(updatesOf(id).at(-1)).toEqual(['patch', 'all', [ANN, BOB]]);
  });

  it('bulk Move of a block whose guests were added later: only the days change, and the guests are told', async () => {
    const phrase = (from: number, to: number) => `${day(from).toFormat('LLL d')} to ${day(to).toFormat('LLL d')}`;
    await t.command(`block acme Offsite ${phrase(5, 6)}`, operator);
    await expect.poll(() => stored(t.google.events(CEO).find((e) => e.summary === 'Offsite')?.id ?? '')?.start, { timeout: WAIT }).toBeTruthy();
    const id = t.google.events(CEO).find((e) => e.summary === 'Offsite')!.id!;
    // Made without guests, so no one was told of the block itself.
    expect(updatesOf(id)).toEqual([['insert', 'none', []]]);
    const before = t.google.changeEvent(CEO, id, extras);
    const jobId = (await t.app.db.prisma.bulkJob.findFirstOrThrow({ where: { text: `Offsite ${phrase(5, 6)}` } })).id;

    const res = await t.requests.viewSubmission(operator, {
      id: 'V0MOVE', callback_id: 'bulk_move_modal', private_metadata: JSON.stringify({ jobId }),
      state: { values: { bulk_move_when: { value: { type: 'plain_text_input', value: phrase(12, 13) } } } },
    });
    expect(res.json?.response_action).toBeUndefined();
    await expect.poll(() => stored(id)?.start?.date, { timeout: WAIT }).toBe(day(12).toISODate());

    expect(changedKeys(before, stored(id))).toEqual(['end', 'start']);
    expect(stored(id)!.end).toEqual({ date: day(14).toISODate() });
    expect(Object.keys(writesTo(id).at(-1)!.body as object).sort()).toEqual(['end', 'start']);
    // Google emails only the guests an event has: a guestless block still emails nobody, a meeting's guests hear of the move.
    expect(updatesOf(id).at(-1)).toEqual(['patch', 'all', [ANN, BOB]]);

    // Cancel from the agenda: the guests hear that it is off.
    await t.requests.blockAction(operator, { type: 'button', action_id: 'bulk_cancel', value: jobId, block_id: `bulk_agenda:${jobId}` }, {
      trigger_id: t.requests.triggerId(),
      container: { type: 'message', channel_id: 'C0AGENDA', message_ts: '1700000000.000100', is_ephemeral: true },
      channel: { id: 'C0AGENDA', name: 'general' },
    });
    await expect.poll(() => stored(id)?.status, { timeout: WAIT }).toBe('cancelled');
    expect(updatesOf(id).at(-1)).toEqual(['delete', 'all', [ANN, BOB]]);
  }, 60_000);

  it('Undo of the delete of a changed occurrence: it is back in its series exactly as it was, the same guests told', async () => {
    const id = nextId('undel');
    t.google.addEvent(CEO, CEO, weeklySeries(id));
    // An exception: Wednesday 10 March moved to 15:00.
    const instance = `${id}_20270310T150000Z`;
    const form = await openEditForm(t, operator, t.ids.Acme, CEO, instance);
    const moved = { ev_start_time: { selected_time: '15:00' }, ev_end_time: { selected_time: '16:00' }, ev_scope: pick('instance') };
    expect(visibleText(await saveEditForm(t, operator, form, moved))).toContain('Saved');
    const before = stored(instance)!;
    expect(before.recurringEventId).toBe(id);

    const { answer } = await deleteFromMenu(t, operator, t.ids.Acme, CEO, instance, { ev_notify: pick('externalOnly') });
    expect(stored(instance)!.status).toBe('cancelled');
    expect(visibleText(await pressUndo(t, operator, answer))).toContain('Restored');
    expect(changedKeys(before, stored(instance))).toEqual([]);
    expect(updatesOf(instance).slice(-2)).toEqual([['delete', 'externalOnly', [BOB]], ['patch', 'externalOnly', [BOB]]]);
  });

  it('Undo of a split: the series as it was, its exception kept, and the guests told of both writes as chosen', async () => {
    const id = nextId('spund');
    t.google.addEvent(CEO, CEO, weeklySeries(id));
    const exceptionForm = await openEditForm(t, operator, t.ids.Acme, CEO, `${id}_20270310T150000Z`);
    expect(visibleText(await saveEditForm(t, operator, exceptionForm, { ev_location: typed('Room 9'), ev_scope: pick('instance') }))).toContain('Saved');
    const master = stored(id)!;
    const exception = stored(`${id}_20270310T150000Z`)!;

    const form = await openEditForm(t, operator, t.ids.Acme, CEO, `${id}_20270317T140000Z`);
    expect(visibleText(await saveEditForm(t, operator, form, { ev_title: typed('Board v2'), ev_scope: pick('following'), ev_notify: pick('none') }))).toContain('Saved');
    const copy = t.google.events(CEO).find((e) => e.summary === 'Board v2')!;
    expect(updatesOf(copy.id!)).toEqual([['insert', 'none', []]]);

    expect(visibleText(await pressSplitUndo(t, operator, form))).toContain('Restored');

    expect(changedKeys(master, stored(id))).toEqual([]);
    expect(changedKeys(exception, stored(exception.id!))).toEqual([]);
    expect(stored(copy.id!)!.status).toBe('cancelled');
    expect(updatesOf(id).slice(-2)).toEqual([['patch', 'none', []], ['patch', 'none', []]]);
    expect(updatesOf(copy.id!).at(-1)).toEqual(['delete', 'none', []]);
  });
});
