// The run's context, and the app processes it spawns: launched as `npm start` launches it, with logs kept per spawn.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FakeGoogle } from '../tests/fakes/google.js';
import type { FakeSlack } from '../tests/fakes/slack.js';
import { freePort } from '../tests/harness/app.js';
import { ROOT, START_ENV, TSX_IMPORT, startCommandOf } from '../tests/harness/node.js';
import { SlackRequests } from '../tests/harness/slack-requests.js';
import { sleep } from './lib.js';
import { LAUNCH_ARGS, type Launch, LAUNCH_COMMAND } from './params.js';
import { spawnNode } from './proc.js';
import { firstClientsRace, type BenchClient, type RaceResult, type Target } from './setup.js';

export interface Ctx {
  slack: FakeSlack;
  google: FakeGoogle;
  /** Settings every spawned app gets (no PORT, DATA_DIR or DATABASE_URL). */
  baseEnv: Record<string, string>;
  signingSecret: string;
  work: string;
  clients: BenchClient[];
  startedAt: number;
}

export function log(ctx: Ctx, msg: string): void {
  const s = ((performance.now() - ctx.startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${s}s] ${msg}`);
}

let spawnSeq = 0;

/**
 * How another build's own `npm start` runs its `dist/main.js`: that build's package.json start
 * script, so a baseline runs with its own node flags and settings (a side-by-side comparison of
 * a bare `node` against this build's flags would measure the flags, not the code). A build
 * whose start script is not `VAR=value … exec node <flags> <script>.js` runs on bare node.
 */
function buildStart(script: string): { env: Record<string, string>; args: string[] } {
  try {
    return startCommandOf(dirname(dirname(script)));
  } catch {
    return { env: {}, args: [script] };
  }
}

interface AppOptions {
  launch?: Launch;
  /** Node flags before the script, e.g. `--import` of a preload. */
  nodeFlags?: string[];
  /** Another build's `dist/main.js` in place of this one's (a baseline run side by side). */
  script?: string;
}

export async function spawnApp(ctx: Ctx, where: { dataDir: string; databaseUrl?: string }, overrides: Record<string, string> = {}, label = 'app', opts: AppOptions = {}) {
  const port = await freePort();
  const other = opts.script ? buildStart(opts.script) : undefined;
  const env: Record<string, string> = {
    // npm start's environment settings; another build's own, when its script runs.
    ...(other ? other.env : START_ENV),
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
    args: [...(opts.nodeFlags ?? []), ...(other ? other.args : LAUNCH_ARGS[launch])],
    env,
    cwd: where.dataDir,
    logFile: join(ctx.work, `${String(++spawnSeq).padStart(2, '0')}-${label}.log`),
    port,
    timeoutMs: 60_000,
  });
  const target: Target = { requests: new SlackRequests(spawned.url, ctx.signingSecret, () => ctx.slack.responseUrl()).issueTriggersFrom(() => ctx.slack.issueTriggerId()), slack: ctx.slack, google: ctx.google };
  return { spawned, target };
}

/** The bare Bolt app (bench/trivial-bolt.ts) in a process of its own, and signed requests to it. */
export async function spawnTrivialBolt(ctx: Ctx, logName: string) {
  const port = await freePort();
  const spawned = await spawnNode({
    name: 'bench/trivial-bolt.ts',
    args: [...TSX_IMPORT, join(ROOT, 'bench/trivial-bolt.ts')],
    env: { PORT: String(port), SLACK_SIGNING_SECRET: ctx.signingSecret, SLACK_API_URL: ctx.slack.apiUrl },
    cwd: ctx.work,
    logFile: join(ctx.work, `${logName}.log`),
    port,
  });
  return { spawned, requests: new SlackRequests(spawned.url, ctx.signingSecret, () => ctx.slack.responseUrl()).issueTriggersFrom(() => ctx.slack.issueTriggerId()) };
}

export const preload = (file: string) => ['--import', pathToFileURL(join(ROOT, file)).href];

/** The app's own measure of startApp (database open + migration check + wiring), from its log line. */
/** A duration the app logged at start: `startupMs` (all of startApp), `jobsStartupMs` (pg-boss's start). */
export async function startupMsFromLog(file: string, key: 'startupMs' | 'jobsStartupMs' = 'startupMs'): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const m = new RegExp(`"${key}":(\\d+)`).exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `prestart` does this before `npm start`: compile src/ to dist/ when a source file is newer. */
export function ensureBuilt(): { ms: number } {
  const script = join(ROOT, 'scripts/build.mjs');
  if (!existsSync(script)) throw new Error('scripts/build.mjs is missing: cannot build dist/, which `npm start` runs');
  const started = performance.now();
  const res = spawnSync(process.execPath, [script], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
  if (res.status !== 0) throw new Error('building dist/ failed (scripts/build.mjs)');
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('dist/main.js is missing after the build');
  return { ms: Math.round(performance.now() - started) };
}

export function gitInfo(): { commit: string; srcChanged: boolean } {
  const git = (args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 }).stdout?.trim() ?? '';
  return { commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown', srcChanged: git(['status', '--porcelain', '--', 'src', 'prisma']) !== '' };
}

/** The first-clients race, with the number of Workspace_pkey violations the app logged meanwhile. */
export async function raceWithLog(target: Target, teamId: string, logFile: string): Promise<RaceResult> {
  const count = async () => (await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter((line) => line.includes('Workspace_pkey')).length;
  const before = await count();
  const result = await firstClientsRace(target, teamId);
  await sleep(500); // the log is written by the app process
  return { ...result, uniqueViolations: (await count()) - before };
}
