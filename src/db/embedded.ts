// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) keeping
// its data directory under DATA_DIR. Kept apart from database.ts, which loads
// Prisma, so that `main.ts` can start PGlite before the rest of the app loads.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { fromSource, threadScript } from '../shared/module-thread.js';
import { compileQueryCompilerHere } from './query-compiler-wasm.js';

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
 * faster with it. 8MB instead of 16MB: 8 MiB less resident, which brought the
 * idle process under 200 MB (issue 18, target 4), with the 200-client agenda
 * and the 200-agenda burst no slower in side-by-side rounds. This app's tables
 * are small; a page not in the pool is read from the data directory through
 * the operating system's page cache.
 * Durability is unaffected: this only sizes a cache.
 */
const SERVER_SETTINGS = ['-c', 'shared_buffers=8MB'];

/** PGlite's start parameters with ours after them. */
export function serverStartParams(defaults: readonly string[]): string[] {
  return [...defaults, ...SERVER_SETTINGS];
}

/**
 * PGlite's 9 MB of WebAssembly, compiled on a thread of its own, started before the app's modules
 * load; the compiled module comes back in a message (threads of a process share it). Reading
 * the file and `WebAssembly.compile`'s own part (V8 decodes and validates the whole module before
 * it returns) took ~0.1-0.15 s of this thread, which loading the app keeps busy until PGlite
 * opens. `pgliteWasmModule` is PGlite's option for a precompiled module; without one (the file
 * not where this PGlite version keeps it) PGlite loads it the usual way. Started early, the thread
 * then compiles Prisma's query compiler too (query-compiler-wasm.ts), which the first query needs.
 */
const COMPILE_HERE = { pglite: compilePGliteWasmHere, queryCompiler: compileQueryCompilerHere };

/** What the WebAssembly thread compiles. */
export type ThreadCompiled = keyof typeof COMPILE_HERE;

/** Compiles started early (src/main.ts), each taken once. */
const early = new Map<ThreadCompiled, Promise<WebAssembly.Module | undefined>>();

/** Starts compiling now (src/main.ts, before the configuration loads); the next opening and the first query take the modules. */
export function startPGliteCompile(): void {
  if (early.size) return;
  for (const [name, compiled] of compileOnThread(['pglite', 'queryCompiler'])) early.set(name, compiled);
}

function takeEarly(name: ThreadCompiled): Promise<WebAssembly.Module | undefined> | undefined {
  const compiled = early.get(name);
  early.delete(name);
  return compiled;
}

function compilePGliteWasm(): Promise<WebAssembly.Module | undefined> {
  return takeEarly('pglite') ?? compileOnThread(['pglite']).get('pglite') ?? compilePGliteWasmHere();
}

/** Prisma's query compiler: compiled early on the thread, else here (off this thread, by V8). */
export function queryCompilerModule(): Promise<WebAssembly.Module | undefined> {
  return takeEarly('queryCompiler') ?? compileQueryCompilerHere();
}

/**
 * Here, read synchronously, so the compile starts before this returns: `npm start` loads the app as
 * one bundle right after (scripts/bundle-start.mjs), in one long synchronous evaluation that held an
 * asynchronous read's callback, and so the compile, back until it ended (measured: ~0.4 s later).
 */
export function compilePGliteWasmHere(): Promise<WebAssembly.Module | undefined> {
  try {
    const bytes = readFileSync(new URL('pglite.wasm', import.meta.resolve('@electric-sql/pglite')));
    return WebAssembly.compile(bytes).catch(() => undefined);
  } catch {
    return Promise.resolve(undefined);
  }
}

/** The thread's work: each module compiled in turn, posted as `{ name, module }`. */
export async function compileOnThisThread(names: readonly ThreadCompiled[], post: (answer: { name: ThreadCompiled; module: WebAssembly.Module | undefined }) => void): Promise<void> {
  for (const name of names) post({ name, module: await COMPILE_HERE[name]() });
}

