// Run by scripts/build.mjs: makes the image a new embedded database is restored from
// (embedded-image.ts). Built in memory, so no data directory is left behind.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from '../migrations.js';
import { serverStartParams } from '../embedded.js';
import { EMBEDDED_IMAGE_DIR, imagePaths, migrationsStamp } from '../embedded-image.js';
import { startJobs } from '../../jobs/engine.js';

const quiet = { warn: () => {}, error: () => {} };
const paths = imagePaths();
const db = await PGlite.create('memory://', { startParams: serverStartParams(PGlite.defaultStartParams) });
try {
  await applyMigrations(new PrismaPGlite(db));
  // pg-boss makes its tables as it starts; the image has them, so a new install need not.
  await (await startJobs({ kind: 'embedded', pglite: db }, quiet, { retryLimit: 0, retryDelaySeconds: 1 })).stop(1000);
  const tarball = await db.dumpDataDir('gzip');
  await mkdir(EMBEDDED_IMAGE_DIR, { recursive: true });
  await rm(paths.stamp, { force: true });
  // Written aside and renamed, stamp last: a build stopped halfway leaves no image that seems whole.
  await writeFile(`${paths.image}.tmp`, Buffer.from(await tarball.arrayBuffer()));
  await rename(`${paths.image}.tmp`, paths.image);
  await writeFile(paths.stamp, `${await migrationsStamp()}\n`);
} finally {
  await db.close();
}
