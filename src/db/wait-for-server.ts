// Containers and services often start before their database does: at boot a
// PostgreSQL server that does not answer yet is asked again, with backoff,
// for a bounded time, rather than failing the start at once.
import pg from 'pg';

export interface WaitOptions {
  timeoutMs: number;
  /** Called before each wait; `where` is host:port/database, never the credentials. */
  onRetry?: (info: { attempt: number; retryInMs: number; where: string; reason: string }) => void;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;
/** One connection attempt may not take longer than this (an unroutable host otherwise hangs ~2 min). */
const ATTEMPT_TIMEOUT_MS = 5000;

/** Errors that waiting cannot mend: wrong credentials, a database that does not exist, a bad URL. */
function isPermanent(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('28') || code === '3D000' || code === 'ERR_INVALID_URL');
}

function describeServer(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname === '/' ? '' : u.pathname}`;
}

/**
 * Resolves once the server at `url` answers a query. The waits double from
 * 250 ms up to 5 s and stop once they add up to `timeoutMs` (counted from the
 * waits themselves, not the clock), then it throws a message that says what
 * to check.
 */
export async function waitForServer(url: string, opts: WaitOptions): Promise<void> {
  const where = describeServer(url);
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: ATTEMPT_TIMEOUT_MS });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      const reason = err instanceof Error ? err.message || err.constructor.name : String(err);
      if (isPermanent(err)) throw new Error(`The database at ${where} refused the connection: ${reason}. Check DATABASE_URL.`, { cause: err });
      const retryInMs = Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS, opts.timeoutMs - waited);
      if (retryInMs <= 0) {
        throw new Error(
          `The database at ${where} did not answer within ${Math.round(opts.timeoutMs / 1000)} s (${attempt} attempts; last: ${reason}). ` +
            'Check DATABASE_URL and that the server is running and reachable from here; DATABASE_CONNECT_TIMEOUT_SECONDS sets how long to wait.',
          { cause: err },
        );
      }
      opts.onRetry?.({ attempt, retryInMs, where, reason });
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
      waited += retryInMs;
    } finally {
      await client.end().catch(() => {});
    }
  }
}
