import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { answerMalformed, decodeSegment, requestProblem, targetUrl } from './untrusted-requests.js';
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
 * A small router for our own routes (Slack's requests never reach it: see slack/ingress). In
 * Socket Mode it owns the public port, so it trusts nothing: a target that does not parse, a
 * malformed escape or a bad Host is a 400, a known path with another method a 405, and any
 * error, ours or a handler's, ends the response instead of reaching the process.
 */
export function createRouter(routes: Route[], log: Logger) {
  const compiled = routes.map(compile);
  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    const url = requestProblem(req) === null ? targetUrl(req) : null;
    if (!url) return sendJson(res, 400, { error: 'bad_request' });
    const allowed = new Set<string>();
    for (const route of compiled) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      if (route.method !== req.method) {
        allowed.add(route.method);
        continue;
      }
      const values = route.names.map((_, i) => decodeSegment(match[i + 1] ?? ''));
      if (!values.every((v): v is string => v !== null)) return sendJson(res, 400, { error: 'bad_request' });
      const params = Object.fromEntries(route.names.map((n, i) => [n, values[i] ?? '']));
      Promise.resolve()
        .then(() => route.handler(req, res, params, url))
        .catch((err: unknown) => {
          log.error({ err, path: route.path }, 'route handler failed');
          if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
          else res.end();
        });
      return;
    }
    if (allowed.size) {
      res.setHeader('allow', [...allowed].join(', '));
      return sendJson(res, 405, { error: 'method_not_allowed' });
    }
    sendJson(res, 404, { error: 'not_found' });
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      dispatch(req, res);
    } catch (err) {
      log.error({ err }, 'routing a request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.end();
    }
  };
}

/** The HTTP server for our routes, answering even requests too broken to reach them. */
export function createRouterServer(routes: Route[], log: Logger): Server {
  const server = createServer(createRouter(routes, log));
  answerMalformed(server);
  return server;
}
