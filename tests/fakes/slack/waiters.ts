/** Waiting for a call or response_url post, recorded already or still to come. */

interface Waiter<T> {
  match: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  promise: Promise<T>;
}

/** Pending waiters for recorded items (calls or response_url posts). */
export class Waiters<T> {
  private readonly pending = new Set<Waiter<T>>();

  wait(existing: readonly T[], match: (item: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const found = existing.find(match);
    if (found !== undefined) return Promise.resolve(found);
    let resolve!: (item: T) => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const waiter: Waiter<T> = {
      match,
      resolve,
      reject,
      promise,
      timer: setTimeout(() => {
        this.pending.delete(waiter);
        reject(new Error(describe()));
      }, timeoutMs),
    };
    this.pending.add(waiter);
    return promise;
  }

  notify(item: T): void {
    for (const waiter of this.pending) {
      let matched: boolean;
      try {
        matched = waiter.match(item);
      } catch (err) {
        this.settle(waiter);
        waiter.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      if (matched) {
        this.settle(waiter);
        waiter.resolve(item);
      }
    }
  }

  closeAll(reason: string): void {
    for (const waiter of this.pending) {
      this.settle(waiter);
      // A waiter nobody awaits any more must not turn teardown into an unhandled rejection.
      waiter.promise.catch(() => undefined);
      waiter.reject(new Error(reason));
    }
  }

  private settle(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.pending.delete(waiter);
  }
}
