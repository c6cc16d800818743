// 2. Stacked agenda wall time: one agenda measured (its Google fan-out included), then series of group sizes.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedRequest } from '../tests/fakes/google.js';
import { median, procCpuMs, round, sleep } from './lib.js';
import { judgedSizes, PARAMS } from './params.js';
import { command, operator, type GroupSize, type Target } from './setup.js';
import { loadConfig } from '../src/config.js';
import { projectBurst } from '../src/google/quota.js';
import { summarizeProfile, topFunctions } from './profile.js';
import { type Ctx, log, preload, spawnApp } from './spawn-app.js';

export interface AgendaRun {
  wallMs: number;
  ackMs: number;
  googleRequests: number;
  calendarList: number;
  events: number;
  token: number;
  errors: number;
  sequentialMs: number;
  /** Time from sending the command to the first Google request. */
  beforeGoogleMs: number;
  /** First Google request to the last Google answer. */
  googleSpanMs: number;
  /** Last Google answer to the response at response_url. */
  afterGoogleMs: number;
  maxInFlight: number;
  /** TCP connections the app opened to Google during the command (kept-alive ones are reused). */
  googleConnections?: number;
  /**
   * CPU this benchmark process spent during the command: the fake Google, fake Slack and load
   * client all live here, so this says how much of the machine the measuring itself took.
   */
  benchCpuMs?: number;
  /** CPU the app's process spent during the command, all its threads (main, Google transport, V8's and libuv's pools). */
  appCpuMs?: number;
  /** Of that, its main thread's. */
  appMainCpuMs?: number;
  shownClients: number | undefined;
  shownEvents: number | undefined;
  unreadable: boolean;
}

function maxOverlap(reqs: readonly RecordedRequest[], latencyMs: number): number {
  const edges = reqs.flatMap((r) => [
    [r.at, 1],
    [r.at + latencyMs, -1],
  ] as [number, number][]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let best = 0;
  for (const [, d] of edges) {
    cur += d;
    best = Math.max(best, cur);
  }
  return best;
}

export async function agendaRun(ctx: Ctx, target: Target, n: GroupSize | 'warm', latencyMs: number, appPid?: number): Promise<AgendaRun> {
  const text = 'agenda';
  const before = ctx.google.requests.length;
  const connectionsBefore = ctx.google.connections;
  const appCpuBefore = appPid === undefined ? undefined : procCpuMs(appPid);
  const cpuBefore = process.cpuUsage();
  const sentEpoch = Date.now();
  const c = await command(target, text, operator(n), 120_000);
  if (c.ack.status !== 200) throw new Error(`/calstack ${text} was answered ${c.ack.status} after ${Math.round(c.ack.ms)} ms`);
  const res = await c.response;
  const cpu = process.cpuUsage(cpuBefore);
  const appCpuAfter = appPid === undefined ? undefined : procCpuMs(appPid);
  const responseEpoch = ctx.slack.responses.find((r) => r.url === c.responseUrl)?.at ?? Date.now();
  const reqs = ctx.google.requests.slice(before);
  const first = Math.min(...reqs.map((r) => r.at));
  const last = Math.max(...reqs.map((r) => r.at));
  const body = res.body as { text?: string; blocks?: { text?: { text?: string } }[] };
  const header = body.blocks?.[0]?.text?.text ?? '';
  const num = (re: RegExp, s: string) => {
    const m = re.exec(s);
    return m ? Number(m[1]) : undefined;
  };
  return {
    wallMs: round(res.ms),
    ackMs: round(c.ack.ms),
    googleRequests: reqs.length,
    calendarList: reqs.filter((r) => r.path.includes('/calendarList')).length,
    events: reqs.filter((r) => r.path.endsWith('/events')).length,
    token: reqs.filter((r) => r.path === '/token').length,
    errors: reqs.filter((r) => (r.status ?? 200) >= 400).length,
    sequentialMs: reqs.length * latencyMs,
    beforeGoogleMs: reqs.length ? first - sentEpoch : NaN,
    googleSpanMs: reqs.length ? last + latencyMs - first : 0,
    afterGoogleMs: reqs.length ? responseEpoch - (last + latencyMs) : NaN,
    maxInFlight: maxOverlap(reqs, latencyMs),
    googleConnections: ctx.google.connections - connectionsBefore,
    benchCpuMs: round((cpu.user + cpu.system) / 1000),
    ...(appCpuBefore && appCpuAfter ? { appCpuMs: round(appCpuAfter.all - appCpuBefore.all), appMainCpuMs: round(appCpuAfter.main - appCpuBefore.main) } : {}),
    shownClients: num(/(\d+) clients?/, header),
    shownEvents: num(/(\d+) events?/, body.text ?? ''),
    unreadable: JSON.stringify(body).includes('Not shown'),
  };
}

/**
 * How long the app's project-wide Google bucket takes to fill again after an agenda emptied it
 * (its burst at its rate, with the app's defaults). 200-client agendas back to back (400 reads
 * each, 600 cold) ask more than the project's quota lets through at once, and the app rightly
 * spaces them at GOOGLE_PROJECT_RATE: each warm agenda would then measure the previous one's
 * quota, not its own fan-out. So warm agendas are this far apart.
 */
export function projectRefillMs(): number {
  const { projectRate, projectMinuteQuota } = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-defaults', SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef', GOOGLE_CLIENT_ID: 'defaults', GOOGLE_CLIENT_SECRET: 'defaults' }).google;
  return Math.ceil((projectBurst(projectRate, projectMinuteQuota) / projectRate) * 1000);
}

