// Worker threads whose script is one of our modules: tsc's (or the start bundle's) .js beside the
// module that starts it, or, running from TypeScript sources (tests, `npm run dev`), the .ts file
// through tsx, which the thread must load first: Node ignores `--import` in a worker's execArgv.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Whether the module at `moduleUrl` (its import.meta.url) runs from TypeScript sources. */
export const fromSource = (moduleUrl: string): boolean => moduleUrl.endsWith('.ts');

/** The script `./<name>.js` (or `.ts` from sources) beside the module at moduleUrl. */
export function threadScript(moduleUrl: string, name: string): URL {
  return new URL(`./${name}.${fromSource(moduleUrl) ? 'ts' : 'js'}`, moduleUrl);
}

/** A thread running the script `name` beside the module at moduleUrl (its import.meta.url). */
export function moduleThread(moduleUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const script = threadScript(moduleUrl, name);
  const withLimits = { ...options, resourceLimits: { ...threadResourceLimits(), ...options.resourceLimits } };
  return fromSource(moduleUrl) ? new Worker(tsxBootstrap(script), { ...withLimits, eval: true }) : new Worker(script, withLimits);
}

/**
 * A thread's heap as small as the process's own: `--max-semi-space-size` (npm start's memory
 * settings) sizes the main thread's young generation only, and a worker takes V8's default for
 * this machine's memory (48 MB of young generation here, 16 MB semi-spaces), which a burst may
 * grow and keep resident. A bound: through the 200-client agendas the Google transport thread's
 * stayed at ~4 MB either way. V8's young generation is three of its semi-spaces (two, and the new
 * large-object space of the same size).
 */
export function threadResourceLimits(flags: readonly string[] = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]): WorkerOptions['resourceLimits'] {
  let semiSpaceMb: number | undefined;
  flags.forEach((flag, i) => {
    const m = /^--max[-_]semi[-_]space[-_]size(?:=(.*))?$/.exec(flag);
    if (!m) return;
    const value = Number(m[1] ?? flags[i + 1]);
    if (Number.isFinite(value) && value > 0) semiSpaceMb = value;
  });
  return semiSpaceMb === undefined ? {} : { maxYoungGenerationSizeMb: 3 * semiSpaceMb };
}

function tsxBootstrap(script: URL): string {
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
}
