// Entry point of `npm start`: reads .env and the environment once, starts the
// app, and stops it gracefully on SIGTERM/SIGINT.
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from './config.js';
import { startEmbedded } from './db/embedded.js';

loadDotenv({ quiet: true });

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
// background tasks are done. While starting, that is V8 optimising PGlite's
// WebAssembly: the main thread sat idle up to ~0.3 s at a time, until the HTTP
// server listens and keeps the loop busy. A timer keeps the loop from running
// dry until then.
const keepAlive = setInterval(() => {}, 60_000);

// The embedded database takes about a second to open, partly work that does
// not need the rest of the app (reading and compiling its WebAssembly): start
// it before loading the app's modules; startApp's openDatabase takes it over.
if (!config.database.url) startEmbedded(config.database.dataDir);
const [{ createLogger }, { startApp }] = await Promise.all([import('./logger.js'), import('./app.js')]);

const log = createLogger({
  level: config.log.level,
  pretty: config.log.pretty,
  secrets: [config.slack.botToken, config.slack.signingSecret, config.slack.appToken, config.google.clientSecret, config.crypto.key],
});

// Signals are handled from here on, also while the app starts (a supervisor
// may stop a replica that is still migrating), and once: a supervisor or a
// terminal signals the whole process group, so `npm start` forwards a second
// SIGTERM that must not cut the drain short.
let stopRequested: string | undefined;
let stopApp: (() => Promise<void>) | undefined;
const stop = (stopNow: () => Promise<void>) =>
  stopNow().then(
    () => process.exit(0),
    (err: unknown) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
const onSignal = (signal: NodeJS.Signals) => {
  if (stopRequested) return log.info({ signal }, 'already shutting down');
  stopRequested = signal;
  log.info({ signal }, 'signal received');
  if (stopApp) void stop(stopApp);
};
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

try {
  const app = await startApp(config, log).finally(() => clearInterval(keepAlive));
  stopApp = () => app.stop();
  if (stopRequested) void stop(stopApp);
} catch (err) {
  log.fatal({ err }, 'Calendar Stacker could not start');
  process.exit(1);
}
