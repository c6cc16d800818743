/** Decoding request bodies and reading credentials, writing replies. */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Reply } from './replies.js';
import { memo } from './memo.js';

export const UNPARSEABLE = Symbol('unparseable');

export function decodeBody(raw: Buffer, contentType: string): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (!contentType.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return UNPARSEABLE;
  }
}

export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Google's APIs answer gzip-compressed, errors included, to a client that asks for it with
 * `Accept-Encoding: gzip` and says "gzip" in its User-Agent (as Google's client libraries do;
 * "Performance tips", Google Calendar API): a client that cannot decompress fails here too.
 */
function wantsGzip(request: IncomingHttpHeaders): boolean {
  return /\bgzip\b/.test(request['accept-encoding'] ?? '') && /\bgzip\b/.test(request['user-agent'] ?? '');
}

export function sendReply(res: ServerResponse, reply: Reply, request: IncomingHttpHeaders = {}): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json; charset=UTF-8';
  const json = JSON.stringify(reply.body);
  if (!wantsGzip(request)) {
    res.writeHead(reply.status, headers).end(json);
    return;
  }
  headers['content-encoding'] = 'gzip';
  res.writeHead(reply.status, headers).end(gzipped(json));
}

/**
 * Small answers compressed once: the benchmark's agendas ask the same calendars again and again,
 * and compressing 400 answers per agenda took a good part of the shared machine from the app it
 * measures. The same text gives the same bytes, so this changes no answer.
 */
const compressed = memo<Buffer>(2_000);
const COMPRESSED_MAX_CHARS = 16 * 1024;

const gzipped = (json: string): Buffer => (json.length > COMPRESSED_MAX_CHARS ? gzipSync(json) : compressed(json, () => gzipSync(json)));

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}
