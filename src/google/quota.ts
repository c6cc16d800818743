import { setTimeout as sleep } from 'node:timers/promises';
import { createRateLimiter, type QuotaBucket, type Reserve } from '../shared/limit.js';

export interface GoogleQuotaOptions {
  /** Requests per second per connected Google account (GOOGLE_USER_RATE). */
  perUserRate: number;
  /** Requests per second for the whole deployment (GOOGLE_PROJECT_RATE). */
  projectRate: number;
  /** The store every replica shares; unset, the buckets live in this process alone. */
  shared?: Reserve | undefined;
  log: { warn(obj: { err: unknown }, msg: string): void };
}

const PROJECT_KEY = 'project';

// An account may spend two seconds of its rate at once, the project one second of its own; at
// least one request, or a rate below 1/s would never let one through.
const accountBurst = (rate: number) => Math.max(1, rate * 2);
const projectBurst = (rate: number) => Math.max(1, rate);

export function quotaBuckets(connectionKey: string, opts: Pick<GoogleQuotaOptions, 'perUserRate' | 'projectRate'>): QuotaBucket[] {
  return [
    { key: `user:${connectionKey}`, ratePerSecond: opts.perUserRate, burst: accountBurst(opts.perUserRate) },
    { key: PROJECT_KEY, ratePerSecond: opts.projectRate, burst: projectBurst(opts.projectRate) },
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
  const project = createRateLimiter(opts.projectRate, projectBurst(opts.projectRate));
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
      await sleep(reservation.waitMs);
      if (reservation.taken) return;
    }
  };
}
