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

  const query = (q: SqlQuery, run: (q: SqlQuery) => Promise<never>) => (READ_ONLY.test(q.sql) ? run(q) : writing(() => run(q)));

  function watchTransaction(tx: Transaction): Transaction {
    return new Proxy(tx, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'queryRaw' || prop === 'executeRaw') return (q: SqlQuery) => query(q, (x) => value.call(target, x));
        // What the transaction wrote becomes visible to others at its end.
        if (prop === 'commit' || prop === 'rollback') return () => writing(() => value.call(target));
        return value.bind(target);
      },
    });
  }

  function watchAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
    return new Proxy(adapter, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'queryRaw' || prop === 'executeRaw') return (q: SqlQuery) => query(q, (x) => value.call(target, x));
        if (prop === 'executeScript') return (script: string) => writing(() => value.call(target, script));
        if (prop === 'startTransaction') return async (...args: unknown[]) => watchTransaction(await value.apply(target, args));
        return value.bind(target);
      },
    });
  }

  const watched = new Proxy(factory, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (prop === 'connect' || prop === 'connectToShadowDb') return async () => watchAdapter(await (value as () => Promise<SqlDriverAdapter>).call(target));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

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
