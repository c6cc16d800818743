import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { prepareTemplate } from './database.js';
import { ROOT } from './node.js';

export default async function setup(): Promise<void> {
  // Process tests run dist/, exactly what `npm start` runs: build it if a source changed.
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building dist/ failed');
  await prepareTemplate();
}
