import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM } from '../harness/app.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { nextModal } from '../harness/modals.js';
import { formValues, visibleText } from '../harness/visible.js';
import { inputElement } from './sent-blocks.js';
import { submitEvent } from '../events/helpers.js';
import type { SentView } from '../fakes/slack.js';

const ACME = 'ceo@acme.com';
const GLOBEX = 'ceo@globex.com';
/** A Wednesday; the operator reads times in Paris (+01:00). */
const TODAY = '2026-12-02T09:00:00Z';
const CHANNEL = 'C0CLIENTS';
const CLIENT_USER = 'U0CLIENT';

describe('the Add to calendar and New event shortcuts', () => {
  let t: ConnectedApp<'Acme' | 'Globex'>;
  const live = (email: string) => t.google.events(email).filter((e) => e.status !== 'cancelled');

  beforeAll(async () => {
    t = await connectedClientApp({
      now: TODAY,
      operatorTz: 'Europe/Paris',
      users: [
        { id: 'U0DANA', team_id: TEAM, tz: 'UTC', email: 'dana@acme.com' },
        // Slack hides some users' emails (profile setting, guests): none to invite.
        { id: 'U0NOMAIL', team_id: TEAM, tz: 'UTC' },
        { id: 'U0LONER', team_id: TEAM, tz: 'UTC' },
      ],
      clients: [
        { name: 'Acme', email: ACME, timeZone: 'America/New_York' },
        { name: 'Globex', email: GLOBEX, timeZone: 'UTC' },
      ],
    });
    await t.command('use acme', operator);
  });
  afterAll(() => t?.close());

  /** A client's message in the channel, then the operator's shortcut on it: the form it opens. */
  async function shortcutOn(text: string, actor = operator): Promise<{ form: SentView; responseUrl: string; ack: number; ts: string }> {
    const message = t.slack.postMessageAs(CLIENT_USER, CHANNEL, text);
    const responseUrl = t.slack.responseUrl();
    const since = t.slack.calls.length;
    const ack = await t.requests.messageShortcut(actor, 'add_to_calendar', message, { response_url: responseUrl });
    const call = await t.slack.waitForCall('views.update', (c) => t.slack.calls.indexOf(c) >= since);
    // The trigger_id lives 3 s: the loading modal opens before anything slow is asked.
    // (Other work of the app, such as a Home tab refresh, may interleave.)
    const order = t.slack.calls.slice(since).map((c) => c.method);
    const opened = order.indexOf('views.open');
    expect(opened).toBeGreaterThanOrEqual(0);
    expect(order.slice(0, opened)).not.toContain('chat.getPermalink');
    expect(order.slice(0, opened)).not.toContain('users.info');
    return { form: call.args.view as SentView, responseUrl, ack: ack.status, ts: message.ts };
  }

  const permalinkOf = (ts: string) => `https://fake-slack.slack.com/archives/${CHANNEL}/p${ts.replace('.', '')}`;
  const clientOf = (form: SentView) => inputElement(form, 'ev_client', 'static_select').initial_option?.value;

  // Messages from the quick-add table, as Slack writes them (mentions, auto-linked emails, entities).
  const table = [
    {
      text: 'Lunch with <@U0DANA> tomorrow 12:30 for 45m',
      quote: 'Lunch with dana@acme.com tomorrow 12:30 for 45m',
      client: 'Acme',
      values: { ev_title: 'Lunch', ev_start_date: '2026-12-03', ev_start_time: '12:30', ev_end_date: '2026-12-03', ev_end_time: '13:15', ev_attendees: 'dana@acme.com' },
    },
    {
      text: 'Dentist on Dec 3 at 9am for 1h with <mailto:bob@example.com|bob@example.com>',
      quote: 'Dentist on Dec 3 at 9am for 1h with bob@example.com',
      client: 'Acme',
      values: { ev_title: 'Dentist', ev_start_date: '2026-12-03', ev_start_time: '09:00', ev_end_time: '10:00', ev_attendees: 'bob@example.com' },
    },
    {
      text: 'Globex: Board call next Tue 3-4pm',
      quote: 'Globex: Board call next Tue 3-4pm',
      client: 'Globex',
      values: { ev_title: 'Board call', ev_start_date: '2026-12-08', ev_start_time: '15:00', ev_end_time: '16:00', ev_attendees: null },
    },
    {
      text: 'Team offsite Jan 12-14 for globex',
      quote: 'Team offsite Jan 12-14 for globex',
      client: 'Globex',
      values: { ev_title: 'Team offsite for globex', ev_start_date: '2027-01-12', ev_end_date: '2027-01-14', ev_start_time: null, ev_all_day: ['yes'] },
    },
    {
      text: 'Coffee &amp; chat friday 8:30am with <@U0DANA> and ann@example.com',
      quote: 'Coffee & chat friday 8:30am with dana@acme.com and ann@example.com',
      client: 'Acme',
      values: { ev_title: 'Coffee & chat', ev_start_date: '2026-12-04', ev_start_time: '08:30', ev_end_time: '09:00', ev_attendees: 'dana@acme.com, ann@example.com' },
    },
  ];

  it.each(table)('prefills the form from "$text"', async ({ text, quote, client, values }) => {
    const { form, ack, ts } = await shortcutOn(text);
    expect(ack).toBe(200);
    expect(form.callback_id).toBe('event_modal');
    expect(clientOf(form)).toBe(t.ids[client as 'Acme' | 'Globex']);
    expect(formValues(form)).toMatchObject(values);
    // The link, then the whole message as a person reads it (the client's name included).
    expect(formValues(form).ev_description).toBe(`From Slack: ${permalinkOf(ts)}\n\n${quote}`);
    // Nothing reaches Google before the user submits.
    expect(t.google.requestsTo('events').filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('leaves out a mentioned user without an email, and says so in the form', async () => {
    const { form } = await shortcutOn('Board call with <@U0NOMAIL> dec 9 10:00');
    expect(formValues(form)).toMatchObject({ ev_title: 'Board call', ev_start_date: '2026-12-09', ev_start_time: '10:00', ev_attendees: null });
    expect(visibleText(form)).toContain('Not invited: <@U0NOMAIL>');
  });

  it('names at most 20 people it could not invite, and counts the rest', async () => {
    const ghosts = Array.from({ length: 23 }, (_, i) => `U0GHOST${i}`);
    const { form } = await shortcutOn(`Kickoff with ${ghosts.map((id) => `<@${id}>`).join(', ')} dec 10 2pm`);
    expect(formValues(form)).toMatchObject({ ev_title: 'Kickoff', ev_start_time: '14:00', ev_attendees: null });
    const shown = visibleText(form);
    expect(shown).toContain('<@U0GHOST19> and 3 more');
    expect(shown).not.toContain('<@U0GHOST20>');
  });

  it('opens an unclear message as an empty form with the message in the description', async () => {
    const text = 'Can we find some time with <@U0DANA>? See <https://docs.example.com/plan|the plan> &amp; tell me';
    const { form } = await shortcutOn(text);
    const v = formValues(form);
    expect(v).toMatchObject({ ev_title: null, ev_start_date: null, ev_start_time: null, ev_end_date: null, ev_end_time: null, ev_attendees: 'dana@acme.com' });
    expect(clientOf(form)).toBe(t.ids.Acme);
    expect(v.ev_description).toMatch(/^From Slack: https:\/\/fake-slack\.slack\.com\/archives\/C0CLIENTS\/p\d+\n\nCan we find some time with dana@acme\.com\? See the plan & tell me$/);
  });

  it('still opens the form when Slack has no permalink for the message', async () => {
    const since = t.slack.calls.length;
    await t.requests.messageShortcut(operator, 'add_to_calendar', { channel: 'C0GONE', ts: '1700000000.000001', text: 'Standup tomorrow 9am', user: CLIENT_USER });
    const form = await nextModal(t, since, 'event_modal');
    expect(t.slack.callsTo('chat.getPermalink').filter((c) => c.args.channel === 'C0GONE')).toHaveLength(1);
    expect(formValues(form)).toMatchObject({ ev_title: 'Standup', ev_start_time: '09:00', ev_description: 'Standup tomorrow 9am' });
  });

  it('tells someone who manages no client what to do, in the modal and in the channel, without an error', async () => {
    const loner = { teamId: TEAM, userId: 'U0LONER' };
    const { form, responseUrl } = await shortcutOn('Lunch tomorrow 12:30', loner);
    expect(visibleText(form)).toContain('You don\u2019t manage any client yet');
    const note = await t.slack.waitForResponse((r) => r.url === responseUrl);
    expect(note.body.response_type).toBe('ephemeral');
    expect(visibleText(note.body)).toContain('/calstack client add');

    // The global shortcut has no channel to answer in: the note comes by DM.
    const since = t.slack.calls.length;
    await t.requests.globalShortcut(loner, 'new_event');
    const modal = await t.slack.waitForCall('views.update', (c) => t.slack.calls.indexOf(c) >= since);
    expect(visibleText(modal.args.view)).toContain('You don\u2019t manage any client yet');
    const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since);
    expect(dm.args.channel).toBe('U0LONER');
    expect(String(dm.args.text)).toContain('/calstack client add');
  });

  it('the global shortcut opens the empty form for the default client; submitting it creates the event', async () => {
    const since = t.slack.calls.length;
    const ack = await t.requests.globalShortcut(operator, 'new_event');
    expect(ack.status).toBe(200);
    const form = await nextModal(t, since, 'event_modal');
    expect(clientOf(form)).toBe(t.ids.Acme);
    expect(formValues(form)).toMatchObject({ ev_title: null, ev_start_date: null, ev_description: null, ev_calendar: ACME });
    const created = await submitEvent(t, operator, {
      clientId: t.ids.Acme, calendarId: ACME, title: 'Shortcut sync', startDate: '2026-12-10', startTime: '11:00', endTime: '11:30', timeZone: 'Europe/Paris',
    }, { meta: form.private_metadata! });
    expect(created.body).toBe('');
    // No response_url on a global shortcut: the confirmation comes by DM.
    const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since && String(c.args.text).includes('Shortcut sync'));
    // Posted to the user's id: Slack puts it in the app's DM with them.
    expect(dm.args.channel).toBe(operator.userId);
    expect(live(ACME).find((e) => e.summary === 'Shortcut sync')?.start?.dateTime).toContain('2026-12-10T');
  });

  it('any message text: the shortcut opens a modal', async () => {
    // A few generated messages end to end (the parser's property is in tests/core/from-message.test.ts).
    const texts = fc.sample(fc.string({ maxLength: 200, unit: 'binary' }), { seed: 1702, numRuns: 4 });
    for (const text of [...texts, '<@U0DANA|', `${'<!channel> '.repeat(400)}tomorrow 9am`]) {
      const { form, ack } = await shortcutOn(text);
      expect(ack).toBe(200);
      expect(form.callback_id).toBe('event_modal');
    }
  });
});
