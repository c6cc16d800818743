/** Reading loosely typed arguments, and shaping Slack's `{ ok, error }` results. */
import type { Args, ApiResult } from './types.js';

export function fail(error: string, messages?: string[]): ApiResult {
  return messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}

export function json(body: unknown): { body: string; contentType: string } {
  return { body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' };
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function isRecord(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
