import { defineConfig } from 'vitest/config';

// The slow checks of a deployment (`npm run test:deploy`, run by .ci/run, not
// by `npm test`): the image's build and runtime steps without Docker (two npm
// installs), and replicas against one PostgreSQL server (needs DATABASE_URL).
export default defineConfig({
  test: {
    include: ['tests/deploy/**/*.deploy.ts'],
    globalSetup: ['tests/harness/global-setup.ts'],
    pool: 'forks',
    testTimeout: 900_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
  },
});
