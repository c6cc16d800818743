// Applying import items to Google through the real Calendar client, against the fake Google.
import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/core/calendars/ports.js';
import { applyImportItem } from '../../src/core/imports/apply.js';
import { importEventId, instanceId } from '../../src/core/imports/ids.js';
import type { ImportedEvent, ImportedOverride } from '../../src/core/imports/types.js';
import { anHour, calendar, callsTo, fake, newCalendar, startGoogleForFile } from './apply-kit.js';

startGoogleForFile();

const input: EventInput = { ...anHour, title: 'Board meeting', description: 'Budget\nand hiring', location: 'Room 4', attendees: ['bob@example.com', 'ann@example.com'] };
const event = (uid: string, over: Partial<EventInput> = {}): ImportedEvent => ({ kind: 'event', id: importEventId(uid), source: `event (UID ${uid})`, input: { ...input, ...over } });

describe('ids', () => {
  it('an import id is Google-valid and depends on the UID only', () => {
    const id = importEventId('abc@example.com');
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(importEventId('abc@example.com')).toBe(id);
    expect(importEventId('abd@example.com')).not.toBe(id);
  });

  it('an occurrence is its series id and where the series puts it: UTC for timed, the date for all-day', () => {
    expect(instanceId('series1', { dateTime: '2030-03-10T10:00:00+01:00' })).toBe('series1_20300310T090000Z');
    expect(instanceId('series1', { date: '2030-03-10' })).toBe('series1_20300310');
  });
});

describe('applying an event', () => {
  it('creates a new event in one Google call, under its import id', async () => {
    const cal = newCalendar();
    const item = event('new-1');
    expect(await applyImportItem(calendar, cal, item, 'skip')).toEqual({ status: 'created' });
    expect(callsTo(cal)).toEqual(['POST 200']);
    const [stored] = fake.events(cal);
    expect(stored).toMatchObject({ id: item.id, summary: 'Board meeting', description: 'Budget\nand hiring', start: { dateTime: '2030-03-10T10:00:00+01:00', timeZone: 'Europe/Paris' } });
    expect(stored!.attendees!.map((a) => a.email)).toEqual(['bob@example.com', 'ann@example.com']);
  });

  it('a second apply is skipped as already imported, and changes nothing at Google', async () => {
    const cal = newCalendar();
    const item = event('twice-1');
    await applyImportItem(calendar, cal, item, 'skip');
    const before = fake.events(cal);
    expect(await applyImportItem(calendar, cal, { ...item, input: { ...item.input, title: 'Renamed' } }, 'skip')).toEqual({ status: 'skipped', reason: 'already imported' });
    expect(fake.events(cal)).toEqual(before);
    expect(callsTo(cal)).toEqual(['POST 200', 'POST 409', 'GET 200']);
  });

  it('under update, an unchanged event is skipped without a write', async () => {
    const cal = newCalendar();
    await applyImportItem(calendar, cal, event('same-1'), 'update');
    const before = fake.events(cal);
    expect(await applyImportItem(calendar, cal, event('same-1'), 'update')).toEqual({ status: 'skipped', reason: 'unchanged' });
    expect(fake.events(cal)).toEqual(before);
    expect(callsTo(cal).filter((c) => c.startsWith('PATCH'))).toEqual([]);
  });

  it('under update, patches only the fields that differ, and guests kept keep their answers', async () => {
    const cal = newCalendar();
    const item = event('upd-1');
    await applyImportItem(calendar, cal, item, 'update');
    fake.changeEvent(cal, item.id, { attendees: [{ email: 'bob@example.com', responseStatus: 'accepted' }, { email: 'ann@example.com', responseStatus: 'needsAction' }] });
    const changed = { ...item, input: { ...item.input, title: 'Board meeting (moved)', start: { dateTime: '2030-03-10T14:00:00+01:00' }, end: { dateTime: '2030-03-10T15:00:00+01:00' }, attendees: ['bob@example.com', 'cy@example.com'] } };
    expect(await applyImportItem(calendar, cal, changed, 'update')).toEqual({ status: 'updated' });
    const patch = fake.requestsTo(`/calendars/${cal}/events/${item.id}`).find((r) => r.method === 'PATCH');
    expect(patch!.body).toEqual({
      summary: 'Board meeting (moved)',
      start: { dateTime: '2030-03-10T14:00:00+01:00', timeZone: 'Europe/Paris', date: null },
      end: { dateTime: '2030-03-10T15:00:00+01:00', timeZone: 'Europe/Paris', date: null },
      attendees: [{ email: 'bob@example.com', responseStatus: 'accepted' }, { email: 'cy@example.com' }],
    });
    const [stored] = fake.events(cal);
    expect(stored).toMatchObject({ summary: 'Board meeting (moved)', description: 'Budget\nand hiring', location: 'Room 4' });
  });

  it('an event deleted at Google since is brought back as the file has it', async () => {
    const cal = newCalendar();
    const item = event('gone-1');
    await applyImportItem(calendar, cal, item, 'skip');
    await calendar.deleteEvent(cal, item.id, 'none');
    expect(fake.events(cal)[0]!.status).toBe('cancelled');
    expect(await applyImportItem(calendar, cal, item, 'skip')).toEqual({ status: 'created' });
    expect(fake.events(cal)[0]).toMatchObject({ status: 'confirmed', summary: 'Board meeting' });
  });

  it('a Google refusal fails that item with Google\u2019s reason, and nothing is written', async () => {
    const cal = newCalendar();
    const backwards = event('bad-1', { end: { dateTime: '2030-03-10T09:00:00+01:00' } });
    const outcome = await applyImportItem(calendar, cal, backwards, 'skip');
    expect(outcome.status).toBe('failed');
    expect(outcome).toMatchObject({ reason: expect.stringMatching(/^Google refused it: .*time range/i) });
    expect(fake.events(cal)).toEqual([]);
  });

  it('a failure of the whole run (Google unavailable after retries) is thrown, not counted as one item', async () => {
    const cal = newCalendar();
    fake.fail({ status: 503, reason: 'backendError', times: Infinity });
    await expect(applyImportItem(calendar, cal, event('down-1'), 'skip')).rejects.toMatchObject({ code: 'google_unavailable' });
  });
});

