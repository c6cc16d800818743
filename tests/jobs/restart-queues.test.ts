// A restart must not ask pg-boss again for every queue it already has: each ask is a locked round
// trip on the embedded database's one connection, ahead of the requests the app serves (issue 18).
import type { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../harness/database.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { DEAD_LETTER_QUEUE, startJobs, type Jobs } from '../../src/jobs/engine.js';

const CREATE_QUEUE = /\.create_queue\('([^']+)'/g;

/** The same PGlite, with the queues named in pg-boss's create_queue calls written down. */
function watchingQueueCreation(pglite: PGlite): { pglite: PGlite; created: string[] } {
  const created: string[] = [];
  const note = (sql: unknown) => {
    for (const m of String(sql).matchAll(CREATE_QUEUE)) created.push(m[1]!);
  };
  const watch = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'query' || prop === 'exec') return (sql: unknown, ...rest: unknown[]) => (note(sql), (value as (...a: unknown[]) => unknown).call(t, sql, ...rest));
        if (prop === 'transaction') return (fn: (tx: object) => unknown) => (value as (f: (tx: object) => unknown) => unknown).call(t, (tx: object) => fn(watch(tx)));
        return (value as (...a: unknown[]) => unknown).bind(t);
      },
    });
  return { pglite: watch(pglite), created };
}

describe.skipIf(TEST_DATABASE_URL)('the job engine after a restart', () => {
  let tdb: TestDatabase | undefined;
  let db: Database | undefined;
  let jobs: Jobs | undefined;
  const log = { warn: () => {}, error: () => {} };
  const retry = { retryLimit: 0, retryDelaySeconds: 1 };
  afterEach(async () => {
    await jobs?.stop(2000);
    await db?.close();
    await tdb?.drop();
    tdb = db = jobs = undefined;
  });

  it('creates only the queues that are missing, the dead-letter queue included', { timeout: 60_000 }, async () => {
    tdb = await createTestDatabase();
    db = await openDatabase({ dataDir: tdb.dataDir });
    if (db.connection.kind !== 'embedded') throw new Error('embedded database expected');
    const first = watchingQueueCreation(db.connection.pglite);
    jobs = await startJobs({ kind: 'embedded', pglite: first.pglite }, log, retry);
    await jobs.queue('restart-a');
    await jobs.queue('restart-b', { policy: 'stately' });
    // Each asked for once, also when asked twice in one run.
    await jobs.queue('restart-a');
    expect(first.created.filter((q) => q.startsWith('restart-'))).toEqual(['restart-a', 'restart-b']);
    await jobs.stop(2000);

    const again = watchingQueueCreation(db.connection.pglite);
    jobs = await startJobs({ kind: 'embedded', pglite: again.pglite }, log, retry);
    await jobs.queue('restart-a');
    await jobs.queue('restart-b', { policy: 'stately' });
    expect(again.created).not.toContain(DEAD_LETTER_QUEUE);
    expect(again.created.filter((q) => q.startsWith('restart-'))).toEqual([]);

    await jobs.queue('restart-c');
    expect(again.created.filter((q) => q.startsWith('restart-'))).toEqual(['restart-c']);
    expect((await jobs.counts()).map((q) => q.queue)).toEqual(expect.arrayContaining(['restart-a', 'restart-b', 'restart-c']));
  });
});
