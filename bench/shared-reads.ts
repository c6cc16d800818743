// 5. Shared reads (issue 18, target 1): many agendas at once over the same clients, Google slow.
import { percentile, round, sleep } from './lib.js';
import { PARAMS } from './params.js';
import { command, operator } from './setup.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeProfile, topFunctions } from './profile.js';
import { type Ctx, log, preload, spawnApp } from './spawn-app.js';

export interface SharedReadsRound {
  /** Which build answered: this one, or the baseline given in BENCH_BASELINE_DIR (rounds alternate). */
  build?: 'current' | 'baseline';
  /** Agendas answered at their response_url within the deadline. */
  answered: number;
  withinTarget: number;
  p50Ms: number;
  maxMs: number;
  /** events.list requests to Google, and the most for any one calendar and range. */
  events: number;
  mostPerCalendar: number;
  calendars: number;
  calendarList: number;
  /** Google answers of 403/429 (the fake does not enforce quota: this counts any refusal). */
  refused: number;
  /** Most requests any one account made to Google within a second, against GOOGLE_USER_RATE. */
  peakPerAccountPerSecond: number;
  /** From the burst's start: the first Google request, and the last Google answer (where the rest of a reply's time goes). */
  firstGoogleMs: number;
  lastGoogleAnswerMs: number;
}

export interface SharedReadsResult {
  concurrent: number;
  clients: number;
  googleLatencyMs: number;
  rounds: SharedReadsRound[];
}

/** Each round on a fresh process: nothing cached, so every agenda of the burst asks for the same reads at once. */
export async function sharedReadsBurst(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }): Promise<SharedReadsResult> {
  const { concurrent, clients, googleLatencyMs, rounds, targetMs } = PARAMS.sharedReads;
  const out: SharedReadsRound[] = [];
  // BENCH_BASELINE_DIR=<a built checkout of another commit>: its rounds alternate with this build's,
  // in the same run, so a change is judged side by side on a noisy machine.
  const baselineDir = process.env.BENCH_BASELINE_DIR;
  const order = baselineDir
    ? Array.from({ length: rounds }, (_, i) => (i % 2 === 0 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const))).flat()
    : Array.from({ length: rounds }, () => 'current' as const);
  for (const [i, build] of order.entries()) {
    const script = build === 'baseline' && baselineDir ? { script: join(baselineDir, 'dist/main.js') } : {};
    // BENCH_PROFILE=1: the first round under a CPU profile (bench/cpu-preload.mjs), its hottest functions printed; the .cpuprofile is kept in the temp dir.
    const profileFile = process.env.BENCH_PROFILE === '1' && i === 0 && build === 'current' ? join(tmpdir(), `calstack-shared-reads-${process.pid}.cpuprofile`) : undefined;
    const { spawned, target } = await spawnApp(ctx, where, profileFile ? { BENCH_CPU_FILE: profileFile } : {}, `shared-reads-${i + 1}-${build}`, { ...script, ...(profileFile ? { nodeFlags: preload('bench/cpu-preload.mjs') } : {}) });
    try {
      // The code warmed on the client no bench operator sees: the bench clients' caches stay empty.
      await (await command(target, 'agenda', operator('warm'))).response;
      await sleep(250);
      ctx.google.setLatency(googleLatencyMs);
      const before = ctx.google.requests.length;
      if (profileFile) {
        process.kill(spawned.pid, 'SIGUSR2');
        await sleep(300);
      }
      const burstAt = Date.now();
      const sent = await Promise.all(Array.from({ length: concurrent }, () => command(target, 'agenda', operator(clients), 60_000)));
      const replies = await Promise.allSettled(sent.map((s) => s.response));
      if (profileFile) {
        process.kill(spawned.pid, 'SIGUSR2');
        await sleep(1500);
        const s = summarizeProfile(profileFile);
        log(ctx, `profile: ${s.busyMs} ms busy of ${s.totalMs} ms\n${s.shares.map((x) => `  ${x.where} ${x.ms} ms`).join('\n')}\n${topFunctions(profileFile, 40).map((x) => `  ${x.ms} ms ${x.fn}`).join('\n')}`);
      }
      const ms = replies.flatMap((r) => (r.status === 'fulfilled' && JSON.stringify(r.value.body).includes('Stacked agenda') ? [r.value.ms] : []));
      const reqs = ctx.google.requests.slice(before);
      const events = reqs.filter((r) => r.method === 'GET' && r.path.endsWith('/events'));
      const perCalendar = new Map<string, number>();
      for (const r of events) perCalendar.set(JSON.stringify([r.path, r.query]), (perCalendar.get(JSON.stringify([r.path, r.query])) ?? 0) + 1);
      const perAccountSecond = new Map<string, number>();
      for (const r of reqs) {
        const key = `${r.account}:${Math.floor(r.at / 1000)}`;
        perAccountSecond.set(key, (perAccountSecond.get(key) ?? 0) + 1);
      }
      const round_: SharedReadsRound = {
        build,
        answered: ms.length,
        withinTarget: ms.filter((x) => x <= targetMs).length,
        p50Ms: round(percentile(ms, 50)),
        maxMs: round(Math.max(...ms)),
        events: events.length,
        mostPerCalendar: Math.max(0, ...perCalendar.values()),
        calendars: perCalendar.size,
        calendarList: reqs.filter((r) => r.path.includes('/calendarList')).length,
        refused: reqs.filter((r) => r.status === 403 || r.status === 429).length,
        peakPerAccountPerSecond: Math.max(0, ...perAccountSecond.values()),
        firstGoogleMs: Math.min(...reqs.map((r) => r.at)) - burstAt,
        lastGoogleAnswerMs: Math.max(...reqs.map((r) => r.at)) + googleLatencyMs - burstAt,
      };
      out.push(round_);
      log(ctx, `shared reads round ${i + 1} (${build}): ${round_.withinTarget}/${concurrent} agendas within ${targetMs} ms (p50 ${round_.p50Ms} ms, max ${round_.maxMs} ms; Google from ${round_.firstGoogleMs} to ${round_.lastGoogleAnswerMs} ms); ${round_.events} events requests over ${round_.calendars} calendars, at most ${round_.mostPerCalendar} per calendar`);
    } finally {
      ctx.google.setLatency(0);
      await spawned.stop();
    }
  }
  return { concurrent, clients, googleLatencyMs, rounds: out };
}

/**
 * Met on the median round (the machine is shared: one slow round does not fail it): every agenda
 * within the deadline, at most `maxPerCalendar` events.list per calendar and range, nothing refused.
 */
export function sharedReadsMet(r: SharedReadsResult): boolean {
  const rounds = r.rounds.filter((x) => x.build !== 'baseline');
  const med = (pick: (x: SharedReadsRound) => number) => percentile(rounds.map(pick), 50);
  return rounds.length > 0 && med((x) => x.withinTarget) === r.concurrent && med((x) => x.mostPerCalendar) <= PARAMS.sharedReads.maxPerCalendar && med((x) => x.refused) === 0;
}
