// Stopping the job engine stops taking jobs, lets the active one finish (or hands it back when
// it outlives the timeout), and only then returns, so the database can close after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { startJobs, JOBS_SCHEMA, type Jobs } from '../../src/jobs/engine.js';

const QUEUE = 'stop-test';
const quiet = { warn: () => {}, error: () => {} };

/** A job handler that runs until the test lets it go. */
function heldHandler() {
  let started!: () => void;
  let release!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const finished: number[] = [];
  const handler = async ({ n }: { n: number }) => {
    started();
    await released;
    finished.push(n);
  };
  return { handler, running, release, finished };
}

describe('stopping the job engine', () => {
  let tdb: TestDatabase;
  let db: Database;
  let jobs: Jobs;
  const states = async () =>
    (await db.prisma.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text FROM ${JOBS_SCHEMA}.job WHERE name = $1`, QUEUE)).map((r) => r.state);

  beforeEach(async () => {
    tdb = await createTestDatabase();
    db = await openDatabase({ url: tdb.url, dataDir: tdb.dataDir });
    jobs = await startJobs(db.connection, quiet, { retryLimit: 3, retryDelaySeconds: 1 });
    await jobs.queue(QUEUE);
  });
  afterEach(async () => {
    await db?.close();
    await tdb?.drop();
  });

  it('lets the active job finish before it returns, and takes no new one', async () => {
    const held = heldHandler();
    await jobs.work(QUEUE, held.handler);
    await jobs.send(QUEUE, { n: 1 });
    await held.running;
    const stopped = jobs.stop(10_000);
    await jobs.send(QUEUE, { n: 2 }).catch(() => {}); // sent while stopping: stays queued, if accepted at all
    let returned = false;
    void stopped.then(() => (returned = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(returned).toBe(false); // still waiting for job 1
    held.release();
    await stopped;
    expect(held.finished).toEqual([1]);
    expect(await states()).toContain('completed');
    expect((await states()).filter((s) => s === 'active')).toEqual([]);
  });

  it('hands back a job that outlives the timeout, to be retried', async () => {
    const held = heldHandler();
    await jobs.work(QUEUE, held.handler);
    await jobs.send(QUEUE, { n: 1 });
    await held.running;
    await jobs.stop(1000);
    expect(held.finished).toEqual([]);
    expect(await states()).toEqual(['retry']);
    held.release();
  });
});
