import { z } from 'zod';

// Each setting carries the help an operator needs when it is missing or wrong.
const HELP: Record<string, string> = {
  SLACK_BOT_TOKEN:
    'Use the bot token (xoxb-…) from api.slack.com/apps → your app → OAuth & Permissions → "Bot User OAuth Token" (install the app to your workspace first).',
  SLACK_SIGNING_SECRET:
    'Copy it from api.slack.com/apps → your app → Basic Information → App Credentials → "Signing Secret".',
  SLACK_APP_TOKEN:
    'Only for Socket Mode: an app-level token (starts with xapp-) with the connections:write scope, from Basic Information → App-Level Tokens. Leave it unset for HTTP mode.',
  HOST: 'The address the HTTP server listens on, e.g. 127.0.0.1 behind a reverse proxy on the same machine; unset listens on every interface.',
  PORT: 'The TCP port of the HTTP server (0-65535; 0 picks a free one), default 3000.',
  PUBLIC_URL:
    'The externally reachable base URL of this server, e.g. https://calstack.example.com (used in Google authorization links).',
  DATABASE_URL:
    'Use a postgres:// or postgresql:// URL of a PostgreSQL server; leave it unset to use the embedded database in DATA_DIR.',
  DATABASE_CONNECT_TIMEOUT_SECONDS:
    'How long start-up waits for a PostgreSQL server that does not answer yet, in seconds (default 60; 0 tries once).',
  DATA_DIR: 'A directory for the embedded database and generated keys, default ./data.',
  LOG_LEVEL: 'One of fatal, error, warn, info, debug, trace, silent (default info).',
  GOOGLE_CLIENT_ID:
    'Use the client id of a Google Cloud "Web application" OAuth client: console.cloud.google.com → APIs & Services → Credentials.',
  GOOGLE_CLIENT_SECRET: 'Use the client secret of that same Google OAuth client (console.cloud.google.com → APIs & Services → Credentials).',
  TOKEN_ENCRYPTION_KEY:
    'Use 32 random bytes, base64-encoded, e.g. the output of `openssl rand -base64 32`. Required with DATABASE_URL; generated into DATA_DIR for the embedded database.',
  TOKEN_ENCRYPTION_OLD_KEYS: 'Comma-separated retired keys (base64, 32 bytes each) that may still decrypt.',
  CALSTACK_ADMINS: 'Comma-separated Slack user ids (U…) who may manage every client.',
  CALENDAR_CACHE_SECONDS: 'How long a client\'s calendar list is cached, in seconds (default 300; 0 disables).',
  EVENTS_CACHE_SECONDS:
    'How long Google\'s answer to a calendar\'s event list is reused, in seconds (0-300; default 5 on the embedded database, 0 with DATABASE_URL, where replicas do not see each other\'s writes; 0 only shares reads in flight at the same time). The app\'s own writes to a calendar drop it at once.',
  GOOGLE_RETRY_BASE_MS: 'First back-off delay before retrying a rate-limited or failed Google call, in milliseconds (default 1000; doubles each try).',
  GOOGLE_CONCURRENCY: 'How many Google calls each app process may have in flight at once, across all clients (default 500, a 200-client agenda at once; per process, not per deployment).',
  GOOGLE_USER_RATE:
    'Requests per second allowed per connected Google account for the whole deployment, bursts of twice that (default 5; Google allows 600 a minute per user).',
  GOOGLE_PROJECT_RATE:
    'Requests per second to Google for the whole deployment, every account together (default 150; Google allows 10,000 a minute per project); bursts use what GOOGLE_PROJECT_QUOTA leaves beyond a minute of this rate.',
  GOOGLE_PROJECT_QUOTA:
    'Requests Google allows your Cloud project in any minute (default 10,000, Google\'s default Calendar API quota; set it if Google raised yours). Bursts may spend 95% of it less a minute of GOOGLE_PROJECT_RATE.',
  OAUTH_LINK_TTL_HOURS: 'How long an "Authorize Google Calendar" link stays valid, in hours (default 24).',
  FEED_POLL_SECONDS: 'How often the change feed reads a watched calendar when it is not pushed, in seconds (any whole number from 1, default 60).',
  FEED_PUSH:
    'auto (default): Google pushes changes to PUBLIC_URL/google/notifications when PUBLIC_URL is https and the app is not in Socket Mode, otherwise the feed polls; on: always push (tests, a proxy that ends TLS); off: always poll.',
  JOB_RETRY_LIMIT: 'How many times a failed background job is tried again before it goes to the dead-letter queue (0-20, default 5).',
  JOB_RETRY_DELAY_SECONDS: 'The first wait before a failed background job is tried again, in seconds (1-3600, default 60; doubles each try, with jitter).',
  SHUTDOWN_TIMEOUT_MS: 'How long shutdown waits for in-flight work, in milliseconds (default 10000).',
  HEARTBEAT_TIMEOUT_MS:
    'HTTP mode: how long the app may go without answering its ingress thread before slash commands are told it is busy and /healthz answers 503, in milliseconds (200-600000, default 5000).',
  METRICS_TOKEN:
    'A bearer token (at least 16 characters, e.g. `openssl rand -hex 24`) that serves GET /metrics on the app\'s own port; unset, /metrics does not exist there.',
  METRICS_PORT: 'A separate port serving only GET /metrics, without a token, on METRICS_HOST (1-65535; unset: no separate server).',
  METRICS_HOST: 'The interface of METRICS_PORT, default 127.0.0.1 (this machine only); 0.0.0.0 exposes the metrics to anyone who can reach that port.',
  OPS_CHANNEL: 'A Slack channel id (C… or G…) the bot is a member of, where operators are alerted; unset, no alerts are posted.',
};

