// `npm run keys:rotate`: re-encrypts every stored secret with TOKEN_ENCRYPTION_KEY.
// Keys in TOKEN_ENCRYPTION_OLD_KEYS (and, on the embedded database, a generated key) still decrypt.
import { config as loadDotenv } from 'dotenv';
import { loadDatabaseSettings } from '../../config.js';
import { openDatabase } from '../database.js';
import { loadSecretBox } from '../keys.js';
import { count } from '../../shared/plural.js';
import { rotateSecrets } from '../rotate.js';

loadDotenv({ quiet: true });
const settings = loadDatabaseSettings(process.env);
const oldKeys = (process.env.TOKEN_ENCRYPTION_OLD_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const box = await loadSecretBox({ key: process.env.TOKEN_ENCRYPTION_KEY?.trim() || undefined, oldKeys }, settings.dataDir);
const db = await openDatabase(settings);
try {
  await db.migrate();
  const { rotated, total } = await rotateSecrets(db.prisma, box);
  console.log(`Re-encrypted ${rotated} of ${count(total, 'stored secret')} with key ${box.current.id}.`);
} finally {
  await db.close();
}
