// The event form checks a time as the user fills it in: the user's other clients' events at that
// time, the guests' free/busy (as the client's Google account may see it), and Find a time.
// Driven as Slack does: the fake keeps what the user typed across views.update only for inputs
// whose block_id and action_id stay the same, as Slack documents.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { actInModal, openedModalId, shownValues } from '../harness/modals.js';
import { visibleText } from '../harness/visible.js';
import { accessoryButtonsOf, blockById, buttonsOf, blocksOf } from './sent-blocks.js';
import { nextModal } from '../harness/modals.js';
import type { SlackCall, StoredView } from '../fakes/slack.js';

const ACME = 'ceo@acme.com';
const GLOBEX = 'ceo@globex.com';
/** A guest whose calendar Google shows Acme's account (shared as free/busy). */
const DANA = 'dana@partner.com';
/** A guest Google says nothing about. */
const GHOST = 'ghost@elsewhere.com';
/** Wednesday 04:00 in New York, 10:00 in Paris. */
const NOW = '2026-12-02T09:00:00Z';

const typed = (value: string) => ({ value: { type: 'plain_text_input', value } });
const date = (d: string) => ({ value: { type: 'datepicker', selected_date: d } });
const time = (t: string) => ({ value: { type: 'timepicker', selected_time: t } });

