import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { nextModal } from '../harness/modals.js';
import { controls, formValues, stringsHolding, visibleText } from '../harness/visible.js';
import { accessoryButtonsOf, blocksOf } from '../slack/sent-blocks.js';

describe('the stack: one agenda across clients', () => {
  let t: ConnectedApp;

  beforeAll(async () => {
    const clients: [string, string, string][] = [
      ['Acme', 'ceo@acme.com', 'America/New_York'],
      ['Globex', 'boss@globex.com', 'Europe/London'],
      ['Initech', 'lumbergh@initech.com', 'Asia/Tokyo'],
      ['Umbrella', 'red@umbrella.com', 'UTC'],
    ];
    t = await connectedClientApp({
      // A Wednesday: "dec 7 to dec 11" is the next working week, whatever day the suite runs.
      now: '2026-12-02T09:00:00Z',
      operatorTz: 'Europe/Paris',
      clients: clients.map(([name, email, zone]) => ({ name, email, timeZone: zone, googleTimeZone: zone })),
    });
    const { google } = t;
    google.addCalendar('ceo@acme.com', { id: 'acme-board@group.calendar.google.com', summary: 'Board', timeZone: 'America/New_York', accessRole: 'owner' });
    // Acme (New York): a weekly stand-up, a cancelled meeting, an event on its second calendar.
    google.addEvent('ceo@acme.com', 'ceo@acme.com', { id: 'acmestandup1', summary: 'Acme stand-up', start: { dateTime: '2026-12-07T09:00:00-05:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-12-07T09:30:00-05:00', timeZone: 'America/New_York' }, recurrence: ['RRULE:FREQ=DAILY;COUNT=5'] });
    google.addEvent('ceo@acme.com', 'ceo@acme.com', { id: 'acmecancelled1', summary: 'Cancelled lunch', status: 'cancelled', start: { dateTime: '2026-12-08T12:00:00-05:00' }, end: { dateTime: '2026-12-08T13:00:00-05:00' } });
    google.addEvent('ceo@acme.com', 'acme-board@group.calendar.google.com', { id: 'acmeboard1', summary: 'Board call', start: { dateTime: '2026-12-08T09:15:00-05:00' }, end: { dateTime: '2026-12-08T10:00:00-05:00' } });
    // Globex (London): a multi-day all-day offsite and a call overlapping Acme's stand-up.
    google.addEvent('boss@globex.com', 'boss@globex.com', { id: 'globeoffsite1', summary: 'Offsite', start: { date: '2026-12-09' }, end: { date: '2026-12-11' } });
    google.addEvent('boss@globex.com', 'boss@globex.com', { id: 'globecall1', summary: 'Globex call', start: { dateTime: '2026-12-07T14:15:00Z' }, end: { dateTime: '2026-12-07T15:00:00Z' } });
    // Initech (Tokyo): an event late on its own day that is still the 7th in Paris.
    google.addEvent('lumbergh@initech.com', 'lumbergh@initech.com', { id: 'initechtps1', summary: 'TPS reports', start: { dateTime: '2026-12-08T07:00:00+09:00' }, end: { dateTime: '2026-12-08T08:00:00+09:00' } });
    // Umbrella loses its Google access.
    google.revokeAccount('red@umbrella.com');
    await t.app.db.prisma.googleConnection.updateMany({ where: { googleEmail: 'red@umbrella.com' }, data: { expiresAt: new Date(Date.now() - 1000) } });
  });
  afterAll(() => t?.close());

  it('stacks every client by day in the viewer\u2019s zone, flags conflicts and lists who could not be read', async () => {
    const { response } = await t.command('agenda dec 7 to dec 11', operator);
    const text = visibleText(response);
    // Days in Paris time.
    expect(text).toContain('Monday 7 December');
    expect(text).toContain('Friday 11 December');
    // Recurring instances, each day; the cancelled one is gone.
    expect(text.match(/Acme stand-up/g)).toHaveLength(5);
    expect(stringsHolding(response, 'Cancelled lunch')).toEqual([]);
    // Second calendar of a client is included.
    expect(text).toContain('Board call');
    // Multi-day all-day event on both days, the second marked as continued.
    expect(text.match(/Offsite/g)).toHaveLength(2);
    expect(text).toContain('Offsite _(continued)_');
    // Times in the viewer's zone: 09:00 New York is 15:00 Paris; 07:00 Tokyo is 23:00 Paris the day before.
    expect(text).toContain('`15:00\u201315:30` *Acme* \u00b7 Acme stand-up :warning: _conflict_');
    expect(text).toContain('`15:15\u201316:00` *Globex* \u00b7 Globex call :warning: _conflict_');
    const monday = text.slice(text.indexOf('Monday 7 December'), text.indexOf('Tuesday 8 December'));
    expect(monday).toContain('TPS reports');
    // A client needing reconnect is listed with its reason, never silently missing.
    expect(text).toContain('*Not shown* (could not be read)');
    expect(text).toMatch(/\*Umbrella\* \u2014 .*no longer accepts/);
  });

  it('one request per calendar, all at once: one Google round trip', async () => {
    const before = t.google.requestsTo('/events').length;
    // Google answers none until all 4 calendars (Acme's two, Globex's, Initech's) are asked at once; in sequence only one would be.
    const held = t.google.hold('/events');
    try {
      const responseUrl = t.slack.responseUrl();
      // A range no other test reads: a repeated agenda would be answered from the events cache.
      await t.requests.command('agenda acme globex initech dec 8 to dec 10', operator, { response_url: responseUrl });
      await expect.poll(() => held.held.length).toBe(4);
      held.release();
      const agenda = await t.slack.waitForResponse((r) => r.url === responseUrl);
      expect(visibleText(agenda.body)).toContain('Board call');
      expect(held.mostAtOnce).toBe(4);
      expect(t.google.requestsTo('/events').length - before).toBe(4);
    } finally {
      held.release();
    }
  });

  it('conflicts lists only the overlaps', async () => {
    const { response } = await t.command('conflicts dec 7 to dec 8', operator);
    const text = visibleText(response);
    expect(text).toContain('2 found');
    expect(text).toContain('Acme stand-up');
    expect(text).toContain('Globex call');
    expect(text).toContain('Board call');
    expect(stringsHolding(response, 'TPS reports')).toEqual([]);
  });

  it('free slots within everyone\u2019s working hours, each with a Book button that opens the form prefilled', async () => {
    const { response } = await t.command('free acme globex dec 7 to dec 7 for 30m', operator);
    const text = visibleText(response);
    // New York 09:00-17:00 and London 09:00-17:00 overlap 14:00-17:00 UTC, minus Acme's stand-up (14:00-14:30 UTC)
    // and Globex's call (14:15-15:00 UTC): free 15:00-17:00 UTC = 16:00-18:00 Paris.
    expect(text).toContain('`16:00\u201318:00`');
    expect(controls(response).filter((c) => c.actionId === 'free_book').map((c) => c.label)).toEqual(['Book']);
    const book = accessoryButtonsOf(blocksOf(response)).find((b) => b.action_id === 'free_book')!;
    const since = t.slack.calls.length;
    await t.requests.blockAction(operator, { type: 'button', action_id: 'free_book', value: book.value });
    const form = await nextModal(t, since, 'event_modal');
    expect(formValues(form)).toMatchObject({ ev_start_date: '2026-12-07', ev_start_time: '16:00', ev_end_time: '16:30' });
    const none = await t.command('free acme globex dec 7 to dec 7 for 3h', operator);
    expect(visibleText(none.response)).toContain('No common free time');
  });

  it('the Home tab\u2019s "Agenda: this week" sends the same stacked agenda by DM, in the viewer\u2019s zone', async () => {
    // Thursday 3 December: this week for the Wednesday the app lives on.
    t.google.addEvent('boss@globex.com', 'boss@globex.com', { id: 'globecall2', summary: 'Globex review', start: { dateTime: '2026-12-03T10:00:00Z' }, end: { dateTime: '2026-12-03T11:00:00Z' } });
    const since = t.slack.calls.length;
    await t.requests.blockAction(operator, { type: 'button', action_id: 'home_agenda:week', value: 'week' });
    // Alone, this test is also the first to find Umbrella's access gone: its reconnect DM comes first.
    const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= since && visibleText(c.args).includes('Stacked agenda'));
    const text = visibleText(dm.args);
    expect(text).toContain('*Stacked agenda* \u00b7 this week');
    expect(text).toContain('_Times in Europe/Paris_');
    expect(text).toContain('`11:00\u201312:00` *Globex* \u00b7 Globex review');
    expect(stringsHolding(dm.args, 'Acme stand-up')).toEqual([]);
    expect(text).toMatch(/\*Umbrella\* \u2014 .*no longer accepts/);
  });
});
