import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses to replay requests older than this; so do we. */
export const MAX_REQUEST_AGE_SECONDS = 5 * 60;

export interface SignedHeaders {
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * Slack's request signing (v0): HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * with the signing secret, compared in constant time, timestamp within five
 * minutes of now. Returns why a request is refused, or undefined when it is
 * authentic.
 */
export function signatureProblem(
  secret: string,
  rawBody: string,
  headers: SignedHeaders,
  nowSeconds = Math.floor(Date.now() / 1000),
): string | undefined {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return 'missing signature headers';
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return 'malformed timestamp';
  if (Math.abs(nowSeconds - ts) > MAX_REQUEST_AGE_SECONDS) return 'stale timestamp';
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature mismatch';
  return undefined;
}
