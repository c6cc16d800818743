// Bundles what `npm start` runs (src/main.ts and the Slack ingress thread) into a few files under
// dist/start/, so that starting reads a handful of files instead of resolving and reading about
// a thousand modules one by one (most of them @slack/bolt's and the Google clients'): module loading
// was about half of a restart (issue 18). dist/main.js becomes a one-line entry into it; the rest of
// dist/ stays tsc's output, which the CLIs (db:migrate, keys:rotate, the image maker) run.
//
// Dynamic `import()`s stay separate chunks, loaded when first used, as from tsc's output.
// Every chunk sits two levels below the package root, as tsc's dist/db/*.js do, so our paths
// relative to a module (../../prisma/, ../../dist/embedded-image/, ./worker.js) mean the same.
//
// A package that finds files relative to its own source (`__dirname`, `__filename`,
// `import.meta.url`: WebAssembly, time zone files, worker scripts) would look for them under
// dist/start/ once bundled, and could fail silently (an export without its VTIMEZONE). Such
// packages are found in the bundle's inputs and left external: Node loads them from node_modules
// as before. Run by scripts/build.mjs after tsc; `node scripts/bundle-start.mjs` alone works too.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
/**
 * pino-pretty: loaded only by `npm run dev` (pretty logs on a terminal), never by `npm start`.
 * iconv-lite (Bolt's body parsing requires it at load): its ~0.5 MB of character set tables are
 * required only to decode a body in a charset other than UTF-8. Bundled, even code evaluated
 * only later is read, decoded and compiled at every start; from node_modules they are never read.
 */
const ALWAYS_EXTERNAL = ['pino-pretty', 'iconv-lite'];
const LOCATES_OWN_FILES = /\b__dirname\b|\b__filename\b|\bimport\.meta\.url\b/;
/**
 * Not counted: comments, and a guarded look that copes without (undici's
 * `typeof __filename !== 'undefined' ? __filename : undefined`, for stack traces).
 */
const NOT_A_USE = [/\/\*[\s\S]*?\*\//g, /^\s*\/\/.*$/gm, /\btypeof\s+(__dirname|__filename)\s*!==?\s*['"]undefined['"]\s*\?\s*\1\b/g];
const withoutNonUses = (text) => NOT_A_USE.reduce((t, re) => t.replace(re, ''), text);

/**
 * pino and thread-stream find the scripts of a log transport's thread next to their own source
 * (`__dirname`), so they were left to node_modules, where Node resolved, read and compiled their
 * ~30 files one by one: ~35 ms of every start. Bundled, the `__dirname` of those two files names
 * the installed package's directory instead, where the scripts are: a transport's thread (only
 * `LOG_PRETTY` starts one) loads its script from node_modules, as before.
 */
const INSTALLED_DIRNAME = /(?:^|[/\\])node_modules[/\\](pino[/\\]lib[/\\]transport|thread-stream[/\\]index)\.js$/;
export const installedDirnames = {
  name: 'installed-dirnames',
  setup(b) {
    b.onLoad({ filter: INSTALLED_DIRNAME }, async (args) => {
      const [pkg, ...below] = /node_modules[/\\](.*)$/.exec(args.path)[1].split(/[/\\]/).slice(0, -1);
      const dir = `require('node:path').join(require('node:path').dirname(require.resolve(${JSON.stringify(`${pkg}/package.json`)})), ${below.map((d) => JSON.stringify(d)).join(', ') || "''"})`;
      return { loader: 'js', contents: `var __dirname = ${dir};\n${await readFile(args.path, 'utf8')}` };
    });
  },
};

/**
 * Bolt loads its Socket Mode receiver with the rest of its receivers, and @slack/socket-mode
 * loads undici, whose module evaluation took ~0.1 s of every start (a tenth of a restart), for a
 * receiver this app never runs (it serves HTTP). The one use, `SocketModeClient` read when a
 * receiver is constructed, now loads the package then, from node_modules: bundled, even code
 * evaluated only later is read, decoded and compiled at every start (undici's 1 MB, ~40 ms).
 * The Google transport's thread, made at its first call, loads undici (src/google/transport.ts).
 */
export const lazySocketMode = {
  name: 'lazy-socket-mode',
  setup(b) {
    b.onResolve({ filter: /^@slack\/socket-mode$/ }, (args) =>
      args.namespace === 'lazy-socket-mode' ? { path: args.path, external: true } : { path: '@slack/socket-mode', namespace: 'lazy-socket-mode', pluginData: args.resolveDir },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-socket-mode' }, (args) => ({
      resolveDir: args.pluginData,
      loader: 'js',
      contents: `module.exports = ${loadedAtFirstUse("require('@slack/socket-mode')")};\n`,
    }));
  },
};