describe('conflicts and free/busy in the event form', () => {
  let t: ConnectedApp<'Acme' | 'Globex'>;

  beforeAll(async () => {
    t = await connectedClientApp({
      now: NOW,
      operatorTz: 'Europe/Paris',
      clients: [
        { name: 'Acme', email: ACME, timeZone: 'America/New_York', googleTimeZone: 'America/New_York' },
        { name: 'Globex', email: GLOBEX, timeZone: 'UTC' },
      ],
    });
    // Another client's commitment: Thursday 15:00–16:00 in Paris, 09:00–10:00 in New York.
    t.google.addEvent(GLOBEX, GLOBEX, { id: 'globeboard1', summary: 'Board call', start: { dateTime: '2026-12-03T14:00:00Z' }, end: { dateTime: '2026-12-03T15:00:00Z' } });
    // Acme's own morning, and Dana's busy times (New York): Wed 10–11, 11:30–12, 13–16:30; Thu 9:30–10:30.
    t.google.addEvent(ACME, ACME, { id: 'acmestandup1', summary: 'Standup', start: { dateTime: '2026-12-02T09:00:00-05:00' }, end: { dateTime: '2026-12-02T10:00:00-05:00' } });
    t.google.addCalendar(ACME, { id: DANA, accessRole: 'freeBusyReader', timeZone: 'America/New_York' });
    const busy = (id: string, start: string, end: string) => t.google.addEvent(ACME, DANA, { id, summary: 'private', start: { dateTime: start }, end: { dateTime: end } });
    busy('danabus1', '2026-12-02T10:00:00-05:00', '2026-12-02T11:00:00-05:00');
    busy('danabus2', '2026-12-02T11:30:00-05:00', '2026-12-02T12:00:00-05:00');
    busy('danabus3', '2026-12-02T13:00:00-05:00', '2026-12-02T16:30:00-05:00');
    busy('danabus4', '2026-12-03T09:30:00-05:00', '2026-12-03T10:30:00-05:00');
  });
  afterAll(() => t?.close());
  beforeEach(() => t.google.reset());

  /** `/calstack event new acme`, then the user fills in the form: its view id. */
  async function openAndFill(): Promise<string> {
    const since = t.slack.calls.length;
    await t.requests.command('event new acme', operator);
    const viewId = await openedModalId(t, since, 'event_modal');
    t.slack.enterValues(viewId, {
      ev_title: typed('Kickoff'),
      ev_description: typed('Agenda: <!channel> & budget'),
      ev_start_date: date('2026-12-03'),
      // In the form's zone, the user's (Paris): 14:30–15:30 UTC, 09:30–10:30 in New York.
      ev_start_time: time('15:30'),
      ev_end_time: time('16:30'),
      ev_attendees: typed(`${DANA}, ${GHOST}`),
    });
    return viewId;
  }

  const updatesOf = (viewId: string, since: number) => t.slack.callsTo('views.update').filter((c) => c.args.view_id === viewId && t.slack.calls.indexOf(c) >= since);
  const nthUpdate = (viewId: string, since: number, n: number) =>
    t.slack.waitForCall('views.update', (c) => c.args.view_id === viewId && t.slack.calls.indexOf(c) >= since && updatesOf(viewId, since).indexOf(c) === n - 1);
  const lineOf = (call: SlackCall) => visibleText(blockById(call.args.view, 'ev_check'));
  const current = (viewId: string) => t.slack.views.get(viewId) as StoredView;

  it('shows "checking…" while Google is slow, then the other client\u2019s conflict in the user\u2019s zone and each guest\u2019s free/busy; what was typed stays', async () => {
    const viewId = await openAndFill();
    const held = t.google.hold('/freeBusy');
    const since = t.slack.calls.length;
    const hashBefore = current(viewId).hash;
    const ack = await actInModal(t, operator, viewId, { type: 'timepicker', block_id: 'ev_end_time', action_id: 'value', selected_time: '16:30' });
    expect(ack.status).toBe(200);

    const first = await nthUpdate(viewId, since, 1);
    expect(lineOf(first)).toContain('Checking conflicts and guests\u2019 free/busy');
    await vi.waitFor(() => expect(held.held).toHaveLength(1));
    // Google has not answered: nothing but "checking…" is shown.
    expect(updatesOf(viewId, since)).toHaveLength(1);
    held.release();

    const second = await nthUpdate(viewId, since, 2);
    expect(lineOf(second)).toBe(`:warning: Conflicts with Globex: Board call 15:00\u201316:00\nGuests: ${DANA} busy, ${GHOST} unknown`);
    // Guarded by the view's hash, each update on the one before.
    expect(first.args.hash).toBe(hashBefore);
    expect(typeof second.args.hash).toBe('string');
    expect(second.args.hash).not.toBe(hashBefore);
    // Guests were asked of Acme's connection, only for this hour.
    const asked = t.google.requestsTo('/freeBusy').map((r) => r.body as { timeMin: string; timeMax: string; items: { id: string }[] });
    expect(asked).toEqual([{ timeMin: '2026-12-03T14:30:00.000Z', timeMax: '2026-12-03T15:30:00.000Z', items: [{ id: DANA }, { id: GHOST }] }]);

    expect(shownValues(current(viewId))).toMatchObject({
      ev_title: 'Kickoff',
      ev_description: 'Agenda: <!channel> & budget',
      ev_start_date: '2026-12-03',
      ev_start_time: '15:30',
      ev_end_time: '16:30',
      ev_attendees: `${DANA}, ${GHOST}`,
      ev_tz: 'Europe/Paris',
    });
    // No error dialog, no other view.
    expect(t.slack.calls.slice(since).map((c) => c.method).filter((m) => m.startsWith('views.') && m !== 'views.update')).toEqual([]);
  });

  it('says it couldn\u2019t check when Google refuses, and keeps the form as typed', async () => {
    const viewId = await openAndFill();
    t.google.fail({ match: '/freeBusy', status: 403, reason: 'forbidden', times: 10 });
    const since = t.slack.calls.length;
    await actInModal(t, operator, viewId, { type: 'plain_text_input', block_id: 'ev_attendees', action_id: 'value', value: `${DANA}, ${GHOST}` });
    const second = await nthUpdate(viewId, since, 2);
    expect(lineOf(second)).toMatch(/^:grey_question: Couldn\u2019t check \(.+\)\.$/);
    expect(shownValues(current(viewId))).toMatchObject({ ev_title: 'Kickoff', ev_attendees: `${DANA}, ${GHOST}` });
  });

  it('drops a result when the user changed the time again meanwhile (the view\u2019s hash moved on)', async () => {
    const viewId = await openAndFill();
    const held = t.google.hold('/freeBusy');
    const since = t.slack.calls.length;
    await actInModal(t, operator, viewId, { type: 'timepicker', block_id: 'ev_end_time', action_id: 'value', selected_time: '16:30' });
    await nthUpdate(viewId, since, 1);
    await vi.waitFor(() => expect(held.held).toHaveLength(1));
    // The user moves the event to 11:00–11:30 before Google answers.
    t.slack.enterValues(viewId, { ev_start_time: time('11:00'), ev_end_time: time('11:30') });
    await actInModal(t, operator, viewId, { type: 'timepicker', block_id: 'ev_start_time', action_id: 'value', selected_time: '11:00' });
    await nthUpdate(viewId, since, 2);
    await vi.waitFor(() => expect(held.held).toHaveLength(2));
    held.release();
    await vi.waitFor(() => expect(visibleText(blockById(current(viewId), 'ev_check'))).toContain('No conflicts'));
    // The first check's answer (a conflict at 15:30) was sent on the hash it started from, which
    // the second check had moved on: Slack refused it, so it was never shown.
    const stale = updatesOf(viewId, since).filter((c) => lineOf(c).includes('Conflicts with Globex'));
    expect(stale).toHaveLength(1);
    expect(stale[0]!.args.hash).not.toBe(current(viewId).hash);
    expect(visibleText(blockById(current(viewId), 'ev_check'))).toBe(`:white_check_mark: No conflicts with your clients\u2019 events.\nGuests: ${DANA} free, ${GHOST} unknown`);
    expect(shownValues(current(viewId))).toMatchObject({ ev_start_time: '11:00', ev_end_time: '11:30', ev_title: 'Kickoff' });
  });

  it('Find a time offers the next three hours when Acme and Dana are free within Acme\u2019s working hours; choosing one fills the start and end', async () => {
    const viewId = await openAndFill();
    const since = t.slack.calls.length;
    await actInModal(t, operator, viewId, { type: 'button', block_id: 'ev_find', action_id: 'event_find_time' });
    const found = await nthUpdate(viewId, since, 2);
    const slots = buttonsOf(blocksOf(found.args.view)).filter((b) => b.action_id?.startsWith('event_pick_time:'));
    // New York: Wed 12:00–13:00, Thu 10:30–11:30, 11:30–12:30 (Dana's and Acme's busy times and
    // the 9–17 day ruled out the rest), shown in Paris.
    expect(slots.map((b) => b.text.text)).toEqual(['Wed 2 Dec 18:00\u201319:00', 'Thu 3 Dec 16:30\u201317:30', 'Thu 3 Dec 17:30\u201318:30']);
    expect(visibleText(blockById(found.args.view, 'ev_find_note'))).toContain(`Not counted (Google won\u2019t show their calendars): ${GHOST}`);

    const pick = slots[0]!;
    if (!pick.action_id || !pick.value) throw new Error('a slot button without its action_id or value');
    const before = t.slack.calls.length;
    await actInModal(t, operator, viewId, { type: 'button', block_id: 'ev_find', action_id: pick.action_id, value: pick.value });
    const filled = await nthUpdate(viewId, before, 2);
    // New block ids, so Slack shows the chosen time (in the form's zone, Paris) instead of what
    // was typed; the rest as typed.
    expect(shownValues(current(viewId))).toMatchObject({
      'ev_start_date.1': '2026-12-02',
      'ev_start_time.1': '18:00',
      'ev_end_date.1': '2026-12-02',
      'ev_end_time.1': '19:00',
      ev_title: 'Kickoff',
      ev_attendees: `${DANA}, ${GHOST}`,
    });
    expect(lineOf(filled)).toBe(`:white_check_mark: No conflicts with your clients\u2019 events.\nGuests: ${DANA} free, ${GHOST} unknown`);

    // Choosing the client again rebuilds the form with its own block ids: the chosen time stays.
    const rebuilt = t.slack.calls.length;
    await actInModal(t, operator, viewId, { type: 'static_select', block_id: 'ev_client', action_id: 'event_client', selected_option: { value: t.ids.Acme, text: { type: 'plain_text', text: 'Acme' } } });
    await nthUpdate(viewId, rebuilt, 1);
    expect(shownValues(current(viewId))).toMatchObject({ ev_start_date: '2026-12-02', ev_start_time: '18:00', ev_end_date: '2026-12-02', ev_end_time: '19:00', ev_title: 'Kickoff' });

    // Submitting the form creates the event at the chosen time.
    const view = current(viewId);
    const ack = await t.requests.viewSubmission(operator, { id: viewId, callback_id: view.callback_id, private_metadata: view.private_metadata, state: view.state });
    expect(ack.json?.response_action).toBeUndefined();
    await vi.waitFor(() => expect(t.google.events(ACME).filter((e) => e.summary === 'Kickoff')).toHaveLength(1));
    const created = t.google.events(ACME).find((e) => e.summary === 'Kickoff')!;
    expect(Date.parse(created.start!.dateTime!)).toBe(Date.parse('2026-12-02T12:00:00-05:00'));
    expect(Date.parse(created.end!.dateTime!)).toBe(Date.parse('2026-12-02T13:00:00-05:00'));
  });

  it('quick add answers with the conflict line when the new event overlaps another client\u2019s event', async () => {
    const { response } = await t.command('add acme Budget review tomorrow 3:30pm for 30m', operator);
    expect(visibleText(response)).toContain('Conflicts with Globex: Board call 15:00\u201316:00');
    const clear = await t.command('add acme Wrap-up tomorrow 5pm for 30m', operator);
    expect(visibleText(clear.response)).not.toContain('Conflicts');
  });

  it('Book on a free slot opens the form with the conflict line when another client is busy then', async () => {
    const { response } = await t.command('free acme dec 3', operator);
    const book = accessoryButtonsOf(blocksOf(response)).find((b) => b.action_id === 'free_book');
    if (!book?.value) throw new Error('no Book button');
    // Acme's first free half hour on Thursday, 09:00 in New York, when Globex has its board call.
    expect(JSON.parse(book.value)).toMatchObject({ s: Date.parse('2026-12-03T14:00:00Z'), e: Date.parse('2026-12-03T14:30:00Z') });
    const since = t.slack.calls.length;
    await t.requests.blockAction(operator, { type: 'button', block_id: 'free_slot', action_id: 'free_book', value: book.value });
    const form = await nextModal(t, since, 'event_modal');
    expect(visibleText(blockById(form, 'ev_check'))).toBe(':warning: Conflicts with Globex: Board call 15:00\u201316:00');
  });
});
