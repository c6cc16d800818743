import type { CalendarEvent } from '../fakes/google.js';

// The event of issue 11's tables: every field Google has, most of which the form does not show.
export const CEO = 'ceo@acme.com';
export const ANN = 'ann@partner.com'; // has a Google account: a Google Calendar user
export const BOB = 'bob@example.com';
export const ZONE = 'America/New_York';

let seq = 0;
/** A fresh base32hex id per seeded event. */
export const nextId = (prefix: string) => `${prefix}${(seq++).toString(32).padStart(6, '0')}`;

/** An event carrying every kind of field Google has that the form does not show. */
export function everything(id: string, over: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id,
    summary: 'Board review',
    description: 'Numbers for Q1',
    location: 'Room 4',
    start: { dateTime: '2027-03-09T10:00:00-05:00', timeZone: ZONE },
    end: { dateTime: '2027-03-09T11:00:00-05:00', timeZone: ZONE },
    attendees: [
      { email: CEO, organizer: true, self: true, responseStatus: 'accepted' },
      { email: ANN, responseStatus: 'accepted', comment: 'Dialling in', displayName: 'Ann' },
      { email: BOB, optional: true, responseStatus: 'tentative' },
    ],
    conferenceData: {
      conferenceSolution: { key: { type: 'addOn' }, name: 'Zoom Meeting' },
      entryPoints: [{ entryPointType: 'video', uri: 'https://zoom.us/j/123456', label: 'zoom.us/j/123456' }],
      conferenceId: '123456',
    },
    reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 10 }, { method: 'email', minutes: 1440 }] },
    attachments: [{ fileUrl: 'https://drive.google.com/file/d/abc', title: 'Deck.pdf', mimeType: 'application/pdf' }],
    colorId: '5',
    visibility: 'private',
    transparency: 'transparent',
    guestsCanModify: true,
    extendedProperties: { private: { crm: '42' }, shared: { ticket: 'T-1' } },
    ...over,
  };
}


/** Weekly Mon and Wed 10:00 New York from Mon 8 March 2027, with everything; the clocks change on Sunday 14 March. */
export function weeklySeries(id: string): CalendarEvent {
  return everything(id, {
    start: { dateTime: '2027-03-08T10:00:00-05:00', timeZone: ZONE },
    end: { dateTime: '2027-03-08T11:00:00-05:00', timeZone: ZONE },
    recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE'],
  });
}
