import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync, gunzip, gunzipSync, inflate, inflateSync } from 'node:zlib';
import type { Agent, request } from 'undici';

export interface TransportOptions {
  /** Per attempt: the answer's headers must come within this, and its body must not stall longer. */
  timeoutMs: number;
}

/** How long a connection with nothing to do stays open for the next call, unless Google says less. */
const KEEP_ALIVE_MS = 30_000;

/**
 * The HTTP transport under the official Google client (gaxios's `fetchImplementation`): undici's
 * `request` on one keep-alive pool, answered as a `Response` over the decoded bytes.
 *
 * gaxios's own transport (node-fetch over `http.request`, with an `AbortSignal.timeout` per
 * call) cost about 2.5 times the CPU per call: a 200-client agenda makes 400 calls at once,
 * and that CPU, with the garbage it left, was most of the agenda's time outside Google's round
 * trip. The timeout is undici's own (headers and body), which needs no signal, timer or
 * listener per call. undici also honours Google's `Keep-Alive: timeout` hint, so an idle
 * connection is dropped before Google drops it under a request.
 */
export function googleTransport(opts: TransportOptions): typeof fetch {
  // undici is loaded at the first call: its module evaluation took ~0.1 s of every start (a tenth
  // of a restart), before any client had been read. Its exports are taken from `default`, a
  // CommonJS package's `module.exports` when imported: the start bundle's chunk for it exports
  // nothing else (scripts/bundle-start.mjs).
  let undici: Promise<{ pool: Agent; request: typeof request }> | undefined;
  const connect = () =>
    (undici ??= import('undici').then(({ default: u }) => ({
      pool: new u.Agent({
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
        keepAliveTimeout: KEEP_ALIVE_MS,
        // A connection is given up this long before the server's announced idle timeout (undici's
        // default is 2 s): enough for a request to reach Google before it closes its end, and a
        // server that keeps connections 5 s still has them reused 3.5 s later.
        keepAliveTimeoutThreshold: 1_000,
      }),
      request: u.request,
    })));
  async function send(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const { pool, request } = await connect();
    const answer = await request(input instanceof Request ? input.url : input, {
      dispatcher: pool,
      method: (init.method ?? 'GET') as 'GET',
      headers,
      body: init.body as string | Buffer | null | undefined,
      signal: init.signal ?? undefined,
    });
    const body = await decoded(answer.headers['content-encoding'], Buffer.from(await answer.body.arrayBuffer()));
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (name === 'content-encoding' || name === 'content-length') continue;
      for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) responseHeaders.append(name, one);
    }
    return decodedResponse(body, { status: answer.statusCode, headers: responseHeaders });
  }
  return send;
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

    constructor(bytes: Buffer | Uint8Array<ArrayBuffer>, init: ResponseInit) {
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
const decodedResponse = (bytes: Buffer, init: ResponseInit): Response => new (DecodedResponse ??= defineDecodedResponse())(bytes, init);

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
 * answer never holds up the acks.
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
