/** Runs at most `concurrency` tasks at once; the rest wait their turn in order. */
export function createLimiter(concurrency: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    active--;
    queue.shift()?.();
  };
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}

/**
 * A token bucket per key (a Google connection): at most `ratePerSecond`
 * requests a second on average, bursts up to `burst`. Keeps each client's
 * account under Google's per-user quota however many jobs run at once.
 */
export function createRateLimiter(ratePerSecond: number, burst: number, now = () => Date.now(), sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async function take(key: string): Promise<void> {
    for (;;) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * ratePerSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - bucket.tokens) / ratePerSecond) * 1000));
    }
  };
}

/** A rate shared by every replica: `ratePerSecond` on average, `burst` at once after a quiet spell. */
export interface QuotaBucket {
  key: string;
  ratePerSecond: number;
  burst: number;
}

export interface Reservation {
  /** False when the slot was further away than the store's bound: nothing was taken, ask again later. */
  taken: boolean;
  /** Taken: how long to wait before the request may go. Not taken: before asking again. */
  waitMs: number;
  /** The instant granted (or that would have been), milliseconds since the epoch on the store's clock. */
  grantedAtMs: number;
}

/** Reserves one request slot in every bucket, for one instant (a store all replicas share). */
export type Reserve = (buckets: readonly QuotaBucket[]) => Promise<Reservation>;
