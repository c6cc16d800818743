// Issue 15 (RSVP): `/calstack invites` lists the invitations a client has not answered, and
// Accept / Maybe / Decline answer them as the client, at Google, telling the organizer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { submitClientForm } from '../harness/client-form.js';
import type { Actor } from '../harness/slack-requests.js';
import { controls, visibleText } from '../harness/visible.js';
import { ACTION_OF, press, submitAnswer, type Answer } from './helpers.js';
import { TEAM } from '../harness/app.js';

const CEO = 'ceo@acme.com';
const CFO = 'cfo@globex.com';
const BOSS = 'boss@initech.com';
const BOB = 'bob@example.com';
const other: Actor = { teamId: TEAM, userId: 'U0OTHER' };
const nobody: Actor = { teamId: TEAM, userId: 'U0NOBODY' };
const NOW = '2027-03-01T09:00:00Z';
const SERIES = 'series0001';
/** Its second occurrence, Tuesday 9 March 15:00 in Paris (Google's instance id: the series' and the UTC start). */
const SECOND = `${SERIES}_20270309T140000Z`;

const timed = (day: string, hour: number) => ({
  start: { dateTime: `2027-03-${day}T${String(hour).padStart(2, '0')}:00:00+01:00`, timeZone: 'Europe/Paris' },
  end: { dateTime: `2027-03-${day}T${String(hour + 1).padStart(2, '0')}:00:00+01:00`, timeZone: 'Europe/Paris' },
});
const guests = (self: string, status = 'needsAction') => [
  { email: BOSS, organizer: true, responseStatus: 'accepted', displayName: 'The Boss' },
  { email: self, responseStatus: status },
  { email: BOB, responseStatus: 'tentative', comment: 'maybe late', optional: true },
];
const invite = (id: string, summary: string, self: string, day: string, status = 'needsAction') => ({
  id, summary, organizer: { email: BOSS, displayName: 'The Boss' }, ...timed(day, 15), attendees: guests(self, status),
});

