/**
 * Runs at most `concurrency` tasks at once; the rest wait their turn in order. At most
 * `startsPerTurn` tasks start in one turn of the event loop, the next ones in the turns after.
 *
 * Why turns: a fan-out (an agenda's 400 Google reads) starts every task in one turn, and promise
 * continuations run breadth-first, so each task's preparation ran for all of them before the
 * first request left: with the Google client on the main thread (~0.25 ms a call), a 200-client
 * agenda's first read went out ~100-180 ms after the command, the last right after it. Started a
 * few per turn, the first requests are on their way while the next are prepared, and the answers
 * that come back meanwhile are read in between.
 */
export function createLimiter(concurrency: number, startsPerTurn = Number.POSITIVE_INFINITY) {
  let active = 0;
  /** Tasks started in this turn of the event loop. */
  let started = 0;
  const queue: (() => void)[] = [];
  const pump = () => {
    while (queue.length && active < concurrency && started < startsPerTurn) {
      // The turn's first start asks to be told when the next turn begins.
      if (started++ === 0) setImmediate(newTurn);
      active++;
      queue.shift()?.();
    }
  };
  const newTurn = () => {
    started = 0;
    pump();
  };
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      queue.push(resolve);
      pump();
    });
    try {
      return await task();
    } finally {
      active--;
      pump();
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
