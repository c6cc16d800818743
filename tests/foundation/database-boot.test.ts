// Containers start before their database: an unreachable DATABASE_URL at boot
// is retried with backoff for DATABASE_CONNECT_TIMEOUT_SECONDS, each attempt
// logged, before the app gives up with a message saying what to check.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { captureLogs } from '../harness/logs.js';
import { minimalSettings } from '../harness/process.js';
import { startApp, type RunningApp } from '../../src/app.js';
import { freePort } from '../harness/app.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../harness/database.js';


function settings(databaseUrl: string, port: number, timeoutSeconds: string) {
  return loadConfig(minimalSettings({ PORT: String(port), DATABASE_URL: databaseUrl, DATABASE_CONNECT_TIMEOUT_SECONDS: timeoutSeconds }));
}

const waiting = (lines: Record<string, unknown>[]) => lines.filter((l) => /waiting for the database/i.test(String(l.msg)));

describe('an unreachable database at boot', () => {
  let app: RunningApp | undefined;
  let proxy: Server | undefined;
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await app?.stop();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await db?.drop();
    app = proxy = db = undefined;
  });

  it('is retried, each attempt logged, then the app gives up with a clear message', { timeout: 60_000 }, async () => {
    const nothingThere = await freePort();
    const { lines, log } = captureLogs();
    const config = settings(`postgresql://calstack:s3cret-pw@127.0.0.1:${nothingThere}/calstack`, await freePort(), '3');
    const failure = await startApp(config, log).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(failure?.message).toMatch(new RegExp(`database at 127\\.0\\.0\\.1:${nothingThere}/calstack did not answer within 3 s`));
    expect(failure?.message).toContain('DATABASE_CONNECT_TIMEOUT_SECONDS');
    const attempts = waiting(lines);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.map((l) => l.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(JSON.stringify(lines) + failure?.message).not.toContain('s3cret-pw');
  });

  it.runIf(TEST_DATABASE_URL)('starts as soon as the database comes up', { timeout: 120_000 }, async () => {
    db = await createTestDatabase();
    const target = new URL(db.url!);
    const port = await freePort();
    const via = new URL(db.url!);
    via.port = String(port);
    const { lines, log } = captureLogs();
    const starting = startApp(settings(via.toString(), await freePort(), '60'), log);
    // The database "comes up" (a TCP relay to the real server starts listening) after two refused attempts.
    await expect.poll(() => waiting(lines).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    proxy = createServer((client: Socket) => {
      const server = connect(Number(target.port || 5432), target.hostname);
      client.pipe(server).pipe(client);
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy!.listen(port, '127.0.0.1', resolve));
    app = await starting;
    expect(await app.db.ping()).toBe(true);
  });
});
