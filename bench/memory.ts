// 4b. Memory with and without V8/allocator settings, side by side: per round and setting, one app
// process on the migrated database: idle RSS, then the 200-client agenda (cold, then warm) and a burst
// of agendas at once, recording their times (what a setting costs) and RSS after each (what grows).
// Settings alternate within each round, so a busy moment of the machine hits all of them alike.
import { median, round, sleep, summarize, type Summary } from './lib.js';
import { PARAMS } from './params.js';
import { agendaRun } from './agenda.js';
import { burst } from './ack.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Ctx, log, preload, spawnApp } from './spawn-app.js';
import { START, START_ENV } from '../tests/harness/node.js';

export interface MemorySetting {
  label: string;
  /** Node/V8 flags before the script (dist/main.js, nothing else). */
  nodeFlags: string[];
  /** Environment settings (e.g. MALLOC_ARENA_MAX); npm start's are not added. */
  env?: Record<string, string>;
  /** Another build's dist/main.js instead of this one's (e.g. a copy built with other database settings). */
  script?: string;
}

/** What the resident memory is made of at one moment (bench/mem-preload.mjs). */
export interface MemoryBreakdown {
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
  /** Resident part of PGlite's WebAssembly linear memory. */
  wasmMemoryMiB: number;
  /** malloc's main heap (brk). */
  mallocHeapMiB: number;
  /** Every other anonymous mapping: V8's heap pages, compiled code, thread stacks and arenas. */
  otherAnonMiB: number;
  /** Mapped files: node's own binary, mostly. */
  fileMiB: number;
  /** heapUsed after a full collection the preload forces once it has measured the rest. */
  liveHeapUsedMiB: number;
}

export interface MemoryRound {
  setting: string;
  database?: 'embedded' | 'postgresql';
  /** Idle, and after the 200-client agendas (cold and warm). */
  breakdown?: { idle?: MemoryBreakdown; after200?: MemoryBreakdown };
  round: number;
  readyMs: number;
  idleMiB?: number;
  after200ColdMiB?: number;
  after200WarmMiB?: number;
  afterBurstMiB?: number;
  /** RSS sampled after the 200-client agendas, the process left alone: [seconds after, MiB]. */
  settling?: [number, number][];
  peakMiB?: number;
  agenda200ColdMs: number;
  agenda200WarmMs: number[];
  burstAck: Summary;
  burstCompletionMs: number;
}

export interface MemorySettingsResult {
  settings: MemorySetting[];
  rounds: MemoryRound[];
  /** Per setting: medians over rounds. */
  medians: Record<string, { idleMiB: number; after200WarmMiB: number; afterBurstMiB: number; agenda200WarmMs: number; agenda200ColdMs: number; burstAckP99: number; burstCompletionMs: number }>;
}

// npm start's settings (package.json) against none of them.
const DEFAULT_SETTINGS: MemorySetting[] = [
  { label: 'none', nodeFlags: [] },
  { label: 'npm start', nodeFlags: START.slice(0, -1), env: START_ENV },
];

/** BENCH_MEM_SETTINGS='[{"label":..,"nodeFlags":[..],"env":{..}}]' replaces the settings compared. */
function settings(): MemorySetting[] {
  const raw = process.env.BENCH_MEM_SETTINGS;
  return raw ? (JSON.parse(raw) as MemorySetting[]) : DEFAULT_SETTINGS;
}

/** When RSS is read again after the agendas, the app left alone (seconds): does it give memory back by itself? */
const SETTLE_AT_S = [1, 2, 5, 10, 20, 30];

