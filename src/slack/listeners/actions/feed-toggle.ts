import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.js';
import type { Actor } from '../../../core/clients/types.js';
import type { SlackDeps } from '../../deps.js';
import { UserFacingError } from '../../../core/errors.js';
import { sendDm } from '../../messaging/notifier.js';
import { errorMessage } from '../../views/errors.js';
import { feedOffText, feedOnText, feedRefusedText } from '../../views/feed-status.js';
import { logFailure } from '../../../shared/log-failure.js';

interface ToggleRequest {
  client: WebClient;
  log: Logger;
  deps: Pick<SlackDeps, 'clients' | 'feed'>;
  actor: Actor;
}

/**
 * "Change feed on/off" from a client's menu: off when it is on, else on with notices by DM to the
 * managers (`/calstack feed <client> on #channel` picks a channel). Told by DM: the Home tab's
 * menu has no response_url.
 */
export async function toggleFeedAndTell(req: ToggleRequest, pick: { id: string }): Promise<void> {
  const { deps, actor } = req;
  try {
    const client = await deps.clients.get(actor, pick.id);
    const current = (await deps.feed.status(actor)).find((s) => s.client.id === client.id)?.feed;
    if (current?.enabled) {
      await sendDm(req.client, actor.userId, { text: feedOffText(await deps.feed.turnOff(actor, client.slug)) });
      return;
    }
    const result = await deps.feed.turnOn(actor, client.slug, null);
    await sendDm(req.client, actor.userId, { text: result.ok ? feedOnText(result.client, result.feed, deps.feed.push, deps.feed.pollSeconds) : feedRefusedText(result.client, result.problem) });
  } catch (err) {
    if (!(err instanceof UserFacingError)) throw err;
    logFailure(req.log, err, 'change feed toggle refused');
    await sendDm(req.client, actor.userId, errorMessage(err));
  }
}
