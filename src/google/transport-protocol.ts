// The messages between the Google transport (transport.ts) and its thread (transport-thread.ts).
// Nothing here imports undici: the app's side loads this at start, the thread's undici it must not.
import type { ExchangeAnswer, ExchangeRequest } from './http-exchange.js';

export type ToTransport =
  /** `abortable`: the caller passed a signal, and may send `abort` for this id. */
  | { t: 'request'; id: number; request: ExchangeRequest; abortable: boolean }
  | { t: 'abort'; id: number };

export type FromTransport =
  /** The thread's script loaded: from now on a thread that ends is not a damaged build. */
  | { t: 'ready' }
  | { t: 'answer'; id: number; answer: ExchangeAnswer }
  | { t: 'failed'; id: number; error: CrossedError };

/** An error as it crosses between threads: what the retries look at (name, code, cause's too). */
export interface CrossedError {
  name: string;
  message: string;
  code?: string;
  cause?: CrossedError;
}

export function crossed(err: unknown, depth = 0): CrossedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(err.cause !== undefined && depth < 2 ? { cause: crossed(err.cause, depth + 1) } : {}),
  };
}

export function uncrossed(e: CrossedError): Error {
  const err = new Error(e.message, e.cause ? { cause: uncrossed(e.cause) } : undefined);
  err.name = e.name;
  if (e.code) (err as Error & { code?: string }).code = e.code;
  return err;
}
