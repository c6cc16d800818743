// `npm run db:migration:create -- <name>`: writes prisma/migrations/<stamp>_<name>/migration.sql
// with the SQL that takes the existing migrations to prisma/schema.prisma. Offline:
// the diff runs in a throwaway in-memory PGlite through Prisma's wasm schema engine.
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { diffSchemaAgainstMigrations, writeMigration, MIGRATIONS_DIR, SCHEMA_PATH } from '../migrations.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { schema: { type: 'string' }, migrations: { type: 'string' } },
});
const name = positionals.join(' ').trim();
if (!name) {
  console.error('Usage: npm run db:migration:create -- <name>   (for example: add_google_connections)');
  process.exit(2);
}
const dir = values.migrations ?? MIGRATIONS_DIR;
const scratch = new PGlite();
try {
  const sql = await diffSchemaAgainstMigrations(new PrismaPGlite(scratch), dir, values.schema ?? SCHEMA_PATH);
  if (!sql) {
    console.log('The schema already matches the migrations; no migration created.');
  } else {
    const created = await writeMigration(name, sql, dir);
    console.log(`Created ${dir}/${created}/migration.sql`);
  }
} finally {
  await scratch.close();
}