const url = (message: string) => z.string().trim().url({ message });
const base64Key = z
  .string()
  .trim()
  .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes, base64-encoded' });
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const databaseShape = {
  DATABASE_URL: optional(
    z.string().trim().regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' }),
  ),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number({ message: 'must be a number' }).min(0).max(3600).default(60),
};

export const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string({ message: 'is missing' })
      .trim()
      .min(1, { message: 'is missing' })
      .startsWith('xoxb-', { message: 'must start with xoxb- (a bot token, not a user or app token)' }),
    SLACK_SIGNING_SECRET: z
      .string({ message: 'is missing' })
      .trim()
      .min(1, { message: 'is missing' })
      .regex(/^[0-9a-zA-Z]{16,}$/, { message: 'does not look like a signing secret (hex characters)' }),
    SLACK_APP_TOKEN: optional(z.string().trim().startsWith('xapp-', { message: 'must start with xapp-' })),
    PORT: z.coerce
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .min(0, { message: 'must be between 0 and 65535' })
      .max(65535, { message: 'must be between 0 and 65535' })
      .default(3000),
    HOST: optional(z.string().trim()),
    PUBLIC_URL: optional(url('must be an absolute http(s) URL')),
    ...databaseShape,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: z.stringbool().default(false),
    GOOGLE_CLIENT_ID: z.string({ message: 'is missing' }).trim().min(1, { message: 'is missing' }),
    GOOGLE_CLIENT_SECRET: z.string({ message: 'is missing' }).trim().min(1, { message: 'is missing' }),
    TOKEN_ENCRYPTION_KEY: optional(base64Key),
    TOKEN_ENCRYPTION_OLD_KEYS: optional(z.string()),
    CALSTACK_ADMINS: csv,
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    HEARTBEAT_TIMEOUT_MS: z.coerce.number({ message: 'must be a number' }).int().min(200).max(600_000).default(5000),
    CALENDAR_CACHE_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(0).default(300),
    EVENTS_CACHE_SECONDS: z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(0).max(300).optional(),
    GOOGLE_RETRY_BASE_MS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(60_000).default(1000),
    // Protects this process (its sockets and the answers it holds at once), not Google: each
    // account's and the project's quotas have their own limiters. 500 lets a 200-client agenda's
    // 400 event reads go in one round trip; each is one kept-alive socket of the 1,000 allowed.
    GOOGLE_CONCURRENCY: z.coerce.number({ message: 'must be a number' }).int().min(1).max(1000).default(500),
    GOOGLE_USER_RATE: z.coerce.number({ message: 'must be a number' }).positive().max(100).default(5),
    GOOGLE_PROJECT_RATE: z.coerce.number({ message: 'must be a number' }).positive().max(10_000).default(150),
    GOOGLE_PROJECT_QUOTA: z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).positive().max(10_000_000).default(10_000),
    FEED_POLL_SECONDS: z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1).max(86_400).default(60),
    FEED_PUSH: z.enum(['auto', 'on', 'off']).default('auto'),
    JOB_RETRY_LIMIT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(20).default(5),
    JOB_RETRY_DELAY_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(3600).default(60),
    OAUTH_LINK_TTL_HOURS: z.coerce.number({ message: 'must be a number' }).positive().max(24 * 30).default(24),
    METRICS_TOKEN: optional(z.string().trim().min(16, { message: 'must be at least 16 characters' })),
    METRICS_PORT: optional(z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be between 1 and 65535' }).max(65535, { message: 'must be between 1 and 65535' })),
    METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
    OPS_CHANNEL: optional(z.string().trim().regex(/^[CG][A-Z0-9]{2,}$/, { message: 'must be a channel id (C… or G…), not a name' })),
    SLACK_API_URL: url('must be an absolute URL').default('https://slack.com/api/'),
    GOOGLE_AUTH_URL: url('must be an absolute URL').default('https://accounts.google.com/o/oauth2/v2/auth'),
    GOOGLE_TOKEN_URL: url('must be an absolute URL').default('https://oauth2.googleapis.com/token'),
    GOOGLE_REVOKE_URL: url('must be an absolute URL').default('https://oauth2.googleapis.com/revoke'),
    GOOGLE_API_URL: url('must be an absolute URL').default('https://www.googleapis.com/'),
  });

