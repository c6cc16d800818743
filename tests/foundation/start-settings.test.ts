// `npm start` runs node with the memory settings README's "Memory" explains (issue 18, target 4):
// checked on the running process, not on package.json's text.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { freePort } from '../harness/app.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { ROOT, START, START_ENV } from '../harness/node.js';
import { baseEnv, spawnApp } from '../harness/process.js';

const MEMORY_FLAGS = ['--liftoff-only', '--max-semi-space-size=2'];

describe('npm start', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: baseEnv({}).SLACK_BOT_TOKEN });
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await slack?.close();
    await db?.drop();
  });

  it('runs node with the memory settings, and the app names its flags in its start-up line', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const env = baseEnv({ SLACK_API_URL: slack.apiUrl, PORT: String(port), DATA_DIR: db.dataDir, ...(db.url ? { DATABASE_URL: db.url } : {}) });
    // Only npm start may set it here.
    delete env.MALLOC_ARENA_MAX;
    const p = spawnApp('npm', ['start', '--silent'], { cwd: ROOT, port, env });
    try {
      const running = JSON.parse(await p.waitForLine(/Calendar Stacker is running/)) as { nodeFlags?: string[] };
      expect(running.nodeFlags).toEqual(MEMORY_FLAGS);
      // npm's child is the app itself (the script execs node): its environment as the kernel has it.
      const [appPid] = (await readFile(`/proc/${p.child.pid}/task/${p.child.pid}/children`, 'utf8')).trim().split(/\s+/);
      expect((await readFile(`/proc/${appPid}/cmdline`, 'utf8')).split('\0')).toContain(`dist/main.js`);
      expect((await readFile(`/proc/${appPid}/environ`, 'utf8')).split('\0')).toContain('MALLOC_ARENA_MAX=2');
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });

  it('is what tests and the benchmark run as "the process as npm start runs it"', () => {
    expect(START.slice(0, -1)).toEqual(MEMORY_FLAGS);
    expect(START.at(-1)).toBe(`${ROOT}dist/main.js`);
    expect(START_ENV).toEqual({ MALLOC_ARENA_MAX: '2' });
  });
});
