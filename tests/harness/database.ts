// Throwaway databases for tests, cloned from one migrated template so no test
// pays for initdb (2-3 s and ~800 MB on PGlite) or for migrating again.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { applyMigrations, MIGRATIONS_DIR } from '../../src/db/migrations.js';
import { startJobs } from '../../src/jobs/engine.js';

export const TEST_DATABASE_URL = process.env.DATABASE_URL || undefined;
const ROOT = new URL('../../', import.meta.url).pathname;
const TEMPLATE_DB = 'calstack_test_template';

const quiet = { warn: () => {}, error: () => {} };

/** pg-boss creates its own tables as it starts (~2 s on PGlite): the template has them, so no app pays it. */
async function installJobTables(connection: Parameters<typeof startJobs>[0]): Promise<void> {
  await (await startJobs(connection, quiet, { retryLimit: 0, retryDelaySeconds: 1 })).stop(1000);
}

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  // A new pg-boss may bring new tables: the template is rebuilt.
  hash.update(JSON.parse(await readFile(join(ROOT, 'node_modules/pg-boss/package.json'), 'utf8')).version);
  for (const name of (await readdir(MIGRATIONS_DIR)).sort()) {
    const file = join(MIGRATIONS_DIR, name, 'migration.sql');
    if (existsSync(file)) hash.update(name).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function embeddedTemplateDir(hash: string): string {
  return join(ROOT, '.tmp', `pglite-template-${hash}`);
}

function serverUrl(database: string): string {
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

// PostgreSQL refuses to copy a template that another CREATE DATABASE is
// reading, so parallel test files take turns through an advisory lock.
const TEMPLATE_LOCK = 715_517;

async function adminQuery(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${TEMPLATE_LOCK})`);
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Vitest global setup: builds the migrated template once per run. */
export async function prepareTemplate(): Promise<void> {
  const hash = await migrationsHash();
  if (TEST_DATABASE_URL) {
    await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
    // Our own pool, so it can be ended: a template must have no open sessions.
    const pool = new pg.Pool({ connectionString: serverUrl(TEMPLATE_DB) });
    try {
      await applyMigrations(new PrismaPg(pool));
    } finally {
      await pool.end();
    }
    await installJobTables({ kind: 'postgresql', url: serverUrl(TEMPLATE_DB) });
    return;
  }
  const dir = embeddedTemplateDir(hash);
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  await applyMigrations(new PrismaPGlite(db));
  await installJobTables({ kind: 'embedded', pglite: db });
  await db.close();
}

export interface TestDatabase {
  url: string | undefined;
  dataDir: string;
  /** PostgreSQL only: refuse every connection to this database, as if the server were gone. */
  cutOff?: () => Promise<void>;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one app instance. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'calstack-test-'));
  if (TEST_DATABASE_URL) {
    const name = `calstack_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
    return {
      url: serverUrl(name),
      dataDir,
      cutOff: () =>
        adminQuery(
          `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`,
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
        ),
      drop: async () => {
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const template = embeddedTemplateDir(await migrationsHash());
  if (!(await stat(template).catch(() => undefined))) await prepareTemplate();
  await cp(template, join(dataDir, 'pglite'), { recursive: true });
  return { url: undefined, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
}
