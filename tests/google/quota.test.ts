// The Google quota kept in the database (issue 13): replicas share one bucket per account and
// one for the project. Several limiter instances, each as a replica holds it, reserve at once;
// the instants the database grants must keep every bucket's rate in every window. The grants
// are the database's own instants, so nothing here depends on how fast the machine is.
// On PostgreSQL each instance has its own connection pool, as replicas do; the embedded PGlite
// has one connection, so its instances share it (the statement is the same SQL either way).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../harness/database.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { databaseQuota } from '../../src/db/quota.js';
import { googleQuota, quotaBuckets } from '../../src/google/quota.js';
import type { Reservation, Reserve } from '../../src/shared/limit.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { PrismaPg } from '@prisma/adapter-pg';
import { worstExcess } from './rate-windows.js';

const REPLICAS = 3;
const TAKERS_PER_REPLICA = 30;
/** Floating-point rounding of intervals such as 1000/12 ms, in requests. */
const EPSILON = 1e-3;

describe('the Google quota shared in the database', () => {
  let tdb: TestDatabase;
  const opened: Database[] = [];
  let replicas: Database[];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const open = () => openDatabase({ url: tdb.url, dataDir: tdb.dataDir });
    opened.push(await open());
    if (TEST_DATABASE_URL) for (let i = 1; i < REPLICAS; i++) opened.push(await open());
    replicas = Array.from({ length: REPLICAS }, (_, i) => opened[i % opened.length]!);
  });
  afterAll(async () => {
    for (const db of opened) await db.close();
    await tdb?.drop();
  });
  // Each test sets its own rates; the project's bucket would carry one test's backlog into the next.
  beforeEach(async () => {
    await opened[0]!.prisma.googleQuota.deleteMany();
  });

  /** Every replica's takers reserve at once; each taker names one of `accounts`. */
  async function hammer(rates: { perUserRate: number; projectRate: number; projectMinuteQuota: number }, accounts: string[], maxWaitMs = 120_000) {
    const reservations: { account: string; r: Reservation }[] = [];
    await Promise.all(
      replicas.map(async (db, replica) => {
        const reserve: Reserve = databaseQuota(db.prisma, { maxWaitMs });
        await Promise.all(
          Array.from({ length: TAKERS_PER_REPLICA }, async (_, n) => {
            const account = accounts[(replica + n) % accounts.length]!;
            reservations.push({ account, r: await reserve(quotaBuckets(account, rates)) });
          }),
        );
      }),
    );
    return reservations;
  }

  it('keeps one account within its rate and burst across replicas, in every window', async () => {
    const rates = { perUserRate: 10, projectRate: 1000, projectMinuteQuota: 60_000 };
    const got = await hammer(rates, ['T1:one-account']);
    expect(got).toHaveLength(REPLICAS * TAKERS_PER_REPLICA);
    expect(got.every(({ r }) => r.taken)).toBe(true);
    const times = got.map(({ r }) => r.grantedAtMs);
    // Burst 20 at 10/s: 90 requests cannot all go at once; the last waits about 7 s.
    expect(worstExcess(times, 10, 20)).toBeLessThanOrEqual(EPSILON);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(((90 - 20) / 10) * 1000 - 1);
    expect(Math.max(...got.map(({ r }) => r.waitMs))).toBeGreaterThan(0);
  });

  it('settles the reads a process asks for at once together, on one reading of the clock', async () => {
    // An agenda's fan-out: 100 reads over 50 accounts, each within its burst. One statement per read
    // queued them one by one on the project row, each granted at its own later instant.
    const rates = { perUserRate: 5, projectRate: 150, projectMinuteQuota: 10_000 };
    const reserve = databaseQuota(replicas[0]!.prisma);
    const got = await Promise.all(Array.from({ length: 100 }, (_, n) => reserve(quotaBuckets(`T1:agenda-${n % 50}`, rates))));
    expect(got.every((r) => r.taken && r.waitMs === 0)).toBe(true);
    expect(new Set(got.map((r) => r.grantedAtMs)).size).toBe(1);
  });

  it('keeps the whole project within its rate across accounts and replicas, and each account within its own', async () => {
    // A project whose minute quota is exactly a minute of its rate: its burst is one second's worth.
    const rates = { perUserRate: 4, projectRate: 12, projectMinuteQuota: 720 };
    const accounts = ['T1:a', 'T1:b', 'T1:c', 'T2:a', 'T2:b'];
    const got = await hammer(rates, accounts);
    expect(got.every(({ r }) => r.taken)).toBe(true);
    expect(worstExcess(got.map(({ r }) => r.grantedAtMs), 12, 12)).toBeLessThanOrEqual(EPSILON);
    for (const account of accounts) {
      const times = got.filter((g) => g.account === account).map(({ r }) => r.grantedAtMs);
      expect(times.length).toBeGreaterThan(10);
      expect(worstExcess(times, 4, 8)).toBeLessThanOrEqual(EPSILON);
    }
  });

  it('takes nothing beyond its longest wait: the caller asks again, and the backlog never grows past it', async () => {
    const rates = { perUserRate: 5, projectRate: 1000, projectMinuteQuota: 60_000 };
    const got = await hammer(rates, ['T1:bounded'], 1000);
    const taken = got.filter(({ r }) => r.taken);
    const refused = got.filter(({ r }) => !r.taken);
    // Burst 10 plus 1 s at 5/s at least (more as time passes while they queue); the rest refused.
    expect(taken.length).toBeGreaterThanOrEqual(15);
    expect(refused.length).toBeGreaterThan(0);
    expect(taken.every(({ r }) => r.waitMs <= 1000)).toBe(true);
    // The refused are told to ask again later: when their slot would be within the bound.
    expect(refused.every(({ r }) => r.waitMs > 0)).toBe(true);
    expect(worstExcess(taken.map(({ r }) => r.grantedAtMs), 5, 10)).toBeLessThanOrEqual(EPSILON);
    // The refused reserved nothing: the next slot is still within the bound (plus one interval),
    // not the 15 s ahead that 90 reservations at 5/s would have pushed it.
    const next = await databaseQuota(replicas[0]!.prisma, { maxWaitMs: 120_000 })(quotaBuckets('T1:bounded', rates));
    expect(next.waitMs).toBeLessThanOrEqual(1000 + 200);
  });

  it('a taker whose slot lies beyond the bound waits, asks again, and gets one', async () => {
    const store = databaseQuota(replicas[0]!.prisma, { maxWaitMs: 300 });
    const answers: Reservation[] = [];
    const counted: Reserve = async (buckets) => {
      const r = await store(buckets);
      answers.push(r);
      return r;
    };
    const take = googleQuota({ perUserRate: 20, projectRate: 1000, projectMinuteQuota: 60_000, shared: counted, log: { warn: () => {} } });
    // Burst 40 plus 300 ms at 20/s: about 46 go at once, the other 14 are turned away at first.
    await Promise.all(Array.from({ length: 60 }, () => take('T1:patient')));
    const taken = answers.filter((r) => r.taken);
    expect(taken).toHaveLength(60);
    expect(answers.length).toBeGreaterThan(60);
    expect(worstExcess(taken.map((r) => r.grantedAtMs), 20, 40)).toBeLessThanOrEqual(EPSILON);
  });

  it('lets the request go on this process\u2019s own buckets when the database cannot answer, and warns once', async () => {
    // A server that is not there: every query fails, as when PostgreSQL is down or unreachable.
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 }) });
    const warnings: { obj: { err: unknown }; msg: string }[] = [];
    const take = googleQuota({
      perUserRate: 2,
      projectRate: 100,
      projectMinuteQuota: 10_000,
      shared: databaseQuota(unreachable, { maxWaitMs: 10_000 }),
      log: { warn: (obj, msg) => warnings.push({ obj, msg }) },
    });
    try {
      // Within the local burst (4): every call goes, none waits for a database that is gone.
      await Promise.all([take('T1:x'), take('T1:x'), take('T1:y')]);
    } finally {
      await unreachable.$disconnect();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/shared Google quota is unreachable/);
    expect(warnings[0]!.obj.err).toBeInstanceOf(Error);
  });
});
