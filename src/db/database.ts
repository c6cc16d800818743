import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.js';
import { openEmbedded, takeStartedEmbedded } from './embedded.js';
import { applyMigrations, localMigrationChecksums } from './migrations.js';

export { embeddedDataPath } from './embedded.js';

export type Db = PrismaClient;

const PING_TIMEOUT_MS = 2000;

export interface Database {
  prisma: PrismaClient;
  kind: 'embedded' | 'postgresql';
  /** Applies pending migrations; returns the names it applied. */
  migrate(): Promise<string[]>;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; unset means the embedded PGlite database under dataDir. */
  url?: string | undefined;
  dataDir: string;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  // Each driver is loaded only when used: PGlite's WebAssembly costs memory and start-up time.
  if (opts.url) {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const factory = new PrismaPg({ connectionString: opts.url, max: 10 });
    return wrap('postgresql', factory, async () => {});
  }
  // main.ts may already have started opening it (see embedded.ts).
  const [{ PrismaPGlite }, pglite] = await Promise.all([
    import('pglite-prisma-adapter'),
    takeStartedEmbedded(opts.dataDir) ?? openEmbedded(opts.dataDir),
  ]);
  return wrap('embedded', new PrismaPGlite(pglite), () => pglite.close());
}

function wrap(
  kind: Database['kind'],
  factory: SqlMigrationAwareDriverAdapterFactory,
  closeDriver: () => Promise<void>,
): Database {
  const prisma = new PrismaClient({ adapter: factory });
  let closed = false;
  return {
    prisma,
    kind,
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
