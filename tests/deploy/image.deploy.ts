// The container image, built and run without Docker (none is reachable on our
// machines): this reads the Dockerfile and performs its steps itself: each
// stage in a temporary directory standing for its WORKDIR, COPY from the
// build context (minus .dockerignore) or from the build stage, every RUN with
// sh in that directory, ENV, then CMD, HEALTHCHECK and STOPSIGNAL against the
// running app. Nothing is hard-coded here that the Dockerfile says: a step
// added to the Dockerfile is run here too, and an instruction this test does
// not know fails it.
//
// Two stand-ins, as the image's file system is not ours: absolute paths
// outside the WORKDIR (the /data volume) map to a temporary directory, and the
// image's user `node` is the user running this test.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../fakes/slack.js';
import { admin, freePort } from '../harness/app.js';
import { ROOT, START, START_ENV } from '../harness/node.js';
import { baseEnv, spawnApp } from '../harness/process.js';
import { SlackRequests } from '../harness/slack-requests.js';

interface Instruction {
  op: string;
  args: string;
}

interface Stage {
  name: string;
  workdir: string;
  dir: string;
  env: Record<string, string>;
  user?: string;
}

/** Dockerfile instructions, with comments dropped and continued lines joined. */
function instructions(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

/** Docker's .dockerignore patterns as we use them: root-relative paths, `*` within one path segment. */
function ignoredBy(patterns: string[]): (rel: string) => boolean {
  const regexes = patterns.map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`));
  return (rel) => regexes.some((r) => r.test(rel));
}

function du(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}

const SECRET = 'abcdef0123456789abcdef0123456789';

describe('the container image, without Docker', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'calstack-image-'));
  const volumes = join(scratch, 'volumes');
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('builds, installs lean, starts, is healthy, and drains on its stop signal', async () => {
    const steps = instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    const ignored = ignoredBy(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
    const stages: Stage[] = [];
    let stage: Stage | undefined;
    let cmd: string[] = [];
    let healthcheck: string[] = [];
    let stopSignal: NodeJS.Signals = 'SIGTERM';
    const user = userInfo();

    /** A path in the image, on this machine. */
    const local = (s: Stage, path: string) => {
      if (!path.startsWith('/')) return join(s.dir, path);
      if (path === s.workdir || path.startsWith(`${s.workdir}/`)) return join(s.dir, relative(s.workdir, path));
      return join(volumes, path);
    };
    const stand = (s: Stage, text: string) =>
      text
        .replace(/(^|[\s=])(\/[\w./-]+)/g, (_m, lead: string, path: string) => `${lead}${local(s, path)}`)
        .replace(/\bnode:node\b/g, `${user.uid}:${user.gid}`);
    const json = (args: string) => JSON.parse(args.replace(/^.*?(\[.*\])$/, '$1')) as string[];

    for (const { op, args } of steps) {
      if (op === 'FROM') {
        const name = args.split(/\s+AS\s+/i)[1] ?? String(stages.length);
        stage = { name, workdir: '/', dir: join(scratch, name), env: {} };
        mkdirSync(stage.dir, { recursive: true });
        stages.push(stage);
        continue;
      }
      if (!stage) throw new Error(`${op} before FROM`);
      const s = stage;
      switch (op) {
        case 'WORKDIR':
          s.workdir = args;
          break;
        case 'ENV':
          for (const [, k, v] of args.matchAll(/(\w+)=(\S+)/g)) s.env[k!] = stand(s, v!);
          break;
        case 'COPY': {
          const parts = args.split(/\s+/);
          const from = parts[0]!.startsWith('--from=') ? stages.find((x) => x.name === parts.shift()!.slice(7)) : undefined;
          const dest = parts.pop()!;
          for (const src of parts) {
            const source = from ? local(from, src) : join(ROOT, src);
            const target = dest.endsWith('/') || parts.length > 1 || src === '.' ? join(local(s, dest), src === '.' ? '' : src.split('/').pop()!) : local(s, dest);
            mkdirSync(dirname(target), { recursive: true });
            cpSync(source, target, { recursive: true, filter: (p) => from !== undefined || !ignored(relative(ROOT, p)) });
          }
          break;
        }
        case 'RUN': {
          // A clean environment, as in a build container (not npm's or vitest's variables).
          const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...s.env };
          const run = spawnSync('sh', ['-c', stand(s, args)], { cwd: s.dir, env, stdio: 'inherit' });
          expect(run.status, `RUN ${args}`).toBe(0);
          break;
        }
        case 'CMD':
          cmd = json(args);
          break;
        case 'HEALTHCHECK':
          healthcheck = json(args);
          break;
        case 'STOPSIGNAL':
          stopSignal = args as NodeJS.Signals;
          break;
        case 'USER':
          s.user = args;
          break;
        case 'VOLUME':
          mkdirSync(local(s, args), { recursive: true });
          break;
        case 'EXPOSE':
          break;
        default:
          throw new Error(`the Dockerfile uses ${op}, which this test does not perform: teach it here`);
      }
    }
    const runtime = stages.at(-1)!;
    expect(runtime.user).toBe('node');

    // What the runtime stage holds: production dependencies only, no build tools.
    const modules = join(runtime.dir, 'node_modules');
    for (const tool of ['typescript', 'tsx', 'prisma', 'pino-pretty', 'vitest', 'esbuild']) expect(existsSync(join(modules, tool)), tool).toBe(false);
    expect(readdirSync(runtime.dir).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json', 'prisma', 'scripts']);
    const mb = (bytes: number) => Math.round(bytes / 1e6);
    console.log(`image test: production node_modules ${mb(du(modules))} MB; build stage node_modules ${mb(du(join(stages[0]!.dir, 'node_modules')))} MB`);

    // Start it as the image does, with the embedded database in the volume.
    const slack = await startFakeSlack({ botToken: baseEnv({}).SLACK_BOT_TOKEN });
    try {
      const port = await freePort();
      const env = { ...baseEnv({ SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl }), ...runtime.env, PORT: String(port) };
      delete (env as Record<string, string>).TOKEN_ENCRYPTION_KEY; // generated into DATA_DIR, as in a first real start
      const app = spawnApp(cmd[0]!, cmd.slice(1), { cwd: runtime.dir, port, env });
      const running = JSON.parse(await app.waitForLine(/Calendar Stacker is running/, 300_000)) as { nodeFlags?: string[] };
      // The image runs with npm start's memory settings: its node flags and its environment.
      expect(running.nodeFlags).toEqual(START.slice(0, -1));
      for (const [name, value] of Object.entries(START_ENV)) expect(runtime.env[name], name).toBe(value);
      const health = spawnSync(healthcheck[0]!, healthcheck.slice(1), { cwd: runtime.dir, env, timeout: 30_000 });
      expect(health.status, String(health.stderr)).toBe(0);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(existsSync(join(runtime.env.DATA_DIR!, 'encryption.key'))).toBe(true);

      // A command whose answer is still on its way when the stop signal comes: Slack holds it.
      const release = slack.holdResponses();
      const responseUrl = slack.responseUrl();
      const requests = new SlackRequests(`http://127.0.0.1:${port}`, SECRET, () => responseUrl);
      requests.issueTriggersFrom(() => slack.issueTriggerId());
      const ack = await requests.command('help', admin, { response_url: responseUrl });
      expect(ack.status).toBe(200);
      await slack.waitForResponse((r) => r.url === responseUrl, 60_000);
      app.child.kill(stopSignal);
      await app.waitForLine(/shutting down/);
      expect(app.lines.join('')).not.toContain('"msg":"stopped"');
      release();
      expect(await app.exited, app.lines.join('')).toBe(0);
      expect(slack.responses.some((r) => r.url === responseUrl)).toBe(true);
      expect(app.lines.join('')).toContain('"msg":"stopped"');
    } finally {
      await slack.close();
    }
  });
});
