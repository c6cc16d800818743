import type { Logger } from '../logger.js';
import { logFailure } from './log-failure.js';

/** Tracks in-flight work so shutdown can wait for it, within a bound. */
export class TaskTracker {
  private readonly running = new Set<Promise<unknown>>();

  /** Work someone awaits: its failure stays the caller's. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = () => this.running.delete(work);
    work.then(done, done);
    return work;
  }

  /**
   * Work nobody awaits (it runs on after Slack has its ack, or in the
   * background): tracked for shutdown, and its failure is owned here, logged
   * by `log` (give the request's logger: its id goes with it), never left to
   * the process as an unhandled rejection.
   */
  detach(what: string, work: Promise<unknown>, log: Logger): void {
    this.track(work).catch((err: unknown) => logFailure(log, err, `${what} failed`));
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves true when everything finished, false when the timeout came first. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const all = (async () => {
      while (this.running.size) await Promise.allSettled([...this.running]);
      return true as const;
    })();
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
