// Export one client's calendar, import the file into another client's: the second calendar then
// shows the same events (titles, instants, zones, all-day dates, the series and its changed and
// cancelled occurrences, guests, descriptions, places), through Slack end to end, for both formats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { googleCalendarApi } from '../../src/google/calendar.js';
import type { CalendarEvent } from '../../src/core/events/types.js';
import type { SlackCall } from '../fakes/slack/types.js';
import { finalReport, importThroughModal, upload } from './import-kit.js';
import { seedHolidayAndTokyoCall } from '../exports/sample.js';

const ACME = 'ceo@acme.com';
const TARGETS = { ics: { name: 'Globex', email: 'ceo@globex.com' }, csv: { name: 'Initech', email: 'ceo@initech.com' } } as const;
const PARIS = 'Europe/Paris';
const RANGE = '2030-03-01..2030-04-30';

describe('export then import into another client', () => {
  let t: ConnectedApp<'Acme' | 'Globex' | 'Initech'>;
  const api = () => googleCalendarApi(t.google.apiRoot);
  const token = (email: string) => t.google.issueTokens({ email, clientId: t.config.google.clientId }).access_token;

  beforeAll(async () => {
    t = await connectedClientApp({
      now: '2030-03-01T09:00:00Z',
      clients: [
        { name: 'Acme', email: ACME, timeZone: PARIS, googleTimeZone: PARIS },
        // Each format into a client of its own, in another zone than the source's.
        { name: 'Globex', email: TARGETS.ics.email, timeZone: 'America/New_York', googleTimeZone: 'America/New_York' },
        { name: 'Initech', email: TARGETS.csv.email, timeZone: 'Asia/Kolkata', googleTimeZone: 'Asia/Kolkata' },
      ],
    });
    // A standup Monday, Wednesday and Friday across the end of winter time in Paris (31 March), its first occurrence
    // moved and retitled and its 6 March one cancelled through the API; a two-day holiday; a call
    // kept in Tokyo's zone with an optional guest; a description with line breaks and commas.
    t.google.addEvent(ACME, ACME, {
      id: 'standup01',
      summary: 'Standup',
      description: 'Daily, short;\nbring blockers',
      location: 'Room 1, floor 2',
      start: { dateTime: '2030-03-04T08:30:00', timeZone: PARIS },
      end: { dateTime: '2030-03-04T08:45:00', timeZone: PARIS },
      recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=14'],
      attendees: [
        { email: 'bob@example.com', displayName: 'Bob', responseStatus: 'accepted' },
        { email: 'carol@example.com', responseStatus: 'declined' },
      ],
    });
    const acme = token(ACME);
    await api().patchEvent(acme, ACME, 'standup01_20300304T073000Z', { title: 'Standup (late)', start: { dateTime: '2030-03-04T10:00:00+01:00' }, end: { dateTime: '2030-03-04T10:15:00+01:00' }, timeZone: PARIS }, 'none');
    await api().deleteEvent(acme, ACME, 'standup01_20300306T073000Z', 'none');
    seedHolidayAndTokyoCall(t.google, ACME);
  });
  afterAll(() => t?.close());

  /** The next file the app shares after `after`: its name and content. */
  async function exported(after: number): Promise<{ name: string; content: string }> {
    const call: SlackCall = await t.slack.waitForCall('files.completeUploadExternal', (c) => c.at >= after, 20_000);
    const [shared] = call.args.files as { id: string }[];
    const file = t.slack.uploads.find((u) => u.fileId === shared?.id);
    if (!file) throw new Error('the shared file was never uploaded');
    return { name: file.filename ?? 'export', content: file.content.toString('utf8') };
  }

  /** What a person sees of a calendar in March and April, occurrence by occurrence, in a comparable form. */
  async function shown(email: string, format: 'ics' | 'csv') {
    const { events } = await api().listEvents(token(email), { calendarId: email, timeMin: new Date('2030-03-01T00:00:00Z'), timeMax: new Date('2030-05-01T00:00:00Z'), all: true });
    const instant = (e: CalendarEvent['start']) => e.date ?? new Date(e.dateTime).toISOString();
    return events
      .map((e) => ({
        title: e.title,
        start: instant(e.start),
        end: instant(e.end),
        allDay: e.allDay,
        zone: e.allDay ? null : e.timeZone,
        description: e.description,
        location: e.location,
        // Imported guests are invited as guests: their answers and optional marks stay with the
        // source calendar. A CSV row has no place for a changed occurrence of a series either (it
        // becomes an event of its own, where it now is). The README says both.
        guests: e.attendees.map((a) => a.email).sort(),
        repeats: e.recurringEventId !== null && (format === 'ics' || e.title === 'Standup'),
      }))
      .sort((a, b) => a.start.localeCompare(b.start) || a.title.localeCompare(b.title));
  }

  /** The rules of a calendar's series (Google keeps them on the series itself), parts in order. */
  const rules = (email: string) => t.google.events(email).filter((e) => e.recurrence?.length && e.status !== 'cancelled').map((e) => e.recurrence?.find((l) => l.startsWith('RRULE:'))?.slice(6).split(';').sort().join(';'));

  for (const format of ['ics', 'csv'] as const) {
    const target = TARGETS[format];
    it(`reproduces the events through a .${format} file (titles, times, zones, recurrence, guests, descriptions)`, async () => {
      const before = t.slack.calls.length;
      await t.command(`export acme ${RANGE}${format === 'csv' ? ' csv' : ''}`, operator);
      const file = await exported(Date.now() - 1);
      expect(file.name.endsWith(`.${format}`)).toBe(true);

      const since = t.slack.calls.length;
      expect(since).toBeGreaterThan(before);
      expect((await importThroughModal(t, operator, target.name.toLowerCase(), upload(t, operator, file.name, file.content))).status).toBe(200);
      const report = await finalReport(t, since, 30_000);
      expect(String(report.args.text)).toMatch(new RegExp(`^Imported .*\\.${format} into ${target.name}\\. \\d+ created, \\d+ updated, 0 skipped, 0 failed\\.$`));

      const source = await shown(ACME, format);
      expect(source.length).toBe(15); // 13 standups (14 less the cancelled one, 2 after the clocks change), the holiday, the call
      expect(await shown(target.email, format)).toEqual(source);
      // A series, not 13 events: the rule came through.
      expect(rules(target.email)).toEqual(['BYDAY=MO,WE,FR;COUNT=14;FREQ=WEEKLY']);

      // The same file again: nothing changes.
      const again = t.slack.calls.length;
      await importThroughModal(t, operator, target.name.toLowerCase(), upload(t, operator, file.name, file.content));
      expect(String((await finalReport(t, again, 30_000)).args.text)).toMatch(/ 0 created, 0 updated, \d+ skipped .*0 failed\.$/);
      expect(await shown(target.email, format)).toEqual(source);
    });
  }
});
