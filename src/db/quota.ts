import type { PrismaClient } from '../generated/prisma/client.js';
import type { QuotaBucket, Reservation, Reserve } from '../shared/limit.js';

/** Ten seconds: a crashed replica's reservations strand at most that much of a rate. */
const QUOTA_MAX_WAIT_MS = 10_000;

interface SlotRow {
  found: number;
  wait_ms: number;
  granted_at_ms: number;
  taken: boolean;
}

/**
 * Reserves one request slot in every bucket for one instant, in one statement on rows every
 * replica shares, so a rate holds for the deployment, not per process.
 *
 * A bucket is a generic cell rate algorithm, a token bucket kept as one time (`tat`): a request
 * may go at `tat - (burst - 1) * interval`, and moves `tat` one interval past the instant it goes.
 * All buckets are charged for the same instant, the latest any of them allows, so none is charged
 * for a moment another then postpones. The statement locks the rows in key order (no two takers
 * wait on each other crosswise; in READ COMMITTED the lock yields the latest committed row) and
 * reads the clock after the locks are held, so a taker that queued behind another is not granted
 * an instant already past. The database's clock is the one every replica shares.
 *
 * Every take locks the one project row, so takes across the deployment queue on it for the
 * length of one statement (about 1 ms): over a thousand a second, far above Google's project quota.
 *
 * A slot further away than `maxWaitMs` is not taken: the caller waits and asks again, so no
 * backlog, nor the reservations of a replica that crashed, reaches further ahead than that.
 */
export function databaseQuota(prisma: PrismaClient, opts: { maxWaitMs?: number } = {}): Reserve {
  const maxWaitMs = opts.maxWaitMs ?? QUOTA_MAX_WAIT_MS;
  const reserveOnce = async (buckets: readonly QuotaBucket[]): Promise<SlotRow> => {
    const keys = buckets.map((b) => b.key);
    const intervals = buckets.map((b) => 1000 / b.ratePerSecond);
    const bursts = buckets.map((b) => b.burst);
    const [row] = await prisma.$queryRaw<SlotRow[]>`
      WITH bucket AS (
        SELECT * FROM unnest(${keys}::text[], ${intervals}::float8[], ${bursts}::float8[]) AS b("key", interval_ms, burst)
      ), locked AS (
        SELECT q."key", q."tat" FROM "GoogleQuota" q WHERE q."key" = ANY(${keys}::text[]) ORDER BY q."key" FOR UPDATE
      ), slot AS (
        SELECT count(*)::int AS found, max(l."tat" - (b.burst - 1) * b.interval_ms) AS earliest
        FROM locked l JOIN bucket b USING ("key")
      ), clock AS (
        SELECT found, earliest, extract(epoch FROM clock_timestamp())::float8 * 1000 AS now_ms FROM slot
      ), granted AS (
        SELECT found, now_ms, greatest(now_ms, earliest) AS at_ms FROM clock
      ), moved AS (
        UPDATE "GoogleQuota" q SET "tat" = greatest(q."tat", g.at_ms) + b.interval_ms
        FROM granted g, bucket b
        WHERE q."key" = b."key" AND g.found = ${keys.length} AND g.at_ms - g.now_ms <= ${maxWaitMs}::float8
        RETURNING q."key"
      )
      SELECT g.found, g.at_ms - g.now_ms AS wait_ms, g.at_ms AS granted_at_ms, EXISTS (SELECT 1 FROM moved) AS taken
      FROM granted g`;
    if (!row) throw new Error('the Google quota statement returned no row');
    return row;
  };

  return async (buckets): Promise<Reservation> => {
    let row = await reserveOnce(buckets);
    if (row.found < buckets.length) {
      // A key's first request ever: its row is made (by whichever replica comes first), then taken.
      const keys = buckets.map((b) => b.key);
      await prisma.$executeRaw`INSERT INTO "GoogleQuota" ("key", "tat") SELECT unnest(${keys}::text[]), 0 ON CONFLICT ("key") DO NOTHING`;
      row = await reserveOnce(buckets);
    }
    // Turned away: asking again once the slot is within the bound may succeed.
    return { taken: row.taken, waitMs: row.taken ? row.wait_ms : row.wait_ms - maxWaitMs, grantedAtMs: row.granted_at_ms };
  };
}
