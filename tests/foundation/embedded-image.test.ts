import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { PGlite } from '@electric-sql/pglite';
import { embeddedOrigin, openEmbedded } from '../../src/db/embedded.js';
import { imagePaths, readEmbeddedImage } from '../../src/db/embedded-image.js';
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
    const dir = await emptyDir();
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
    expect(await readEmbeddedImage(paths)).toBeUndefined();
    await writeFile(paths.image, 'not a tarball');
    await writeFile(paths.stamp, 'another set of migrations\n');
    expect(await readEmbeddedImage(paths)).toBeUndefined();
    // The build's own image matches the migrations on disk.
    expect(await readEmbeddedImage()).toBeInstanceOf(Blob);
  });

  it('a damaged image costs an initdb, not the start', { timeout: 120_000 }, async () => {
    const dir = await emptyDir();
    const db = await opened(dir, { image: async () => new Blob([Buffer.from('not a tarball at all')]) });
    expect(embeddedOrigin(db)).toBe('initdb');
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
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
