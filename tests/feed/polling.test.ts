import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { rotateSecrets } from '../../src/db/rotate.js';
import { keyFromBase64, SecretBox } from '../../src/db/crypto.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { feedOn, notices, OPERATOR_DM, POLLING, syncsDone, watchedCalendar } from './helpers.js';
import { ACME, changeStory, EXPECTED } from './scenario.js';
import { press, submitAnswer } from '../invitations/helpers.js';
import { controls } from '../harness/visible.js';
import { clientMenu } from '../harness/client-form.js';

const GLOBEX = 'ceo@globex.com';

describe('the change feed, polling (FEED_POLL_SECONDS=1)', () => {
  let t: ConnectedApp;
  beforeAll(async () => {
    t = await connectedClientApp({ env: POLLING, operatorTz: 'Europe/Paris', clients: [{ name: 'Acme', email: ACME, timeZone: 'America/New_York' }, { name: 'Globex', email: GLOBEX }] });
    t.google.addEvent(GLOBEX, GLOBEX, { id: 'boardcall1', summary: 'Board call', start: { dateTime: '2026-12-08T14:00:00Z' }, end: { dateTime: '2026-12-08T15:00:00Z' } });
    t.google.addEvent(ACME, ACME, { id: 'olditem1', summary: 'Already there', start: { dateTime: '2026-12-03T10:00:00Z' }, end: { dateTime: '2026-12-03T11:00:00Z' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('turns on by command, and announces nothing that was already there', async () => {
    const from = t.slack.calls.length;
    const reply = await feedOn(t, 'acme', ACME);
    expect(reply).toContain('Change feed on for *Acme*');
    expect(reply).toContain('read every 1 s');
    await syncsDone(t, ACME, 2);
    expect(notices(t.slack, OPERATOR_DM, from)).toEqual([]);
  });

  it('gives one notice per change made at Google, before \u2192 after in the reader\u2019s zone across DST', async () => {
    expect(await changeStory(t, () => syncsDone(t, ACME, 1))).toEqual(EXPECTED);
  });

  it('tells a new invitation awaiting the client\u2019s answer, once', async () => {
    const from = t.slack.calls.length;
    t.google.addEvent(ACME, ACME, {
      id: 'invite1',
      summary: 'Partner lunch',
      start: { dateTime: '2026-12-04T11:00:00Z' },
      end: { dateTime: '2026-12-04T12:00:00Z' },
      organizer: { email: 'partner@globex.com' },
      attendees: [{ email: 'partner@globex.com', organizer: true, responseStatus: 'accepted' }, { email: ACME, self: true, responseStatus: 'needsAction' }],
    });
    await expect.poll(() => notices(t.slack, OPERATOR_DM, from), { timeout: 15_000 }).toHaveLength(1);
    await syncsDone(t, ACME, 2);
    expect(notices(t.slack, OPERATOR_DM, from)).toEqual(['*Acme*: New invitation awaiting an answer: *Partner lunch* \u2014 Fri 4 Dec 12:00\u201313:00']);

    // Answered from the notice itself: Decline as the client, the organizer told.
    const notice = t.slack.calls.slice(from).find((c) => c.method === 'chat.postMessage' && c.args.channel === OPERATOR_DM)!;
    const buttons = controls(notice.args).filter((c) => c.actionId.startsWith('rsvp_'));
    expect(buttons.map((b) => b.actionId)).toEqual(['rsvp_accept', 'rsvp_maybe', 'rsvp_decline']);
    const url = t.slack.responseUrl();
    const modal = await press(t, operator, buttons[2]!, url);
    await submitAnswer(t, operator, modal, 'declined', null);
    await t.slack.waitForResponse((r) => r.url === url);
    expect(t.google.notifications).toMatchObject([{ calendarId: ACME, eventId: 'invite1', from: ACME, to: ['partner@globex.com'], responseStatus: 'declined', sendUpdates: 'all' }]);
  });

  it('says when a new event now overlaps another client’s event', async () => {
    const from = t.slack.calls.length;
    t.google.addEvent(ACME, ACME, { id: 'clash1', summary: 'Offsite prep', start: { dateTime: '2026-12-08T14:30:00Z' }, end: { dateTime: '2026-12-08T16:00:00Z' } });
    await expect.poll(() => notices(t.slack, OPERATOR_DM, from), { timeout: 15_000 }).toHaveLength(1);
    // In the operator's zone (Paris): Globex's 14:00-15:00 UTC call is 15:00-16:00.
    expect(notices(t.slack, OPERATOR_DM, from)[0]).toBe('*Acme*: New event *Offsite prep* — Tue 8 Dec 15:30–17:00\n:warning: conflicts with Globex: Board call 15:00–16:00');
  });

  it('does not tell back what the app itself wrote', async () => {
    const from = t.slack.calls.length;
    const events = () => t.google.events(ACME).filter((e) => e.summary === 'Team lunch');
    await t.command('add acme Team lunch Dec 9 12:30', operator);
    await expect.poll(() => events().length, { timeout: 15_000 }).toBe(1);
    await syncsDone(t, ACME, 2);
    expect(notices(t.slack, OPERATOR_DM, from).filter((n) => n.includes('Team lunch'))).toEqual([]);
    // Someone then moving it at Google is news.
    t.google.changeEvent(ACME, events()[0]?.id ?? '', { location: 'Canteen' });
    await expect.poll(() => notices(t.slack, OPERATOR_DM, from), { timeout: 15_000 }).toEqual(['*Acme*: *Team lunch* changed place: no place \u2192 Canteen']);
  });

  it('tells 50 changes of one burst in one summary', async () => {
    const from = t.slack.calls.length;
    const version = (await t.app.db.prisma.feedCalendar.findFirstOrThrow({ where: { calendarId: ACME } })).version;
    // Between two polls: the fake is changed synchronously, so one sync sees all fifty.
    for (let i = 0; i < 50; i++) t.google.addEvent(ACME, ACME, { id: `burst${String(i).padStart(3, '0')}`, summary: `Imported ${i}`, start: { dateTime: '2026-12-10T09:00:00Z' }, end: { dateTime: '2026-12-10T09:30:00Z' } });
    await syncsDone(t, ACME, 2, version);
    const told = notices(t.slack, OPERATOR_DM, from);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^\*Acme\*: 50 changes on the \*ceo@acme\.com\* calendar\n/);
    expect(told[0]).toContain('_and 45 more_');
  });

  it('after Google refuses the sync token (410), reads everything again without repeating old news', async () => {
    const from = t.slack.calls.length;
    const version = (await t.app.db.prisma.feedCalendar.findFirstOrThrow({ where: { calendarId: ACME } })).version;
    t.google.changes.expireSyncTokens(ACME);
    const refusedBefore = t.google.requests.filter((r) => r.status === 410).length;
    await syncsDone(t, ACME, 2, version);
    expect(t.google.requests.filter((r) => r.status === 410).length).toBeGreaterThan(refusedBefore);
    expect(notices(t.slack, OPERATOR_DM, from)).toEqual([]);
    // And the feed goes on: a change after the resync is told once.
    t.google.changeEvent(ACME, 'olditem1', { summary: 'Still there, renamed' });
    await expect.poll(() => notices(t.slack, OPERATOR_DM, from), { timeout: 15_000 }).toHaveLength(1);
    expect(notices(t.slack, OPERATOR_DM, from)[0]).toContain('*Already there* renamed to *Still there, renamed*');
  });

  it('has its sync tokens and snapshots re-encrypted by a key rotation, and goes on after it', async () => {
    const oldKey = keyFromBase64(t.env.TOKEN_ENCRYPTION_KEY ?? '');
    const newKey = keyFromBase64(randomBytes(32).toString('base64'));
    await t.stopApp();
    const offline = await openDatabase({ url: t.db.url, dataDir: t.db.dataDir });
    try {
      await rotateSecrets(offline.prisma, new SecretBox(newKey, [oldKey]));
    } finally {
      await offline.close();
    }
    await t.restart({ TOKEN_ENCRYPTION_KEY: newKey.bytes.toString('base64') });
    const sealedWith = (value: string | null) => value?.split('.')[1];
    expect(sealedWith((await watchedCalendar(t, ACME)).syncToken)).toBe(newKey.id);
    const states = await t.app.db.prisma.feedEventState.findMany();
    expect(states.length).toBeGreaterThan(50);
    expect(states.every((row) => sealedWith(row.snapshot) === newKey.id)).toBe(true);
    const from = t.slack.calls.length;
    t.google.changeEvent(ACME, 'olditem1', { summary: 'After rotation' });
    await expect.poll(() => notices(t.slack, OPERATOR_DM, from), { timeout: 15_000 }).toEqual(['*Acme*: *Still there, renamed* renamed to *After rotation* \u2014 Thu 3 Dec 11:00\u201312:00']);
  });

  it('shows what is on, and turns off: no more notices', async () => {
    const { response } = await t.command('feed', operator);
    expect(response.text).toContain('*Acme*: on, to a DM to each manager');
    expect(response.text).toContain('read every 1 s');
    const off = await t.command('feed acme off', operator);
    expect(off.response.text).toContain('Change feed off for *Acme*');
    const from = t.slack.calls.length;
    t.google.addEvent(ACME, ACME, { id: 'afteroff1', summary: 'Unseen', start: { dateTime: '2026-12-05T10:00:00Z' }, end: { dateTime: '2026-12-05T11:00:00Z' } });
    const lists = () => t.google.requests.filter((r) => r.path.endsWith('/events') && r.method === 'GET').length;
    const before = lists();
    // Two poll intervals' worth of engine passes: a feed still polling would have read Google by then.
    await expect.poll(() => t.app.db.prisma.feedCalendar.count(), { timeout: 5_000 }).toBe(0);
    expect(lists()).toBe(before);
    expect(notices(t.slack, OPERATOR_DM, from)).toEqual([]);
  });

  it('turns on and off from the client\u2019s menu (Home tab or message), told by DM', async () => {
    const from = t.slack.calls.length;
    await clientMenu(t, operator, 'feed', t.ids.Acme!);
    await expect.poll(() => notices(t.slack, OPERATOR_DM, from), { timeout: 15_000 }).toHaveLength(1);
    expect(notices(t.slack, OPERATOR_DM, from)[0]).toContain('Change feed on for *Acme*');
    await expect.poll(() => t.app.db.prisma.feedSubscription.count({ where: { clientId: t.ids.Acme, enabled: true } }), { timeout: 5_000 }).toBe(1);

    const again = t.slack.calls.length;
    await clientMenu(t, operator, 'feed', t.ids.Acme!);
    await expect.poll(() => notices(t.slack, OPERATOR_DM, again), { timeout: 15_000 }).toHaveLength(1);
    expect(notices(t.slack, OPERATOR_DM, again)[0]).toContain('Change feed off for *Acme*');
    expect(await t.app.db.prisma.feedSubscription.count({ where: { clientId: t.ids.Acme, enabled: true } })).toBe(0);
  });
});
