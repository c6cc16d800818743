/** What the import tests share: one fake Google per file and a client's calendar on it through the real adapter. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ClientCalendar, EventInput } from '../../src/core/calendars/ports.js';
import type { Client } from '../../src/core/clients/types.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { adapterCalendar } from '../google/client-calendar-kit.js';

export const EMAIL = 'ceo@acme.com';
const client: Client = {
  id: 'c1', teamId: 'T0', name: 'Acme', slug: 'acme', email: null, timeZone: 'Europe/Paris', notes: null, linkPreview: 'basic', managers: ['U0'],
  google: { state: 'connected', email: EMAIL }, createdBy: 'U0', createdAt: new Date(0), updatedAt: new Date(0),
};

/** The calling file's fake and calendar: ES module bindings, so importers see them once started. */
export let fake: FakeGoogle;
export let calendar: ClientCalendar;

export function startGoogleForFile(): void {
  beforeAll(async () => {
    fake = await startFakeGoogle();
    fake.addOAuthClient({ clientId: 'app', clientSecret: 'secret' });
    fake.addAccount({ email: EMAIL, timeZone: 'Europe/Paris' });
    const token = fake.issueTokens({ email: EMAIL, clientId: 'app' }).access_token;
    calendar = adapterCalendar(fake, client, token);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake?.close());
}

let calendarSeq = 0;
/** A fresh calendar per test keeps their events apart. */
export function newCalendar(timeZone = 'Europe/Paris'): string {
  const id = `import${++calendarSeq}@group.calendar.google.com`;
  fake.addCalendar(EMAIL, { id, summary: 'Imports', timeZone });
  return id;
}

/** Google's calls on one calendar's events, as method and status. */
export const callsTo = (calendarId: string) => fake.requestsTo(`/calendars/${calendarId}/events`).map((r) => `${r.method} ${r.status}`);

/** An hour on 10 March 2030 in Paris, nothing else: tests set what they are about on top. */
export const anHour: EventInput = {
  title: 'Meeting',
  description: null,
  location: null,
  start: { dateTime: '2030-03-10T10:00:00+01:00' },
  end: { dateTime: '2030-03-10T11:00:00+01:00' },
  timeZone: 'Europe/Paris',
  attendees: [],
  recurrence: null,
  meet: false,
  reminders: null,
};