/**
 * Compiles `names` on the thread `embedded-wasm-thread` (next to this module), started now: while
 * the app's modules load this thread has no turn to spare. From source (tests, `npm run dev`)
 * there is no compiled script, and a thread that could not start or ended without answering (its
 * script missing from a damaged build) costs time, not the result: what it did not answer is
 * compiled here.
 */
function compileOnThread(names: readonly ThreadCompiled[]): Map<ThreadCompiled, Promise<WebAssembly.Module | undefined>> {
  const answers = new Map<ThreadCompiled, (module: Promise<WebAssembly.Module | undefined> | WebAssembly.Module | undefined) => void>();
  const compiled = new Map(names.map((name) => [name, new Promise<WebAssembly.Module | undefined>((resolve) => answers.set(name, resolve))] as const));
  const compileRestHere = () => {
    for (const [name, answer] of answers) answer(COMPILE_HERE[name]());
    answers.clear();
  };
  if (fromSource(import.meta.url)) {
    compileRestHere();
    return compiled;
  }
  try {
    const thread = new Worker(threadScript(import.meta.url, 'embedded-wasm-thread'), { name: 'embedded-wasm-thread', workerData: names });
    thread.on('message', (message: { name: ThreadCompiled; module: unknown }) => {
      const answer = answers.get(message.name);
      answers.delete(message.name);
      answer?.(message.module instanceof WebAssembly.Module ? message.module : undefined);
    });
    thread.once('error', () => {});
    thread.once('exit', compileRestHere);
  } catch {
    compileRestHere();
  }
  return compiled;
}

/** How the embedded database came to be, for the start-up log. */
export type EmbeddedOrigin = 'existing' | 'image' | 'initdb';

const origins = new WeakMap<PGlite, EmbeddedOrigin>();

/** Whether `db` was opened as it was, restored from the build's image, or created from nothing. */
export function embeddedOrigin(db: PGlite): EmbeddedOrigin | undefined {
  return origins.get(db);
}

export interface OpenEmbeddedOptions {
  /** The image directory a new database is restored from (see embedded-image.ts); the build's image by default. */
  image?: () => Promise<string | undefined>;
}

/**
 * Opens the embedded database under dataDir. A directory without one gets the build's image
 * when it matches the migrations (embedded-image.ts), else PostgreSQL's initdb; an image that
 * fails to restore is cleared away and initdb runs, so a damaged build costs time, not a start.
 */
export async function openEmbedded(dataDir: string, opts: OpenEmbeddedOptions = {}): Promise<PGlite> {
  const path = embeddedDataPath(dataDir);
  const isNew = !existsSync(join(path, 'PG_VERSION'));
  const [{ PGlite }, pgliteWasmModule, restored] = await Promise.all([
    import('@electric-sql/pglite'),
    compilePGliteWasm(),
    // Copied while PGlite's WebAssembly compiles; opened below like any existing directory.
    isNew ? restore(path, opts.image) : mkdir(path, { recursive: true }).then(() => false),
  ]);
  const create = () =>
    PGlite.create(path, {
      startParams: serverStartParams(PGlite.defaultStartParams),
      ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
    });
  const clear = async () => {
    await rm(path, { recursive: true, force: true });
    await mkdir(path, { recursive: true });
    return undefined;
  };
  let db: PGlite | undefined;
  let origin: EmbeddedOrigin = isNew ? 'initdb' : 'existing';
  if (restored) {
    db = await create().catch(clear);
    if (db) origin = 'image';
  }
  db ??= await create();
  origins.set(db, origin);
  return db;
}

/** Copies the build's image into path (embedded-image.ts), when it matches the migrations. */
async function restore(path: string, image?: () => Promise<string | undefined>): Promise<boolean> {
  const { restoreNewDataDir } = await import('./embedded-image.js');
  return restoreNewDataDir(path, image);
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
