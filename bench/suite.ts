// The measurements behind `npm run bench`. Method in short (BENCHMARKS.md has the long form):
//
// - The app runs as its own process, exactly as `npm start` runs it (`node dist/main.js`,
//   after the same stale-check build `prestart` does), configured through its
//   environment to talk to the fake Slack and fake Google, which run in this process together
//   with the load client. Keeping the app's event loop apart from the client's is what makes an
//   ack time "what Slack would see": in one process, the app's background work would also hold
//   back the client reading the ack.
// - Clients are created with signed view_submissions and connected through the real link flow
//   (`/calstack connect` → DM'd link → fake Google consent → our callback), 20 flows at a time.
// - The refresh-count check (3b) runs the app in-process through the test harness, because it
//   has to move a stored token's expiry into the past with Prisma while the app runs.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdtemp, mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { startFakeSlack, type FakeSlack } from '../tests/fakes/slack.js';
import { startFakeGoogle, type FakeGoogle, type RecordedRequest } from '../tests/fakes/google.js';
import { createTestDatabase, type TestDatabase } from '../tests/harness/database.js';
import { freePort, startTestApp, type TestApp } from '../tests/harness/app.js';
import { SlackRequests, type SentRequest } from '../tests/harness/slack-requests.js';
import { ROOT, TSX_IMPORT } from '../tests/harness/node.js';
import { applyMigrations } from '../src/db/migrations.js';
import { loadConfig } from '../src/config.js';
import { median, round, sleep, summarize, withTimeout, type Summary } from './lib.js';
import { runNode, spawnNode, spawnRetries } from './proc.js';
import {
  addOperators,
  benchClients,
  command,
  GROUP_SIZES,
  operator,
  firstClientsRace,
  seedGoogle,
  setupClients,
  TEAM,
  warmupClient,
  type BenchClient,
  type GroupSize,
  type RaceResult,
  type SetupTiming,
  type Target,
} from './setup.js';
import { renderMarkdown } from './report.js';
import { LoadMonitor, waitForQuiet, type PhaseLoad } from './load.js';
import { summarizeProfile, type CpuShare } from './profile.js';

// ---------------------------------------------------------------------------------------------
// Parameters

// BENCH_QUICK=1 shrinks everything for a smoke run of the benchmark itself (numbers not comparable).
const QUICK = process.env.BENCH_QUICK === '1';

export const PARAMS = {
  quick: QUICK,
  clients: QUICK ? 50 : 200,
  setupWidth: 20,
  ack: { concurrent: QUICK ? 50 : 200, rounds: QUICK ? 1 : 3, googleLatencyMs: 1000, warmupRequests: 20, targetRatio: 1.5 },
  agenda: {
    sizes: (QUICK ? [1, 10, 50] : [...GROUP_SIZES]) as GroupSize[],
    googleLatencyMs: 100,
    warmRuns: QUICK ? 2 : 3,
    targetSize: 50 as GroupSize,
    targetFactor: 3,
  },
  refresh: { concurrent: 50 },
  coldStart: { runs: QUICK ? 2 : 5, idleSettleMs: 2000, targetMs: 1500, targetIdleRssMiB: 150 },
  highConcurrency: '500',
};

/** What `npm start` runs (package.json), and the TypeScript-loader start the brief named. */
const LAUNCH_ARGS = {
  'npm start': [join(ROOT, 'dist/main.js')],
  tsx: [...TSX_IMPORT, join(ROOT, 'src/main.ts')],
  'source maps': ['--enable-source-maps', join(ROOT, 'dist/main.js')],
};
export type Launch = keyof typeof LAUNCH_ARGS;
export const LAUNCH_COMMAND: Record<Launch, string> = {
  'npm start': 'node dist/main.js',
  tsx: 'node --import tsx src/main.ts',
  'source maps': 'node --enable-source-maps dist/main.js',
};
const launchLabel: Record<Launch, string> = { 'npm start': 'npm', tsx: 'tsx', 'source maps': 'maps' };

// ---------------------------------------------------------------------------------------------
// Context

interface Ctx {
  slack: FakeSlack;
  google: FakeGoogle;
  /** Settings every spawned app gets (no PORT, DATA_DIR or DATABASE_URL). */
  baseEnv: Record<string, string>;
  signingSecret: string;
  work: string;
  clients: BenchClient[];
  startedAt: number;
}