/**
 * zod re-exports every one of its sixty-odd locales as `z.locales` (`export * as`, which a bundler must
 * keep whole): 0.37 MB of error-message tables, a tenth of the JavaScript a start reads and
 * compiles, for messages the app only ever gives in English (zod's default, `en`, which its
 * schemas import on their own). The namespace keeps `en` alone.
 */
export const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'english-only-zod', pluginData: join(args.resolveDir, '../locales') } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, (args) => ({
      resolveDir: args.pluginData,
      loader: 'js',
      contents: "export { default as en } from './en.js';\n",
    }));
  },
};

/**
 * A stand-in that loads the module (`load`, an expression) at the first look at it, then is it.
 * Configurable descriptors: a Proxy may not report a non-configurable property its target lacks.
 */
function loadedAtFirstUse(load) {
  return `(() => {
  let real;
  const load = () => (real ??= ${load});
  return new Proxy({}, {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => { const d = Reflect.getOwnPropertyDescriptor(load(), key); return d && { ...d, configurable: true }; },
  });
})()`;
}

/**
 * A class (`load`, an expression) loaded when first constructed or looked at: Bolt's index reads
 * each receiver's class as it loads, and only a `new` uses it.
 */
function classLoadedAtFirstUse(load) {
  return `(() => {
  let real;
  const load = () => (real ??= ${load});
  const standIn = new Proxy(function () {}, {
    construct: (_, args, newTarget) => Reflect.construct(load(), args, newTarget === standIn ? load() : newTarget),
    apply: (_, self, args) => Reflect.apply(load(), self, args),
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
  });
  return standIn;
})()`;
}

/**
 * Bolt's index loads every receiver it offers, and the HTTP and Socket Mode receivers load
 * @slack/oauth: Express with its middleware and mime-db (whose ~2,500 types mime-types walks as it
 * loads), the OAuth installer with jsonwebtoken and semver, ~0.8 MB of the ~3.5 MB a start read,
 * compiled and evaluated, for a receiver and an installer this app never makes (its receiver is
 * src/slack/ingress/receiver.ts; one workspace, its token from the configuration). Both are used
 * only when made, so each loads then, from node_modules (with the Bolt modules the Express
 * receiver requires, a second copy of them: nothing here makes one).
 */
export const lazyUnusedBoltParts = {
  name: 'lazy-unused-bolt-parts',
  setup(b) {
    const fromBolt = (importer) => /[/\\]node_modules[/\\]@slack[/\\]bolt[/\\]/.test(importer);
    b.onResolve({ filter: /^@slack\/oauth$/ }, (args) =>
      args.namespace !== 'lazy-bolt-part' && fromBolt(args.importer) ? { path: '@slack/oauth', namespace: 'lazy-bolt-part', pluginData: { resolveDir: args.resolveDir, load: "require('@slack/oauth')" } } : undefined,
    );
    b.onResolve({ filter: /^\.\/receivers\/ExpressReceiver$/ }, (args) =>
      args.namespace !== 'lazy-bolt-part' && fromBolt(args.importer)
        ? { path: 'ExpressReceiver', namespace: 'lazy-bolt-part', pluginData: { resolveDir: args.resolveDir, receiver: "require('@slack/bolt/dist/receivers/ExpressReceiver.js').default" } }
        : undefined,
    );
    b.onResolve({ filter: /.*/, namespace: 'lazy-bolt-part' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-bolt-part' }, (args) => ({
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
      contents: args.pluginData.receiver
        ? `'use strict';\nexports.__esModule = true;\nexports.default = ${classLoadedAtFirstUse(args.pluginData.receiver)};\n`
        : `module.exports = ${loadedAtFirstUse(args.pluginData.load)};\n`,
    }));
  },
};

