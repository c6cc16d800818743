import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackFetch } from '../../src/slack/web-api/fetch.js';

describe('fetch for Slack', () => {
  let server: Server;
  let url: string;
  const received: string[] = [];
  /** How many of the next requests die on their connection without an answer. */
  let dropNext = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(`${req.url} ${body}`);
        if (dropNext > 0) {
          dropNext--;
          req.socket.destroy();
          return;
        }
        res.writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends a post once more when its connection closed without an answer', async () => {
    received.length = 0;
    dropNext = 1;
    // Plain fetch loses it: this is the race the wrapper exists for.
    await expect(fetch(`${url}/plain`, { method: 'POST', body: '{"text":"agenda"}' })).rejects.toThrow(/fetch failed/);
    dropNext = 1;
    const res = await slackFetch(`${url}/hook`, { method: 'POST', body: '{"text":"agenda"}' });
    expect(res.status).toBe(200);
    expect(received.filter((r) => r.startsWith('/hook'))).toEqual(['/hook {"text":"agenda"}', '/hook {"text":"agenda"}']);
  });

  it('tries only once more', async () => {
    dropNext = 2;
    await expect(slackFetch(`${url}/twice`, { method: 'POST', body: 'x' })).rejects.toThrow(/fetch failed/);
    dropNext = 0;
  });

  it('never repeats a request that got an HTTP answer, even an error', async () => {
    received.length = 0;
    const res = await slackFetch(`${url}/fail`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(500);
    expect(received).toEqual(['/fail x']);
  });

  it('does not retry a connection refused (nothing listens: no stale connection)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(slackFetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' })).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });
});
