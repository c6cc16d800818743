/** Calendar API routes: a method, a path pattern with ids, the scopes it accepts. */
import type { Account } from './oauth.js';
import type { Reply } from './replies.js';

/** Parses the JSON body lazily so that routes without a body never reject a malformed one. */
export type JsonBody = () => Record<string, unknown>;

export interface CalendarRequest {
  account: Account;
  params: URLSearchParams;
  body: JsonBody;
  ids: Record<string, string>;
}

export interface CalendarRoute {
  method: string;
  pattern: string[];
  scopes: readonly string[];
  run: (request: CalendarRequest) => Reply;
}

export function route(method: string, path: string, scopes: readonly string[], run: CalendarRoute['run']): CalendarRoute {
  return { method, pattern: path.split('/'), scopes, run };
}

export function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const ids: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) ids[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return ids;
}
