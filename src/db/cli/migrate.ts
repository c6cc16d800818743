// `npm run db:migrate`: applies pending migrations to the configured database.
import { loadDatabaseSettings } from '../../config.js';
import { openDatabase } from '../database.js';

const settings = loadDatabaseSettings(process.env);
const db = await openDatabase({ ...settings, log: { info: console.log, warn: console.warn } });
try {
  const applied = await db.migrate();
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date; nothing to apply.');
} finally {
  await db.close();
}
