// A new embedded database is restored from an image made at build time (`scripts/build.mjs`):
// PGlite's data directory, initialised, migrated and holding the job engine's tables, as a
// gzipped tarball. Creating one from nothing runs PostgreSQL's initdb inside WebAssembly and
// then every migration and pg-boss's schema: 3-6 s on this project's machines, against 0.25-0.4 s
// to unpack the image alone. An image that does not match the migrations on disk is not used.
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
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

/** The image's file, when there is one made for exactly the migrations on disk; undefined otherwise. */
export async function findEmbeddedImage(paths = imagePaths(), migrationsDir?: string): Promise<string | undefined> {
  if (!existsSync(paths.image) || !existsSync(paths.stamp)) return undefined;
  const [stamp, expected] = await Promise.all([readFile(paths.stamp, 'utf8'), migrationsStamp(migrationsDir)]);
  return stamp.trim() === expected ? paths.image : undefined;
}

/**
 * Whether the image (the build's, unless given) was unpacked into path, a new data directory;
 * else path is left empty, for initdb. Unpacked beside it and renamed when whole: a start stopped
 * halfway leaves no directory that looks like a database.
 */
export async function restoreNewDataDir(path: string, image: () => Promise<string | undefined> = findEmbeddedImage): Promise<boolean> {
  const unpacking = `${path}.restoring`;
  await rm(unpacking, { recursive: true, force: true });
  const file = await image().catch(() => undefined);
  const restored = file !== undefined && (await restoreEmbeddedImage(file, unpacking).then(() => true, () => false));
  // No PG_VERSION in path (the caller checked): nothing in it is a database.
  await rm(path, { recursive: true, force: true });
  if (restored) await rename(unpacking, path);
  else await Promise.all([rm(unpacking, { recursive: true, force: true }), mkdir(path, { recursive: true })]);
  return restored;
}

/**
 * Unpacks an image (a gzipped tarball as PGlite's `dumpDataDir` writes it: directories and
 * regular files) into dir, a piece at a time. PGlite's own `loadDataDir` takes the whole
 * tarball, unpacks all 42 MB of it in memory and copies each file again; those buffers
 * outlived the start (nothing collects them in an idle process) and left the allocator's heap
 * ~45 MiB larger for good: a first start idled ~80 MiB above a restart (issue 18, target 4).
 * Rejects on anything else in the archive (a damaged or foreign image): the caller runs initdb.
 */
export async function restoreEmbeddedImage(image: string, dir: string): Promise<void> {
  const file = createReadStream(image);
  const gunzip = createGunzip();
  file.on('error', (err) => gunzip.destroy(err));
  // A damaged image's checksum error can come after the reader stopped reading (Node 22): the
  // reads already reject with it; without a listener the late event would kill the process.
  gunzip.on('error', () => {});
  const bytes = new ByteReader(file.pipe(gunzip));
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await unpack(bytes, dir);
  } finally {
    await bytes.close();
    file.destroy();
  }
}

/**
 * Files are created and written with synchronous calls: the image holds ~1,100 small files, and a
 * round trip through libuv's thread pool for each directory, open, write and close made unpacking
 * take ~1.3-1.5 s on this project's machines, against 0.25-0.4 s this way. It runs once, on a
 * first start before the app serves anything (embedded.ts), so the calls hold up no request.
 */
async function unpack(bytes: ByteReader, dir: string): Promise<void> {
  const made = new Set<string>([dir]);
  const makeDir = (path: string, mode: number) => {
    if (made.has(path)) return;
    mkdirSync(path, { recursive: true, mode });
    made.add(path);
  };
  for (;;) {
    const header = await bytes.exactly(BLOCK);
    // Zero blocks end the archive; the rest is read only so that gunzip checks its checksum.
    if (header.every((b) => b === 0)) return bytes.drain();
    const entry = tarEntry(header);
    const target = join(dir, entry.name);
    if (entry.type === 'dir') {
      makeDir(target, entry.mode);
      continue;
    }
    makeDir(dirname(target), 0o700);
    const file = openSync(target, 'wx', entry.mode);
    try {
      for (let left = entry.size; left > 0; ) {
        const piece = await bytes.upTo(left);
        for (let at = 0; at < piece.length; ) at += writeSync(file, piece, at);
        left -= piece.length;
      }
    } finally {
      closeSync(file);
    }
    await bytes.exactly((BLOCK - (entry.size % BLOCK)) % BLOCK);
  }
}

const BLOCK = 512;

function tarEntry(h: Buffer): { name: string; type: 'dir' | 'file'; size: number; mode: number } {
  const text = (at: number, len: number) => h.toString('latin1', at, at + len).replace(/\0.*$/s, '');
  const octal = (at: number, len: number) => parseInt(text(at, len).trim() || '0', 8);
  const prefix = text(257, 6).startsWith('ustar') ? text(345, 155) : '';
  const name = [prefix, text(0, 100)].filter(Boolean).join('/');
  const parts = name.split('/').filter((p) => p && p !== '.');
  if (!parts.length || parts.includes('..')) throw new Error(`the image holds an entry outside its directory: ${JSON.stringify(name)}`);
  const flag = text(156, 1);
  const type = flag === '5' ? 'dir' : flag === '' || flag === '0' ? 'file' : undefined;
  if (!type) throw new Error(`the image holds an entry of type ${JSON.stringify(flag)}, not a file or directory`);
  const size = octal(124, 12);
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`the image holds an entry of unreadable size: ${JSON.stringify(name)}`);
  // Owner-only, as PostgreSQL keeps its data directory, whatever the archive says.
  return type === 'dir' ? { name: parts.join('/'), type, size: 0, mode: 0o700 } : { name: parts.join('/'), type, size, mode: octal(100, 8) & 0o700 || 0o600 };
}

/** Exact-length reads over a stream of chunks, holding at most one chunk at a time. */
class ByteReader {
  #pending: Buffer = Buffer.alloc(0);
  readonly #chunks: AsyncIterator<Buffer>;
  constructor(source: AsyncIterable<Buffer>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  /** Between 1 and max bytes; rejects at the end of the stream. */
  async upTo(max: number): Promise<Buffer> {
    if (!this.#pending.length) {
      const next = await this.#chunks.next();
      if (next.done) throw new Error('the image ends in the middle of an entry');
      this.#pending = next.value;
    }
    const piece = this.#pending.subarray(0, max);
    this.#pending = this.#pending.subarray(piece.length);
    return piece;
  }

  /** Reads to the end, keeping nothing. */
  async drain(): Promise<void> {
    this.#pending = Buffer.alloc(0);
    while (!(await this.#chunks.next()).done);
  }

  /** Stops reading (destroys the stream) when the reads ended early. */
  async close(): Promise<void> {
    await this.#chunks.return?.();
  }

  /** n bytes (headers and padding: at most 512). */
  async exactly(n: number): Promise<Buffer> {
    const pieces: Buffer[] = [];
    for (let got = 0; got < n; ) {
      const piece = await this.upTo(n - got);
      pieces.push(piece);
      got += piece.length;
    }
    return Buffer.concat(pieces);
  }
}
