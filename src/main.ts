// Entry point of `npm start`: reads .env and the environment once, starts the
// app, and stops it gracefully on SIGTERM/SIGINT.
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startApp } from './app.js';

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

const log = createLogger({
  level: config.log.level,
  pretty: config.log.pretty,
  secrets: [config.slack.botToken, config.slack.signingSecret, config.slack.appToken, config.google.clientSecret, config.crypto.key],
});

try {
  const app = await startApp(config, log);
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
