import { setTimeout as sleep } from 'node:timers/promises';
import { createRateLimiter, type QuotaBucket, type Reserve } from '../shared/limit.js';

export interface GoogleQuotaOptions {
  /** Requests per second per connected Google account (GOOGLE_USER_RATE). */
  perUserRate: number;
  /** Requests per second for the whole deployment (GOOGLE_PROJECT_RATE). */
  projectRate: number;
  /** Requests Google allows the project in any minute (GOOGLE_PROJECT_QUOTA): sizes the project's burst. */
  projectMinuteQuota: number;
  /** The store every replica shares; unset, the buckets live in this process alone. */
  shared?: Reserve | undefined;
  log: { warn(obj: { err: unknown }, msg: string): void };
}

const PROJECT_KEY = 'project';

/** Part of the minute's quota left unspent, for clocks and retries. */
const PROJECT_MARGIN = 0.05;

// An account may spend two seconds of its rate at once; at least one request, or a rate below 1/s
// would never let one through.
const accountBurst = (rate: number) => Math.max(1, rate * 2);
/**
 * Google counts the project's quota over a sliding minute, and a bucket of rate r and burst b lets
 * at most b + 60r through in any minute: the burst is what the minute has left beyond 60 s of the
 * rate (less a margin), so a 200-client agenda's 400 reads go at once instead of queueing behind a
 * one-second burst, and a minute never exceeds Google's 10,000. A rate set so high that nothing is
 * left (a project with a raised quota) keeps one second's worth.
 */
export const projectBurst = (rate: number, minuteQuota: number) => Math.max(1, rate, Math.floor(minuteQuota * (1 - PROJECT_MARGIN) - 60 * rate));

export function quotaBuckets(connectionKey: string, opts: Pick<GoogleQuotaOptions, 'perUserRate' | 'projectRate' | 'projectMinuteQuota'>): QuotaBucket[] {
  return [
    { key: `user:${connectionKey}`, ratePerSecond: opts.perUserRate, burst: accountBurst(opts.perUserRate) },
    { key: PROJECT_KEY, ratePerSecond: opts.projectRate, burst: projectBurst(opts.projectRate, opts.projectMinuteQuota) },
  ];
}

/**
 * `take(connectionKey)`: waits until one more request on that Google connection keeps both the
 * account's rate and the project's. With a shared store the rates hold across replicas; if the
 * store cannot answer, this process's own buckets decide, so the user's request still goes
 * (within this process's share only, until the store answers again).
 */
export function googleQuota(opts: GoogleQuotaOptions): (connectionKey: string) => Promise<void> {
  const user = createRateLimiter(opts.perUserRate, accountBurst(opts.perUserRate));
  const project = createRateLimiter(opts.projectRate, projectBurst(opts.projectRate, opts.projectMinuteQuota));
  const local = async (connectionKey: string) => {
    await user(connectionKey);
    await project(PROJECT_KEY);
  };
  const { shared } = opts;
  if (!shared) return local;
  let failing = false;
  return async function take(connectionKey) {
    const buckets = quotaBuckets(connectionKey, opts);
    for (;;) {
      let reservation;
      try {
        reservation = await shared(buckets);
      } catch (err) {
        // Once per outage: every Google call would repeat it.
        if (!failing) opts.log.warn({ err }, 'the shared Google quota is unreachable; this process rates its own calls until it answers');
        failing = true;
        return local(connectionKey);
      }
      failing = false;
      // A slot free now goes now: a timer each would hold every call of an agenda for a turn of the loop.
      if (reservation.waitMs > 0) await sleep(reservation.waitMs);
      if (reservation.taken) return;
    }
  };
}
