// 4. Cold start and memory: `npm start`, tsx and source-map starts, the idle process's memory, and the memory probe.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase } from '../tests/harness/database.js';
import { ROOT, TSX_IMPORT } from '../tests/harness/node.js';
import { median, round, sleep } from './lib.js';
import { PARAMS, type Launch, LAUNCH_COMMAND, launchLabel } from './params.js';
import { runNode } from './proc.js';
import { type Ctx, log, spawnApp, startupMsFromLog } from './spawn-app.js';

export interface ColdStartRun {
  readyMs: number;
  /** The app's own startupMs (inside startApp: database open, migration check, wiring). */
  appStartupMs?: number;
  /** Of which pg-boss's start (its tables already there, as after the first start). */
  jobsStartupMs?: number;
  idleRssMiB?: number;
}

export interface ColdStartResult {
  database: 'embedded' | 'postgresql';
  /** Embedded: started on an empty DATA_DIR (a first start) rather than a migrated one (a restart). */
  fresh?: boolean;
  launch: Launch;
  command: string;
  runs: ColdStartRun[];
  medianReadyMs: number;
  medianIdleRssMiB: number;
  medianAppStartupMs?: number;
}

interface ColdStartVariant {
  database: 'embedded' | 'postgresql';
  launch: Launch;
  databaseUrl?: string | undefined;
  /** Embedded: started on an empty DATA_DIR (a first start). */
  fresh?: boolean;
}

/** One start of `v`, timed to /readyz, then its idle memory. */
async function coldStartRun(ctx: Ctx, v: ColdStartVariant, i: number): Promise<ColdStartRun> {
  const { database, launch, databaseUrl, fresh = false } = v;
  // Embedded: a fresh copy of the migrated template each time (the copy is not timed), or,
  // for a first start, an empty directory.
  const db = database === 'embedded' && !fresh ? await createTestDatabase() : undefined;
  const dataDir = db?.dataDir ?? (await mkdtemp(join(ctx.work, 'pgdata-')));
  try {
    const { spawned } = await spawnApp(ctx, { dataDir, ...(databaseUrl ? { databaseUrl } : {}) }, {}, `coldstart-${database}${fresh ? '-fresh' : ''}-${launchLabel[launch]}-${i + 1}`, { launch });
    try {
      await sleep(PARAMS.coldStart.idleSettleMs);
      const appStartupMs = await startupMsFromLog(spawned.logFile);
      const jobsStartupMs = await startupMsFromLog(spawned.logFile, 'jobsStartupMs');
      return {
        readyMs: round(spawned.readyMs),
        ...(appStartupMs !== undefined ? { appStartupMs } : {}),
        ...(jobsStartupMs !== undefined ? { jobsStartupMs } : {}),
        idleRssMiB: spawned.memory()?.rssMiB,
      };
    } finally {
      await spawned.stop();
    }
  } finally {
    if (db) await db.drop();
  }
}

function coldStartResult(ctx: Ctx, v: ColdStartVariant, runs: ColdStartRun[]): ColdStartResult {
  const { database, launch, fresh = false } = v;
  const startups = runs.map((r) => r.appStartupMs).filter((x): x is number => x !== undefined);
  log(ctx, `cold start ${database}${fresh ? ' (fresh DATA_DIR)' : ''}, ${LAUNCH_COMMAND[launch]}: ${runs.map((r) => Math.round(r.readyMs)).join(', ')} ms; idle ${runs.map((r) => Math.round(r.idleRssMiB ?? NaN)).join(', ')} MiB`);
  return {
    database,
    ...(fresh ? { fresh } : {}),
    launch,
    command: LAUNCH_COMMAND[launch],
    runs,
    medianReadyMs: round(median(runs.map((r) => r.readyMs))),
    medianIdleRssMiB: round(median(runs.map((r) => r.idleRssMiB ?? NaN))),
    ...(startups.length ? { medianAppStartupMs: median(startups) } : {}),
  };
}

export interface MemoryProbeStep {
  step: string;
  /** Time this step took (the first: since the process started). */
  ms: number;
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
  wasmLinearMemoryMiB?: number;
}

export interface QueryTiming {
  queries: number;
  sequentialMsPerQuery: number;
  concurrentTotalMs: number;
}

export async function baselineRss(ctx: Ctx, withTsx: boolean): Promise<number> {
  const out = await runNode([...(withTsx ? TSX_IMPORT : []), join(ROOT, 'bench/rss.mjs')], { cwd: ctx.work });
  return round(Number(out) / 1024);
}

export async function memoryProbe(ctx: Ctx, mode: 'embedded' | 'postgres', where: string): Promise<{ steps: MemoryProbeStep[]; timing: QueryTiming }> {
  const out = await runNode([join(ROOT, 'bench/mem-probe.mjs'), mode, where], { cwd: ctx.work, timeoutMs: 120_000 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { steps: MemoryProbeStep[]; timing: QueryTiming };
}

export interface DatabaseColdStart {
  npmStart: ColdStartResult;
  tsx: ColdStartResult;
  /** `npm start` with --enable-source-maps: what source maps would cost at start. */
  withSourceMaps: ColdStartResult;
  /** Embedded only: `npm start` on an empty DATA_DIR, the first start of a new install. */
  firstStart?: ColdStartResult;
}

export async function allColdStarts(ctx: Ctx, database: 'embedded' | 'postgresql', databaseUrl?: string): Promise<DatabaseColdStart> {
  const npmStart: ColdStartVariant = { database, launch: 'npm start', databaseUrl };
  const tsx: ColdStartVariant = { database, launch: 'tsx', databaseUrl };
  const withSourceMaps: ColdStartVariant = { database, launch: 'source maps', databaseUrl };
  const firstStart: ColdStartVariant | undefined = database === 'embedded' ? { database, launch: 'npm start', fresh: true } : undefined;
  const variants = [npmStart, tsx, withSourceMaps, ...(firstStart ? [firstStart] : [])];
  const runs = new Map<ColdStartVariant, ColdStartRun[]>(variants.map((v) => [v, []]));
  // Round-robin, one start of each variant in turn: a noisy minute of this shared machine then
  // falls on every variant alike, not on one variant's five starts in a row (until 5 December
  // 2026 each variant ran its five in a row).
  for (let i = 0; i < PARAMS.coldStart.runs; i++) {
    for (const v of variants) runs.get(v)?.push(await coldStartRun(ctx, v, i));
  }
  const result = (v: ColdStartVariant) => coldStartResult(ctx, v, runs.get(v) ?? []);
  return {
    npmStart: result(npmStart),
    tsx: result(tsx),
    withSourceMaps: result(withSourceMaps),
    ...(firstStart ? { firstStart: result(firstStart) } : {}),
  };
}
