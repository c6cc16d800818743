// The start bundle loads undici (~0.1 s of module evaluation) only when something sends with it:
// Bolt's Socket Mode receiver, which an HTTP-mode app never builds, reaches @slack/socket-mode
// through scripts/bundle-start.mjs's lazySocketMode plugin, and the Google transport runs undici
// and Google's client on a thread it makes at its first call (on this one only when that thread
// cannot start).
// Evaluating Bolt's undici sets its global dispatcher: that is what is looked at for Bolt. Bundled
// as `npm start` bundles it (ES modules, split), the transport must still send, on its thread or,
// without it, on the calling one: a package imported at run time is a chunk of its own there.
// pg-boss's `pg` is likewise evaluated only when pg-boss opens a pool of its own, and Bolt's Express
// receiver and OAuth installer (Express, mime-db, jsonwebtoken) only when one is made.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { machineEnv, ROOT } from '../harness/node.js';
// @ts-expect-error: a build script in plain JavaScript, without types.
import { apiRequestOnly, lazyPgForPgBoss, lazySocketMode, lazyUnusedBoltParts, oneLuxon } from '../../scripts/bundle-start.mjs';

/** A bundle left in a temporary directory finds the packages left external where npm start's does. */
const withNodeModules = () => ({ ...machineEnv(), NODE_PATH: join(ROOT, 'node_modules'), TZ: 'UTC' });

const ENTRY = `import * as bolt from '@slack/bolt';
const dispatcher = Symbol.for('undici.globalDispatcher.1');
const before = dispatcher in globalThis;
const receiver = new bolt.SocketModeReceiver({ appToken: 'xapp-1-test' });
console.log(JSON.stringify({ before, client: receiver.client.constructor.name, after: dispatcher in globalThis }));
`;

