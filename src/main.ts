// Entry point of `npm start`: reads .env and the environment once, starts the
// app, and stops it gracefully on SIGTERM/SIGINT or after an exception that
// escaped every handler (see process-errors.ts).
import { config as loadDotenv } from 'dotenv';
import { startEmbedded, startPGliteCompile } from './db/embedded.js';
import { dropIngressThreadEarly, startIngressThreadEarly } from './slack/ingress/thread.js';
import type { RunningApp } from './app.js';

loadDotenv({ quiet: true });

// Threads that need no configuration start before the configuration's parser loads (zod: ~0.1 s
// of a 1-s restart): PGlite's WebAssembly compiling on one, and the thread that will own the
// public port (HTTP mode) on another, each on a core of its own while the app loads. Decided
// from the environment as the configuration reads it; a thread the configuration then has no
// use for is dropped.
if (!process.env.DATABASE_URL) startPGliteCompile();
if (!process.env.SLACK_APP_TOKEN) startIngressThreadEarly();
const { ConfigError, loadConfig, secretsOf } = await import('./config.js');

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

// Whenever Node's event loop has nothing pending, Node blocks until all of V8's
// background tasks are done. While starting without `--liftoff-only` (which
// `npm start` passes), that is V8 optimising PGlite's WebAssembly: the main
// thread sat idle up to ~0.3 s at a time, until the HTTP server listens and
// keeps the loop busy. A timer keeps the loop from running dry until then.
const keepAlive = setInterval(() => {}, 60_000);

// The embedded database takes about a second to open, partly work that does
// not need the rest of the app (reading and compiling its WebAssembly): start
// it before loading the app's modules; startApp's openDatabase takes it over.
if (!config.database.url) startEmbedded(config.database.dataDir);
if (config.slack.appToken) dropIngressThreadEarly();
const [{ createLogger }, { startApp }, { handleProcessErrors }] = await Promise.all([
  import('./logger.js'),
  import('./app.js'),
  import('./process-errors.js'),
]);

const log = createLogger({
  level: config.log.level,
  pretty: config.log.pretty,
  secrets: secretsOf(config),
});

let app: RunningApp | undefined;
let exitCode: number | undefined;
const stopAndExit = (running: RunningApp, code: number) =>
  running.stop().then(
    () => process.exit(code),
    (err: unknown) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
/** The only way out once starting: stop taking requests, finish what is in flight, exit with `code`. */
const stopThenExit = (code: number) => {
  if (exitCode !== undefined) return;
  exitCode = code;
  // A stop that hangs must not keep a broken process up: the supervisor restarts it.
  const deadline = config.shutdownTimeoutMs + 5000;
  setTimeout(() => {
    log.fatal({ deadlineMs: deadline }, 'shutdown did not finish in time; exiting');
    process.exit(code || 1);
  }, deadline).unref();
  // Still starting: stopped as soon as it is up, below.
  if (app) void stopAndExit(app, code);
};
handleProcessErrors(log, stopThenExit);
// Signals are handled from here on, also while the app starts (a supervisor
// may stop a replica that is still migrating, and "Calendar Stacker is
// running" is logged a few promise turns before startApp returns), and every
// time: a supervisor or a terminal signals the whole process group, so
// `npm start` forwards a second SIGTERM that must not cut the drain short.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log.info({ signal }, exitCode === undefined ? 'signal received' : 'already shutting down');
    stopThenExit(0);
  });
}

try {
  app = await startApp(config, log, { onFatal: () => stopThenExit(1) }).finally(() => clearInterval(keepAlive));
  if (exitCode !== undefined) await stopAndExit(app, exitCode);
} catch (err) {
  log.fatal({ err }, 'Calendar Stacker could not start');
  process.exit(1);
}
