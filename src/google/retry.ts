import { CalendarApiError } from './calendar-api.js';

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Backoff before attempt n+1 is baseMs·2^(n-1), capped at maxDelayMs, plus jitter. */
  baseMs: number;
  maxDelayMs: number;
  /** No new attempt starts once its wait would take the total past this. */
  maxElapsedMs: number;
  /** Random extra wait in [0, jitterMs), so that clients hit by the same outage spread out. */
  jitterMs: number;
}

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseMs: 1000, maxDelayMs: 8000, maxElapsedMs: 20_000, jitterMs: 1000 };

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
// The UND_ERR_ codes are undici's (the transport, transport.ts): a dropped connection, and its
// per-request timeouts for connecting, for the answer's headers and for a stalled body.
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  type?: unknown;
  cause?: unknown;
}

/** Timeouts and dropped connections; gaxios keeps the fetch error as `cause` and copies its code. */
function isNetworkError(err: unknown): boolean {
  for (let e = err as ErrorLike | undefined, depth = 0; e && typeof e === 'object' && depth < 3; e = e.cause as ErrorLike, depth++) {
    if (NETWORK_CODES.has(String(e.code))) return true;
    // A per-request timeout aborts the request: node-fetch's AbortError (type 'aborted') or a DOMException TimeoutError.
    if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'aborted' || e.type === 'request-timeout') return true;
  }
  return false;
}

/**
 * Worth trying again: rate limits, Google's transient 5xx, timeouts and network failures.
 * Any other 403 (forbidden, insufficientPermissions) and other 4xx will not change on retry.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof CalendarApiError) {
    if (err.status === 403) return RATE_LIMIT_REASONS.has(err.reason ?? '') || err.domain === 'usageLimits';
    return RETRY_STATUSES.has(err.status);
  }
  return isNetworkError(err);
}

/**
 * Runs `fn` until it succeeds, the error is not retryable, or attempts or the elapsed budget
 * run out; then rethrows the last error unchanged.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: Partial<RetryPolicy>, deps: RetryDeps): Promise<T> {
  const p = { ...DEFAULT_RETRY_POLICY, ...policy };
  const started = deps.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= p.maxAttempts || !isRetryable(err)) throw err;
      const backoff = Math.min(p.baseMs * 2 ** (attempt - 1), p.maxDelayMs) + Math.floor(deps.random() * p.jitterMs);
      const retryAfter = err instanceof CalendarApiError ? (err.retryAfterMs ?? 0) : 0;
      const wait = Math.max(backoff, retryAfter);
      // Waiting less than Retry-After would only earn another 429, so a wait past the budget ends here.
      if (deps.now() - started + wait > p.maxElapsedMs) throw err;
      await deps.sleep(wait);
    }
  }
}
