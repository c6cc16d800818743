// Concurrent identical reads share one query: 200 agendas of one user at once asked the embedded
// database for the same client list 200 times, each query run synchronously on the main thread.
//
// Only reads in flight are shared, nothing is kept once answered, and a read never joins one that
// started before a write finished: every statement that may write (anything but a SELECT) and
// every commit moves the write epoch, before and after, and a read joins only a flight of the
// current epoch. So a write followed by a read always reads after the write. The epoch sees the
// writes of this process only: sharing is for the embedded database, which one process owns.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

export interface ReadSharing {
  /** `load`'s answer, shared with every caller asking the same key while it is in flight and no write came between. */
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** Every caller runs its own query (PostgreSQL: other processes write too, unseen by this one). */
export const unshared: ReadSharing = { read: (_key, load) => load() };

const READ_ONLY = /^\s*select\b/i;

/** A database adapter whose writes move an epoch, and the read sharing that watches it. */
export function watchWrites(factory: SqlMigrationAwareDriverAdapterFactory): { factory: SqlMigrationAwareDriverAdapterFactory; sharing: ReadSharing } {
  let epoch = 0;
  const flights = new Map<string, { epoch: number; value: Promise<unknown> }>();

  /** Moves the epoch before `write` starts and again when it is over, however it ends. */
  async function writing<T>(write: () => Promise<T>): Promise<T> {
    epoch++;
    try {
      return await write();
    } finally {
      epoch++;
    }
  }

  const query = (q: SqlQuery, run: (q: SqlQuery) => Promise<unknown>) => (READ_ONLY.test(q.sql) ? run(q) : writing(() => run(q)));

  const watchTransaction = (tx: Transaction): Transaction =>
    intercept(tx, (prop, fn) => {
      if (prop === 'queryRaw' || prop === 'executeRaw') return (q: SqlQuery) => query(q, (x) => fn(x as never));
      // What the transaction wrote becomes visible to others at its end.
      if (prop === 'commit' || prop === 'rollback') return () => writing(() => fn());
      return undefined;
    });

  const watchAdapter = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    intercept(adapter, (prop, fn) => {
      if (prop === 'queryRaw' || prop === 'executeRaw') return (q: SqlQuery) => query(q, (x) => fn(x as never));
      if (prop === 'executeScript') return (script: string) => writing(() => fn(script as never));
      if (prop === 'startTransaction') return async (...args: never[]) => watchTransaction((await fn(...args)) as Transaction);
      return undefined;
    });

  const watched = intercept(factory, (prop, fn) => (prop === 'connect' || prop === 'connectToShadowDb' ? async () => watchAdapter((await fn()) as SqlDriverAdapter) : undefined));

  const sharing: ReadSharing = {
    read<T>(key: string, load: () => Promise<T>): Promise<T> {
      const hit = flights.get(key);
      if (hit && hit.epoch === epoch) return hit.value as Promise<T>;
      const flight = { epoch, value: load() };
      flights.set(key, flight);
      const done = () => {
        if (flights.get(key) === flight) flights.delete(key);
      };
      flight.value.then(done, done);
      return flight.value;
    },
  };
  return { factory: watched, sharing };
}

/** One of the adapter's methods, called with what Prisma passed (the replacements know their shapes). */
type Method = (...args: never[]) => Promise<unknown>;

/**
 * `target` with some of its methods replaced (`replace` answers undefined to keep one); the others
 * are called on `target` itself, whose private fields a proxy as `this` could not reach.
 */
function intercept<T extends object>(target: T, replace: (prop: string | symbol, fn: Method) => Method | undefined): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop) as unknown;
      if (typeof value !== 'function') return value;
      const fn: Method = (...args) => (value as Method).apply(obj, args);
      return replace(prop, fn) ?? fn;
    },
  });
}