function log(ctx: Ctx, msg: string): void {
  const s = ((performance.now() - ctx.startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${s}s] ${msg}`);
}

let spawnSeq = 0;

interface AppOptions {
  launch?: Launch;
  /** Node flags before the script, e.g. `--import` of a preload. */
  nodeFlags?: string[];
}

async function spawnApp(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }, overrides: Record<string, string> = {}, label = 'app', opts: AppOptions = {}) {
  const port = await freePort();
  const env: Record<string, string> = {
    ...ctx.baseEnv,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: where.dataDir,
    ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}),
    ...overrides,
  };
  const launch = opts.launch ?? 'npm start';
  const spawned = await spawnNode({
    name: LAUNCH_COMMAND[launch],
    args: [...(opts.nodeFlags ?? []), ...LAUNCH_ARGS[launch]],
    env,
    cwd: where.dataDir,
    logFile: join(ctx.work, `${String(++spawnSeq).padStart(2, '0')}-${label}.log`),
    port,
    timeoutMs: 60_000,
  });
  const target: Target = { requests: new SlackRequests(spawned.url, ctx.signingSecret, () => ctx.slack.responseUrl()).issueTriggersFrom(() => ctx.slack.issueTriggerId()), slack: ctx.slack, google: ctx.google };
  return { spawned, target };
}

const preload = (file: string) => ['--import', pathToFileURL(join(ROOT, file)).href];

/** The app's own measure of startApp (database open + migration check + wiring), from its log line. */
async function startupMsFromLog(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const m = /"startupMs":(\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `prestart` does this before `npm start`: compile src/ to dist/ when a source file is newer. */
function ensureBuilt(): { ms: number } {
  const script = join(ROOT, 'scripts/build.mjs');
  if (!existsSync(script)) throw new Error('scripts/build.mjs is missing: cannot build dist/, which `npm start` runs');
  const started = performance.now();
  const res = spawnSync(process.execPath, [script], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
  if (res.status !== 0) throw new Error('building dist/ failed (scripts/build.mjs)');
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('dist/main.js is missing after the build');
  return { ms: Math.round(performance.now() - started) };
}

function gitInfo(): { commit: string; srcChanged: boolean } {
  const git = (args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 }).stdout?.trim() ?? '';
  return { commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown', srcChanged: git(['status', '--porcelain', '--', 'src', 'prisma']) !== '' };
}

/** The first-clients race, with the number of Workspace_pkey violations the app logged meanwhile. */
async function raceWithLog(target: Target, teamId: string, logFile: string): Promise<RaceResult> {
  const count = async () => (await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter((line) => line.includes('Workspace_pkey')).length;
  const before = await count();
  const result = await firstClientsRace(target, teamId);
  await sleep(500); // the log is written by the app process
  return { ...result, uniqueViolations: (await count()) - before };
}

// ---------------------------------------------------------------------------------------------
// One agenda, measured

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

async function agendaRun(ctx: Ctx, target: Target, n: GroupSize | 'warm', latencyMs: number, text = 'agenda'): Promise<AgendaRun> {
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

// ---------------------------------------------------------------------------------------------
// 2. Stacked agenda wall time

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

async function agendaSeries(
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
    const { spawned, target } = await spawnApp(ctx, where, overrides, `agenda-${where.databaseUrl ? 'pg' : 'emb'}-${label}-${n}`);
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

// ---------------------------------------------------------------------------------------------
// 1. Ack latency under load

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
  ratioP99: number;
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
async function burst(target: Target, texts: string[]) {
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

async function ackLatency(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }): Promise<AckResult> {
  const P = PARAMS.ack;
  const database = where.databaseUrl ? 'postgresql' : 'embedded';
  const eldFile = join(ctx.work, `event-loop-${database}.jsonl`);
  const { spawned, target } = await spawnApp(ctx, where, { BENCH_ELD_FILE: eldFile }, `ack-app-${database}`, { nodeFlags: preload('bench/eld-preload.mjs') });
  const trivialPort = await freePort();
  const trivial = await spawnNode({
    name: 'bench/trivial-bolt.ts',
    args: [...TSX_IMPORT, join(ROOT, 'bench/trivial-bolt.ts')],
    env: { PORT: String(trivialPort), SLACK_SIGNING_SECRET: ctx.signingSecret, SLACK_API_URL: ctx.slack.apiUrl },
    cwd: ctx.work,
    logFile: join(ctx.work, `trivial-bolt-${database}.log`),
    port: trivialPort,
  });
  const trivialRequests = new SlackRequests(trivial.url, ctx.signingSecret, () => ctx.slack.responseUrl()).issueTriggersFrom(() => ctx.slack.issueTriggerId());
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
      const responses = b.delivered.filter((x): x is { body: any; ms: number } => x !== undefined);
      const agendas = responses.filter((x) => String((x.body as { text?: string }).text ?? '').startsWith('Stacked agenda')).length;
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
    const ratioP99 = round(app.p99 / triv.p99, 2);
    return {
      concurrent: P.concurrent,
      rounds,
      app,
      trivial: triv,
      ratioP99,
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

// ---------------------------------------------------------------------------------------------
// Where the app's CPU goes during a burst (a separate, unmeasured run)

export interface ProfileResult {
  database: 'embedded' | 'postgresql';
  /** CPU time the app's thread spent busy during the profiled burst. */
  busyMs: number;
  /** Wall time of the profile (burst start to last agenda). */
  totalMs: number;
  shares: CpuShare[];
}

async function profileBurst(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }): Promise<ProfileResult | undefined> {
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

// ---------------------------------------------------------------------------------------------
// 3b. One refresh for 50 concurrent commands on an expired token

export interface RefreshTrial {
  /** How the app learns the token expired. */
  scenario: string;
  googleLatencyMs: number;
  concurrent: number;
  refreshes: number;
  calendarList: number;
  unauthorized: number;
  tokenRequests: number;
  okResponses: number;
  /** Commands not acknowledged within Bolt's 3 s. */
  ackFailures: number;
  wallMs: number;
}

async function refreshSingleFlight(ctx: Ctx, db: TestDatabase): Promise<RefreshTrial[]> {
  const victim = ctx.clients[0]!;
  const t: TestApp = await startTestApp({
    google: ctx.google,
    slack: ctx.slack,
    db,
    env: {
      LOG_LEVEL: 'info',
      CALENDAR_CACHE_SECONDS: '0',
      SLACK_BOT_TOKEN: ctx.baseEnv.SLACK_BOT_TOKEN!,
      GOOGLE_CLIENT_ID: ctx.baseEnv.GOOGLE_CLIENT_ID!,
      GOOGLE_CLIENT_SECRET: ctx.baseEnv.GOOGLE_CLIENT_SECRET!,
      TOKEN_ENCRYPTION_KEY: ctx.baseEnv.TOKEN_ENCRYPTION_KEY!,
    },
  });
  const target: Target = { requests: t.requests, slack: ctx.slack, google: ctx.google };
  const trials: RefreshTrial[] = [];
  const scenarios = [
    { scenario: 'fresh process: the stored expiry is in the past', latency: 100, restart: false },
    { scenario: 'same process: a token the app holds in memory was expired at Google (401 → refresh)', latency: 100, restart: false },
    { scenario: 'fresh process: the stored expiry is in the past', latency: 0, restart: true },
  ];
  try {
    for (const s of scenarios) {
      if (s.restart) await t.restart();
      ctx.google.setLatency(s.latency);
      ctx.google.expireAccessTokens(victim.email);
      await t.app.db.prisma.googleConnection.updateMany({ where: { googleEmail: victim.email }, data: { expiresAt: new Date(Date.now() - 60_000) } });
      const refreshesBefore = ctx.google.refreshCount();
      const before = ctx.google.requests.length;
      const started = performance.now();
      const sent = await Promise.all(Array.from({ length: PARAMS.refresh.concurrent }, () => command(target, `calendars ${victim.slug}`, operator(200), 60_000)));
      const answered = await withTimeout(
        Promise.all(sent.map((x) => (x.ack.status === 200 ? x.response.catch(() => undefined) : Promise.resolve(undefined)))),
        90_000,
        'calendars responses',
      );
      const responses = answered.filter((x): x is { body: any; ms: number } => x !== undefined);
      const reqs = ctx.google.requests.slice(before);
      trials.push({
        scenario: s.scenario,
        googleLatencyMs: s.latency,
        concurrent: PARAMS.refresh.concurrent,
        refreshes: ctx.google.refreshCount() - refreshesBefore,
        calendarList: reqs.filter((r) => r.path.includes('/calendarList')).length,
        unauthorized: reqs.filter((r) => r.status === 401).length,
        tokenRequests: reqs.filter((r) => r.path === '/token').length,
        okResponses: responses.filter((x) => JSON.stringify(x.body).includes(`${victim.name} team`)).length,
        ackFailures: sent.filter((x) => x.ack.status !== 200).length,
        wallMs: Math.round(performance.now() - started),
      });
      const last = trials[trials.length - 1]!;
      log(ctx, `refresh (${s.scenario}, ${s.latency} ms): ${last.refreshes} refresh(es), ${last.unauthorized} 401s, for ${PARAMS.refresh.concurrent} commands`);
      ctx.google.setLatency(0);
    }
  } finally {
    ctx.google.setLatency(0);
    await t.close();
    // The harness registered the OAuth app with its own redirect URI only; later spawned apps use other ports.
    ctx.google.addOAuthClient({ clientId: ctx.baseEnv.GOOGLE_CLIENT_ID!, clientSecret: ctx.baseEnv.GOOGLE_CLIENT_SECRET! });
  }
  return trials;
}

// ---------------------------------------------------------------------------------------------
// 4. Cold start and memory

export interface ColdStartRun {
  readyMs: number;
  /** The app's own startupMs (inside startApp: database open, migration check, wiring). */
  appStartupMs?: number;
  idleRssMiB?: number;
}

export interface ColdStartResult {
  database: 'embedded' | 'postgresql';
  launch: Launch;
  command: string;
  runs: ColdStartRun[];
  medianReadyMs: number;
  medianIdleRssMiB: number;
  medianAppStartupMs?: number;
}

async function coldStarts(ctx: Ctx, database: 'embedded' | 'postgresql', launch: Launch, databaseUrl?: string): Promise<ColdStartResult> {
  const runs: ColdStartRun[] = [];
  for (let i = 0; i < PARAMS.coldStart.runs; i++) {
    // Embedded: a fresh copy of the migrated template each time (the copy is not timed).
    const db = database === 'embedded' ? await createTestDatabase() : undefined;
    const dataDir = db?.dataDir ?? (await mkdtemp(join(ctx.work, 'pgdata-')));
    try {
      const { spawned } = await spawnApp(ctx, { dataDir, ...(databaseUrl ? { databaseUrl } : {}) }, {}, `coldstart-${database}-${launchLabel[launch]}-${i + 1}`, { launch });
      try {
        await sleep(PARAMS.coldStart.idleSettleMs);
        const appStartupMs = await startupMsFromLog(spawned.logFile);
        runs.push({ readyMs: round(spawned.readyMs), ...(appStartupMs !== undefined ? { appStartupMs } : {}), idleRssMiB: spawned.memory()?.rssMiB });
      } finally {
        await spawned.stop();
      }
    } finally {
      if (db) await db.drop();
    }
  }
  const startups = runs.map((r) => r.appStartupMs).filter((x): x is number => x !== undefined);
  log(ctx, `cold start ${database}, ${LAUNCH_COMMAND[launch]}: ${runs.map((r) => Math.round(r.readyMs)).join(', ')} ms; idle ${runs.map((r) => Math.round(r.idleRssMiB ?? NaN)).join(', ')} MiB`);
  return {
    database,
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

async function baselineRss(ctx: Ctx, withTsx: boolean): Promise<number> {
  const out = await runNode([...(withTsx ? TSX_IMPORT : []), join(ROOT, 'bench/rss.mjs')], { cwd: ctx.work });
  return round(Number(out) / 1024);
}

async function memoryProbe(ctx: Ctx, mode: 'embedded' | 'postgres', where: string): Promise<{ steps: MemoryProbeStep[]; timing: QueryTiming }> {
  const out = await runNode([join(ROOT, 'bench/mem-probe.mjs'), mode, where], { cwd: ctx.work, timeoutMs: 120_000 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { steps: MemoryProbeStep[]; timing: QueryTiming };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL (only when DATABASE_URL is set)

function pgUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function pgAdmin<T>(base: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl(base, 'postgres'), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createPgDatabase(base: string): Promise<{ url: string; name: string; serverVersion: string }> {
  const name = `calstack_bench_${randomBytes(5).toString('hex')}`;
  const serverVersion = await pgAdmin(base, async (c) => {
    await c.query(`CREATE DATABASE ${name}`);
    return String((await c.query('SHOW server_version')).rows[0]?.server_version ?? '?');
  });
  const url = pgUrl(base, name);
  const poolPg = new pg.Pool({ connectionString: url });
  try {
    await applyMigrations(new PrismaPg(poolPg));
  } finally {
    await poolPg.end();
  }
  return { url, name, serverVersion };
}

const dropPgDatabase = (base: string, name: string) => pgAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

// ---------------------------------------------------------------------------------------------
// The whole run

export interface DatabaseColdStart {
  npmStart: ColdStartResult;
  tsx: ColdStartResult;
  /** `npm start` with --enable-source-maps: what source maps would cost at start. */
  withSourceMaps: ColdStartResult;
}

async function allColdStarts(ctx: Ctx, database: 'embedded' | 'postgresql', databaseUrl?: string): Promise<DatabaseColdStart> {
  return {
    npmStart: await coldStarts(ctx, database, 'npm start', databaseUrl),
    tsx: await coldStarts(ctx, database, 'tsx', databaseUrl),
    withSourceMaps: await coldStarts(ctx, database, 'source maps', databaseUrl),
  };
}

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
    /** Spawns retried because something outside the benchmark killed the process before it was ready. */
    spawnRetries: number;
    app: {
      commit: string;
      /** Uncommitted changes in src/ or prisma/ when the run started. */
      srcChanged: boolean;
      start: string;
      buildMs: number;
      /** The app's defaults for the settings that shape the fan-out (from src/config.ts). */
      defaults: { googleConcurrency: number; googleUserRate: number; calendarCacheSeconds: number };
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

function appDefaults(): Results['meta']['app']['defaults'] {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-defaults',
    SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
    GOOGLE_CLIENT_ID: 'defaults',
    GOOGLE_CLIENT_SECRET: 'defaults',
  });
  return { googleConcurrency: config.google.concurrency, googleUserRate: config.google.perUserRate, calendarCacheSeconds: config.google.calendarCacheSeconds };
}

export async function runSuite(opts: { postgresUrl: string | undefined }): Promise<Results> {
  const startedAt = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'calstack-bench-'));
  const slack = await startFakeSlack({ teamId: TEAM });
  const google = await startFakeGoogle();
  const signingSecret = randomBytes(16).toString('hex');
  const baseEnv: Record<string, string> = {
    SLACK_BOT_TOKEN: `xoxb-bench-${randomBytes(12).toString('hex')}`,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    GOOGLE_CLIENT_ID: 'bench-client-id.apps.googleusercontent.com',
    GOOGLE_CLIENT_SECRET: `GOCSPX-${randomBytes(12).toString('hex')}`,
    GOOGLE_AUTH_URL: google.authUrl,
    GOOGLE_TOKEN_URL: google.tokenUrl,
    GOOGLE_REVOKE_URL: google.revokeUrl,
    GOOGLE_API_URL: google.apiRoot,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  // The fake Slack answers only the tokens it knows: the app's and the trivial Bolt app's.
  slack.registerToken(baseEnv.SLACK_BOT_TOKEN!);
  slack.registerToken('xoxb-trivial-bolt');
  // No redirect-URI restriction: every spawned app listens on a port of its own.
  google.addOAuthClient({ clientId: baseEnv.GOOGLE_CLIENT_ID!, clientSecret: baseEnv.GOOGLE_CLIENT_SECRET! });
  addOperators(slack);
  const clients = benchClients(PARAMS.clients);
  seedGoogle(google, [...clients, warmupClient]);
  const ctx: Ctx = { slack, google, baseEnv, signingSecret, work, clients, startedAt };
  const everyone = [warmupClient, ...clients];
  let pgDb: { url: string; name: string; serverVersion: string } | undefined;
  const git = gitInfo();
  log(ctx, `app at ${git.commit}${git.srcChanged ? ' (with uncommitted changes in src/ or prisma/)' : ''}; building dist/ if stale (as prestart does)`);
  const build = ensureBuilt();
  const main = await createTestDatabase();
  let failed = false;
  const monitor = new LoadMonitor();
  try {
    log(ctx, 'waiting (at most 2 minutes) for other processes to leave the CPUs alone');
    const beforeRun = await waitForQuiet(120_000);
    log(ctx, `other processes used ${beforeRun.foreignPct}% of the machine${beforeRun.quiet ? '' : ' (still busy; going ahead, see BENCHMARKS.md)'}`);
    monitor.start();
    monitor.mark('setup');
    log(ctx, `work dir ${work}; setting up ${everyone.length} clients (${PARAMS.setupWidth} flows at a time)`);
    const setupApp = await spawnApp(ctx, { dataDir: main.dataDir }, {}, 'setup');
    let setupEmbedded: SetupTiming;
    let raceEmbedded: RaceResult;
    try {
      setupEmbedded = await setupClients(setupApp.target, everyone, PARAMS.setupWidth);
      raceEmbedded = await raceWithLog(setupApp.target, 'T0RACEEMB', setupApp.spawned.logFile);
    } finally {
      await setupApp.spawned.stop();
    }
    log(ctx, `set up in ${setupEmbedded.totalMs} ms (create ${setupEmbedded.createMs} ms, connect ${setupEmbedded.connectMs} ms); first-clients race: ${raceEmbedded.failed}/${raceEmbedded.submitted} failed`);

    log(ctx, '1. ack latency under load');
    monitor.mark('1. ack latency, embedded');
    const ack = await ackLatency(ctx, { dataDir: main.dataDir });
    monitor.mark('profiling run, embedded (not timed)');
    const profileEmbedded = await profileBurst(ctx, { dataDir: main.dataDir });

    log(ctx, '2. stacked agenda wall time');
    const series: AgendaSeries[] = [];
    monitor.mark('2. agenda, embedded, defaults');
    series.push(await agendaSeries(ctx, { dataDir: main.dataDir }, 'defaults', {}, PARAMS.agenda.sizes));
    monitor.mark(`2. agenda, embedded, GOOGLE_CONCURRENCY=${PARAMS.highConcurrency}`);
    series.push(await agendaSeries(ctx, { dataDir: main.dataDir }, `GOOGLE_CONCURRENCY=${PARAMS.highConcurrency}`, { GOOGLE_CONCURRENCY: PARAMS.highConcurrency }, PARAMS.agenda.sizes));

    log(ctx, '3. one refresh for concurrent commands');
    monitor.mark('3. refresh');
    const refresh = await refreshSingleFlight(ctx, main);

    log(ctx, '4. cold start and memory');
    monitor.mark('4. memory probe');
    const nodeBaselineRssMiB = await baselineRss(ctx, false);
    const tsxBaselineRssMiB = await baselineRss(ctx, true);
    const probeDb = await createTestDatabase();
    let probeEmbedded: { steps: MemoryProbeStep[]; timing: QueryTiming };
    try {
      probeEmbedded = await memoryProbe(ctx, 'embedded', join(probeDb.dataDir, 'pglite'));
    } finally {
      await probeDb.drop();
    }
    monitor.mark('4. cold start, embedded');
    const coldEmbedded = await allColdStarts(ctx, 'embedded');

    let coldPostgres: DatabaseColdStart | undefined;
    let probePostgres: { steps: MemoryProbeStep[]; timing: QueryTiming } | undefined;
    let setupPostgres: SetupTiming | undefined;
    let racePostgres: RaceResult | undefined;
    let ackPostgres: AckResult | undefined;
    let profilePostgres: ProfileResult | undefined;
    if (opts.postgresUrl) {
      pgDb = await createPgDatabase(opts.postgresUrl);
      log(ctx, `PostgreSQL ${pgDb.serverVersion}: database ${pgDb.name}`);
      monitor.mark('4. memory probe and cold start, PostgreSQL');
      probePostgres = await memoryProbe(ctx, 'postgres', pgDb.url);
      coldPostgres = await allColdStarts(ctx, 'postgresql', pgDb.url);
      monitor.mark('setup, PostgreSQL');
      const pgDir = await mkdtemp(join(work, 'pg-app-'));
      const pgSetup = await spawnApp(ctx, { dataDir: pgDir, databaseUrl: pgDb.url }, {}, 'setup-postgres');
      try {
        setupPostgres = await setupClients(pgSetup.target, everyone, PARAMS.setupWidth);
        racePostgres = await raceWithLog(pgSetup.target, 'T0RACEPG', pgSetup.spawned.logFile);
      } finally {
        await pgSetup.spawned.stop();
      }
      log(ctx, `PostgreSQL: set up in ${setupPostgres.totalMs} ms; first-clients race: ${racePostgres?.failed}/${racePostgres?.submitted} failed`);
      monitor.mark('1. ack latency, PostgreSQL');
      log(ctx, '1. ack latency under load, PostgreSQL');
      ackPostgres = await ackLatency(ctx, { dataDir: pgDir, databaseUrl: pgDb.url });
      monitor.mark('profiling run, PostgreSQL (not timed)');
      profilePostgres = await profileBurst(ctx, { dataDir: pgDir, databaseUrl: pgDb.url });
      monitor.mark('2. agenda, PostgreSQL');
      const pgSizes = PARAMS.agenda.sizes.filter((n) => n >= PARAMS.agenda.targetSize);
      series.push(await agendaSeries(ctx, { dataDir: pgDir, databaseUrl: pgDb.url }, 'defaults', {}, pgSizes));
      series.push(await agendaSeries(ctx, { dataDir: pgDir, databaseUrl: pgDb.url }, `GOOGLE_CONCURRENCY=${PARAMS.highConcurrency}`, { GOOGLE_CONCURRENCY: PARAMS.highConcurrency }, pgSizes));
    } else {
      log(ctx, 'DATABASE_URL is not set: skipping the PostgreSQL measurements');
    }

    const phases = monitor.stop();
    const results: Results = {
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
        durationS: Math.round((performance.now() - startedAt) / 1000),
        postgres: pgDb
          ? { used: true, serverVersion: pgDb.serverVersion, note: 'DATABASE_URL was set: PostgreSQL measured on a throwaway database on that server' }
          : { used: false, note: 'DATABASE_URL was not set: PostgreSQL measurements skipped' },
        params: PARAMS,
        load: { beforeRun, phases },
        spawnRetries: spawnRetries(),
        app: { ...git, start: LAUNCH_COMMAND['npm start'], buildMs: build.ms, defaults: appDefaults() },
      },
      setup: { embedded: setupEmbedded, ...(setupPostgres ? { postgresql: setupPostgres } : {}) },
      firstClientsRace: { embedded: raceEmbedded, ...(racePostgres ? { postgresql: racePostgres } : {}) },
      ack,
      ...(ackPostgres ? { ackPostgres } : {}),
      profile: { ...(profileEmbedded ? { embedded: profileEmbedded } : {}), ...(profilePostgres ? { postgresql: profilePostgres } : {}) },
      agenda: { googleLatencyMs: PARAMS.agenda.googleLatencyMs, series },
      requests: { refresh },
      coldStart: { embedded: coldEmbedded, ...(coldPostgres ? { postgresql: coldPostgres } : {}) },
      memory: {
        nodeBaselineRssMiB,
        tsxBaselineRssMiB,
        probeEmbedded: probeEmbedded.steps,
        ...(probePostgres ? { probePostgres: probePostgres.steps } : {}),
        queryTiming: { embedded: probeEmbedded.timing, ...(probePostgres ? { postgresql: probePostgres.timing } : {}) },
      },
    };
    await mkdir(join(ROOT, 'bench'), { recursive: true });
    await writeFile(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(join(ROOT, 'BENCHMARKS.md'), renderMarkdown(results));
    log(ctx, 'wrote BENCHMARKS.md and bench/results.json');
    return results;
  } catch (err) {
    failed = true;
    console.error(`bench: logs of the spawned processes are kept in ${work}`);
    throw err;
  } finally {
    if (pgDb && opts.postgresUrl) await dropPgDatabase(opts.postgresUrl, pgDb.name).catch((e: unknown) => console.error('could not drop', pgDb?.name, e));
    await main.drop();
    await slack.close();
    await google.close();
    if (!failed) await rm(work, { recursive: true, force: true });
  }
}
