// Whatever reaches the public port, the process answers it with an error status and lives on.
// The app runs as its own process (an error escaping a handler would end it), in HTTP mode (the
// ingress thread owns the port) and in Socket Mode (our router owns it). The requests are
// generated from a seed, so a failure names a request that can be sent again.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/socket-mode.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { startAppProcess, type SourceProcess } from '../harness/source-process.js';
import { rawRequest } from '../harness/raw-http.js';
import { signature } from '../harness/slack-requests.js';

const ROUTES = ['/slack/events', '/healthz', '/readyz', '/oauth/google/start/tok3n', '/oauth/google/callback?state=s&code=c'];
const HOST = 'calstack.test';
const FORM = 'Content-Type: application/x-www-form-urlencoded';

interface Probe {
  name: string;
  request: string;
  halfClose?: boolean;
  /** A body over the limit: the server may refuse by closing the connection instead of reading it all (RFC 9110 §15.5.14). */
  closeRefuses?: boolean;
}

interface RequestParts {
  method?: string;
  target: string;
  /** null: no Host line at all. */
  host?: string | null;
  headers?: string[];
  body?: string;
  /** The Content-Length to declare; by default the body's. */
  length?: number | null;
}

function build({ method = 'GET', target, host = HOST, headers = [], body = '', length }: RequestParts): string {
  const declared = length === undefined ? Buffer.byteLength(body, 'latin1') : length;
  return [
    `${method} ${target} HTTP/1.1`,
    ...(host === null ? [] : [`Host: ${host}`]),
    ...headers,
    ...(declared === null ? [] : [`Content-Length: ${declared}`]),
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

const withPath = (route: string, f: (path: string) => string) => {
  const [path, query] = route.split('?');
  return f(path!) + (query ? `?${query}` : '');
};

/** Every kind of bad request, on every route. */
function catalogue(): Probe[] {
  const probes: Probe[] = [];
  const add = (name: string, parts: RequestParts, halfClose = false) => probes.push({ name, request: build(parts), halfClose });
  for (const route of ROUTES) {
    add(`bad escape ${route}`, { target: withPath(route, (p) => `${p}/%E0%A4%A`) });
    add(`lone % ${route}`, { target: withPath(route, (p) => `${p}%`) });
    add(`bad escape in param ${route}`, { target: withPath(route, (p) => p.replace(/[^/]+$/, '%zz%')) });
    add(`double slash ${route}`, { target: `//[${route}` });
    add(`byte 0xff ${route}`, { target: `${route}\xff` });
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'HEAD', 'BREW']) add(`${method} ${route}`, { method, target: route });
    add(`absolute-form ${route}`, { target: `http://evil.example${route}` });
    add(`asterisk-form ${route}`, { method: 'OPTIONS', target: '*' });
    add(`long path ${route}`, { target: withPath(route, (p) => `${p}/${'a'.repeat(8000)}`) });
    add(`overlong path ${route}`, { target: withPath(route, (p) => `${p}/${'%41'.repeat(30_000)}`) });
    for (const host of ['[', 'a b', 'evil.example:99999x', 'x'.repeat(300) + '@evil', '"quoted"']) add(`host ${JSON.stringify(host.slice(0, 20))} ${route}`, { target: route, host });
    add(`no host ${route}`, { target: route, host: null });
    add(`two hosts ${route}`, { target: route, headers: [`Host: evil.example`] });
    add(`truncated body ${route}`, { method: 'POST', target: route, headers: [FORM], body: 'payload=%7B', length: 100 }, true);
    add(`oversized declared body ${route}`, { method: 'POST', target: route, headers: [FORM], body: 'x'.repeat(1024), length: 50 * 1024 * 1024 }, true);
    add(`bad chunk ${route}`, { method: 'POST', target: route, headers: ['Transfer-Encoding: chunked'], body: 'zz\r\nabc\r\n', length: null });
    probes.at(-1)!.closeRefuses = true;
    add(`length and chunked ${route}`, { method: 'POST', target: route, headers: ['Transfer-Encoding: chunked'], body: '3\r\nabc\r\n0\r\n\r\n' });
    add(`two lengths ${route}`, { method: 'POST', target: route, headers: ['Content-Length: 7'], body: 'abc' });
    add(`huge request id ${route}`, { method: 'POST', target: route, headers: [`X-Request-Id: ${'r'.repeat(8000)}`], body: 'x=1' });
  }
  const big = 'text='.padEnd(5 * 1024 * 1024, 'x');
  add('oversized body', { method: 'POST', target: '/slack/events', headers: [FORM], body: big });
  probes.at(-1)!.closeRefuses = true;
  add('oversized chunked body', { method: 'POST', target: '/slack/events', headers: [FORM, 'Transfer-Encoding: chunked'], body: `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`, length: null });
  probes.at(-1)!.closeRefuses = true;
  probes.push({ name: 'CONNECT authority-form', request: build({ method: 'CONNECT', target: `${HOST}:443`, host: `${HOST}:443` }) });
  probes.push({ name: 'HTTP/2 preface', request: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' });
  probes.push({ name: 'garbage', request: '\x00\x01\x02 / HTTP/1.1\r\n\r\n' });
  probes.push({ name: 'websocket upgrade', request: build({ target: '/slack/events', headers: ['Connection: upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='] }) });
  return probes;
}

/** Signed requests to Slack's path whose body or content type Slack would never send. */
function signedProbes(secret: string): Probe[] {
  const ts = Math.floor(Date.now() / 1000);
  const signed = (name: string, contentType: string, body: string, extra: string[] = []): Probe => ({
    name,
    request: build({
      method: 'POST',
      target: '/slack/events',
      headers: [`Content-Type: ${contentType}`, `X-Slack-Request-Timestamp: ${ts}`, `X-Slack-Signature: ${signature(secret, ts, body)}`, ...extra],
      body,
    }),
  });
  const event = JSON.stringify({ type: 'event_callback', team_id: 'T0ACME', event: { type: 'app_home_opened', user: 'U1' } });
  return [
    signed('signed JSON as text/plain', 'text/plain', event),
    signed('signed JSON as multipart', 'multipart/form-data; boundary=x', event),
    signed('signed JSON without a type', '', event),
    signed('signed form sent as JSON', 'application/json', 'command=%2Fcalstack&text=help'),
    signed('signed JSON array', 'application/json', '[]'),
    signed('signed truncated JSON', 'application/json', '{"type":'),
    signed('signed payload that is not JSON', 'application/x-www-form-urlencoded', 'payload=%7Bnope'),
    signed('signed payload array', 'application/x-www-form-urlencoded', 'payload=%5B1%5D'),
    { name: 'unsigned', request: build({ method: 'POST', target: '/slack/events', headers: ['Content-Type: application/json', `X-Slack-Request-Timestamp: ${ts}`], body: event }) },
    signed('bad retry header', 'application/json', 'not json', ['X-Slack-Retry-Num: lots']),
  ];
}

/** Random combinations of the same defects, from a seed. */
function generated(count: number): Probe[] {
  const route = fc.constantFrom(...ROUTES);
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'M-SEARCH', 'LINK');
  const junk = fc.string({ unit: fc.constantFrom('%', 'E0', 'zz', '[', ']', '/', '//', '\\', '..', '?', '#', '@', ':', '\xff', '\x7f', 'a'), maxLength: 30 });
  const host = fc.constantFrom<string | null>(HOST, null, '[', '::1', 'a..b', `${HOST}:0x50`, 'xn--', '');
  return fc
    .sample(
      fc.record({ route, method, junk, host, body: fc.string({ maxLength: 200 }) }),
      { seed: 20261201, numRuns: count },
    )
    .map((r, i) => ({
      name: `generated #${i}`,
      // Always at least one defect: junk in the path after a character the routes never hold.
      request: build({ method: r.method, target: withPath(r.route, (p) => `${p}%${r.junk}`), host: r.host, body: r.method === 'GET' ? '' : r.body }),
    }));
}

/** Sends every probe, a few at a time, and returns those not answered with an error status. */
async function unanswered(port: number, probes: Probe[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++]!;
      const answer = await rawRequest(port, probe.request, { halfClose: probe.halfClose });
      if (probe.closeRefuses && answer.status === null && answer.closedByServer) continue;
      if (answer.status === null || answer.status < 400 || answer.status > 599) failures.push(`${probe.name}: ${answer.statusLine || 'no answer'}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return failures;
}

async function expectAlive(app: SourceProcess): Promise<void> {
  const health = await fetch(`${app.url}/healthz`);
  expect(health.status).toBe(200);
  expect(app.child.exitCode).toBeNull();
  expect(app.child.signalCode).toBeNull();
  const log = app.lines.join('');
  expect(log).not.toMatch(/ingress thread (exited|failed|keeps dying)/);
  expect(log).not.toMatch(/uncaught|unhandled/i);
}

describe.each([
  { mode: 'HTTP mode (the ingress thread owns the port)', socketMode: false },
  { mode: 'Socket Mode (the router owns the port)', socketMode: true },
])('the public port in $mode', ({ socketMode }) => {
  const APP_TOKEN = 'xapp-1-A0CALSTACK-fuzz';
  let slack: FakeSlack;
  let socket: FakeSocketMode | undefined;
  let db: TestDatabase;
  let app: SourceProcess;
  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: 'xoxb-process-test' });
    slack.registerToken(APP_TOKEN);
    if (socketMode) socket = await startFakeSocketMode(slack);
    db = await createTestDatabase();
    app = await startAppProcess(db, { SLACK_API_URL: slack.apiUrl, ...(socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}) });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await socket?.close();
    await slack?.close();
    await db?.drop();
  });

  it('answers the requests that used to end the process (a bad escape, a path new URL read as a host), and stays up', async () => {
    expect((await rawRequest(app.port, build({ target: '/oauth/google/start/%E0%A4%A' }))).status).toBe(400);
    expect((await rawRequest(app.port, build({ target: '//[' }))).status).toBe(404);
    await expectAlive(app);
  });

  it('answers every malformed request on every route with an error status, and stays up', { timeout: 120_000 }, async () => {
    const probes = [...catalogue(), ...signedProbes(app.secret), ...generated(120)];
    expect(await unanswered(app.port, probes)).toEqual([]);
    await expectAlive(app);
  });
});
