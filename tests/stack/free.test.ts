import type { KnownBlock } from '@slack/types';
// `/calstack free` against a Google that refuses what the real one refuses: spans over
// 90 days, and a Book button value over Slack's 2,000 characters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { startFakeGoogle, type FakeGoogle, type RecordedRequest } from '../fakes/google.js';
import { clientRepository } from '../../src/db/repositories/clients.js';
import { connectionRepository } from '../../src/db/repositories/connections.js';
import { keyFromBase64, SecretBox } from '../../src/db/crypto.js';
import { formValues, stringsHolding, visibleText } from '../harness/visible.js';
import { accessoryButtonsOf, callbackIdOf } from '../slack/sent-blocks.js';

const DAY_MS = 86_400_000;

const bookButtons = (message: unknown) => accessoryButtonsOf((message as { blocks?: KnownBlock[] }).blocks ?? []).filter((b) => b.action_id === 'free_book');

const freeBusyQueries = (google: FakeGoogle, since: number) => google.requestsTo('/freeBusy').slice(since);

const askedFor = (req: RecordedRequest) => (req.body as { items: { id: string }[] }).items.map((i) => i.id);

/** A freeBusy request for one account's calendars. */
const readingOf = (email: string) => (req: unknown) => JSON.stringify((req as RecordedRequest).body ?? '').includes(email);

/** `/calstack <text>`, waiting up to 30 s for the answer: a bound against hanging on a loaded machine, not a measure. */
async function ask(t: TestApp, text: string): Promise<unknown> {
  const responseUrl = t.slack.responseUrl();
  await t.requests.command(text, operator, { response_url: responseUrl });
  return (await t.slack.waitForResponse((r) => r.url === responseUrl, 30_000)).body;
}

describe('/calstack free over long ranges and unreadable clients', () => {
  let t: ConnectedApp<'Acme' | 'Globex'>;

  beforeAll(async () => {
    t = await connectedClientApp({
      // A Wednesday morning: "the next 3 days" are working days, whatever day the suite runs
      // (CI's new-year run made them a weekend, with no working hours to be free in).
      now: '2026-12-02T09:00:00Z',
      clients: [
        { name: 'Acme', email: 'ceo@acme.com' },
        { name: 'Globex', email: 'boss@globex.com' },
      ],
    });
  });
  afterAll(() => t?.close());

  it('reads a 92-day range in freeBusy windows of at most 90 days that cover it all, and finds the free time', async () => {
    const since = t.google.requestsTo('/freeBusy').length;
    const response = await ask(t, 'free acme globex next 92 days');

    const queries = freeBusyQueries(t.google, since);
    const spans = queries.map((q) => {
      const body = q.body as { timeMin: string; timeMax: string };
      return { who: askedFor(q).join(','), start: Date.parse(body.timeMin), end: Date.parse(body.timeMax), status: q.status };
    });
    expect(spans.every((s) => s.status === 200)).toBe(true);
    expect(spans.every((s) => s.end - s.start <= 90 * DAY_MS)).toBe(true);
    for (const who of ['ceo@acme.com', 'boss@globex.com']) {
      const mine = spans.filter((s) => s.who === who).sort((a, b) => a.start - b.start);
      expect(mine.length).toBe(2);
      expect(mine[1]!.start).toBe(mine[0]!.end);
      expect(mine[1]!.end - mine[0]!.start).toBeGreaterThan(90 * DAY_MS);
    }
    expect(bookButtons(response).length).toBeGreaterThan(0);
    expect(visibleText(response)).not.toContain('No common free time');
    expect(visibleText(response)).not.toContain('could not be read');
  });

  it('names the client it could not read and why, and never calls that "no common free time"', async () => {
    // From here on Google refuses to read Globex's calendar.
    t.google.fail({ match: readingOf('boss@globex.com'), status: 403, reason: 'forbidden', times: Infinity });
    const partly = await ask(t, 'free acme globex next 3 days');
    const text = visibleText(partly);
    expect(text).toContain('*Globex* \u2014 Google says Globex\u2019s account can\u2019t access that calendar or event.');
    expect(text).toContain('leave out the clients below');
    expect(text).not.toContain('No common free time');
    // The slots are Acme's alone, and say so.
    expect(text).toMatch(/Free for 30 min or more\* \u00b7 Acme \u00b7/);

    // And now Acme's too, with Google's answer to a span it finds too long.
    t.google.fail({ match: readingOf('ceo@acme.com'), status: 400, reason: 'timeRangeTooLong', message: 'The requested time range is too long.', times: Infinity });
    const none = await ask(t, 'free acme globex next 3 days');
    const noneText = visibleText(none);
    expect(bookButtons(none)).toEqual([]);
    expect(noneText).not.toContain('No common free time in this range');
    expect(noneText).toContain('can\u2019t say when everyone is free');
    expect(noneText).toContain('*Acme* \u2014 Google refused the request for Acme: The requested time range is too long.');
    expect(noneText).toContain('*Globex* \u2014 Google says Globex\u2019s account can\u2019t access');
  });
});

