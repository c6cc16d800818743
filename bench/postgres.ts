// PostgreSQL (only when DATABASE_URL is set): a throwaway database on that server, dropped after the run.
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrations.js';

function pgUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function pgAdmin<T>(base: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl(base, 'postgres'), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createPgDatabase(base: string): Promise<{ url: string; name: string; serverVersion: string }> {
  const name = `calstack_bench_${randomBytes(5).toString('hex')}`;
  const serverVersion = await pgAdmin(base, async (c) => {
    await c.query(`CREATE DATABASE ${name}`);
    return String((await c.query('SHOW server_version')).rows[0]?.server_version ?? '?');
  });
  const url = pgUrl(base, name);
  const poolPg = new pg.Pool({ connectionString: url });
  try {
    await applyMigrations(new PrismaPg(poolPg));
  } finally {
    await poolPg.end();
  }
  return { url, name, serverVersion };
}

export const dropPgDatabase = (base: string, name: string) => pgAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
