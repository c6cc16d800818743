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
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { startFakeGoogle } from '../tests/fakes/google.js';
import { startFakeSlack } from '../tests/fakes/slack.js';
import { createTestDatabase } from '../tests/harness/database.js';
import { ROOT } from '../tests/harness/node.js';
import { type AckResult, ackLatency, type ProfileResult, profileBurst } from './ack.js';
import { type AgendaSeries, agendaAlone, agendaSeries } from './agenda.js';
import { memorySettings } from './memory.js';
import {
  type MemoryProbeStep,
  type QueryTiming,
  baselineRss,
  memoryProbe,
  type DatabaseColdStart,
  allColdStarts,
} from './cold-start.js';
import { LoadMonitor, waitForQuiet } from './load.js';
import { judgedSizes, PARAMS, LAUNCH_COMMAND } from './params.js';
import { createPgDatabase, dropPgDatabase } from './postgres.js';
import { spawnRetries } from './proc.js';
import { refreshSingleFlight } from './refresh.js';
import { sharedReadsBurst } from './shared-reads.js';
import { digestBurst } from './digest-burst.js';
import { metricsCost, type MetricsCostResult } from './metrics-cost.js';
import { renderMarkdown } from './report.js';
import type { Results } from './result-types.js';
import {
  addOperators,
  benchClients,
  seedGoogle,
  setupClients,
  TEAM,
  warmupClient,
  type GroupSize,
  type RaceResult,
  type SetupTiming,
} from './setup.js';
import { type Ctx, log, spawnApp, ensureBuilt, gitInfo, raceWithLog } from './spawn-app.js';

function appDefaults(): Results['meta']['app']['defaults'] {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-defaults',
    SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
    GOOGLE_CLIENT_ID: 'defaults',
    GOOGLE_CLIENT_SECRET: 'defaults',
  });
  return { googleConcurrency: config.google.concurrency, googleUserRate: config.google.perUserRate, calendarCacheSeconds: config.google.calendarCacheSeconds, eventsCacheSeconds: config.google.eventsCacheSeconds };
}

/**
 * BENCH_ONLY=<section>: setup, then that section alone (a quick look while developing). Its
 * numbers replace that section's in bench/results.json, BENCHMARKS.md is rendered again, and the
 * report says which sections were re-run alone, at which commit and how busy the machine was.
 */
const ONLY_SECTIONS = {
  metrics: async (ctx: Ctx, where: { dataDir: string }): Promise<Partial<Results>> => ({ metricsCost: await metricsCost(ctx, where) }),
  // BENCH_AGENDA_DATABASES=postgresql (with DATABASE_URL): the same rounds on PostgreSQL instead.
  agenda: async (ctx: Ctx, where: { dataDir: string }, postgresUrl?: string): Promise<Partial<Results>> => {
    if (process.env.BENCH_AGENDA_DATABASES !== 'postgresql' || !postgresUrl) return { agenda: await agendaAlone(ctx, where) };
    return { agenda: await onThrowawayPostgres(ctx, postgresUrl, (onPg) => agendaAlone(ctx, onPg)) };
  },
  // With DATABASE_URL, the same rounds on PostgreSQL after the embedded ones, in one result.
  memory: async (ctx: Ctx, where: { dataDir: string }, postgresUrl?: string): Promise<Partial<Results>> => {
    // BENCH_MEM_DATABASES=postgresql: PostgreSQL's rounds alone.
    const embedded = process.env.BENCH_MEM_DATABASES === 'postgresql' && postgresUrl ? { settings: [], rounds: [], medians: {} } : await memorySettings(ctx, where);
    if (!postgresUrl) return { memorySettings: embedded };
    const onPg = await onThrowawayPostgres(ctx, postgresUrl, (pg) => memorySettings(ctx, pg));
    return { memorySettings: { settings: [...embedded.settings, ...onPg.settings], rounds: [...embedded.rounds, ...onPg.rounds], medians: { ...embedded.medians, ...onPg.medians } } };
  },
  'shared-reads': async (ctx: Ctx, where: { dataDir: string }): Promise<Partial<Results>> => ({ sharedReads: await sharedReadsBurst(ctx, where) }),
  'digest-burst': async (ctx: Ctx, where: { dataDir: string }): Promise<Partial<Results>> => ({ digestBurst: await digestBurst(ctx, where) }),
  // The embedded database's starts (restart, first start, tsx, source maps); PostgreSQL's kept from the last full run.
  'cold-start': async (ctx: Ctx): Promise<Partial<Results>> => {
    const previous = JSON.parse(await readFile(join(ROOT, 'bench/results.json'), 'utf8')) as Results;
    return { coldStart: { ...previous.coldStart, embedded: await allColdStarts(ctx, 'embedded') } };
  },
} satisfies Record<string, (ctx: Ctx, where: { dataDir: string }, postgresUrl?: string) => Promise<Partial<Results>>>;

/**
 * The sizes, then the ones target 2 judges again until each has PARAMS.agenda.targetRounds
 * processes of its own (a size's processes follow one another, not back to back, so that a slow
 * moment of the machine does not fall on all of them).
 */
function withTargetRounds(sizes: readonly GroupSize[]): GroupSize[] {
  const judged = judgedSizes(sizes);
  return [...sizes, ...Array.from({ length: PARAMS.agenda.targetRounds - 1 }, () => judged).flat()];
}