/**
 * pg-boss imports `pg` at load and uses it only to open its own pool, which it never does here on
 * the embedded database (its queries go through PGlite; src/jobs/engine.ts). Evaluating `pg`
 * checks for Cloudflare's runtime by making a `Response` where there is no `navigator` (Node
 * 20), which loads Node's own fetch implementation: ~60 ms of the main thread, when the job
 * engine starts, just as the app begins to answer. It is loaded at pg-boss's first use of it
 * instead: at once on PostgreSQL, never on the embedded database.
 */
export const lazyPgForPgBoss = {
  name: 'lazy-pg-for-pg-boss',
  setup(b) {
    b.onResolve({ filter: /^pg$/ }, (args) =>
      args.namespace !== 'lazy-pg' && /[/\\]node_modules[/\\]pg-boss[/\\]/.test(args.importer) ? { path: 'pg', namespace: 'lazy-pg', pluginData: args.resolveDir } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-pg' }, (args) => ({
      resolveDir: args.pluginData,
      loader: 'js',
      contents: `export default ${loadedAtFirstUse("require('pg')")};\n`,
    }));
  },
};

/**
 * The Calendar client (@googleapis/calendar's v3 module, made in src/google/calendar-calls.ts) takes
 * one function from googleapis-common, `createAPIRequest`, but that package's index also loads
 * Google's whole auth library (google-auth-library with its token clients, gcp-metadata, jws,
 * bignumber.js), which these calls never use: each carries its own token. On the Google
 * transport's thread, an isolate made at the first Google call, that was 2.2 MiB of its 22.7. The v3
 * module gets googleapis-common's request module itself (the app's OAuth client still loads the
 * auth library, on the main thread, at the first consent or refresh).
 */
export const apiRequestOnly = {
  name: 'api-request-only',
  setup(b) {
    const apiRequest = createRequire(import.meta.url).resolve('googleapis-common/build/src/apirequest.js');
    const fromCalendarV3 = (importer) => /[/\\]node_modules[/\\]@googleapis[/\\]calendar[/\\]build[/\\]v3\.js$/.test(importer);
    b.onResolve({ filter: /^googleapis-common$/ }, (args) => (fromCalendarV3(args.importer) ? { path: apiRequest } : undefined));
  },
};

/**
 * cron-parser (pg-boss's) requires luxon, and a `require` resolves to luxon's CommonJS build: a
 * second copy beside the ES module build the app imports, 0.26 MB more to read, compile and
 * evaluate when the job engine loads, just as the app begins to answer. Its `require` gets the
 * app's ES module build instead (one luxon, one `Settings`).
 */
export const oneLuxon = {
  name: 'one-luxon',
  setup(b) {
    const esm = join(dirname(createRequire(import.meta.url).resolve('luxon/package.json')), 'build', 'es6', 'luxon.mjs');
    b.onResolve({ filter: /^luxon$/ }, (args) => (args.kind === 'require-call' ? { path: esm } : undefined));
  },
};

/**
 * Prisma's query compiler is WebAssembly shipped as a 2.3 MB base64 string in a JavaScript module,
 * which every start read, decoded from UTF-8 and compiled (scanned) as code before Prisma decoded
 * the string (~30 ms of a restart). The string goes to a file beside the bundle instead, read as
 * Latin-1 (one copy, no decoding), and the module exports it as before.
 */