export interface AgendaSize {
  clients: number;
  cold: AgendaRun;
  /** The first warm agendas of a fresh process. */
  warm: AgendaRun[];
  warmMedianMs: number;
  /**
   * Warm agendas again once the process has served PARAMS.agenda.settleRuns more, unmeasured: its
   * code optimized, as a long-running app's is (target 2's sizes only).
   */
  steady?: AgendaRun[];
  steadyMedianMs?: number;
  memory?: { idleBeforeMiB?: number; afterColdMiB?: number; afterWarmMiB?: number; peakHwmMiB?: number };
}

export interface AgendaSeries {
  label: string;
  database: 'embedded' | 'postgresql';
  env: Record<string, string>;
  sizes: AgendaSize[];
}

export async function agendaSeries(
  ctx: Ctx,
  where: { dataDir: string; databaseUrl?: string },
  label: string,
  overrides: Record<string, string>,
  sizes: GroupSize[],
  /** Another build's `dist/main.js` in place of this one's (a baseline measured side by side). */
  script?: string,
  /** A .cpuprofile of the app over its warm agendas (bench/cpu-preload.mjs), logged by place and function. */
  profileFile?: string,
): Promise<AgendaSeries> {
  const L = PARAMS.agenda.googleLatencyMs;
  const out: AgendaSize[] = [];
  for (const n of sizes) {
    // A fresh process per size: the calendar-list and token caches start empty (cold); the code
    // is warmed first on the warm-up client, which no bench operator sees.
    // Without the events cache: a warm agenda repeated within EVENTS_CACHE_SECONDS would not ask
    // Google at all, and this series measures the fan-out (section 5 measures the sharing).
    const { spawned, target } = await spawnApp(ctx, where, { EVENTS_CACHE_SECONDS: '0', ...overrides, ...(profileFile ? { BENCH_CPU_FILE: profileFile } : {}) }, `agenda-${where.databaseUrl ? 'pg' : 'emb'}-${label}-${n}`, {
      ...(script ? { script } : {}),
      ...(profileFile ? { nodeFlags: preload('bench/cpu-preload.mjs') } : {}),
    });
    try {
      ctx.google.setLatency(L);
      await agendaRun(ctx, target, 'warm', L);
      await agendaRun(ctx, target, 'warm', L);
      await sleep(250);
      const idleBeforeMiB = spawned.memory()?.rssMiB;
      const cold = await agendaRun(ctx, target, n, L, spawned.pid);
      const afterColdMiB = spawned.memory()?.rssMiB;
      if (profileFile) {
        process.kill(spawned.pid, 'SIGUSR2');
        await sleep(300);
      }
      const pauseMs = projectRefillMs();
      /** `count` agendas of the size, each once the project's bucket has filled again. */
      const spacedRuns = async (count: number): Promise<AgendaRun[]> => {
        const runs: AgendaRun[] = [];
        for (let i = 0; i < count; i++) {
          await sleep(pauseMs);
          runs.push(await agendaRun(ctx, target, n, L, spawned.pid));
        }
        return runs;
      };
      const warm = await spacedRuns(PARAMS.agenda.warmRuns);
      if (profileFile) {
        process.kill(spawned.pid, 'SIGUSR2');
        await sleep(1500);
        const p = summarizeProfile(profileFile);
        log(ctx, `profile of ${warm.length} warm agendas of ${n} clients: ${p.busyMs} ms busy of ${p.totalMs} ms\n${p.shares.map((x) => `  ${x.where} ${x.ms} ms`).join('\n')}\n${topFunctions(profileFile, 40).map((x) => `  ${x.ms} ms ${x.fn}`).join('\n')}`);
      }
      const mem = spawned.memory();
      // Target 2's sizes: the settling agendas are not measured, the ones after them are.
      const settled = n >= PARAMS.agenda.targetSize;
      if (settled) await spacedRuns(PARAMS.agenda.settleRuns);
      const steady = settled ? await spacedRuns(PARAMS.agenda.warmRuns) : [];
      const medianWall = (runs: AgendaRun[]) => round(median(runs.map((w) => w.wallMs)));
      const warmMedianMs = medianWall(warm);
      const steadyMedianMs = steady.length ? medianWall(steady) : undefined;
      out.push({
        clients: n,
        cold,
        warm,
        warmMedianMs,
        ...(steadyMedianMs !== undefined ? { steady, steadyMedianMs } : {}),
        memory: { idleBeforeMiB, afterColdMiB, afterWarmMiB: mem?.rssMiB, peakHwmMiB: mem?.hwmMiB },
      });
      log(ctx, `agenda ${label} ${n} clients: cold ${Math.round(cold.wallMs)} ms, warm median ${Math.round(warmMedianMs)} ms${steadyMedianMs !== undefined ? `, steady median ${Math.round(steadyMedianMs)} ms` : ''}, ${cold.googleRequests}/${warm[0]?.googleRequests} Google requests, up to ${warm[0]?.maxInFlight} in flight`);
    } finally {
      ctx.google.setLatency(0);
      await spawned.stop();
    }
  }
  return { label, database: where.databaseUrl ? 'postgresql' : 'embedded', env: overrides, sizes: out };
}

