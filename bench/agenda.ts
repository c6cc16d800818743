// 2. Stacked agenda wall time: one agenda measured (its Google fan-out included), then series of group sizes.
import type { RecordedRequest } from '../tests/fakes/google.js';
import { median, round, sleep } from './lib.js';
import { PARAMS } from './params.js';
import { command, operator, type GroupSize, type Target } from './setup.js';
import { type Ctx, log, spawnApp } from './spawn-app.js';

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

export async function agendaRun(ctx: Ctx, target: Target, n: GroupSize | 'warm', latencyMs: number, text = 'agenda'): Promise<AgendaRun> {
  const before = ctx.google.requests.length;
  const sentEpoch = Date.now();
  const c = await command(target, text, operator(n), 120_000);
  if (c.ack.status !== 200) throw new Error(`/calstack ${text} was answered ${c.ack.status} after ${Math.round(c.ack.ms)} ms`);
  const res = await c.response;
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
    shownClients: num(/(\d+) clients?/, header),
    shownEvents: num(/(\d+) events?/, body.text ?? ''),
    unreadable: JSON.stringify(body).includes('Not shown'),
  };
}

export interface AgendaSize {
  clients: number;
  cold: AgendaRun;
  warm: AgendaRun[];
  warmMedianMs: number;
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
): Promise<AgendaSeries> {
  const L = PARAMS.agenda.googleLatencyMs;
  const out: AgendaSize[] = [];
  for (const n of sizes) {
    // A fresh process per size: the calendar-list and token caches start empty (cold); the code
    // is warmed first on the warm-up client, which no bench operator sees.
    // Without the events cache: a warm agenda repeated within EVENTS_CACHE_SECONDS would not ask
    // Google at all, and this series measures the fan-out (section 5 measures the sharing).
    const { spawned, target } = await spawnApp(ctx, where, { EVENTS_CACHE_SECONDS: '0', ...overrides }, `agenda-${where.databaseUrl ? 'pg' : 'emb'}-${label}-${n}`);
    try {
      ctx.google.setLatency(L);
      await agendaRun(ctx, target, 'warm', L);
      await agendaRun(ctx, target, 'warm', L);
      await sleep(250);
      const idleBeforeMiB = spawned.memory()?.rssMiB;
      const cold = await agendaRun(ctx, target, n, L);
      const afterColdMiB = spawned.memory()?.rssMiB;
      const warm: AgendaRun[] = [];
      for (let i = 0; i < PARAMS.agenda.warmRuns; i++) {
        await sleep(250);
        warm.push(await agendaRun(ctx, target, n, L));
      }
      const mem = spawned.memory();
      out.push({
        clients: n,
        cold,
        warm,
        warmMedianMs: round(median(warm.map((w) => w.wallMs))),
        memory: { idleBeforeMiB, afterColdMiB, afterWarmMiB: mem?.rssMiB, peakHwmMiB: mem?.hwmMiB },
      });
      log(ctx, `agenda ${label} ${n} clients: cold ${Math.round(cold.wallMs)} ms, warm median ${Math.round(median(warm.map((w) => w.wallMs)))} ms, ${cold.googleRequests}/${warm[0]?.googleRequests} Google requests, up to ${warm[0]?.maxInFlight} in flight`);
    } finally {
      ctx.google.setLatency(0);
      await spawned.stop();
    }
  }
  return { label, database: where.databaseUrl ? 'postgresql' : 'embedded', env: overrides, sizes: out };
}
