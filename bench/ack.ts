// 1. Ack latency under load: bursts of commands against a slow Google, and where the app's CPU goes during one
// (a separate, unmeasured run).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SentRequest } from '../tests/harness/slack-requests.js';
import { median, round, sleep, summarize, withTimeout, type Summary } from './lib.js';
import { PARAMS } from './params.js';
import { summarizeProfile, type CpuShare } from './profile.js';
import { command, operator, type Target } from './setup.js';
import { type Ctx, log, spawnApp, spawnTrivialBolt, preload } from './spawn-app.js';

export interface AckRound {
  trivial: Summary;
  app: Summary;
  appStatuses: Record<string, number>;
  trivialStatuses: Record<string, number>;
  /** Burst start to the last agenda at response_url. */
  appCompletionMs: number;
  appResponseMs: Summary;
  appAgendas: number;
  appOtherResponses: number;
  /** Commands not acknowledged within Bolt's 3 s (HTTP 404 from Bolt): lost, no response ever comes. */
  appAckFailures: number;
  /** Acks (any status) that took the client longer than 3 s: past Slack's deadline, the user sees an error. */
  appOverDeadline: number;
  /** Acknowledged commands whose response did not arrive within the wait. */
  missingResponses: number;
  /** The app's event loop (bench/eld-preload.mjs): longest stall and busy share while acking, and until the last agenda. */
  eventLoop?: { duringAcksMaxMs: number; untilLastAgendaMaxMs: number; duringAcksBusyPct: number; untilLastAgendaBusyPct: number };
}

export interface AckResult {
  concurrent: number;
  rounds: AckRound[];
  app: Summary;
  trivial: Summary;
  /**
   * The median of the rounds' p99(app) / p99(trivial), what the target is judged on: this
   * machine is shared and noisy, and issue 18 fails a target only on the median of its rounds.
   */
  ratioP99: number;
  /** p99(app) / p99(trivial) over every round's samples pooled: one slow round sets it. */
  pooledRatioP99: number;
  target: number;
  met: boolean;
  /** Over all rounds: commands answered 404 by Bolt because the ack came after 3 s. */
  ackFailures: number;
  /** Over all rounds: acks that took the client longer than 3 s (Slack's deadline). */
  overDeadline: number;
  /** Over all rounds, the same for the trivial app. */
  trivialOverDeadline: number;
  appMemoryAfter?: { rssMiB: number; hwmMiB: number };
  command: string;
  database: 'embedded' | 'postgresql';
}

interface EldLine {
  at: number;
  maxMs: number;
  busy: number;
}

/** The app's longest event-loop stall and how busy its loop was, over a window (from bench/eld-preload.mjs). */
async function eventLoopIn(file: string, from: number, to: number): Promise<{ maxMs: number; busyPct: number }> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as EldLine);
  // Each line covers the ~250 ms before its timestamp.
  const inWindow = lines.filter((l) => l.at > from && l.at - 250 < to);
  const busy = inWindow.length ? inWindow.reduce((a, l) => a + l.busy, 0) / inWindow.length : NaN;
  return { maxMs: round(Math.max(0, ...inWindow.map((l) => l.maxMs))), busyPct: round(100 * busy) };
}

/** Slack shows the user an error when a command is not acknowledged within 3 seconds. */
const SLACK_DEADLINE_MS = 3000;

const statuses = (acks: SentRequest[]) =>
  acks.reduce<Record<string, number>>((acc, a) => ((acc[a.status] = (acc[a.status] ?? 0) + 1), acc), {});

/** Sends the burst; waits (bounded) for the agendas of the commands that were acknowledged. */
export async function burst(target: Target, texts: string[]) {
  const op = operator(200);
  const started = performance.now();
  const startEpoch = Date.now();
  const sent = await Promise.all(texts.map((text) => command(target, text, op, 120_000)));
  const acksEpoch = Date.now();
  // A command Bolt did not see acknowledged within 3 s was answered 404 and is lost: its listener's
  // late ack() throws, so no agenda ever comes. Wait only for the acknowledged ones.
  const delivered = await withTimeout(
    Promise.all(sent.map((s) => (s.ack.status === 200 ? s.response.catch(() => undefined) : Promise.resolve(undefined)))),
    150_000,
    'agenda responses after the ack burst',
  );
  return { sent, delivered, startEpoch, acksEpoch, doneEpoch: Date.now(), completionMs: performance.now() - started };
}

