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

try {
  const app = await startApp(config, log).finally(() => clearInterval(keepAlive));
  const shutdown = (signal: string) => {
    log.info({ signal }, 'signal received');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  log.fatal({ err }, 'Calendar Stacker could not start');
  process.exit(1);
}
