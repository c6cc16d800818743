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
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
/** Loaded only by `npm run dev` (pretty logs on a terminal), never by `npm start`. */
const ALWAYS_EXTERNAL = ['pino-pretty'];
const LOCATES_OWN_FILES = /\b__dirname\b|\b__filename\b|\bimport\.meta\.url\b/;
/**
 * Not counted: comments, and a guarded look that copes without (undici's
 * `typeof __filename !== 'undefined' ? __filename : undefined`, for stack traces).
 */
const NOT_A_USE = [/\/\*[\s\S]*?\*\//g, /^\s*\/\/.*$/gm, /\btypeof\s+(__dirname|__filename)\s*!==?\s*['"]undefined['"]\s*\?\s*\1\b/g];
const withoutNonUses = (text) => NOT_A_USE.reduce((t, re) => t.replace(re, ''), text);

/**
 * Bolt loads its Socket Mode receiver with the rest of its receivers, and @slack/socket-mode
 * loads undici, whose module evaluation took ~0.1 s of every start (a tenth of a restart), for a
 * receiver this app never runs (it serves HTTP). The one use, `SocketModeClient` read when a
 * receiver is constructed, now loads the package then: esbuild turns a `require` inside a
 * function into a call made when the function runs. The Google transport loads undici at its
 * first call (src/google/transport.ts).
 */
export const lazySocketMode = {
  name: 'lazy-socket-mode',
  setup(b) {
    b.onResolve({ filter: /^@slack\/socket-mode$/ }, (args) => (args.namespace === 'lazy-socket-mode' ? undefined : { path: '@slack/socket-mode', namespace: 'lazy-socket-mode', pluginData: args.resolveDir }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-socket-mode' }, (args) => ({
      resolveDir: args.pluginData,
      loader: 'js',
      contents: `let real;
const load = () => (real ??= require('@slack/socket-mode'));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => { const d = Reflect.getOwnPropertyDescriptor(load(), key); return d && { ...d, configurable: true }; },
});
`,
    }));
  },
};

const options = (external) => ({
  absWorkingDir: root,
  entryPoints: { 'start/main': 'src/main.ts', 'start/worker': 'src/slack/ingress/worker.ts', 'start/embedded-wasm-thread': 'src/db/embedded-wasm-thread.ts' },
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
  plugins: [lazySocketMode],
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
  await writeFile(join(dist, 'main.js'), "// Made by scripts/bundle-start.mjs: the app is bundled under dist/start/.\nimport './start/main.js';\n");
  await rm(join(dist, 'main.js.map'), { force: true });
  await writeFile(join(dist, 'start', 'external.json'), `${JSON.stringify([...external].sort(), null, 2)}\n`);
  return { external: [...external].sort() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { external } = await bundleStart();
  console.log(`bundled dist/start/ (left to node_modules: ${external.join(', ')})`);
}
