import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const ROOT = new URL('../../', import.meta.url).pathname;

/** `node --import tsx` that works from any working directory. */
export const TSX_IMPORT = ['--import', pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href];

/**
 * What `npm start` runs (package.json's start script, `VAR=value … exec node <flags> dist/main.js`):
 * its environment settings, and node's arguments with the script's absolute path, so that tests
 * and the benchmark run the process exactly as it is started in production.
 */
export function startCommand(script: string, root = ROOT): { env: Record<string, string>; args: string[] } {
  const m = /^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)exec node((?:\s+--\S+)*)\s+(\S+\.js)$/.exec(script.trim());
  if (!m) throw new Error(`package.json's start script is not \`VAR=value … exec node <flags> <script>.js\`: ${script}`);
  const env = Object.fromEntries(m[1]!.trim().split(/\s+/).filter(Boolean).map((a) => a.split('=', 2) as [string, string]));
  return { env, args: [...m[2]!.trim().split(/\s+/).filter(Boolean), join(root, m[3]!)] };
}

/** `startCommand` of the build at `root`, from its package.json. */
export function startCommandOf(root = ROOT): { env: Record<string, string>; args: string[] } {
  return startCommand((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start, root);
}

const started = startCommandOf();
/** The command line of `npm start` (node's flags, then dist/main.js), for tests that run the real process. */
export const START = started.args;
/** The environment settings `npm start` gives the process. */
export const START_ENV = started.env;

/**
 * The variables that describe the machine rather than the app, for a process a
 * test spawns with an environment of its own: PATH, and the clock when CI
 * moves it with libfaketime (a child on the real clock would sign or check
 * Slack timestamps months apart from the test).
 */
export function machineEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const keep = Object.entries(env).filter(([k, v]) => v !== undefined && (k === 'PATH' || k === 'LD_PRELOAD' || k.startsWith('FAKETIME')));
  return Object.fromEntries(keep) as Record<string, string>;
}
