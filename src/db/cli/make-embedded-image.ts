// Run by scripts/build.mjs: makes the image a new embedded database is restored from
// (embedded-image.ts): a data directory, made beside the image and closed before it takes the
// image's place. Closed, PostgreSQL shuts down cleanly (a checkpoint, nothing left to replay): a
// tarball PGlite dumped from a running database made every first start replay the migrations'
// log, ~0.1 s.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from '../migrations.js';
import { serverStartParams } from '../embedded.js';
import { EMBEDDED_IMAGE_DIR, imagePaths, migrationsStamp } from '../embedded-image.js';
import { startJobs } from '../../jobs/engine.js';

const quiet = { warn: () => {}, error: () => {} };
const paths = imagePaths();
const making = `${paths.image}.making`;
await mkdir(EMBEDDED_IMAGE_DIR, { recursive: true });
await rm(making, { recursive: true, force: true });
const db = await PGlite.create(making, { startParams: serverStartParams(PGlite.defaultStartParams) });
try {
  await applyMigrations(new PrismaPGlite(db));
  // pg-boss makes its tables as it starts; the image has them, so a new install need not.
  await (await startJobs({ kind: 'embedded', pglite: db }, quiet, { retryLimit: 0, retryDelaySeconds: 1 })).stop(1000);
} finally {
  await db.close();
}
// Stamp first out, last in: a build stopped halfway leaves no image that seems whole.
await rm(paths.stamp, { force: true });
await rm(paths.image, { recursive: true, force: true });
// Builds from before the image was a directory left a gzipped tarball here.
await rm(join(EMBEDDED_IMAGE_DIR, 'pglite.tar.gz'), { force: true });
await rename(making, paths.image);
await writeFile(paths.stamp, `${await migrationsStamp()}\n`);
