import { defineConfig } from 'prisma/config';

// Only `prisma generate` uses this file; migrations run through our offline
// WebAssembly runner (src/db/migrations.ts), see README "Database".
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