async function oneRound(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }, s: MemorySetting, round_: number): Promise<MemoryRound> {
  const L = PARAMS.agenda.googleLatencyMs;
  const memFile = join(ctx.work, `memory-${s.label.replace(/\W+/g, '-')}-${round_}.jsonl`);
  const { spawned, target } = await spawnApp(ctx, where, { EVENTS_CACHE_SECONDS: '0', BENCH_MEM_FILE: memFile, ...s.env }, `memory-${s.label.replace(/\W+/g, '-')}-${round_}`, {
    nodeFlags: [...preload('bench/mem-preload.mjs'), ...s.nodeFlags],
    script: s.script ?? START.at(-1)!,
  });
  /** Asks the app's preload what its memory is made of now. */
  const breakdown = async (): Promise<MemoryBreakdown | undefined> => {
    const before = (await readFile(memFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    process.kill(spawned.pid, 'SIGUSR2');
    for (let i = 0; i < 50; i++) {
      await sleep(100);
      const lines = (await readFile(memFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      if (lines.length > before) return JSON.parse(lines.at(-1)!) as MemoryBreakdown;
    }
    return undefined;
  };
  try {
    await sleep(PARAMS.coldStart.idleSettleMs);
    const idleMiB = spawned.memory()?.rssMiB;
    const idle = await breakdown();
    ctx.google.setLatency(L);
    await agendaRun(ctx, target, 'warm', L);
    const cold = await agendaRun(ctx, target, 200, L);
    const after200ColdMiB = spawned.memory()?.rssMiB;
    const warm: number[] = [];
    for (let i = 0; i < PARAMS.agenda.warmRuns; i++) warm.push((await agendaRun(ctx, target, 200, L)).wallMs);
    const after200WarmMiB = spawned.memory()?.rssMiB;
    const settling: [number, number][] = [];
    const agendasDone = performance.now();
    for (const at of SETTLE_AT_S) {
      await sleep(Math.max(0, at * 1000 - (performance.now() - agendasDone)));
      const rss = spawned.memory()?.rssMiB;
      if (rss !== undefined) settling.push([at, rss]);
    }
    // After the settling: the breakdown's forced collection would change what comes after it.
    const after200 = await breakdown();
    ctx.google.setLatency(PARAMS.ack.googleLatencyMs);
    const b = await burst(target, ctx.clients.slice(0, PARAMS.ack.concurrent).map((c) => `agenda ${c.slug}`));
    const mem = spawned.memory();
    const r: MemoryRound = {
      setting: s.label,
      database: where.databaseUrl ? 'postgresql' : 'embedded',
      breakdown: { ...(idle ? { idle } : {}), ...(after200 ? { after200 } : {}) },
      round: round_,
      readyMs: round(spawned.readyMs),
      idleMiB,
      after200ColdMiB,
      after200WarmMiB,
      afterBurstMiB: mem?.rssMiB,
      settling,
      peakMiB: mem?.hwmMiB,
      agenda200ColdMs: cold.wallMs,
      agenda200WarmMs: warm,
      burstAck: summarize(b.sent.map((x) => x.ack.ms)),
      burstCompletionMs: round(b.completionMs),
    };
    log(ctx, `memory ${s.label} round ${round_}: made of ${JSON.stringify(r.breakdown)}`);
    log(ctx, `memory ${s.label} round ${round_}: idle ${idleMiB} MiB, after 200-client agendas ${after200WarmMiB} MiB (then ${settling.map(([at, m]) => `${m} at +${at} s`).join(', ')}), after burst ${r.afterBurstMiB} MiB; agenda cold ${Math.round(cold.wallMs)} ms, warm ${warm.map(Math.round).join('/')} ms; burst ack p99 ${r.burstAck.p99} ms, done in ${Math.round(r.burstCompletionMs)} ms`);
    return r;
  } finally {
    ctx.google.setLatency(0);
    await spawned.stop();
  }
}

export async function memorySettings(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }): Promise<MemorySettingsResult> {
  // On PostgreSQL the labels say so: both databases' rounds can sit in one result.
  const list = settings().map((s) => (where.databaseUrl ? { ...s, label: `PostgreSQL, ${s.label}` } : s));
  const rounds: MemoryRound[] = [];
  const n = Number(process.env.BENCH_MEM_ROUNDS) || 3;
  for (let r = 1; r <= n; r++) {
    // Rotated each round, so no setting always runs first.
    const order = list.map((_, i) => list[(i + r - 1) % list.length]!);
    for (const s of order) rounds.push(await oneRound(ctx, where, s, r));
  }
  const med = (label: string, f: (x: MemoryRound) => number | undefined) => round(median(rounds.filter((x) => x.setting === label).map((x) => f(x) ?? NaN)));
  const medians = Object.fromEntries(
    list.map((s) => [
      s.label,
      {
        idleMiB: med(s.label, (x) => x.idleMiB),
        after200WarmMiB: med(s.label, (x) => x.after200WarmMiB),
        afterBurstMiB: med(s.label, (x) => x.afterBurstMiB),
        agenda200ColdMs: med(s.label, (x) => x.agenda200ColdMs),
        agenda200WarmMs: med(s.label, (x) => median(x.agenda200WarmMs)),
        burstAckP99: med(s.label, (x) => x.burstAck.p99),
        burstCompletionMs: med(s.label, (x) => x.burstCompletionMs),
      },
    ]),
  );
  for (const [label, m] of Object.entries(medians)) log(ctx, `memory ${label} (median of ${n}): ${JSON.stringify(m)}`);
  return { settings: list, rounds, medians };
}
