import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedClientApp, operator, type ConnectedApp } from '../harness/connected.js';
import { disconnectConfirmed } from '../google/helpers.js';
import { FEED_SYNC_QUEUE, FEED_CHANNELS_QUEUE } from '../../src/jobs/feed.js';
import { feedOn, notify, PUSH, syncsDone, watchedCalendar } from './helpers.js';
import { scrape, valueOf } from '../observability/scrape.js';

const METRICS_TOKEN = 'feed-metrics-token-0123456789';
import { ACME, changeStory, EXPECTED } from './scenario.js';

/** Every sync job ever queued (pg-boss keeps finished ones): what a refused notification must not add to. */
async function syncJobs(t: ConnectedApp): Promise<number> {
  const rows = await t.app.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, FEED_SYNC_QUEUE);
  return rows[0]?.n ?? 0;
}

const lastDelivery = (t: ConnectedApp) => {
  const delivery = t.google.changes.deliveries.at(-1);
  if (!delivery) throw new Error('no delivery yet');
  return delivery;
};

describe('the change feed, pushed by Google (FEED_PUSH=on)', () => {
  let t: ConnectedApp;
  beforeAll(async () => {
    t = await connectedClientApp({ env: { ...PUSH, METRICS_TOKEN }, operatorTz: 'Europe/Paris', clients: [{ name: 'Acme', email: ACME, timeZone: 'America/New_York' }] });
    // The app listens on http://127.0.0.1; Google itself delivers only to HTTPS.
    t.google.changes.allowInsecureAddresses();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('watches the calendar at PUBLIC_URL/google/notifications with a token of its own, and hears the first message', async () => {
    const reply = await feedOn(t, 'acme', ACME);
    expect(reply).toContain('pushed by Google');
    const [channel] = t.google.changes.liveChannels(ACME);
    expect(channel?.address).toBe(`${t.config.http.publicUrl}/google/notifications`);
    expect(channel?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only a hash of the token is stored.
    const stored = await watchedCalendar(t, ACME);
    expect(stored.channelId).toBe(channel?.id);
    expect(JSON.stringify(stored)).not.toContain(channel?.token);
    await t.google.changes.settled();
    expect(t.google.changes.deliveries.map((d) => [d.state, d.status])).toEqual([['sync', 200]]);
  });

  it('gives the same notices as polling, once each even when the notification comes again', async () => {
    const again = async () => {
      const version = (await watchedCalendar(t, ACME)).version;
      expect(await notify(t, lastDelivery(t).headers)).toBe(200);
      await syncsDone(t, ACME, 1, version);
    };
    expect(await changeStory(t, again)).toEqual(EXPECTED);
    // Each notification that brought news is timed to its notices posted.
    const { samples } = await scrape(t.app.url, METRICS_TOKEN);
    expect(valueOf(samples, 'calstack_feed_lag_seconds_count')).toBeGreaterThanOrEqual(EXPECTED.length);
  });

  it('refuses a forged token or an unknown channel and syncs nothing; stops a lost channel of ours at Google', async () => {
    const genuine = lastDelivery(t).headers;
    const jobs = await syncJobs(t);
    expect(await notify(t, { ...genuine, 'x-goog-channel-token': 'forged' })).toBe(404);
    expect(await notify(t, { ...genuine, 'x-goog-channel-token': '' })).toBe(404);
    expect(await notify(t, { ...genuine, 'x-goog-channel-id': 'someone-elses-channel' })).toBe(404);
    expect(await notify(t, { 'x-goog-channel-id': genuine['x-goog-channel-id'] ?? '' })).toBe(400);
    // A channel of ours we no longer store (its id names the calendar) is stopped with the client's credentials.
    const stored = await watchedCalendar(t, ACME);
    const lost = `cs-${stored.id}-0123456789abcdef`;
    expect(await notify(t, { ...genuine, 'x-goog-channel-id': lost })).toBe(404);
    await expect.poll(() => t.google.requestsTo('/channels/stop').filter((r) => (r.body as { id?: string }).id === lost).length).toBe(1);
    expect(await syncJobs(t)).toBe(jobs);
  });

  it('renews a channel near its end before it lapses, and stops the old one', async () => {
    const before = await watchedCalendar(t, ACME);
    // Time passing: the stored channel ends in five minutes.
    await t.app.db.prisma.feedCalendar.update({ where: { id: before.id }, data: { channelExpiresAt: new Date(Date.now() + 5 * 60_000) } });
    expect(valueOf((await scrape(t.app.url, METRICS_TOKEN)).samples, 'calstack_feed_channels_expiring')).toBe(1);
    await t.app.jobs.send(FEED_CHANNELS_QUEUE, {});
    await expect.poll(async () => (await watchedCalendar(t, ACME)).channelId, { timeout: 15_000 }).not.toBe(before.channelId);
    expect(valueOf((await scrape(t.app.url, METRICS_TOKEN)).samples, 'calstack_feed_channels_expiring')).toBe(0);
    const after = await watchedCalendar(t, ACME);
    expect(after.channelExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 86_400_000);
    await expect.poll(() => t.google.changes.liveChannels(ACME).map((c) => c.id)).toEqual([after.channelId]);
  });

  it('stops the channel when the client is disconnected', async () => {
    expect(t.google.changes.liveChannels(ACME)).toHaveLength(1);
    await disconnectConfirmed(t, operator, 'acme');
    await expect.poll(() => t.google.changes.liveChannels(ACME), { timeout: 15_000 }).toEqual([]);
    expect(await t.app.db.prisma.feedCalendar.count()).toBe(0);
  });
});
