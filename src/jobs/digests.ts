// Daily digests on pg-boss: one schedule per user (its key is the user), firing a few minutes
// before their time of day in their zone. A schedule's job, like every other job of this queue,
// only names the user; whether their digest is due is decided by core against the app's clock.
import type { Actor } from '../core/clients/types.js';
import type { DigestScheduler } from '../core/digest/service.js';
import type { Jobs } from './engine.js';

export const DIGEST_QUEUE = 'daily-digest';

/** pg-boss keys allow letters, digits, `_-./`: Slack's team and user ids are letters and digits. */
const keyOf = (actor: Actor) => `${actor.teamId}/${actor.userId}`;

/**
 * How many minutes before the user's minute their daily trigger fires. pg-boss turns a cron
 * occurrence into a job only when its cron pass comes round (every 30 s), and hands the occurrences
 * of one pass on 50 at a time, every 5 s: 500 digests due at 08:00 would be queued between 08:00 and
 * about 08:01:15. Fired early, each trigger finds the digest not yet due and leaves a check delayed
 * to the minute itself (core's look-again, within 10 minutes), which the workers' polling finds at once.
 */
export const TRIGGER_LEAD_MINUTES = 5;

/** "HH:mm" → the cron expression of the minute `TRIGGER_LEAD_MINUTES` before it, every day. */
export function dailyCron(time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  const at = ((hour ?? 0) * 60 + (minute ?? 0) - TRIGGER_LEAD_MINUTES + 24 * 60) % (24 * 60);
  return `${at % 60} ${Math.floor(at / 60)} * * *`;
}

export function digestScheduler(jobs: Jobs): DigestScheduler {
  // Made once the engine has started; every use waits for it (a failure is the engine's, logged at start).
  // A failed send (Slack or Google unreachable) is retried with backoff, then dead-lettered (engine.ts).
  const created = jobs.queue(DIGEST_QUEUE);
  created.catch(() => {});
  const once = <A extends unknown[]>(work: (...args: A) => Promise<void>) => async (...args: A) => {
    await created;
    await work(...args);
  };
  return {
    schedule: once((sub) => jobs.schedule(DIGEST_QUEUE, keyOf(sub), dailyCron(sub.time), sub.timeZone, { teamId: sub.teamId, userId: sub.userId })),
    unschedule: once((actor) => jobs.unschedule(DIGEST_QUEUE, keyOf(actor))),
    check: once((actor, delaySeconds) =>
      jobs.send(DIGEST_QUEUE, { teamId: actor.teamId, userId: actor.userId }, delaySeconds ? { startAfterSeconds: delaySeconds } : {}),
    ),
  };
}

/**
 * Digests one process sends at once. Most users pick a round hour, so hundreds fall due in the same
 * minute; one at a time, each waiting on Google's round trips (a second each when Google is slow),
 * 17 of 500 went out within a minute of it (bench section 7), and a user waiting on one slow Google
 * account held back everyone queued behind them. Google calls stay bounded by GOOGLE_CONCURRENCY
 * and each account's rate. With 25, 500 digests went out within 42-50 s of their minute. An idle
 * crew costs what one worker does: the queue is polled twice a second, whatever its size (engine.ts).
 */
export const DIGEST_CONCURRENCY = 25;

/** Runs each digest job: the user it names gets their digest if it is due. */
export async function workDigests(jobs: Jobs, sendDue: (actor: Actor) => Promise<unknown>): Promise<void> {
  await jobs.queue(DIGEST_QUEUE);
  await jobs.work<Actor>(
    DIGEST_QUEUE,
    async ({ teamId, userId }) => {
      await sendDue({ teamId, userId });
    },
    { concurrency: DIGEST_CONCURRENCY },
  );
}
