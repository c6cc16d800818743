// The Google transport against a local server. Its HTTP under the client (fetchOver): every
// coding Google may use, small answers (decoded on the calling thread) and big ones (on libuv's
// pool), and codings applied one after another; the answer keeps a Response's rules. And the
// calls made on the transport's thread (googleCalls): each answer to its caller, Google's
// refusals and network failures crossing back with what the retries read.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarApiError } from '../../src/google/calendar-api.js';
import { exchangePool, fetchOver } from '../../src/google/http-exchange.js';
import { googleCalls } from '../../src/google/transport.js';

const ENCODERS: Record<string, (b: Buffer) => Buffer> = {
  gzip: gzipSync,
  'x-gzip': gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};

let server: Server;
/** Requests the server never answers, and whether their connection closed. */
const hanging: IncomingMessage[] = [];
/** The calendar of every events.list the server got, in the order it got them. */
const listedCalendars: string[] = [];
let base: string;
const send = fetchOver(exchangePool(5_000));

beforeAll(async () => {
  // GET /<codings>/<size>: a JSON answer of about size bytes, encoded with each coding in turn.
  server = createServer((req, res) => {
    // The Calendar API's events.list, as googleCalls sends it: the calendar id says what to do.
    const listed = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\?|$)/.exec(req.url ?? '');
    if (listed) {
      const calendarId = decodeURIComponent(listed[1]!);
      listedCalendars.push(calendarId);
      if (calendarId === 'hang-up') return void req.socket.destroy();
      if (calendarId === 'never') return void hanging.push(req);
      if (calendarId === 'refused') {
        const refusal = { error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }] } };
        return void res.writeHead(403, { 'content-type': 'application/json; charset=UTF-8', 'retry-after': '7' }).end(JSON.stringify(refusal));
      }
      return void res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify({ kind: 'calendar#events', summary: calendarId, auth: req.headers.authorization, items: [] }));
    }
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

});

describe('Google calls on the transport\u2019s thread', () => {
  const calls = () => googleCalls({ rootUrl: `${base}/`, timeoutMs: 5_000 });

  it('gives 300 calls at once each its own answer, each sent with its own token', async () => {
    const call = calls();
    const ids = Array.from({ length: 300 }, (_, i) => `calendar-${i}@example.com`);
    const answers = await Promise.all(ids.map((calendarId, i) => call('events.list', { calendarId, singleEvents: true }, `token-${i}`)));
    expect(answers.map((a) => a.summary)).toEqual(ids);
    expect(answers.map((a) => (a as { auth?: string }).auth)).toEqual(ids.map((_, i) => `Bearer token-${i}`));
  });

  it('sends the first calls of a burst while it builds the rest, and reads their answers in between', async () => {
    const call = calls();
    const burst = (tag: string) => Array.from({ length: 400 }, (_, i) => call('events.list', { calendarId: `${tag}-${i}@example.com` }, 'token'));
    // The first burst opens the connections. The second finds them kept alive, where undici writes
    // a request only after the thread's loop has gone round once.
    await Promise.all(burst('opening'));
    const from = listedCalendars.length;
    const second = burst('kept-alive');
    const seenAtFirstAnswer = await Promise.race(second).then(() => listedCalendars.length - from);
    await Promise.all(second);
    expect(listedCalendars.slice(from)).toHaveLength(400);
    // All built before the first left, the server would have had all 400 before any answer was read.
    expect(seenAtFirstAnswer).toBeLessThan(200);
  });

  it('hands back Google\u2019s refusal as a CalendarApiError with its status, reason, domain and Retry-After', async () => {
    const failure = await calls()('events.list', { calendarId: 'refused' }, 'token').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CalendarApiError);
    expect(failure).toMatchObject({ status: 403, reason: 'rateLimitExceeded', domain: 'usageLimits', retryAfterMs: 7_000, message: 'Rate Limit Exceeded' });
  });

  it('fails a dropped connection with undici\u2019s code, which the retries know as a network failure', async () => {
    await expect(calls()('events.list', { calendarId: 'hang-up' }, 'token')).rejects.toMatchObject({ code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/) });
  });

  it('gives up on an answer that does not come within the timeout, as a headers timeout', async () => {
    const quick = googleCalls({ rootUrl: `${base}/`, timeoutMs: 300 });
    await expect(quick('events.list', { calendarId: 'never' }, 'token')).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });
});
