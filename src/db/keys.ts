import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { keyFromBase64, SecretBox } from './crypto.js';

export const KEY_FILE = 'encryption.key';

export interface KeySettings {
  key: string | undefined;
  oldKeys: string[];
}

/**
 * The configured key, or, for the embedded database only, one generated once
 * into DATA_DIR (mode 0600). With PostgreSQL the configuration requires a key.
 */
export async function loadSecretBox(settings: KeySettings, dataDir: string, log?: Logger): Promise<SecretBox> {
  const retired = settings.oldKeys.map(keyFromBase64);
  if (settings.key) return new SecretBox(keyFromBase64(settings.key), retired);
  const path = join(dataDir, KEY_FILE);
  let b64 = await readFile(path, 'utf8').catch(() => undefined);
  if (!b64) {
    b64 = randomBytes(32).toString('base64');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, `${b64}\n`, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
      // Another process created it first: use theirs.
      if (err.code !== 'EEXIST') throw err;
      b64 = await readFile(path, 'utf8');
    });
    await chmod(path, 0o600);
    log?.warn(
      { path },
      'TOKEN_ENCRYPTION_KEY is not set: generated a key for the embedded database. Back it up with DATA_DIR; set TOKEN_ENCRYPTION_KEY to manage it yourself.',
    );
  }
  return new SecretBox(keyFromBase64(b64), retired);
}
