// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) keeping
// its data directory under DATA_DIR. Kept apart from database.ts, which loads
// Prisma, so that `main.ts` can start PGlite before the rest of the app loads.
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

export function embeddedDataPath(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/**
 * Server settings given at start, after PGlite's own (they win over
 * postgresql.conf and change nothing on disk).
 *
 * shared_buffers: initdb writes PostgreSQL's default of 128MB into
 * postgresql.conf. PGlite's shared memory is plain WebAssembly memory that
 * PostgreSQL zero-fills when it starts, so every megabyte of buffer pool costs
 * start-up time (page faults are slow on our VMs) and stays resident: opening
 * the database with 128MB took ~0.6 s more CPU and ~115 MiB more RSS than with
 * 16MB (measured on this project's machines), and the app's queries ran no
 * faster with it. This app's tables are small; a page not in the pool is read
 * from the data directory through the operating system's page cache.
 * Durability is unaffected: this only sizes a cache.
 */
const SERVER_SETTINGS = ['-c', 'shared_buffers=16MB'];

/**
 * PGlite's 9 MB of WebAssembly, compiled. PGlite reads and compiles it itself
 * only after several other steps, by when the main thread is busy loading the
 * app's modules; started first, V8 compiles it on background threads
 * meanwhile. `pgliteWasmModule` is PGlite's option for a precompiled module;
 * should the file not be where this PGlite version keeps it, PGlite loads it
 * the usual way.
 */
function compilePGliteWasm(): Promise<WebAssembly.Module | undefined> {
  return Promise.resolve()
    .then(() => readFile(new URL('pglite.wasm', import.meta.resolve('@electric-sql/pglite'))))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
}

/** Opens (or, for an empty directory, creates) the embedded database under dataDir. */
export async function openEmbedded(dataDir: string): Promise<PGlite> {
  const [{ PGlite }, pgliteWasmModule] = await Promise.all([
    import('@electric-sql/pglite'),
    compilePGliteWasm(),
    mkdir(embeddedDataPath(dataDir), { recursive: true }),
  ]);
  return PGlite.create(embeddedDataPath(dataDir), {
    startParams: [...PGlite.defaultStartParams, ...SERVER_SETTINGS],
    ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
  });
}

// Part of opening PGlite (reading and compiling its WebAssembly) needs nothing
// from the rest of the app, and V8 does it on background threads: `main.ts`
// starts opening before loading the app's modules, and the next
// `openDatabase` for the same directory takes the database over.
const started = new Map<string, Promise<PGlite>>();

/** Starts opening the embedded database now; the next `takeStartedEmbedded(dataDir)` gets it. */
export function startEmbedded(dataDir: string): void {
  const key = resolve(embeddedDataPath(dataDir));
  if (started.has(key)) return;
  const opening = openEmbedded(dataDir);
  // A failure is reported to whoever takes the promise over, not as an unhandled rejection.
  opening.catch(() => {});
  started.set(key, opening);
}

/** The database `startEmbedded` began opening for dataDir (once), if any. */
export function takeStartedEmbedded(dataDir: string): Promise<PGlite> | undefined {
  const key = resolve(embeddedDataPath(dataDir));
  const opening = started.get(key);
  started.delete(key);
  return opening;
}
