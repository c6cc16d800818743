import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { embeddedDataPath, embeddedOrigin, openEmbedded } from '../../src/db/embedded.js';
import { findEmbeddedImage, imagePaths, restoreEmbeddedImage } from '../../src/db/embedded-image.js';
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
    expect(await findEmbeddedImage(paths)).toBeUndefined();
    await writeFile(paths.image, 'not a tarball');
    await writeFile(paths.stamp, 'another set of migrations\n');
    expect(await findEmbeddedImage(paths)).toBeUndefined();
    // The build's own image matches the migrations on disk.
    expect(await findEmbeddedImage()).toBe(imagePaths().image);
  });

  it('a damaged image costs an initdb, not the start, and leaves nothing half unpacked', { timeout: 120_000 }, async () => {
    const dir = await emptyDir();
    const damaged = join(dir, 'damaged.tar.gz');
    // Cut short: gunzip gets a valid start, then the stream ends mid-file.
    const whole = await readFile(imagePaths().image);
    await writeFile(damaged, whole.subarray(0, whole.length >> 1));
    const db = await opened(dir, { image: async () => damaged });
    expect(embeddedOrigin(db)).toBe('initdb');
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(existsSync(`${embeddedDataPath(dir)}.restoring`)).toBe(false);
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

  it('refuses an archive whose entries are not plain files and directories inside it, or whose checksum is wrong', async () => {
    const dir = await emptyDir();
    const image = (entries: Buffer[]) => {
      const file = join(dir, `image-${Math.random().toString(36).slice(2)}.tar.gz`);
      return writeFile(file, gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]))).then(() => file);
    };
    const good = await image([tarEntry('/base/1', 'hello'), tarEntry('/global', '', '5')]);
    await restoreEmbeddedImage(good, join(dir, 'ok'));
    expect(await readFile(join(dir, 'ok/base/1'), 'utf8')).toBe('hello');
    expect((await stat(join(dir, 'ok/global'))).isDirectory()).toBe(true);

    await expect(restoreEmbeddedImage(await image([tarEntry('/../escaped', 'x')]), join(dir, 'a'))).rejects.toThrow(/outside/);
    expect(existsSync(join(dir, 'escaped'))).toBe(false);
    await expect(restoreEmbeddedImage(await image([tarEntry('/link', '', '2')]), join(dir, 'b'))).rejects.toThrow(/type "2"/);
    const corrupt = await readFile(good);
    corrupt[corrupt.length - 6]! ^= 0xff; // inside gzip's CRC-32 trailer
    await writeFile(good, corrupt);
    await expect(restoreEmbeddedImage(good, join(dir, 'c'))).rejects.toThrow();
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

/** One ustar entry (header and padded data), as PGlite's dumpDataDir writes them. */
function tarEntry(name: string, content: string, type = '0'): Buffer {
  const data = Buffer.from(content);
  const header = Buffer.alloc(512);
  header.write(name, 0, 'latin1');
  header.write('0000600\0', 100);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write(type, 156);
  header.write('ustar\0' + '00', 257);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}
