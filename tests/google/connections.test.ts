import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleCalendarApi } from '../../src/google/calendar.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { until } from './calendar-api-kit.js';

// More calls in flight than Node's default agent kept idle sockets (256): a stacked agenda of
// 200 clients makes 400 at once.
const AT_ONCE = 300;
const WINDOW = { timeMin: new Date('2030-03-01T00:00:00Z'), timeMax: new Date('2030-03-08T00:00:00Z') };

let fake: FakeGoogle;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  fake = await startFakeGoogle();
  fake.addOAuthClient({ clientId: 'app', clientSecret: 'secret' });
  for (const email of ['ada@acme.com', 'bob@acme.com']) {
    fake.addAccount({ email });
    fake.addEvent(email, email, { id: `ev${email.slice(0, 3)}0001`, summary: `${email} only`, start: { dateTime: '2030-03-02T10:00:00Z' }, end: { dateTime: '2030-03-02T11:00:00Z' } });
    tokens[email] = fake.issueTokens({ email, clientId: 'app' }).access_token;
  }
});
afterAll(() => fake?.close());

/** `count` event lists of alternating accounts, all held at Google until every one has arrived. */
async function burst(api: ReturnType<typeof googleCalendarApi>, count: number) {
  const held = fake.hold((r) => r.path.endsWith('/events'));
  const emails = Object.keys(tokens);
  const calls = Array.from({ length: count }, (_, i) => {
    const email = emails[i % emails.length] ?? '';
    return api.listEvents(tokens[email] ?? '', { calendarId: email, ...WINDOW }).then((list) => ({ email, titles: list.events.map((e) => e.title) }));
  });
  await until(() => held.held.length === count);
  held.release();
  return Promise.all(calls);
}

describe('connections to Google', () => {
  it("keeps a burst's connections open for the next burst, however many were in flight", async () => {
    const api = googleCalendarApi(fake.apiRoot);
    await burst(api, AT_ONCE);
    // The next burst is another command, so at least a turn of the event loop later: by then
    // undici has put every connection of the last one back in its pool.
    await new Promise((r) => setImmediate(r));
    const opened = fake.connections;
    await burst(api, AT_ONCE);
    expect(fake.connections - opened).toBe(0);
  });

  it('sends each call with its own token on the connections it shares with other accounts', async () => {
    const api = googleCalendarApi(fake.apiRoot);
    const answers = await burst(api, 40);
    for (const { email, titles } of answers) expect(titles).toEqual([`${email} only`]);
  });
});
