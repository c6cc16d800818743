// A new embedded database is restored from an image made at build time (`scripts/build.mjs`):
// PGlite's data directory, initialised, migrated, holding the job engine's tables and shut down
// cleanly, kept as a plain directory under dist/. Creating one from nothing runs PostgreSQL's
// initdb inside WebAssembly and then every migration and pg-boss's schema: 3-6 s on this
// project's machines, against ~40 ms to copy the image. An image that does not match the
// migrations on disk is not used.
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { localMigrationChecksums } from './migrations.js';

/** Under dist/, from src/db and dist/db alike: made by the build, shipped with dist/. */
export const EMBEDDED_IMAGE_DIR = fileURLToPath(new URL('../../dist/embedded-image/', import.meta.url));
const IMAGE_DIR = 'pglite';
/** What the image was migrated to: the same text as `migrationsStamp()` gives. */
const STAMP_FILE = 'migrations.sha256';

export interface ImagePaths {
  /** The data directory itself. */
  image: string;
  stamp: string;
}

export function imagePaths(dir = EMBEDDED_IMAGE_DIR): ImagePaths {
  return { image: join(dir, IMAGE_DIR), stamp: join(dir, STAMP_FILE) };
}

/** One hash of every migration's name and checksum, in order. */
export async function migrationsStamp(migrationsDir?: string): Promise<string> {
  const hash = createHash('sha256');
  for (const { name, checksum } of await localMigrationChecksums(migrationsDir)) hash.update(`${name} ${checksum}\n`);
  return hash.digest('hex');
}

/** The image's directory, when there is one made for exactly the migrations on disk; undefined otherwise. */
export async function findEmbeddedImage(paths = imagePaths(), migrationsDir?: string): Promise<string | undefined> {
  if (!existsSync(paths.image) || !existsSync(paths.stamp)) return undefined;
  const [stamp, expected] = await Promise.all([readFile(paths.stamp, 'utf8'), migrationsStamp(migrationsDir)]);
  return stamp.trim() === expected ? paths.image : undefined;
}

/**
 * Whether the image (the build's, unless given) was copied into path, a new data directory;
 * else path is left empty, for initdb. Copied beside it and renamed when whole: a start stopped
 * halfway leaves no directory that looks like a database.
 */
export async function restoreNewDataDir(path: string, image: () => Promise<string | undefined> = findEmbeddedImage): Promise<boolean> {
  const copying = `${path}.restoring`;
  await rm(copying, { recursive: true, force: true });
  // DATA_DIR itself may be new.
  await mkdir(dirname(copying), { recursive: true });
  const dir = await image().catch(() => undefined);
  let restored = false;
  if (dir !== undefined) {
    try {
      copyImage(dir, copying);
      restored = true;
    } catch {
      // A damaged build (an entry that is not a plain file or directory, an unreadable file): initdb.
    }
  }
  // No PG_VERSION in path (the caller checked): nothing in it is a database.
  await rm(path, { recursive: true, force: true });
  if (restored) await rename(copying, path);
  else await Promise.all([rm(copying, { recursive: true, force: true }), mkdir(path, { recursive: true })]);
  return restored;
}

/**
 * Copies the image directory into dir (which must not exist), with synchronous calls: ~1,100
 * small files, each copied by the kernel (copy_file_range) without passing through JavaScript.
 * ~40 ms on this project's machines, where unpacking the gzipped tarball the image used to be
 * took 0.25-0.4 s of the main thread on every first start (issue 18, target 3), and `fs.cpSync`
 * (its Node 20 version walks in JavaScript, with a stat and a check per file) ~150 ms.
 * Directories are made owner-only, as PostgreSQL keeps its data directory: they hold the
 * encrypted tokens. Throws on anything but files and directories, leaving dir for the caller.
 */
export function copyImage(from: string, dir: string): void {
  mkdirSync(dir, { mode: 0o700 });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(dir, entry.name);
    if (entry.isDirectory()) copyImage(source, target);
    else if (entry.isFile()) copyFileSync(source, target, constants.COPYFILE_EXCL);
    else throw new Error(`the image holds ${source}, neither a file nor a directory`);
  }
}
