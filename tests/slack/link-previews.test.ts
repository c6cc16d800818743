// Google Calendar links posted in Slack get a preview only when the poster manages a connected
// client owning that calendar, and the preview shows the title and the time, nothing more.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEAM } from '../harness/app.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { visibleText, stringsHolding } from '../harness/visible.js';
import { decodeEid, encodeEid, parseCalendarEventLink as parseEventLink } from '../../src/core/links/calendar-links.js';
import { runs, userText } from '../core/properties/arbitraries.js';
import { submitClientForm } from '../harness/client-form.js';

/** The labels of an unfurl's buttons, in order. */
function buttonsOf(unfurl: unknown): string[] {
  const blocks = (unfurl as { blocks: { type: string; elements?: { type: string; text?: { text: string } }[] }[] }).blocks;
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.text?.text ?? ''));
}

const ACME = 'ceo@acme.com';
const CHANNEL = 'C0CLIENTS';
const OUTSIDER = 'U0OUTSIDER';
const eid = (eventId: string, calendarId: string) => Buffer.from(`${eventId} ${calendarId}`).toString('base64url');

describe('link previews of Google Calendar events', () => {
  let t: ConnectedApp<'Acme'>;

  beforeAll(async () => {
    t = await connectedClientApp({
      now: '2026-12-02T09:00:00Z',
      operatorTz: 'Europe/Paris',
      users: [{ id: OUTSIDER, team_id: TEAM, tz: 'UTC' }],
      clients: [{ name: 'Acme', email: ACME, timeZone: 'America/New_York' }],
    });
    t.google.addEvent(ACME, ACME, {
      id: 'boardcall1',
      summary: 'Board call <!channel>',
      description: 'Secret agenda',
      attendees: [{ email: 'dana@partner.com' }],
      hangoutLink: 'https://meet.google.com/abc-defg-hij',
      conferenceData: {
        conferenceId: 'abc-defg-hij',
        conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
        entryPoints: [{ entryPointType: 'video', uri: 'https://meet.google.com/abc-defg-hij' }],
      },
      start: { dateTime: '2026-12-03T14:00:00Z' },
      end: { dateTime: '2026-12-03T15:00:00Z' },
    });
  });
  afterAll(() => t?.close());

  /** `user` posts `url`; Slack sends link_shared; resolves once the app has answered it. */
  async function share(user: string, url: string, extra: Record<string, unknown> = {}) {
    const message = t.slack.postMessageAs(user, CHANNEL, `see <${url}>`);
    const answered = t.logs.filter((l) => l.msg === 'link previews answered').length;
    await t.requests.event(TEAM, { type: 'link_shared', channel: CHANNEL, user, message_ts: message.ts, links: [{ domain: 'calendar.google.com', url }], event_ts: message.ts, ...extra });
    await vi.waitFor(() => expect(t.logs.filter((l) => l.msg === 'link previews answered').length, JSON.stringify(t.logs.filter((l) => Number(l.level) >= 40).slice(-3))).toBeGreaterThan(answered), { timeout: 15_000 });
    return t.slack.callsTo('chat.unfurl').filter((c) => c.args.ts === message.ts || (extra.unfurl_id !== undefined && c.args.unfurl_id === extra.unfurl_id));
  }

  it('previews an event link of a manager\u2019s client: title and time only by default, escaped, with Open and Edit', async () => {
    const url = `https://calendar.google.com/calendar/event?eid=${eid('boardcall1', ACME)}`;
    const [call, ...more] = await share(operator.userId, url);
    expect(more).toEqual([]);
    const unfurls = call!.args.unfurls as Record<string, unknown>;
    expect(Object.keys(unfurls)).toEqual([url]);
    // Each reader sees the time in their own zone (Slack's date token); the fallback is the poster's.
    const start = Date.parse('2026-12-03T14:00:00Z') / 1000;
    expect(visibleText(unfurls[url])).toContain(
      `:calendar: *Board call &lt;!channel&gt;*\n<!date^${start}^{date_short_pretty} {time}|Thu 3 Dec 2026, 15:00 (Europe/Paris)>\u2013<!date^${start + 3600}^{time}|16:00>`,
    );
    expect(buttonsOf(unfurls[url])).toEqual(['Open', 'Edit']);
    for (const hidden of ['Secret agenda', 'dana@partner.com', 'meet.google.com', '1 guest']) expect(stringsHolding(call!.args, hidden)).toEqual([]);
  });

  it('shows only "busy", or everything but the description and guests\u2019 names, as the client\u2019s setting says', async () => {
    const url = `https://calendar.google.com/calendar/event?eid=${eid('boardcall1', ACME)}`;
    const setTo = async (linkPreview: 'busy' | 'full') => {
      const saved = await submitClientForm(t, operator, { name: 'Acme', email: ACME, timeZone: 'America/New_York', managers: [operator.userId], linkPreview }, JSON.stringify({ clientId: t.ids.Acme }));
      expect(saved.status).toBe(200);
      expect((await t.app.db.prisma.client.findFirstOrThrow({ where: { id: t.ids.Acme } })).linkPreview).toBe(linkPreview);
    };

    await setTo('busy');
    const [busy] = await share(operator.userId, url);
    const busyView = (busy!.args.unfurls as Record<string, unknown>)[url];
    expect(visibleText(busyView)).toMatch(/^:calendar: \*Busy\*\n<!date\^/);
    expect(stringsHolding(busy!.args, 'Board call')).toEqual([]);
    expect(buttonsOf(busyView)).toEqual([]);

    await setTo('full');
    const [full] = await share(operator.userId, url);
    const fullView = (full!.args.unfurls as Record<string, unknown>)[url];
    expect(visibleText(fullView)).toContain('Acme \u00b7 1 guest \u00b7 :video_camera: video call');
    expect(buttonsOf(fullView)).toEqual(['Open', 'Edit', 'Join']);
    for (const hidden of ['Secret agenda', 'dana@partner.com']) expect(stringsHolding(full!.args, hidden)).toEqual([]);

    // An edit of the client without the setting (a form opened before it existed) keeps it.
    await submitClientForm(t, operator, { name: 'Acme', email: ACME, timeZone: 'America/New_York', managers: [operator.userId] }, JSON.stringify({ clientId: t.ids.Acme }));
    expect((await t.app.db.prisma.client.findFirstOrThrow({ where: { id: t.ids.Acme } })).linkPreview).toBe('full');
    await setTo('basic' as 'full');
  });

  it('previews the edit link too, from the composer by unfurl_id', async () => {
    const url = `https://calendar.google.com/calendar/u/0/r/eventedit/${eid('boardcall1', ACME)}`;
    const [call] = await share(operator.userId, url, { unfurl_id: 'Uxx-1', source: 'composer' });
    expect(call!.args).toMatchObject({ unfurl_id: 'Uxx-1', source: 'composer' });
    expect(Object.keys(call!.args.unfurls as object)).toEqual([url]);
  });

  it('shows nothing for someone who manages no client owning the calendar', async () => {
    expect(await share(OUTSIDER, `https://calendar.google.com/calendar/event?eid=${eid('boardcall1', ACME)}`)).toEqual([]);
  });

  it('shows nothing for an event or a calendar that does not exist, or an eid that is not one', async () => {
    expect(await share(operator.userId, `https://calendar.google.com/calendar/event?eid=${eid('nosuchevent1', ACME)}`)).toEqual([]);
    expect(await share(operator.userId, `https://calendar.google.com/calendar/event?eid=${eid('boardcall1', 'someone@else.com')}`)).toEqual([]);
    expect(await share(operator.userId, 'https://calendar.google.com/calendar/event?eid=bm90IGFuIGVpZA')).toEqual([]);
  });
});

