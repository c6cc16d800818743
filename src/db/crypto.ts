import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Key {
  id: string;
  bytes: Buffer;
}

/** A short, stable id for a key (not secret: a prefix of its SHA-256). */
export function keyIdOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

export function keyFromBase64(b64: string): Key {
  const bytes = Buffer.from(b64.trim(), 'base64');
  if (bytes.length !== 32) throw new Error('An encryption key must be 32 bytes, base64-encoded.');
  return { id: keyIdOf(bytes), bytes };
}

export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptError';
  }
}

/**
 * AES-256-GCM for secrets at rest. Each value gets a random nonce and is
 * authenticated with `context` (table, row and column), so a ciphertext copied
 * to another row does not decrypt. The envelope names the key it was sealed
 * with: `v1.<keyId>.<nonce>.<ciphertext+tag>` (base64url), so keys can rotate.
 */
export class SecretBox {
  private readonly keys: Map<string, Key>;

  constructor(
    readonly current: Key,
    retired: Key[] = [],
  ) {
    this.keys = new Map([...retired, current].map((k) => [k.id, k]));
  }

  seal(plaintext: string, context: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, nonce);
    cipher.setAAD(Buffer.from(`${VERSION}.${this.current.id}.${context}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, this.current.id, nonce.toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, keyId, nonceB64, bodyB64] = sealed.split('.');
    if (version !== VERSION || !keyId || !nonceB64 || !bodyB64) throw new DecryptError('not an encrypted value');
    const key = this.keys.get(keyId);
    if (!key) throw new DecryptError(`value was encrypted with an unknown key (${keyId}); add it to TOKEN_ENCRYPTION_OLD_KEYS`);
    const body = Buffer.from(bodyB64, 'base64url');
    if (body.length < TAG_BYTES) throw new DecryptError('truncated value');
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(nonceB64, 'base64url'));
    decipher.setAAD(Buffer.from(`${VERSION}.${keyId}.${context}`));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptError('value failed authentication (tampered, or copied from another row)');
    }
  }

  /** True when the value is sealed with a key other than the current one. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}
