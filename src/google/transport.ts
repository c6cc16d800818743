import type { Worker } from 'node:worker_threads';
import { moduleThread } from '../shared/module-thread.js';
import type { ExchangeAnswer, ExchangeRequest } from './http-exchange.js';
import { uncrossed, type FromTransport, type ToTransport } from './transport-protocol.js';

export interface TransportOptions {
  /** Per attempt: the answer's headers must come within this, and its body must not stall longer. */
  timeoutMs: number;
}

/**
 * The thread's young generation, where each answer's short-lived objects go. The process's 2 MiB
 * semi-spaces (npm start's flags, for a lean idle) made the thread collect every few dozen answers;
 * the thread lives only while there are calls, so its room costs nothing at idle.
 */
const THREAD_YOUNG_GENERATION_MB = 24;

/** A thread with nothing to do for this long ends (its connections are idle too); the next call makes another. */
const THREAD_IDLE_MS = 30_000;

/**
 * The HTTP transport under the official Google client (gaxios's `fetchImplementation`): undici's
 * `request` on one keep-alive pool, on a thread of its own (transport-thread.ts), answered here
 * as a `Response` over the decoded bytes.
 *
 * gaxios's own transport (node-fetch over `http.request`, with an `AbortSignal.timeout` per
 * call) cost about 2.5 times the CPU per call: a 200-client agenda makes 400 calls at once,
 * and that CPU, with the garbage it left, was most of the agenda's time outside Google's round
 * trip. On the main thread undici's part (sockets, parsing, decompression) was still a third of
 * it; on the transport's thread it runs beside the rest of the agenda's work, and each call costs
 * the main thread two messages.
 *
 * The thread is made at the first call (undici's module evaluation took ~0.1 s of a start), ends
 * when idle, and keeps the process alive only while it has calls to answer. A thread that cannot
 * start (its script missing from a damaged build) leaves the calls, those it was given too, to
 * this thread, as before it existed.
 */
export function googleTransport(opts: TransportOptions): typeof fetch {
  interface Call {
    req: ExchangeRequest;
    signal: AbortSignal | undefined;
    resolve: (a: ExchangeAnswer) => void;
    reject: (e: Error) => void;
  }
  const calls = new Map<number, Call>();
  let nextId = 0;
  let thread: Worker | undefined;
  /** Whether the current thread has started (its script loaded); one that ends before is a damaged build. */
  let threadReady = false;
  /** No thread can run here: every call stays on this thread. */
  let noThread = false;
  let idle: NodeJS.Timeout | undefined;
  let here: Promise<(req: ExchangeRequest, signal?: AbortSignal) => Promise<ExchangeAnswer>> | undefined;

  /** The same exchange on this thread, when no thread can run. */
  const onThisThread = (req: ExchangeRequest, signal?: AbortSignal) =>
    (here ??= import('./http-exchange.js').then(({ exchange, exchangePool }) => {
      const pool = exchangePool(opts.timeoutMs);
      return (r: ExchangeRequest, s?: AbortSignal) => exchange(pool, r, s);
    })).then((run) => run(req, signal));

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
    for (const call of pending) onThisThread(call.req, call.signal).then(call.resolve, call.reject);
  };
  const start = (): Worker | undefined => {
    if (thread || noThread) return thread;
    let worker: Worker;
    try {
      worker = moduleThread(import.meta.url, 'transport-thread', { name: 'google-transport', workerData: { timeoutMs: opts.timeoutMs }, resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB } });
    } catch {
      noThread = true;
      return undefined;
    }
    threadReady = false;
    worker.unref();
    worker.on('message', (m: FromTransport) => {
      if (m.t === 'ready') return void (threadReady = true);
      const call = calls.get(m.id);
      if (!call) return;
      calls.delete(m.id);
      if (calls.size === 0) {
        worker.unref();
        idle = setTimeout(() => void (calls.size === 0 && thread === worker && (thread = undefined, worker.terminate())), THREAD_IDLE_MS);
        idle.unref();
      }
      if (m.t === 'answer') call.resolve(m.answer);
      else call.reject(uncrossed(m.error));
    });
    worker.on('error', (err) => ended(worker, dropped(`the Google transport's thread failed: ${err.message}`, err)));
    worker.on('exit', (code) => ended(worker, dropped(`the Google transport's thread ended (exit code ${code})`)));
    return (thread = worker);
  };

  const onThread = (worker: Worker, req: ExchangeRequest, signal?: AbortSignal) =>
    new Promise<ExchangeAnswer>((resolve, reject) => {
      const id = ++nextId;
      if (calls.size === 0) {
        clearTimeout(idle);
        worker.ref();
      }
      const abort = () => worker.postMessage({ t: 'abort', id } satisfies ToTransport);
      signal?.addEventListener('abort', abort, { once: true });
      const done = () => signal?.removeEventListener('abort', abort);
      calls.set(id, { req, signal, resolve: (a) => (done(), resolve(a)), reject: (e) => (done(), reject(e)) });
      worker.postMessage({ t: 'request', id, request: req, abortable: Boolean(signal) } satisfies ToTransport);
    });

  async function send(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = init.body as string | Uint8Array | null | undefined;
    const req: ExchangeRequest = { url: input instanceof Request ? input.url : String(input), method: init.method ?? 'GET', headers, ...(body != null ? { body } : {}) };
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const worker = start();
    const answer = await (worker ? onThread(worker, req, signal) : onThisThread(req, signal));
    return decodedResponse(answer.body, { status: answer.status, headers: new Headers(answer.headers) });
  }
  return send;
}