describe('applying an override', () => {
  const weekly = (uid: string) => event(uid, { recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'] });
  const second = { dateTime: '2030-03-17T10:00:00+01:00' };
  const override = (seriesId: string, changes: ImportedOverride['changes']): ImportedOverride => ({ kind: 'override', seriesId, originalStart: second, source: 'override', changes });

  it('moves and renames the occurrence; applied again, it is skipped as unchanged', async () => {
    const cal = newCalendar();
    const series = weekly('series-1');
    await applyImportItem(calendar, cal, series, 'skip');
    const moved = override(series.id, { title: 'Board (moved)', start: { dateTime: '2030-03-18T10:00:00+01:00' }, end: { dateTime: '2030-03-18T11:00:00+01:00' }, timeZone: 'Europe/Paris' });
    expect(await applyImportItem(calendar, cal, moved, 'skip')).toEqual({ status: 'updated' });
    const { events } = await calendar.listEvents({ calendarId: cal, timeMin: new Date('2030-03-01T00:00:00Z'), timeMax: new Date('2030-04-30T00:00:00Z') });
    expect(events.map((e) => [e.id, e.title, e.start.dateTime])).toEqual([
      [instanceId(series.id, { dateTime: '2030-03-10T10:00:00+01:00' }), 'Board meeting', '2030-03-10T10:00:00+01:00'],
      [instanceId(series.id, second), 'Board (moved)', '2030-03-18T10:00:00+01:00'],
      [instanceId(series.id, { dateTime: '2030-03-24T10:00:00+01:00' }), 'Board meeting', '2030-03-24T10:00:00+01:00'],
      [instanceId(series.id, { dateTime: '2030-03-31T10:00:00+02:00' }), 'Board meeting', '2030-03-31T10:00:00+02:00'],
    ]);
    const before = fake.events(cal);
    expect(await applyImportItem(calendar, cal, moved, 'skip')).toEqual({ status: 'skipped', reason: 'unchanged' });
    expect(fake.events(cal)).toEqual(before);
  });

  it('cancels the occurrence; applied again, it is skipped as already cancelled', async () => {
    const cal = newCalendar();
    const series = weekly('series-2');
    await applyImportItem(calendar, cal, series, 'skip');
    expect(await applyImportItem(calendar, cal, override(series.id, null), 'skip')).toEqual({ status: 'updated' });
    const { events } = await calendar.listEvents({ calendarId: cal, timeMin: new Date('2030-03-01T00:00:00Z'), timeMax: new Date('2030-04-30T00:00:00Z') });
    expect(events.map((e) => e.start.dateTime)).toEqual(['2030-03-10T10:00:00+01:00', '2030-03-24T10:00:00+01:00', '2030-03-31T10:00:00+02:00']);
    expect(await applyImportItem(calendar, cal, override(series.id, null), 'skip')).toEqual({ status: 'skipped', reason: 'already cancelled' });
  });

  it('an occurrence the series does not have fails that item', async () => {
    const cal = newCalendar();
    const series = weekly('series-3');
    await applyImportItem(calendar, cal, series, 'skip');
    const nowhere: ImportedOverride = { ...override(series.id, { title: 'x' }), originalStart: { dateTime: '2030-03-12T10:00:00+01:00' } };
    expect(await applyImportItem(calendar, cal, nowhere, 'skip')).toEqual({ status: 'failed', reason: 'its series has no occurrence at 2030-03-12T10:00:00+01:00' });
  });
});
