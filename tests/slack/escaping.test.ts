// Text from Google (event titles, locations, calendar names) and from users (client names,
// event titles typed in a command) reaches Slack in mrkdwn, where <!channel>, <@U…> and
// <url|text> are live mentions and links. Every view that shows such text is one row
// here: it must show the text escaped, and never raw.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM } from '../harness/app.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { submitClientForm } from '../harness/client-form.js';
import { chooseFromMenu, eventMenus } from '../events/helpers.js';
import { connectClient } from '../google/helpers.js';
import type { SlackCall } from '../fakes/slack.js';
import { controls } from '../harness/visible.js';
import { mrkdwnTexts } from './sent-blocks.js';
import { DIGEST_QUEUE } from '../../src/jobs/digests.js';

// Each holds one of Slack's control sequences beside a word, so the raw text is never a
// substring of its escaped form ("A &amp; B" is not inside "A &amp;amp; B").
const ACME = 'Acme <!channel>';
const GLOBEX = 'Globex <@U123> &amp; Sons';
const INITECH = 'Initech <https://evil|click>';
const STANDUP = 'Standup <!channel>';
const REVIEW = 'Review <@U123>';
const OFFER = 'Offer <https://evil|click>';
const CARTOON = 'Tom &amp; Jerry';
const ROOM = 'Room <!here>';
const TEAM_CALENDAR = 'Team <!everyone>';
const BLOCKED = 'Offsite <!subteam^S123> & co';
const LUNCH = 'Lunch <@U0BOSS>';
const UNKNOWN_COMMAND = '<!channel>';
const HOSTILE = [ACME, GLOBEX, INITECH, STANDUP, REVIEW, OFFER, CARTOON, ROOM, TEAM_CALENDAR, BLOCKED, LUNCH, UNKNOWN_COMMAND];

/** Slack's escaping, written out here rather than imported, so a broken esc() cannot agree with itself. */
const escaped = (s: string) => s.split('&').join('&amp;').split('<').join('&lt;').split('>').join('&gt;');

/**
 * What Slack renders as mrkdwn: every mrkdwn text object, and a message's top-level `text`
 * (its notification, formatted as mrkdwn unless `mrkdwn: false`). plain_text is shown literally.
 */
function mrkdwnOf(message: unknown): string {
  const top = (message as { text?: unknown }).text;
  return [...mrkdwnTexts(message), ...(typeof top === 'string' ? [top] : [])].join('\n');
}

const ACME_EMAIL = 'ceo@acme.com';
const GLOBEX_EMAIL = 'boss@globex.com';
const INITECH_EMAIL = 'bill@initech.com';

