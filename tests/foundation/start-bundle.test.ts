// What `npm start` runs is the bundle scripts/bundle-start.mjs makes (issue 18: module loading was
// about half of a restart): dist/main.js enters dist/start/, and the process reads a few files of
// its own instead of tsc's hundreds, and of node_modules only the packages left external.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../harness/app.js';
import { ROOT, START } from '../harness/node.js';
import { baseEnv, spawnApp, type AppProcess } from '../harness/process.js';

const PRELOAD = ['--import', new URL('./fixtures/loaded-files.mjs', import.meta.url).href];
/**
 * Files of node_modules a started process may have loaded. Measured on the embedded database at
 * /readyz: tsc's output loaded 1,259 files (280 of dist/, the rest Bolt, the Google clients,
 * Prisma, zod, ...); the bundle 61, of which 41 are the packages it leaves external (PGlite, pino).
 */
const MAX_NODE_MODULES_FILES = 100;

describe('npm start (dist/main.js)', () => {
  let app: AppProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
    await app?.exited;
    if (dir) await rm(dir, { recursive: true, force: true });
    app = dir = undefined;
  });

  it('runs the bundle: a new DATA_DIR from the build image, /readyz through the ingress thread, no file of tsc\u2019s dist/ and few of node_modules', { timeout: 120_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'calstack-bundle-'));
    const out = join(dir, 'loaded.json');
    const port = await freePort();
    app = spawnApp(process.execPath, [...PRELOAD, ...START], { cwd: dir, port, env: baseEnv({ PORT: String(port), DATA_DIR: join(dir, 'data'), LOADED_FILES_OUT: out }) });
    await app.waitForLine(/Calendar Stacker is running/);
    // The image is found, and matches the migrations on disk: both paths resolve from the bundle.
    expect(app.lines.join('')).toContain('new embedded database restored from the build image');
    expect(app.lines.join('')).not.toContain('database migrated');
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status, { timeout: 30_000 }).toBe(200);

    app.child.kill('SIGUSR2');
    await expect.poll(() => readFile(out, 'utf8').catch(() => ''), { timeout: 10_000 }).not.toBe('');
    const { esm, cjs } = JSON.parse(await readFile(out, 'utf8')) as { esm: string[]; cjs: string[] };
    const files = [...esm.filter((u) => u.startsWith('file:')), ...cjs.map((p) => pathToFileURL(p).href)];
    const dist = pathToFileURL(join(ROOT, 'dist/')).href;
    const ours = files.filter((f) => f.startsWith(dist)).map((f) => f.slice(dist.length));
    expect(ours).toContain('main.js');
    expect(ours.filter((f) => f !== 'main.js' && !f.startsWith('start/'))).toEqual([]);
    const nodeModules = new Set(files.filter((f) => f.includes('/node_modules/')));
    expect(nodeModules.size).toBeGreaterThan(0);
    expect(nodeModules.size).toBeLessThan(MAX_NODE_MODULES_FILES);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
