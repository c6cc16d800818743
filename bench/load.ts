// How busy the machine was with work that is not ours, per phase: system CPU time (/proc/stat)
// minus the CPU time of this process and everything it spawned (/proc/self/stat: own time plus
// reaped children's; /proc/<pid>/stat of the children still running), minus PostgreSQL server
// processes (`postgres`), which are reported apart: during the PostgreSQL phases they mostly
// work for us, but another session's tests may use the same server.
import { readdirSync, readFileSync } from 'node:fs';
import { childPids } from './proc.js';
import { round, sleep } from './lib.js';

function systemTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    return { busy, total: busy + idle! + (iowait ?? 0) };
  } catch {
    return undefined;
  }
}

/** utime + stime (+ cutime + cstime: children already reaped) of a process, in clock ticks. */
function processTicks(pid: number | 'self', withReapedChildren = false): { ticks: number; comm: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": rest[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
    const own = Number(rest[11]) + Number(rest[12]);
    return { ticks: withReapedChildren ? own + Number(rest[13]) + Number(rest[14]) : own, comm };
  } catch {
    return undefined;
  }
}

/** Updates the last-seen CPU ticks of every PostgreSQL server process. */
function seePostgres(seen: Map<number, number>): void {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = processTicks(Number(name));
    if (p && (p.comm === 'postgres' || p.comm.startsWith('postgres:'))) seen.set(Number(name), p.ticks);
  }
}

export interface PhaseLoad {
  phase: string;
  seconds: number;
  /** CPU used by other processes (not ours, not PostgreSQL), as a share of the whole machine (all CPUs). */
  foreignPct: number;
  /** Worst 5-second window of that. */
  foreignPeakPct: number;
  /** CPU used by the benchmark and the processes it spawned. */
  oursPct: number;
  /** CPU used by PostgreSQL server processes (ours or anyone's). */
  postgresPct: number;
}

interface Sample {
  at: number;
  phase: string;
  busy: number;
  total: number;
  ours: number;
  postgres: number;
}

export class LoadMonitor {
  private readonly samples: Sample[] = [];
  private phase = 'start';
  private timer: NodeJS.Timeout | undefined;
  /** Postgres backends come and go: the last ticks seen per pid, so an exit doesn't make the sum drop. */
  private readonly pgSeen = new Map<number, number>();

  private ours(): number {
    let sum = processTicks('self', true)?.ticks ?? 0;
    for (const pid of childPids()) sum += processTicks(pid)?.ticks ?? 0;
    return sum;
  }

  private sample(): void {
    const sys = systemTicks();
    if (!sys) return;
    seePostgres(this.pgSeen);
    let postgres = 0;
    for (const t of this.pgSeen.values()) postgres += t;
    this.samples.push({ at: performance.now(), phase: this.phase, ...sys, ours: this.ours(), postgres });
  }

  start(intervalMs = 1000): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  mark(phase: string): void {
    this.sample();
    this.phase = phase;
  }

  private static foreign(a: Sample, b: Sample): number {
    const dt = b.total - a.total;
    if (dt <= 0) return 0;
    return Math.max(0, b.busy - a.busy - (b.ours - a.ours) - Math.max(0, b.postgres - a.postgres)) / dt;
  }

  stop(): PhaseLoad[] {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    const phases: PhaseLoad[] = [];
    for (const name of [...new Set(this.samples.map((s) => s.phase))]) {
      const idx = this.samples.flatMap((s, i) => (s.phase === name ? [i] : []));
      // A phase spans from the sample taken when it was marked (the one before its first) to its last one.
      const from = Math.max(0, idx[0]! - 1);
      const to = idx[idx.length - 1]!;
      const a = this.samples[from]!;
      const b = this.samples[to]!;
      const dt = b.total - a.total;
      if (dt <= 0 || to <= from) continue;
      let peak = 0;
      for (let i = from; i < to; i++) {
        // The window from sample i to the first sample ≥ 5 s later (or the phase's end).
        let j = i + 1;
        while (j < to && this.samples[j]!.at - this.samples[i]!.at < 5000) j++;
        peak = Math.max(peak, LoadMonitor.foreign(this.samples[i]!, this.samples[j]!));
        if (j === to) break;
      }
      phases.push({
        phase: name,
        seconds: round((b.at - a.at) / 1000),
        foreignPct: round(100 * LoadMonitor.foreign(a, b)),
        foreignPeakPct: round(100 * peak),
        oursPct: round((100 * (b.ours - a.ours)) / dt),
        postgresPct: round((100 * Math.max(0, b.postgres - a.postgres)) / dt),
      });
    }
    return phases;
  }
}

/** Waits (bounded) until other processes use less than `thresholdPct` of the machine over a 3-second window. */
export async function waitForQuiet(maxWaitMs: number, thresholdPct = 15): Promise<{ waitedS: number; foreignPct: number; quiet: boolean }> {
  const started = performance.now();
  let foreignPct = NaN;
  for (let i = 0; i < Math.ceil(maxWaitMs / 3000) + 1; i++) {
    const a = systemTicks();
    const oursA = processTicks('self', true)?.ticks ?? 0;
    await sleep(3000);
    const b = systemTicks();
    const oursB = processTicks('self', true)?.ticks ?? 0;
    if (!a || !b || b.total <= a.total) return { waitedS: 0, foreignPct: NaN, quiet: true };
    foreignPct = round((100 * Math.max(0, b.busy - a.busy - (oursB - oursA))) / (b.total - a.total));
    if (foreignPct < thresholdPct) return { waitedS: round((performance.now() - started) / 1000), foreignPct, quiet: true };
    if (performance.now() - started >= maxWaitMs) break;
  }
  return { waitedS: round((performance.now() - started) / 1000), foreignPct, quiet: false };
}