describe('text from Google and from users is escaped in every mrkdwn view', () => {
  let t: ConnectedApp;
  const slugs = { acme: 'acme-channel', globex: 'globex-u123-amp-sons', initech: 'initech-https-evil-click' };
  const today = DateTime.utc().toISODate();
  const at = (hhmm: string) => `${today}T${hhmm}:00Z`;
  const after = (since: number) => (c: SlackCall) => t.slack.calls.indexOf(c) >= since;
  // Generous waits: these rows chain several Google and Slack calls on a shared, busy machine.
  const WAIT = 20_000;
  const dmTo = (since: number, match: (c: SlackCall) => boolean) =>
    t.slack.waitForCall('chat.postMessage', (c) => after(since)(c) && c.args.channel === operator.userId && match(c), WAIT);
  /** `/calstack <text>` as the operator: the first answer at its response_url. */
  const ask = async (text: string) => {
    const responseUrl = t.slack.responseUrl();
    await t.requests.command(text, operator, { response_url: responseUrl });
    return (await t.slack.waitForResponse((r) => r.url === responseUrl, WAIT)).body;
  };

  beforeAll(async () => {
    t = await connectedClientApp({
      clients: [
        { name: 'Acme', email: ACME_EMAIL, calendars: [{ id: 'team@group.calendar.google.com', summary: TEAM_CALENDAR, accessRole: 'owner' }] },
        { name: 'Globex', email: GLOBEX_EMAIL },
        { name: 'Initech', email: INITECH_EMAIL },
      ],
    });
    // The names become hostile after connecting, as an operator could rename a client.
    for (const [plain, name] of [['Acme', ACME], ['Globex', GLOBEX], ['Initech', INITECH]] as const) {
      const res = await submitClientForm(t, operator, { name, timeZone: 'UTC', managers: [operator.userId] }, JSON.stringify({ clientId: t.ids[plain] }));
      expect(res.body).toBe('');
    }
    const slugsNow = await t.app.db.prisma.client.findMany({ where: { teamId: TEAM }, select: { slug: true }, orderBy: { slug: 'asc' } });
    expect(slugsNow.map((c) => c.slug)).toEqual([slugs.acme, slugs.globex, slugs.initech]);

    // Four overlapping events across two clients: every one is in a conflict.
    t.google.addEvent(ACME_EMAIL, ACME_EMAIL, { id: 'escstandup1', summary: STANDUP, location: ROOM, start: { dateTime: at('09:00') }, end: { dateTime: at('10:00') } });
    t.google.addEvent(ACME_EMAIL, ACME_EMAIL, { id: 'escrev1', summary: REVIEW, start: { dateTime: at('09:30') }, end: { dateTime: at('10:30') } });
    t.google.addEvent(GLOBEX_EMAIL, GLOBEX_EMAIL, { id: 'escoffer1', summary: OFFER, start: { dateTime: at('09:15') }, end: { dateTime: at('09:45') } });
    t.google.addEvent(GLOBEX_EMAIL, GLOBEX_EMAIL, { id: 'esccartoon1', summary: CARTOON, start: { dateTime: at('09:45') }, end: { dateTime: at('10:15') } });
    // Initech loses its Google access: it is listed as not shown, and its manager gets a DM.
    t.google.revokeAccount(INITECH_EMAIL);
    await t.app.db.prisma.googleConnection.updateMany({ where: { googleEmail: INITECH_EMAIL }, data: { expiresAt: new Date(Date.now() - 1000) } });
  }, 60_000);
  afterAll(() => t?.close());

  const rows: [view: string, shows: string[], render: () => Promise<unknown[]>][] = [
    ['agenda', [ACME, GLOBEX, INITECH, STANDUP, REVIEW, OFFER, CARTOON], async () => [await ask('agenda today')]],
    ['needs-reconnect DM', [INITECH], async () => [(await dmTo(0, (c) => String(c.args.text).includes('no longer accepts'))).args]],
    ['conflicts', [ACME, GLOBEX, INITECH, STANDUP, REVIEW, OFFER, CARTOON], async () => [await ask('conflicts today')]],
    ['free slots', [ACME, GLOBEX, INITECH], async () => [await ask('free today')]],
    ['events list', [ACME, STANDUP, REVIEW, ROOM], async () => [await ask(`events ${slugs.acme} today`)]],
    ['calendars', [ACME, TEAM_CALENDAR], async () => [await ask(`calendars ${slugs.acme}`)]],
    [
      'delete confirmation',
      [ACME, STANDUP],
      async () => {
        const menu = eventMenus(await ask(`events ${slugs.acme} today`)).find((m) => m.text.includes(escaped(STANDUP)))!;
        const since = t.slack.calls.length;
        await chooseFromMenu(t, operator, menu.blockId, menu.values.find((v) => v.startsWith('delete:'))!);
        const modal = await t.slack.waitForCall('views.update', (c) => after(since)(c) && (c.args.view as { callback_id?: string }).callback_id === 'event_delete', WAIT);
        return [modal.args.view];
      },
    ],
    ['default client set', [INITECH], async () => [await ask(`use ${slugs.initech}`)]],
    ['an unknown client, with the closest name suggested', [ACME], async () => [await ask('use Acme <!chanel>')]],
    ['help for an unknown command', [UNKNOWN_COMMAND], async () => [await ask(`${UNKNOWN_COMMAND} please`)]],
    ['quick add result', [ACME, LUNCH], async () => [await ask(`add ${slugs.acme} ${LUNCH} tomorrow 12:30`)]],
    [
      'connect link DM and connected DM',
      [ACME],
      async () => {
        const since = t.slack.calls.length;
        await connectClient(t, t.google, operator, slugs.acme, ACME_EMAIL);
        const link = await dmTo(since, (c) => String(c.args.text).startsWith('Authorize Google Calendar'));
        const connected = await dmTo(since, (c) => String(c.args.text).includes('is connected as'));
        return [link.args, connected.args];
      },
    ],
    [
      'bulk report DM',
      [BLOCKED, GLOBEX],
      async () => {
        t.google.fail({ match: (r) => r.method === 'POST' && r.path.includes(`/calendars/${GLOBEX_EMAIL}/events`), status: 403, reason: 'forbidden', times: 1 });
        const since = t.slack.calls.length;
        await ask(`block ${slugs.acme} ${slugs.globex} ${BLOCKED} tomorrow 15:00 for 1h`);
        const hasButtons = (c: SlackCall) => controls(c.args.blocks ?? []).length > 0;
        const report = await t.slack.waitForCall('chat.update', (c) => after(since)(c) && hasButtons(c), WAIT);
        return [...t.slack.callsTo('chat.postMessage').filter(after(since)).map((c) => c.args), report.args];
      },
    ],
    [
      'daily digest DM',
      [ACME, GLOBEX, STANDUP, REVIEW, OFFER, CARTOON],
      async () => {
        const since = t.slack.calls.length;
        const digest = { digestEnabled: true, digestTime: '00:00', digestTimeZone: 'UTC', lastDigestOn: null };
        await t.app.db.prisma.userSettings.upsert({
          where: { teamId_userId: { teamId: TEAM, userId: operator.userId } },
          create: { teamId: TEAM, userId: operator.userId, ...digest },
          update: digest,
        });
        // What the user's daily schedule sends at their time: "is this user's digest due?"
        await t.app.jobs.send(DIGEST_QUEUE, { teamId: TEAM, userId: operator.userId });
        return [(await dmTo(since, (c) => String(c.args.text).startsWith('Your daily digest'))).args];
      },
    ],
  ];

  for (const [view, shows, render] of rows) {
    it(view, async () => {
      const text = (await render()).map(mrkdwnOf).join('\n');
      for (const s of shows) expect(text, `${view} shows ${s} escaped`).toContain(escaped(s));
      for (const s of HOSTILE) expect(text, `${view} shows ${s} raw`).not.toContain(s);
    });
  }
});