describe('parseEventLink', () => {
  it('reads both link forms, and nothing else', () => {
    const ref = { eventId: 'boardcall1', calendarId: ACME };
    expect(parseEventLink(`https://calendar.google.com/calendar/event?eid=${eid('boardcall1', ACME)}`)).toEqual(ref);
    expect(parseEventLink(`https://calendar.google.com/calendar/r/eventedit/${eid('boardcall1', ACME)}`)).toEqual(ref);
    expect(parseEventLink(`http://calendar.google.com/calendar/event?eid=${eid('boardcall1', ACME)}`)).toBeNull();
    expect(parseEventLink(`https://calendar.google.com.evil.com/calendar/event?eid=${eid('boardcall1', ACME)}`)).toBeNull();
    expect(parseEventLink(`https://calendar.google.com/calendar/r/week/${eid('boardcall1', ACME)}`)).toBeNull();
    // Google shortens the calendar in an eid: @m for gmail.com, @g for group calendars.
    expect(decodeEid(Buffer.from('ev12345 dana@m').toString('base64'))).toEqual({ eventId: 'ev12345', calendarId: 'dana@gmail.com' });
    expect(decodeEid(Buffer.from('ev12345 team1abc@g').toString('base64url'))).toEqual({ eventId: 'ev12345', calendarId: 'team1abc@group.calendar.google.com' });
    expect(decodeEid(encodeEid({ eventId: 'ev12345_20261203T140000Z', calendarId: 'x@gmail.com' }))).toEqual({ eventId: 'ev12345_20261203T140000Z', calendarId: 'x@gmail.com' });
  });

  it('never throws on any text, and gives back any event id and address it was given', () => {
    const ids = fc.stringMatching(/^[a-v0-9]{5,40}$/);
    const emails = fc.emailAddress();
    fc.assert(
      fc.property(userText(300), ids, emails, (text, id, email) => {
        parseEventLink(text);
        parseEventLink(`https://calendar.google.com/calendar/event?${new URLSearchParams({ eid: text })}`);
        expect(parseEventLink(`https://calendar.google.com/calendar/event?eid=${eid(id, email)}`)).toEqual({ eventId: id, calendarId: email });
      }),
      runs(300),
    );
  });
});