describe('the start bundle and undici', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Bolt bundled as scripts/bundle-start.mjs bundles it, with or without the plugin; what the entry saw. */
  async function run<T = { before: boolean; client: string; after: boolean }>(plugins: unknown[], source = ENTRY, name = `out-${plugins.length}`, external: string[] = []): Promise<T> {
    dir ??= await mkdtemp(join(tmpdir(), 'calstack-lazy-'));
    const entry = join(dir, `${name}-entry.mjs`);
    const out = join(dir, `${name}.mjs`);
    await writeFile(entry, source);
    await build({
      entryPoints: [entry],
      absWorkingDir: ROOT,
      nodePaths: [join(ROOT, 'node_modules')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: out,
      external,
      plugins: plugins as never[],
      logLevel: 'error',
      banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    });
    const child = spawnSync(process.execPath, [out], { env: withNodeModules(), encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout.trim()) as T;
  }

  it('Bolt loads without evaluating undici, and a Socket Mode receiver still gets its client', { timeout: 120_000 }, async () => {
    expect(await run([lazySocketMode])).toEqual({ before: false, client: expect.stringMatching(/SocketModeClient$/) as string, after: true });
  });

  // Which of the packages only Bolt's Express receiver and OAuth installer use are loaded
  // (node_modules' CommonJS cache), before and after an Express receiver with OAuth is made.
  const EXPRESS_ENTRY = `import * as bolt from '@slack/bolt';
import { createRequire } from 'node:module';
const loaded = () => ['express', '@slack/oauth', 'jsonwebtoken', 'mime-db'].filter((p) => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('/node_modules/' + p + '/')));
const before = loaded();
const receiver = new bolt.ExpressReceiver({ signingSecret: 's', clientId: 'c', clientSecret: 'x', stateSecret: 'state', scopes: ['chat:write'], installationStore: new bolt.MemoryInstallationStore() });
console.log(JSON.stringify({
  before,
  after: loaded(),
  isReceiver: receiver instanceof bolt.ExpressReceiver,
  installer: receiver.installer?.constructor.name,
  routes: typeof receiver.router.post,
  // The state is a token signed with jsonwebtoken.
  url: await receiver.installer.generateInstallUrl({ scopes: ['chat:write'] }),
}));
`;

  it('Bolt loads without Express or the OAuth installer, and an Express receiver with OAuth is still made whole', { timeout: 120_000 }, async () => {
    const lazy = await run<Record<string, unknown>>([lazyUnusedBoltParts], EXPRESS_ENTRY, 'express-lazy');
    expect(lazy).toEqual({
      before: [],
      after: ['express', '@slack/oauth', 'jsonwebtoken', 'mime-db'],
      isReceiver: true,
      installer: 'InstallProvider',
      routes: 'function',
      url: expect.stringMatching(/^https:\/\/slack\.com\/oauth\/v2\/authorize\?scope=chat%3Awrite&state=[\w-]+\.[\w-]+\.[\w-]+&client_id=c$/) as string,
    });
    // Without the plugin, all of it is loaded with Bolt (what the plugin is for): left in
    // node_modules here, so that the cache shows it.
    const eager = await run<{ before: string[] }>([], EXPRESS_ENTRY, 'express-eager', ['express', '@slack/oauth']);
    expect(eager.before).toEqual(['express', '@slack/oauth', 'jsonwebtoken', 'mime-db']);
  });

  /** Source bundled and split as npm start's bundle is (ES modules, chunks), run; what it printed. */
  async function runSplit(name: string, source: string, plugins: unknown[] = [], entries: Record<string, string> = {}): Promise<unknown> {
    dir ??= await mkdtemp(join(tmpdir(), 'calstack-lazy-'));
    const entry = join(dir, `${name}-entry.mjs`);
    const outdir = join(dir, name);
    await writeFile(entry, source);
    await build({
      entryPoints: { main: entry, ...entries },
      absWorkingDir: ROOT,
      nodePaths: [join(ROOT, 'node_modules')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      outdir,
      plugins: plugins as never[],
      logLevel: 'error',
      banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    });
    const child = spawnSync(process.execPath, [join(outdir, 'main.js')], { env: withNodeModules(), encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout.trim()) as unknown;
  }

  // Which threads the transport made, and what each sent back (Worker wrapped as the thread-order
  // fixture does, before the first call).
  const transportSource = `import { createRequire, syncBuiltinESMExports } from 'node:module';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { googleCalls } from ${JSON.stringify(join(ROOT, 'src/google/transport.ts'))};
const threads = createRequire(import.meta.url)('node:worker_threads');
const made = [];
threads.Worker = class extends threads.Worker {
  constructor(script, options) {
    super(script, options);
    const seen = { script: String(script).split('/').pop(), sent: [] };
    made.push(seen);
    this.on('message', (m) => seen.sent.push(m.t));
  }
};
syncBuiltinESMExports();
const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(JSON.stringify({ path: req.url }))));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const call = googleCalls({ rootUrl: 'http://127.0.0.1:' + server.address().port + '/', timeoutMs: 5000 });
const data = await call('calendarList.list', { maxResults: 250 }, 'token');
console.log(JSON.stringify({ data, made }));
server.close();
`;

  /** The sources of an output file and of all it imports in turn (a split bundle's static graph), by file. */
  async function moduleGraph(outdir: string, file: string, sources = new Map<string, string>()): Promise<Map<string, string>> {
    if (sources.has(file)) return sources;
    const source = await readFile(join(outdir, file), 'utf8');
    sources.set(file, source);
    for (const [, next] of source.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) await moduleGraph(outdir, next!, sources);
    return sources;
  }
  /** Whether the transport thread's modules hold Google's auth library (its OAuth2Client class). */
  const threadHasAuthLibrary = async (outdir: string) => [...(await moduleGraph(outdir, 'transport-thread.js')).values()].some((text) => /\bclass _?OAuth2Client\b/.test(text));

  it('the Google transport, bundled and split as npm start is, sends and reads the answer on its thread, which loads no auth library', { timeout: 120_000 }, async () => {
    const thread = { 'transport-thread': join(ROOT, 'src/google/transport-thread.ts') };
    const printed = await runSplit('transport', transportSource, [apiRequestOnly], thread);
    expect(printed).toEqual({ data: { path: '/calendar/v3/users/me/calendarList?maxResults=250' }, made: [{ script: 'transport-thread.js', sent: ['ready', 'answers'] }] });
    // The calls carry their own token: googleapis-common's index, which loads google-auth-library,
    // is not the thread's (it was without the plugin, which is what the check looks for).
    expect(await threadHasAuthLibrary(join(dir!, 'transport'))).toBe(false);
    await runSplit('transport-whole-common', transportSource, [], thread);
    expect(await threadHasAuthLibrary(join(dir!, 'transport-whole-common'))).toBe(true);
  });

  it('without its thread\u2019s script (a damaged build) the transport sends on the calling thread, undici and Google\u2019s client chunks imported at the first call', { timeout: 120_000 }, async () => {
    const printed = await runSplit('transport-alone', transportSource);
    // The thread was tried, never started, and the call was made here.
    expect(printed).toEqual({ data: { path: '/calendar/v3/users/me/calendarList?maxResults=250' }, made: [{ script: 'transport-thread.js', sent: [] }] });
  });

  // google-auth-library is imported at the first consent, exchange or refresh (src/google/oauth.ts):
  // split as npm start's bundle is, it is a chunk of its own, and the client must still be whole.
  it('the Google OAuth port, bundled and split as npm start is, loads google-auth-library at its first use and builds a consent URL', { timeout: 120_000 }, async () => {
    const printed = await runSplit(
      'oauth',
      `import { googleOAuth } from ${JSON.stringify(join(ROOT, 'src/google/oauth.ts'))};
const oauth = googleOAuth({ authUrl: 'https://accounts.example/o/oauth2/v2/auth', tokenUrl: 'https://oauth2.example/token', revokeUrl: 'https://oauth2.example/revoke' });
const url = new URL(await oauth.authorizationUrl({ app: { clientId: 'id.apps.googleusercontent.com', clientSecret: 'secret' }, redirectUri: 'https://calstack.example/oauth/google/callback', state: 'st', codeChallenge: 'ch', scopes: ['a', 'b'], loginHint: 'ada@example.com' }));
console.log(JSON.stringify({ origin: url.origin + url.pathname, params: Object.fromEntries(url.searchParams) }));
`,
    );
    expect(printed).toEqual({
      origin: 'https://accounts.example/o/oauth2/v2/auth',
      params: {
        access_type: 'offline',
        prompt: 'consent',
        include_granted_scopes: 'true',
        scope: 'a b',
        state: 'st',
        code_challenge: 'ch',
        code_challenge_method: 'S256',
        login_hint: 'ada@example.com',
        response_type: 'code',
        client_id: 'id.apps.googleusercontent.com',
        redirect_uri: 'https://calstack.example/oauth/google/callback',
      },
    });
  });

  it('pg-boss loads without evaluating pg, which it loads when it opens its own pool', { timeout: 120_000 }, async () => {
    // pg, evaluated, looks at `navigator` (is this Cloudflare's runtime?): what is looked at.
    const printed = await runSplit(
      'pg-boss',
      `let looked = false;
const own = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
Object.defineProperty(globalThis, 'navigator', { configurable: true, get() { looked = true; return own?.get ? own.get.call(globalThis) : own?.value; } });
const { PgBoss } = await import('pg-boss');
const atLoad = looked;
const boss = new PgBoss({ connectionString: 'postgresql://calstack@127.0.0.1:1/none', max: 1 });
boss.on('error', () => {});
const err = await boss.start().then(() => undefined, (e) => e);
console.log(JSON.stringify({ atLoad, atStart: looked, code: err?.code }));
`,
      [lazyPgForPgBoss],
    );
    // Refused by a port nobody listens on: pg itself connected, so it was loaded.
    expect(printed).toEqual({ atLoad: false, atStart: true, code: 'ECONNREFUSED' });
  });

  it('pg-boss\u2019s cron-parser gets the app\u2019s luxon, not a second copy: one Settings for both', { timeout: 120_000 }, async () => {
    // The next 09:00 after midnight UTC, in luxon's default zone as the app sets it: Tokyo's
    // (00:00 UTC) only if cron-parser's luxon is the app's.
    const source = `import { Settings } from 'luxon';
import { CronExpressionParser } from 'cron-parser';
Settings.defaultZone = 'Asia/Tokyo';
const next = CronExpressionParser.parse('0 9 * * *', { currentDate: new Date('2026-12-03T01:00:00Z') }).next();
console.log(JSON.stringify(next.toISOString()));
`;
    expect(await runSplit('luxon', source, [oneLuxon])).toBe('2026-12-04T00:00:00.000Z');
    expect(await runSplit('luxon-apart', source)).toBe('2026-12-03T09:00:00.000Z');
  });

  it('without the plugin, Bolt alone evaluates undici (what the plugin is for)', { timeout: 120_000 }, async () => {
    expect(await run([])).toEqual({ before: true, client: expect.stringMatching(/SocketModeClient$/) as string, after: true });
  });
});
