// The change feed on pg-boss. One queue of syncs, keyed by watched calendar: its `stately` policy
// lets one sync of a calendar run at a time across every replica, with at most one more waiting
// (a burst of notifications while a sync runs makes one more sync, not one each). Polling is that
// same job sending itself again `FEED_POLL_SECONDS` later, so any interval works, not the
// minute a cron schedule allows. Channel renewal is one deployment-wide schedule, every minute.
import type { FeedQueue } from '../core/feed/ports.js';
import type { Jobs, QueueSettings } from './engine.js';

export const FEED_SYNC_QUEUE = 'feed-sync';
export const FEED_CHANNELS_QUEUE = 'feed-channels';
const EVERY_MINUTE = '* * * * *';
const SCHEDULE_KEY = 'deployment';

/** A sync that fails is told by the next one (polling) or the next notification: no retries piling up behind it. */
const SYNC_QUEUE: QueueSettings = { policy: 'stately', retryLimit: 0 };
/** Calendars synced at once in one process. */
const CONCURRENCY = 4;

interface SyncJob {
  teamId: string;
  feedCalendarId: string;
  /** When Google's push notification arrived (epoch ms), for the feed's lag. */
  heardAt?: number;
}

export function feedQueue(jobs: Jobs): FeedQueue {
  const created = jobs.queue(FEED_SYNC_QUEUE, SYNC_QUEUE);
  created.catch(() => {});
  return {
    async sync(teamId, feedCalendarId, delaySeconds, heardAt) {
      await created;
      const job: SyncJob = { teamId, feedCalendarId, ...(heardAt ? { heardAt: heardAt.getTime() } : {}) };
      await jobs.send(FEED_SYNC_QUEUE, job, { singletonKey: feedCalendarId, ...(delaySeconds ? { startAfterSeconds: delaySeconds } : {}) });
    },
  };
}

export async function workFeed(jobs: Jobs, feed: { syncJob(teamId: string, feedCalendarId: string, heardAt?: Date): Promise<void>; renewChannels(): Promise<void>; resume(): Promise<void> }): Promise<void> {
  await jobs.queue(FEED_SYNC_QUEUE, SYNC_QUEUE);
  await jobs.work<SyncJob>(FEED_SYNC_QUEUE, ({ teamId, feedCalendarId, heardAt }) => feed.syncJob(teamId, feedCalendarId, heardAt ? new Date(heardAt) : undefined), { concurrency: CONCURRENCY });
  await jobs.queue(FEED_CHANNELS_QUEUE);
  await jobs.schedule(FEED_CHANNELS_QUEUE, SCHEDULE_KEY, EVERY_MINUTE, 'UTC', {});
  await jobs.work(FEED_CHANNELS_QUEUE, () => feed.renewChannels());
  await feed.resume();
}
