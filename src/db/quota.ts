import type { PrismaClient } from '../generated/prisma/client.js';
import type { QuotaBucket, Reservation, Reserve } from '../shared/limit.js';

/** Ten seconds: a crashed replica's reservations strand at most that much of a rate. */
const QUOTA_MAX_WAIT_MS = 10_000;
/** Reservations settled in one transaction at most; the rest wait for the next. */
const MAX_BATCH = 500;
/** A batch waits this long at most for the rows another replica holds, then the caller goes on local buckets. */
const LOCK_WAIT_MS = 10_000;

/** The batch's rows, locked: their keys and times side by side, and the database's clock once all are locked. */
interface LockedRows {
  keys: string[] | null;
  tats: number[] | null;
  now_ms: number;
}

interface Pending {
  buckets: readonly QuotaBucket[];
  resolve: (r: Reservation) => void;
  reject: (err: unknown) => void;
}

/**
 * Reserves one request slot in every bucket for one instant, on rows every replica shares, so a
 * rate holds for the deployment, not per process.
 *
 * A bucket is a generic cell rate algorithm, a token bucket kept as one time (`tat`): a request
 * may go at `tat - (burst - 1) * interval`, and moves `tat` one interval past the instant it goes.
 * All buckets of a request are charged for the same instant, the latest any of them allows, so
 * none is charged for a moment another then postpones. The database's clock, read once the rows
 * are locked, is the one every replica shares.
 *
 * Reservations are settled in batches: whatever this process asks while one batch is with the
 * database goes in the next, in one transaction that locks the batch's rows in key order (no two
 * replicas wait on each other crosswise), grants each request in the order asked and writes the
 * rows back. Every Google read takes the one project row, so one statement per read queued the
 * whole process on that row: a 50-client agenda's 100 reads waited on each other ~1 ms apiece; now
 * they take one transaction.
 *
 * A slot further away than `maxWaitMs` is not taken: the caller waits and asks again, so no
 * backlog, nor the reservations of a replica that crashed, reaches further ahead than that.
 */
export function databaseQuota(prisma: PrismaClient, opts: { maxWaitMs?: number } = {}): Reserve {
  const maxWaitMs = opts.maxWaitMs ?? QUOTA_MAX_WAIT_MS;
  let waiting: Pending[] = [];
  let settling = false;

  const settle = async () => {
    settling = true;
    try {
      while (waiting.length) {
        const batch = waiting.slice(0, MAX_BATCH);
        waiting = waiting.slice(batch.length);
        try {
          const granted = await reserveBatch(prisma, batch.map((p) => p.buckets), maxWaitMs);
          batch.forEach((p, i) => {
            const reservation = granted[i];
            if (reservation) p.resolve(reservation);
            else p.reject(new Error('the Google quota batch returned too few reservations'));
          });
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      settling = false;
    }
  };

  return (buckets) =>
    new Promise<Reservation>((resolve, reject) => {
      waiting.push({ buckets, resolve, reject });
      // Asked in the same turn of the event loop (an agenda's fan-out), they share the first batch.
      if (!settling) queueMicrotask(() => void (settling ? undefined : settle()));
    });
}

async function reserveBatch(prisma: PrismaClient, requests: readonly (readonly QuotaBucket[])[], maxWaitMs: number): Promise<Reservation[]> {
  const keys = [...new Set(requests.flatMap((buckets) => buckets.map((b) => b.key)))].sort();
  return prisma.$transaction(
    async (tx) => {
      // One row back, however many buckets: a 200-client agenda's batch locked 201 rows, and read
      // each back through the query engine, garbage on the app's thread in every agenda.
      // The rows are locked in key order (no two replicas wait on each other crosswise); the clock
      // is read once they all are, so no request is granted an instant already past.
      const lock = async () =>
        (
          await tx.$queryRaw<[LockedRows]>`
            WITH locked AS (SELECT "key", "tat" FROM "GoogleQuota" WHERE "key" = ANY(${keys}::text[]) ORDER BY "key" FOR UPDATE)
            SELECT array_agg("key") AS keys, array_agg("tat") AS tats, extract(epoch FROM clock_timestamp())::float8 * 1000 AS now_ms FROM locked`
        )[0];
      let rows = await lock();
      if ((rows.keys?.length ?? 0) < keys.length) {
        // A key's first request ever: its row is made (by whichever replica comes first), then locked.
        await tx.$executeRaw`INSERT INTO "GoogleQuota" ("key", "tat") SELECT unnest(${keys}::text[]), 0 ON CONFLICT ("key") DO NOTHING`;
        rows = await lock();
      }
      const tat = new Map<string, number>();
      rows.keys?.forEach((key, i) => tat.set(key, rows.tats?.[i] ?? 0));
      // Every key has its row by now (inserted above); 0 is a bucket never drawn on.
      const tatOf = (key: string) => tat.get(key) ?? 0;
      const now = rows.now_ms;
      const granted = requests.map((buckets): Reservation => {
        const earliest = Math.max(...buckets.map((b) => tatOf(b.key) - (b.burst - 1) * (1000 / b.ratePerSecond)));
        const at = Math.max(now, earliest);
        const waitMs = at - now;
        // Turned away: asking again once the slot is within the bound may succeed.
        if (waitMs > maxWaitMs) return { taken: false, waitMs: waitMs - maxWaitMs, grantedAtMs: at };
        for (const b of buckets) tat.set(b.key, Math.max(tatOf(b.key), at) + 1000 / b.ratePerSecond);
        return { taken: true, waitMs, grantedAtMs: at };
      });
      const tats = keys.map(tatOf);
      await tx.$executeRaw`
        UPDATE "GoogleQuota" q SET "tat" = v.tat
        FROM unnest(${keys}::text[], ${tats}::float8[]) AS v("key", tat) WHERE q."key" = v."key"`;
      return granted;
    },
    { maxWait: LOCK_WAIT_MS, timeout: LOCK_WAIT_MS },
  );
}
