// The job engine starts after the app answers Slack (it is not needed to answer), but an app
// whose engine cannot start must not look healthy: /readyz says so and `npm start` exits 1.
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../harness/logs.js';
import { minimalSettings } from '../harness/process.js';
import { startApp, type RunningApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import { loadConfig } from '../../src/config.js';
import { startAppProcess, type SourceProcess } from '../harness/source-process.js';
import { freePort } from '../harness/ports.js';
import pg from 'pg';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../harness/database.js';
import { JOBS_SCHEMA } from '../../src/jobs/engine.js';
import { startJobsInBackground } from '../../src/jobs/background.js';

/** A database whose job tables are broken: pg-boss finds itself installed, then a table it needs is gone. */
async function brokenJobTables(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const open = await openDatabase({ url: db.url, dataDir: db.dataDir });
  await open.prisma.$executeRawUnsafe(`DROP TABLE ${JOBS_SCHEMA}.queue CASCADE`);
  await open.close();
  return db;
}

function settings(db: TestDatabase, port: number) {
  return loadConfig(minimalSettings({ PORT: String(port), DATA_DIR: db.dataDir, ...(db.url ? { DATABASE_URL: db.url } : {}) }));
}

describe('the job engine starting in the background', () => {
  let app: RunningApp | undefined;
  let proc: SourceProcess | undefined;
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await app?.stop();
    await proc?.stop();
    await db?.drop();
    app = proc = db = undefined;
  });

  it('is reported by /readyz: ready once started', { timeout: 60_000 }, async () => {
    db = await createTestDatabase();
    const { log } = captureLogs();
    app = await startApp(settings(db, await freePort()), log);
    await expect.poll(async () => (await fetch(`${app!.url}/readyz`)).json(), { timeout: 20_000 }).toMatchObject({ status: 'ready', database: 'ok', jobs: 'ready' });
    // The engine the app hands out is the started one.
    expect(await app.jobs.schedules('daily-digest')).toEqual([]);
  });

  it('starts only once the app takes Slack in, so it does not hold the start back', { timeout: 60_000 }, async () => {
    db = await createTestDatabase();
    const { log, lines } = captureLogs();
    app = await startApp(settings(db, await freePort()), log);
    await expect.poll(() => lines.some((l) => l.msg === 'job engine started'), { timeout: 20_000 }).toBe(true);
    const started = lines.findIndex((l) => typeof l.startupMs === 'number');
    expect(started).toBeGreaterThanOrEqual(0);
    expect(lines.findIndex((l) => l.msg === 'job engine started')).toBeGreaterThan(started);
  });

  it('touches no database before it is told to start', { timeout: 30_000 }, async () => {
    const { log } = captureLogs();
    let begin = () => {};
    // Nothing listens on port 1: an engine that tried to start would fail at once.
    const engine = startJobsInBackground({ kind: 'postgresql', url: 'postgresql://postgres@127.0.0.1:1/none' }, log, { retryLimit: 0, retryDelaySeconds: 1 }, new Promise<void>((resolve) => (begin = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(engine.state()).toBe('starting');
    begin();
    await expect(engine.started).rejects.toThrow();
    expect(engine.state()).toBe('failed');
  });

  // Holding a lock on pg-boss's version table keeps its start waiting, for as long as the test likes.
  it.runIf(TEST_DATABASE_URL)('stopped while the engine still starts, stops cleanly: no fatal line, its owner not told', { timeout: 60_000 }, async () => {
    db = await createTestDatabase();
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query(`BEGIN; LOCK TABLE ${JOBS_SCHEMA}.version IN ACCESS EXCLUSIVE MODE`);
      const { lines, log } = captureLogs();
      const fatal: unknown[] = [];
      const starting = await startApp(settings(db, await freePort()), log, { onFatal: (err) => fatal.push(err) });
      expect(await (await fetch(`${starting.url}/readyz`)).json()).toMatchObject({ status: 'ready', jobs: 'starting' });
      const stopped = starting.stop();
      await holder.query('COMMIT');
      await stopped;
      expect(fatal).toEqual([]);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(lines.at(-1)?.msg).toBe('stopped');
    } finally {
      await holder.end();
    }
  });

  it('makes the app unready, logs why and tells its owner, when it cannot start', { timeout: 60_000 }, async () => {
    db = await brokenJobTables();
    const { lines, log } = captureLogs();
    const fatal: unknown[] = [];
    app = await startApp(settings(db, await freePort()), log, { onFatal: (err) => fatal.push(err) });
    // The app answers meanwhile: it does not need the engine to be alive.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    await expect.poll(() => fatal.length, { timeout: 20_000 }).toBe(1);
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'ok', jobs: 'failed' });
    expect(lines.find((l) => l.level === 60)?.msg).toMatch(/job engine could not start/);
    // Waiting for it fails instead of hanging.
    await expect(app.jobs.schedules('daily-digest')).rejects.toThrow();
  });

  it('stops `npm start`\u2019s process with exit code 1', async () => {
    db = await brokenJobTables();
    proc = await startAppProcess(db, {});
    expect(await proc.exited).toBe(1);
    expect(proc.lines.join('')).toMatch(/job engine could not start/);
  }, 120_000);
});
