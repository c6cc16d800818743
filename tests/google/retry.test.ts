import { describe, expect, it } from 'vitest';
import { CalendarApiError } from '../../src/google/calendar-api.js';
import { errors } from 'undici';
import { isRetryable, withRetry, type RetryPolicy } from '../../src/google/retry.js';

/** Fake time: sleeping advances the clock and records the wait. */
function fakeClock(random = 0.5) {
  let t = 0;
  const sleeps: number[] = [];
  const deps = {
    now: () => t,
    random: () => random,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
  return { deps, sleeps, advance: (ms: number) => void (t += ms) };
}

const apiError = (status: number, reason?: string, retryAfterMs?: number, domain?: string) =>
  new CalendarApiError(`Google answered ${status}`, status, reason, retryAfterMs, domain);

/** Fails with a fresh error from `make` on every attempt, recording attempt numbers. */
function alwaysFailing(make: () => unknown) {
  const attempts: number[] = [];
  const errors: unknown[] = [];
  const fn = async (attempt: number): Promise<never> => {
    attempts.push(attempt);
    const err = make();
    errors.push(err);
    throw err;
  };
  return { fn, attempts, errors };
}

describe('withRetry', () => {
  it('backs off exponentially with jitter under the default policy and rethrows the last error', async () => {
    const { deps, sleeps } = fakeClock(0.5);
    const { fn, attempts, errors } = alwaysFailing(() => apiError(503, 'backendError'));
    const failure = await withRetry(fn, {}, deps).catch((e: unknown) => e);
    expect(attempts).toEqual([1, 2, 3, 4]);
    // 1000·2^(n-1) + floor(0.5 · 1000)
    expect(sleeps).toEqual([1500, 2500, 4500]);
    expect(failure).toBe(errors[3]);
  });

  it('caps the backoff at maxDelayMs before adding jitter', async () => {
    const { deps, sleeps } = fakeClock(0.999);
    const policy: Partial<RetryPolicy> = { maxAttempts: 6, baseMs: 1000, maxDelayMs: 3000, jitterMs: 100, maxElapsedMs: 60_000 };
    await withRetry(alwaysFailing(() => apiError(500)).fn, policy, deps).catch(() => {});
    expect(sleeps).toEqual([1099, 2099, 3099, 3099, 3099]);
  });

  it('returns the first success and passes the attempt number', async () => {
    const { deps, sleeps } = fakeClock(0);
    const seen: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw apiError(429, 'rateLimitExceeded');
        return 'ok';
      },
      {},
      deps,
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('waits for Retry-After when it is longer than the backoff, and the backoff when it is shorter', async () => {
    const { deps, sleeps } = fakeClock(0);
    let n = 0;
    const retryAfters = [5000, 100];
    await withRetry(
      async () => {
        const retryAfter = retryAfters[n++];
        if (retryAfter !== undefined) throw apiError(429, 'rateLimitExceeded', retryAfter);
        return 'ok';
      },
      {},
      deps,
    );
    expect(sleeps).toEqual([5000, 2000]);
  });

  it('starts no attempt whose wait would exceed the elapsed budget', async () => {
    const { deps, sleeps } = fakeClock(0);
    const { fn, attempts } = alwaysFailing(() => apiError(502));
    await expect(withRetry(fn, { maxAttempts: 10, maxElapsedMs: 4000 }, deps)).rejects.toMatchObject({ status: 502 });
    // 1000 + 2000 = 3000 spent; the next 4000 would end at 7000 > 4000.
    expect(sleeps).toEqual([1000, 2000]);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up at once when Retry-After points past the budget', async () => {
    const { deps, sleeps } = fakeClock(0);
    const { fn, attempts } = alwaysFailing(() => apiError(429, 'rateLimitExceeded', 60_000));
    await expect(withRetry(fn, {}, deps)).rejects.toMatchObject({ status: 429, retryAfterMs: 60_000 });
    expect(sleeps).toEqual([]);
    expect(attempts).toEqual([1]);
  });

  it('counts the time attempts take against the budget', async () => {
    const { deps, sleeps, advance } = fakeClock(0);
    const { fn, attempts } = alwaysFailing(() => {
      advance(9000); // each attempt times out after 9 s
      return Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    });
    await expect(withRetry(fn, {}, deps)).rejects.toThrow('aborted');
    // 9000 + 1000 wait + 9000 = 19000; another 2000 wait would pass 20000.
    expect(attempts).toEqual([1, 2]);
    expect(sleeps).toEqual([1000]);
  });

  it('does not retry answers that will not change', async () => {
    for (const err of [
      apiError(400, 'badRequest'),
      apiError(401, 'authError'),
      apiError(403, 'forbidden'),
      apiError(403, 'insufficientPermissions'),
      apiError(403, 'requiredAccessLevel'),
      apiError(404, 'notFound'),
      apiError(409, 'duplicate'),
      apiError(410, 'deleted'),
      new TypeError('a bug, not an outage'),
    ]) {
      const { deps, sleeps } = fakeClock();
      const { fn, attempts } = alwaysFailing(() => err);
      await expect(withRetry(fn, {}, deps)).rejects.toBe(err);
      expect(attempts).toEqual([1]);
      expect(sleeps).toEqual([]);
    }
  });
});

describe('isRetryable', () => {
  it('retries rate limits, transient 5xx, timeouts and dropped connections', () => {
    const gaxiosLike = (cause: object) => Object.assign(new Error('request failed'), { cause });
    const retryable = [
      apiError(429),
      apiError(403, 'rateLimitExceeded', undefined, 'usageLimits'),
      apiError(403, 'userRateLimitExceeded'),
      apiError(403, 'quotaExceeded', undefined, 'usageLimits'),
      apiError(500),
      apiError(502),
      apiError(503),
      apiError(504),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }),
      // What gaxios throws when the per-request timeout aborts node-fetch.
      gaxiosLike(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError', type: 'aborted' })),
      gaxiosLike(new DOMException('The operation timed out.', 'TimeoutError')),
      // undici's (the transport's) own timeouts and a connection closed under a request.
      gaxiosLike(new errors.HeadersTimeoutError()),
      gaxiosLike(new errors.BodyTimeoutError()),
      gaxiosLike(new errors.ConnectTimeoutError()),
      gaxiosLike(new errors.SocketError('other side closed')),
    ];
    for (const err of retryable) expect(isRetryable(err), String(err)).toBe(true);
  });

  it('leaves everything else alone', () => {
    for (const err of [apiError(403, 'forbidden', undefined, 'global'), apiError(501), new Error('boom'), 'string', undefined]) {
      expect(isRetryable(err), String(err)).toBe(false);
    }
  });
});
