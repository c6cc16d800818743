import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
  url: URL,
) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST';
  /** A path with `:name` segments, e.g. /oauth/google/start/:token */
  path: string;
  handler: RouteHandler;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`), names };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

/**
 * A small router for our own routes (Slack's requests never reach it: see
 * slack/ingress). Handlers are awaited and their errors always end the response.
 */
export function createRouter(routes: Route[], log: Logger) {
  const compiled = routes.map(compile);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const route of compiled) {
      const match = route.pattern.exec(url.pathname);
      if (!match || route.method !== req.method) continue;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]));
      Promise.resolve()
        .then(() => route.handler(req, res, params, url))
        .catch((err: unknown) => {
          log.error({ err, path: route.path }, 'route handler failed');
          if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
          else res.end();
        });
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  };
}
