// Issue 18, target 1: identical Google reads are shared, and a short-lived events cache never
// shows stale data after the app's own writes, a failed read, or another connection's answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { nextModal } from '../harness/modals.js';
import { visibleText } from '../harness/visible.js';
import { buttonById } from '../slack/sent-blocks.js';
import { chooseFromMenu, eventMenus, submitEvent } from '../events/helpers.js';
import type { RecordedRequest } from '../fakes/google.js';

const ACME = 'ceo@acme.com';
const GLOBEX = 'boss@globex.com';
const INITECH = 'bill@initech.com';
const SHARED = 'board@group.calendar.google.com';
/** A Wednesday: "dec 7 to dec 11" is the next working week, whatever day the suite runs. */
const TODAY = '2026-12-02T09:00:00Z';
const WEEK = 'dec 7 to dec 11';

const isEventList = (r: RecordedRequest) => r.method === 'GET' && /\/calendars\/[^/]+\/events$/.test(r.path);
/** One events.list per calendar and range (and every other parameter that changes Google's answer). */
const readKey = (r: RecordedRequest) => JSON.stringify([r.account, r.path, r.query]);

describe('shared Google reads', () => {
  let t: ConnectedApp<'Acme' | 'Globex' | 'Initech'>;

  beforeAll(async () => {
    t = await connectedClientApp({
      now: TODAY,
      clients: [
        { name: 'Acme', email: ACME, calendars: [{ id: SHARED, summary: 'Board', accessRole: 'owner' }] },
        { name: 'Globex', email: GLOBEX },
        { name: 'Initech', email: INITECH },
      ],
    });
    t.google.addEvent(ACME, ACME, { id: 'acmestandup1', summary: 'Acme stand-up', start: { dateTime: '2026-12-07T09:00:00Z' }, end: { dateTime: '2026-12-07T09:30:00Z' } });
    t.google.addEvent(ACME, SHARED, { id: 'boardmerger1', summary: 'Secret merger talks', start: { dateTime: '2026-12-08T15:00:00Z' }, end: { dateTime: '2026-12-08T16:00:00Z' } });
    t.google.addEvent(GLOBEX, GLOBEX, { id: 'globecall1', summary: 'Globex call', start: { dateTime: '2026-12-09T10:00:00Z' }, end: { dateTime: '2026-12-09T11:00:00Z' } });
    t.google.addEvent(INITECH, INITECH, { id: 'initechreport1', summary: 'TPS reports', start: { dateTime: '2026-12-10T10:00:00Z' }, end: { dateTime: '2026-12-10T11:00:00Z' } });
  });
  afterAll(() => t?.close());

  it('32 agendas at once over the same clients, Google slowed: one events.list per calendar and range, and every agenda answers', async () => {
    t.google.reset();
    t.google.setLatency(400);
    try {
      const urls = Array.from({ length: 32 }, () => t.slack.responseUrl());
      const acks = await Promise.all(urls.map((url) => t.requests.command(`agenda ${WEEK}`, operator, { response_url: url })));
      expect(acks.map((a) => a.status)).toEqual(urls.map(() => 200));
      const agendas = await Promise.all(urls.map((url) => t.slack.waitForResponse((r) => r.url === url, 30_000)));
      for (const agenda of agendas) {
        const text = visibleText(agenda.body);
        for (const title of ['Acme stand-up', 'Secret merger talks', 'Globex call', 'TPS reports']) expect(text).toContain(title);
      }
      const reads = t.google.requests.filter(isEventList);
      // Acme's two calendars, Globex's and Initech's: each read once, not 32 times.
      expect(reads.map((r) => r.path).sort()).toEqual(
        [ACME, SHARED, GLOBEX, INITECH].map((id) => `/calendar/v3/calendars/${id}/events`).sort(),
      );
      expect(new Set(reads.map(readKey)).size).toBe(reads.length);
    } finally {
      t.google.reset();
    }
  });

  describe('with answers kept 5 minutes, the app\u2019s own writes are shown at once', () => {
    beforeAll(async () => {
      await t.restart({ EVENTS_CACHE_SECONDS: '300' });
    });

    /** The agenda of the week, read twice so the second answer is the cached one if anything is. */
    async function agenda(): Promise<string> {
      return visibleText((await t.command(`agenda ${WEEK}`, operator)).response);
    }

    it('a repeated agenda is answered without Google', async () => {
      await agenda();
      const before = t.google.requests.filter(isEventList).length;
      expect(await agenda()).toContain('Globex call');
      expect(t.google.requests.filter(isEventList).length).toBe(before);
    });

    it('quick add, then the agenda at once: the new event is there; its Undo (a delete), then the agenda: it is gone', async () => {
      expect(await agenda()).not.toContain('Dentist');
      const { response } = await t.command('add globex Dentist dec 9 at 2pm for 1h', operator);
      expect(visibleText(response)).toContain('Created *Dentist* for Globex');
      expect(await agenda()).toContain('Dentist');
      const undoUrl = t.slack.responseUrl();
      await t.requests.blockAction(operator, { type: 'button', action_id: 'quick_undo', value: buttonById(response, 'quick_undo').value }, { response_url: undoUrl });
      expect(visibleText((await t.slack.waitForResponse((r) => r.url === undoUrl)).body)).toContain('Deleted *Dentist*');
      expect(await agenda()).not.toContain('Dentist');
    });

    it('an edit through the event form, then the events list at once: the new title is shown', async () => {
      const list = (await t.command(`events initech ${WEEK}`, operator)).response;
      const [menu] = eventMenus(list);
      expect(menu!.text).toContain('TPS reports');
      const since = t.slack.calls.length;
      const responseUrl = t.slack.responseUrl();
      await chooseFromMenu(t, operator, menu!.blockId, menu!.values[0]!, responseUrl);
      const form = await nextModal(t, since, 'event_modal');
      const saved = await submitEvent(t, operator, {
        title: 'TPS reports (new cover sheet)', startDate: '2026-12-10', startTime: '10:00', endTime: '11:00', timeZone: 'UTC',
      }, { meta: form.private_metadata });
      expect(saved.body).toBe('');
      await t.slack.waitForResponse((r) => r.url === responseUrl);
      expect(eventMenus((await t.command(`events initech ${WEEK}`, operator)).response)[0]!.text).toContain('new cover sheet');
      expect(await agenda()).toContain('new cover sheet');
    });

    it('a delete after asking first, then the agenda at once: the event is gone', async () => {
      const [menu] = eventMenus((await t.command(`events globex ${WEEK}`, operator)).response);
      expect(menu!.text).toContain('Globex call');
      const since = t.slack.calls.length;
      const deleteUrl = t.slack.responseUrl();
      await chooseFromMenu(t, operator, menu!.blockId, menu!.values[1]!, deleteUrl);
      const confirm = await nextModal(t, since, 'event_delete');
      await t.requests.viewSubmission(operator, { id: 'VDELSHARED', callback_id: 'event_delete', private_metadata: confirm.private_metadata, state: { values: {} } });
      expect(visibleText((await t.slack.waitForResponse((r) => r.url === deleteUrl)).body)).toContain('Deleted *Globex call*');
      expect(await agenda()).not.toContain('Globex call');
    });

    it('a bulk block, then the agenda once its final DM has come: the block is in every client', async () => {
      expect(await agenda()).not.toContain('Offsite');
      const since = t.slack.calls.length;
      const { response } = await t.command('block acme globex initech Offsite Dec 10', operator);
      expect(visibleText(response)).toContain('Working on it');
      // The final DM is the one with buttons (Cancel): the run is over and every insert answered.
      await t.slack.waitForCall('chat.update', (c) => t.slack.calls.indexOf(c) >= since && String(c.args.text).includes('Offsite') && JSON.stringify(c.args.blocks ?? []).includes('"button"'), 20_000);
      const after = await agenda();
      for (const name of ['Acme', 'Globex', 'Initech']) expect(after).toContain(`*${name}* \u00b7 Offsite`);
    });

    it('a read Google failed is not served again: the next agenda reads Google and shows the events', async () => {
      await t.restart({ EVENTS_CACHE_SECONDS: '300' });
      t.google.fail({ match: (r) => r.method === 'GET' && r.path === `/calendar/v3/calendars/${INITECH}/events`, status: 503, times: 10_000 });
      const failed = await agenda();
      expect(failed).toMatch(/\*Initech\* \u2014 /);
      t.google.reset();
      const again = await agenda();
      expect(again).toContain('new cover sheet');
      expect(again).not.toMatch(/\*Initech\* \u2014 /);
    });
  });

  it('two clients on different connections never share an answer, even for the same calendar at the same time', async () => {
    // Globex's account may see only when the shared board is busy: Google refuses it the events.
    t.google.addCalendar(GLOBEX, { id: SHARED, summary: 'Board', accessRole: 'freeBusyReader' });
    await t.restart({ EVENTS_CACHE_SECONDS: '300' });
    t.google.reset();
    const held = t.google.hold((r) => r.path.endsWith(`/calendars/${SHARED}/events`));
    try {
      const acmeUrl = t.slack.responseUrl();
      const globexUrl = t.slack.responseUrl();
      await t.requests.command(`events acme board ${WEEK}`, operator, { response_url: acmeUrl });
      await t.requests.command(`events globex board ${WEEK}`, operator, { response_url: globexUrl });
      // Each connection asks Google itself: a shared call would leave one of the two unasked.
      await expect.poll(() => held.held.length).toBe(2);
      held.release();
      const acme = await t.slack.waitForResponse((r) => r.url === acmeUrl);
      const globex = await t.slack.waitForResponse((r) => r.url === globexUrl);
      expect(visibleText(acme.body)).toContain('Secret merger talks');
      expect(visibleText(globex.body)).not.toContain('Secret merger talks');
      expect(t.google.requests.filter(isEventList).map((r) => r.account).sort()).toEqual([ACME, GLOBEX].sort());
      // And afterwards: Acme's answer, now cached, is still not Globex's.
      const later = (await t.command(`events globex board ${WEEK}`, operator)).response;
      expect(visibleText(later)).not.toContain('Secret merger talks');
      expect(t.google.requests.filter((r) => isEventList(r) && r.account === GLOBEX)).toHaveLength(2);
    } finally {
      held.release();
      t.google.reset();
    }
  });
});
