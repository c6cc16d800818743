// scripts/build.mjs is the `prepare` script, so it also runs in a production
// install (`npm ci --omit=dev`), where TypeScript and the Prisma CLI are absent.
// The whole install is performed by tests/deploy/image.deploy.ts (slow).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../harness/node.js';

describe('the build step in a production install', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A shipped artifact: package.json, scripts/build.mjs, no build tools; with or without dist/. */
  function artifact(withDist: boolean) {
    dir = mkdtempSync(join(tmpdir(), 'calstack-prod-'));
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(ROOT, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    if (withDist) {
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist/main.js'), '');
    }
    return spawnSync(process.execPath, [join(dir, 'scripts/build.mjs')], { cwd: dir, encoding: 'utf8' });
  }

  it('does nothing when dist/ was shipped', () => {
    const run = artifact(true);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('stops with what to do when dist/ is missing', () => {
    const run = artifact(false);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('`npm ci --omit=dev`');
    expect(run.stderr).toContain('README → Deployment');
  });
});
