// Makes what `npm start` runs: the Prisma client (generated from
// prisma/schema.prisma), dist/ (src/ compiled), the bundle `npm start` loads (dist/start/,
// scripts/bundle-start.mjs) and the embedded database image. Runs on `npm install` /
// `npm ci` (the `prepare` script) and before `npm start`, and does only what is
// stale, so starting stays fast.
//
// A production install (`npm ci --omit=dev`) has no TypeScript and no Prisma
// CLI: there it checks that a built dist/ is present and does nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const force = process.argv.includes('--force');
/**
 * How the dist/main.js scripts/bundle-start.mjs writes begins (a literal there too: that script
 * imports esbuild, which a production install lacks, so this one cannot import it).
 */
const BUNDLE_ENTRY_MARK = '// Made by scripts/bundle-start.mjs';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function run(args, failure) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(failure);
    process.exit(result.status ?? 1);
  }
}

function resolves(id) {
  try {
    return require.resolve(id);
  } catch {
    return undefined;
  }
}

const tsc = resolves('typescript/bin/tsc');
if (!tsc || !existsSync(join(root, 'src'))) {
  if (existsSync(join(root, 'dist', 'main.js'))) process.exit(0);
  console.error(
    'dist/ is missing, and this install cannot build it: the build tools (TypeScript, the Prisma CLI) are ' +
      'devDependencies, left out by `npm ci --omit=dev`. Build in a full install (`npm ci`, which builds dist/) ' +
      'and ship dist/ with package.json, package-lock.json and prisma/ (README → Deployment).',
  );
  process.exit(1);
}

const generated = join(root, 'src', 'generated', 'prisma', 'client.ts');
if (force || newest(join(root, 'prisma', 'schema.prisma')) > newest(generated)) {
  run([join(root, 'scripts', 'prisma-generate.mjs')], 'Generating the Prisma client failed (see the errors above).');
}

const stamp = join(root, 'dist', '.tsbuildinfo');
const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'tsconfig.json')), newest(join(root, 'tsconfig.build.json')));
if (force || sources > newest(stamp)) {
  run(
    [tsc, '-p', join(root, 'tsconfig.build.json')],
    'Building src/ failed (see the errors above); fix them, or run `npm run dev` to start from source.',
  );
  // tsc leaves its stamp alone when nothing changed (a source touched, not edited): without this,
  // every later build would run it again.
  const now = new Date();
  if (existsSync(stamp)) utimesSync(stamp, now, now);
}

// What `npm start` loads: src/main.ts bundled (dist/main.js enters dist/start/). Remade when
// tsc's own dist/main.js took the entry's place (tsc rewrites it when main.ts changed, even when
// a bundle made alone by scripts/bundle-start.mjs is newer than the sources), and when a source
// or an installed package changed.
const bundle = join(root, 'dist', 'start', 'main.js');
const entry = join(root, 'dist', 'main.js');
const entersBundle = existsSync(entry) && readFileSync(entry, 'utf8').startsWith(BUNDLE_ENTRY_MARK);
const bundleInputs = Math.max(sources, newest(join(root, 'package-lock.json')), newest(join(root, 'scripts', 'bundle-start.mjs')));
if (force || !entersBundle || bundleInputs > newest(bundle)) {
  run([join(root, 'scripts', 'bundle-start.mjs')], 'Bundling dist/start/ failed (see the errors above).');
}

// The image a new embedded database is restored from (src/db/embedded-image.ts): remade when a
// migration, the code that makes it or an installed package changed.
// Its stamp is written last, when the image is whole.
const image = join(root, 'dist', 'embedded-image', 'migrations.sha256');
const imageInputs = Math.max(
  newest(join(root, 'prisma', 'migrations')),
  newest(join(root, 'dist', 'db', 'cli', 'make-embedded-image.js')),
  newest(join(root, 'package-lock.json')),
);
if (force || imageInputs > newest(image)) {
  run(
    [join(root, 'dist', 'db', 'cli', 'make-embedded-image.js')],
    'Making the embedded database image failed (see the errors above); `npm run build` tries again.',
  );
}
