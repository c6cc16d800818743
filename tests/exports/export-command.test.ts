import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { TEAM } from '../harness/app.js';
import { visibleText } from '../harness/visible.js';
import { googleCalendarApi } from '../../src/google/calendar.js';
import { CSV_COLUMNS } from '../../src/core/imports/types.js';
import type { SlackCall } from '../fakes/slack/types.js';
import { seedHolidayAndTokyoCall } from './sample.js';

const ACME = 'ceo@acme.com';
const PARIS = 'Europe/Paris';
const BUSY = 'busy0001@group.calendar.google.com';
const BROKEN = 'broken01@group.calendar.google.com';
const stranger = { teamId: TEAM, userId: 'U0STRANGER' };
const MARCH = '2030-03-01..2030-03-31';

/** The DM the app opens with the operator in the fake Slack. */
const OPERATOR_DM = `D${operator.userId}`;

describe('/calstack export', () => {
  let t: ConnectedApp<'Acme'>;

  beforeAll(async () => {
    t = await connectedClientApp({
      now: '2030-03-01T09:00:00Z',
      clients: [
        {
          name: 'Acme',
          email: ACME,
          timeZone: PARIS,
          googleTimeZone: PARIS,
          calendars: [
            { id: BUSY, summary: 'Busy', timeZone: PARIS },
            { id: BROKEN, summary: 'Broken', timeZone: PARIS },
          ],
        },
      ],
      users: [{ id: stranger.userId, team_id: TEAM, tz: 'UTC' }],
    });
    // A daily standup with guests; its 4 March occurrence moved and retitled, its 5 March one
    // cancelled, both through the API as Google Calendar would; an all-day holiday; a call in Tokyo.
    t.google.addEvent(ACME, ACME, {
      id: 'standup01',
      summary: 'Standup',
      description: 'Daily',
      start: { dateTime: '2030-03-02T08:30:00', timeZone: PARIS },
      end: { dateTime: '2030-03-02T08:45:00', timeZone: PARIS },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=5'],
      attendees: [
        { email: 'bob@example.com', displayName: 'Bob', responseStatus: 'accepted' },
        { email: 'carol@example.com', responseStatus: 'declined' },
      ],
    });
    const api = googleCalendarApi(t.google.apiRoot);
    const token = t.google.issueTokens({ email: ACME, clientId: t.config.google.clientId }).access_token;
    await api.patchEvent(token, ACME, 'standup01_20300304T073000Z', { title: 'Standup (late)', start: { dateTime: '2030-03-04T10:00:00+01:00' }, end: { dateTime: '2030-03-04T10:15:00+01:00' }, timeZone: PARIS }, 'none');
    await api.deleteEvent(token, ACME, 'standup01_20300305T073000Z', 'none');
    seedHolidayAndTokyoCall(t.google, ACME);
  });
  afterAll(() => t?.close());

  /** The file shared by the next files.completeUploadExternal: where, its name and its content. */
  async function nextFile(after: number, name: string): Promise<{ call: SlackCall; filename: string; content: string }> {
    const named = (c: SlackCall) => (c.args.files as { title?: string }[])[0]?.title === name;
    const call = await t.slack.waitForCall('files.completeUploadExternal', (c) => c.at >= after && named(c), 20_000);
    const [shared] = call.args.files as { id: string }[];
    const upload = t.slack.uploads.find((u) => u.fileId === shared!.id)!;
    return { call, filename: upload.filename ?? '', content: upload.content.toString('utf8') };
  }

  const eventReads = (calendarId: string) => t.google.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/calendars/${calendarId}/events`)).length;

  it('posts an .ics of the range to the DM: the series with its moved and cancelled occurrences, the all-day event, the zone, the guests', async () => {
    const started = Date.now();
    const { response } = await t.command(`export acme ${MARCH}`, operator);
    expect(visibleText(response)).toContain(`Exporting *${ACME}* of *Acme* (Fri 1 Mar – Sun 31 Mar)`);

    const { call, filename, content } = await nextFile(started, 'Acme-ceo-acme.com-2030-03-01.ics');
    expect(call.args.channel_id).toBe(OPERATOR_DM);
    expect(filename).toBe('Acme-ceo-acme.com-2030-03-01.ics');
    expect(call.args.initial_comment).toContain('4 events');

    const calendar = new ICAL.Component(ICAL.parse(content));
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')).sort()).toEqual(['Asia/Tokyo', PARIS]);
    const vevents = calendar.getAllSubcomponents('vevent');
    const standup = vevents.filter((v) => v.getFirstPropertyValue('uid') === 'standup01@google.com');
    const master = standup.find((v) => !v.hasProperty('recurrence-id'))!;
    const moved = standup.find((v) => v.hasProperty('recurrence-id'))!;
    expect(standup).toHaveLength(2);
    expect(master.getFirstPropertyValue('rrule')!.toString()).toBe('FREQ=DAILY;COUNT=5');
    expect(master.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(PARIS);
    expect(master.getFirstPropertyValue('dtstart')!.toString()).toBe('2030-03-02T08:30:00');
    expect(master.getFirstPropertyValue('exdate')!.toString()).toBe('2030-03-05T08:30:00');
    expect(master.getFirstProperty('exdate')!.getParameter('tzid')).toBe(PARIS);
    expect(master.getAllProperties('attendee').map((a) => [a.getFirstValue(), a.getParameter('partstat')].join(' '))).toEqual(['MAILTO:bob@example.com ACCEPTED', 'MAILTO:carol@example.com DECLINED']);
    expect(moved.getFirstPropertyValue('summary')).toBe('Standup (late)');
    expect(moved.getFirstPropertyValue('recurrence-id')!.toString()).toBe('2030-03-04T08:30:00');
    const holiday = vevents.find((v) => v.getFirstPropertyValue('summary') === 'Holiday')!;
    expect(holiday.getFirstProperty('dtstart')!.type).toBe('date');
    expect(holiday.getFirstPropertyValue('dtend')!.toString()).toBe('2030-03-12');
    const tokyo = vevents.find((v) => v.getFirstPropertyValue('summary') === 'Call with Tokyo')!;
    expect(tokyo.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Tokyo');
    expect(tokyo.getFirstPropertyValue('dtstart')!.toString()).toBe('2030-03-06T10:00:00');
    expect(tokyo.getFirstProperty('attendee')!.getParameter('role')).toBe('OPT-PARTICIPANT');
  });

  it('csv: the documented columns, all-day ends inclusive, the changed occurrence as its own row', async () => {
    const started = Date.now();
    await t.command(`export acme ${MARCH} csv`, operator);
    const { call, filename, content } = await nextFile(started, 'Acme-ceo-acme.com-2030-03-01.csv');
    expect(call.args.channel_id).toBe(OPERATOR_DM);
    expect(filename).toBe('Acme-ceo-acme.com-2030-03-01.csv');
    const lines = content.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toContain('Holiday,2030-03-10,2030-03-11,yes,,,,,,vacation1@google.com');
    expect(lines).toContain('Standup (late),2030-03-04 10:00,2030-03-04 10:15,no,Europe/Paris,,Daily,bob@example.com; carol@example.com,,standup01@google.com#20300304T073000Z');
    // Seeded as Google Calendar's UI would (wall time and zone, no offset): still 08:30 in Paris.
    expect(lines[1]).toMatch(/^Standup,2030-03-02 08:30,2030-03-02 08:45,no,Europe\/Paris,/);
    expect(content).toContain('"RRULE:FREQ=DAILY;COUNT=5\nEXDATE:20300305T073000Z\nEXDATE:20300304T073000Z"');
  });

  it('shows progress while a long calendar is read, then the whole file', async () => {
    for (let i = 0; i < 2501; i++) {
      const at = new Date(Date.UTC(2030, 2, 1) + i * 15 * 60_000).toISOString();
      const end = new Date(Date.parse(at) + 10 * 60_000).toISOString();
      t.google.addEvent(ACME, BUSY, { summary: `Slot ${i}`, start: { dateTime: at }, end: { dateTime: end } });
    }
    const started = Date.now();
    await t.command(`export acme Busy ${MARCH}`, operator);
    const progress = await t.slack.waitForCall('chat.postMessage', (c) => c.at >= started && String(c.args.text).includes('Reading'), 20_000);
    expect(progress.args.channel).toBe(operator.userId);
    expect(progress.args.text).toContain('2,500 events so far');
    const { content } = await nextFile(started, 'Acme-Busy-2030-03-01.ics');
    expect(content.match(/BEGIN:VEVENT/g)).toHaveLength(2501);
    const finished = await t.slack.waitForCall('chat.update', (c) => c.at >= started && String(c.args.text).includes('Exported'), 20_000);
    expect(finished.args.text).toContain('2,501 events');
  });

  it('a non-manager is refused, and nothing is read from Google nor posted', async () => {
    const readsBefore = eventReads(ACME);
    const uploadsBefore = t.slack.uploads.length;
    const { response } = await t.command(`export acme ${MARCH}`, stranger);
    expect(visibleText(response)).toMatch(/:warning:/);
    expect(visibleText(response)).not.toContain('Exporting');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eventReads(ACME)).toBe(readsBefore);
    expect(t.slack.uploads.length).toBe(uploadsBefore);
  });

  it('a Google failure is told in the DM, and no file is posted', async () => {
    t.google.fail({ match: (r) => r.method === 'GET' && r.path.endsWith(`/calendars/${BROKEN}/events`), status: 403, reason: 'forbidden', message: 'Forbidden', times: Infinity });
    const uploadsBefore = t.slack.uploads.length;
    const started = Date.now();
    await t.command(`export acme Broken ${MARCH}`, operator);
    const told = await t.slack.waitForCall('chat.postMessage', (c) => c.at >= started && String(c.args.text).includes('failed'), 20_000);
    expect(told.args.channel).toBe(operator.userId);
    expect(told.args.text).toContain('no file was made');
    expect(eventReads(BROKEN)).toBeGreaterThan(0);
    expect(t.slack.uploads.length).toBe(uploadsBefore);
  });
});