/** A throwaway PostgreSQL database with the bench's clients set up through the app, as on the embedded one. */
async function setUpPostgres(ctx: Ctx, postgresUrl: string): Promise<{ url: string; name: string; dataDir: string }> {
  const pgDb = await createPgDatabase(postgresUrl);
  const dataDir = await mkdtemp(join(ctx.work, 'pg-app-'));
  const setup = await spawnApp(ctx, { dataDir, databaseUrl: pgDb.url }, {}, 'setup-postgres');
  try {
    await setupClients(setup.target, [warmupClient, ...ctx.clients], PARAMS.setupWidth);
  } finally {
    await setup.spawned.stop();
  }
  return { ...pgDb, dataDir };
}

/** `measure` on a throwaway PostgreSQL database set up as setUpPostgres does, dropped afterwards whatever happens. */
async function onThrowawayPostgres<T>(ctx: Ctx, postgresUrl: string, measure: (where: { dataDir: string; databaseUrl: string }) => Promise<T>): Promise<T> {
  const pg = await setUpPostgres(ctx, postgresUrl);
  try {
    return await measure({ dataDir: pg.dataDir, databaseUrl: pg.url });
  } finally {
    await dropPgDatabase(postgresUrl, pg.name);
  }
}

export type OnlySection = keyof typeof ONLY_SECTIONS;

export function parseOnly(value: string | undefined): OnlySection | undefined {
  if (!value) return undefined;
  if (!Object.hasOwn(ONLY_SECTIONS, value)) throw new Error(`BENCH_ONLY=${value}: expected one of ${Object.keys(ONLY_SECTIONS).join(', ')}`);
  return value as OnlySection;
}

async function writeRerun(section: OnlySection, partial: Partial<Results>, load: { beforeRun: Results['meta']['load']['beforeRun']; phases: Results['meta']['load']['phases']; durationS: number }, git: { commit: string; srcChanged: boolean }): Promise<void> {
  const file = join(ROOT, 'bench/results.json');
  const previous = JSON.parse(await readFile(file, 'utf8')) as Results;
  const rerun = { section, date: new Date().toISOString(), ...git, durationS: load.durationS, foreignPctBefore: load.beforeRun.foreignPct, phases: load.phases };
  const reruns = [...(previous.meta.reruns ?? []).filter((x) => x.section !== section), rerun];
  const merged: Results = { ...previous, ...partial, meta: { ...previous.meta, reruns } };
  await writeFile(file, `${JSON.stringify(merged, null, 2)}\n`);
  await writeFile(join(ROOT, 'BENCHMARKS.md'), renderMarkdown(merged));
}

export async function runSuite(opts: { postgresUrl: string | undefined; only?: OnlySection | undefined }): Promise<Results> {
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
    // A section alone is a quick look: it waits less for a quiet machine (and says how busy it was).
    const quietWaitS = opts.only ? 20 : 120;
    log(ctx, `waiting (at most ${quietWaitS} s) for other processes to leave the CPUs alone`);
    const beforeRun = await waitForQuiet(quietWaitS * 1000);
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

    if (opts.only) {
      const section = opts.only;
      monitor.mark(`${section} (alone)`);
      const partial = await ONLY_SECTIONS[section](ctx, { dataDir: main.dataDir }, opts.postgresUrl);
      const phases = monitor.stop();
      await writeRerun(section, partial, { beforeRun, phases, durationS: Math.round((performance.now() - startedAt) / 1000) }, git);
      log(ctx, `BENCH_ONLY=${section}: merged into bench/results.json and re-rendered BENCHMARKS.md`);
      return partial as Results;
    }
    log(ctx, '1. ack latency under load');
    monitor.mark('1. ack latency, embedded');
    const ack = await ackLatency(ctx, { dataDir: main.dataDir });
    monitor.mark('profiling run, embedded (not timed)');
    const profileEmbedded = await profileBurst(ctx, { dataDir: main.dataDir });

    log(ctx, '2. stacked agenda wall time');
    const series: AgendaSeries[] = [];
    monitor.mark('2. agenda, embedded, defaults');
    series.push(await agendaSeries(ctx, { dataDir: main.dataDir }, 'defaults', {}, withTargetRounds(PARAMS.agenda.sizes)));
    monitor.mark(`2. agenda, embedded, GOOGLE_CONCURRENCY=${PARAMS.highConcurrency}`);
    series.push(await agendaSeries(ctx, { dataDir: main.dataDir }, `GOOGLE_CONCURRENCY=${PARAMS.highConcurrency}`, { GOOGLE_CONCURRENCY: PARAMS.highConcurrency }, PARAMS.agenda.sizes));

    log(ctx, `5. shared reads: ${PARAMS.sharedReads.concurrent} agendas at once over the same ${PARAMS.sharedReads.clients} clients`);
    monitor.mark('5. shared reads, embedded');
    const sharedReads = await sharedReadsBurst(ctx, { dataDir: main.dataDir });

    log(ctx, '6. ack latency with metrics served and scraped, and without');
    monitor.mark('6. metrics cost, embedded');
    const metrics: MetricsCostResult = await metricsCost(ctx, { dataDir: main.dataDir });

    log(ctx, `7. digest burst: ${PARAMS.digestBurst.users} digests due at the same minute across ${PARAMS.digestBurst.clients} clients`);
    monitor.mark('7. digest burst, embedded');
    const digests = await digestBurst(ctx, { dataDir: main.dataDir });

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
      const pgSizes = judgedSizes(PARAMS.agenda.sizes);
      series.push(await agendaSeries(ctx, { dataDir: pgDir, databaseUrl: pgDb.url }, 'defaults', {}, withTargetRounds(pgSizes)));
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
      sharedReads,
      metricsCost: metrics,
      digestBurst: digests,
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
