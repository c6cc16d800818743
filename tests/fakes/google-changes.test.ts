import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { calendar_v3 } from '@googleapis/calendar';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALICE, fake, oauthClient, calendarFor, connect, startFakeGoogleEachTest } from './google-test-kit.js';

startFakeGoogleEachTest();

const statusOf = (err: unknown) => (err as { status?: number }).status;
const at = (hour: number) => ({ dateTime: `2026-12-0${hour < 24 ? 2 : 3}T${String(hour % 24).padStart(2, '0')}:00:00Z` });

describe('incremental sync at the fake Google', () => {
  let api: calendar_v3.Calendar;
  beforeEach(async () => {
    const client = oauthClient();
    await connect(client);
    api = calendarFor(client);
  });

  it('gives a sync token on the last page only, then exactly the changes since it, deletions included', async () => {
    fake.addEvent(ALICE, ALICE, { id: 'evone1', summary: 'One', start: at(9), end: at(10) });
    fake.addEvent(ALICE, ALICE, { id: 'evtoo2', summary: 'Two', start: at(11), end: at(12) });
    const first = await api.events.list({ calendarId: ALICE, singleEvents: true, maxResults: 1 });
    expect(first.data.nextSyncToken).toBeUndefined();
    const last = await api.events.list({ calendarId: ALICE, singleEvents: true, maxResults: 1, pageToken: first.data.nextPageToken ?? '' });
    const token = last.data.nextSyncToken ?? '';
    expect(token).not.toBe('');

    const none = await api.events.list({ calendarId: ALICE, singleEvents: true, syncToken: token });
    expect(none.data.items).toEqual([]);

    fake.changeEvent(ALICE, 'evone1', { summary: 'One, renamed' });
    await api.events.delete({ calendarId: ALICE, eventId: 'evtoo2' });
    const changed = await api.events.list({ calendarId: ALICE, singleEvents: true, syncToken: token });
    expect(changed.data.items?.map((e) => [e.id, e.status, e.summary])).toEqual([
      ['evone1', 'confirmed', 'One, renamed'],
      ['evtoo2', 'cancelled', 'Two'],
    ]);
    expect(changed.data.nextSyncToken).not.toBe(token);
  });

  it('refuses the parameters Google refuses with a sync token, and answers 410 for an expired or foreign one', async () => {
    const token = (await api.events.list({ calendarId: ALICE, singleEvents: true })).data.nextSyncToken ?? '';
    for (const extra of [{ timeMin: '2026-12-01T00:00:00Z' }, { orderBy: 'startTime' }, { q: 'x' }, { showDeleted: false }]) {
      await expect(api.events.list({ calendarId: ALICE, singleEvents: true, syncToken: token, ...extra })).rejects.toSatisfy((e) => statusOf(e) === 400);
    }
    await expect(api.events.list({ calendarId: ALICE, syncToken: 'made-up' })).rejects.toSatisfy((e) => statusOf(e) === 410);
    fake.changes.expireSyncTokens(ALICE);
    await expect(api.events.list({ calendarId: ALICE, syncToken: token })).rejects.toSatisfy((e) => statusOf(e) === 410);
    // A list with orderBy could not be continued by a sync: no token for it.
    expect((await api.events.list({ calendarId: ALICE, singleEvents: true, orderBy: 'startTime' })).data.nextSyncToken).toBeUndefined();
  });
});

describe('push notifications at the fake Google', () => {
  let api: calendar_v3.Calendar;
  let received: IncomingHttpHeaders[];
  let address: string;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const client = oauthClient();
    await connect(client);
    api = calendarFor(client);
    received = [];
    const server = createServer((req, res) => {
      received.push(req.headers);
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/google/notifications`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
    return () => close();
  });

  it('refuses a non-HTTPS address as Google does, unless the test allows it', async () => {
    await expect(api.events.watch({ calendarId: ALICE, requestBody: { id: 'chan-1', type: 'web_hook', address } })).rejects.toSatisfy((e) => statusOf(e) === 400);
    expect(fake.changes.deliveries).toEqual([]);
  });

  it('sends sync after watch, then exists on each change, with the channel token; nothing after channels.stop', async () => {
    fake.changes.allowInsecureAddresses();
    const watched = await api.events.watch({ calendarId: ALICE, requestBody: { id: 'chan-1', type: 'web_hook', address, token: 'secret-token' } });
    expect(watched.data).toMatchObject({ id: 'chan-1', token: 'secret-token' });
    expect(Number(watched.data.expiration)).toBeGreaterThan(Date.now());
    fake.addEvent(ALICE, ALICE, { id: 'evone1', summary: 'One', start: at(9), end: at(10) });
    await fake.changes.settled();
    expect(received.map((h) => [h['x-goog-resource-state'], h['x-goog-message-number'], h['x-goog-channel-token'], h['x-goog-channel-id']])).toEqual([
      ['sync', '1', 'secret-token', 'chan-1'],
      ['exists', '2', 'secret-token', 'chan-1'],
    ]);
    expect(received[0]?.['x-goog-resource-id']).toBe(watched.data.resourceId);
    // A stop names the channel and its resource; a wrong pair is unknown.
    await expect(api.channels.stop({ requestBody: { id: 'chan-1', resourceId: 'other' } })).rejects.toSatisfy((e) => statusOf(e) === 404);
    await api.channels.stop({ requestBody: { id: 'chan-1', resourceId: watched.data.resourceId ?? '' } });
    fake.changeEvent(ALICE, 'evone1', { summary: 'Renamed' });
    await fake.changes.settled();
    expect(received).toHaveLength(2);
  });
});