export async function ackLatency(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }): Promise<AckResult> {
  const P = PARAMS.ack;
  const database = where.databaseUrl ? 'postgresql' : 'embedded';
  const eldFile = join(ctx.work, `event-loop-${database}.jsonl`);
  const { spawned, target } = await spawnApp(ctx, where, { BENCH_ELD_FILE: eldFile }, `ack-app-${database}`, { nodeFlags: preload('bench/eld-preload.mjs') });
  const { spawned: trivial, requests: trivialRequests } = await spawnTrivialBolt(ctx, `trivial-bolt-${database}`);
  const op = operator(200);
  const texts = ctx.clients.slice(0, P.concurrent).map((c) => `agenda ${c.slug}`);
  try {
    // Warm-up, one at a time: JIT, connection set-up, the users.info cache.
    for (let i = 0; i < P.warmupRequests; i++) {
      await trivialRequests.command('help', op);
      const c = await command(target, 'help', op, 30_000);
      await c.response;
    }
    ctx.google.setLatency(P.googleLatencyMs);
    const rounds: AckRound[] = [];
    const allApp: number[] = [];
    const allTrivial: number[] = [];
    for (let r = 0; r < P.rounds; r++) {
      const trivialAcks = await Promise.all(texts.map((text) => trivialRequests.command(text, op)));
      await sleep(500);
      const b = await burst(target, texts);
      await sleep(600); // let the monitor write the interval that covers the end
      const responses = b.delivered.filter((x) => x !== undefined);
      const agendas = responses.filter((x) => (x.body.text ?? '').startsWith('Stacked agenda')).length;
      allApp.push(...b.sent.map((s) => s.ack.ms));
      allTrivial.push(...trivialAcks.map((a) => a.ms));
      const acking = await eventLoopIn(eldFile, b.startEpoch, b.acksEpoch);
      const whole = await eventLoopIn(eldFile, b.startEpoch, b.doneEpoch);
      rounds.push({
        trivial: summarize(trivialAcks.map((a) => a.ms)),
        app: summarize(b.sent.map((s) => s.ack.ms)),
        trivialStatuses: statuses(trivialAcks),
        appStatuses: statuses(b.sent.map((s) => s.ack)),
        appCompletionMs: Math.round(b.completionMs),
        appResponseMs: summarize(responses.map((x) => x.ms)),
        appAgendas: agendas,
        appOtherResponses: responses.length - agendas,
        appAckFailures: b.sent.filter((x) => x.ack.status !== 200).length,
        appOverDeadline: b.sent.filter((x) => x.ack.ms > SLACK_DEADLINE_MS).length,
        missingResponses: b.sent.filter((x, i) => x.ack.status === 200 && b.delivered[i] === undefined).length,
        eventLoop: { duringAcksMaxMs: acking.maxMs, duringAcksBusyPct: acking.busyPct, untilLastAgendaMaxMs: whole.maxMs, untilLastAgendaBusyPct: whole.busyPct },
      });
      const last = rounds[rounds.length - 1]!;
      log(ctx, `ack ${database} round ${r + 1}: app p99 ${last.app.p99} ms, trivial p99 ${last.trivial.p99} ms; ${last.appOverDeadline} acks over 3 s, ${last.appAckFailures} answered 404 by Bolt; event loop ${acking.busyPct}% busy, longest stall ${acking.maxMs} ms; ${agendas} agendas in ${Math.round(b.completionMs)} ms`);
      await sleep(1000);
    }
    const appMemoryAfter = spawned.memory();
    const app = summarize(allApp);
    const triv = summarize(allTrivial);
    const ratioP99 = round(median(rounds.map((x) => x.app.p99 / x.trivial.p99)), 2);
    return {
      concurrent: P.concurrent,
      rounds,
      app,
      trivial: triv,
      ratioP99,
      pooledRatioP99: round(app.p99 / triv.p99, 2),
      target: P.targetRatio,
      met: ratioP99 <= P.targetRatio,
      ackFailures: rounds.reduce((a, x) => a + x.appAckFailures, 0),
      overDeadline: allApp.filter((ms) => ms > SLACK_DEADLINE_MS).length,
      trivialOverDeadline: allTrivial.filter((ms) => ms > SLACK_DEADLINE_MS).length,
      ...(appMemoryAfter ? { appMemoryAfter } : {}),
      command: `agenda <one client> (${P.concurrent} different clients, one command each)`,
      database,
    };
  } finally {
    ctx.google.setLatency(0);
    await spawned.stop();
    await trivial.stop();
  }
}

export interface ProfileResult {
  database: 'embedded' | 'postgresql';
  /** CPU time the app's thread spent busy during the profiled burst. */
  busyMs: number;
  /** Wall time of the profile (burst start to last agenda). */
  totalMs: number;
  shares: CpuShare[];
}

export async function profileBurst(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }): Promise<ProfileResult | undefined> {
  const database = where.databaseUrl ? 'postgresql' : 'embedded';
  const file = join(ctx.work, `burst-${database}.cpuprofile`);
  const { spawned, target } = await spawnApp(ctx, where, { BENCH_CPU_FILE: file }, `profile-${database}`, { nodeFlags: preload('bench/cpu-preload.mjs') });
  const waitFor = async (path: string) => {
    for (let i = 0; i < 150 && !existsSync(path) && !existsSync(`${file}.error`); i++) await sleep(100);
    if (existsSync(`${file}.error`)) throw new Error(`profiling failed: ${await readFile(`${file}.error`, 'utf8')}`);
    return existsSync(path);
  };
  try {
    for (let i = 0; i < PARAMS.ack.warmupRequests; i++) await (await command(target, 'help', operator(200), 30_000)).response;
    ctx.google.setLatency(PARAMS.ack.googleLatencyMs);
    process.kill(spawned.pid, 'SIGUSR2');
    if (!(await waitFor(`${file}.started`))) return undefined;
    await burst(target, ctx.clients.slice(0, PARAMS.ack.concurrent).map((c) => `agenda ${c.slug}`));
    process.kill(spawned.pid, 'SIGUSR2');
    if (!(await waitFor(file))) return undefined;
    const summary = summarizeProfile(file);
    log(ctx, `profile ${database}: ${summary.busyMs} ms busy of ${summary.totalMs} ms; top: ${summary.shares.slice(0, 3).map((s) => `${s.where} ${s.pct}%`).join(', ')}`);
    return { database, ...summary };
  } finally {
    ctx.google.setLatency(0);
    await spawned.stop();
  }
}
