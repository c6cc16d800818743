import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const ROOT = new URL('../../', import.meta.url).pathname;

/** `node --import tsx` that works from any working directory. */
export const TSX_IMPORT = ['--import', pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href];

/** The command line of `npm start`, for tests that run the real process. */
export const START = [join(ROOT, 'dist/main.js')];

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
