import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, TEAM } from '../harness/app.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { nextModal } from '../harness/modals.js';
import { chooseFromMenu, eventMenus, submitEvent } from './helpers.js';
import { formValues, visibleText } from '../harness/visible.js';
import { accessoryButtonsOf, blocksOf, buttonById, inputElement, optionValues } from '../slack/sent-blocks.js';

const CEO = 'ceo@acme.com';
/** A Wednesday: "dec 7" is next Monday, "dec 16" the Wednesday after. */
const TODAY = '2026-12-02T09:00:00Z';

describe('events: the whole loop through Slack', () => {
  let t: ConnectedApp<'Acme'>;
  const live = () => t.google.events(CEO).filter((e) => e.status !== 'cancelled');

  beforeAll(async () => {
    t = await connectedClientApp({
      // Every date below is in the week after this "today", whatever day the suite runs.
      now: TODAY,
      operatorTz: 'Europe/Paris',
      users: [
        { id: admin.userId, team_id: TEAM, is_admin: true, tz: 'UTC' },
        { id: 'U0GUEST', team_id: TEAM, tz: 'UTC', email: 'guest@acme.com' },
      ],
      clients: [{
        name: 'Acme', email: CEO, timeZone: 'America/New_York', googleTimeZone: 'America/New_York',
        calendars: [{ id: 'team@group.calendar.google.com', summary: 'Team', timeZone: 'America/New_York', accessRole: 'writer' }],
      }],
    });
  });
  afterAll(() => t?.close());

  describe('create with every field, list, edit one instance and the series, delete, undo', () => {
    let master: ReturnType<typeof live>[number] | undefined;
    let menus: ReturnType<typeof eventMenus>;
    let deleted: { body: unknown };

    it('opens the form at once and loads the client\u2019s calendars into it', async () => {
      const since = t.slack.calls.length;
      const ack = await t.requests.command('event new acme', operator);
      expect(ack.status).toBe(200);
      const form = await nextModal(t, since, 'event_modal');
      const calendar = inputElement(form, 'ev_calendar', 'static_select');
      expect(optionValues(calendar)).toEqual([CEO, 'team@group.calendar.google.com']);
      expect(calendar.initial_option?.value).toBe(CEO);
    });

    it('creates a repeating event with every field the form has', async () => {
      const responseUrl = t.slack.responseUrl();
      const created = await submitEvent(t, operator, {
        clientId: t.ids.Acme, calendarId: CEO, title: 'Weekly sync', description: 'Agenda in the doc', location: 'Room 4',
        startDate: '2026-12-07', startTime: '10:00', endTime: '11:00', timeZone: 'America/New_York',
        attendees: 'bob@example.com', slackUsers: ['U0GUEST'], recurrence: 'weekly', weeklyDays: ['MO', 'WE'], meet: true, reminder: 'popup:10',
      }, { meta: JSON.stringify({ responseUrl }) });
      expect(created.body).toBe('');
      const confirmation = await t.slack.waitForResponse((r) => r.url === responseUrl);
      expect(visibleText(confirmation.body)).toContain('Created *Weekly sync* for Acme');
      [master] = live();
      expect(master).toMatchObject({
        summary: 'Weekly sync', description: 'Agenda in the doc', location: 'Room 4',
        start: { dateTime: expect.stringContaining('2026-12-07T10:00:00'), timeZone: 'America/New_York' },
        recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE'],
        reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 10 }] },
      });
      expect(master!.attendees!.map((a) => a.email).sort()).toEqual(['bob@example.com', 'guest@acme.com']);
      expect(master!.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
      expect(master!.id).toMatch(/^[a-v0-9]{26}$/);
    });

    it('lists the instances in the viewer\u2019s zone, with the event\u2019s own zone beside them', async () => {
      const list = await t.command('events acme dec 7 to dec 10', operator);
      menus = eventMenus(list.response);
      expect(menus).toHaveLength(2);
      expect(menus[0]!.text).toContain('16:00\u201317:00');
      expect(menus[0]!.text).toContain('10:00 America/New_York');
      expect(menus[0]!.text).toContain(':busts_in_silhouette: 2');
      expect(menus[0]!.text).toContain('Meet');
      expect(visibleText(list.response)).toContain('Monday 7 December');
      expect(visibleText(list.response)).toContain('Wednesday 9 December');
    });

    it('edits one instance of the series', async () => {
      const since = t.slack.calls.length;
      await chooseFromMenu(t, operator, menus[1]!.blockId, menus[1]!.values[0]!);
      const editForm = await nextModal(t, since, 'event_modal');
      expect(blocksOf(editForm).map((b) => b.block_id)).toContain('ev_scope');
      expect(inputElement(editForm, 'ev_title', 'plain_text_input').initial_value).toBe('Weekly sync');
      const editOne = await submitEvent(t, operator, {
        title: 'Weekly sync (moved)', startDate: '2026-12-09', startTime: '12:00', endTime: '13:00', timeZone: 'America/New_York',
        recurrence: 'weekly', weeklyDays: ['MO', 'WE'], scope: 'instance',
      }, { meta: editForm.private_metadata });
      expect(editOne.body).toBe('');
      await expect.poll(async () => {
        const again = await t.command('events acme dec 7 to dec 10', operator);
        return eventMenus(again.response).map((m) => m.text);
      }).toEqual([expect.stringContaining('Weekly sync'), expect.stringContaining('18:00\u201319:00')]);
      const after = await t.command('events acme dec 7 to dec 10', operator);
      expect(eventMenus(after.response)[1]!.text).toContain('Weekly sync (moved)');
      expect(eventMenus(after.response)[0]!.text).not.toContain('moved');
    });

    it('edits the whole series from an instance', async () => {
      const since = t.slack.calls.length;
      await chooseFromMenu(t, operator, menus[0]!.blockId, menus[0]!.values[0]!);
      const seriesForm = await nextModal(t, since, 'event_modal');
      const editAll = await submitEvent(t, operator, {
        title: 'Team sync', startDate: '2026-12-07', startTime: '10:00', endTime: '11:00', timeZone: 'America/New_York',
        recurrence: 'weekly', weeklyDays: ['MO', 'WE'], scope: 'series',
      }, { meta: seriesForm.private_metadata });
      expect(editAll.body).toBe('');
      await expect.poll(() => live().find((e) => e.id === master!.id)?.summary).toBe('Team sync');
      const later = await t.command('events acme dec 14 to dec 14', operator);
      expect(eventMenus(later.response)[0]!.text).toContain('Team sync');
    });

    it('deletes an instance after asking first', async () => {
      const since = t.slack.calls.length;
      const deleteUrl = t.slack.responseUrl();
      await chooseFromMenu(t, operator, menus[0]!.blockId, menus[0]!.values[1]!, deleteUrl);
      const confirm = await nextModal(t, since, 'event_delete');
      expect(visibleText(confirm)).toContain('Delete *Team sync*');
      const before = (await t.command('events acme dec 7 to dec 7', operator)).response;
      expect(eventMenus(before)).toHaveLength(1);
      const del = await t.requests.viewSubmission(operator, { id: 'VDEL', callback_id: 'event_delete', private_metadata: confirm.private_metadata, state: { values: {} } });
      expect(del.body).toBe('');
      deleted = await t.slack.waitForResponse((r) => r.url === deleteUrl);
      expect(visibleText(deleted.body)).toContain('Deleted *Team sync*');
      expect(eventMenus((await t.command('events acme dec 7 to dec 7', operator)).response)).toHaveLength(0);
    });

    it('Undo recreates the deleted instance as it was; Undo twice still makes one event', async () => {
      const undoButton = buttonById(deleted.body, 'event_undo');
      const undoUrl = t.slack.responseUrl();
      await t.requests.blockAction(operator, { type: 'button', action_id: 'event_undo', value: undoButton.value }, { response_url: undoUrl });
      const restored = await t.slack.waitForResponse((r) => r.url === undoUrl);
      expect(visibleText(restored.body)).toContain('Restored *Team sync*');
      const back = eventMenus((await t.command('events acme dec 7 to dec 7', operator)).response);
      expect(back).toHaveLength(1);
      expect(back[0]!.text).toContain('16:00\u201317:00');
      const againUrl = t.slack.responseUrl();
      await t.requests.blockAction(operator, { type: 'button', action_id: 'event_undo', value: undoButton.value }, { response_url: againUrl });
      await t.slack.waitForResponse((r) => r.url === againUrl);
      expect(eventMenus((await t.command('events acme dec 7 to dec 7', operator)).response)).toHaveLength(1);
    });
  });

  it('validation errors are inline and nothing reaches Google', async () => {
    const writesBefore = t.google.requests.filter((r) => r.method !== 'GET').length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: '' }, 'ev_title', 'title'],
      [{ title: 'x'.repeat(251) }, 'ev_title', '250'],
      [{ endTime: '09:00' }, 'ev_end_time', 'after the start'],
      [{ attendees: 'bob@, ann@example.com' }, 'ev_attendees', 'bob@'],
      [{ recurrence: 'custom', customRule: 'FREQ=SOMETIMES' }, 'ev_rrule', 'FREQ'],
      [{ timeZone: 'Mars/Base' }, 'ev_tz', 'time zone'],
      [{ duration: 'forever' }, 'ev_duration', 'duration'],
    ];
    for (const [override, block, says] of cases) {
      const res = await submitEvent(t, operator, { clientId: t.ids.Acme, calendarId: CEO, title: 'Ok', startDate: '2026-12-08', startTime: '10:00', endTime: '11:00', timeZone: 'UTC', ...override });
      expect(res.json?.response_action, block).toBe('errors');
      expect(res.json?.errors?.[block]).toContain(says);
    }
    expect(t.google.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  });

  it('the same submission twice at once makes one event; so does submitting it again once Google has made it', async () => {
    const form = { clientId: t.ids.Acme, calendarId: CEO, title: 'Once only', startDate: '2026-12-15', startTime: '09:00', duration: '30m', timeZone: 'UTC' };
    const created = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('Created *Once only* for Acme'));
    const inserts = () => t.google.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/calendars/${CEO}/events`));
    const insertsBefore = inserts().length;
    await Promise.all([submitEvent(t, operator, form, { viewId: 'VTWICE' }), submitEvent(t, operator, form, { viewId: 'VTWICE' })]);
    // Each submission ends with its own DM: the work is done, not merely started.
    await expect.poll(() => created().length, { timeout: 10_000 }).toBe(2);
    expect(live().filter((e) => e.summary === 'Once only')).toHaveLength(1);
    // Slack showed the user operation_timeout while the app went on; the user submits the same
    // modal again after the event exists. (The app's own retry after a request to Google timed
    // out is proven on the adapter, in calendar-api.test.ts.)
    await submitEvent(t, operator, form, { viewId: 'VTWICE' });
    await expect.poll(() => created().length, { timeout: 10_000 }).toBe(3);
    expect(live().filter((e) => e.summary === 'Once only')).toHaveLength(1);
    // Google's 409 for the id derived from the view is what made the later two land on the first.
    expect(inserts().slice(insertsBefore).map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('calendar lists are cached; Refresh asks Google again', async () => {
    await t.command('calendars acme', operator);
    const before = t.google.requestsTo('calendarList').length;
    const again = await t.command('calendars acme', operator);
    expect(t.google.requestsTo('calendarList').length).toBe(before);
    const refreshUrl = t.slack.responseUrl();
    const button = accessoryButtonsOf(blocksOf(again.response).slice(0, 1))[0]!;
    await t.requests.blockAction(operator, { type: 'button', action_id: button.action_id, value: button.value }, { response_url: refreshUrl });
    const refreshed = await t.slack.waitForResponse((r) => r.url === refreshUrl);
    expect(visibleText(refreshed.body)).toContain('Acme\u2019s calendars');
    expect(t.google.requestsTo('calendarList').length).toBe(before + 1);
  });

  it('quick add: a clear phrase creates at once with Undo; an unclear one opens the form prefilled', async () => {
    const { response } = await t.command('add acme Lunch with Bob dec 16 12:30 for 45m with bob@example.com', operator);
    expect(visibleText(response)).toContain('Created *Lunch with Bob* for Acme');
    const lunch = live().find((e) => e.summary === 'Lunch with Bob')!;
    expect(lunch.attendees!.map((a) => a.email)).toEqual(['bob@example.com']);
    const durationMs = Date.parse(lunch.end!.dateTime!) - Date.parse(lunch.start!.dateTime!);
    expect(durationMs).toBe(45 * 60_000);
    // Viewer in Paris: 12:30 Paris.
    expect(new Date(lunch.start!.dateTime!).toISOString()).toBe('2026-12-16T11:30:00.000Z');
    const undo = buttonById(response, 'quick_undo');
    const undoUrl = t.slack.responseUrl();
    await t.requests.blockAction(operator, { type: 'button', action_id: 'quick_undo', value: undo.value }, { response_url: undoUrl });
    expect(visibleText((await t.slack.waitForResponse((r) => r.url === undoUrl)).body)).toContain('Deleted *Lunch with Bob*');
    expect(live().find((e) => e.summary === 'Lunch with Bob')).toBeUndefined();

    const since = t.slack.calls.length;
    const unclear = await t.command('add acme Call Bob dec 17', operator);
    expect(visibleText(unclear.response)).toContain('no time given');
    const form = await nextModal(t, since, 'event_modal');
    expect(formValues(form).ev_title).toBe('Call Bob');
    expect(formValues(form).ev_start_date).toBe('2026-12-17');
    expect(live().find((e) => e.summary === 'Call Bob')).toBeUndefined();
  });

  it('acknowledges /calstack events before Google has answered anything', async () => {
    // Google answers nothing until released: an ack that waited for it would never come.
    const held = t.google.hold('/calendar/v3/');
    try {
      const responseUrl = t.slack.responseUrl();
      const ack = await t.requests.command('events acme next week', operator, { response_url: responseUrl });
      expect(ack.status).toBe(200);
      expect(ack.body).toBe('');
      // The command's Google call is under way and still unanswered.
      await expect.poll(() => held.held.length).toBeGreaterThan(0);
      expect(t.slack.responses.filter((r) => r.url === responseUrl)).toHaveLength(0);
      held.release();
      const answer = await t.slack.waitForResponse((r) => r.url === responseUrl, 15_000);
      expect(visibleText(answer.body)).toContain('Acme');
    } finally {
      held.release();
    }
  });
});