/** Rules across settings, checked on the raw values so they are reported with all other problems. */
function crossChecks(env: NodeJS.ProcessEnv): string[] {
  const set = (k: string) => (env[k] ?? '').trim() !== '';
  if (set('DATABASE_URL') && !set('TOKEN_ENCRYPTION_KEY')) {
    return [`TOKEN_ENCRYPTION_KEY is required with DATABASE_URL. ${HELP.TOKEN_ENCRYPTION_KEY}`];
  }
  return [];
}

type Env = z.infer<typeof envSchema>;

export interface Config {
  slack: {
    botToken: string;
    signingSecret: string;
    appToken: string | undefined;
    apiUrl: string;
    admins: string[];
  };
  /** host: the interface to listen on; undefined means every interface. */
  http: { host: string | undefined; port: number; publicUrl: string };
  database: { url: string | undefined; dataDir: string; connectTimeoutMs: number };
  log: { level: Env['LOG_LEVEL']; pretty: boolean };
  google: {
    clientId: string;
    clientSecret: string;
    authUrl: string;
    tokenUrl: string;
    revokeUrl: string;
    apiUrl: string;
    linkTtlHours: number;
    calendarCacheSeconds: number;
    eventsCacheSeconds: number;
    retryBaseMs: number;
    concurrency: number;
    perUserRate: number;
    projectRate: number;
    /** Requests Google allows the project per minute (GOOGLE_PROJECT_QUOTA). */
    projectMinuteQuota: number;
  };
  crypto: { key: string | undefined; oldKeys: string[] };
  /** Retries of a failed background job (backoff from `retryDelaySeconds`), then the dead-letter queue. */
  /** The change feed: push (Google's events.watch) or polling every `pollSeconds`. */
  feed: { pollSeconds: number; push: boolean };
  jobs: { retryLimit: number; retryDelaySeconds: number };
  /** GET /metrics: with `token` on the app's port, and/or alone on `port` bound to `host`. */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  /** Where operators' alerts go; undefined: none are posted. */
  opsChannel: string | undefined;
  shutdownTimeoutMs: number;
  /** HTTP mode: the main thread's heartbeat may be missed this long before the ingress answers for it. */
  heartbeatTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

function formatProblems(problems: string[]): string {
  const s = problems.length === 1 ? '' : 's';
  return [
    `Calendar Stacker cannot start: ${problems.length} setting${s} need${s ? '' : 's'} attention.`,
    '',
    ...problems.map((p) => `  ✗ ${p}`),
    '',
    'Set them in the environment or in a .env file next to package.json (.env.example documents every setting).',
  ].join('\n');
}

/** One line per setting: its first problem (an empty value is "missing", not also "malformed"). */
function describeIssues(error: z.ZodError): string[] {
  const firstPerKey = error.issues.filter((issue, i, all) => all.findIndex((o) => o.path[0] === issue.path[0]) === i);
  return firstPerKey.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const help = HELP[key];
    return `${key} ${issue.message}.${help ? ` ${help}` : ''}`;
  });
}

