/** Sends at most one value per `intervalMs` (the latest one), one at a time, and always the final one. */
export interface Throttle<T> {
  /** Queues `value`; it is sent once the interval since the last send has passed, unless a newer value replaces it. */
  push(value: T): void;
  /** Drops anything queued, waits for a send in flight, then sends `value`. Later pushes are ignored. */
  finish(value: T): Promise<void>;
  /** Drops anything queued and sends nothing more (the rest is someone else's to report). */
  stop(): void;
}

export function throttle<T>(send: (value: T) => Promise<void>, intervalMs: number, now: () => number = Date.now): Throttle<T> {
  // The message the job starts from counts as the first send.
  let lastAt = now();
  let queued: { value: T } | null = null;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let finished = false;

  const deliver = (value: T) => {
    lastAt = now();
    inFlight = inFlight.then(() => send(value)).catch(() => {});
  };
  const fire = () => {
    timer = undefined;
    if (finished || !queued) return;
    const { value } = queued;
    queued = null;
    deliver(value);
  };
  const stop = () => {
    finished = true;
    clearTimeout(timer);
    timer = undefined;
    queued = null;
  };
  return {
    push(value) {
      if (finished) return;
      queued = { value };
      if (timer) return;
      timer = setTimeout(fire, Math.max(0, lastAt + intervalMs - now()));
      timer.unref?.();
    },
    async finish(value) {
      stop();
      await inFlight;
      lastAt = now();
      await send(value);
    },
    stop,
  };
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  // One iterator shared by every worker: each takes the next item when it is free.
  const queue = items.values();
  const worker = async () => {
    for (const item of queue) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