export const prismaWasmAsFile = {
  name: 'prisma-wasm-as-file',
  setup(b) {
    const files = new Map();
    b.onLoad({ filter: /[/\\]query_compiler_[^/\\]*\.wasm-base64\.mjs$/ }, async (args) => {
      const { wasm } = await import(pathToFileURL(args.path).href);
      if (typeof wasm !== 'string') throw new Error(`${args.path} no longer exports its WebAssembly as a base64 string`);
      const name = basename(args.path).replace(/\.mjs$/, '.txt');
      files.set(name, wasm);
      return { loader: 'js', contents: `import { readFileSync } from 'node:fs';\nexport const wasm = readFileSync(new URL(${JSON.stringify(`./${name}`)}, import.meta.url), 'latin1');\n` };
    });
    b.onEnd(async (result) => {
      if (b.initialOptions.write === false || result.errors.length) return;
      // Beside the chunk that reads it: chunks go where chunkNames puts them.
      const dir = join(b.initialOptions.outdir, dirname(b.initialOptions.chunkNames ?? '.'));
      for (const [name, text] of files) await writeFile(join(dir, name), text, 'latin1');
    });
  },
};

const options = (external) => ({
  absWorkingDir: root,
  entryPoints: {
    'start/main': 'src/main.ts',
    'start/worker': 'src/slack/ingress/worker.ts',
    'start/embedded-wasm-thread': 'src/db/embedded-wasm-thread.ts',
    'start/transport-thread': 'src/google/transport-thread.ts',
  },
  outdir: dist,
  chunkNames: 'start/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  external,
  plugins: [lazySocketMode, lazyUnusedBoltParts, lazyPgForPgBoss, apiRequestOnly, oneLuxon, englishOnlyZod, prismaWasmAsFile, installedDirnames],
  // CommonJS packages in an ES module bundle still call require() (for Node's built-ins and the
  // external packages); Node gives an ES module none.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
});

/** The package an input path of the metafile belongs to (`node_modules/@scope/name/...`). */
function packageOf(input) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m?.[1];
}

async function packagesLocatingOwnFiles(metafile) {
  const found = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const pkg = packageOf(input);
    if (INSTALLED_DIRNAME.test(input)) continue;
    if (pkg && !found.has(pkg) && LOCATES_OWN_FILES.test(withoutNonUses(await readFile(join(root, input), 'utf8')))) found.add(pkg);
  }
  return found;
}

export async function bundleStart() {
  // A first pass finds them; leaving a package out only removes inputs, so one pass is enough.
  const { metafile } = await build({ ...options(ALWAYS_EXTERNAL), write: false });
  const external = new Set([...ALWAYS_EXTERNAL, ...(await packagesLocatingOwnFiles(metafile))]);
  await rm(join(dist, 'start'), { recursive: true, force: true });
  await mkdir(join(dist, 'start'), { recursive: true });
  const result = await build(options([...external]));
  if (result.errors.length) throw new Error('bundling src/main.ts failed');
  // What `npm start`, the Dockerfile and every supervisor run; tsc's own main.js is replaced.
  // scripts/build.mjs tells this entry from tsc's by its first line (BUNDLE_ENTRY_MARK there).
  await writeFile(join(dist, 'main.js'), "// Made by scripts/bundle-start.mjs: the app is bundled under dist/start/.\nimport './start/main.js';\n");
  await rm(join(dist, 'main.js.map'), { force: true });
  await writeFile(join(dist, 'start', 'external.json'), `${JSON.stringify([...external].sort(), null, 2)}\n`);
  return { external: [...external].sort() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { external } = await bundleStart();
  console.log(`bundled dist/start/ (left to node_modules: ${external.join(', ')})`);
}
