import type { Route } from './router.js';
import { sendJson } from './router.js';

export interface HealthDeps {
  ping(): Promise<boolean>;
  /** The job engine, started in the background: only its failure makes the app unready. */
  jobs(): 'starting' | 'ready' | 'failed';
  startedAt: number;
  mode: 'http' | 'socket';
  version: string;
}

export function healthRoutes(deps: HealthDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handler: (_req, res) =>
        sendJson(res, 200, {
          status: 'ok',
          version: deps.version,
          mode: deps.mode,
          uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
        }),
    },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        const database = await deps.ping();
        const jobs = deps.jobs();
        const ready = database && jobs !== 'failed';
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', database: database ? 'ok' : 'unreachable', jobs });
      },
    },
  ];
}
