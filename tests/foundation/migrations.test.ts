import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cp, mkdtemp, readdir, readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { TSX_IMPORT, ROOT } from '../harness/node.js';
import { afterAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations, diffSchemaAgainstMigrations, MIGRATIONS_DIR, SCHEMA_PATH } from '../../src/db/migrations.js';

const run = promisify(execFile);

describe('migrations', () => {
  const scratch: PGlite[] = [];
  afterAll(async () => {
    await Promise.all(scratch.map((p) => p.close()));
  });

  it('apply on an empty database with Prisma bookkeeping, and re-applying is a no-op', { timeout: 120_000 }, async () => {
    const pg = new PGlite();
    scratch.push(pg);
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(await applyMigrations(new PrismaPGlite(pg))).toEqual(names);
    expect(await applyMigrations(new PrismaPGlite(pg))).toEqual([]);
    const rows = (await pg.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    )).rows;
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      // The CLI records bare directory names and the SHA-256 of migration.sql.
      const sql = await readFile(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
    const tables = (await pg.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.tablename);
    expect(tables).toEqual(expect.arrayContaining(['Client', 'ClientManager', 'AuditLog', 'Workspace', 'UserSettings']));
  });

  it('schema.prisma and the committed migrations agree (no pending migration)', { timeout: 120_000 }, async () => {
    const pg = new PGlite();
    scratch.push(pg);
    expect(await diffSchemaAgainstMigrations(new PrismaPGlite(pg))).toBeNull();
  });

  it('db:migration:create writes a migration for a schema change, offline', { timeout: 120_000 }, async () => {
    const work = await mkdtemp(join(tmpdir(), 'calstack-mig-'));
    try {
      const migrations = join(work, 'migrations');
      await cp(MIGRATIONS_DIR, migrations, { recursive: true });
      const schema = join(work, 'schema.prisma');
      const original = await readFile(SCHEMA_PATH, 'utf8');
      await writeFile(schema, `${original}\nmodel Probe {\n  id     String @id\n  teamId String\n  note   String?\n}\n`);
      const { stdout } = await run(
        process.execPath,
        [...TSX_IMPORT, 'src/db/cli/create-migration.ts', '--schema', schema, '--migrations', migrations, 'add probe'],
        // Point every proxy at a closed port: any network use would fail.
        { cwd: ROOT, env: { ...process.env, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' } },
      );
      expect(stdout).toMatch(/Created .*_add_probe\/migration\.sql/);
      const created = (await readdir(migrations)).find((n) => n.endsWith('_add_probe'))!;
      const sql = await readFile(join(migrations, created, 'migration.sql'), 'utf8');
      expect(sql).toContain('CREATE TABLE "Probe"');
      expect(sql).not.toContain('CREATE TABLE "Client"');
      // The new migration applies on top of the old ones.
      const pg = new PGlite();
      scratch.push(pg);
      const applied = await applyMigrations(new PrismaPGlite(pg), migrations);
      expect(applied.at(-1)).toBe(created);
      // Running it again finds nothing to do.
      const again = await run(
        process.execPath,
        [...TSX_IMPORT, 'src/db/cli/create-migration.ts', '--schema', schema, '--migrations', migrations, 'nothing'],
        { cwd: ROOT },
      );
      expect(again.stdout).toContain('no migration created');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
