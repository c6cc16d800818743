import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './migrations.js';

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

export function embeddedDataPath(dataDir: string): string {
  return join(dataDir, 'pglite');
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const factory = new PrismaPg({ connectionString: opts.url, max: 10 });
    return wrap('postgresql', factory, async () => {});
  }
  const path = embeddedDataPath(opts.dataDir);
  await mkdir(path, { recursive: true });
  const pglite = await PGlite.create(path);
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
    migrate: () => applyMigrations(factory),
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
