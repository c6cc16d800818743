// What `npm start` runs is the bundle scripts/bundle-start.mjs makes (issue 18: module loading was
// about half of a restart): dist/main.js enters dist/start/, and the process reads a few files of
// its own instead of tsc's hundreds, and of node_modules only the packages left external.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, TEAM } from '../harness/app.js';
import { ROOT, START } from '../harness/node.js';
import { visibleText } from '../harness/visible.js';
import { startFakeSlack } from '../fakes/slack.js';
import { startFakeSocketMode } from '../fakes/socket-mode.js';
import { baseEnv, spawnApp, type AppProcess } from '../harness/process.js';

const preload = (fixture: string) => ['--import', new URL(`./fixtures/${fixture}`, import.meta.url).href];
/**
 * Files of node_modules a started process may have loaded. Measured on the embedded database at
 * /readyz: tsc's output loaded 1,259 files (280 of dist/, the rest Bolt, the Google clients,
 * Prisma, zod, ...); the bundle 61, of which 41 are the packages it leaves external (PGlite, pino);
 * 15 once pino was bundled too (PGlite's and iconv-lite's).
 */
const MAX_NODE_MODULES_FILES = 30;
/**
 * JavaScript loaded by /readyz: 10.2 MB before undici, iconv-lite's tables and Prisma's base64 left it;
 * 6.3 MB after; 4.3 MB once Bolt's Express receiver, its OAuth installer and google-auth-library left too.
 */
const MAX_LOADED_BYTES = 5_000_000;

