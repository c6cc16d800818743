// One HTTP exchange with Google, as the transport's thread runs it (transport-thread.ts): undici's
// `request` on one keep-alive pool, the answer read whole and its content coding undone.
import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync, gunzip, gunzipSync, inflate, inflateSync } from 'node:zlib';
import type { Agent } from 'undici';
// undici's index evaluates all of undici (fetch, WebSocket, caches, mocks, proxies): ~4 MB of the
// transport thread's heap, where only the pool and its `request` are used. undici is pinned to one
// version in package.json, so these paths inside it cannot move under us unseen.
import AgentClass from 'undici/lib/dispatcher/agent.js';
import dispatchRequest from 'undici/lib/api/api-request.js';
import { DecodedResponse } from './decoded-response.js';

/** How long a connection with nothing to do stays open for the next call, unless Google says less. */
const KEEP_ALIVE_MS = 30_000;

export interface ExchangeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
}

export interface ExchangeAnswer {
  status: number;
  /** Every header but the content coding and length, which no longer describe the decoded body. */
  headers: [string, string][];
  body: Uint8Array;
}

/**
 * The pool every call goes through. The timeout is undici's own (headers and body), which needs no
 * signal, timer or listener per call; undici also honours Google's `Keep-Alive: timeout` hint, so
 * an idle connection is dropped before Google drops it under a request.
 */
export function exchangePool(timeoutMs: number): Agent {
  return new AgentClass({
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: KEEP_ALIVE_MS,
    // A connection is given up this long before the server's announced idle timeout (undici's
    // default is 2 s): enough for a request to reach Google before it closes its end, and a
    // server that keeps connections 5 s still has them reused 3.5 s later.
    keepAliveTimeoutThreshold: 1_000,
  });
}

export async function exchange(pool: Agent, req: ExchangeRequest, signal?: AbortSignal): Promise<ExchangeAnswer> {
  const { origin, pathname, search } = new URL(req.url);
  const answer = await dispatchRequest.call(pool, {
    origin,
    path: pathname + search,
    method: req.method as 'GET',
    headers: req.headers,
    body: req.body,
    signal,
  });
  const body = await decoded(answer.headers['content-encoding'], Buffer.from(await answer.body.arrayBuffer()));
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(answer.headers)) {
    if (name === 'content-encoding' || name === 'content-length') continue;
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.push([name, one]);
  }
  return { status: answer.statusCode, headers, body };
}

/**
 * `fetch` for the Google client (gaxios's `fetchImplementation`) over the pool: each answer read
 * whole and decoded, as a Response over those bytes. gaxios's own transport (node-fetch over
 * `http.request`, with an `AbortSignal.timeout` per call) cost about 2.5 times the CPU per call.
 */
export function fetchOver(pool: Agent): typeof fetch {
  return async (input, init = {}) => {
    const headers: Record<string, string> = {};
    // gaxios hands over a Headers already: read it as it is rather than copy it into another.
    (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach((value, name) => {
      headers[name] = value;
    });
    const body = init.body as string | Uint8Array | null | undefined;
    const url = input instanceof Request ? input.url : String(input);
    const answer = await exchange(pool, { url, method: init.method ?? 'GET', headers, ...(body != null ? { body } : {}) }, init.signal ?? undefined);
    return new DecodedResponse(answer.body, { status: answer.status, headers: answer.headers });
  };
}

/** Each coding's decoder: on this thread for an answer up to SYNC_DECODE_MAX bytes, else on libuv's pool. */
const DECODERS: Record<string, { sync: (bytes: Buffer) => Buffer; pooled: (bytes: Buffer) => Promise<Buffer> }> = {
  gzip: { sync: gunzipSync, pooled: promisify(gunzip) },
  'x-gzip': { sync: gunzipSync, pooled: promisify(gunzip) },
  deflate: { sync: inflateSync, pooled: promisify(inflate) },
  br: { sync: brotliDecompressSync, pooled: promisify(brotliDecompress) },
};

/**
 * Compressed answers up to this size are decoded on this thread. Most answers are a few
 * kilobytes (a week's events, a calendar list), decoded in tens of microseconds, while a trip
 * through the thread pool costs a stream, a task and a callback each: 400 answers (a 200-client
 * agenda) took 50-75 ms and 80-110 ms of CPU that way, against 4-18 ms on this thread (measured
 * side by side, npm start's flags). A long page of events still goes to the pool, so that a big
 * answer never holds up the others.
 */
const SYNC_DECODE_MAX = 64 * 1024;

/**
 * The answer's bytes as sent before compression. Google's client asks for gzip (Accept-Encoding,
 * and "gzip" in its User-Agent) and Google then compresses every answer, its refusals too, whose
 * reason the retries read.
 */
async function decoded(encoding: string | string[] | undefined, bytes: Buffer): Promise<Buffer> {
  const codings = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? ''))
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  if (bytes.length === 0) return bytes;
  let out = bytes;
  // Applied in the order listed, so undone in reverse.
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) throw new Error(`Google answered with an unknown Content-Encoding: ${coding}`);
    out = out.length <= SYNC_DECODE_MAX ? decode.sync(out) : await decode.pooled(out);
  }
  return out;
}
