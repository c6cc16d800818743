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
  return fromSource(moduleUrl) ? new Worker(tsxBootstrap(script), { ...options, eval: true }) : new Worker(script, options);
}

function tsxBootstrap(script: URL): string {
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
}
