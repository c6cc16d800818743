import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger.js';
import type { NotificationOutcome } from '../core/feed/service.js';
import { sendJson, type Route } from './router.js';

/** The longest header we look at: Google's channel ids are at most 64 characters, our tokens 43. */
const HEADER_MAX = 256;
const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' && value.length <= HEADER_MAX ? value : undefined;
};

const STATUS: Record<NotificationOutcome, number> = { queued: 200, ignored: 200, refused: 404 };

/**
 * POST /google/notifications: Google's push for a watched calendar. Checked against the stored
 * channel (id, and token in constant time) and answered at once; the sync itself is a job. Google
 * sends no body: everything is in the X-Goog-* headers.
 */
export function googleNotificationRoutes(receive: (h: { channelId: string; token: string; state: string; resourceId: string }) => Promise<NotificationOutcome>, log: Logger): Route[] {
  return [
    {
      method: 'POST',
      path: '/google/notifications',
      handler: async (req, res) => {
        req.resume();
        const channelId = header(req, 'x-goog-channel-id');
        const state = header(req, 'x-goog-resource-state');
        if (!channelId || !state) return sendJson(res, 400, { error: 'not_a_notification' });
        const outcome = await receive({ channelId, state, token: header(req, 'x-goog-channel-token') ?? '', resourceId: header(req, 'x-goog-resource-id') ?? '' });
        if (outcome === 'refused') log.warn({ channelId, state }, 'refused a Google notification: unknown channel or wrong token');
        sendJson(res, STATUS[outcome], { ok: outcome !== 'refused' });
      },
    },
  ];
}