/** The failure of calls a thread took with it: a dropped connection to the retries, which try again. */
function dropped(message: string, cause?: Error): Error {
  return Object.assign(new Error(message, cause ? { cause } : undefined), { code: 'ECONNRESET' });
}

const UTF8 = new TextDecoder();

/**
 * A Response over a body already read whole and decoded. gaxios reads every JSON answer with
 * `text()`, and a standard Response would wrap the bytes in a web stream and read them back
 * through it: 400 small answers (a 200-client agenda) took 40-50 ms and twice that in CPU that
 * way, against ~10 ms read from the buffer (measured side by side, npm start's flags). It keeps
 * a Response's rules: a body is read once, and `body` is still a stream for whoever asks for one.
 */
function defineDecodedResponse() {
  return class DecodedResponse extends Response {
    readonly #bytes: Uint8Array<ArrayBuffer>;
    #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;
    #used = false;

    constructor(bytes: Uint8Array, init: ResponseInit) {
      // A Response refuses a body for these statuses, even an empty one: theirs is null.
      super(null, init);
      this.#bytes = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    }

    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      if (this.status === 204 || this.status === 304) return null;
      // Pulled only when read (no high-water mark), so that a body taken but not read is not used.
      return (this.#stream ??= new ReadableStream<Uint8Array<ArrayBuffer>>(
        {
          pull: (controller) => {
            this.#used = true;
            controller.enqueue(this.#bytes);
            controller.close();
          },
        },
        { highWaterMark: 0 },
      ));
    }

    override get bodyUsed(): boolean {
      return this.#used;
    }

    async #read(): Promise<Uint8Array<ArrayBuffer>> {
      if (this.#used || this.#stream?.locked) throw new TypeError('Body is unusable: Body has already been read');
      // Someone took the stream but has not read it: read it as a Response would.
      if (this.#stream) return new Uint8Array(await new Response(this.#stream).arrayBuffer());
      this.#used = true;
      return this.#bytes;
    }

    override async text(): Promise<string> {
      // As a Response decodes: UTF-8, a leading byte order mark dropped, bad bytes replaced.
      return UTF8.decode(await this.#read());
    }

    override async json(): Promise<unknown> {
      return JSON.parse(await this.text()) as unknown;
    }

    override async arrayBuffer(): Promise<ArrayBuffer> {
      const bytes = await this.#read();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }

    override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
      return new Uint8Array(await this.arrayBuffer());
    }

    override async blob(): Promise<Blob> {
      return new Blob([await this.#read()], { type: this.headers.get('content-type') ?? '' });
    }

    override clone(): Response {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      return new DecodedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers });
    }
  };
}

/**
 * The class is made at the first answer, not when this module loads: `Response` is Node's fetch
 * implementation, which Node loads on first use, and nothing else touches it at start (measured
 * on Node 20: ~60 ms, most of it compiling Node's bundled undici).
 */
let DecodedResponse: ReturnType<typeof defineDecodedResponse> | undefined;
const decodedResponse = (bytes: Uint8Array, init: ResponseInit): Response => new (DecodedResponse ??= defineDecodedResponse())(bytes, init);
