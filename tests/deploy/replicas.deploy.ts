// Replicas started together against one fresh PostgreSQL database: one
// migrates while the others wait for it, then every one of them is ready.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { MIGRATION_LOCK_KEY } from '../../src/db/migration-lock.js';
import { freePort } from '../harness/app.js';
import { ROOT, START } from '../harness/node.js';
import { baseEnv, spawnApp } from '../harness/process.js';

const SERVER = process.env.DATABASE_URL;
if (!SERVER) throw new Error('tests/deploy/replicas.deploy.ts needs DATABASE_URL: a PostgreSQL server it may create databases on');

async function admin<T>(work: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const url = new URL(SERVER!);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database (not the suite's migrated template): nothing is migrated yet. */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `calstack_deploy_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(SERVER!);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

describe('replicas on one PostgreSQL server', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'calstack-replicas-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('three started at once on a fresh database all become ready; one migrates', async () => {
    const db = await freshDatabase();
    const replicas = await Promise.all(
      [1, 2, 3].map(async () => {
        const port = await freePort();
        return spawnApp(process.execPath, START, {
          cwd: ROOT,
          port,
          env: baseEnv({ PORT: String(port), DATABASE_URL: db.url, DATA_DIR: dataDir, SLACK_API_URL: 'http://127.0.0.1:9/api/' }),
        });
      }),
    );
    try {
      await Promise.all(replicas.map((r) => r.waitForLine(/Calendar Stacker is running/, 300_000)));
      for (const r of replicas) expect((await fetch(`http://127.0.0.1:${r.port}/readyz`)).status).toBe(200);
      const logs = replicas.map((r) => r.lines.join(''));
      expect(logs.filter((l) => l.includes('"msg":"database migrated"'))).toHaveLength(1);
      for (const r of replicas) r.child.kill('SIGTERM');
      expect(await Promise.all(replicas.map((r) => r.exited))).toEqual([0, 0, 0]);
    } finally {
      for (const r of replicas) r.child.kill('SIGKILL');
      await db.drop();
    }
  });

  it('a replica waits for the one migrating, for a bounded time, then says why it gives up', async () => {
    const db = await freshDatabase();
    try {
      await admin(async (holder) => {
        await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        const impatient = await openDatabase({ url: db.url, dataDir, migrationLockWaitMs: 1000 });
        await expect(impatient.migrate()).rejects.toThrow(/Another process has been migrating the database for 1 s/);
        await impatient.close();

        const patient = await openDatabase({ url: db.url, dataDir, migrationLockWaitMs: 60_000 });
        const migrating = patient.migrate();
        await new Promise((r) => setTimeout(r, 500));
        await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        expect((await migrating).length).toBeGreaterThan(0);
        await patient.close();
      }, new URL(db.url).pathname.slice(1));
    } finally {
      await db.drop();
    }
  });
});
