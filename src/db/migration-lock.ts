// Replicas that start together against one PostgreSQL server must not migrate
// at once. One holds this lock while it migrates; the others wait for it (for
// a bounded time), then find nothing pending and start.
//
// Prisma's schema engine takes an advisory lock of its own, but through a
// driver adapter it stays held by a pooled connection until the pool lets that
// connection go (10 s idle), long after migrating: a second replica waiting on
// it gave up after 10 s. Ours is held on a connection of its own, released as
// soon as the migrations are done.
import pg from 'pg';

/** Ours, distinct from Prisma's (72707369), so the two never wait on each other. */
export const MIGRATION_LOCK_KEY = 4_207_713_001;
export const MIGRATION_LOCK_WAIT_MS = 5 * 60_000;

export interface LockOptions {
  waitMs: number;
  /** Called once when another process holds the lock and this one starts waiting. */
  onWait?: () => void;
}

export async function withMigrationLock<T>(url: string, opts: LockOptions, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
    if (!rows[0]?.locked) {
      opts.onWait?.();
      // lock_timeout bounds the wait on an advisory lock like any other lock.
      await client.query(`SET lock_timeout = ${Math.max(1, Math.round(opts.waitMs))}`);
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      } catch (err) {
        if ((err as { code?: string }).code !== '55P03') throw err;
        throw new Error(
          `Another process has been migrating the database for ${Math.round(opts.waitMs / 1000)} s and has not finished. ` +
            `If no other replica is starting, a session still holds advisory lock ${MIGRATION_LOCK_KEY} ` +
            `(SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = ${MIGRATION_LOCK_KEY % 2 ** 32}).`,
          { cause: err },
        );
      }
    }
    return await work();
  } finally {
    // A session's advisory locks end with it: no unlock to forget on any path.
    await client.end().catch(() => {});
  }
}
