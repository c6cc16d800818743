// The shape of bench/results.json, from which BENCHMARKS.md is rendered.
import type { AckResult, ProfileResult } from './ack.js';
import type { AgendaRun, AgendaSeries, AgendaSize } from './agenda.js';
import type { ColdStartResult, DatabaseColdStart, MemoryProbeStep, QueryTiming } from './cold-start.js';
import type { PhaseLoad } from './load.js';
import type { PARAMS } from './params.js';
import type { RefreshTrial } from './refresh.js';
import type { RaceResult, SetupTiming } from './setup.js';
import type { SharedReadsResult } from './shared-reads.js';
import type { MetricsCostResult } from './metrics-cost.js';
import type { DigestBurstResult } from './digest-burst.js';
import type { MemorySettingsResult } from './memory.js';

// The parts BENCHMARKS.md renders one by one.
export type { AckResult, AgendaRun, AgendaSeries, AgendaSize, ColdStartResult, MemoryProbeStep, ProfileResult };

export interface Results {
  meta: {
    date: string;
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    totalMemoryMiB: number;
    durationS: number;
    postgres: { used: boolean; serverVersion?: string; note: string };
    params: typeof PARAMS;
    /** Other processes' CPU use: before the run (after waiting for a quiet machine) and per phase. */
    load: { beforeRun: { waitedS: number; foreignPct: number; quiet: boolean }; phases: PhaseLoad[] };
    /** Sections re-run alone (BENCH_ONLY) after this run, whose numbers replaced the run's. */
    reruns?: { section: string; date: string; commit: string; srcChanged: boolean; durationS: number; foreignPctBefore: number; phases: PhaseLoad[] }[];
    /** Spawns retried because something outside the benchmark killed the process before it was ready. */
    spawnRetries: number;
    app: {
      commit: string;
      /** Uncommitted changes in src/ or prisma/ when the run started. */
      srcChanged: boolean;
      start: string;
      buildMs: number;
      /** The app's defaults for the settings that shape the fan-out (from src/config.ts). */
      defaults: { googleConcurrency: number; googleUserRate: number; calendarCacheSeconds: number; eventsCacheSeconds?: number };
    };
  };
  setup: { embedded: SetupTiming; postgresql?: SetupTiming };
  /** 20 client forms submitted at once into a new workspace. */
  firstClientsRace: { embedded: RaceResult; postgresql?: RaceResult };
  ack: AckResult;
  ackPostgres?: AckResult;
  profile: { embedded?: ProfileResult; postgresql?: ProfileResult };
  agenda: { googleLatencyMs: number; series: AgendaSeries[] };
  requests: { refresh: RefreshTrial[] };
  /** Issue 18, target 1; absent from results made before it was measured. */
  sharedReads?: SharedReadsResult;
  /** Issue 16: ack latency with metrics served vs not; absent from results made before it was measured. */
  metricsCost?: MetricsCostResult;
  /** Issue 18, target 5; absent from results made before it was measured. */
  digestBurst?: DigestBurstResult;
  /** Issue 18, target 4: memory and speed with V8/allocator settings side by side (BENCH_ONLY=memory). */
  memorySettings?: MemorySettingsResult;
  coldStart: { embedded: DatabaseColdStart; postgresql?: DatabaseColdStart };
  memory: {
    nodeBaselineRssMiB: number;
    tsxBaselineRssMiB: number;
    probeEmbedded: MemoryProbeStep[];
    probePostgres?: MemoryProbeStep[];
    /** The agenda path's client lookup, timed in the probe process (empty tables: a lower bound). */
    queryTiming: { embedded: QueryTiming; postgresql?: QueryTiming };
  };
}
