/** A calendar's events as Google lists them without singleEvents: what the format tests export. */
import type { SeriesEvent } from '../../src/core/calendars/ports.js';
import type { ExportSource } from '../../src/core/exports/series.js';
import { event } from '../core/fixtures.js';
import type { FakeGoogle } from '../fakes/google/types.js';

export const CAL_ZONE = 'Europe/Paris';

export function seriesEvent(fields: Partial<SeriesEvent> & Pick<SeriesEvent, 'id' | 'start' | 'end'>): SeriesEvent {
  const { organizer: _invitedBy, ...base } = event(fields.id, fields.start.dateTime ?? fields.start.date, fields.end.dateTime ?? fields.end.date);
  return {
    ...base,
    calendarId: 'ceo@acme.com',
    title: '',
    allDay: fields.start.date !== undefined,
    iCalUID: `${fields.id}@google.com`,
    organizer: { email: 'ceo@acme.com', displayName: 'Acme CEO' },
    ...fields,
  };
}

/**
 * A daily standup in Paris (five from 2 March 2030 08:30, guests), its 4 March occurrence moved to
 * 10:00 and retitled, its 5 March one cancelled (only what Google guarantees of it); a two-day
 * all-day holiday; a call in Tokyo's zone with an optional guest who has not answered.
 */
export const SAMPLE_EVENTS: SeriesEvent[] = [
  seriesEvent({
    id: 'standup01',
    title: 'Standup',
    description: 'Daily; short, please',
    location: 'Room 1, floor 2',
    start: { dateTime: '2030-03-02T08:30:00+01:00' },
    end: { dateTime: '2030-03-02T08:45:00+01:00' },
    timeZone: CAL_ZONE,
    recurrence: ['RRULE:FREQ=DAILY;COUNT=5'],
    attendees: [
      { email: 'bob@example.com', displayName: 'Bob', responseStatus: 'accepted' },
      { email: 'carol@example.com', responseStatus: 'declined' },
    ],
  }),
  seriesEvent({
    id: 'standup01_20300304T073000Z',
    iCalUID: 'standup01@google.com',
    title: 'Standup (late)',
    start: { dateTime: '2030-03-04T10:00:00+01:00' },
    end: { dateTime: '2030-03-04T10:15:00+01:00' },
    timeZone: CAL_ZONE,
    recurringEventId: 'standup01',
    originalStart: { dateTime: '2030-03-04T08:30:00+01:00' },
    attendees: [{ email: 'bob@example.com', displayName: 'Bob', responseStatus: 'tentative' }],
  }),
  {
    ...seriesEvent({ id: 'standup01_20300305T073000Z', start: { dateTime: '' }, end: { dateTime: '' }, recurringEventId: 'standup01', originalStart: { dateTime: '2030-03-05T08:30:00+01:00' } }),
    status: 'cancelled',
    allDay: false,
    iCalUID: '@google.com',
    organizer: null,
  },
  seriesEvent({ id: 'holiday01', title: 'Holiday', start: { date: '2030-03-10' }, end: { date: '2030-03-12' }, transparency: 'transparent' }),
  seriesEvent({
    id: 'tokyo0001',
    title: 'Call with Tokyo',
    start: { dateTime: '2030-03-06T01:00:00Z' },
    end: { dateTime: '2030-03-06T02:00:00Z' },
    timeZone: 'Asia/Tokyo',
    attendees: [{ email: 'kenji@example.jp', displayName: 'Kenji', responseStatus: 'needsAction', optional: true }],
  }),
];

export const SAMPLE: ExportSource = { name: 'Acme <CEO>', timeZone: CAL_ZONE, events: SAMPLE_EVENTS, stampedAt: new Date('2030-03-01T12:00:00Z') };

/**
 * In the fake Google, on `email`'s primary calendar: a two-day all-day holiday (10-11 March 2030)
 * and a call kept in Tokyo's zone with an optional guest who has not answered.
 */
export function seedHolidayAndTokyoCall(google: Pick<FakeGoogle, 'addEvent'>, email: string): void {
  google.addEvent(email, email, { id: 'vacation1', summary: 'Holiday', start: { date: '2030-03-10' }, end: { date: '2030-03-12' } });
  google.addEvent(email, email, {
    id: 'kenjicall',
    summary: 'Call with Tokyo',
    start: { dateTime: '2030-03-06T10:00:00+09:00', timeZone: 'Asia/Tokyo' },
    end: { dateTime: '2030-03-06T11:00:00+09:00', timeZone: 'Asia/Tokyo' },
    attendees: [{ email: 'kenji@example.jp', responseStatus: 'needsAction', optional: true }],
  });
}