/** The label of a series measured on the build in BENCH_BASELINE_DIR. */
const BASELINE_LABEL = 'baseline build, defaults';

/**
 * BENCH_ONLY=agenda: the sizes issue 18 judges (50 and 200 clients), embedded database (PostgreSQL with BENCH_AGENDA_DATABASES=postgresql), app
 * defaults. With BENCH_BASELINE_DIR, a process of the baseline build alternates with one of this
 * build for every size and round, so the two are compared on the same machine at the same time.
 */
export async function agendaAlone(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }): Promise<{ googleLatencyMs: number; series: AgendaSeries[] }> {
  const sizes = judgedSizes(PARAMS.agenda.sizes);
  // BENCH_PROFILE=1: only this build's largest agenda, under a CPU profile (kept in the temp dir).
  if (process.env.BENCH_PROFILE === '1') {
    const profileFile = join(tmpdir(), `calstack-agenda-${process.pid}.cpuprofile`);
    return { googleLatencyMs: PARAMS.agenda.googleLatencyMs, series: [await agendaSeries(ctx, where, 'defaults, profiled', {}, [Math.max(...sizes) as GroupSize], undefined, profileFile)] };
  }
  const baselineDir = process.env.BENCH_BASELINE_DIR;
  const database = where.databaseUrl ? 'postgresql' : 'embedded';
  const current: AgendaSeries = { label: 'defaults', database, env: {}, sizes: [] };
  const baseline: AgendaSeries = { label: BASELINE_LABEL, database, env: {}, sizes: [] };
  for (let r = 0; r < PARAMS.agenda.aloneRounds; r++) {
    for (const n of sizes) {
      const builds = baselineDir ? (r % 2 === 0 ? [baseline, current] : [current, baseline]) : [current];
      for (const series of builds) {
        const script = series === baseline && baselineDir ? join(baselineDir, 'dist/main.js') : undefined;
        series.sizes.push(...(await agendaSeries(ctx, where, series.label, {}, [n], script)).sizes);
      }
    }
  }
  return { googleLatencyMs: PARAMS.agenda.googleLatencyMs, series: baselineDir ? [current, baseline] : [current] };
}