describe('/calstack invites and answering them (issue 15)', () => {
  let t: ConnectedApp<'Acme' | 'Globex'>;
  const listFor = async (actor: Actor, args = '') => {
    const url = t.slack.responseUrl();
    await t.requests.command(`invites${args}`, actor, { response_url: url });
    return (await t.slack.waitForResponse((r) => r.url === url)).body;
  };
  const acmeButton = (eventId: string, answer: Answer) => ({ actionId: ACTION_OF[answer], value: JSON.stringify({ c: t.ids.Acme, k: CEO, e: eventId }), blockId: 'rsvp' });
  // `self` is Google's per reader, not the guest's data: what the app sent back for it is not compared.
  const attendeesOf = (eventId: string) => t.google.events(CEO).find((e) => e.id === eventId)?.attendees?.map(({ self: _self, ...a }) => a);

  beforeAll(async () => {
    t = await connectedClientApp({
      now: NOW,
      operatorTz: 'America/New_York',
      users: [{ id: other.userId, team_id: TEAM }, { id: nobody.userId, team_id: TEAM }],
      clients: [
        { name: 'Acme', email: CEO },
        { name: 'Globex', email: CFO },
      ],
    });
    // Globex is managed by another user only.
    await submitClientForm(t, operator, { name: 'Globex', timeZone: 'UTC', managers: [other.userId] }, JSON.stringify({ clientId: t.ids.Globex }));
    // A busy day before it, so the invitation is on Google's second page of events.
    for (let i = 0; i < 260; i++) t.google.addEvent(CEO, CEO, { id: `filler${String(i).padStart(4, '0')}`, summary: 'Busy', ...timed('02', 8) });
    t.google.addEvent(CEO, CEO, invite('invite0001', 'Board call', CEO, '03'));
    t.google.addEvent(CEO, CEO, invite('accepted01', 'Already accepted', CEO, '04', 'accepted'));
    t.google.addEvent(CEO, CEO, { id: 'selfmade01', summary: 'Own meeting', ...timed('05', 10), attendees: [{ email: CEO, organizer: true, responseStatus: 'needsAction' }, { email: BOB }] });
    t.google.addEvent(CEO, CEO, invite('later00001', 'Far away', CEO, '31'));
    t.google.addEvent(CFO, CFO, invite('globe00001', 'Globex offsite', CFO, '03'));
    t.google.addEvent(CEO, CEO, { ...invite(SERIES, 'Weekly sync', CEO, '02'), recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'] });
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    t.google.reset();
    t.google.changeEvent(CEO, 'invite0001', { attendees: guests(CEO) });
  });

  it('lists a client\u2019s pending invitation with its buttons, not accepted ones, its own events or another client\u2019s', async () => {
    const list = await listFor(operator);
    // Every page is read: the invitation is on the second.
    expect(t.google.requestsTo(`/calendars/${CEO}/events`).map((r) => r.query.pageToken ?? null)).toEqual([null, expect.any(String)]);
    const text = visibleText(list);
    expect(text).toContain('Board call');
    expect(text).toContain('The Boss');
    // 15:00 in Paris is 09:00 in New York: the viewer's zone, with the event's beside it.
    expect(text).toContain('09:00\u201310:00 (15:00 Europe/Paris)');
    for (const absent of ['Already accepted', 'Own meeting', 'Far away', 'Globex offsite']) expect(text).not.toContain(absent);
    const board = controls(list).filter((c) => JSON.parse(c.value ?? '{}').e === 'invite0001');
    expect(board.map((c) => c.label)).toEqual(['Accept', 'Maybe', 'Decline']);
    expect(JSON.parse(board[0]!.value!)).toEqual({ c: t.ids.Acme, k: CEO, e: 'invite0001', l: '*' });
  });

  it('shows another client\u2019s invitations only to its managers', async () => {
    expect(visibleText(await listFor(other))).toContain('Globex offsite');
    expect(visibleText(await listFor(other))).not.toContain('Board call');
    expect(visibleText(await listFor(operator, ' globex'))).toContain('couldn\u2019t find a client');
  });

  it('says plainly when nothing waits, and never says so when Google could not be read', async () => {
    expect(visibleText(await listFor(other, ' globex'))).toContain('Globex offsite');
    t.google.fail({ match: '/events', status: 500, times: Infinity });
    const failed = visibleText(await listFor(other, ' globex'));
    expect(failed).toContain('Google is busy or unavailable');
    expect(failed).not.toContain('No invitations');
    const failedAll = visibleText(await listFor(other));
    expect(failedAll).toContain('Could not check');
    expect(failedAll).not.toContain('No invitations');
    t.google.reset();
    t.google.addEvent(CFO, CFO, invite('gdone00001', 'Answered', CFO, '06', 'accepted'));
    t.google.changeEvent(CFO, 'globe00001', { attendees: guests(CFO, 'declined') });
    expect(visibleText(await listFor(other, ' globex'))).toContain('No invitations are waiting for an answer');
    t.google.changeEvent(CFO, 'globe00001', { attendees: guests(CFO) });
  });

  it('Decline from the list with a note: only the client\u2019s answer changes at Google, the organizer is told, the list is replaced in place', async () => {
    const before = attendeesOf('invite0001');
    const list = await listFor(operator);
    const decline = controls(list).find((c) => c.actionId === 'rsvp_decline' && JSON.parse(c.value ?? '{}').e === 'invite0001')!;
    const url = t.slack.responseUrl();
    const modal = await press(t, operator, decline, url);
    expect(visibleText(modal)).toContain('Board call');
    await submitAnswer(t, operator, modal, 'declined', 'Travelling <@U0BOSS> that week');
    const replaced = await t.slack.waitForResponse((r) => r.url === url);
    expect(replaced.body.replace_original).toBe(true);
    expect(visibleText(replaced.body)).toContain('*Declined* by <@U0OPERATOR> for Acme: *Board call*');
    expect(controls(replaced.body).filter((c) => JSON.parse(c.value ?? '{}').e === 'invite0001')).toEqual([]);
    expect(attendeesOf('invite0001')).toEqual(before!.map((a) => (a.email === CEO ? { ...a, responseStatus: 'declined', comment: 'Travelling <@U0BOSS> that week' } : a)));
    expect(t.google.notifications).toEqual([
      { calendarId: CEO, eventId: 'invite0001', from: CEO, to: [BOSS], responseStatus: 'declined', comment: 'Travelling <@U0BOSS> that week', sendUpdates: 'all' },
    ]);
    // Only the attendees travel: nothing else of the event is sent back.
    const patch = t.google.requests.find((r) => r.method === 'PATCH');
    expect(Object.keys(patch?.body as object)).toEqual(['attendees']);
  });

  it.each([
    ['accepted', 'Accepted'],
    ['tentative', 'Maybe'],
  ] as const)('%s from a notice: the answer at Google, the notice replaced with no buttons left', async (answer, word) => {
    const url = t.slack.responseUrl();
    const modal = await press(t, operator, acmeButton('invite0001', answer), url);
    await submitAnswer(t, operator, modal, answer, null);
    const replaced = await t.slack.waitForResponse((r) => r.url === url);
    expect(replaced.body.replace_original).toBe(true);
    expect(visibleText(replaced.body)).toContain(`*${word}* by <@U0OPERATOR>`);
    expect(controls(replaced.body)).toEqual([]);
    expect(attendeesOf('invite0001')?.find((a) => a.email === CEO)).toEqual({ email: CEO, responseStatus: answer });
    expect(t.google.notifications.map((n) => [n.responseStatus, n.to])).toEqual([[answer, [BOSS]]]);
  });

  it('refuses a non-manager pressing the button, and a forged submission, with nothing sent to Google', async () => {
    const modal = await press(t, nobody, acmeButton('invite0001', 'declined'), t.slack.responseUrl());
    expect(visibleText(modal)).toContain('Only the client\u2019s managers can answer its invitations.');
    expect(controls(modal)).toEqual([]);
    const url = t.slack.responseUrl();
    await submitAnswer(t, nobody, { private_metadata: JSON.stringify({ c: t.ids.Acme, k: CEO, e: 'invite0001', a: 'declined', u: url }) }, 'declined', null);
    const refused = await t.slack.waitForResponse((r) => r.url === url);
    expect(visibleText(refused.body)).toContain('Only the client\u2019s managers can answer its invitations.');
    expect(refused.body.replace_original).toBe(false);
    expect(t.google.requestsTo('/events')).toEqual([]);
    expect(attendeesOf('invite0001')?.find((a) => a.email === CEO)?.responseStatus).toBe('needsAction');
  });

  it('refuses to answer an event the client organizes, with nothing written', async () => {
    const modal = await press(t, operator, acmeButton('selfmade01', 'accepted'), t.slack.responseUrl());
    expect(visibleText(modal)).toContain('Acme organizes that event, so there is nothing to answer.');
    expect(t.google.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a Google failure is a clear error beside the message, whose buttons stay', async () => {
    const url = t.slack.responseUrl();
    const modal = await press(t, operator, acmeButton('invite0001', 'declined'), url);
    t.google.fail({ match: (r) => r.method === 'PATCH', status: 403, reason: 'forbidden' });
    await submitAnswer(t, operator, modal, 'declined', 'no');
    const answer = await t.slack.waitForResponse((r) => r.url === url);
    expect(visibleText(answer.body)).toContain('Google says Acme\u2019s account can\u2019t access that calendar or event.');
    expect(answer.body.replace_original).toBe(false);
    expect(t.slack.responses.filter((r) => r.url === url)).toHaveLength(1);
    expect(attendeesOf('invite0001')?.find((a) => a.email === CEO)?.responseStatus).toBe('needsAction');
    expect(t.google.notifications).toEqual([]);
  });

  it('checks the note on the form: over 500 characters is refused there, nothing sent', async () => {
    const modal = await press(t, operator, acmeButton('invite0001', 'declined'), t.slack.responseUrl());
    const ack = await submitAnswer(t, operator, modal, 'declined', 'x'.repeat(501));
    expect(ack.json).toMatchObject({ response_action: 'errors', errors: { rsvp_note: expect.stringContaining('500') } });
    expect(t.google.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('a repeating invitation is listed once and answered as the series, which the list says', async () => {
    const list = await listFor(operator, ' acme');
    const text = visibleText(list);
    expect(text.match(/Weekly sync/g)).toHaveLength(1);
    expect(text).toContain('Repeating: the answer applies to every occurrence (5 in the next 30 days)');
    const accept = controls(list).find((c) => c.actionId === 'rsvp_accept' && JSON.parse(c.value ?? '{}').e === SERIES)!;
    const url = t.slack.responseUrl();
    await submitAnswer(t, operator, await press(t, operator, accept, url), 'accepted', null);
    expect(visibleText((await t.slack.waitForResponse((r) => r.url === url)).body)).toContain('*Accepted* by <@U0OPERATOR> for Acme: *Weekly sync*');
    expect(t.google.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/calendar/v3/calendars/${CEO}/events/${SERIES}`]);
    expect(visibleText(await listFor(operator, ' acme'))).not.toContain('Weekly sync');
  });

  it('a notice for one occurrence answers that occurrence only, and says so', async () => {
    t.google.changeEvent(CEO, SERIES, { attendees: guests(CEO) });
    const url = t.slack.responseUrl();
    const modal = await press(t, operator, acmeButton(SECOND, 'declined'), url);
    expect(visibleText(modal)).toContain('the answer applies to this occurrence only');
    await submitAnswer(t, operator, modal, 'declined', null);
    const replaced = visibleText((await t.slack.waitForResponse((r) => r.url === url)).body);
    expect(replaced).toContain('*Declined* by <@U0OPERATOR>');
    expect(replaced).toContain('Tuesday 9 March');
    expect(replaced).toContain('this occurrence only');
    const own = (id: string) => t.google.events(CEO).find((e) => e.id === id)?.attendees?.find((a) => a.email === CEO)?.responseStatus;
    expect([own(SECOND), own(SERIES)]).toEqual(['declined', 'needsAction']);
  });
});
