// The embedded database is ONE connection, shared by Prisma and pg-boss. If a pg-boss
// statement could slip in while one of Prisma's interactive transactions is open, it would
// run inside that transaction: a job sent meanwhile would vanish with a rollback, and pg-boss's
// own BEGIN…COMMIT scripts would commit half of Prisma's work. This drives both at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../harness/database.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { embeddedJobsDb, startJobs, type Jobs } from '../../src/jobs/engine.js';
import { fromPglite } from 'pg-boss';

const TEAM = 'T0LOAD';
const TRANSACTIONS = 40;
const JOBS = 120;

describe.skipIf(TEST_DATABASE_URL)('pg-boss and Prisma on one embedded PGlite', () => {
  let tdb: TestDatabase;
  let db: Database;
  let jobs: Jobs;
  const log = { warn: () => {}, error: (o: unknown) => errors.push(o) };
  const errors: unknown[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await openDatabase({ dataDir: tdb.dataDir });
    jobs = await startJobs(db.connection, log, { retryLimit: 0, retryDelaySeconds: 1 });
  });
  afterAll(async () => {
    await jobs?.stop(2000);
    await db?.close();
    await tdb?.drop();
  });

  it('keeps every job out of Prisma\u2019s interactive transactions, under load, without deadlock', async () => {
    const queue = 'load-test';
    await jobs.queue(queue);
    const done: number[] = [];
    await jobs.work<{ n: number }>(queue, async ({ n }) => {
      // The worker writes through Prisma too, while transactions hold the connection.
      await db.prisma.auditLog.create({ data: { teamId: TEAM, actorId: 'UWORKER', action: 'job', entityType: 'job', entityId: String(n) } });
      done.push(n);
    });

    // Interactive transactions that stay open across several event-loop turns (pg-boss polls
    // meanwhile); every third one is rolled back after writing.
    const transaction = async (i: number) => {
      const write = db.prisma.$transaction(async (tx) => {
        await tx.userSettings.create({ data: { teamId: TEAM, userId: `U${i}` } });
        await sleep(5 + (i % 7));
        await tx.userSettings.update({ where: { teamId_userId: { teamId: TEAM, userId: `U${i}` } }, data: { digestTime: '08:00' } });
        if (i % 3 === 0) throw new Error('rolled back on purpose');
        // They queue for the one connection: on a loaded machine, Prisma's 2 s wait for it
        // (and 5 s to finish) would roll back transactions this test did not mean to.
      }, { maxWait: 120_000, timeout: 120_000 });
      return write.then(
        () => 'committed' as const,
        (err: unknown) => (err instanceof Error && err.message === 'rolled back on purpose' ? ('rolled back' as const) : `failed: ${String(err)}`),
      );
    };
    const sends = async () => {
      for (let n = 0; n < JOBS; n++) {
        await jobs.send(queue, { n });
        if (n % 10 === 0) await sleep(3);
      }
    };
    const [outcomes] = await Promise.all([Promise.all(Array.from({ length: TRANSACTIONS }, (_, i) => transaction(i))), sends()]);

    await expect.poll(() => done.length).toBe(JOBS);
    expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: JOBS }, (_, n) => n));
    // Every job sent while transactions were rolled back is still there, each handled once.
    const audited = await db.prisma.auditLog.findMany({ where: { teamId: TEAM, action: 'job' } });
    expect(audited).toHaveLength(JOBS);
    // Prisma's transactions kept their own outcome: no pg-boss COMMIT ended one early.
    const rows = await db.prisma.userSettings.findMany({ where: { teamId: TEAM } });
    const committed = outcomes.flatMap((o, i) => (o === 'committed' ? [`U${i}`] : []));
    expect(outcomes.filter((o) => o === 'rolled back')).toHaveLength(Math.ceil(TRANSACTIONS / 3));
    expect(rows.map((r) => r.userId).sort()).toEqual(committed.sort());
    expect(rows.every((r) => r.digestTime === '08:00')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('rolls back a failed pg-boss script before a waiting query gets the connection', async () => {
    if (db.connection.kind !== 'embedded') throw new Error('embedded only');
    const { pglite } = db.connection;
    // pg-boss's locked steps are one BEGIN…COMMIT script; this one fails half-way. The query
    // behind it is what Prisma's adapter sends (PGlite's query()), already waiting its turn.
    const script = embeddedJobsDb(pglite, fromPglite).executeSql('BEGIN; SELECT 1/0; COMMIT;');
    const waiting = pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM "UserSettings" WHERE "teamId" = $1', [TEAM]);
    await expect(script).rejects.toThrow(/division by zero/);
    // Without the rollback in between it fails: "current transaction is aborted".
    await expect(waiting).resolves.toMatchObject({ rows: [{ n: expect.any(Number) }] });
  });
});
