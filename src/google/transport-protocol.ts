// The messages between the Google transport (transport.ts) and its thread (transport-thread.ts).
import type { CrossedError, ExchangeAnswer, ExchangeRequest } from './http-exchange.js';

export type ToTransport =
  /** `abortable`: the caller passed a signal, and may send `abort` for this id. */
  | { t: 'request'; id: number; request: ExchangeRequest; abortable: boolean }
  | { t: 'abort'; id: number };

export type FromTransport =
  /** The thread's script loaded: from now on a thread that ends is not a damaged build. */
  | { t: 'ready' }
  | { t: 'answer'; id: number; answer: ExchangeAnswer }
  | { t: 'failed'; id: number; error: CrossedError };
