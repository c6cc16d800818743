/** Signing id_tokens, and the PEM and JWK certificates that verify them. */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { base64url, randomToken } from './encoding.js';
import { type Reply, json } from './replies.js';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

let sharedSigningKey: SigningKey | undefined;

// RSA key generation takes tens of milliseconds, so all fakes in a test run share one lazily made key.
function signingKey(): SigningKey {
  if (!sharedSigningKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    sharedSigningKey = { kid: `fake-${randomToken(8)}`, privateKey, publicKey };
  }
  return sharedSigningKey;
}

export function signJwt(payload: Record<string, unknown>): string {
  const key = signingKey();
  const header = base64url(JSON.stringify({ alg: 'RS256', kid: key.kid, typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key.privateKey);
  return `${header}.${body}.${base64url(signature)}`;
}

export function pemCerts(): Reply {
  const key = signingKey();
  return {
    status: 200,
    body: { [key.kid]: key.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    headers: { 'cache-control': 'public, max-age=3600' },
  };
}

export function jwkCerts(): Reply {
  const key = signingKey();
  return json({ keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' }] });
}
