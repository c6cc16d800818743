/** Random ids and tokens, base64url, and the instants Google prints. */
import { createHash, randomBytes } from 'node:crypto';

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomFrom(alphabet: string, length: number): string {
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Google event ids use base32hex: lowercase a-v and digits. */
export function randomEventId(): string {
  return randomFrom('abcdefghijklmnopqrstuv0123456789', 26);
}

export function sha256Base64url(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Google prints freeBusy instants without milliseconds. */
export function toIsoSeconds(ms: number): string {
  return toIso(ms).replace(/\.\d{3}Z$/, 'Z');
}
