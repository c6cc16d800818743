// The messages between the Google transport (transport.ts) and its thread (transport-thread.ts).
// Nothing here imports undici or the Google client: the app's side loads this at start, those
// only the thread (or a first call made without one).
import { CalendarApiError } from './calendar-api.js';
import type { CalendarMethods, GoogleMethod } from './calendar-calls.js';

export type ToTransport = { t: 'call'; id: number; method: GoogleMethod; params: CalendarMethods[GoogleMethod]['params']; accessToken: string };

/** One call's outcome. */
export type Answer = { t: 'data'; id: number; data: unknown } | { t: 'failed'; id: number; error: CrossedError };

export type FromTransport =
  /** The thread's script loaded: from now on a thread that ends is not a damaged build. */
  | { t: 'ready' }
  /** The calls that ended in one turn of the thread's event loop, in the order they ended. */
  | { t: 'answers'; answers: Answer[] };

/**
 * An error as it crosses between threads: what the retries look at (name, code, cause's too),
 * and Google's answer when there was one.
 */
export interface CrossedError {
  name: string;
  message: string;
  code?: string;
  cause?: CrossedError;
  google?: { status: number; reason?: string; retryAfterMs?: number; domain?: string };
}

export function crossed(err: unknown, depth = 0): CrossedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  if (err instanceof CalendarApiError) {
    const { status, reason, retryAfterMs, domain } = err;
    return {
      name: err.name,
      message: err.message,
      google: { status, ...(reason !== undefined ? { reason } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), ...(domain !== undefined ? { domain } : {}) },
    };
  }
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(err.cause !== undefined && depth < 2 ? { cause: crossed(err.cause, depth + 1) } : {}),
  };
}

export function uncrossed(e: CrossedError): Error {
  if (e.google) return new CalendarApiError(e.message, e.google.status, e.google.reason, e.google.retryAfterMs, e.google.domain);
  const err = new Error(e.message, e.cause ? { cause: uncrossed(e.cause) } : undefined);
  err.name = e.name;
  if (e.code) (err as Error & { code?: string }).code = e.code;
  return err;
}
