// Serving the registry. Never public by accident: on the app's own (public) port only with a
// bearer token; without one, /metrics is not a route at all (404 like any unknown path). The
// token-less alternative is a server of its own, on loopback unless METRICS_HOST says otherwise.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { createRouterServer, sendJson, type Route } from '../http/router.js';
import type { MetricsRegistry } from './metrics.js';

export const METRICS_PATH = '/metrics';

// Digests first: equal lengths for timingSafeEqual, and no length leaks through timing.
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1] ?? ''), digest(token));
}

async function send(registry: MetricsRegistry, res: ServerResponse): Promise<void> {
  const body = await registry.render();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}

/** GET /metrics on the app's port, only with the bearer token. */
export function metricsRoutes(registry: MetricsRegistry, token: string | undefined): Route[] {
  if (!token) return [];
  return [
    {
      method: 'GET',
      path: METRICS_PATH,
      handler: async (req, res) => {
        if (!bearerMatches(req, token)) {
          res.setHeader('www-authenticate', 'Bearer realm="metrics"');
          return sendJson(res, 401, { error: 'unauthorized' });
        }
        await send(registry, res);
      },
    },
  ];
}

/** A server that serves GET /metrics alone, for METRICS_PORT (its host decides who reaches it). */
export function metricsServer(registry: MetricsRegistry, log: Logger): Server {
  return createRouterServer([{ method: 'GET', path: METRICS_PATH, handler: (_req, res) => send(registry, res) }], log);
}
