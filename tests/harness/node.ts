import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const ROOT = new URL('../../', import.meta.url).pathname;

/** `node --import tsx` that works from any working directory. */
export const TSX_IMPORT = ['--import', pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href];

/** The command line of `npm start`, for tests that run the real process. */
export const START = [join(ROOT, 'dist/main.js')];
