// Where the app's start-up time and resident memory go. Plain Node (no tsx), loading the compiled
// app in dist/ the way `npm start` does, one piece at a time; after each step it records the
// step's time, VmRSS (/proc/self/status) and Node's own accounting.
//   node bench/mem-probe.mjs embedded <existing migrated DATA_DIR/pglite dir>
//   node bench/mem-probe.mjs postgres <postgres:// url>
// Prints one JSON line: { steps, timing }.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const MiB = 1024 * 1024;
const steps = [];
let last = 0;

function rssMiB() {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

function record(step, extra = {}) {
  const u = process.memoryUsage();
  const now = performance.now();
  steps.push({
    step,
    // The first step's time is since the process started; the others, since the step before.
    ms: Math.round(now - last),
    rssMiB: rssMiB(),
    heapUsedMiB: Math.round(u.heapUsed / MiB),
    heapTotalMiB: Math.round(u.heapTotal / MiB),
    externalMiB: Math.round(u.external / MiB),
    arrayBuffersMiB: Math.round(u.arrayBuffers / MiB),
    ...extra,
  });
  last = performance.now();
}

/** The lookup the agenda path makes per client (a client row with its managers and connection). */
async function queryTiming(prisma) {
  const shape = {
    where: { teamId: 'T0PROBE', id: 'no-such-client' },
    include: { managers: { select: { userId: true }, orderBy: { userId: 'asc' } }, google: { select: { status: true, googleEmail: true } } },
  };
  for (let i = 0; i < 50; i++) await prisma.client.findFirst(shape);
  const n = 200;
  let t = performance.now();
  for (let i = 0; i < n; i++) await prisma.client.findFirst(shape);
  const sequentialMsPerQuery = (performance.now() - t) / n;
  t = performance.now();
  await Promise.all(Array.from({ length: n }, () => prisma.client.findFirst(shape)));
  return { queries: n, sequentialMsPerQuery: Math.round(sequentialMsPerQuery * 100) / 100, concurrentTotalMs: Math.round(performance.now() - t) };
}

/** What start-up asks before deciding whether Prisma's schema engine is needed (src/db/database.ts). */
async function migrationBookkeeping(prisma) {
  const { localMigrationChecksums } = await import('../dist/db/migrations.js');
  const applied = await prisma.$queryRawUnsafe('SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
  const done = new Map(applied.map((r) => [r.migration_name, r.checksum]));
  return (await localMigrationChecksums()).every(({ name, checksum }) => done.get(name) === checksum);
}

const [mode, where] = process.argv.slice(2);
if ((mode !== 'embedded' && mode !== 'postgres') || !where) {
  console.error('usage: mem-probe.mjs embedded <dir> | postgres <url>');
  process.exit(2);
}

record('node, probe script only');
await import('@slack/bolt');
record('+ @slack/bolt');
await import('../dist/app.js');
record('+ the rest of the app (dist/app.js: Prisma client, Google clients, pino, zod, …; no database driver yet)');
const { PrismaClient } = await import('../dist/generated/prisma/client.js');
let timing;
if (mode === 'embedded') {
  // Opened as the app opens it (dist/db/embedded.js: its server settings, its precompiled WebAssembly).
  const [{ openEmbedded, embeddedDataPath }, { PrismaPGlite }] = await Promise.all([import('../dist/db/embedded.js'), import('pglite-prisma-adapter')]);
  const dataDir = dirname(where);
  if (embeddedDataPath(dataDir) !== where.replace(/\/+$/, '')) throw new Error(`expected a DATA_DIR's pglite directory, got ${where}`);
  const pglite = await openEmbedded(dataDir);
  const heap = () => pglite.mod?.HEAPU8?.length;
  record('+ PGlite: load and open the embedded database', { wasmLinearMemoryMiB: heap() ? Math.round(heap() / MiB) : undefined });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const upToDate = await migrationBookkeeping(prisma);
  await prisma.client.count();
  record('+ Prisma over PGlite: migration bookkeeping check and first queries', { upToDate, wasmLinearMemoryMiB: heap() ? Math.round(heap() / MiB) : undefined });
  timing = await queryTiming(prisma);
  await prisma.$disconnect();
  await pglite.close();
} else {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: where, max: 10 }) });
  const upToDate = await migrationBookkeeping(prisma);
  await prisma.client.count();
  record('+ node-postgres and Prisma over it: migration bookkeeping check and first queries', { upToDate });
  timing = await queryTiming(prisma);
  await prisma.$disconnect();
}
console.log(JSON.stringify({ steps, timing }));