describe('npm start (dist/main.js)', () => {
  let app: AppProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
    await app?.exited;
    if (dir) await rm(dir, { recursive: true, force: true });
    app = dir = undefined;
  });

  /** `npm start`'s process on a new DATA_DIR under dir, with preloads, once it is running. */
  async function start(fixtures: string[], env: Record<string, string>): Promise<AppProcess> {
    dir = await mkdtemp(join(tmpdir(), 'calstack-bundle-'));
    const port = await freePort();
    const started = spawnApp(process.execPath, [...fixtures.flatMap(preload), ...START], { cwd: dir, port, env: baseEnv({ PORT: String(port), DATA_DIR: join(dir, 'data'), ...env }) });
    app = started;
    await started.waitForLine(/Calendar Stacker is running/);
    return started;
  }

  it('runs the bundle: a new DATA_DIR from the build image, /readyz through the ingress thread, no file of tsc\u2019s dist/ and few of node_modules', { timeout: 120_000 }, async () => {
    const out = join(tmpdir(), `calstack-loaded-${process.pid}-${Date.now()}.json`);
    const proc = await start(['loaded-files.mjs'], { LOADED_FILES_OUT: out });
    // The image is found, and matches the migrations on disk: both paths resolve from the bundle.
    expect(proc.lines.join('')).toContain('new embedded database restored from the build image');
    expect(proc.lines.join('')).not.toContain('database migrated');
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${proc.port}/readyz`).catch(() => undefined))?.status, { timeout: 30_000 }).toBe(200);

    proc.child.kill('SIGUSR2');
    await expect.poll(() => readFile(out, 'utf8').catch(() => ''), { timeout: 10_000 }).not.toBe('');
    const { esm, cjs } = JSON.parse(await readFile(out, 'utf8')) as { esm: string[]; cjs: string[] };
    const files = [...esm.filter((u) => u.startsWith('file:')), ...cjs.map((p) => pathToFileURL(p).href)];
    const dist = pathToFileURL(join(ROOT, 'dist/')).href;
    const ours = files.filter((f) => f.startsWith(dist)).map((f) => f.slice(dist.length));
    expect(ours).toContain('main.js');
    expect(ours.filter((f) => f !== 'main.js' && !f.startsWith('start/'))).toEqual([]);
    // Each import and export format's code is a chunk of its own, loaded at its first use, not at start.
    const lazyPackages = /^\/\/ node_modules\/(ical\.js|windows-iana|ical-generator|csv-parse|csv-stringify)\//m;
    const chunks = (await readdir(join(ROOT, 'dist/start'))).filter((f) => f.endsWith('.js'));
    const formatChunks = (await Promise.all(chunks.map(async (f) => (lazyPackages.test(await readFile(join(ROOT, 'dist/start', f), 'utf8')) ? `start/${f}` : [])))).flat();
    expect(formatChunks.length).toBeGreaterThanOrEqual(4);
    expect(ours.filter((f) => formatChunks.includes(f))).toEqual([]);
    const nodeModules = new Set(files.filter((f) => f.includes('/node_modules/')));
    expect(nodeModules.size).toBeGreaterThan(0);
    expect(nodeModules.size).toBeLessThan(MAX_NODE_MODULES_FILES);
    // Every byte of JavaScript loaded is read, decoded and compiled at every start: undici (only the
    // Google transport's, at its first call), iconv-lite's charset tables and Prisma's query
    // compiler as a base64 string in code are not (scripts/bundle-start.mjs).
    const sizes = await Promise.all([...new Set(files)].map(async (f) => ({ f, bytes: (await stat(fileURLToPath(f))).size })));
    expect(sizes.filter(({ f }) => /\/undici[^/]*\.js$|\/iconv-lite\/encodings\//.test(f))).toEqual([]);
    expect(sizes.filter(({ f, bytes }) => /query_compiler.*wasm-base64/.test(f) && bytes > 10_000)).toEqual([]);
    expect(sizes.reduce((sum, { bytes }) => sum + bytes, 0)).toBeLessThan(MAX_LOADED_BYTES);
    // zod's messages in English, its default, and none of its other locales (0.37 MB).
    const loadedText = (await Promise.all(ours.map((f) => readFile(join(ROOT, 'dist', f), 'utf8')))).join('\n');
    const zodLocales = [...loadedText.matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/(\S+)$/gm)].map((m) => m[1]);
    expect(zodLocales).toEqual(['en.js']);
    // undici and Google's Calendar client by their code, whatever chunk holds them (only the Google
    // transport's thread loads them); google-auth-library at the first consent, exchange or refresh;
    // Bolt's Express receiver and OAuth installer, which this app never makes, not at all.
    expect(loadedText).not.toMatch(/^\/\/ node_modules\/(undici|googleapis-common|@googleapis\/calendar|google-auth-library|gaxios|express|mime-db|@slack\/oauth|jsonwebtoken)\//m);
    expect([...nodeModules].filter((f) => /\/node_modules\/(express|mime-db|@slack\/oauth|jsonwebtoken|google-auth-library)\//.test(f))).toEqual([]);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    await rm(out, { force: true });
  });

  // pino is bundled, but its transport's thread runs scripts from node_modules (pino's worker,
  // thread-stream's, then pino-pretty), which it finds from the bundle (scripts/bundle-start.mjs).
  it('with LOG_PRETTY, logs through pino-pretty on a transport thread', { timeout: 120_000 }, async () => {
    const proc = await start([], { LOG_PRETTY: 'true' });
    const output = proc.lines.join('\n');
    expect(output).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] \S*INFO\S*: \S*Calendar Stacker is running/m);
    expect(proc.lines.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  /** The JSON lines a fixture wrote (none when it wrote nothing). */
  const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);

  /** A first start with both fixtures: the threads it started and what its main thread compiled. */
  async function firstStartThreads(env: Record<string, string>) {
    const threadsOut = join(tmpdir(), `calstack-threads-${process.pid}-${Date.now()}.jsonl`);
    const wasmOut = join(tmpdir(), `calstack-wasm-${process.pid}-${Date.now()}.jsonl`);
    const proc = await start(['thread-order.mjs', 'wasm-compile-order.mjs'], { THREAD_ORDER_OUT: threadsOut, WASM_ORDER_OUT: wasmOut, ...env });
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${proc.port}/readyz`).catch(() => undefined))?.status, { timeout: 30_000 }).toBe(200);
    const threads = (await lines(threadsOut)) as { script: string; appLoaded: boolean; refused: boolean }[];
    const compiles = (await lines(wasmOut)) as { bytes: number; mainThread: boolean; appLoaded?: boolean; threadId: number }[];
    await Promise.all([rm(threadsOut, { force: true }), rm(wasmOut, { force: true })]);
    expect(proc.lines.join('')).toContain('new embedded database restored from the build image');
    return { threads, compiles };
  }

  // Started before the app's modules load (issue 18, target 3): reading and compiling PGlite's
  // WebAssembly took ~0.1-0.15 s of the main thread, Prisma's query compiler's (compiled by Prisma
  // synchronously at the first query) ~35 ms more. The image is copied on the main thread (its
  // file calls are synchronous): a thread for it, when it was a tarball to unpack, was no faster
  // and left the process 6 MiB larger.
  it('compiles PGlite\u2019s and Prisma\u2019s WebAssembly and starts the ingress thread before it loads the app, and copies the image without a thread', { timeout: 120_000 }, async () => {
    const { threads, compiles } = await firstStartThreads({});
    expect(threads[0]).toEqual({ script: 'embedded-wasm-thread.js', appLoaded: false, refused: false });
    // The ingress thread too (it opens the public port once the app is up): one, made early.
    expect(threads.filter((t) => t.script === 'worker.js')).toEqual([{ script: 'worker.js', appLoaded: false, refused: false }]);
    expect(threads.map((t) => t.script)).not.toContain('embedded-image-thread.js');
    // PGlite's (9 MB), then Prisma's query compiler (1.7 MB), each compiled once, on the thread;
    // PGlite and Prisma took them: the main thread compiled none, not even at the first query.
    expect(compiles).toEqual([
      { bytes: expect.any(Number), mainThread: false, threadId: expect.any(Number) },
      { bytes: expect.any(Number), mainThread: false, threadId: compiles[0]?.threadId },
    ]);
    expect(compiles[0]?.bytes).toBeGreaterThan(5_000_000);
    expect(compiles[1]?.bytes).toBeLessThan(5_000_000);
  });

  it('compiles on the main thread when its thread cannot start', { timeout: 120_000 }, async () => {
    const { threads, compiles } = await firstStartThreads({ THREAD_REFUSE: 'embedded-' });
    expect(threads[0]).toMatchObject({ script: 'embedded-wasm-thread.js', refused: true });
    // Both started here, before the app loads (V8 compiles them on its own background threads).
    expect(compiles).toEqual([
      { bytes: expect.any(Number), mainThread: true, appLoaded: false, threadId: 0 },
      { bytes: expect.any(Number), mainThread: true, appLoaded: false, threadId: 0 },
    ]);
  });

  // Bolt's Socket Mode package is left to node_modules and loaded when the receiver is built
  // (scripts/bundle-start.mjs): the bundle must still find it, from dist/start/.
  it('runs in Socket Mode: connects with the app token from the bundle, answers a command, starts no ingress thread', { timeout: 120_000 }, async () => {
    const slack = await startFakeSlack({ teamId: TEAM });
    const socket = await startFakeSocketMode(slack);
    const threadsOut = join(tmpdir(), `calstack-threads-${process.pid}-${Date.now()}.jsonl`);
    try {
      const env = { SLACK_BOT_TOKEN: 'xoxb-bundle-socket', SLACK_APP_TOKEN: 'xapp-1-A0CALSTACK-bundle', SLACK_API_URL: slack.apiUrl, THREAD_ORDER_OUT: threadsOut };
      slack.registerToken(env.SLACK_BOT_TOKEN);
      slack.registerToken(env.SLACK_APP_TOKEN);
      const proc = await start(['thread-order.mjs'], env);
      await socket.connected();
      expect(proc.lines.join('')).toContain('"mode":"socket"');
      const responseUrl = slack.responseUrl();
      const ack = await socket.sendCommand({ team_id: TEAM, user_id: 'U0ADMIN', command: '/calstack', text: 'help', response_url: responseUrl, trigger_id: 't.1', channel_id: 'C1' });
      expect(ack).toMatchObject({ payload: {} });
      const response = await slack.waitForResponse((r) => r.url === responseUrl);
      expect(visibleText(response.body)).toContain('/calstack help');
      const threads = (await lines(threadsOut)) as { script: string }[];
      // The fixture saw the threads made (PGlite's compile thread), and no ingress thread among them.
      expect(threads.map((t) => t.script)).toContain('embedded-wasm-thread.js');
      expect(threads.map((t) => t.script)).not.toContain('worker.js');
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    } finally {
      await rm(threadsOut, { force: true });
      await socket.close();
      await slack.close();
    }
  });
});
