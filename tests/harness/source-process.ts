// Runs the app as its own process from the sources (`node --import tsx src/main.ts`), for tests
// that must see whether the process itself survives what it is sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { machineEnv, ROOT, TSX_IMPORT } from './node.js';
import { freePort } from './app.js';
import type { TestDatabase } from './database.js';
import { fakeEndpointsEnv, type AppProcessFakes } from './fake-endpoints.js';

export interface SourceProcess {
  child: ChildProcess;
  port: number;
  url: string;
  secret: string;
  /** Everything it wrote, stdout and stderr. */
  lines: string[];
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts the app from the sources on `db`; `env` adds to or replaces its settings (pass another
 * app's, e.g. a TestApp's `env` without PORT and PUBLIC_URL, to run a replica of it).
 */
export async function startAppProcess(db: TestDatabase, env: Record<string, string>, fakes: AppProcessFakes = {}): Promise<SourceProcess> {
  const port = await freePort();
  const secret = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [...TSX_IMPORT, join(ROOT, 'src/main.ts')], {
    cwd: db.dataDir,
    env: {
      ...machineEnv(),
      SLACK_BOT_TOKEN: 'xoxb-process-test',
      SLACK_SIGNING_SECRET: secret,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: db.dataDir,
      GOOGLE_CLIENT_ID: 'id',
      GOOGLE_CLIENT_SECRET: 'secret',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      ...fakeEndpointsEnv(fakes),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const running = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      lines.push(String(d));
      if (/Calendar Stacker is running/.test(String(d))) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => lines.push(String(d)));
    void exited.then((code) => reject(new Error(`the app exited (${code}) before running:\n${lines.join('')}`)));
  });
  await running;
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    // `env` may bring its own (replicas of one app share it).
    secret: env.SLACK_SIGNING_SECRET ?? secret,
    lines,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
