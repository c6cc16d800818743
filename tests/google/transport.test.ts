// The HTTP transport under Google's client, against a local server that compresses as told:
// every coding Google may use, small answers (decoded on the calling thread) and big ones (on
// libuv's pool), and codings applied one after another; the answer keeps a Response's rules.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleTransport } from '../../src/google/transport.js';

const ENCODERS: Record<string, (b: Buffer) => Buffer> = {
  gzip: gzipSync,
  'x-gzip': gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};

let server: Server;
/** Requests the server never answers, and whether their connection closed. */
const hanging: IncomingMessage[] = [];
let base: string;
const send = googleTransport({ timeoutMs: 5_000 });

beforeAll(async () => {
  // GET /<codings>/<size>: a JSON answer of about size bytes, encoded with each coding in turn.
  server = createServer((req, res) => {
    const [, codings = '', size = '0'] = (req.url ?? '').split('/');
    if (codings === 'none-204') return void res.writeHead(204).end();
    if (codings === 'echo') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    if (codings === 'hang-up') return void req.socket.destroy();
    if (codings === 'never') {
      hanging.push(req);
      return;
    }
    if (codings === 'bom') return void res.writeHead(200, { 'content-type': 'application/json' }).end('\uFEFF{"kind":"calendar#events"}');
    // Random text compresses little, so a big answer stays big once compressed.
    let body: Buffer = Buffer.from(JSON.stringify({ kind: 'calendar#events', filler: randomBytes(Number(size)).toString('base64') }));
    const applied = codings.split(',').filter(Boolean);
    for (const coding of applied) body = (ENCODERS[coding] ?? ((b: Buffer) => b))(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, ...(applied.length ? { 'content-encoding': applied.join(', ') } : {}) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const req of hanging) req.socket.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('Google transport', () => {
  for (const coding of Object.keys(ENCODERS)) {
    for (const [label, size] of [['a small answer', 2_000], ['an answer bigger than the inline limit', 200_000]] as const) {
      it(`decodes ${coding} for ${label}`, async () => {
        const res = await send(`${base}/${coding}/${size}`);
        expect(res.status).toBe(200);
        // The decoded body's headers no longer describe the compressed bytes.
        expect(res.headers.get('content-encoding')).toBeNull();
        expect(res.headers.get('content-length')).toBeNull();
        const json = (await res.json()) as { kind: string; filler: string };
        expect(json.kind).toBe('calendar#events');
        expect(Buffer.from(json.filler, 'base64')).toHaveLength(size);
      });
    }
  }

  it('undoes codings applied one after the other, last first', async () => {
    const json = (await (await send(`${base}/gzip,br/100000`)).json()) as { filler: string };
    expect(Buffer.from(json.filler, 'base64')).toHaveLength(100_000);
  });

  it('refuses a coding it cannot undo rather than hand back unreadable bytes', async () => {
    await expect(send(`${base}/compress/10`)).rejects.toThrow(/unknown Content-Encoding: compress/);
  });

  it('keeps a Response\'s rules: the body is read once, a clone reads its own, and the stream is there to read', async () => {
    const first = await send(`${base}/gzip/3000`);
    const copy = first.clone();
    const text = await first.text();
    expect(first.bodyUsed).toBe(true);
    await expect(first.text()).rejects.toThrow(TypeError);
    expect(() => first.clone()).toThrow(TypeError);
    expect(await copy.json()).toEqual(JSON.parse(text));
    const streamed = await send(`${base}/br/3000`);
    const untouched = await send(`${base}/br/3000`);
    expect(untouched.body).not.toBeNull();
    expect(untouched.bodyUsed).toBe(false);
    expect(await untouched.json()).toMatchObject({ kind: 'calendar#events' });
    const reader = streamed.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    reader.releaseLock();
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.arrayBuffer()).rejects.toThrow(TypeError);
    expect((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { kind: string }).kind).toBe('calendar#events');
    const blob = await (await send(`${base}/deflate/3000`)).blob();
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toMatchObject({ kind: 'calendar#events' });
  });

  it('decodes text as a Response does: a leading byte order mark is not part of it', async () => {
    const res = await send(`${base}/bom/0`);
    expect(await res.text()).toBe('{"kind":"calendar#events"}');
  });

  it('answers 204 with no body', async () => {
    const res = await send(`${base}/none-204/0`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(await res.text()).toBe('');
  });

  // The exchanges run on the transport's thread: answers go back to their own callers, and what
  // the retries look at in a failure (its name and code) crosses with it.
  it('gives 300 calls at once each its own answer', async () => {
    const paths = Array.from({ length: 300 }, (_, i) => `/echo/${i}`);
    const answers = await Promise.all(paths.map(async (p) => ((await (await send(`${base}${p}`)).json()) as { path: string }).path));
    expect(answers).toEqual(paths);
  });

  it('fails a dropped connection with undici\u2019s code, which the retries know as a network failure', async () => {
    await expect(send(`${base}/hang-up/0`)).rejects.toMatchObject({ code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/) });
  });

  it('gives up on an answer that does not come within the timeout, as a headers timeout', async () => {
    const quick = googleTransport({ timeoutMs: 300 });
    await expect(quick(`${base}/never/0`)).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it('aborts a call when its signal does, and the request\u2019s connection closes', async () => {
    const before = hanging.length;
    const controller = new AbortController();
    const call = send(`${base}/never/0`, { signal: controller.signal });
    await expect.poll(() => hanging.length).toBe(before + 1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    const req = hanging[before]!;
    await expect.poll(() => req.socket.destroyed).toBe(true);
    // A signal already aborted sends nothing.
    await expect(send(`${base}/echo/x`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
