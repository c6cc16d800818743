import { request as httpRequest, type Agent as HttpAgent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface JsonGetOptions {
  agent: HttpAgent;
  headers: { authorization: string };
  /** The whole request, answer included. */
  timeout: number;
}

/** What a refused GET throws: the shape of a gaxios error, so `toApiError` words both alike. */
interface RefusedGet extends Error {
  response: { status: number; headers: IncomingHttpHeaders; data: unknown };
}

const parse = (text: string): unknown => {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * GETs of Google's JSON API straight over Node's HTTP client: the event lists an agenda fans out
 * over every client. Through the generated client (googleapis-common, gaxios, node-fetch) each
 * cost about four times the CPU of the request itself, and a 200-client agenda makes 400 at
 * once, on the thread that also stacks and renders them. Errors keep the library's shapes:
 * Google's answer as `response`, network failures with their codes, a timeout as ETIMEDOUT.
 */
export function jsonGetter(rootUrl: string) {
  const send = rootUrl.startsWith('https:') ? httpsRequest : httpRequest;
  return function get<T>(path: string, params: Record<string, string | number | boolean | undefined>, o: JsonGetOptions): Promise<{ data: T }> {
    const url = new URL(path, rootUrl);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, String(value));
    return new Promise((resolve, reject) => {
      const req = send(url, { agent: o.agent, headers: { ...o.headers, accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          const data = parse(Buffer.concat(chunks).toString('utf8'));
          if (status >= 200 && status < 300) return resolve({ data: data as T });
          const err = new Error(`Google answered ${status}`) as RefusedGet;
          err.response = { status, headers: res.headers, data };
          reject(err);
        });
      });
      const timer = setTimeout(() => req.destroy(Object.assign(new Error(`Google did not answer within ${o.timeout} ms`), { code: 'ETIMEDOUT' })), o.timeout);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end();
    });
  };
}
