import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { PGlite } from '@electric-sql/pglite';
import { embeddedDataPath, embeddedOrigin, openEmbedded } from '../../src/db/embedded.js';
import { copyImage, findEmbeddedImage, imagePaths } from '../../src/db/embedded-image.js';
import { localMigrationChecksums } from '../../src/db/migrations.js';
import { TEST_DATABASE_URL } from '../harness/database.js';
import { startAppProcess } from '../harness/source-process.js';

// The image is the embedded database's; on a PostgreSQL run nothing here is used.
describe.skipIf(Boolean(TEST_DATABASE_URL))('the embedded database image made by the build', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const done of cleanup.splice(0).reverse()) await done();
  });

  async function emptyDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'calstack-image-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async function opened(dataDir: string, opts?: Parameters<typeof openEmbedded>[1]): Promise<PGlite> {
    const db = await openEmbedded(dataDir, opts);
    cleanup.push(() => db.close());
    return db;
  }

  async function appliedMigrations(db: PGlite): Promise<string[]> {
    const { rows } = await db.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name');
    return rows.map((r) => r.migration_name);
  }

  it('restores a new data directory migrated, with the job tables, and reopens it as it is', { timeout: 120_000 }, async () => {
    // DATA_DIR itself new, as on a first start.
    const dir = join(await emptyDir(), 'new', 'data');
    const db = await opened(dir);
    expect(embeddedOrigin(db)).toBe('image');
    expect(await appliedMigrations(db)).toEqual((await localMigrationChecksums()).map((m) => m.name));
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'pgboss'");
    expect(rows[0]!.n).toBeGreaterThan(0);
    await db.exec('INSERT INTO "Workspace" ("teamId", "updatedAt") VALUES (\'T-image\', now())');
    await db.close();
    cleanup.pop();

    const again = await opened(dir);
    expect(embeddedOrigin(again)).toBe('existing');
    expect((await again.query('SELECT "teamId" FROM "Workspace"')).rows).toEqual([{ teamId: 'T-image' }]);
  });

  it('is not used for migrations other than those it was made for', async () => {
    const dir = await emptyDir();
    const paths = imagePaths(dir);
    expect(await findEmbeddedImage(paths)).toBeUndefined();
    await mkdir(paths.image);
    await writeFile(paths.stamp, 'another set of migrations\n');
    expect(await findEmbeddedImage(paths)).toBeUndefined();
    // The build's own image matches the migrations on disk.
    expect(await findEmbeddedImage()).toBe(imagePaths().image);
  });

  it('a damaged image costs an initdb, not the start, and leaves nothing half copied', { timeout: 120_000 }, async () => {
    const dir = await emptyDir();
    // PostgreSQL cannot start without its control file: PGlite rejects, the copy is cleared away.
    const damaged = join(dir, 'damaged');
    await cp(imagePaths().image, damaged, { recursive: true });
    await rm(join(damaged, 'global', 'pg_control'));
    const db = await opened(join(dir, 'a'), { image: async () => damaged });
    expect(embeddedOrigin(db)).toBe('initdb');
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    // An entry the copy refuses (a link could point anywhere): nothing is left half copied.
    const linked = join(dir, 'linked');
    await cp(imagePaths().image, linked, { recursive: true });
    await symlink('/etc', join(linked, 'base', 'elsewhere'));
    const again = await opened(join(dir, 'b'), { image: async () => linked });
    expect(embeddedOrigin(again)).toBe('initdb');
    expect(existsSync(`${embeddedDataPath(join(dir, 'b'))}.restoring`)).toBe(false);
    expect(existsSync(join(embeddedDataPath(join(dir, 'b')), 'base', 'elsewhere'))).toBe(false);
  });

  it('restores into directories only their owner can enter (they hold the encrypted tokens)', { timeout: 120_000 }, async () => {
    const dir = await emptyDir();
    const db = await opened(dir);
    expect(embeddedOrigin(db)).toBe('image');
    const entries = await readdir(embeddedDataPath(dir), { recursive: true });
    expect(entries.length).toBeGreaterThan(100);
    // Directories owner-only: PostgreSQL makes some files of its own as 0644 later, unreachable so.
    const open = [];
    for (const entry of ['', ...entries]) {
      const info = await stat(join(embeddedDataPath(dir), entry));
      if (info.isDirectory() && info.mode & 0o077) open.push(`${entry || '.'} ${(info.mode & 0o777).toString(8)}`);
    }
    expect(open).toEqual([]);
  });

  it('copies files and directories only, into a directory that must not exist yet', async () => {
    const dir = await emptyDir();
    const image = join(dir, 'image');
    await mkdir(join(image, 'base', '1'), { recursive: true });
    await writeFile(join(image, 'PG_VERSION'), '17\n');
    await writeFile(join(image, 'base', '1', '1259'), 'pages');
    copyImage(image, join(dir, 'ok'));
    expect(await readFile(join(dir, 'ok', 'base', '1', '1259'), 'utf8')).toBe('pages');
    expect(await readFile(join(dir, 'ok', 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect((await stat(join(dir, 'ok', 'base'))).mode & 0o777).toBe(0o700);
    // Never over a directory already there (a database): the caller copies beside it and renames.
    expect(() => copyImage(image, join(dir, 'ok'))).toThrow(/EEXIST/);
    await symlink(join(image, 'PG_VERSION'), join(image, 'base', 'link'));
    expect(() => copyImage(image, join(dir, 'linked'))).toThrow(/neither a file nor a directory/);
  });

  it('the app on an empty DATA_DIR starts from the image and answers /readyz', { timeout: 120_000 }, async () => {
    const dataDir = await emptyDir();
    await mkdir(dataDir, { recursive: true });
    const app = await startAppProcess({ url: undefined, dataDir, drop: async () => {} }, {});
    cleanup.push(() => app.stop());
    expect(app.lines.join('')).toContain('new embedded database restored from the build image');
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
