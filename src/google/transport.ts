import type { Worker } from 'node:worker_threads';
import { moduleThread } from '../shared/module-thread.js';
import type { CalendarCall, CalendarMethods, GoogleMethod } from './calendar-calls.js';
import { uncrossed, type FromTransport, type ToTransport } from './transport-protocol.js';

export interface TransportOptions {
  /** Where the Calendar API is (Google's, or a fake's). */
  rootUrl: string;
  /** Per attempt: the answer's headers must come within this, and its body must not stall longer. */
  timeoutMs: number;
}

/** A thread with nothing to do for this long ends (its connections are idle too); the next call makes another. */
const THREAD_IDLE_MS = 30_000;

/**
 * Google Calendar calls made on a thread of their own (transport-thread.ts): the official client
 * builds each request there, undici's keep-alive pool sends it, and the answer is decoded and
 * parsed there; this thread posts the method and its parameters and gets the answer's data back.
 *
 * A 200-client agenda makes 400 calls at once. With only the HTTP on the thread, the client's
 * own work per call (request building, query encoding, header merging, the answer's Response and
 * its parsing) and the garbage it left were most of the main thread's time in an agenda, and the
 * agenda's replies waited on it.
 *
 * The thread is made at the first call (the client's and undici's modules are not evaluated at
 * start), ends when idle, and keeps the process alive only while it has calls to answer. A thread
 * that cannot start (its script missing from a damaged build) leaves the calls, those it was given
 * too, to this thread, as before it existed.
 */
export function googleCalls(opts: TransportOptions): CalendarCall {
  interface Request {
    method: GoogleMethod;
    params: CalendarMethods[GoogleMethod]['params'];
    accessToken: string;
  }
  interface Pending extends Request {
    resolve: (data: unknown) => void;
    reject: (e: Error) => void;
  }
  const calls = new Map<number, Pending>();
  let nextId = 0;
  let thread: Worker | undefined;
  /** Whether the current thread has started (its script loaded); one that ends before is a damaged build. */
  let threadReady = false;
  /** No thread can run here: every call stays on this thread. */
  let noThread = false;
  let idle: NodeJS.Timeout | undefined;
  let here: Promise<CalendarCall> | undefined;

  /** The same call on this thread, when no thread can run. */
  const onThisThread = (call: Request): Promise<unknown> =>
    (here ??= import('./calendar-calls.js').then(({ calendarCalls }) => calendarCalls(opts.rootUrl, opts.timeoutMs))).then((run) => run(call.method, call.params as never, call.accessToken));

  const ended = (worker: Worker, why: Error) => {
    if (thread !== worker) return;
    thread = undefined;
    const pending = [...calls.values()];
    calls.clear();
    if (threadReady) {
      // Calls in flight when a working thread ended: failed as a dropped connection (retried).
      for (const call of pending) call.reject(why);
      return;
    }
    noThread = true;
    for (const call of pending) onThisThread(call).then(call.resolve, call.reject);
  };
  const start = (): Worker | undefined => {
    if (thread || noThread) return thread;
    let worker: Worker;
    try {
      worker = moduleThread(import.meta.url, 'transport-thread', { name: 'google-transport', workerData: { rootUrl: opts.rootUrl, timeoutMs: opts.timeoutMs } });
    } catch {
      noThread = true;
      return undefined;
    }
    threadReady = false;
    worker.unref();
    worker.on('message', (m: FromTransport) => {
      if (m.t === 'ready') return void (threadReady = true);
      for (const answer of m.answers) {
        const call = calls.get(answer.id);
        if (!call) continue;
        calls.delete(answer.id);
        if (answer.t === 'data') call.resolve(answer.data);
        else call.reject(uncrossed(answer.error));
      }
      if (calls.size === 0) {
        worker.unref();
        clearTimeout(idle);
        idle = setTimeout(() => void (calls.size === 0 && thread === worker && (thread = undefined, worker.terminate())), THREAD_IDLE_MS);
        idle.unref();
      }
    });
    worker.on('error', (err) => ended(worker, dropped(`the Google transport's thread failed: ${err.message}`, err)));
    worker.on('exit', (code) => ended(worker, dropped(`the Google transport's thread ended (exit code ${code})`)));
    return (thread = worker);
  };

  const onThread = (worker: Worker, call: Request) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextId;
      if (calls.size === 0) {
        clearTimeout(idle);
        worker.ref();
      }
      calls.set(id, { ...call, resolve, reject });
      worker.postMessage({ t: 'call', id, method: call.method, params: call.params, accessToken: call.accessToken } satisfies ToTransport);
    });

  return (async (method, params, accessToken) => {
    const worker = start();
    const call = { method, params, accessToken };
    return worker ? onThread(worker, call) : onThisThread(call);
  }) as CalendarCall;
}

/** The failure of calls a thread took with it: a dropped connection to the retries, which try again. */
function dropped(message: string, cause?: Error): Error {
  return Object.assign(new Error(message, cause ? { cause } : undefined), { code: 'ECONNRESET' });
}
