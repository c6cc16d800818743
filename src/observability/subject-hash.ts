import { createHmac } from 'node:crypto';

/**
 * A short stable name for a client in logs, metrics and alerts, instead of its name, email or id:
 * 8 hex of an HMAC keyed from the app's encryption key, so nobody without the key can tell which
 * client it is, while an operator can (`subjectHash` of a client id, from a shell with the key).
 * A key rotation changes every hash.
 */
export function subjectHasher(key: Buffer): (teamId: string, clientId: string) => string {
  const derived = createHmac('sha256', key).update('calstack subject hash v1').digest();
  return (teamId, clientId) => createHmac('sha256', derived).update(`${teamId}:${clientId}`).digest('hex').slice(0, 8);
}
