// Spawning `node --import tsx <script>` (the app exactly as `npm start` runs it, or the trivial Bolt
// app), waiting for readiness, reading its memory, and stopping it. Every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { procMemory, sleep } from './lib.js';

const children = new Set<ChildProcess>();

/** Pids of the processes we started that are still running. */
export function childPids(): number[] {
  return [...children].flatMap((c) => (c.pid && c.exitCode === null && c.signalCode === null ? [c.pid] : []));
}

/** Last resort on exit: nothing we started outlives the benchmark. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

export interface Spawned {
  child: ChildProcess;
  pid: number;
  url: string;
  logFile: string;
  /** Milliseconds from spawn() to the first ready answer. */
  readyMs: number;
  memory(): { rssMiB: number; hwmMiB: number } | undefined;
  stop(): Promise<number | null>;
}

export interface SpawnOptions {
  /** Short name for messages. */
  name: string;
  /** Everything after the node executable: flags, then the script and its arguments. */
  args: string[];
  env: Record<string, string>;
  cwd: string;
  logFile: string;
  port: number;
  /** Path polled until it answers 200 (default /readyz). */
  readyPath?: string;
  timeoutMs?: number;
  pollMs?: number;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

let retries = 0;
/** How many spawns were retried because something outside killed the process before it was ready. */
export const spawnRetries = () => retries;

/** Spawns and waits for readiness; a process killed by a signal before it was ready (not by us) is started once more. */
export async function spawnNode(opts: SpawnOptions): Promise<Spawned> {
  try {
    return await spawnOnce(opts);
  } catch (err) {
    const killedBy = (err as { killedBy?: string }).killedBy;
    if (!killedBy) throw err;
    retries++;
    console.error(`bench: ${opts.name} was killed by ${killedBy} before it was ready (not by the benchmark); starting it once more`);
    return spawnOnce(opts);
  }
}

async function spawnOnce(opts: SpawnOptions): Promise<Spawned> {
  const out = openSync(opts.logFile, 'a');
  const url = `http://127.0.0.1:${opts.port}`;
  const started = performance.now();
  const child = spawn(process.execPath, opts.args, {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', ...opts.env },
    // Logs go straight to a file: no pipe for the child to block on, no work for the benchmark.
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  children.add(child);
  let exited: number | null | undefined;
  let signal: NodeJS.Signals | null = null;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code, sig) => {
      exited = code;
      signal = sig;
      children.delete(child);
      resolve(code);
    }),
  );
  const readyPath = opts.readyPath ?? '/readyz';
  const deadline = started + (opts.timeoutMs ?? 30_000);
  const pollMs = opts.pollMs ?? 5;
  let readyMs: number | undefined;
  // Bounded by the deadline: at most timeoutMs / pollMs polls.
  while (performance.now() < deadline) {
    if (exited !== undefined) {
      const err = new Error(`${opts.name} exited with ${signal ?? exited} before it was ready:\n${tail(opts.logFile)}`);
      throw signal ? Object.assign(err, { killedBy: signal }) : err;
    }
    try {
      const res = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(pollMs);
  }
  if (readyMs === undefined) {
    child.kill('SIGKILL');
    throw new Error(`${opts.name} was not ready within ${opts.timeoutMs ?? 30_000} ms:\n${tail(opts.logFile)}`);
  }
  const pid = child.pid!;
  return {
    child,
    pid,
    url,
    logFile: opts.logFile,
    readyMs,
    memory: () => procMemory(pid),
    async stop() {
      if (exited !== undefined) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs a short node command and returns its stdout (bounded). */
export function runNode(args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve(stdout);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}
