import type { Logger } from '../logger.js';
import type { ConnectionService } from '../core/connections/service.js';
import { pageWording } from './oauth-wording.js';
import { resultPage } from './pages.js';
import { sendHtml, type Route } from './router.js';

const MAX_PARAM = 2048;
const param = (url: URL, name: string) => url.searchParams.get(name)?.slice(0, MAX_PARAM) ?? undefined;

/** GET /oauth/google/start/:token and GET /oauth/google/callback. */
export function googleOAuthRoutes(connections: ConnectionService, log: Logger): Route[] {
  const failure = (res: Parameters<Route['handler']>[1], err: unknown) => {
    const worded = pageWording(err);
    if (worded) {
      sendHtml(res, worded.status, resultPage({ ok: false, title: 'Calendar not connected', message: worded.message, hint: worded.hint }));
      return;
    }
    log.error({ err }, 'Google authorization failed');
    sendHtml(res, 500, resultPage({ ok: false, title: 'Something went wrong', message: 'Nothing was stored.', hint: 'Please try the link again in a minute.' }));
  };
  return [
    {
      method: 'GET',
      path: '/oauth/google/start/:token',
      handler: async (_req, res, params) => {
        try {
          const location = await connections.start(params.token ?? '');
          res.writeHead(302, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
          res.end();
        } catch (err) {
          failure(res, err);
        }
      },
    },
    {
      method: 'GET',
      path: '/oauth/google/callback',
      handler: async (_req, res, _params, url) => {
        try {
          const done = await connections.complete({ state: param(url, 'state'), code: param(url, 'code'), error: param(url, 'error') });
          sendHtml(
            res,
            200,
            resultPage({
              ok: true,
              title: `${done.clientName}\u2019s calendar is connected`,
              message: `Connected as ${done.email}. You can close this tab.`,
            }),
          );
        } catch (err) {
          failure(res, err);
        }
      },
    },
  ];
}
