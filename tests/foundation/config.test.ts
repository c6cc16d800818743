import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { START } from '../harness/node.js';
import { describe, expect, it } from 'vitest';
import { parse as parseDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ROOT } from '../harness/node.js';


function start(env: Record<string, string>, cwd: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      START,
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-1-abc',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aa8885a5',
  GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'secret',
};

describe('configuration', () => {
  it('stops with one message listing every problem and how to fix it, exit code 2', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'calstack-cfg-'));
    try {
      const { code, stderr } = await start({ PORT: 'eighty', DATABASE_URL: 'mysql://x' }, cwd);
      expect(code).toBe(2);
      expect(stderr).toContain('Calendar Stacker cannot start: 7 settings need attention.');
      for (const key of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'PORT', 'DATABASE_URL', 'TOKEN_ENCRYPTION_KEY']) {
        expect(stderr).toContain(`✗ ${key}`);
      }
      expect(stderr).toContain('Basic Information → App Credentials');
      expect(stderr).toContain('.env.example');
      expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('reads defaults and normalises URLs', () => {
    const c = loadConfig(valid);
    expect(c.http.port).toBe(3000);
    expect(c.http.publicUrl).toBe('http://localhost:3000');
    expect(c.database).toEqual({ url: undefined, dataDir: './data', connectTimeoutMs: 60_000 });
    expect(c.http.host).toBeUndefined();
    expect(c.slack.apiUrl).toBe('https://slack.com/api/');
    expect(c.google.tokenUrl).toBe('https://oauth2.googleapis.com/token');
    expect(c.slack.appToken).toBeUndefined();
    const socket = loadConfig({ ...valid, SLACK_APP_TOKEN: 'xapp-1-x', CALSTACK_ADMINS: 'U1, U2', PUBLIC_URL: 'https://x.example/' });
    expect(socket.slack.appToken).toBe('xapp-1-x');
    expect(socket.slack.admins).toEqual(['U1', 'U2']);
    expect(socket.http.publicUrl).toBe('https://x.example');
  });

  function problemsOf(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  }

  it('names each setting once, and counts settings, not complaints (.env.example as copied)', () => {
    const env = parseDotenv(readFileSync(join(ROOT, '.env.example')));
    const problems = problemsOf(env);
    const keys = problems.map((p) => p.split(' ')[0]);
    expect(keys).toEqual([...new Set(keys)]);
    expect(keys).toEqual(expect.arrayContaining(['SLACK_SIGNING_SECRET', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET']));
    expect(problems.find((p) => p.startsWith('SLACK_SIGNING_SECRET'))).toMatch(/^SLACK_SIGNING_SECRET is missing\./);
    expect(new ConfigError(problems).message).toContain(`cannot start: ${keys.length} settings need attention.`);
  });

  it('says a port out of range is out of range, not that it is not a number', () => {
    for (const port of ['99999', '-1']) {
      const [problem] = problemsOf({ ...valid, PORT: port });
      expect(problem).toMatch(/^PORT must be between 0 and 65535\./);
    }
    expect(problemsOf({ ...valid, PORT: '80.5' })[0]).toMatch(/^PORT must be a whole number\./);
    expect(problemsOf({ ...valid, PORT: 'eighty' })[0]).toMatch(/^PORT must be a number\./);
  });

  it('rejects malformed values with the setting named', () => {
    const bad = () => loadConfig({ ...valid, SLACK_APP_TOKEN: 'xoxb-wrong', TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=', LOG_LEVEL: 'loud' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('SLACK_APP_TOKEN must start with xapp-');
      expect(problems).toContain('TOKEN_ENCRYPTION_KEY must be 32 bytes');
      expect(problems).toContain('LOG_LEVEL');
    }
  });

  it('reads the heartbeat timeout of the ingress watchdog: 5 s by default, 200 ms to 10 minutes', () => {
    expect(loadConfig(valid).heartbeatTimeoutMs).toBe(5000);
    expect(loadConfig({ ...valid, HEARTBEAT_TIMEOUT_MS: '1500' }).heartbeatTimeoutMs).toBe(1500);
    for (const value of ['soon', '50', '600001']) {
      const problems = (() => {
        try {
          loadConfig({ ...valid, HEARTBEAT_TIMEOUT_MS: value });
          return [];
        } catch (err) {
          return (err as ConfigError).problems;
        }
      })();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^HEARTBEAT_TIMEOUT_MS .*how long the app may go without answering its ingress thread/);
    }
  });

  it('reads the retry policy of background jobs: 5 retries from 60 s by default, bounded', () => {
    expect(loadConfig(valid).jobs).toEqual({ retryLimit: 5, retryDelaySeconds: 60 });
    expect(loadConfig({ ...valid, JOB_RETRY_LIMIT: '0', JOB_RETRY_DELAY_SECONDS: '1' }).jobs).toEqual({ retryLimit: 0, retryDelaySeconds: 1 });
    const problemsWith = (env: Record<string, string>) => {
      try {
        loadConfig({ ...valid, ...env });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    for (const value of ['often', '-1', '21', '1.5']) expect(problemsWith({ JOB_RETRY_LIMIT: value })).toEqual([expect.stringMatching(/^JOB_RETRY_LIMIT .*dead-letter queue \(0-20, default 5\)/)]);
    for (const value of ['0', '3601', 'later']) expect(problemsWith({ JOB_RETRY_DELAY_SECONDS: value })).toEqual([expect.stringMatching(/^JOB_RETRY_DELAY_SECONDS .*\(1-3600, default 60/)]);
  });
});
