/** What the Calendar adapter's tests share: one fake Google per file, a token on it, fresh calendars, a sample event. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { EventInput } from '../../src/core/calendars/ports.js';
import type { CalendarApi } from '../../src/google/calendar-api.js';
import { googleCalendarApi, type GoogleCalendarApiOptions } from '../../src/google/calendar.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';

export const EMAIL = 'ceo@acme.com';
export const FAST: GoogleCalendarApiOptions = { retry: { baseMs: 5, maxDelayMs: 20, jitterMs: 5 }, timeoutMs: 300 };
export const WINDOW = { timeMin: new Date('2030-03-01T00:00:00Z'), timeMax: new Date('2030-03-08T00:00:00Z') };

/** The calling file's fake, token and client: ES module bindings, so importers see them once started. */
export let fake: FakeGoogle;
export let token: string;
export let api: CalendarApi;

/** One fake for the calling file, reset after each test; its calendars keep tests apart (newCalendar). */
export function startFakeGoogleForFile(): void {
  beforeAll(async () => {
    fake = await startFakeGoogle();
    fake.addOAuthClient({ clientId: 'app', clientSecret: 'secret' });
    fake.addAccount({ email: EMAIL, timeZone: 'Europe/Paris' });
    token = fake.issueTokens({ email: EMAIL, clientId: 'app' }).access_token;
    api = googleCalendarApi(fake.apiRoot, FAST);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake?.close());
}

let calendarSeq = 0;
/** A fresh calendar per test keeps their events apart. */
export function newCalendar(summary = 'Work'): string {
  const id = `cal${++calendarSeq}@group.calendar.google.com`;
  fake.addCalendar(EMAIL, { id, summary });
  return id;
}

export const eventsPath = (calendarId: string) => `/calendar/v3/calendars/${calendarId}/events`;

export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

export const kickoff: EventInput = {
  title: 'Kickoff',
  description: null,
  location: 'Room 1',
  start: { dateTime: '2030-03-10T10:00:00+01:00' },
  end: { dateTime: '2030-03-10T11:00:00+01:00' },
  timeZone: 'Europe/Paris',
  attendees: ['bob@example.com'],
  recurrence: null,
  meet: false,
  reminders: null,
};
