// Identical reads share one query: 200 agendas of one user at once asked the embedded database for
// the same client list 200 times, each query run synchronously on the main thread, and every warm
// agenda after them asked it again, for rows no write had touched.
//
// A read's answer is shared with every caller asking the same key while it is in flight, and kept
// for later callers until the next write: every statement that may write (anything but a SELECT)
// and every commit forgets every answer, in flight or not, before it starts and again when it is
// over. So a write followed by a read always reads after the write, and a read with no write since
// the last one answers without a query. Only this process's writes are seen: sharing is for the
// embedded database, which one process owns (the job engine's own tables, written beside Prisma,
// are read through it by nothing shared here).
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

export interface ReadSharing {
  /** `load`'s answer, shared with every caller asking the same key, in flight or since, while no write came between. */
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** Every caller runs its own query (PostgreSQL: other processes write too, unseen by this one). */
export const unshared: ReadSharing = { read: (_key, load) => load() };

const READ_ONLY = /^\s*select\b/i;

/**
 * Answers kept until the next write, at most (the oldest forgotten first): a user's client list, a
 * client, an agenda's bulk jobs: a few per user, of a few kB each.
 */
export const MAX_KEPT_READS = 200;

/** A database adapter whose writes forget every shared read, and the read sharing that watches it. */
export function watchWrites(factory: SqlMigrationAwareDriverAdapterFactory): { factory: SqlMigrationAwareDriverAdapterFactory; sharing: ReadSharing } {
  /** Reads since the last write, answered or in flight, in the order they were last asked for. */
  const answers = new Map<string, Promise<unknown>>();

  /** Forgets every answer before `write` starts and again when it is over, however it ends. */
  async function writing<T>(write: () => Promise<T>): Promise<T> {
    answers.clear();
    try {
      return await write();
    } finally {
      answers.clear();
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
      const hit = answers.get(key);
      answers.delete(key);
      const answer = (hit as Promise<T> | undefined) ?? load();
      answers.set(key, answer);
      if (hit) return answer;
      if (answers.size > MAX_KEPT_READS) answers.delete(answers.keys().next().value as string);
      // A failed read is not kept: the next caller tries again.
      answer.catch(() => {
        if (answers.get(key) === answer) answers.delete(key);
      });
      return answer;
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
