// Google revocations that were not confirmed, retried by one deployment-wide pg-boss schedule.
// Each stored revocation keeps its own backoff (core/connections/revocations.ts): a pass only
// tries those due, and claims them with a lease, so replicas' passes never try one twice.
import type { Jobs } from './engine.js';

export const REVOCATION_QUEUE = 'revocation-retry';
const EVERY_MINUTE = '* * * * *';
/** One schedule for the deployment: every replica writes the same one at start. */
const SCHEDULE_KEY = 'deployment';

export async function workRevocationRetries(jobs: Jobs, retryDue: () => Promise<unknown>): Promise<void> {
  await jobs.queue(REVOCATION_QUEUE);
  await jobs.schedule(REVOCATION_QUEUE, SCHEDULE_KEY, EVERY_MINUTE, 'UTC', {});
  await jobs.work(REVOCATION_QUEUE, async () => {
    await retryDue();
  });
  // And a pass now: what came due while no process ran need not wait for the next minute.
  await jobs.send(REVOCATION_QUEUE, {});
}