/**
 * Parsed once, without zod's compiled fast path: on an object's first parse zod generates and
 * compiles a parser for it (`new Function`), which pays off over many parses, not one. It was
 * ~2/3 of this parse, 20-30 ms of every start, in a profile of `npm start`.
 */
const ONCE = { jitless: true } as const;

/** Parses the environment once; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env, ONCE);
  const problems = [...(parsed.success ? [] : describeIssues(parsed.error)), ...crossChecks(env)];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      admins: e.CALSTACK_ADMINS,
    },
    http: { host: e.HOST, port: e.PORT, publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '') },
    database: databaseSettings(e),
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    google: {
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      authUrl: e.GOOGLE_AUTH_URL,
      tokenUrl: e.GOOGLE_TOKEN_URL,
      revokeUrl: e.GOOGLE_REVOKE_URL,
      apiUrl: e.GOOGLE_API_URL.endsWith('/') ? e.GOOGLE_API_URL : `${e.GOOGLE_API_URL}/`,
      linkTtlHours: e.OAUTH_LINK_TTL_HOURS,
      calendarCacheSeconds: e.CALENDAR_CACHE_SECONDS,
      // Replicas are possible only on PostgreSQL, and a write on one clears only its own cache: there
      // a reused answer could show the writer a stale calendar on their next read, so it is opt-in.
      eventsCacheSeconds: e.EVENTS_CACHE_SECONDS ?? (e.DATABASE_URL ? 0 : 5),
      retryBaseMs: e.GOOGLE_RETRY_BASE_MS,
      concurrency: e.GOOGLE_CONCURRENCY,
      perUserRate: e.GOOGLE_USER_RATE,
      projectRate: e.GOOGLE_PROJECT_RATE,
      projectMinuteQuota: e.GOOGLE_PROJECT_QUOTA,
    },
    crypto: {
      key: e.TOKEN_ENCRYPTION_KEY,
      oldKeys: (e.TOKEN_ENCRYPTION_OLD_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    },
    feed: {
      pollSeconds: e.FEED_POLL_SECONDS,
      // Google delivers only to HTTPS, and a Socket Mode app is usually where nothing reaches it.
      push: e.FEED_PUSH === 'on' || (e.FEED_PUSH === 'auto' && (e.PUBLIC_URL ?? '').trim().startsWith('https://') && !e.SLACK_APP_TOKEN),
    },
    jobs: { retryLimit: e.JOB_RETRY_LIMIT, retryDelaySeconds: e.JOB_RETRY_DELAY_SECONDS },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
    opsChannel: e.OPS_CHANNEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    heartbeatTimeoutMs: e.HEARTBEAT_TIMEOUT_MS,
  };
}

/** Every setting that is a secret: the logger masks these values wherever they appear. */
export function secretsOf(config: Config): (string | undefined)[] {
  return [config.slack.botToken, config.slack.signingSecret, config.slack.appToken, config.google.clientSecret, config.crypto.key, config.metrics.token];
}

/** Just the database settings, for the db:* scripts that need nothing else. */
export function loadDatabaseSettings(env: NodeJS.ProcessEnv): Config['database'] {
  const parsed = z.object(databaseShape).safeParse(env, ONCE);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  return databaseSettings(parsed.data);
}

function databaseSettings(e: z.infer<z.ZodObject<typeof databaseShape>>): Config['database'] {
  return { url: e.DATABASE_URL, dataDir: e.DATA_DIR, connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000 };
}
