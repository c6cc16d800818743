import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaClient } from '../generated/prisma/client.js';
import { openEmbedded, queryCompilerModule, takeStartedEmbedded } from './embedded.js';
import { applyMigrations, localMigrationChecksums } from './migrations.js';
import type { Logger } from '../logger.js';
import { type ReadSharing, unshared, watchWrites } from './read-sharing.js';
import { compiledQueryCompiler } from './query-compiler-wasm.js';

export { embeddedDataPath } from './embedded.js';

export type Db = PrismaClient;

const PING_TIMEOUT_MS = 2000;

/** How another library (the job engine) reaches the same database: PGlite's one connection, or the server. */
export type DatabaseConnection = { kind: 'embedded'; pglite: PGlite } | { kind: 'postgresql'; url: string };

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseConnection['kind'];
  connection: DatabaseConnection;
  /** Applies pending migrations; returns the names it applied. */
  migrate(): Promise<string[]>;
  /** Identical reads shared until the next write (embedded: one process sees every write); on PostgreSQL each runs its own. */
  sharedReads: ReadSharing;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; unset means the embedded PGlite database under dataDir. */
  url?: string | undefined;
  dataDir: string;
  /** PostgreSQL: how long to wait for a server that does not answer yet (0: try once). */
  connectTimeoutMs?: number;
  /** PostgreSQL: how long to wait for another process that is migrating. */
  migrationLockWaitMs?: number;
  log?: Pick<Logger, 'info' | 'warn'>;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  // Each driver is loaded only when used: PGlite's WebAssembly costs memory and start-up time.
  if (opts.url) return openPostgres(opts.url, opts);
  // main.ts may already have started opening it (see embedded.ts).
  const [{ PrismaPGlite }, pglite] = await Promise.all([
    import('pglite-prisma-adapter'),
    takeStartedEmbedded(opts.dataDir) ?? openEmbedded(opts.dataDir),
  ]);
  const { factory, sharing } = watchWrites(new PrismaPGlite(pglite));
  return wrap({ kind: 'embedded', pglite }, factory, () => pglite.close(), sharing);
}

async function openPostgres(url: string, opts: DatabaseOptions): Promise<Database> {
  const [{ PrismaPg }, { default: pg }, { waitForServer }, { withMigrationLock, MIGRATION_LOCK_WAIT_MS }] = await Promise.all([
    import('@prisma/adapter-pg'),
    import('pg'),
    import('./wait-for-server.js'),
    import('./migration-lock.js'),
  ]);
  await waitForServer(url, {
    timeoutMs: opts.connectTimeoutMs ?? 0,
    onRetry: (attempt) => opts.log?.warn(attempt, 'waiting for the database'),
  });
  const db = wrap({ kind: 'postgresql', url }, new PrismaPg({ connectionString: url, max: 10 }), async () => {});
  const migrateLocked = () =>
    withMigrationLock(
      url,
      {
        waitMs: opts.migrationLockWaitMs ?? MIGRATION_LOCK_WAIT_MS,
        onWait: () => opts.log?.info('another process is migrating the database; waiting for it'),
      },
      async () => {
        // Whoever held the lock may have applied everything meanwhile.
        if (await upToDate(db.prisma)) return [];
        // A pool of its own, ended at once, so the schema engine's own
        // advisory lock goes with its connection (see migration-lock.ts).
        const pool = new pg.Pool({ connectionString: url, max: 1 });
        try {
          return await applyMigrations(new PrismaPg(pool));
        } finally {
          await pool.end();
        }
      },
    );
  return { ...db, migrate: async () => ((await upToDate(db.prisma)) ? [] : migrateLocked()) };
}

function wrap(
  connection: DatabaseConnection,
  factory: SqlMigrationAwareDriverAdapterFactory,
  closeDriver: () => Promise<void>,
  sharedReads: ReadSharing = unshared,
): Database {
  // The generated client's options type leaves out the runtime's `__internal`, which it accepts.
  const queryCompiler: object = compiledQueryCompiler(queryCompilerModule);
  const prisma = new PrismaClient({ adapter: factory, ...queryCompiler });
  let closed = false;
  return {
    prisma,
    kind: connection.kind,
    connection,
    sharedReads,
    async migrate() {
      // Loading Prisma's schema engine (WebAssembly) costs about a second: skip
      // it when every migration on disk is already applied with the same checksum.
      if (await upToDate(prisma)) return [];
      return applyMigrations(factory);
    },
    async ping() {
      if (closed) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      try {
        const query = prisma.$queryRaw`SELECT 1`.then(() => true, () => false);
        return await Promise.race([query, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}

async function upToDate(prisma: PrismaClient): Promise<boolean> {
  let applied: { migration_name: string; checksum: string }[];
  try {
    applied = await prisma.$queryRawUnsafe(
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
  } catch {
    return false; // no bookkeeping table yet: a new database
  }
  const done = new Map(applied.map((r) => [r.migration_name, r.checksum]));
  const local = await localMigrationChecksums();
  return local.every(({ name, checksum }) => done.get(name) === checksum);
}