describe('Book with more clients than a button value can list', () => {
  const COUNT = 72;
  const names = Array.from({ length: COUNT }, (_, i) => `Client ${String(i + 1).padStart(3, '0')}`);
  let t: TestApp;
  let google: FakeGoogle;

  beforeAll(async () => {
    google = await startFakeGoogle();
    google.addAccount({ email: 'shared@example.com' });
    t = await startTestApp({ google, env: { GOOGLE_RETRY_BASE_MS: '5' } });
    t.slack.addUser({ id: operator.userId, team_id: TEAM, tz: 'UTC' });
    // Seeded through the app's own repositories: the client form and the OAuth flow have their
    // own tests, and 72 of each through Slack would take a minute on a loaded machine. Every
    // client connects the same Google account, with tokens that account really issued.
    const clients = clientRepository(t.app.db.prisma);
    const connections = connectionRepository(t.app.db.prisma, new SecretBox(keyFromBase64(t.env.TOKEN_ENCRYPTION_KEY!)));
    for (const [i, name] of names.entries()) {
      const slug = name.toLowerCase().replace(/ /g, '-');
      const audit = { teamId: TEAM, actorId: operator.userId, action: 'seed', entityType: 'client', entityId: slug };
      const client = await clients.create(TEAM, { name, nameKey: name.toLowerCase(), slug, email: `contact${i + 1}@client${i + 1}.example.com`, timeZone: 'UTC', notes: null, linkPreview: 'basic', managers: [operator.userId], createdBy: operator.userId }, audit);
      const issued = google.issueTokens({ email: 'shared@example.com', clientId: t.config.google.clientId });
      const tokens = { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: new Date(issued.expiry_date), scopes: issued.scope.split(' ') };
      // A connection is stored by spending the authorization link it came from.
      const linkId = `seed-link-${i}`;
      await connections.createLink({ id: linkId, teamId: TEAM, clientId: client.id, requestedBy: operator.userId, expiresAt: new Date(Date.now() + 3_600_000) });
      await connections.save({ teamId: TEAM, clientId: client.id, linkId, googleEmail: 'shared@example.com', oauthClientId: t.config.google.clientId, tokens, connectedBy: operator.userId }, audit);
    }
  });
  afterAll(async () => {
    await t?.close();
    await google?.close();
  });

  it(`fits every client of ${COUNT} in the button Slack accepts, and opens the form for the first with the others invited`, { timeout: 60_000 }, async () => {
    const response = await ask(t, 'free next 7 days');
    expect(visibleText(response)).toContain('Client 001, Client 002');
    const [book] = bookButtons(response);
    expect(book?.value?.length).toBeLessThanOrEqual(2000);

    const since = t.slack.calls.length;
    await t.requests.blockAction(operator, { type: 'button', action_id: 'free_book', value: book!.value });
    // The form for the first client lists all 72 to pick from: more than the usual wait on a loaded machine.
    const update = await t.slack.waitForCall('views.update', (c) => t.slack.calls.indexOf(c) >= since && callbackIdOf(c.args.view) === 'event_modal', 30_000);
    const guests = formValues(update.args.view).ev_attendees as string;
    const invited = names.slice(1).map((_, i) => `contact${i + 2}@client${i + 2}.example.com`);
    for (const email of invited) expect(guests).toContain(email);
    expect(stringsHolding(update.args.view, 'contact1@client1.example.com')).toEqual([]);
  });

  it('refuses a Book value that does not match the viewer\u2019s clients instead of picking others', async () => {
    const [book] = bookButtons(await ask(t, 'free next 7 days'));
    const value = JSON.parse(book!.value!);
    const tampered = JSON.stringify({ ...value, c: value.c.replace(/^./, (ch: string) => (ch === 'A' ? 'B' : 'A')) });
    const responseUrl = t.slack.responseUrl();
    const since = t.slack.calls.length;
    await t.requests.blockAction(operator, { type: 'button', action_id: 'free_book', value: tampered }, { response_url: responseUrl });
    const answer = await t.slack.waitForResponse((r) => r.url === responseUrl);
    expect(answer.body.text).toContain('out of date');
    expect(t.slack.calls.slice(since).some((c) => c.method === 'views.open')).toBe(false);
  });
});
