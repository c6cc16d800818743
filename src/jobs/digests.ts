// Daily digests on pg-boss: one schedule per user (its key is the user), firing at their time
// of day in their zone. A schedule's job, like every other job of this queue, only names the
// user; whether their digest is due is decided by core against the app's clock.
import type { Actor } from '../core/clients/types.js';
import type { DigestScheduler } from '../core/digest/service.js';
import type { Jobs } from './engine.js';

export const DIGEST_QUEUE = 'daily-digest';

/** pg-boss keys allow letters, digits, `_-./`: Slack's team and user ids are letters and digits. */
const keyOf = (actor: Actor) => `${actor.teamId}/${actor.userId}`;

/** "HH:mm" → the cron expression of that minute, every day. */
export function dailyCron(time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `${minute ?? 0} ${hour ?? 0} * * *`;
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

/** Runs each digest job: the user it names gets their digest if it is due. */
export async function workDigests(jobs: Jobs, sendDue: (actor: Actor) => Promise<unknown>): Promise<void> {
  await jobs.queue(DIGEST_QUEUE);
  await jobs.work<Actor>(DIGEST_QUEUE, async ({ teamId, userId }) => {
    await sendDue({ teamId, userId });
  });
}
