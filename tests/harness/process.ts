// Runs the app as a real process, the way an operator or a supervisor does,
// and follows its log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { machineEnv, START_ENV } from './node.js';

export interface AppProcess {
  child: ChildProcess;
  port: number;
  /** stdout and stderr, line by line. */
  lines: string[];
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** The least settings the app starts with (fixed, fake), apart from the database and the port. */
export function minimalSettings(extra: Record<string, string>): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-process-test',
    SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789',
    GOOGLE_CLIENT_ID: 'id',
    GOOGLE_CLIENT_SECRET: 'secret',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...extra,
  };
}

/** Settings every process test needs (with npm start's own), apart from the database and the port. */
export function baseEnv(extra: Record<string, string>): Record<string, string> {
  return { ...machineEnv(), ...START_ENV, HOME: process.env.HOME ?? '', ...minimalSettings(extra) };
}

export function spawnApp(command: string, args: string[], opts: { cwd: string; port: number; env: Record<string, string> }): AppProcess {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (d: Buffer) => lines.push(...String(d).split('\n').filter(Boolean).map((l) => `${l}\n`));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  const waitForLine = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<string>((resolve, reject) => {
      const onData = () => {
        const hit = lines.find((l) => pattern.test(l));
        if (hit) finish(() => resolve(hit));
      };
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        settle();
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern}; got:\n${lines.join('')}`))), timeoutMs);
      child.stdout.on('data', onData);
      // The last lines may come with the exit: look once more before giving up.
      void exited.then(() => setTimeout(() => (onData(), finish(() => reject(new Error(`exited before ${pattern}:\n${lines.join('')}`)))), 50));
      onData();
    });
  return { child, port: opts.port, lines, exited, waitForLine };
}
