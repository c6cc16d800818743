// A new embedded database is restored from an image made at build time (`scripts/build.mjs`):
// PGlite's data directory, initialised, migrated and holding the job engine's tables, as a
// gzipped tarball. Creating one from nothing runs PostgreSQL's initdb inside WebAssembly and
// then every migration and pg-boss's schema: 3-6 s on this project's machines, against about
// 1 s to unpack the image. An image that does not match the migrations on disk is not used.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { localMigrationChecksums } from './migrations.js';

/** Under dist/, from src/db and dist/db alike: made by the build, shipped with dist/. */
export const EMBEDDED_IMAGE_DIR = fileURLToPath(new URL('../../dist/embedded-image/', import.meta.url));
const IMAGE_FILE = 'pglite.tar.gz';
/** What the image was migrated to: the same text as `migrationsStamp()` gives. */
const STAMP_FILE = 'migrations.sha256';

export interface ImagePaths {
  image: string;
  stamp: string;
}

export function imagePaths(dir = EMBEDDED_IMAGE_DIR): ImagePaths {
  return { image: join(dir, IMAGE_FILE), stamp: join(dir, STAMP_FILE) };
}

/** One hash of every migration's name and checksum, in order. */
export async function migrationsStamp(migrationsDir?: string): Promise<string> {
  const hash = createHash('sha256');
  for (const { name, checksum } of await localMigrationChecksums(migrationsDir)) hash.update(`${name} ${checksum}\n`);
  return hash.digest('hex');
}

/** The image, when there is one made for exactly the migrations on disk; undefined otherwise. */
export async function readEmbeddedImage(paths = imagePaths(), migrationsDir?: string): Promise<Blob | undefined> {
  if (!existsSync(paths.image) || !existsSync(paths.stamp)) return undefined;
  const [stamp, expected] = await Promise.all([readFile(paths.stamp, 'utf8'), migrationsStamp(migrationsDir)]);
  if (stamp.trim() !== expected) return undefined;
  return new Blob([await readFile(paths.image)]);
}
