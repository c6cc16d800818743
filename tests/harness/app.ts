// Starts the real app on a free port, against fake Slack and Google servers
// and a throwaway database, and sends it Slack's signed requests.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig, secretsOf, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/app.js';
import { clockFrom, systemClock, type Clock } from '../../src/shared/clock.js';
import { startFakeSlack, type FakeSlack, type SentMessage } from '../fakes/slack.js';
import type { FakeGoogle } from '../fakes/google.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { freePort } from './ports.js';
import { fakeEndpointsEnv } from './fake-endpoints.js';

export { freePort };
import { SlackRequests, type Actor } from './slack-requests.js';

export interface TestApp {
  app: RunningApp;
  config: Config;
  env: Record<string, string>;
  slack: FakeSlack;
  requests: SlackRequests;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  db: TestDatabase;
  /** The app's clock: build every date phrase and seed from `clock.now()`, never from the system's. */
  clock: Clock;
  /** Sends `/calstack <text>` as `actor` with a fresh response_url; returns the ack and the first response. */
  command(text: string, actor: Actor): Promise<{ ack: Awaited<ReturnType<SlackRequests['command']>>; response: SentMessage }>;
  /** Stops the app, keeps the database (for restart tests). */
  stopApp(): Promise<void>;
  /** Starts the app again on the same database, optionally with changed settings. */
  restart(envChanges?: Record<string, string | undefined>): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  slack?: FakeSlack;
  db?: TestDatabase;
  /** A fake Google: the app's endpoints point at it and the default OAuth app is registered there. */
  google?: FakeGoogle;
  /**
   * The day the app believes it is when it starts (it then advances in real
   * time): a test whose seeds and phrases name dates sets it, so it means the
   * same on any day it runs. Default: the system clock.
   */
  now?: Date | string;
}

export const TEAM = 'T0ACME';
export const OTHER_TEAM = 'T0GLOBEX';
export const admin: Actor = { teamId: TEAM, userId: 'U0ADMIN' };

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const slack = opts.slack ?? (await startFakeSlack({ teamId: TEAM }));
  const db = opts.db ?? (await createTestDatabase());
  const port = await freePort();
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: `xoxb-test-${randomBytes(12).toString('hex')}`,
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: db.dataDir,
    LOG_LEVEL: 'debug',
    GOOGLE_CLIENT_ID: 'test-client-id.apps.googleusercontent.com',
    GOOGLE_CLIENT_SECRET: `GOCSPX-${randomBytes(12).toString('hex')}`,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...fakeEndpointsEnv({ google: opts.google }),
    ...opts.env,
  };
  let config = loadConfig(env);
  registerTokens(slack, env);
  opts.google?.addOAuthClient({
    clientId: config.google.clientId,
    clientSecret: config.google.clientSecret,
    redirectUris: [`${config.http.publicUrl}/oauth/google/callback`],
  });
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      const line = String(chunk);
      rawLogs.push(line);
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ msg: line });
      }
      if (process.env.TEST_LOGS) process.stdout.write(line);
      done();
    },
  });
  const logger = () =>
    createLogger({
      level: config.log.level,
      destination,
      secrets: secretsOf(config),
    });

  const clock = opts.now === undefined ? systemClock : clockFrom(new Date(opts.now));
  let app = await startApp(config, logger(), { clock });
  const requests = new SlackRequests(app.url, config.slack.signingSecret, () => slack.responseUrl());
  let stopped = false;
  requests.issueTriggersFrom(() => slack.issueTriggerId());

  const test: TestApp = {
    get app() {
      return app;
    },
    get config() {
      return config;
    },
    env,
    slack,
    requests,
    logs,
    rawLogs,
    db,
    clock,
    async command(text, actor) {
      const responseUrl = slack.responseUrl();
      const ack = await requests.command(text, actor, { response_url: responseUrl });
      const response = await slack.waitForResponse((r) => r.url === responseUrl);
      return { ack, response: response.body };
    },
    async stopApp() {
      if (!stopped) await app.stop();
      stopped = true;
    },
    async restart(envChanges) {
      await test.stopApp();
      if (envChanges) {
        for (const [k, v] of Object.entries(envChanges)) {
          if (v === undefined) delete env[k];
          else env[k] = v;
        }
        config = loadConfig(env);
        registerTokens(slack, env);
      }
      app = await startApp(config, logger(), { clock });
      stopped = false;
    },
    async close() {
      await test.stopApp();
      if (!opts.slack) await slack.close();
      if (!opts.db) await db.drop();
    },
  };
  return test;
}

/** The fake Slack answers only tokens it issued: the app's bot token, and its app-level token in Socket Mode. */
function registerTokens(slack: FakeSlack, env: Record<string, string>): void {
  for (const key of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']) {
    const token = env[key];
    if (token) slack.registerToken(token);
  }
}
