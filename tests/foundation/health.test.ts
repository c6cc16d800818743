import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.js';

describe('health endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('GET /healthz says the process is alive', async () => {
    const res = await fetch(`${t.app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', mode: 'http' });
  });

  it('GET /readyz is 200 while the database answers and 503 once it does not', async () => {
    const ok = await fetch(`${t.app.url}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ database: 'ok' });
    // A real outage: PostgreSQL stops accepting connections; PGlite is closed.
    if (t.db.cutOff) await t.db.cutOff();
    else await t.app.db.close();
    const down = await fetch(`${t.app.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ database: 'unreachable' });
  });

  it('answers unknown paths with 404', async () => {
    const res = await fetch(`${t.app.url}/nope`);
    expect(res.status).toBe(404);
  });
});
